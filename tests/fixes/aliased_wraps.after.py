from functools import wraps as _wraps


def timeit(func):
    @_wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
