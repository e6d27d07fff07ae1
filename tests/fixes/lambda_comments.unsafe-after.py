import functools


def deco(func):
    # after the colon
    @functools.wraps(func)
    def wrapper(*a,  # the arguments
            **k):
        return func(*a,  # keep them
                     **k)
    return wrapper
