"""Comments that speak of their own line go with a removed copy; others stay.

Kept on a line of their own, ``# type: ignore`` or ``# pylint: disable`` would speak of
nothing, or of everything after them.
"""
import functools


def timer(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__name__ = func.__name__  # type: ignore[attr-defined]
    wrapper.__doc__ = func.__doc__  # pylint: disable=attribute-defined-outside-init
    return wrapper


def counted(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__name__ = func.__name__  # noqa: B010
    wrapper.__doc__ = func.__doc__  # the help text, for the docs
    return wrapper
