"""Two Dramatiq actors behind a decorator that drops their names: import fails."""
import dramatiq


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@dramatiq.actor
@timeit
def send_welcome(user_id):
    return user_id


@dramatiq.actor  # error: WRP101 col=2
@timeit
def send_reminder(user_id):
    return user_id


@dramatiq.actor(actor_name="send_receipt")
@timeit
def send_receipt(user_id):
    # An explicit name: nothing to report.
    return user_id
