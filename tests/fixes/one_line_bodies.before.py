"""Bodies on their header's line: each edit turns the body into an indented block."""


def deco(func): return lambda *a, **k: func(*a, **k)  # the comment stays


class CountCalls:
    """Decorator that counts the calls."""

    def __init__(self, func): self.func = func; self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)


def timed(func):
    def wrapper(*args, **kwargs): return func(*args, **kwargs)
    return wrapper


class Documented:
    """Decorator whose __init__ has a docstring on its header's line."""

    def __init__(self, func): "Store the function."; self.func = func;  # two spaces stay

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


class Limited:
    """Decorator whose one-line __init__ silences a type checker on its last statement."""

    def __init__(self, func) -> None: self.func = func; self.limit = int(None)  # type: ignore

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


def traced(func): return (lambda *a, **k:  # a comment inside the lambda stays
                          func(*a, **k))
