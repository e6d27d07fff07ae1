"""A cached property that hands its getter to property(): the property shows the getter's
docstring, so wraps goes above the getter's def (sympy's cached_property)."""
import functools


def cached(func):
    attribute = "__" + func.__name__

    @functools.wraps(func)
    def getter(self):
        if not hasattr(self, attribute):
            setattr(self, attribute, func(self))
        return getattr(self, attribute)

    return property(getter)


class Frame:
    @cached
    def dtypes(self):
        """The frame's types."""
        return [int, int]
