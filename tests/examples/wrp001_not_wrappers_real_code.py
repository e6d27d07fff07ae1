"""Closures that call a parameter but are not wrappers of it, as found in real libraries.

Each was reported before and is kept here so it stays silent.
"""
import inspect
from typing import Any, Callable

EMPTY = object()


def v1_to_v2(validator):
    # Previously a false positive (pydantic): a new signature on purpose; ``_`` is unused.
    def _wrapper1(values, _):
        return validator(values)

    return _wrapper1


def legacy_adapter(fn, argspec):
    # Previously a false positive (sqlalchemy): built to fit a given signature.
    def wrap_leg(*args, **kw):
        return fn(*args, **kw)

    return wrap_leg


def fit_signature(fn):
    # Previously a false positive: the enclosing function reads the signature first.
    names = list(inspect.signature(fn).parameters)

    def adapted(*args):
        return fn(*args[: len(names)])

    return adapted


def unpack_tuple(func):
    # Previously a false positive (sympy): a tuple argument becomes the arguments.
    def run(args):
        return func(*args)

    return run


def double_to_single(application):
    # Previously a false positive (asgiref): the result is itself called.
    async def new_application(scope, receive, send):
        instance = application(scope)
        return await instance(receive, send)

    return new_application


def wrap_app_handling_exceptions(app, conn):
    # Previously a false positive (starlette): ASGI middleware around an application.
    async def wrapped_app(scope, receive, send):
        await app(scope, receive, send)

    return wrapped_app


def actor(fn=None, *, actor_class=None):
    # Previously a false positive (dramatiq): the closure is the decorator; it reads the
    # decorated function's name and builds an object from a class.
    def decorator(fn):
        return actor_class(fn, actor_name=fn.__name__)

    return decorator


def wrap_record(type):
    # Previously a false positive (twisted): ``type`` is a class that builds records.
    def wrap_record_function(name, *args, **kwargs):
        return (name.lower(), type(*args, **kwargs))

    return wrap_record_function


def firstmethod(method, on_call=None):
    # Previously a false positive (celery): an optional hook, tested before it is called.
    def _matcher(it, *args):
        for obj in it:
            meth = getattr(obj, method)
            return on_call(meth, *args) if on_call else meth(*args)

    return _matcher


def switch(key, ruledict):
    # Previously a false positive (sympy): a key function picks a rule.
    def switch_rl(expr):
        rule = ruledict.get(key(expr), None)
        return rule(expr)

    return switch_rl


def exhaust(rule):
    # Previously a false positive (sympy): the rule applied to its own result.
    def exhaustive_rl(expr):
        new, old = rule(expr), expr
        while new != old:
            new, old = rule(new), new
        return new

    return exhaustive_rl


def steffensen(f):
    # Previously a false positive (mpmath): a combinator computing with the results.
    def accelerated(x):
        fx = f(x)
        ffx = f(fx)
        return (x * ffx - fx**2) / (ffx - 2 * fx + x)

    return accelerated


def yieldify(rl):
    # Previously a false positive (sympy): a function turned into a generator.
    def brl(expr):
        yield rl(expr)

    return brl


def torewrite(fro, to):
    # Previously a false positive (sympy): the result is transformed by a method.
    def tofunc(nu, z):
        return fro(nu, z).rewrite(to)

    return tofunc


class Handlers:
    def _ui_method(self, method):
        # Previously a false positive (tornado): binds a method to this instance.
        return lambda *args, **kwargs: method(self, *args, **kwargs)


def new_method_proxy(func):
    # Previously a false positive (django): a proxy method forwarding to a held object.
    def inner(self, *args):
        if (_wrapped := self._wrapped) is EMPTY:
            self._setup()
            _wrapped = self._wrapped
        return func(_wrapped, *args)

    return inner


class LazyObject:
    # Applied with @ to a method too, whose 'self' is then the held object: still a proxy,
    # not a decorator given a method.
    __add__ = new_method_proxy(operator.add)

    @new_method_proxy
    def __radd__(self, other):
        return other + self


def attribute_proxy(func):
    def inner(self, *args):
        return func(self._wrapped, *args)

    return inner


def middleware_chain(middleware, next_handler):
    # Previously a false positive (aiohttp): partial application of another parameter.
    async def handler(request):
        return await middleware(request, next_handler)

    return handler


def documented_closure(func):
    # A closure with a docstring of its own is documented as itself, on purpose.
    def helper(*args):
        """Run the function with logging."""
        return func(*args)

    return helper


def make_looper(func):
    # Previously a false positive (pandas): compiled by numba, not a plain function.
    @numba.jit
    def column_looper(values, *args):
        return func(values, *args)

    return column_looper


def optional(converter):
    # Previously a false positive (attrs): the metadata is set by hand, on purpose.
    def optional_converter(val):
        if val is None:
            return None
        return converter(val)

    optional_converter.__annotations__["return"] = None
    return optional_converter


def _rename(fn):
    fn.__name__ = "renamed by the collection"


def append(fn):
    # Previously a false positive (sqlalchemy): a helper of this module names the closure.
    def append(self, item):
        fn(self, item)

    _rename(append)
    return append


class Fixtures:
    @pytest.fixture
    def testing_engine_factory(self, testing_engine):
        # Previously a false positive (sqlalchemy): a fixture that returns a helper.
        def go(**kw):
            return testing_engine(**kw)

        return go


class Middleware:
    def make_middleware(self, func):
        def application(*args):
            return func(*args)

        return application

    def middleware(self, func):
        # Previously a false positive (werkzeug): the caller copies the metadata.
        return update_wrapper(self.make_middleware(func), func)


def make_validator(validator, mode):
    return lambda value, info: validator(value, info)


def wrap_validator(validator, mode):
    # Previously a false positive (pydantic): the lambda is copied onto by the caller.
    return wraps(validator)(make_validator(validator, mode))


def method_from_function(name, original):
    # Previously a false positive (setuptools): a method built from a plain function.
    def wrap(self, path, *args, **kw):
        if self._active:
            path = self._remap_input(name, path)
        return original(path, *args, **kw)

    return wrap


def parse_then_call(func, parse):
    # Previously a false positive (jedi): parsed values are unpacked into the call.
    def wrapper(value, arguments):
        parsed = tuple(parse(arguments))
        return func(value, *parsed)

    return wrapper


def _make_struct_wrapper(oldfunc, new):
    # Previously a false positive (cffi): the result comes back in an out-parameter.
    def newfunc(*args):
        res = new()
        oldfunc(res, *args)
        return res[0]

    return newfunc


def exhaust_branches(brule):
    # Previously a false positive (sympy): a fixpoint over the rule's results.
    def exhaust_brl(expr):
        for nexpr in brule(expr):
            yield from exhaust_brl(nexpr)

    return exhaust_brl


def make_matmat(m):
    # Previously a false positive (scipy): ``m`` is a matrix or a function.
    if callable(m):

        def matmat(*args):
            return m(*args)

        return matmat
    return lambda v: m @ v


def wrap_callback(callback):
    # Previously a false positive (scipy): a project helper reads the signature first.
    sig = wrapped_inspect_signature(callback)

    def wrapped_callback(res):
        return callback(res, len(sig.parameters))

    return wrapped_callback


def bidirectional(graph, ignore_nodes):
    # Previously a false positive (networkx, 8 times): a local callable reshaped in place.
    def filter_iter(nodes):
        def iterate(v):
            for w in nodes(v):
                if w not in ignore_nodes:
                    yield w

        return iterate

    neighbors = graph.neighbors
    neighbors = filter_iter(neighbors)
    return neighbors


def _wrap_asgi_coroutine_func(asgi_impl):
    # Previously a false positive (falcon): an ASGI method around an application's.
    async def __call__(self, scope, receive, send):
        await asgi_impl(self, scope, receive, send)

    return __call__


class Proxy:
    def __promise__(cls, method_name):
        pass


def lazy(func):
    # Previously a false positive (django): its arguments go to a method of the result.
    # Names alone still make it a possible wrapper: WRP007 only, off by default.
    def __wrapper__(self, *args, **kw):  # error: WRP007 col=5
        result = func(*self._args, **self._kw)
        return getattr(result, "upper")(*args, **kw)

    return __wrapper__


class RaisingHandlers:
    def raise_error(self, error):
        # Previously a false positive (test_logging): ``error`` is an exception class.
        def inner():
            raise error()

        return inner


def async_variant(normal_func):
    # Previously a false positive (jinja2): the closure is the decorator level itself.
    def decorator(async_func):
        wrapper = normal_func(async_func)
        wrapper.is_async = True
        return wrapper

    return decorator


def _trim_arity(func, max_limit=3):
    # Previously a false positive (pyparsing): it drops leading arguments on purpose.
    limit = max_limit

    def wrapper(*args):
        return func(*args[limit:])

    return wrapper


def using_fileno(fn):
    # Previously a false positive (trio): a new name made from the function's.
    def fileno_wrapper(fileobj):
        return fn(fileobj.fileno())

    name = f"<{fn.__name__} on fileno>"
    fileno_wrapper.__name__ = fileno_wrapper.__qualname__ = name
    return fileno_wrapper


def decorate_fn_with_doc(new_fn, old_fn):
    # Previously a false positive (IPython): its docstring comes from another function.
    def wrapper(*args, **kw):
        return new_fn(*args, **kw)

    wrapper.__doc__ = old_fn.__doc__
    return wrapper


def _wrap_callback(callback, method=None):
    # Previously a false positive (scipy): rebinding a local value applies no decorator.
    def wrapped_callback(res):
        return callback(res.x)

    return wrapped_callback


def minimize(callback):
    callback = _wrap_callback(callback)
    return callback


def secured_view(view, info):
    # Previously reported (pyramid view derivers): built with ``info`` besides the view,
    # by the framework's code, never applied with @; the framework copies the metadata.
    # A name and a call are all it shows: WRP007 since the refit of stop 51, which
    # weighs needing more arguments 0 (such builders are as often real wrappers).
    def secured(context, request):  # error: WRP007 col=5
        if not info.options.get("permission"):
            raise PermissionError(request)
        return view(context, request)

    return secured


# Previously a false positive (twisted's loader tests): the docstring says the name is
# lost on purpose.
def bad_decorator(fn):
    """Decorate a function without preserving the name of the original function."""

    def name_collision(*args, **kwargs):
        return fn(*args, **kwargs)

    return name_collision


# A decorator applied to the closure's argument: ``skip(reason)`` is built from a setting,
# not from the function (CPython's test_socket).
def skip_with_client_if(condition, reason):
    """Skip decorated test if condition is true."""

    def skipdec(obj):
        return unittest.skip(reason)(obj)

    def noskipdec(obj):
        return obj

    return skipdec if condition else noskipdec


# The same, with the setting handed to what a factory built: still no function, though
# the factory is applied.
def skip_unless_configured(reason):
    def skipdec(obj):
        return unittest.skipIf(CONFIGURED)(reason)(obj)  # noqa: F821

    return skipdec


@skip_unless_configured("not configured")
def test_configured():
    pass


@skip_with_client_if(True, "no client")
def test_client():
    pass


class DatabaseErrorWrapper:
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def __call__(self, func):
        # Previously a false positive (django's DatabaseErrorWrapper): a comment says wraps
        # is left out on purpose. We are intentionally not using @wraps here for
        # performance reasons.
        def inner(*args, **kwargs):
            with self:
                return func(*args, **kwargs)

        return inner


class keyword:
    """A decorator to mark a method as a keyword argument of the runner."""

    def __call__(self, f):
        # Previously a false positive (astropy's test runner): set __doc__ explicitly
        # here rather than using wraps, to keep the name 'keyword' that the runner reads.
        def keyword(*args, **kwargs):
            return f(*args, **kwargs)

        keyword.__doc__ = f.__doc__
        return keyword


def check_figures_equal(func):
    # Previously reported (matplotlib): the signature is read to build a new one, set
    # by hand; the wrapper hands everything on, but wraps would undo the new signature.
    old_sig = inspect.signature(func)

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__signature__ = old_sig.replace(parameters=[])
    return wrapper


def bind_first(func):
    # The signature, read through a name, is set on the closure and also used to pick
    # the argument it binds: read to build with, not only copied.
    sig = inspect.signature(func)
    first = next(iter(sig.parameters))

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__signature__ = sig
    wrapper.bound_name = first
    return wrapper


def _metric_decorator(func):
    # Previously reported (xgboost): a metric adapter with a new signature, whose result
    # pairs the metric's name with its value: a possible wrapper at most.
    def inner(y_score, dmatrix):  # error: WRP007 col=5
        return func.__name__, func(dmatrix.get_label(), y_score)

    return inner


def if_present(f):
    # Previously reported (gooey's ``ifPresent``): a predicate combinator, named like a
    # wrapper; two names and a call make it no more than a possible wrapper.
    def inner(value):  # error: WRP007 col=5
        if value:
            return f(value)
        return True

    return inner


def completion_to_chat_decorator(
    func: Callable[..., CompletionResponse],
) -> Callable[..., ChatResponse]:
    # Previously reported (llama-index): annotated to return a callable of another result,
    # an interface converter; its names make it a possible wrapper at most.
    def wrapper(messages, **kwargs):  # error: WRP007 col=5
        response = func(to_prompt(messages), **kwargs)
        return to_chat_response(response)

    return wrapper


def before_validator_handler(method: Callable[..., Any]) -> Callable[[Any, Any], Any]:
    # Previously reported (zenml): annotated to return a callable of other parameters, the
    # two a validator framework reads; wraps would make it read the method's instead.
    def before_validator(cls, data):
        return method(cls=cls, data=normalise(data))

    return before_validator


def sequence_transform(ignore_index=None, output_transform=lambda x: x):
    # Previously reported (ignite): the parameter defaults to a lambda, a hook.
    def wrapper(output: Sequence) -> Sequence:
        return output_transform(output)

    return wrapper


def create(path, contents, opts):
    return write(path, contents, opts)  # noqa: F821


def no_overwrite(file_op: Callable = create) -> Callable:
    """File op modifier: a file op that does not overwrite an existing file.

    Args:
        file_op: a file op that will be "decorated".
    """

    # Previously reported (pyscaffold): the parameter defaults to a function of this
    # module; called as ``no_overwrite()``, the result modifies an operation.
    def _no_overwrite(path, contents, opts):
        if not path.exists():
            return file_op(path, contents, opts)
        return None

    return _no_overwrite


def chat_callback():
    def wrap(f):
        # Previously reported (llama-index): the function marks what it decorated with
        # ``__wrapped__`` and tests the mark; wraps would change it.
        def wrapped_chat(self, *args, **kwargs):
            return f(self, *args, **kwargs)

        if getattr(f, "__wrapped__", False):
            return f
        f.__wrapped__ = True
        return wrapped_chat

    return wrap


def trace_method(cls, method_name):
    def decorator(info_func):
        # Previously reported (scout-apm): wrapt's decorator makes the closure a decorator
        # object of its own, which copies the metadata itself.
        @wrapt.decorator
        def wrapper(wrapped, instance, args, kwargs):
            detail = info_func(instance, *args, **kwargs)
            return wrapped(*args, **kwargs), detail

        setattr(cls, method_name, wrapper(getattr(cls, method_name)))
        return wrapper

    return decorator


def do_rpc(name, rpc_function: Callable[..., Awaitable[T]]) -> Callable[
    ..., Awaitable[tuple[T, Exception]]
]:
    # Previously reported (pulumi): annotated to return a callable of another result, a
    # (result, exception) pair instead of the result. WRP007 since the refit of stop 51
    # (needing ``name`` besides the function weighs 0).
    async def rpc_wrapper(*args, **kwargs):  # error: WRP007 col=5
        exception = None
        try:
            result = await rpc_function(*args, **kwargs)
        except Exception as error:
            result, exception = None, error
        return result, exception

    return rpc_wrapper


def process(*args, name=None, timeout=None, wrapper=None):
    # Previously reported (pebble): the closure takes the function and hands it to a
    # builder; it is the decorator of ``@process(timeout=12)``, not a wrapper of ``wrapper``.
    def decorating_function(function: Callable) -> Callable:
        return wrapper(function, name, timeout)

    return decorating_function


def load_data_first(func):
    # Not a wrapper (kedro, Django's new_method_proxy): a method built from a plain function
    # (operator.getitem, len) that is handed data loaded through 'self', not a copy of it.
    def inner(self, *args, **kwargs):
        content = self.load_data()
        return func(content, *args, **kwargs)

    return inner


def backend_creator(create):
    # Not a wrapper (einx's _backend_creator, applied with @ to seven builders; hyperopt's
    # test decorator that supplies 'trials'): the closure takes nothing and gives 'create'
    # every argument itself; what is decorated takes (numpy, classical), what is left
    # takes nothing, and it returns a backend built from the result.
    def new_create():
        numpy = load_numpy()
        ops, name = create(numpy, SETTINGS)
        return dict(ops, name=name)

    return new_create


SETTINGS = {"verbose": True}


def load_numpy():
    return SETTINGS


@backend_creator
def create_backend(numpy, settings):
    return {}, "numpy"


def with_settings(func):
    # Not a wrapper any more (it was a possible one): a thunk that supplies the argument.
    def wrapper():
        return func(SETTINGS)

    return wrapper


def apply_without_state(orig_apply_fn):
    # Not a wrapper (haiku): it fills the 'state' argument with None and hands the rest
    # on, so what it returns takes one argument fewer.
    def apply_fn(params, rng, *args, **kwargs):
        out, state = orig_apply_fn(params, None, rng, *args, **kwargs)
        if state:
            raise ValueError("use multi_transform_with_state")
        return out

    return apply_fn


class Denied(Exception):
    pass


def return_boolean(check):
    # Not a wrapper (Misago): a predicate made of a check that raises, bound to another
    # name ('can_edit = return_boolean(allow_edit)'); it never returns what 'check' does.
    def decorator(*args, **kwargs):
        try:
            check(*args, **kwargs)
        except Denied:
            return False
        else:
            return True

    return decorator


Endpoint = Callable[..., object]


def sync_inject_decorator(**kwargs: Any) -> Callable[[Endpoint], Endpoint]:
    # Not a wrapper (starlette's tests): the endpoint's 'additional' parameter is filled
    # from the factory's '**kwargs', so 'app' takes fewer arguments than the endpoint,
    # however the factory is annotated.
    def wrapper(endpoint: Endpoint) -> Endpoint:
        def app(request: object) -> object:
            return endpoint(request=request, **kwargs)

        return app

    return wrapper


@sync_inject_decorator(additional="payload")
def decorated(request: object, additional: str) -> object:
    return (request, additional)


def compose_checked(first, second):
    # Not a wrapper: the second function is given what the first made of the arguments,
    # outside any condition: both are parts, even beside a check.
    def composed(*args, **kwargs):
        if first is None:
            return None
        return second(first(*args, **kwargs))

    return composed

def when(predicate, action):
    # Not a wrapper: a dispatch combinator whose condition is given everything too.
    def run(*args, **kwargs):
        if predicate(*args, **kwargs):
            return action(*args, **kwargs)
        return None

    return run


def widen(func):
    # WRP007 on its names alone: 'self.handler = widen(other.handler)' below applies no
    # decorator (else it would be WRP001).
    def widened(item):  # error: WRP007 col=5
        return func([item])

    return widened


class Holder:
    def __init__(self, handler, other):
        # Not an application: the attribute replaced is not the one decorated.
        self.handler = widen(other.handler)


def a_bad_test_wrapper(f):
    """Validate that decorators failing to using functools.wraps(), fail"""

    # Previously a false positive (django-ninja): a test's decorator that does without
    # wraps to show what goes wrong; its docstring says so.
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


@a_bad_test_wrapper
def view_without_name(request):
    return request


def should_use_wraps(f):
    """Time the call. This should use functools.wraps, but does not yet."""

    # Still a wrapper: the docstring names wraps as work to do, no intent.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return f(*args, **kwargs)

    return wrapper


@should_use_wraps
def timed_view(request):
    return request


def async_partial(async_fn, *wrap_args):
    # Previously a false positive (bitcart): a partial application; the factory's own
    # '*wrap_args' come first, so the closure takes fewer arguments than the function.
    async def wrapped(*args, **kwargs):
        return await async_fn(*wrap_args, *args, **kwargs)

    wrapped.__wrapped__ = async_fn
    return wrapped


def filter_primitive_def(rule):
    # Previously a false positive (equinox): applied with @ to primitive rules, but every
    # caller passes keywords the rule never takes; the rule gets values made from them.
    def _wrapper(*dynamic, treedef, static, flatten):
        args = unflatten(treedef, combine(dynamic, static))
        return flatten(rule(*args))

    return _wrapper


@filter_primitive_def
def impl(x, y):
    return x + y


def retried(func):
    # Still a wrapper: the keyword it requires is its own, but it hands its arguments on.
    def wrapper(*args, attempts, **kwargs):  # error: WRP001 col=5
        for _ in range(attempts):
            return func(*args, **kwargs)

    return wrapper


@retried
def fetch(url):
    return url


def _initializer_to_method(initializer_constructor):
    # Previously a false positive (flax): the innermost closure calls 'self', the instance
    # of the method made from a function; an instance is no function to stand in for.
    def rngs_initializer_method(self, *args, **kwargs):
        init_fn = initializer_constructor(*args, **kwargs)

        def rngs_keyless_initializer(*init_args, **init_kwargs):
            return init_fn(self(), *init_args, **init_kwargs)

        return rngs_keyless_initializer

    return rngs_initializer_method


class Rngs:
    glorot_normal = _initializer_to_method(initializers.glorot_normal)


def fft_wrap(fft_func):
    # Not applied: at module level 'fft = fft_wrap(np.fft.fft)' builds this module's
    # function from another library's (dask); its name, module and docstring are its own.
    def func(a, axes=None, norm=None):
        sample = np.ones(a.ndim)
        dtype = fft_func(sample, axes=axes, norm=norm).dtype
        return a.map_blocks(fft_func, axes, norm, dtype=dtype)

    func.__name__ = fft_func.__name__
    return func


fft = fft_wrap(np.fft.fft)


def add_decorator_to_methods(decorator):
    # Airtest: a factory of class decorators. The closure takes a class, decorates its
    # methods and returns the class itself; it stands in for no function.
    def decorator_wrapper(cls):
        for name in [attr for attr in dir(cls) if not attr.startswith("_")]:
            setattr(cls, name, decorator(getattr(cls, name)))
        return cls

    return decorator_wrapper


@add_decorator_to_methods(print)
class Device:
    def home(self):
        return "home"


def build_group(callback):
    # Previously a false positive (jasmin): a session handler picks the typed command out
    # of its *args and hands 'callback' an object it built, never what it was given.
    def parse_and_call_with_instance(self, *args, **kwargs):
        cmd, arg = args[0], args[1]
        if cmd != "ok":
            self.buffer[cmd] = arg
            return self.prompt()
        return callback(self, Group(**self.buffer))

    return parse_and_call_with_instance


class GroupManager:
    @build_group
    def add_session(self, group):
        return group


def mark_deprecated(get_response_fn):
    # Previously a possible wrapper (lax): a function-style Django middleware. Django calls
    # it with the request alone, around the next handler of its chain, which the factory
    # takes as 'get_response'; it stands in for no function of the project.
    def middleware(request):
        response = get_response_fn(request)
        response["warning"] = "deprecated"
        return response

    return middleware


def notmodified_tween_factory(handler, registry):
    # Previously a possible wrapper (thinkhazard): a Pyramid tween. Pyramid calls the
    # factory with the next handler of its chain and the registry, and the tween with
    # the request alone; it stands in for no function of the project.
    def notmodified_tween(request):
        response = handler(request)
        response.conditional_response = True
        return response

    return notmodified_tween


class TimingMiddleware:
    # The same chain as a class: '__call__(self, request)' around 'get_response'.
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


def login_checked(view):
    # A view decorator's closure also takes the request alone, around a view: still
    # a possible wrapper.
    def checked(request):  # error: WRP007 col=5
        if not request.user:
            return None
        return view(request)

    return checked


def traced_method(get_response):
    # A method's closure takes 'self' first: a stand-in for a client's 'get_response'
    # method, whatever the parameter is called; no Django middleware takes 'self'.
    def traced(self, request):  # error: WRP001 col=5
        return get_response(self, request)

    return traced


class Client:
    @traced_method
    def get_response(self, request):
        return request
