"""Decorators of test code (this folder is ``tests/`` of the examples' project): one that
nothing in the project applies is a helper that a test or two call, whose name nobody
reads: silent, or only possibly a wrapper where more says it is a decorator; one that a
test applies keeps its weight. An instance patched here is a test double: silent."""


def echo_calls(func):
    def wrapper(*args, **kwargs):
        print("calling", func)
        return func(*args, **kwargs)

    return wrapper


def trace_calls(func):
    """Decorator: print each call and its result."""

    def wrapper(*args, **kwargs):  # error: WRP007 col=5
        result = func(*args, **kwargs)
        print("called", func, "->", result)
        return result

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
    assert trace_calls(len)("abc") == 3


def capture(connection, sent):
    # An instance patched in test code: a test double, not reported.
    original_send = connection.send_message

    def capture_send(message):
        sent.append(message)
        return original_send(message)

    connection.send_message = capture_send
