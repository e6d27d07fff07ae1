"""Closures that call the function through a local relay: a ``def`` of the decorator
whose only statement returns the function called with its own ``*args`` and
``**kwargs``. ypricemagic's ``log`` retries the function through ``@auto_retry def
retry_superwrap(*args, **kwargs): return func(*args, **kwargs)``, and its logging
closure calls that relay; the maintainers added ``functools.wraps(func)`` to it. The
relay must do nothing else, and be the one such relay the closure calls.
"""

import functools


def auto_retry(func):
    @functools.wraps(func)
    def retrying(*args, **kwargs):
        return func(*args, **kwargs)

    return retrying


def log(func):
    """Decorator: log each call, and retry it."""

    def logging_wrap(*args, **kwargs):  # error: WRP001 col=5
        print("calling", func.__name__)
        return retry_superwrap(*args, **kwargs)

    @auto_retry
    def retry_superwrap(*args, **kwargs):
        return func(*args, **kwargs)

    return logging_wrap


def timed(func):
    """Decorator: time each awaited call."""

    async def relay(*args, **kwargs):
        """Call the function."""
        return await func(*args, **kwargs)

    async def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return await relay(*args, **kwargs)

    return wrapper


# Not relays, so these closures call no parameter: the local function changes what it
# passes on, does more than return the call, or the closure calls two of them.


def with_default(func):
    def relay(*args, **kwargs):
        return func(1, *args, **kwargs)

    def wrapper(*args, **kwargs):
        return relay(*args, **kwargs)

    return wrapper


def with_logging(func):
    def relay(*args, **kwargs):
        print("called")
        return func(*args, **kwargs)

    def wrapper(*args, **kwargs):
        return relay(*args, **kwargs)

    return wrapper


def either(first, second):
    def run_first(*args, **kwargs):
        return first(*args, **kwargs)

    def run_second(*args, **kwargs):
        return second(*args, **kwargs)

    def wrapper(*args, **kwargs):
        return run_first(*args, **kwargs) or run_second(*args, **kwargs)

    return wrapper


def rebound(func):
    def relay(*args, **kwargs):
        return func(*args, **kwargs)

    def wrapper(*args, **kwargs):
        return relay(*args, **kwargs)

    if func is None:
        relay = print
    return wrapper
