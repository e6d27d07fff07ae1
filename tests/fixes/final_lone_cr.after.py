"""The last line ends with a lone CR, the others with LF: LibCST would drop it."""
import functools


def deco(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper