"""WRP003: @functools.wraps without arguments turns the wrapper into a partial object."""
import functools
from functools import wraps


def bare_attribute(func):
    @functools.wraps  # error: WRP003 col=6
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def bare_name(func):
    @wraps  # error: WRP003 col=6
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def called_empty_is_not_bare(func):
    # ``@wraps()`` fails loudly at import (missing argument): no need to report it.
    @wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def local_wraps(func):
    return func


class Local:
    @local_wraps
    def method(self):
        return self
