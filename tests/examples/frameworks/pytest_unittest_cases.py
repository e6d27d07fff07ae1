"""WRP102 for pytest asks for fixtures through the signature a decorator hides; a
unittest.TestCase's methods get no fixtures, so hiding their signature damages nothing."""
import unittest

import pytest


def timeit(func):
    def wrapper(*args, **kwargs):  # error: WRP001 col=5
        return func(*args, **kwargs)

    return wrapper


@pytest.fixture
def number():
    return 3


class TestPlain:
    @timeit  # error: WRP102 col=6
    def test_number(self, number):
        assert number == 3


class TestShell(unittest.TestCase):
    # Previously a WRP102 (beanquery's @runshell gives its tests the shell's output):
    # pytest runs a TestCase's methods through unittest, which injects no fixtures.
    @timeit
    def test_output(self, out):
        assert out


@timeit
def test_with_a_default(number=3):
    # pytest asks for fixtures only through parameters without a default.
    assert number == 3
