"""A copy by hand that spans lines keeps its comments: the fix leaves it (redundant, and
harmless) rather than lose them; a copy on one line goes."""


def deco(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__doc__ = (  # why this is here
        # an explanation line
        func.__doc__  # more
    )
    wrapper.__name__ = func.__name__
    return wrapper


@deco
def f(x):
    """Return x."""
    return x
