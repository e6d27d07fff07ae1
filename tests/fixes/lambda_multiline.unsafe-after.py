import functools


def deco(func):
    @functools.wraps(func)
    def wrapper(*args):
        return (
            func(*args)
        )
    return wrapper
