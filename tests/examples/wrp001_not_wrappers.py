"""Closures that are not wrappers: the rule stays silent on all of them."""
import functools
import inspect


def shadowed(func=None):
    # ``inner`` binds its own ``func``: the outer parameter is never called.
    def inner(func):
        return func()

    return inner


def reassigned_locally(func):
    def inner(*args):
        func = print
        return func(*args)

    return inner


def comprehension_shadows(func):
    def inner(funcs):
        return [func(1) for func in funcs]

    return inner


def lambda_shadows(func):
    def inner(*args):
        apply = lambda func: func(*args)  # noqa: E731
        return apply(len)

    return inner


class Model:
    @classmethod
    def factory(cls, value):
        # ``cls`` builds instances; it wraps nothing.
        def build(*args):
            return cls(value, *args)

        return build

    def bind(self, name):
        def method(*args):
            return self(*args)

        return method


def only_called(func):
    def helper(*args):
        return func(*args)

    return helper(1)


def started(func):
    import threading

    def run(*args):
        return func(*args)

    threading.Thread(target=run).start()
    return None


def consumed(func):
    def gen(*args):
        yield func(*args)

    return "".join(gen())


def in_a_tuple(func):
    def wrapper(*args):
        return func(*args)

    return wrapper, func


def in_another_call(func):
    def wrapper(*args):
        return func(*args)

    return staticmethod(wrapper)


def middle_level(name):
    # ``name`` is used only in the innermost function: ``decorator`` is a factory level.
    def decorator(func):
        def wrapper(*args):
            return name(*args)

        return wrapper

    return decorator


def isinstance_check(kind):
    def check(value):
        return isinstance(value, kind)

    return check


def attribute_lookup(attribute):
    def getter(obj):
        return getattr(obj, attribute)

    return getter


def setting_forwarded(path, encoding):
    def read(mode):
        with open(path, mode, encoding=encoding) as handle:
            return handle.read()

    return read


def flags_to_builder(debug):
    def build(request):
        return Builder(request, debug)

    return build


def annotated_as_data(label: str, count: int = 0):
    def render(value):
        return label(value)

    return render


def defaulted_as_data(separator=", "):
    def join(*items):
        return separator(*items)

    return join


def make_getter(environment, attribute, postprocess=None):
    # ``postprocess`` is a hook applied to a value the getter computed itself.
    def getter(item):
        item = environment.getitem(item, attribute)
        if postprocess is not None:
            item = postprocess(item)
        return item

    return getter


def make_encoder(encode_key, encode_value):
    # Several parameters called as parts: an assembled encoder, not one wrapped function.
    def encode(key, value):
        return encode_key(key) + "=" + encode_value(value)

    return encode


def make_adder(n):
    def add(x):
        return x + n

    return add


def make_counter():
    count = 0

    def increment():
        nonlocal count
        count += 1
        return count

    return increment


def key_function(field):
    def key(record):
        return record[field]

    return key


def log_callback(logger, queue):
    # Methods of a parameter are called, not the parameter.
    def callback(message):
        logger.info(message)
        queue.put(message)

    return callback


def returns_parameter(func):
    func.registered = True
    return func


def returns_partial(func):
    return functools.partial(func, 1)


REGISTRY = []


def register(func):
    REGISTRY.append(func)
    return func


def tagging(tag):
    def decorator(func):
        func.tag = tag
        return func

    return decorator


def lambda_idiom(name):
    return lambda f: register(f)


def default_factory(factory):
    # The hook is called with nothing while the closure takes an argument.
    def get(key):
        return STORE.get(key) or factory()

    return get


STORE = {}


class Builder:
    def __init__(self, *args):
        self.args = args


def scheduled(callback, loop):
    # The callback is scheduled with values of the closure's own, not run in its place.
    def schedule(delay):
        return loop.call_later(delay, callback)

    return schedule


def named_thread(target):
    import threading

    def start(name):
        return threading.Thread(target=target, name=name).start()

    return start


def with_listener(func, listener):
    # Both parameters are needed: the listener is a part, not an optional callback.
    def notify(*args, **kwargs):
        listener("start")
        return func(*args, **kwargs)

    return notify


def tee(func, also=None):
    # The option is given the same arguments: two functions run side by side.
    def both(*args, **kwargs):
        if also:
            also(*args, **kwargs)
        return func(*args, **kwargs)

    return both


def copied_by_the_call_form_of_wraps(callback):
    def run(*args, **kwargs):
        return callback(*args, **kwargs)

    # wraps' call form copies the metadata: nothing is lost.
    run = functools.wraps(callback)(run)
    return run


def bound_to_its_first_argument(callback, first):
    def run(*args, **kwargs):
        return callback(*args, **kwargs)

    # A partial application is no longer the function the closure stands in for.
    run = functools.partial(run, first)
    return run


def made_a_property(getter):
    def read(self):
        return getter(self)

    read = property(read)
    return read


def endpoint(name):
    def decorator(f):
        if len(inspect.signature(f).parameters) != 1:
            return f

        # clearml's endpoint: an old-style handler is given the new calling convention;
        # the adapter throws the new arguments away: a new signature, not a stand-in.
        def adapter(call, *_, **__):
            return f(call)

        return adapter

    return decorator


@endpoint("tasks.get")
def get_task(call):
    return call


def cached_result(key):
    # A local made from a value, not from the function, called with the arguments: the
    # closure calls no parameter.
    def lookup(*args):
        fetch = table_for(key)  # noqa: F821
        return fetch(*args)

    return lookup


class Coarsen:
    @classmethod
    def _reduce_method(cls, func):
        # xarray's reduction methods: the kernel goes to a method beside settings, with
        # keywords only; an ingredient of a new method, not the function it stands in for.
        def wrapped_func(self, keep_attrs=None, **kwargs):
            return self.obj.coarsen(self.windows, func, keep_attrs, **kwargs)

        return wrapped_func


def trace_compile(func):
    # Debugging switched off (dragonfly's ``trace_compile``): ``return func`` comes first,
    # so ``dec`` is never defined, let alone returned.
    return func

    def dec(*args, **kwargs):
        print("compiling", args)
        return func(*args, **kwargs)

    return dec


class ClusterSpot:
    # tuxlog's spot decorator: 'wrapper' takes *args and **kwargs but reads neither and
    # calls 'fn' with values of its own, so whatever the caller passes is thrown away: a
    # thunk with a new signature, as 'wrapper()' taking nothing would be.
    def __init__(self, spot):
        self.spot = spot

    def __call__(self, fn):
        def wrapper(*args, **kwargs):
            fn("raw", self.spot)
            return self.spot

        return wrapper


def with_everything_read_by_locals(func):
    # The arguments are read without being named: no "takes nothing" here.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        print(locals())
        return func(1)

    return wrapper


@with_everything_read_by_locals
def answer(value):
    return value


import pytest


@pytest.fixture
def rows():
    return [("row-1", "a"), ("row-2", "b")]


def rows_test(function):
    # knittingpattern's test helper: pytest gives 'test' the fixture 'rows' from its
    # signature; with wraps it would read the function's '(row_id, row)' and fail.
    def test(rows):
        for row_id, row in rows:
            function(row_id, row)

    return test


@rows_test
def test_rows_have_ids(row_id, row):
    assert row_id.startswith("row-")


def rows_and_more_test(function):
    # 'count' is no fixture of this module: judged as usual.
    def test(rows, count):  # error: WRP001 col=5
        for row_id, row in rows[:count]:
            function(row_id, row)

    return test


@rows_and_more_test
def test_some_rows(row_id, row):
    assert row


def add_model_type(model_type):
    # tts-generation-webui's decorator factory: 'inner' fills the keyword '_type' of
    # every generation function with the value the factory was given, a partial
    # application, as one of the enclosing function's own parameters would be.
    def wrapper(fn):
        def inner(*args, **kwargs):
            return fn(*args, _type=model_type, **kwargs)

        return inner

    return wrapper


def add_model_type_of_its_own(model_type):
    # 'model_type' is rebound in 'wrapper' itself: not the factory's value, judged as usual.
    def wrapper(fn):
        model_type = fn.__name__
        def inner(*args, **kwargs):  # error: WRP001 col=9
            return fn(*args, _type=model_type, **kwargs)

        return inner

    return wrapper


def retried(times):
    # The factory's 'times' is read, not passed on: a wrapper still.
    def wrapper(fn):
        def inner(*args, **kwargs):  # error: WRP001 col=9
            for _ in range(times):
                result = fn(*args, **kwargs)
            return result

        return inner

    return wrapper


def fetch_by_id(function, pre=None):
    # images6's route adapters (set EA): the result comes back reshaped through a name
    # bound to it, as 'return function(id).to_dict()' does: no stand-in.
    def f(id):
        if callable(pre):
            pre()
        result = function(id)
        return result.to_dict(include_calculated=True)

    return f


def fetch_returned_whole(function, pre=None):
    # The same closure returning the function's result unchanged is still a wrapper.
    def f(id):  # error: WRP001 col=5
        if callable(pre):
            pre()
        result = function(id)
        return result

    return f


def convert_value_and_grad_to_value_func(value_and_grad_func, has_aux=False):
    """Converts a value_and_grad function to a value function only."""

    # kfac-jax's converters (set ED): the result is unpacked and only a part of it
    # returned: another function, no stand-in.
    def value_func(*args, **kwargs):
        out, _ = value_and_grad_func(*args, **kwargs)
        return out[0] if has_aux else out

    return value_func


def unpacked_and_returned_whole(func):
    # The result unpacked and handed back whole, in order: still a wrapper.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        value, grads = func(*args, **kwargs)
        return value, grads

    return wrapper


def retried_whole_by_default(func):
    # A hostile pass of stop 86: one path unpacks the result, the other returns it as it
    # is; on that one the closure stands in for the function.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        if kwargs.pop("first_only", False):
            out, _ = func(*args, **kwargs)
            return out
        return func(*args, **kwargs)

    return wrapper
