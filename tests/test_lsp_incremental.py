"""The language server analyses a change from what it learned about the last version:
its findings must be exactly those of a full ``check`` of the new text.

``node_memo`` keeps what the analysis learned about each closure for the statements
``reparse`` keeps; the decision about a closure also depends on the rest of the module
(``@name`` applications, imports, helpers that copy metadata), and a change there must
change the decision in a statement that did not change.
"""

from __future__ import annotations

import ast
import random
import threading
import time
from pathlib import Path
from typing import Optional

import pytest

from flake8_wraps.analysis.collect import simple_statements
from flake8_wraps.analysis.findings import Finding
from flake8_wraps.project.checker import check
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.lsp.analyses import Analysis, analyse_lines
from flake8_wraps.analysis.node_memo import NodeMemo, reusing
from flake8_wraps.lsp.reparse import Parsed, parse, python_lines
from lsp_client import LanguageClient
from test_lsp_server import decorators, published, start

EXAMPLES = Path(__file__).parent / "examples"

#: ``timed`` is a decorator only because it is applied in the module.
TIMED = '''import functools


def timed(target):
    def run(value):
        return target(value)

    return run


def plain(value):
    return value
'''
#: An application of ``timed``, in another statement than its definition.
APPLIED = "\n\n@timed\ndef handler():\n    pass\n"

#: Decisions that other statements change: what ``ft`` is, a caller that copies the
#: metadata, a helper that sets it.
CONTEXT = '''import functools as ft


def deco(func):
    @ft.wraps("a name")
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def build(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def caller(func):
    return ft.update_wrapper(build(func), func)


def tidy_deco(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    _tidy(wrapper)
    return wrapper


def _tidy(function):
    function.__doc__ = "tidied"
    function.__name__ = "tidied"
'''

#: What the random edits type: characters, lines, and statements that change the
#: evidence for the rest of the module.
TYPED = [
    "x", "\n", "1", "    y = 2\n", "(", ")", "#", "# noqa\n", "pass\n", "def f():\n    pass\n",
    "@timed\ndef used():\n    pass\n", "@deco\n", "import functools as ft\n",
    "import os as ft\n", "from functools import wraps\n", "from functools import *\n",
    "wraps = None\n", "x = ft.update_wrapper(build(func), func)\n", "_tidy(wrapper)\n",
    "def _tidy(f):\n    f.__doc__ = ''\n", "handler = timed(handler)\n", "class C:\n",
    "    @staticmethod\n", "    def __call__(self, *args):\n        return self.f(*args)\n",
]


def full_check(lines: list[str], path: Optional[str]) -> Optional[list[Finding]]:
    try:
        tree = ast.parse("".join(lines))
    except (SyntaxError, ValueError):
        return None
    return check(tree, path, DEFAULT_CONFIG)


def project(tmp_path: Path) -> str:
    """A project where another module applies some of the decorators (``applied_elsewhere``)."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "views.py").write_text("from module import *\n\n\n@logged\ndef view():\n    pass\n")
    return str(tmp_path / "module.py")


@pytest.mark.slow
def test_random_edits_give_the_findings_of_a_full_check(tmp_path: Path) -> None:
    """Each version analysed from the last one's memo, as the server does."""
    path = project(tmp_path)
    text = TIMED + CONTEXT + "".join(p.read_text() for p in sorted(EXAMPLES.glob("*.py")))
    generator = random.Random(20261202)
    lines = python_lines(text)
    previous: Parsed = parse(lines)
    memo = NodeMemo()
    with reusing(memo):
        assert check(previous.tree, path, DEFAULT_CONFIG) == full_check(lines, path)
    # Edits until 120 versions parse (how many of them do depends on the example files'
    # text, which each new example changes), within a bound that a broken walk hits.
    compared = attempts = 0
    while compared < 120 and attempts < 1000:
        attempts += 1
        line = generator.randrange(len(lines) + 1)
        roll = generator.random()
        if line < len(lines) and roll < 0.25:
            edited = lines[:line] + lines[line + 1:]  # a line deleted
        elif roll < 0.35:
            edited = lines[:line] + [generator.choice(lines)] + lines[line:]  # one copied
        else:
            current = lines[line] if line < len(lines) else ""
            column = generator.randrange(len(current) + 1) if roll < 0.7 else 0
            typed = generator.choice(TYPED)
            edited = lines[:line] + python_lines(current[:column] + typed + current[column:])
            edited = python_lines("".join(edited + lines[line + 1:]))
        expected = full_check(edited, path)
        if expected is not None:
            parsed = parse(edited, previous)
            with reusing(memo):
                assert check(parsed.tree, path, DEFAULT_CONFIG) == expected, "".join(edited)
            previous, lines = parsed, edited
            compared += 1
        elif generator.random() < 0.3:
            lines = edited  # typing on from a text that does not parse
        else:
            lines = previous.lines  # undone
    assert compared == 120


@pytest.mark.parametrize(
    ("into_definitions", "into_classes"), [(False, False), (True, False), (False, True)]
)
def test_simple_statements_come_in_the_same_order_from_the_memo(
    into_definitions: bool, into_classes: bool
) -> None:
    """The memo puts them together from each compound statement's own: the order must
    stay the stack's (a later assignment of a registry's name wins)."""
    found = 0
    for example in sorted(EXAMPLES.glob("*.py")):
        body = ast.parse(example.read_text()).body
        expected = simple_statements(body, into_definitions, into_classes)
        memo = NodeMemo()
        for _ in range(2):  # computed, then reused
            with reusing(memo):
                assert simple_statements(body, into_definitions, into_classes) == expected
        found += len(expected[0]) + len(expected[1])
    assert found >= 4


def findings_after(before: str, after: str) -> tuple[list[Finding], list[Finding]]:
    """The findings of ``after`` analysed from ``before`` (memo and tree), and in full."""
    memo = NodeMemo()
    parsed = parse(python_lines(before))
    with reusing(memo):
        check(parsed.tree, None, DEFAULT_CONFIG)
    parsed = parse(python_lines(after), parsed)
    with reusing(memo):
        incremental = check(parsed.tree, None, DEFAULT_CONFIG)
    expected = full_check(python_lines(after), None)
    assert expected is not None
    return incremental, expected


def summary(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.message) for f in findings]


KEPT = (
    "def _retrying(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "    return wrapper\n"
    "\n"
    "\n"
    "def fetch(load):\n"
    "    load = _retrying(load)\n"
    "    return load()\n"
)
WRP001_RETRYING = (
    "WRP001", 2,
    "decorator '_retrying' returns 'wrapper' without @functools.wraps(func): func's name "
    "and docstring are lost",
)


#: A decorator whose closure hands everything on: what each case adds after it copies.
DECO = (
    "def deco(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "\n"
)
LABELLED = (
    "def _label(new, old):\n"
    "    new.__name__ = old.__name__\n"
    '    new.label = "checked"\n'
    "\n"
    "\n"
    + DECO
    + "    _label(wrapper, func)\n"
    "    return wrapper\n"
)
NAMED_BY_A_CONSTANT = (
    'ATTRIBUTE = "__name__"\n'
    "\n"
    "\n"
    + DECO
    + "    setattr(wrapper, ATTRIBUTE, getattr(func, ATTRIBUTE))\n"
    "    return wrapper\n"
)


WRP001_TIMED = (
    "WRP001", 5,
    "decorator 'timed' returns 'run' without @functools.wraps(target): target's name and "
    "docstring are lost",
)


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        # Applying ``timed`` below its definition makes it a decorator.
        (TIMED, TIMED + APPLIED, [WRP001_TIMED]),
        (TIMED + APPLIED, TIMED, [WRP001_TIMED]),
        # ``ft`` is functools: the ``@ft.wraps("a name")`` copies from a string (WRP004);
        # ``ft`` is os: that decorator copies nothing, and the wrapper lacks wraps.
        (CONTEXT, CONTEXT.replace("import functools as ft", "import os as ft"), [
            ("WRP001", 6, "decorator 'deco' returns 'wrapper' without @functools.wraps(func): "
             "func's name and docstring are lost"),
            ("WRP004", 5, "@ft.wraps('a name') copies the wrong metadata: "
             "'wrapper' stands in for 'func'; write @ft.wraps(func)"),
        ]),
        # Without the caller that copies onto what it returns, ``build`` lacks wraps.
        (CONTEXT, CONTEXT.replace("ft.update_wrapper(build(func), func)", "build(func)"), [
            ("WRP001", 13, "decorator 'build' returns 'wrapper' without "
             "@functools.wraps(func): func's name and docstring are lost"),
        ]),
        # A helper that names the wrapper names it on purpose; one that sets only its
        # docstring does not.
        (CONTEXT, CONTEXT.replace('    function.__name__ = "tidied"\n', ""), [
            ("WRP001", 24, "decorator 'tidy_deco' returns 'wrapper' without "
             "@functools.wraps(func): func's name and docstring are lost"),
        ]),
        # A private helper kept inside a computation is silent; returning what it
        # builds hands the wrapper to a caller.
        (KEPT, KEPT.replace("    return load()\n", "    return load\n"), [WRP001_RETRYING]),
        # A copying helper that sets an attribute of its own is unread (silent); without
        # that line it is a half copy (found by the random edits above).
        (LABELLED, LABELLED.replace('    new.label = "checked"\n', ""), [
            ("WRP001", 6, "decorator 'deco' copies metadata with _label(), which loses"
             " __qualname__, __doc__, __module__ and __wrapped__"),
        ]),
        # The module's constant names the one attribute that ``setattr`` copies: a half
        # copy; a constant that names no metadata makes it a copy of the project's own.
        (NAMED_BY_A_CONSTANT, NAMED_BY_A_CONSTANT.replace('"__name__"', '"_label"'), [
            ("WRP001", 5, "decorator 'deco' copies only __name__ by hand; __qualname__,"
             " __doc__, __module__ and __wrapped__ are lost"),
        ]),
    ],
    ids=["applied-below", "application-removed", "import-changed", "caller-removed",
         "helper-changed", "use-changed", "copying-helper-changed", "constant-changed"],
)
def test_a_change_elsewhere_changes_the_decision_in_an_unchanged_statement(
    before: str, after: str, changed: list[tuple[str, int, str]]
) -> None:
    """``changed``: the findings that ``after`` has and ``before`` has not, or the reverse."""
    incremental, expected = findings_after(before, after)
    assert incremental == expected
    full_before = full_check(python_lines(before), None)
    assert full_before is not None
    after_, before_ = summary(expected), summary(full_before)
    differs = [f for f in after_ if f not in before_] + [f for f in before_ if f not in after_]
    assert differs == changed


def test_over_stdio_the_last_diagnostics_are_those_of_a_full_check(tmp_path: Path) -> None:
    """Edits in and around ``timed``: after each, what the server publishes for the
    version is what a full check of the same text finds."""
    path = tmp_path / "timed.py"
    client: LanguageClient = start(tmp_path)
    try:
        client.open(path, TIMED)
        assert published(client, path, 1) == []
        lines = python_lines(TIMED)
        edits = [
            # (line, character, text): typing in ``plain``, then applying ``timed`` below
            # it (another statement), then renaming the application away.
            (11, 16, " + 1"),
            (12, 0, APPLIED),
            (3, 0, "# a comment above\n"),
            (15, 1, "un"),
        ]
        counts = []
        for version, (line, character, typed) in enumerate(edits, start=2):
            position = {"line": line, "character": character}
            client.change(path, version, [
                {"range": {"start": position, "end": position}, "text": typed}
            ])
            current = lines[line] if line < len(lines) else ""
            lines = (
                lines[:line]
                + python_lines(current[:character] + typed + current[character:])
                + lines[line + 1:]
            )
            expected = full_check(lines, str(path))
            assert expected is not None, "".join(lines)
            diagnostics = published(client, path, version)
            assert [
                (d["code"], d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics
            ] == summary(expected), "".join(lines)
            counts.append(len(expected))
        assert counts == [0, 1, 1, 0]
    finally:
        client.close()


def test_a_stopped_analysis_leaves_what_the_next_one_needs() -> None:
    """A newer version stops the analysis of an older one (``supersede``); the parse it
    made moved the nodes of the tree before it, so its own tree is the next base."""
    lines = python_lines(decorators(400))
    first = analyse_lines(1, lines, None, DEFAULT_CONFIG, "utf-16")
    edited = ["# a line above everything\n", *lines]  # every statement moves
    results: list[Analysis] = []
    worker = threading.Thread(target=lambda: results.append(analyse_lines(
        2, edited, None, DEFAULT_CONFIG, "utf-16", first, stoppable=True
    )))
    worker.start()
    while worker.is_alive():
        first.memo.supersede()
        time.sleep(0.0005)
    (stopped,) = results
    assert stopped.stopped and not stopped.parses and stopped.findings == []
    assert [d.range.start.line for d in stopped.diagnostics] == [
        d.range.start.line + 1 for d in first.diagnostics
    ]
    again = analyse_lines(2, edited, None, DEFAULT_CONFIG, "utf-16", stopped)
    assert not again.stopped and again.findings == full_check(edited, None)
    further = ["# and another\n", *edited]
    after = analyse_lines(3, further, None, DEFAULT_CONFIG, "utf-16", again)
    assert after.findings == full_check(further, None)
    assert len(after.findings) == 400


def test_a_moved_half_copy_keeps_the_lines_its_fix_removes() -> None:
    """The fix's safety is kept for a statement the change did not touch (``node_memo``),
    but the line of the copy by hand that the fix removes moves with the statement: it
    is read again from the node, never kept."""
    before = (
        "def deco(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "\n"
        "    wrapper.__name__ = func.__name__\n"
        "    return wrapper\n"
    )
    incremental, expected = findings_after(before, "import functools\n\n\n" + before)
    assert incremental == expected
    assert [(f.code, f.line, f.fix.safe, f.fix.removed) for f in incremental if f.fix] == [
        ("WRP001", 5, True, (8,))
    ]
