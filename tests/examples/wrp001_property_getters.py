"""WRP001 on a getter: a decorator that returns a closure under ``@property`` (or
``@cached_property``) that calls the decorated method with the instance. The property
shows its getter's docstring, so without ``functools.wraps`` the method's docstring is
gone from ``help()`` and the API docs (koalas' ``lazy_property``, given
``@functools.wraps(fn)`` under ``@property`` by its maintainers; micropy-cli's, the same),
or returns it as ``property(getter)`` (sympy's ``cached_property``) or as
``property(getter, setter)`` without a docstring of its own.
The fix goes below ``@property``: above it, wraps would copy onto the property object,
which takes no ``__module__``, and the module would fail at import.
"""
import functools
from functools import cached_property


def lazy_property(fn):
    """Decorator that makes a property lazy-evaluated."""
    attr_name = "_lazy_" + fn.__name__

    @property
    def _lazy_property(self):  # error: WRP001 col=5
        if not hasattr(self, attr_name):
            setattr(self, attr_name, fn(self))
        return getattr(self, attr_name)

    return _lazy_property


def logged_property(method):
    @cached_property
    def getter(self):  # error: WRP001 col=5
        print("computing", method.__name__)
        return method(self)

    return getter


def wrapped_property(fn):
    @property
    @functools.wraps(fn)
    def getter(self):
        return fn(self)

    return getter


def cached(func):
    """Decorator to cache a property (sympy's cached_property: property(getter))."""
    attribute = "__" + func.__name__

    def getter(self):  # error: WRP001 col=5
        if not hasattr(self, attribute):
            setattr(self, attribute, func(self))
        return getattr(self, attribute)

    return property(getter)


def settable(func):
    # A property of a getter and a setter shows the getter's docstring too (disco's
    # ``simple_cached_property``: ``property(_getattr, _setattr, _delattr)``).
    def getter(self):  # error: WRP001 col=5
        return func(self)

    def setter(self, value):
        self.value = value

    return property(getter, setter)


def documented_settable(func):
    # Not followed: the property is given its own docstring.
    def getter(self):
        return func(self)

    def setter(self, value):
        self.value = value

    return property(getter, setter, None, "A value that can be set.")


def header_property(parse):
    # Not reported: 'parse' converts a stored value, it is no method being replaced.
    @property
    def getter(self):
        return parse(self._headers["date"])

    return getter


def field(name):
    # Not reported: the getter calls no parameter.
    @property
    def getter(self):
        return self._fields[name]

    return getter


class Frame:
    date = header_property(str)
    size = field("size")

    def __init__(self):
        self._headers = {"date": "today"}
        self._fields = {"size": 2}

    @lazy_property
    def columns(self):
        """The frame's columns."""
        return ["a", "b"]

    @logged_property
    def index(self):
        """The frame's index."""
        return [0, 1]

    @cached
    def dtypes(self):
        """The frame's types."""
        return [int, int]

    @settable
    def name(self):
        """The frame's name."""
        return "frame"

    @wrapped_property
    def shape(self):
        """The frame's shape."""
        return (2, 2)
