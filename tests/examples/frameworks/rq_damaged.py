"""An RQ job behind a decorator that drops its name: enqueued fine, failed by the worker."""
from redis import Redis
from rq import Queue


def logged(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@logged
def add(a, b):
    return a + b


def enqueue_add(port):
    queue = Queue("default", connection=Redis(port=port))
    return queue.enqueue(add, 2, 3)  # error: WRP102 col=12
