"""The module docstring; an import shares its line."""; import os


def deco(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
