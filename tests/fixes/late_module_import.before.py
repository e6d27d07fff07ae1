"""functools is bound at the end, after @logged has run it: too late for the fix."""


def logged(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@logged
def answer():
    """The answer."""
    return 42


import functools
