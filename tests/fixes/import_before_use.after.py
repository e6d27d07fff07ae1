"""wraps is bound below the decorator but before anything calls it: the fix uses it."""

__all__ = ["logged"]


def logged(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


from functools import wraps


@logged
def answer():
    """The answer."""
    return 42
