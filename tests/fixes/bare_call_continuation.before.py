"""A bare wraps() call over several lines becomes a decorator laid out as it was."""
import functools


def aligned(func):
    # The second line stays under the bracket, which the @ moves one column right.
    functools.wraps(func,
                    assigned=("__name__", "__doc__"))
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def hanging(func):
    # A hanging indent keeps its columns.
    functools.wraps(
        func,
        updated=(),
    )
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


class Methods:
    def text(self, func):
        # A string's own lines are text: they stay as they are.
        functools.wraps(func, assigned=("__name__", """
__doc__""".strip()))
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        return wrapper
