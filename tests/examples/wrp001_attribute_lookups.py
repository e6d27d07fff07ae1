"""``__getattr__``'s closures. The parameter of ``__getattr__`` holds the attribute's
name, a string, never the function a closure stands in for: a closure that hands it on is
an attribute made from its name (openhtf's validators, fastcore's HTML tags, a remote
method), not a wrapper. A closure that stands in for the attribute it looked up
(``getattr(obj, name)``) is handed out in its place, as a decorator's wrapper is: WRP001
where it adds something of its own (maintainers of veriloggen, atomic-reactor and pytest
added ``functools.wraps`` there), silent where it only hands its arguments on.
"""

import asyncio


class Validators:
    # Previously WRP007: the name and the arguments go to a factory of validators.
    def __getattr__(self, name):
        def _with_validator(*args, **kwargs):
            return self.with_validator(create_validator(name, *args, **kwargs))

        return _with_validator


class Rpc:
    def __getattr__(self, name):
        def method(*args):
            return self._call(name, *args)

        return method


def __getattr__(tag):
    # Previously WRP007: a module's attributes made from their names (PEP 562).
    def _f(*children, **kwargs):
        return create_validator(tag, *children, **kwargs)

    return _f


class Delegator:
    # Left silent: a closure that only hands its arguments on to the attribute it looked
    # up: a plain delegator's, and maintainers leave those (frontik's Delegator); a
    # ``functools.wraps(attribute)`` left as a bare statement is WRP002.
    def __init__(self, target):
        self._target = target

    def __getattr__(self, name):
        attribute = getattr(self._target, name)

        def method_wrapper(*args, **kwargs):
            return attribute(*args, **kwargs)

        return method_wrapper


class AsyncDelegator:
    # Left silent too: the awaited call is the whole body.
    def __init__(self, target):
        self._target = target

    def __getattr__(self, name):
        attribute = getattr(self._target, name)

        async def method_wrapper(*args, **kwargs):
            return await attribute(*args, **kwargs)

        return method_wrapper


class Dataflow:
    # The results of what it looked up are bound to the dataflow (veriloggen).
    def __init__(self, module):
        self.module = module

    def __getattr__(self, attr):
        func = getattr(asyncio, attr)

        def wrapper(*args, **kwargs):  # error: WRP001 col=9
            value = func(*args, **kwargs)
            value.module = self.module
            return value

        return wrapper


class Logged:
    # What the attribute returns, from two returns of one local.
    def __init__(self, target, log):
        self._target = target
        self._log = log

    def __getattr__(self, name):
        method = getattr(self._target, name)

        def logged(*args, **kwargs):  # error: WRP001 col=9
            result = method(*args, **kwargs)
            if result is None:
                self._log.append(name)
                return result
            return result

        return logged


class HookProxy:
    # Named after the attribute by hand (pytest's ``PathAwareHookProxy``): a half copy.
    def __init__(self, hook_caller):
        self._hook_caller = hook_caller

    def __getattr__(self, key):
        hook = getattr(self._hook_caller, key)

        def fixed_hook(**kw):  # error: WRP001 col=9
            kw.setdefault("path", None)
            return hook(**kw)

        fixed_hook.__name__ = key
        return fixed_hook


class Chain:
    # Silent: it spawns the call and returns the chain, not what the attribute returns
    # (disco's ``Chain``).
    def __init__(self, obj):
        self._obj = obj
        self._parts = []

    def __getattr__(self, item):
        func = getattr(self._obj, item)

        def _wrapped(*args, **kwargs):
            self._parts.append(asyncio.ensure_future(func(*args, **kwargs)))
            return self

        return _wrapped


def named_after(name):
    def decorator(function):
        function.__name__ = name
        return function

    return decorator


class AsyncFile:
    # Silent: a decorator of its own names it (trio's ``@async_wraps``).
    def __init__(self, file):
        self._file = file

    def __getattr__(self, name):
        meth = getattr(self._file, name)

        @named_after(name)
        async def wrapper(*args, **kwargs):
            return await asyncio.to_thread(meth, *args, **kwargs)

        return wrapper


def create_validator(name, *args, **kwargs):
    return (name, args, kwargs)
