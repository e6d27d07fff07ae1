"""WRP002: functools.wraps(...) as a bare statement does nothing."""
import functools
from functools import wraps


def discarded(func):
    functools.wraps(func)  # error: WRP002 col=5

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def discarded_from_import(func):
    def wrapper(*args, **kwargs):
        wraps(func)  # error: WRP002 col=9
        return func(*args, **kwargs)

    return wrapper


def applied_statement(func):
    # ``wraps(func)(wrapper)`` as a statement does copy (update_wrapper works in place).
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wraps(func)(wrapper)
    return wrapper


def not_functools(func):
    # A local function that happens to be called ``wrap`` is not functools.wraps.
    wrap(func)
    return func


def wrap(func):
    return func


def already_wrapped(func):
    # Dead beside the decorator that copies: reported as such, and never fixed by adding
    # a second decorator.
    functools.wraps(func)  # error: WRP002 col=5

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


class Skill:
    def launch(self, f):
        # Reported with "remove it" (flask-ask's ``Ask.launch``): the method registers
        # ``f`` and hands it back itself, so there is no wrapper to decorate.
        self.launch_view = f
        functools.wraps(f, self.view)  # error: WRP002 col=9
        return f

    def view(self):
        return self.launch_view()
