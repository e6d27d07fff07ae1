"""The analysis never crashes on code Python can parse: real, deep and generated code."""

from __future__ import annotations

import ast
import sysconfig
import warnings
from pathlib import Path
from typing import Callable

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings

from flake8_wraps.analysis.module import analyze
from flake8_wraps.project.checker import check


def deepest_parsable(make_source: Callable[[int], str]) -> tuple[int, ast.Module]:
    """The largest size that ``ast.parse`` accepts for ``make_source``, and its tree."""
    low, high = 1, 20_000
    while low < high:
        middle = (low + high + 1) // 2
        try:
            ast.parse(make_source(middle))
        except (SyntaxError, RecursionError, MemoryError):
            high = middle - 1
        else:
            low = middle
    return low, ast.parse(make_source(low))


def nested_defs(depth: int) -> str:
    lines = [f"{'    ' * level}def level{level}(func):" for level in range(depth)]
    lines.append(f"{'    ' * depth}return func")
    lines.extend(
        f"{'    ' * (level + 1)}return level{level + 1}" for level in reversed(range(depth - 1))
    )
    return "\n".join(lines) + "\n"


def nested_blocks(depth: int) -> str:
    lines = ["def deco(func):"]
    lines.extend(f"{'    ' * (level + 1)}if func:" for level in range(depth))
    indent = "    " * (depth + 1)
    lines.append(f"{indent}def wrapper(*args):\n{indent}    return func(*args)")
    lines.append(f"{indent}return wrapper")
    return "\n".join(lines) + "\n"


def long_sum(terms: int) -> str:
    body = " + ".join(["func(a)"] * terms)
    return f"def deco(func):\n    def wrapper(a):\n        return {body}\n    return wrapper\n"


def long_argument(terms: int) -> str:
    body = " + ".join(["a"] * terms)
    return (
        f"def deco(func):\n    def wrapper(a):\n        return func(a, {body})\n"
        "    return wrapper\n"
    )


def test_nested_defs_as_deep_as_python_parses() -> None:
    depth, tree = deepest_parsable(nested_defs)
    assert depth > 90
    assert analyze(tree) == []


def test_nested_blocks_as_deep_as_python_parses() -> None:
    depth, tree = deepest_parsable(nested_blocks)
    assert depth > 90
    assert [(f.code, f.line) for f in analyze(tree)] == [("WRP001", depth + 2)]


def test_wrapper_with_the_longest_expression_python_parses() -> None:
    """A recursive ``ast.NodeVisitor`` fails at about 1,000 terms; we must not.

    ``return func(a) + func(a) + ...`` computes with the results, but a closure named
    ``wrapper`` of a function named ``deco`` over a ``func`` may be a decorator's wrapper
    all the same (as ``return func(a).upper()`` is): analysed without an error, and reported
    as possible (WRP007), since names are all the evidence there is.
    """
    terms, tree = deepest_parsable(long_sum)
    assert terms > 1_000
    assert [(f.code, f.line) for f in analyze(tree)] == [("WRP007", 2)]


def test_wrapper_passing_the_longest_expression_python_parses() -> None:
    terms, tree = deepest_parsable(long_argument)
    assert terms > 1_000
    assert [(f.code, f.line) for f in analyze(tree)] == [("WRP001", 2)]


def decorated_wrapper(decorator: Callable[[int], str]) -> Callable[[int], str]:
    """A decorator's wrapper that carries a decorator of its own, ``depth`` levels deep."""
    return lambda depth: (
        f"def deco(func):\n    @{decorator(depth)}\n    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n    return wrapper\n"
    )


DEEP_DECORATORS = {
    "subscripts": lambda depth: "x" + "[0]" * depth,
    "attributes": lambda depth: "a" + ".a" * depth,
    "calls": lambda depth: "x" + "()" * depth,
    "sum": lambda depth: "(x" + " + x" * depth + ")",
}


@pytest.mark.parametrize("shape", sorted(DEEP_DECORATORS))
def test_a_decorator_on_the_wrapper_as_deep_as_python_parses(shape: str) -> None:
    """PEP 614 allows any expression as a decorator; the message about it names it without
    unparsing it whole (``ast.unparse`` recursed out of the stack at about 330 levels)."""
    depth, tree = deepest_parsable(decorated_wrapper(DEEP_DECORATORS[shape]))
    assert depth > 330
    found = analyze(tree)
    assert [(f.code, f.line, f.fix is not None and f.fix.safe) for f in found] == [
        ("WRP001", 3, False)
    ]


def stdlib_files() -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    return sorted(
        path
        for path in stdlib.rglob("*.py")
        if "site-packages" not in path.parts and "dist-packages" not in path.parts
    )


def test_every_standard_library_file() -> None:
    """No exception on any file of the running interpreter's standard library."""
    analysed = 0
    for path in stdlib_files():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes in test data
                tree = ast.parse(path.read_bytes(), filename=str(path))
        except (SyntaxError, ValueError):
            continue  # lib2to3 test data and the like: not Python this interpreter parses
        check(tree, str(path))  # what the plugin runs: the analysis and the framework rules
        analysed += 1
    assert analysed > 700


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(source=hypothesmith.from_grammar())
def test_generated_programs(source: str) -> None:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        assume(False)
        raise  # unreachable: assume(False) ends the example
    check(tree, "generated.py")
