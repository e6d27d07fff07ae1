"""Decorators."""
from __future__ import annotations


def logged(func):
    def wrapper(*args: object, **kwargs: object) -> object:
        return func(*args, **kwargs)

    return wrapper
