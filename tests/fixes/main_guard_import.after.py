"""functools is bound when the file runs as a script only."""
import functools as _functools


def logged(func):
    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@logged
def answer():
    """The answer."""
    return 42


if __name__ == "__main__":
    import functools

    print(functools.reduce(int.__add__, [answer()]))
