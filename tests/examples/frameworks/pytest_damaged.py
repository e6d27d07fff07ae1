"""A pytest test and fixture behind a decorator that hides their signatures."""
import pytest


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@pytest.fixture
def number():
    return 3


@pytest.fixture  # error: WRP102 col=2
@timeit
def doubled(number):
    return number * 2


@timeit  # error: WRP102 col=2
def test_number(number):
    assert number == 3


@timeit
def test_without_fixtures():
    # Asks for no fixture: the hidden signature costs nothing.
    assert True
