import functools


def discarded(func):
    # copy the metadata
    # (does nothing)

    # the wrapper
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def lambda_wrapper(func):
    # a lambda wrapper
    return lambda *args: func(*args)  # short
