"""Evidence added for issue 18, from the labelled scan of unseen packages (wild2)."""

import functools
from functools import update_wrapper
from typing import Any, Callable, cast

from pyramid.httpexceptions import HTTPForbidden


def validator(code: int) -> Callable[..., Any]:
    # Previously missed (bokeh): the closure goes out through typing.cast.
    def decorator(func: Callable[..., Any]) -> Any:
        def _wrapper(*args: Any, **kwargs: Any) -> Any:  # error: WRP001 col=9
            return func(*args, **kwargs)

        wrapper = cast(Any, _wrapper)
        wrapper.code = code
        return wrapper

    return decorator


def returned_cast(func):
    # Previously missed: returned as cast(T, inner) directly.
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return cast(Callable[..., Any], wrapper)


def wraps_async(wrapped):
    # Previously a false positive (trio): update_wrapper copies the factory parameter's
    # metadata on purpose; "fn's name and docstring are lost" was false.
    def decorator(fn):
        async def wrapper(*args, **kwargs):
            return fn(*args, **kwargs)

        update_wrapper(wrapper, wrapped)
        return wrapper

    return decorator


def predicated_view(view, info):
    # Previously a false positive (pyramid): a view deriver, applied through wraps_view,
    # which copies the view's __name__, __doc__ and __module__.
    def predicate_wrapper(context, request):
        if not info.options:
            raise HTTPForbidden()
        return view(context, request)

    return predicate_wrapper


class timsort:
    compile = staticmethod(lambda function: function)


def make_quicksort(func):
    # Previously a false positive (numba): a compiled closure; wraps breaks it.
    @timsort.compile
    def wrapper(keys, values, *args):
        return func(keys, values, *args)

    return wrapper


def make_finder(find_func):
    # Previously a false positive on names alone (numba's implementation factory):
    # possible at most.
    def impl(data, substr):  # error: WRP007 col=5
        return find_func(data, substr)

    return impl


@functools.lru_cache()
def unrelated() -> None:
    pass
