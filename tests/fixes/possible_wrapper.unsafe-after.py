"""WRP007: names alone say 'compose' may be a decorator; its fix is WRP001's, unsafe."""
import functools


def compose(func):
    @functools.wraps(func)
    def g(x):
        return func(x)

    return g
