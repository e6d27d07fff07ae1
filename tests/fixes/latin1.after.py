# -*- coding: latin-1 -*-
"""Décorateurs."""
import functools


def chronomètre(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
