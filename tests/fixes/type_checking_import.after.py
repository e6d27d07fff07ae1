"""functools is bound for type checkers only."""
import functools as _functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
