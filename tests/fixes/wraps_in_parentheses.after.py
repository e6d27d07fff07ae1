from functools import wraps


def deco(fn):
    @wraps(fn)  # the parentheses go with the fix
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper
