"""WRP006: class-based decorators that do not copy the decorated function's metadata."""
import functools


class CountCalls:  # error: WRP006 col=1
    def __init__(self, func):
        self.func = func
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)


@functools.total_ordering
class Decorated:  # error: WRP006 col=1
    def __init__(self, function, label=None):
        self.function = function
        self.label = label

    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)

    def __lt__(self, other):
        return False


class Copies:
    def __init__(self, func):
        self.func = func
        functools.update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class CopiesWithWraps:
    def __init__(self, func):
        functools.wraps(func)(self)
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class Base:
    def __init__(self, func):
        functools.update_wrapper(self, func)


class Derived(Base):
    # The base class copies, through super().__init__(func).
    def __init__(self, func):
        super().__init__(func)
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class Handler:
    # A fixed signature: a protocol of its own (a signal handler), not a decorator.
    def __init__(self, default_handler):
        self.default_handler = default_handler

    def __call__(self, signum, frame):
        return self.default_handler(signum, frame)


class CallWrapper:
    # Three required arguments: ``@CallWrapper`` could never be written.
    def __init__(self, func, subst, widget):
        self.func = func
        self.subst = subst
        self.widget = widget

    def __call__(self, *args):
        return self.func(*args)


class run_later:
    # Keeps the other arguments it is built with and hands them to the function, as
    # functools.partial does (schedula's ``run_model``): code builds it with them, and
    # ``@run_later`` would give it none.
    def __init__(self, func, *args, **kwargs):
        self.func = func
        self.args = args
        self.kwargs = kwargs

    def __call__(self, **kwargs):
        return self.func(*self.args, **self.kwargs, **kwargs)


class retrying:  # error: WRP006 col=1
    # Options read by the class itself, never handed to the function: no partial.
    def __init__(self, func, **options):
        self.func = func
        self.tries = options.get("tries", 3)

    def __call__(self, *args, **kwargs):
        for _ in range(self.tries - 1):
            try:
                return self.func(*args, **kwargs)
            except OSError:
                pass
        return self.func(*args, **kwargs)


class ScoreFunc:  # error: WRP006 col=1
    # Built by code with its settings, but ``__init__`` copies the function's name by hand:
    # it stands in for the function (pycaret's score functions, read by scikit-learn).
    def __init__(self, score_func, labels):
        self.score_func = score_func
        self.labels = labels
        self.__name__ = score_func.__name__

    def __call__(self, y_true, y_pred, **kwargs):
        return self.score_func(y_true, y_pred, **kwargs)


class PresetScoreFunc:  # error: WRP006 col=1
    # The same, adding preset keywords before it hands its arguments on.
    def __init__(self, score_func, presets):
        self.score_func = score_func
        self.presets = presets
        self.__name__ = score_func.__name__

    def __call__(self, y_true, y_pred, **kwargs):
        kwargs = {**kwargs, **self.presets}
        return self.score_func(y_true, y_pred, **kwargs)


class Validate:
    # Applied, but it drops its **kwargs: a validator with a protocol of its own.
    def __init__(self, value):
        self._value = value

    def __call__(self, data, context, **kwargs):
        if not self._value(data, context):
            raise ValueError(kwargs["name"])
        return data


@Validate
def positive(data, context):
    return data > 0


class NamedAfterItself:
    # A name of its own is no copy: built by code with its settings, it stays silent.
    def __init__(self, func, subst):
        self.func = func
        self.subst = subst
        self.__name__ = "named_after_itself"

    def __call__(self, *args):
        return self.func(*args)


class Delegating:
    # ``__getattr__`` hands attribute lookups (``__name__``, ``__doc__``) to the function.
    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.func, name)


class Traced:  # error: WRP006 col=1
    # Only ``*args`` is passed on, but the class is used as a decorator in this file.
    def __init__(self, func):
        self.func = func

    def __call__(self, *args):
        return self.func(*args)


@Traced
def traced_function(value):
    return value


class CallableDefaultdict(dict):
    # Previously a false positive: a dict subclass that is also callable (celery).
    def __init__(self, fun, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fun = fun

    def __call__(self, *args, **kwargs):
        return self.fun(*args, **kwargs)


class ScopedSession:
    # Previously a false positive: a factory proxy that passes keywords only (sqlalchemy).
    def __init__(self, session_factory, scopefunc=None):
        self.session_factory = session_factory

    def __call__(self, **kw):
        return self.session_factory(**kw)


class NotifyingRequestFactory:
    # Previously a false positive (twisted): it wraps a factory class, not a function.
    def __init__(self, wrappedFactory):
        self._wrappedFactory = wrappedFactory

    def __call__(self, *args, **kwargs):
        return self._wrappedFactory(*args, **kwargs)


class Factory:
    # ``__init__`` keeps a setting; ``__call__`` gets the function: not WRP006.
    def __init__(self, path):
        self.path = path

    def __call__(self, func):
        return func


class ManagesWrapped:
    # Previously a false positive whose fix broke the module: ``__wrapped__`` is a
    # property without a setter, so update_wrapper(self, func) raises AttributeError.
    def __init__(self, func):
        self._func = func

    @property
    def __wrapped__(self):
        return self._func

    def __call__(self, *args, **kwargs):
        return self._func(*args, **kwargs)


class SlotsForMetadata:
    # The metadata attributes are slots of its own: it manages them on purpose.
    __slots__ = ("func", "__name__", "__doc__")

    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class FuncWrapper:
    """Load the global configuration before calling the function."""

    # Previously a false positive: update_wrapper copies from the attribute that stores
    # the function, not from the parameter (sklearn's ``_FuncWrapper``).
    def __init__(self, function):
        self.function = function
        functools.update_wrapper(self, self.function)

    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)


class Task:
    # Previously a false positive: ``__name__`` and ``__doc__`` are set by hand from the
    # function (invoke's ``Task`` also calls update_wrapper(self, self.body)).
    def __init__(self, body, name=None):
        self.body = body
        self.__doc__ = getattr(body, "__doc__", "")
        self.__name__ = getattr(body, "__name__", "")
        self.__module__ = getattr(body, "__module__", "")

    def __call__(self, *args, **kwargs):
        return self.body(*args, **kwargs)


class DocumentedOnly:  # error: WRP006 col=1
    # Copies ``__doc__`` only: the message names what is lost.
    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class cached_call:  # error: WRP006 col=1
    # Copies ``__name__`` and ``__doc__`` by hand (dedalus' ``CachedFunction``): the
    # qualified name, the module and ``__wrapped__`` are still lost. Only a class that
    # also sets ``__module__`` (as ``Task`` above) is left to its copy.
    def __init__(self, function):
        self.function = function
        self.__name__ = function.__name__
        self.__doc__ = function.__doc__
        self.cache = {}

    def __call__(self, *args):
        if args not in self.cache:
            self.cache[args] = self.function(*args)
        return self.cache[args]


class cached_attribute:
    # A cached property that passes calls through too (dedalus' ``CachedAttribute``):
    # an instance reads the value, and help() shows the docstring set by hand.
    def __init__(self, method):
        self.method = method
        self.__name__ = method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, instance, owner):
        if instance is None:
            return self
        value = self.method(instance)
        setattr(instance, self.__name__, value)
        return value

    def __call__(self, *args, **kwargs):
        return self.method(*args, **kwargs)


class handler_stack:
    # Signal handlers with a fallback (pioreactor's ``callable_stack``): built without a
    # function, it runs a lambda. What a decorator is given has no such default.
    def __init__(self, fallback=lambda *args: None):
        self.fallback = fallback
        self.handlers = []

    def __call__(self, *args):
        if not self.handlers:
            return self.fallback(*args)
        for handler in reversed(self.handlers):
            handler(*args)


class PickleCallableByPath:
    """Wrap a callable object to make it picklable by path.

    Do not use this as a decorator.
    """

    # Previously a false positive: the docstring says it is no decorator (numba).
    def __init__(self, fn):
        self._fn = fn

    def __call__(self, *args, **kwargs):
        return self._fn(*args, **kwargs)


class LoggedCalls(dict):  # error: WRP006 col=1
    """Decorator that logs each call of the function."""

    # Previously missed: not applied here and a base class of its own, but the docstring
    # says what it is.
    def __init__(self, func):
        super().__init__()
        self.func = func

    def __call__(self, *args):
        return self.func(*args)


class Timed:
    """Decorator factory: ``@Timed("label")``."""

    # ``__call__`` returns the wrapper: WRP001 reports the closure, WRP006 has nothing to say.
    def __init__(self, label):
        self.label = label

    def __call__(self, func):
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **kwargs)

        return wrapper


class CopiesInAHelper:
    # Previously a false positive: the copy is in a method that ``__init__`` calls.
    def __init__(self, func):
        self.func = func
        self._setup()

    def _setup(self):
        functools.update_wrapper(self, self.func)

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class CopiesOntoSomethingElse:  # error: WRP006 col=1
    # The static helper's first parameter is no instance: nothing is copied onto self.
    def __init__(self, func):
        self.func = func

    @staticmethod
    def wrap(inner, func):
        return functools.update_wrapper(inner, func)

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


# Applied with ``@``, as decorators are: without it, a class that only forwards its
# arguments has too little evidence of being a decorator (see docs/rules/WRP006.md).
@Decorated
def decorated():
    """Decorated."""


@DocumentedOnly
def documented():
    """Documented."""


@CopiesOntoSomethingElse
def copied():
    """Copied."""


class RequireLoginMiddleware:
    """Middleware that applies the login_required decorator to matching URL patterns
    (weblate): it names another decorator, it is none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


class Slotted:  # error: WRP006 col=1
    """Decorator that counts calls; its __slots__ leave update_wrapper no room."""

    __slots__ = ("func", "calls")

    def __init__(self, func):
        self.func = func
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)


class slotted_cached:  # error: WRP006 col=1
    """A cached attribute (pygfx's ``cached``) with no room for update_wrapper either."""

    __slots__ = ("compute", "name")

    def __init__(self, compute):
        self.compute = compute
        self.name = "_cache_" + compute.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self.compute(instance)
        setattr(instance, self.name, value)
        return value


class Box:
    @slotted_cached
    def area(self):
        """Width times height."""
        return 6


class CopiedInNew:
    """Function decorator (nox's Func): __new__ copies the metadata onto the instance it
    makes and returns."""

    def __new__(cls, func, *args, **kwargs):
        instance = super().__new__(cls)
        functools.update_wrapper(instance, func)
        return instance

    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class CopiedOntoAnotherInNew:  # error: WRP006 col=1
    """Function decorator whose __new__ copies onto something it does not return."""

    def __new__(cls, func, *args, **kwargs):
        instance = super().__new__(cls)
        functools.update_wrapper(cls.template, func)
        return instance

    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class CheckedCall:  # error: WRP006 col=1
    # type_enforced's FunctionMethodEnforcer: __call__ hands its arguments to a method of
    # its own, which checks them and calls the function with them.
    def __init__(self, func):
        self.__doc__ = func.__doc__
        self.func = func

    def __call__(self, *args, **kwargs):
        return self._checked(*args, **kwargs)

    def _checked(self, *args, **kwargs):
        if not args and not kwargs:
            raise TypeError("nothing to check")
        return self.func(*args, **kwargs)


class DispatchingHandler:
    # __call__ hands its arguments to a method of its own that gives the function none
    # of them: a handler with a protocol of its own, as ``Handler`` above.
    def __init__(self, callback):
        self.callback = callback
        self.events = []

    def __call__(self, *args, **kwargs):
        return self._dispatch(*args, **kwargs)

    def _dispatch(self, *args, **kwargs):
        self.events.append((args, kwargs))
        return self.callback()


# Applied here: the examples are a project of their own (their pyproject.toml).
@CountCalls
def greet(name):
    """Say hello."""
    return f"hello {name}"


def run_remotely(func):
    # ecoscope-workflows' executor: the function that builds the instance copies the
    # metadata onto it at once, so whoever calls it gets the function's name and docstring.
    class remote_call:
        def __init__(self, func):
            self.func = func

        def __call__(self, *args, **kwargs):
            return self.func(*args, **kwargs)

    call = remote_call(func)
    functools.update_wrapper(call, func)
    return call


def run_remotely_without_a_copy(func):
    class remote_run:  # error: WRP006 col=5
        def __init__(self, func):
            self.func = func

        def __call__(self, *args, **kwargs):
            return self.func(*args, **kwargs)

    call = remote_run(func)
    return call


def traced_remotely(func):
    # Two decorators of one module each define a local ``Runner``: that this one's
    # builder copies the metadata says nothing of the other's.
    class Runner:
        def __init__(self, func):
            self.func = func

        def __call__(self, *args, **kwargs):
            return self.func(*args, **kwargs)

    runner = Runner(func)
    functools.update_wrapper(runner, func)
    return runner


def timed_remotely(func):
    class Runner:  # error: WRP006 col=5
        def __init__(self, func):
            self.func = func

        def __call__(self, *args, **kwargs):
            return self.func(*args, **kwargs)

    return Runner(func)


@traced_remotely
def fetch_remotely(url):
    """Fetch the page at ``url``."""


@timed_remotely
def render_remotely(page):
    """Render ``page``."""
