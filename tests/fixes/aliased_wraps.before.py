from functools import wraps as _wraps


def timeit(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
