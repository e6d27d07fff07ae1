"""A functools.singledispatch implementation behind a decorator that drops its annotations."""
import functools


def logged(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@functools.singledispatch
def describe(value):
    return "something"


@describe.register  # error: WRP102 col=2
@logged
def _(value: int):
    return "an int"


@describe.register(float)
@logged
def _(value):
    # The type is explicit: register() reads nothing from the wrapper.
    return "a float"
