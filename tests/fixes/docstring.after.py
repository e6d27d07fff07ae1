"""Decorators of the project.

The module has no import yet.
"""
import functools


def logged(func):
    # A comment that stays where it is.
    @functools.wraps(func)
    def wrapper(*args, **kwargs):  # and this one
        return func(*args, **kwargs)

    return wrapper
