"""The language server's shortcuts give what the long way gives.

``reparse`` parses only the statements a change touched: its tree must be the one
``ast.parse`` gives for the whole text. ``local_fix`` runs the fixer on the statements a
fix edits: its edits must give the file ``fix_source`` gives.
"""

from __future__ import annotations

import ast
import random
from pathlib import Path
from typing import Optional

import pytest

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.project.checker import check
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.fix.fixer import fix_source
from flake8_wraps.lsp.local_fix import LineEdit, local_fix
from flake8_wraps.lsp.reparse import Parsed, parse, python_lines

FIXES = Path(__file__).parent / "fixes"

#: What users type: a character, a line, a block, and text that runs on into what
#: follows (an open bracket, string or decorator), which must not parse alone.
TYPED = [
    "x", "\n", "\n\n", "x = 1\n", "    y = 2\n", "def f():\n    pass\n", "(", ")", "[\n",
    '"""', "'''\n", "\\\n", "@decorator\n", "@(\n", "class C:\n", "import os\n", "#",
    "# noqa\n", "\x0c\n", "if x:\n", "else:\n", "elif y:\n", "except:\n", "finally:\n",
    "async ", "lambda: 0", "match x:\n    case 1:\n        pass\n", ";", "; z = 3",
]


def tree_dump(tree: ast.Module) -> str:
    return ast.dump(tree, include_attributes=True)


def whole(lines: list[str]) -> Optional[ast.Module]:
    try:
        return ast.parse("".join(lines))
    except (SyntaxError, ValueError):
        return None


def test_reparse_gives_the_tree_of_the_whole_text() -> None:
    """Random edits to real code, each from the tree of the text before it."""
    text = (FIXES / "all_codes.before.py").read_text() + (FIXES / "comments.before.py").read_text()
    generator = random.Random(20261201)
    lines = python_lines(text)
    previous: Optional[Parsed] = parse(lines)
    for _ in range(400):
        line = generator.randrange(len(lines) + 1)
        if line < len(lines) and generator.random() < 0.3:
            edited = lines[:line] + lines[line + 1:]  # a line deleted
        else:
            current = lines[line] if line < len(lines) else ""
            column = generator.randrange(len(current) + 1)
            typed = generator.choice(TYPED)
            edited = lines[:line] + python_lines(current[:column] + typed + current[column:])
            edited = python_lines("".join(edited + lines[line + 1:]))
        expected = whole(edited)
        try:
            parsed: Optional[Parsed] = parse(edited, previous)
        except (SyntaxError, ValueError):
            parsed = None
        assert (parsed is None) == (expected is None), "".join(edited)
        if parsed is not None and expected is not None:
            assert tree_dump(parsed.tree) == tree_dump(expected), "".join(edited)
            previous = parsed
        if expected is not None or generator.random() < 0.2:
            lines = edited  # keep typing, sometimes from a text that does not parse
        if whole(lines) is None and previous is not None and generator.random() < 0.5:
            lines = previous.lines  # undo back to what parsed


def test_reparse_finds_the_at_sign_of_a_decorator_lines_above_its_expression() -> None:
    before = python_lines("x = 1\n@(\n    decorator\n)\ndef f():\n    pass\ny = 2\n")
    after = before[:4] + ["def g():\n"] + before[5:]
    parsed = parse(after, parse(before))
    assert tree_dump(parsed.tree) == tree_dump(ast.parse("".join(after)))


def applied(lines: list[str], edits: list[LineEdit]) -> str:
    result = list(lines)
    for edit in sorted(edits, reverse=True):
        result[edit.start:edit.end] = python_lines(edit.text)
    return "".join(result)


def fixable(text: str) -> list[Finding]:
    return [f for f in check(ast.parse(text), None, DEFAULT_CONFIG) if f.fix is not None]


@pytest.mark.parametrize(
    "name", sorted(p.name.split(".")[0] for p in FIXES.glob("*.before.py"))
)
def test_a_local_fix_is_the_fix_of_the_whole_file(name: str) -> None:
    source = (FIXES / f"{name}.before.py").read_bytes()
    try:
        text = source.decode("utf-8")
        tree = ast.parse(text)
    except (UnicodeDecodeError, SyntaxError, ValueError):
        pytest.skip("the client sends text: this fixture is about bytes")
    lines = python_lines(text)
    for finding in fixable(text):
        edits = local_fix(lines, tree, [finding], DEFAULT_CONFIG)
        expected = fix_source(source, [finding], DEFAULT_CONFIG, unsafe=True).source
        if name in NEEDS_THE_WHOLE_FILE:
            assert edits is None
            continue
        assert edits is not None, (name, finding)
        assert applied(lines, edits) == expected.decode("utf-8"), (name, finding)


#: Fixtures where a name outside the edited statements decides the spelling: an import
#: outside the import block (whether it is bound in time is the whole file's); or where
#: the finding needs it (figures_equal: the decorator is applied further down;
#: descriptor_closure and property_getter: the descriptors or decorators are applied in
#: a class further down; registered: the registering decorator is applied further down).
#: (name_clash, helper_copy and future_sharing_a_line need no more than the statement
#: after the header, which a module without imports now takes with it.)
NEEDS_THE_WHOLE_FILE = {
    "figures_equal", "conditional_import", "import_after_subclass", "import_after_subscript",
    "import_before_use", "late_module_import", "late_wraps_import", "main_guard_import",
    "type_checking_import", "descriptor_closure", "property_getter", "registered",
}


def long_module(head: str = '"""A module."""\n\nimport time\n\n\n') -> str:
    block = (
        "def timed_{n}(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
        "\n\n"
        "class Service{n}:\n"
        "    value = {n}\n"
        "\n\n"
    )
    return head + "".join(block.format(n=n) for n in range(50))


@pytest.mark.parametrize(
    "head",
    [
        '"""A module."""\n\nimport time\n\n\n',
        # No import: the fix adds one where the header meets the next piece. Previously
        # that gave up, and the whole file (seconds on a long one) was fixed instead.
        "# A licence header.\n\n",
        '"""A module."""\n\n\n',
        "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n",
        "",
        # No import, and code before the first def: the added import stands one blank
        # line above that code, not two. Previously the small module had the def there.
        "\nDEBUG = False\n\n\n",
        "try:\n    import ujson as json\nexcept ImportError:\n    import json\n\n\n",
    ],
    ids=["imports", "comment", "docstring", "shebang", "nothing", "code-first", "try-import"],
)
def test_a_local_fix_in_the_middle_of_a_long_module(head: str) -> None:
    text = long_module(head)
    lines, tree = python_lines(text), ast.parse(text)
    findings = fixable(text)
    assert len(findings) == 50
    for finding in (findings[0], findings[25], findings[-1]):
        edits = local_fix(lines, tree, [finding], DEFAULT_CONFIG)
        expected = fix_source(text.encode(), [finding], DEFAULT_CONFIG).source.decode()
        assert edits is not None
        assert applied(lines, edits) == expected


@pytest.mark.parametrize(
    "elsewhere",
    [
        "functools = None\n",  # the name the fix would import is taken
        "import functools as ft\n",  # an import further down is the spelling to use
    ],
)
def test_no_local_fix_where_the_rest_of_the_module_decides_the_spelling(
    elsewhere: str,
) -> None:
    text = long_module() + elsewhere
    lines, tree = python_lines(text), ast.parse(text)
    finding = fixable(text)[10]
    assert local_fix(lines, tree, [finding], DEFAULT_CONFIG) is None


def change(line: int, character: int, end_line: int, end_character: int, text: str) -> object:
    from lsprotocol import types

    return types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=line, character=character),
            end=types.Position(line=end_line, character=end_character),
        ),
        text=text,
    )


@pytest.mark.parametrize(
    "before, edit, after",
    [
        # Previously text typed at the end of a last line without a line break became
        # a line of its own.
        ("x = 1", (1, 0, 1, 0, "2"), "x = 12"),
        ("x = 1\n", (1, 0, 1, 0, "y = 2"), "x = 1\ny = 2"),
        # "\r" and "\n" that come together are one line break, whichever side typed.
        ("a\rb\n", (1, 0, 1, 0, "\n"), "a\r\nb\n"),
        ("a\nb\n", (0, 1, 0, 1, "\r"), "a\r\nb\n"),
        ("a\fb\u2028c\n", (0, 4, 0, 5, "C"), "a\fb\u2028C\n"),
        ("é😀x\n", (0, 3, 0, 4, "y"), "é😀y\n"),  # UTF-16: the emoji is two units
    ],
)
def test_changes_apply_to_lines_as_python_counts_them(
    before: str, edit: tuple[int, int, int, int, str], after: str
) -> None:
    from flake8_wraps.lsp.text import apply_change

    lines = apply_change(python_lines(before), change(*edit), "utf-16")  # type: ignore[arg-type]
    assert lines == python_lines(after)
