"""``benchmarks/score_blind.py``: a misuse of ``wraps`` counts for the closure it names.

WRP002 reports a bare ``functools.wraps(f)`` statement where it stands, before the closure's
``def``; WRP003 reports ``@wraps`` without arguments at the decorator. Both say that closure
loses its metadata, so the scorer credits them to the labelled closure and to no other.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import score_blind  # noqa: E402  (a script of benchmarks/, not a package)

SOURCE = '''\
import functools


def log_inout(f):
    def decorator(g):
        functools.wraps(g)

        def helper(x):
            return x

        def wrapper(*args, **kwargs):
            return g(*args, **kwargs)

        return wrapper

    return decorator


def optional(func):
    @functools.wraps
    def inner(*args):
        return func(*args)

    return inner
'''


def test_a_bare_statement_counts_for_the_closure_beside_it() -> None:
    lines = score_blind.misuse_lines(SOURCE, 11)
    assert 6 in lines  # functools.wraps(g), in the function that holds the closure
    assert {11, 12} <= lines  # the closure itself
    assert not lines & {9, 19, 20}  # another function's body, another closure


def test_wraps_without_arguments_counts_for_the_closure_it_decorates() -> None:
    lines = score_blind.misuse_lines(SOURCE, 21)
    assert {20, 21, 22} <= lines
    assert 19 in lines  # the def line of the function around it
    assert not lines & {6, 11}


def test_no_function_at_the_line_or_no_python_credits_nothing() -> None:
    assert score_blind.misuse_lines(SOURCE, 3) == set()
    assert score_blind.misuse_lines("def broken(:\n", 1) == set()
