"""A cached property that hands its getter to property(): the property shows the getter's
docstring, so wraps goes above the getter's def (sympy's cached_property)."""


def cached(func):
    attribute = "__" + func.__name__

    def getter(self):
        if not hasattr(self, attribute):
            setattr(self, attribute, func(self))
        return getattr(self, attribute)

    getter.__name__ = func.__name__
    return property(getter)


class Frame:
    @cached
    def dtypes(self):
        """The frame's types."""
        return [int, int]
