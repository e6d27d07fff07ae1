"""Comments that speak of their own line go with a removed copy; others stay.

Kept on a line of their own, ``# type: ignore`` or ``# pylint: disable`` would speak of
nothing, or of everything after them.
"""
import functools


def timer(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def counted(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    # the help text, for the docs
    return wrapper
