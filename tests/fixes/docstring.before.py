"""Decorators of the project.

The module has no import yet.
"""


def logged(func):
    # A comment that stays where it is.
    def wrapper(*args, **kwargs):  # and this one
        return func(*args, **kwargs)

    return wrapper
