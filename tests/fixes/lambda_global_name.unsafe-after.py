import functools


def wrapper():
    return "the module's wrapper"


def deco(func):
    global wrapper
    @functools.wraps(func)
    def _wrapper(*args):
        return func(*args)
    return _wrapper
