"""Two Celery tasks behind a decorator that drops their names: one task is lost."""
from celery import Celery, shared_task


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


app = Celery("tasks", broker="memory://")


@app.task
@timeit
def add(x, y):
    return x + y


@app.task  # error: WRP101 col=2
@timeit
def multiply(x, y):
    return x * y


@app.task(name="tasks.subtract")
@timeit
def subtract(x, y):
    # An explicit name: nothing to report.
    return x - y


@shared_task  # error: WRP101 col=2
@timeit
def power(x, y):
    # A shared task joins every app: it takes the same name in 'app' (a hostile pass).
    return x**y
