"""One of each code: the safe fixes apply, the unsafe ones wait for --unsafe-fixes."""
import functools as ft
from functools import update_wrapper, wraps


def discarded(func):
    @ft.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def bare(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def reversed_arguments(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    update_wrapper(wrapper, func)  # the comment stays
    return wrapper


def applied_the_wrong_way(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wraps(func)(wrapper)
    return wrapper


def route(path):
    def decorator(func):
        @ft.wraps(path, updated=())
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        return wrapper

    return decorator


def lambda_wrapper(func):
    return lambda *args, **kwargs: func(*args, **kwargs)


class CountCalls:
    """Decorator that counts the calls of the function it decorates."""

    def __init__(self, func):
        self.func = func
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)
