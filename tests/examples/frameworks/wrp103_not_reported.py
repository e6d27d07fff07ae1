"""Decorators that are right for coroutine functions, or that return the function itself."""
import asyncio
import functools
import inspect
import warnings
from asyncio import run

registry = []


def timed(func):
    # Both variants, chosen with iscoroutinefunction.
    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def async_wrapper(*args, **kwargs):
            return await func(*args, **kwargs)

        return async_wrapper

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def synchronous(func):
    # Hands the coroutine to an event loop, on purpose: callers get the result.
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return asyncio.run(func(*args, **kwargs))

    return wrapper


def in_loop(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return asyncio.get_event_loop().run_until_complete(func(*args, **kwargs))

    return wrapper


def scheduled(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return asyncio.ensure_future(func(*args, **kwargs))

    return wrapper


def blocking(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return run(func(*args, **kwargs))

    return wrapper


def deprecated(func):
    # Works only before the call, which is when the caller asks for the coroutine: right.
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        warnings.warn(f"{func.__name__} is deprecated", DeprecationWarning, stacklevel=2)
        return func(*args, **kwargs)

    return wrapper


class Result:
    """An awaitable and async context manager around a coroutine (aiosqlite's pattern)."""

    def __init__(self, coroutine):
        self.coroutine = coroutine

    def __await__(self):
        return self.coroutine.__await__()


def awaitable_result(func):
    # Hands the coroutine to an object that awaits it.
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return Result(func(*args, **kwargs))

    return wrapper


def register(func):
    registry.append(func)
    return func


def awaiting(func):
    @functools.wraps(func)
    async def wrapper(*args, **kwargs):
        return await func(*args, **kwargs)

    return wrapper


@timed
async def fetch():
    return 1


@synchronous
async def main():
    return 2


@in_loop
async def legacy():
    return 3


@scheduled
async def background():
    return 4


@blocking
async def script():
    return 5


@awaitable_result
async def cursor():
    return 9


@register
async def handler():
    return 6


@awaiting
async def served():
    return 7


@deprecated
async def old_api():
    return 8


@timed
def plain():
    return 8


@functools.lru_cache
def cached():
    # Not the project's decorator: third-party and standard library ones are not resolved.
    return 9
