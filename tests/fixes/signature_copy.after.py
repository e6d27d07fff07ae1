"""A signature copied by hand (cinder's require_context): the name and docstring are
still lost. wraps sets __wrapped__, through which inspect.signature finds the same
signature, so the fix is safe; it keeps the copy, the module's only use of inspect.
"""
import functools
import inspect


def require_context(f):
    """Decorator to require a request context as the first argument."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        if not args:
            raise TypeError("a context is required")
        return f(*args, **kwargs)
    wrapper.__signature__ = inspect.signature(f)
    return wrapper


def documented(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    wrapper.__signature__ = inspect.signature(f)
    return wrapper
