import functools


def discarded(func):
    # copy the metadata
    functools.wraps(func)  # (does nothing)

    # the wrapper
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def lambda_wrapper(func):
    # a lambda wrapper
    return lambda *args: func(*args)  # short
