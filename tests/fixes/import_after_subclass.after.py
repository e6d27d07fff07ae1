"""Subclassing runs Base.__init_subclass__, and with it @logged, before wraps is bound."""
import functools


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


class Base:
    def __init_subclass__(cls):
        cls.answer = logged(cls.answer)


class Answer(Base):
    def answer():
        """The answer."""
        return 42


answer = Answer.answer

from functools import wraps
