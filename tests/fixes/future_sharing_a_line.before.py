from __future__ import annotations; DEBUG = False


def deco(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
