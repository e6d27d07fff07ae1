"""WRP006 on the shapes of classes whose maintainers added update_wrapper(self, ...):
a __call__ that hands on its named arguments, one that hands the function and its
arguments to a helper, a function parameter that may be left out; and what stays silent."""
import functools


class deferred:  # error: WRP006 col=1
    """A decorator for values computed when the schema is bound."""

    def __init__(self, wrapped):
        self.wrapped = wrapped

    def __call__(self, node, kw):
        return self.wrapped(node, kw)


class external:  # error: WRP006 col=1
    """Decorator that runs a blocking function in a thread."""

    def __init__(self, func):
        self._func = func
        self._log = make_log("external.%s" % self._func.__name__, id(self))

    def __call__(self, *args, **kwargs):
        return run_in_executor(self._func, *args, **kwargs)


class through_a_helper:  # error: WRP006 col=1
    """Decorator that makes a coroutine of the function first."""

    def __init__(self, func):
        self._func = func

    def __call__(self, *args, **kwargs):
        return as_coroutine(self._func)(*args, **kwargs)


class cache_readonly:  # error: WRP006 col=1
    def __init__(self, func=None, allow_setting=False):
        if func is not None:
            self.func = func
        self.allow_setting = allow_setting

    def __get__(self, obj, typ):
        if obj is None:
            return self
        value = obj.__dict__[self.func.__name__] = self.func(obj)
        return value


class RemoteFunction:  # error: WRP006 col=1
    # Needs a view besides the function: applied through the decorator remote(view) builds.
    def __init__(self, view, f, block=None):
        self.view = view
        self.func = f
        self.block = block

    def __call__(self, *args, **kwargs):
        return self.view.apply(self.func, *args, **kwargs)


def remote(view, block=None):
    def remote_function(f):
        return RemoteFunction(view, f, block=block)

    return remote_function


class Job:
    # Built from a queue and a function by a function that is no decorator: it takes both.
    def __init__(self, queue, func):
        self.queue = queue
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


def enqueue(queue, func):
    return Job(queue, func)


class vectorize:  # error: WRP006 col=1
    # Named as a function, as decorator classes are: that tips *args alone over.
    def __init__(self, pyfunc):
        self.pyfunc = pyfunc

    def __call__(self, *args):
        return self.pyfunc(*args)


class Vectorized:
    # The same class named as a class: an object that holds a function, as likely as not.
    def __init__(self, pyfunc):
        self.pyfunc = pyfunc

    def __call__(self, *args):
        return self.pyfunc(*args)


class EventHandler:
    # The arguments of an event, handed on: a handler, not shown to be a decorator.
    def __init__(self, callback):
        self.callback = callback

    def __call__(self, event):
        return self.callback(event)


class KeyTransformFactory:
    # Builds an object from a value and the arguments: no function is stood in for.
    def __init__(self, key_name):
        self.key_name = key_name

    def __call__(self, *args, **kwargs):
        return KeyTransform(self.key_name, *args, **kwargs)


class LazyImport:
    """Function wrapper that imports the function when called."""

    # A helper makes a function of the stored path: the class stands in for no function.
    def __init__(self, function_path):
        self.function_path = function_path

    def __call__(self, *args, **kwargs):
        return import_term(self.function_path)(*args, **kwargs)


class Ticker:
    """Decorator-like timer: calls the function with nothing of its own."""

    def __init__(self, func):
        self.func = func

    def __call__(self, signum, frame):
        return self.func()


class deprecated_property:
    def __init__(self, fget=None, doc=None):
        self.fget = fget
        self.__name__, self.__module__, self.__doc__ = fget.__name__, fget.__module__, doc

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return self.fget(obj)


class Logged:
    def __init__(self, func):
        self.func = func
        functools.update_wrapper(self, func)
        self.log = make_log(self.func.__name__, id(self))

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


def make_log(name, ident):
    return (name, ident)


def run_in_executor(func, *args, **kwargs):
    return func(*args, **kwargs)


def as_coroutine(func):
    return func


def import_term(path):
    return path


class KeyTransform:
    def __init__(self, key_name, *args, **kwargs):
        self.key_name = key_name


class UsesCacheReadonly:
    # Applied with ``@``: a descriptor alone is no evidence of a decorator.
    @cache_readonly
    def value(self):
        """The value."""
        return 1
