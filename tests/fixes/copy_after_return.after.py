"""A copy by hand after the return never runs: it is no copy, and the fix leaves it."""
import functools


def named(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper
    wrapper.__doc__ = func.__doc__
