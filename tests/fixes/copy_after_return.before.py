"""A copy by hand after the return never runs: it is no copy, and the fix leaves it."""


def named(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    wrapper.__name__ = func.__name__
    return wrapper
    wrapper.__doc__ = func.__doc__
