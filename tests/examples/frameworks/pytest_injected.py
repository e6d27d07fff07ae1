"""A test decorator that gives the test an argument itself: pytest must not ask for it.

vkbottle's ``with_mocked_api`` calls each test with ``api=`` a client it makes. The
wrapper's ``(*args, **kwargs)`` is what keeps pytest from looking for an ``api`` fixture,
so only a parameter the wrapper does not give is lost.
"""
import pytest


def with_client(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, client={"answer": 42}, **kwargs)

    return wrapper


@pytest.fixture
def number():
    return 3


@with_client
def test_client(client):
    assert client["answer"] == 42


@with_client  # error: WRP102 col=2
def test_client_and_number(client, number):
    assert client["answer"] == 42 and number == 3
