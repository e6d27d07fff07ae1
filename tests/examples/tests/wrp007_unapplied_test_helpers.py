"""Decorators of test code (this folder is ``tests/`` of the examples' project): one that
nothing in the project applies is a helper that a test or two call, whose name nobody
reads, and is only possibly a wrapper; one that a test applies keeps its weight."""


def echo_calls(func):
    def wrapper(*args, **kwargs):  # error: WRP007 col=5
        print("calling", func)
        return func(*args, **kwargs)

    return wrapper


def retry_once(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        try:
            return func(*args, **kwargs)
        except OSError:
            return func(*args, **kwargs)

    return wrapper


@retry_once
def test_reads_the_disk():
    assert echo_calls(len)("ab") == 2
