"""Two Prefect tasks behind a decorator that drops their names: one cache key for both."""
from prefect import flow, task


def logged(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@task(persist_result=True)
@logged
def price(item):
    return 10


@task(persist_result=True)  # error: WRP101 col=2
@logged
def stock(item):
    return 3


@flow
def inventory(item):
    return price(item), stock(item)
