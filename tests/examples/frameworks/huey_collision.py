"""Two Huey tasks behind a decorator that drops their names: the second fails at import."""
from huey import MemoryHuey


def logged(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


huey = MemoryHuey(immediate=True)


@huey.task()
@logged
def add(a, b):
    return a + b


@huey.task()  # error: WRP101 col=2
@logged
def multiply(a, b):
    return a * b


@huey.task(name="subtract")
@logged
def subtract(a, b):
    # An explicit name: nothing to report.
    return a - b
