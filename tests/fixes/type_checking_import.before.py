"""functools is bound for type checkers only."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import functools


def logged(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@logged
def answer():
    """The answer."""
    return 42
