"""update_wrapper's arguments reversed by keyword: the fix swaps the values, not the names."""
import functools


def by_keyword(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(wrapper=wrapper, wrapped=func)
    return wrapper


def one_of_each(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(wrapper, wrapped=func)
    return wrapper


def another_argument_between(func):
    # Reported, not fixed: the two are not the first two arguments written.
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    functools.update_wrapper(wrapper=func, assigned=("__doc__",), wrapped=wrapper)
    return wrapper


def parenthesised(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    (functools.update_wrapper)(wrapper, func)
    return wrapper
