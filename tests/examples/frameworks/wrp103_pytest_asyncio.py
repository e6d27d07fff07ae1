"""A plain-wrapper decorator on an async test: pytest-asyncio never runs the test body."""
import functools

import pytest

ran = []


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print("running", func.__name__)
        return func(*args, **kwargs)

    return wrapper


@pytest.mark.asyncio
@logged  # error: WRP103 col=2
async def test_total():
    ran.append("test_total")
    assert 1 + 1 == 3, "the body ran"
