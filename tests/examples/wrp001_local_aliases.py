"""Closures that call the function through a local that holds it. ``inner =
cast(T, func)`` in the decorator (pydantic's serializers), ``bound = func.__get__(obj,
owner)`` in the closure (tigrbl's hooks) and a parameter that defaults to it (``def
view(request, action=action)``, django-orchestra's, from before closures could see their
enclosing scope) all hold the function itself: calling one calls it. Each was once
"calls no parameter" and so never judged; maintainers added ``functools.wraps`` to each.
"""

from typing import Callable, cast


def logged(func):
    """Decorator: print a line before each call."""
    inner = cast(Callable[..., int], func)

    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        print("calling")
        return inner(*args, **kwargs)

    return wrapper


def bound_to_model(model, hook):
    def hook_wrapper(*args, **kwargs):  # error: WRP001 col=5
        bound = hook.__get__(model, model)
        return bound(*args, **kwargs)

    return hook_wrapper


def traced(func):
    """Decorator: print each call."""

    def wrapper(*args, _func=func, **kwargs):  # error: WRP001 col=5
        print("calling", _func)
        return _func(*args, **kwargs)

    return wrapper


def bound_later(func):
    """Decorator: print a line before each call."""

    # Left silent: the local is bound after the def, where ``wraps(inner)`` could not
    # name it yet.
    def wrapper(*args, **kwargs):
        print("calling")
        return inner(*args, **kwargs)

    inner = cast(Callable[..., int], func)
    return wrapper


def rebound(func, other):
    """Decorator: print a line before each call."""
    inner = cast(Callable[..., int], func)
    if other:
        inner = other

    # Left silent: the local may hold another function.
    def wrapper(*args, **kwargs):
        print("calling")
        return inner(*args, **kwargs)

    return wrapper


def state(func):
    """Decorator: run the function as a state of the machine."""

    # Left silent (scapy's automaton states): the closure is given a name of its own
    # through a local that holds it, ``cast`` changing nothing at run time, which weighs
    # against a wrapper; nothing here applies ``state`` with ``@`` (scapy's own automata
    # do, and there it is reported).
    def _state_wrapper(self, *args, **kwargs):
        return func(self, *args, **kwargs)

    state_wrapper = cast(Callable[..., int], _state_wrapper)
    state_wrapper.__name__ = "%s_wrapper" % func.__name__
    return state_wrapper


def half_named(func):
    """Decorator: print a line before each call."""

    # A local that another value may replace is no longer known to be the closure: what
    # is set on it is not set on the closure.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        print("calling")
        return func(*args, **kwargs)

    shown = cast(Callable[..., int], wrapper)
    if not callable(func):
        shown = func
    shown.__name__ = "logged"
    return wrapper
