"""Focused tests of the analysis on source strings: name resolution, scopes, Python versions."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from conftest import codes_in
from flake8_wraps.analysis.names import ImportedNames, identifiers_in


def qualified(source: str, expression: str) -> str | None:
    names = ImportedNames()
    for node in ast.parse(source).body:
        assert isinstance(node, (ast.Import, ast.ImportFrom))
        names.add(node)
    return names.qualified_name(ast.parse(expression, mode="eval").body)


@pytest.mark.parametrize(
    ("imports", "expression", "expected"),
    [
        ("import functools", "functools.wraps", "functools.wraps"),
        ("import functools as ft", "ft.wraps", "functools.wraps"),
        ("from functools import wraps as _wraps", "_wraps", "functools.wraps"),
        ("from functools import *", "update_wrapper", "functools.update_wrapper"),
        ("import os.path", "os.path.join", "os.path.join"),
        ("from . import compat", "compat.wraps", ".compat.wraps"),
        ("from .compat import wraps", "wraps", ".compat.wraps"),
        ("import functools", "wraps", None),
        ("from six import *", "wraps", None),
    ],
)
def test_names_resolve_through_imports(imports: str, expression: str, expected: str) -> None:
    assert qualified(imports, expression) == expected


def test_identifiers_are_names_and_last_attribute_names_at_any_depth() -> None:
    # What decides that a statement cannot use a name, so it is not walked for its uses.
    tree = ast.parse(
        "class C(Base):\n"
        "    @deco.register(key=lambda v: _helper(v))\n"
        "    def method(self, arg: int = DEFAULT) -> None:\n"
        "        self.cache[arg] = [x for x in items if x]\n"
    )
    assert identifiers_in(tree.body[0]) == frozenset(
        {"Base", "deco", "register", "v", "_helper", "self", "cache", "arg", "x", "items",
         "int", "DEFAULT", "None"}
    ) - {"None"}


def test_a_local_function_called_wraps_is_not_functools() -> None:
    assert codes_in(
        """
        def wraps(func):
            return func

        def deco(func):
            @wraps
            def wrapper(*args):
                return func(*args)
            return wrapper
        """
    ) == []


def test_import_inside_a_function_counts() -> None:
    assert codes_in(
        """
        def deco(func):
            from functools import wraps
            @wraps
            def wrapper(*args):
                return func(*args)
            return wrapper
        """
    ) == [(4, 6, "WRP003")]


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match statements are Python 3.10+")
def test_wrapper_inside_a_match_statement() -> None:
    assert codes_in(
        """
        def deco(func, mode):
            match mode:
                case "plain":
                    def wrapper(*args):
                        return func(*args)
                    return wrapper
        """
    ) == [(5, 13, "WRP001")]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="except* is Python 3.11+")
def test_wrapper_inside_try_star() -> None:
    assert codes_in(
        """
        def deco(func):
            try:
                def wrapper(*args):
                    return func(*args)
            except* ValueError:
                raise
            return wrapper
        """
    ) == [(4, 9, "WRP001")]


def test_nonlocal_name_is_the_enclosing_parameter() -> None:
    assert codes_in(
        """
        def deco(func):
            def wrapper(*args):
                nonlocal func
                return func(*args)
            return wrapper
        """
    ) == [(3, 5, "WRP001")]


def test_method_of_a_class_nested_in_a_function() -> None:
    """A def in a class body is a method: its first parameter is the instance."""
    assert codes_in(
        """
        def build():
            class Registry:
                def decorate(self, func):
                    def wrapper(*args):
                        return func(*args)
                    return wrapper
            return Registry
        """
    ) == [(5, 13, "WRP001")]


def test_importing_the_plugin_stays_cheap() -> None:
    """flake8 imports the plugin in every worker: no LibCST, no flake8 internals."""
    code = "import sys, flake8_wraps.plugin; print(sorted(m for m in sys.modules if m.startswith(('libcst', 'flake8.'))))"  # noqa: E501
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_overloaded_call_is_one_class_decorator() -> None:
    """Previously three identical WRP006 findings, one per ``__call__`` overload."""
    assert codes_in(
        """
        from typing import overload

        class Counted:
            def __init__(self, func):
                self.func = func

            @overload
            def __call__(self, x: int) -> int: ...
            @overload
            def __call__(self, x: str) -> str: ...
            def __call__(self, *args, **kwargs):
                return self.func(*args, **kwargs)

        @Counted
        def counted(x):
            return x
        """
    ) == [(4, 1, "WRP006")]


@pytest.mark.parametrize(
    "statement, column",
    [
        ("update_wrapper(func, wrapper)", 5),
        ("wrapper = update_wrapper(func, wrapper)", 15),
        ("return update_wrapper(func, wrapper)", 12),
    ],
    ids=["statement", "assigned", "returned"],
)
def test_a_reversed_copy_alone_in_its_module_is_found(statement: str, column: int) -> None:
    """WRP004 looks into functions only when the module holds a call it reads somewhere:
    as a statement, an assigned value or a returned one, each alone is enough."""
    ending = "" if statement.startswith("return") else "\n    return wrapper"
    source = (
        "from functools import update_wrapper\n\n"
        "def deco(func):\n"
        "    def wrapper(*args):\n"
        "        return func(*args)\n"
        f"    {statement}{ending}\n"
    )
    assert [code for code in codes_in(source) if code[2] == "WRP004"] == [(6, column, "WRP004")]
