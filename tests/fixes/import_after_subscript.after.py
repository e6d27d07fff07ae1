"""A subscript runs __class_getitem__, and with it @logged, before functools is bound."""
import functools as _functools


def logged(func):
    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def answer():
    """The answer."""
    return 42


class Registry:
    def __class_getitem__(cls, func):
        return logged(func)


answer = Registry[answer]

import functools
