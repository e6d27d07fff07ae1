"""Class decorators that store the function with an annotation, beside another value,
or in a class whose __slots__ keep a __dict__: each is reported, and --unsafe-fixes
calls update_wrapper(self, func) before the store."""
from typing import Callable


class typed:
    def __init__(self, func: Callable[..., int]) -> None:
        self.func: Callable[..., int] = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class paired:
    def __init__(self, func):
        self.func, self.calls = func, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)


class slotted_with_dict:
    __slots__ = ("func", "__dict__")

    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


@typed
def first():
    """The first."""


@paired
def second():
    """The second."""


@slotted_with_dict
def third():
    """The third."""
