"""Dramatiq actors on two brokers behind a decorator that drops their names: each broker
keeps its own actors, so only two on one broker collide."""
import dramatiq
from dramatiq.brokers.stub import StubBroker

one = StubBroker()
other = StubBroker()


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@dramatiq.actor(broker=one)  # error: WRP102 col=2
@timeit
def send_welcome(user_id):
    return user_id


@dramatiq.actor(broker=other)  # error: WRP102 col=2
@timeit
def send_reminder(user_id):
    return user_id
