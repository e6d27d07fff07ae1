"""Where the fixer's added ``import functools`` goes: where isort and ruff's ``I`` rules
would put it, so that a fix never makes a sorted file unsorted.

Their default profile: the leading imports form sections (``__future__``, the standard
library, then everything else), one blank line between sections, ``import x`` before
``from x import y`` within a section, names compared without case. The added import
joins the standard library's section in sorted position, or opens that section before
the third-party one (a comment above that section stays with it). Code below a new
first import starts two blank lines below it when it is a ``def`` or ``class``
(pycodestyle's E302), one otherwise.

This module imports LibCST; only the fixer imports it.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Optional, Sequence, Union

import libcst as cst

_FUTURE, _STANDARD_LIBRARY, _OTHER = 0, 1, 2
_Statement = Union[cst.SimpleStatementLine, cst.BaseCompoundStatement]


def with_import(module: cst.Module, name: str, asname: Optional[str]) -> cst.Module:
    """``module`` with ``import name [as asname]`` in its sorted place."""
    body = list(module.body)
    start = 1 if body and _starts_with_docstring(body[0]) else 0
    # A ``__future__`` import must stay first, and so must whatever shares its line
    # (``from __future__ import annotations; x = 1``): the new import goes below.
    while start < len(body) and _shares_a_line_with_future(body[start]):
        start += 1
    end = start
    while end < len(body) and _is_import(body[end]):
        end += 1
    text = f"import {name}" + (f" as {asname}" if asname else "") + module.default_newline
    statement = cst.parse_statement(text, config=module.config_for_parsing)
    assert isinstance(statement, cst.SimpleStatementLine)
    key = name.lower()
    position, opens_section, ends_section = end, True, False
    for index in range(start, end):
        section = _section(body[index])
        if section == _FUTURE:
            continue
        if section == _OTHER or _sort_key(body[index]) > (0, key):
            position = index
            follows_standard = index > start and _section(body[index - 1]) == _STANDARD_LIBRARY
            opens_section = section == _OTHER and not follows_standard
            ends_section = section == _OTHER and follows_standard
            break
    else:
        opens_section = not (end > start and _section(body[end - 1]) == _STANDARD_LIBRARY)
    if position < end:
        after = body[position]
        assert isinstance(after, cst.SimpleStatementLine)
        if opens_section:
            # A comment above the next section stays with it, a blank line between.
            kept, moved = _split_leading_lines(after.leading_lines)
            kept = [cst.EmptyLine(), *kept]
        elif ends_section:
            # The last of the standard library's section: the next section keeps its
            # blank line and its comment.
            kept, moved = list(after.leading_lines), []
        else:
            # Within a section, a comment goes above both: isort and ruff disagree on a
            # comment between two imports (ruff wants a blank line before it).
            kept, moved = [], list(after.leading_lines)
        statement = statement.with_changes(leading_lines=moved)
        body[position] = after.with_changes(leading_lines=kept)
    else:
        if opens_section and position > start:
            statement = statement.with_changes(leading_lines=[cst.EmptyLine()])
        if end == start and position < len(body):
            # The first import: code keeps its distance from it (E302).
            body[position] = _separated(body[position], 2 if _is_definition(body[position]) else 1)
    body.insert(position, statement)
    return module.with_changes(body=body)


def _split_leading_lines(
    lines: Sequence[cst.EmptyLine],
) -> tuple[list[cst.EmptyLine], list[cst.EmptyLine]]:
    """The lines above a statement, split into those that stay with it (from its first
    comment on) and the blank lines above."""
    items = list(lines)
    first_comment = next(
        (index for index, line in enumerate(items) if line.comment is not None), len(items)
    )
    return items[first_comment:], items[:first_comment]


def _separated(statement: _Statement, blank_lines: int) -> _Statement:
    """``statement`` with at least ``blank_lines`` blank lines above it."""
    leading = list(getattr(statement, "leading_lines", ()))
    blanks = 0
    for line in leading:
        if line.comment is not None:
            break
        blanks += 1
    if blanks >= blank_lines or not hasattr(statement, "leading_lines"):
        return statement
    missing = [cst.EmptyLine()] * (blank_lines - blanks)
    return statement.with_changes(leading_lines=[*missing, *leading])


def _section(statement: cst.CSTNode) -> int:
    assert isinstance(statement, cst.SimpleStatementLine)
    small = statement.body[0]
    if isinstance(small, cst.ImportFrom):
        if small.relative or small.module is None:
            return _OTHER
        top = _dotted(small.module).split(".")[0]
    else:
        assert isinstance(small, cst.Import)
        top = _dotted(small.names[0].name).split(".")[0]
    if top == "__future__":
        return _FUTURE
    return _STANDARD_LIBRARY if is_standard_library(top) else _OTHER


def _sort_key(statement: cst.CSTNode) -> tuple[int, str]:
    """isort's order within a section: ``import x`` lines first, then ``from`` lines."""
    assert isinstance(statement, cst.SimpleStatementLine)
    small = statement.body[0]
    if isinstance(small, cst.ImportFrom):
        return (1, _dotted(small.module).lower() if small.module is not None else "")
    assert isinstance(small, cst.Import)
    return (0, _dotted(small.names[0].name).lower())


def _dotted(node: cst.BaseExpression) -> str:
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
    return ".".join(reversed(parts))


@lru_cache(maxsize=512)
def is_standard_library(top_level: str) -> bool:
    """Whether ``top_level`` names a module of the standard library (never imports it)."""
    names: Optional[frozenset[str]] = getattr(sys, "stdlib_module_names", None)  # 3.10+
    if names is not None:
        return top_level in names
    import importlib.util  # pragma: no cover - the 3.9 path
    import sysconfig

    if top_level in sys.builtin_module_names:
        return True
    try:
        spec = importlib.util.find_spec(top_level)
    except (ImportError, ValueError):
        return False
    origin = getattr(spec, "origin", None) or ""
    return bool(origin) and origin.startswith(sysconfig.get_paths()["stdlib"]) and (
        "site-packages" not in origin
    )


def _starts_with_docstring(statement: cst.CSTNode) -> bool:
    """The module's docstring, alone on its line or followed by ``; import os``: the
    new import goes below the whole line, or the module would lose its ``__doc__``."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _shares_a_line_with_future(statement: cst.CSTNode) -> bool:
    """A line of several statements with a ``from __future__`` import among them."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and not _is_import(statement)
        and any(
            isinstance(small, cst.ImportFrom)
            and small.module is not None
            and not small.relative
            and _dotted(small.module) == "__future__"
            for small in statement.body
        )
    )


def _is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _is_definition(statement: cst.CSTNode) -> bool:
    return isinstance(statement, (cst.FunctionDef, cst.ClassDef))
