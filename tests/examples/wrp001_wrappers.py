"""WRP001: functions that return a wrapper without copying the wrapped function's metadata.

Each offending line carries a marker: ``# error: CODE col=N`` (N as flake8 prints it).
"""
import asyncio
import functools


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def outer():
    # A decorator nested in another function is still a decorator.
    def logged(func):
        def inner(*args):  # error: WRP001 col=9
            print("calling")
            return func(*args)

        return inner

    return logged(print)


class Decorators:
    def method(self, func):
        # ``self`` is the method's own; ``func`` is what it wraps.
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **kwargs)

        return wrapper

    @staticmethod
    def static(func):
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **kwargs)

        return wrapper

    def __call__(self, func):
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **kwargs)

        return wrapper


def asynchronous(func):
    async def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return await func(*args, **kwargs)

    return wrapper


async def async_decorator(func):
    async def wrapper(*args, **kwargs):  # error: WRP001 col=5
        await asyncio.sleep(0)
        return await func(*args, **kwargs)

    return wrapper


def generator(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        yield from func(*args, **kwargs)

    return wrapper


def retry(times):
    # Each level of a factory is checked; only the innermost wraps ``func``.
    def decorator(func):
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            for _ in range(times):
                try:
                    return func(*args, **kwargs)
                except OSError:
                    pass
            return func(*args, **kwargs)

        return wrapper

    return decorator


def deep(a):
    def level_two(b):
        def level_three(func):
            def wrapper(*args):  # error: WRP001 col=13
                return func(*args)

            return wrapper

        return level_three

    return level_two


def conditional(func, debug=False):
    def wrapper(*args):  # error: WRP001 col=5
        return func(*args)

    return wrapper if debug else func


def aliased(func):
    def wrapper(*args):  # error: WRP001 col=5
        return func(*args)

    inner = wrapper
    return inner


def in_blocks(func):
    # Wrappers defined in branches, loops, ``with`` and ``try`` are found on each path.
    if func is None:
        return None
    try:
        def attempt(*args):  # error: WRP001 col=9
            return func(*args)
    except NameError:
        raise
    with open(__file__):
        pass
    for _ in range(1):
        def looped(*args):  # error: WRP001 col=9
            return func(*args)
    if callable(func):
        return attempt
    return looped


def two_paths(func, fast=True):
    if fast:
        def quick(*args):  # error: WRP001 col=9
            return func(*args)

        return quick
    else:
        def slow(*args):  # error: WRP001 col=9
            return func(*args)

        return slow


def some_arguments(view):
    # Passing some of the wrapper's own arguments on is standing in too; with two names
    # and nothing else, a possible wrapper.
    def wrapper(request, *args, **kwargs):  # error: WRP007 col=5
        if request is None:
            raise ValueError("no request")
        return view(request)

    return wrapper


def method_decorator(func):
    def wrapper(self, value):  # error: WRP001 col=5
        parsed = int(value)
        return func(self, parsed)

    return wrapper


def no_arguments(func):
    # ``run`` takes nothing and passes nothing on: it stands in for ``func()``.
    def run():  # error: WRP007 col=5
        return func()

    return run


def name_only(func):
    # Copying only the name by hand still loses the docstring, qualname and signature.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    wrapper.__name__ = func.__name__
    return wrapper


def unrelated_wrapper_decorator(func):
    # A decorator on the wrapper that does not get ``func`` copies nothing from it.
    @functools.lru_cache(maxsize=None)
    def wrapper(*args):  # error: WRP001 col=5
        return func(*args)

    return wrapper


def keyword_only(*, func):
    def wrapper(*args):  # error: WRP001 col=5
        return func(*args)

    return wrapper


def noqa_is_honoured(func):
    def wrapper(*args):  # noqa: WRP001
        return func(*args)

    return wrapper


def infer_discrete(fn, first_available_dim=None, temperature=1):
    # numpyro's infer_discrete: settings handed to a helper after the function are no
    # functions it calls (else "calls several parameters" would exclude it).
    def wrap_fn(*args, **kwargs):  # error: WRP001 col=5
        samples = _sample_posterior(fn, first_available_dim, temperature, *args, **kwargs)
        with substitute(data=samples):
            return fn(*args, **kwargs)

    return wrap_fn


def _sample_posterior(fn, first_available_dim, temperature, *args, **kwargs):
    return fn(*args, **kwargs)


def substitute(data):
    return data


def with_defaults(**defaults):
    # Defaults from the factory beside the closure's own '**kwargs': every argument is
    # still handed on, so it stands in for the function.
    def decorate(func):
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **{**defaults, **kwargs})

        return wrapper

    return decorate


def with_local_options(func):
    # '**options' is the closure's own name, bound in its body: nothing fixed is injected.
    def wrapper(request):  # error: WRP001 col=5
        options = {"timeout": 3}
        return func(request, **options)

    return wrapper


@with_local_options
def fetch(request, timeout=None):
    return request, timeout


def skip_empty(func):
    # MDAnalysis' return_empty_on_apply: applied in a metaclass, to the attribute it
    # replaces ('cls.apply = skip_empty(cls.apply)').
    def apply(self, group):  # error: WRP001 col=5
        if not group:
            return group
        return func(self, group)

    return apply


class SelectionMeta(type):
    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        cls.apply = skip_empty(cls.apply)


def _setattr_wrapper(setattr_, expected_keys):
    # tensordict's (a maintainers' fix): applied inside a function to the attribute it
    # replaces, with a setting after it ('cls.__setattr__ = _setattr_wrapper(cls.__setattr__,
    # keys)').
    def wrapper(self, key, value):  # error: WRP001 col=5
        if key not in expected_keys:
            raise AttributeError(key)
        return setattr_(self, key, value)

    return wrapper


def tensorclass(cls):
    cls.__setattr__ = _setattr_wrapper(cls.__setattr__, set(cls.__annotations__))
    return cls


class Engine:
    @staticmethod
    def _handler_wrapper(handler, event_name, event_filter):
        # ignite's: a check decides whether the handler runs; the handler is given
        # everything the closure takes.
        def wrapper(engine, *args, **kwargs):  # error: WRP001 col=9
            event = engine.state.get(event_name)
            if event_filter(engine, event):
                return handler(engine, *args, **kwargs)

        return wrapper


TRACING = False


def trace_when_asked(func):
    # The early return is taken only sometimes: the wrapper is returned otherwise.
    if not TRACING:
        return func

    def dec(*args, **kwargs):  # error: WRP001 col=5
        print("calling", args)
        return func(*args, **kwargs)

    return dec
