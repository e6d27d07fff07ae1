"""WRP006 on descriptors used as decorators (``cached_property``, ``reify``): an instance
takes the method's place in its class, and ``help()`` shows the descriptor's docstring."""
import functools


class reify:  # error: WRP006 col=1
    def __init__(self, wrapped):
        self.wrapped = wrapped

    def __get__(self, inst, objtype=None):
        if inst is None:
            return self
        value = self.wrapped(inst)
        setattr(inst, self.wrapped.__name__, value)
        return value


class cached_property:  # error: WRP006 col=1
    def __init__(self, func):
        self.func = func

    def __get__(self, obj, cls):
        if obj is None:
            return self
        value = obj.__dict__[self.func.__name__] = self.func(obj)
        return value


class classproperty:
    # Called with the owner class and never with the instance: read on the class or on an
    # instance, the attribute is the value; help(), pydoc and Sphinx never reach the
    # descriptor, so no metadata it lacks is read (labelled NOT or harmless 20 times in 21).
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, obj, owner):
        return self.fget(owner)


class DefaultInstanceProperty:
    # Read on the class, it computes the value on an instance made of the class (meltano):
    # a class property too, never the descriptor.
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, instance, owner):
        if instance is None:
            instance = owner()
        return self.fget(instance)


class OwnInstanceOrSelf:  # error: WRP006 col=1
    # Read on the class, it is the descriptor itself (what help() and Sphinx read).
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return self.fget(instance)


class hybridproperty:  # error: WRP006 col=1
    # Called with the instance on one side: an instance attribute of its own.
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, obj, owner):
        if obj is None:
            return self.fget(owner)
        return self.fget(obj)


class SlottedProperty:  # error: WRP006 col=1
    # Reported without a fix: update_wrapper needs an instance ``__dict__``.
    __slots__ = ("func",)

    def __init__(self, func):
        self.func = func

    def __get__(self, obj, cls):
        return self.func(obj)


class CopiesTheDocstring:
    # The standard library's ``functools.cached_property``: the docstring is copied.
    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = func.__doc__
        self.__module__ = func.__module__

    def __get__(self, instance, owner=None):
        return self.func(instance)


class UpdatesWrapper:
    # Pyramid's ``reify``.
    def __init__(self, wrapped):
        self.wrapped = wrapped
        functools.update_wrapper(self, wrapped)

    def __get__(self, inst, objtype=None):
        return self.wrapped(inst)


class UpdatesFromTheStoredFunction:
    def __init__(self, wrapped):
        self.wrapped = wrapped
        functools.update_wrapper(self, self.wrapped)

    def __get__(self, inst, objtype=None):
        return self.wrapped(inst)


class LazyProperty(property):
    # ``property.__init__`` copies the docstring of its getter.
    def __init__(self, fget):
        super().__init__(fget)
        self.fget_ = fget

    def __get__(self, obj, cls=None):
        return self.fget_(obj)


class Field:
    # A plain data descriptor: it stores a name, not a function it calls.
    def __init__(self, name):
        self.name = name

    def __get__(self, obj, cls=None):
        return obj.__dict__.get(self.name)


class BoundMethod:
    # Binds the function to the instance instead of calling it: a method, not a property.
    def __init__(self, func):
        self.func = func

    def __get__(self, obj, cls=None):
        return functools.partial(self.func, obj)


class DocumentedProperty:
    # Its own docstring slot: the class manages ``__doc__`` itself.
    __slots__ = ("func", "__doc__")

    def __init__(self, func):
        self.func = func

    def __get__(self, obj, cls=None):
        return self.func(obj)


class CopiesWhenNamed:
    # The copy is made once the descriptor knows its name.
    def __init__(self, func):
        self.func = func

    def __set_name__(self, owner, name):
        functools.update_wrapper(self, self.func)

    def __get__(self, obj, cls=None):
        return self.func(obj)


class _MethodDescriptor:
    # Calls what it stores with the instance and itself: a builder, not the method
    # (cachetools, whose caller copies the method's metadata onto the descriptor).
    def __init__(self, wrapper):
        self.__wrapper = wrapper

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return self.__wrapper(obj, self)


class _InstanceAnnotations(dict):
    """Descriptor for an ``__annotations__`` computed by ``fget`` on instances."""

    # A dict as well: a value with a protocol of its own, not a decorator (toolz).
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, obj, type=None):
        return self if obj is None else self.fget(obj)


class memoized_property(dict):  # error: WRP006 col=1
    # Applied below: a decorator whatever its base class.
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, obj, type=None):
        return self if obj is None else self.fget(obj)


class Uses:
    @memoized_property
    def total(self):
        """The total."""
        return 1


class UsesTheOthers:
    # Applied with ``@``: a descriptor alone is no evidence of a decorator.
    @cached_property
    def first(self):
        """The first."""
        return 1

    @classproperty
    def second(cls):
        """The second."""
        return 2

    @hybridproperty
    def fourth(self):
        """The fourth."""
        return 4

    @DefaultInstanceProperty
    def fifth(self):
        """The fifth."""
        return 5

    @OwnInstanceOrSelf
    def sixth(self):
        """The sixth."""
        return 6

    @SlottedProperty
    def third(self):
        """The third."""
        return 3


# Applied here: the examples are a project of their own (their pyproject.toml).
class Page:
    @reify
    def title(self):
        """The page's title, computed once."""
        return "title"
