"""WRP001 (WRP007 on a class from elsewhere, an instance or a module) on a closure set in place of the attribute whose
old value it calls: simonw/llm's ``__init_subclass__`` and microsoft/agent-framework's class
decorators, each given ``@functools.wraps`` by their maintainers."""
import functools
import sys

import requests
import typeguard


class Model:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        original_init = cls.__init__

        def wrapped_init(self, *args, **kwargs):  # error: WRP001 col=9
            self._config = kwargs
            original_init(self, *args, **kwargs)

        cls.__init__ = wrapped_init


def use_agent_middleware(agent_class):
    original_run = agent_class.run

    async def run(self, messages, **kwargs):  # error: WRP001 col=5
        async def final_handler(context):
            return await original_run(self, context, **kwargs)

        return await final_handler(messages)

    agent_class.run = run
    return agent_class


def traced(klass):
    for name in ("get", "put"):
        method = getattr(klass, name)

        def call(*args, __method=method, **kwargs):  # error: WRP001 col=9
            return __method(*args, **kwargs)

        setattr(klass, name, call)
    return klass


class Singleton(type):
    def __new__(mcs, name, bases, namespace):
        made = super().__new__(mcs, name, bases, namespace)
        original = made.__call__

        def __call__(*args, **kwargs):  # error: WRP001 col=9
            return original(*args, **kwargs)

        made.__call__ = __call__
        return made


def patch_requests():
    # A class from elsewhere: possibly a wrapper.
    old_request = requests.Session.request

    def new_request(self, method, url, **kwargs):  # error: WRP007 col=5
        kwargs.setdefault("timeout", 10)
        return old_request(self, method, url, **kwargs)

    requests.Session.request = new_request


def capture(connection, sent):
    # An instance, outside test code: possibly a wrapper (here a spy whose metadata
    # nobody reads; KekikStream's cached plugin methods are read in help()).
    original_send = connection.send_message

    def capture_send(message):  # error: WRP007 col=5
        sent.append(message)
        return original_send(message)

    connection.send_message = capture_send


def patch_typeguard():
    # A module's public function replaced for the whole process (torchtyping): possibly
    # a wrapper, as a library class's method is.
    _check_type = typeguard.check_type

    def check_type(*args, **kwargs):  # error: WRP007 col=5
        return _check_type(*args, **kwargs)

    typeguard.check_type = check_type


def timeout_for(cls):
    # Put back afterwards: a temporary patch.
    original = cls.connect

    def connect(*args, **kwargs):
        return original(*args, timeout=1, **kwargs)

    cls.connect = connect
    try:
        yield
    finally:
        cls.connect = original


def already_copied(cls):
    original = cls.save

    @functools.wraps(original)
    def save(self, *args, **kwargs):
        return original(self, *args, **kwargs)

    cls.save = save

    original_load = cls.load

    def load(self, *args, **kwargs):
        return original_load(self, *args, **kwargs)

    functools.update_wrapper(load, original_load)
    cls.load = load
    return cls


def own_decorators(cls):
    original = cls.build

    @classmethod
    def build(klass, *args):
        return original(*args)

    cls.build = build
    return cls


def calls_something_else(cls):
    # The closure does not call the old value: it replaces it.
    original = cls.run

    def run(self):
        return 42

    cls.run = run
    cls.previous_run = original
    return cls


def returned_too(cls):
    # Returned as well: the returned closure's own decision holds, and 'run' calls no
    # parameter of 'returned_too'.
    original = cls.run

    def run(*args, **kwargs):
        return original(*args, **kwargs)

    cls.run = run
    return run


def deprecated_class(cls):
    # The class's signature is kept by hand (scikit-learn's deprecated): what users read.
    new = cls.__new__
    sig = cls.__signature__

    def wrapped(cls, *args, **kwargs):
        return new(cls, *args, **kwargs)

    cls.__new__ = wrapped
    cls.__signature__ = sig
    return cls


def put_back_first():
    # A hostile pass of stop 86: the old value set back *before* the install is no
    # temporary patch; the hook stays.
    old = sys.excepthook
    sys.excepthook = old

    def hook(*args):  # error: WRP007 col=5
        return old(*args)

    sys.excepthook = hook


class CallsItself:
    def __init__(self):
        # 'self' is an instance, however special the attribute: possibly a wrapper,
        # not one on its class.
        orig = self.__call__

        def __call__(*args):  # error: WRP007 col=9
            return orig(*args)

        self.__call__ = __call__


class Client:
    def send(self, data):
        return data

    def recording(self):
        # Undone with del: the class's method shows through again, a temporary patch.
        orig = self.send
        sent = []

        def send(data):
            sent.append(data)
            return orig(data)

        self.send = send
        try:
            yield sent
        finally:
            del self.send


def put_back_through_alias():
    # The old value is put back under another local's name: still a temporary patch.
    old = sys.excepthook
    saved = old

    def hook(*args):
        return old(*args)

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = saved


class capture_hook:
    # A context manager: __enter__ keeps the old value on the instance and __exit__ sets
    # it back, a temporary patch.
    def __enter__(self):
        old = sys.excepthook
        self.old = old

        def hook(*args):
            return old(*args)

        sys.excepthook = hook
        return self

    def __exit__(self, *exc):
        sys.excepthook = self.old


class keeps_hook:
    # Kept on the instance but never set back: the hook stays.
    def __enter__(self):
        old = sys.excepthook
        self.old = old

        def hook(*args):  # error: WRP007 col=9
            return old(*args)

        sys.excepthook = hook
        return self

    def __exit__(self, *exc):
        self.old = None


def patch_both(obj):
    # One closure set in two places at once: the one whose old value it calls counts.
    orig = obj.run

    def hook(*args):  # error: WRP007 col=5
        return orig(*args)

    obj.run = obj.walk = hook


def _traced(func):
    return func


def trace_create(client):
    # judgeval's dispatchers (set EH): the old value is handed to a helper whose result is
    # called with the closure's arguments; it still stands in for client.create.
    original = client.create

    def dispatcher(*args, **kwargs):  # error: WRP007 col=5
        return _traced(original)(*args, **kwargs)

    setattr(client, "create", dispatcher)


def set_tracing(cls, on=True):
    # A hostile pass of stop 87: an on/off switch sets the old value back only when off;
    # when on, the patch stays.
    orig = cls.run

    def run(self, *args, **kwargs):  # error: WRP001 col=5
        return orig(self, *args, **kwargs)

    if on:
        cls.run = run
    else:
        cls.run = orig


def rollback_on_failure(obj):
    # Put back only when something fails: on success the patch stays.
    orig = obj.run

    def run(*args):  # error: WRP007 col=5
        return orig(*args)

    obj.run = run
    try:
        obj.setup()
    except Exception:
        obj.run = orig
        raise


def alias_rebound(obj):
    # 'saved' holds the hook by the time it is set, not the old value.
    orig = obj.run
    saved = orig

    def run(*args):  # error: WRP007 col=5
        return orig(*args)

    obj.run = run
    saved = run
    obj.run = saved


def set_twice(cls):
    # One closure set three times in one statement: one finding.
    orig = cls.run

    def run(self, *args, **kwargs):  # error: WRP001 col=5
        return orig(self, *args, **kwargs)

    cls.run = cls.run_alias = cls.run = run


def undone_by_cleanup(obj, stack):
    # The old value is put back by a cleanup: a temporary patch.
    orig = obj.run

    def run(*args):
        return orig(*args)

    obj.run = run
    stack.callback(setattr, obj, "run", orig)


def patch_with_undo(obj):
    # The patch hands back its undo: a temporary patch.
    orig = obj.run

    def run(*args):
        return orig(*args)

    def undo():
        obj.run = orig

    obj.run = run
    return undo


def put_back_together(obj):
    # Put back with its neighbour in one assignment: a temporary patch.
    orig = obj.run
    orig_walk = obj.walk

    def run(*args):
        return orig(*args)

    obj.run = run
    try:
        yield
    finally:
        obj.run, obj.walk = orig, orig_walk


def type_of_old(obj):
    # type(orig)(value) builds a value; it never calls the old one.
    orig = obj.run

    def run(value):
        return type(orig)(value)

    obj.run = run


def init_empty(module_class, include_buffers=False):
    # accelerate's init_empty_weights: installed and put back under the same test, a
    # temporary patch.
    old_register_buffer = module_class.register_buffer

    def register_empty_buffer(module, name, buffer):
        return old_register_buffer(module, name, buffer)

    try:
        if include_buffers:
            module_class.register_buffer = register_empty_buffer
        yield
    finally:
        if include_buffers:
            module_class.register_buffer = old_register_buffer


def put_back_then_set_again(cls):
    # A hostile pass of stop 87: put back, then set again: the patch stays.
    orig = cls.run

    def run(self, *args, **kwargs):  # error: WRP001 col=5
        return orig(self, *args, **kwargs)

    cls.run = run
    cls.run = orig
    cls.run = run
