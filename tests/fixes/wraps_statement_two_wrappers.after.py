"""A bare wraps() statement above the sync one of two wrappers: the fix decorates that one
(previously the async one), and the async one, reported too, is fixed in the same run."""
import functools
import inspect


def logged(func):
    @functools.wraps(func)
    def sync_wrapper(*args, **kwargs):
        print("call", func)
        return func(*args, **kwargs)

    @functools.wraps(func)
    async def async_wrapper(*args, **kwargs):
        print("call", func)
        return await func(*args, **kwargs)

    if inspect.iscoroutinefunction(func):
        return async_wrapper
    return sync_wrapper
