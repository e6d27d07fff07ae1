# -*- coding: latin-1 -*-
"""Décorateurs."""


def chronomètre(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
