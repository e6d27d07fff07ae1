"""An ``import functools`` in the function, below where the fix writes: the name is local
there and unbound when the fix's line runs, so the fix imports functools under another
name (previously: refused, though check called it fixable)."""
import functools as _functools


def logged(func):
    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    import functools
    functools.lru_cache()(func)
    return wrapper


class memo:
    """Decorator that keeps a cached copy of the function."""

    def __init__(self, func):
        self.func = func
        import functools
        self.cached = functools.lru_cache()(func)

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)
