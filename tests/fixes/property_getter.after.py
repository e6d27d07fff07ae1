"""A lazy property built by a decorator: wraps goes below @property, onto the getter the
property reads its docstring from (above it, the module would fail at import)."""
from functools import cached_property


def lazy_property(fn):
    """Decorator that makes a property lazy-evaluated."""
    attr_name = "_lazy_" + fn.__name__

    @property
    def _lazy_property(self):
        if not hasattr(self, attr_name):
            setattr(self, attr_name, fn(self))
        return getattr(self, attr_name)

    return _lazy_property


def logged_property(method):
    @cached_property
    # computed once
    def getter(self):
        return method(self)

    return getter


class Frame:
    @lazy_property
    def columns(self):
        """The frame's columns."""
        return ["a", "b"]

    @logged_property
    def index(self):
        """The frame's index."""
        return [0, 1]
