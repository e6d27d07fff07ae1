"""Decorators."""
from __future__ import annotations

import functools


def logged(func):
    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        return func(*args, **kwargs)

    return wrapper
