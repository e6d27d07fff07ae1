"""functools is bound on some versions only."""
import functools as _functools
import sys

if sys.version_info >= (3, 9):
    import functools


def logged(func):
    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@logged
def answer():
    """The answer."""
    return 42
