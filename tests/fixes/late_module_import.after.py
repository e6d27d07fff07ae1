"""functools is bound at the end, after @logged has run it: too late for the fix."""
import functools as _functools


def logged(func):
    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@logged
def answer():
    """The answer."""
    return 42


import functools
