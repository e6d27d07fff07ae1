"""The blog post's story: a name copied by hand, then @wraps with the copy removed.

A plain copy from the function on a wrapper that forwards everything is what
functools.wraps does anyway: the fix is safe, and the copies go.
"""
import functools


def timer(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def logged(func):
    @functools.wraps(func)
    def wrapper(request, *args, **kwargs):
        return func(request, *args, **kwargs)

    # The name and docstring, as the tutorial said.
    # keep the help text

    return wrapper


def traced(func):
    async def wrapper(self, item, *, timeout):
        return await func(self, item, timeout=timeout)
    wrapper.__module__ = func.__module__
    wrapper.__qualname__ = func.__qualname__; wrapper.__wrapped__ = func
    return wrapper


def spaced(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
