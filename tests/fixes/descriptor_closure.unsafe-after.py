"""A decorator descriptor whose __get__ binds the method by hand: the closure it returns
is what obj.method gives every caller (manticore's transact, CCL's deprecation)."""
import functools
from types import MethodType


class transact:
    def __init__(self, pre):
        self._pre = pre

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self

        @functools.wraps(self._pre)
        def _pre_func(my_obj, *args, **kwargs):
            return self._pre(my_obj, *args, **kwargs)

        return MethodType(_pre_func, obj)


class deprecated_on_class:
    def __init__(self, func):
        self.func = func

    def __get__(self, instance, base):
        this = base if instance is None else instance

        @functools.wraps(self.func)
        def new_func(*args, **kwargs):
            return self.func(this, *args, **kwargs)

        new_func.__doc__ = self.func.__doc__
        return new_func


class Account:
    @transact
    def call(self, gas):
        return gas

    @deprecated_on_class
    def balance(self):
        """The balance."""
        return 0
