"""WRP001 on a method bound by hand: a descriptor applied as a decorator whose
``__get__`` returns a closure that calls the stored function with the instance and its
own arguments (box's ``APICallWrapper``, manticore's ``transact``, CCL's
``_Pk2D_descriptor``, each given ``@functools.wraps(self.func)`` by its maintainers).
"""
import functools
from functools import partial, update_wrapper
from types import MethodType


def api_call(method):
    """Designates the decorated method as one that makes an API call."""
    return APICallWrapper(method)


class APICallWrapper:
    # Built by a function applied with '@': update_wrapper(self, ...) does not reach
    # the closure that obj.method gives.
    def __init__(self, func):
        self._func = func
        update_wrapper(self, func)

    def __get__(self, instance, owner):
        def call(*args, **kwargs):  # error: WRP001 col=9
            return self._func(instance, *args, **kwargs)

        return call


class transact:
    def __init__(self, pre):
        self._pre = pre

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self

        def _pre_func(my_obj, *args, **kwargs):  # error: WRP001 col=9
            return self._pre(my_obj, *args, **kwargs)

        return MethodType(_pre_func, obj)


class deprecated_on_class:
    def __init__(self, func):
        self.func = func

    def __get__(self, instance, base):
        this = base if instance is None else instance

        def new_func(*args, **kwargs):  # error: WRP001 col=9
            return self.func(this, *args, **kwargs)

        new_func.__name__ = self.func.__name__
        new_func.__doc__ = self.func.__doc__
        return new_func


class bound_partial:
    def __init__(self, func):
        self.func = func

    def __get__(self, obj, owner):
        def run(instance, **kwargs):  # error: WRP001 col=9
            return self.func(instance, **kwargs)

        return partial(run, obj)


class already_wrapped:
    def __init__(self, func):
        self.func = func

    def __get__(self, obj, owner):
        @functools.wraps(self.func)
        def bound(*args, **kwargs):
            return self.func(obj, *args, **kwargs)

        return bound


class fixed_arguments:
    # Not reported: a closure of fixed parameters may be anything built of the function.
    def __init__(self, func):
        self.func = func

    def __get__(self, obj, owner):
        def getter(key):
            return self.func(obj, key)

        return getter


class NeverApplied:
    # Not reported: no '@NeverApplied' anywhere, nor a function that builds it.
    def __init__(self, func):
        self.func = func

    def __get__(self, obj, owner):
        def bound(*args, **kwargs):
            return self.func(obj, *args, **kwargs)

        return bound


class Account:
    @api_call
    def fetch(self):
        return 1

    @transact
    def send(self, gas):
        return gas

    @deprecated_on_class
    def balance(self):
        """The balance."""
        return 0

    @bound_partial
    def close(self, force=False):
        return force

    @already_wrapped
    def open(self):
        return 2


class updated_after:
    def __init__(self, func):
        self.func = func

    def __get__(self, obj, owner):
        def bound(*args, **kwargs):
            return self.func(obj, *args, **kwargs)

        functools.update_wrapper(bound, self.func)
        return bound


class Ledger:
    @updated_after
    def total(self):
        return 3
