"""WRP001 for wrappers that hand the function on to run it, or run it from a closure."""
import threading
from concurrent.futures import ThreadPoolExecutor
import types


def in_thread(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        thread = threading.Thread(target=func, args=args, kwargs=kwargs)
        thread.start()
        return thread

    return wrapper


def in_executor(func):
    async def wrapper(*args):  # error: WRP001 col=5
        loop = asyncio_loop()
        return await loop.run_in_executor(None, func, *args)

    return wrapper


def through_runner(func, executor):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return executor.call(func, *args, **kwargs)

    return wrapper


def bound(func):
    # Two names and one call: a possible wrapper.
    def wrapper(self):  # error: WRP007 col=5
        return types.MethodType(func, self)

    return wrapper


def with_run_closure(func):
    # ``run`` is the wrapper's own closure, started by the wrapper itself.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        def run():
            return func(*args, **kwargs)

        thread = threading.Thread(target=run)
        thread.start()

    return wrapper


def retry_loop(func):
    def wrapper(*args):  # error: WRP001 col=5
        def attempt():
            return func(*args)

        for _ in range(3):
            try:
                return attempt()
            except OSError:
                continue
        return attempt()

    return wrapper


def asyncio_loop():
    return None


def map_over(func):
    # map() applies 'func' to each element of the iterables 'mapped' is given: a
    # combinator, not a runner given the call's arguments (a hostile pass found it
    # WRP001). Named as a function and handed to a helper: WRP007 at most.
    def mapped(*iterables):  # error: WRP007 col=5
        return list(map(func, *iterables))

    return mapped


def in_threads(func):
    def run_all(*iterables):  # error: WRP007 col=5
        with ThreadPoolExecutor() as executor:
            return list(executor.map(func, *iterables))

    return run_all
