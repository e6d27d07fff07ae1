"""WRP004: metadata copied the wrong way or from the wrong object."""
import functools
from functools import update_wrapper, wraps


def reversed_arguments(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    update_wrapper(func, wrapper)  # error: WRP004 col=5
    return wrapper


def reversed_and_returned(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return functools.update_wrapper(func, wrapper)  # error: WRP004 col=12


def reversed_by_keyword(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    update_wrapper(wrapper=func, wrapped=wrapper)  # error: WRP004 col=5
    return wrapper


def by_keyword_the_right_way(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    update_wrapper(wrapped=func, wrapper=wrapper)
    return wrapper


def copy_name_onto(wrapper, wrapped):
    wrapped.__name__ = wrapper.__name__ + "_wrapped"
    return wrapped


def shadowed_locally(func):
    # Not reported: this update_wrapper is the function's own, with its own argument order.
    update_wrapper = copy_name_onto

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    update_wrapper(wrapper=func, wrapped=wrapper)
    return wrapper


def reversed_wraps_applied(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wraps(wrapper)(func)  # error: WRP004 col=5
    return wrapper


def route(path):
    def decorator(func):
        @wraps(path)  # error: WRP004 col=10
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        return wrapper

    return decorator


def literal_source(func):
    @functools.wraps("func")  # error: WRP004 col=6
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def unknown_source_is_left_alone(func):
    # ``original`` may be ``func`` under another name: unsure, so silent.
    original = getattr(func, "__wrapped__", func)

    @wraps(original)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def copies_from_a_dummy(_wrapper, decorator):
    # Previously a false positive: Django copies a decorated dummy's metadata onto the
    # parameter on purpose; ``dummy`` wraps nothing.
    @decorator
    def dummy(*args, **kwargs):
        pass

    update_wrapper(_wrapper, dummy)


def update_wrapper_attributes(wrapped, wrapper):
    # Previously a false positive: pydantic wraps ``wrapper`` and copies from ``wrapped``,
    # the original function, on purpose.
    @functools.wraps(wrapped)
    def wrapper_function(*args, **kwargs):
        return wrapper(*args, **kwargs)

    return wrapper_function


class Proxy:
    def __init__(self, func):
        self.func = func
        update_wrapper(func, self)  # error: WRP004 col=9

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


def sync_and_async(normal_func):
    # Not reported (jinja2's async variants): two stacked copies, each of some attributes,
    # the name from the async function and the rest from the sync one, on purpose.
    def decorator(async_func):
        from_async = ("__module__", "__name__", "__qualname__")

        @functools.wraps(normal_func, assigned=("__doc__",))
        @functools.wraps(async_func, assigned=from_async, updated=())
        def wrapper(*args, **kwargs):
            if args and args[0]:
                return async_func(*args, **kwargs)
            return normal_func(*args, **kwargs)

        return wrapper

    return decorator


def patch(target):
    # Not reported: 'patched' is set in place of 'target' (requests.get =
    # patch(requests.get)(my_get)) and hands it to the replacement, so @wraps(target)
    # copies the right metadata (a hostile pass found it WRP004, with the wrong fix).
    def decorator(replacement):
        @functools.wraps(target)
        def patched(*args, **kwargs):
            return replacement(target, *args, **kwargs)

        return patched

    return decorator


def route(path):
    def decorator(view):
        @functools.wraps(path)  # error: WRP004 col=10
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        return wrapper

    return decorator
