"""Editor diagnostics, for real: python-lsp-server's flake8 plugin, and our own server."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lsp_client import LanguageClient, apply_edits

FIXES = Path(__file__).parent / "fixes"
BIN = Path(sys.executable).parent
MESSAGE = (
    "WRP001 decorator 'timeit' returns 'wrapper' without @functools.wraps(func): func's name"
    " and docstring are lost"
)


def environment() -> dict[str, str]:
    """The servers find flake8 and our command where this interpreter's scripts are."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def wrp_diagnostics(params: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in params["diagnostics"] if str(d.get("code", "")).startswith("WRP")]


def test_pylsp_flake8_plugin_shows_wrp001(tmp_path: Path) -> None:
    document = tmp_path / "timing.py"
    shutil.copy(FIXES / "plain.before.py", document)
    client = LanguageClient([str(BIN / "pylsp")], tmp_path, environment())
    try:
        client.initialize(
            tmp_path,
            {
                "pylsp": {
                    "plugins": {
                        "flake8": {"enabled": True, "executable": str(BIN / "flake8")},
                        "pycodestyle": {"enabled": False},
                        "pyflakes": {"enabled": False},
                        "mccabe": {"enabled": False},
                    }
                }
            },
        )
        client.open(document, document.read_text())
        params = client.notification(
            "textDocument/publishDiagnostics", lambda p: bool(wrp_diagnostics(p))
        )
    finally:
        client.close()
    assert wrp_diagnostics(params) == [
        {
            "source": "flake8",
            "code": "WRP001",
            "range": {
                "start": {"line": 4, "character": 4},
                "end": {"line": 4, "character": 34},
            },
            "message": MESSAGE,
            "severity": 2,
        }
    ]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LanguageClient]:
    client = LanguageClient([str(BIN / "flake8-wraps"), "lsp"], tmp_path, environment())
    client.initialize(tmp_path)
    yield client
    client.close()


def test_our_server_publishes_diagnostics_and_a_quick_fix(
    server: LanguageClient, tmp_path: Path
) -> None:
    document = tmp_path / "timing.py"
    text = (FIXES / "no_import.before.py").read_text()
    server.open(document, text)
    params = server.notification("textDocument/publishDiagnostics")
    assert params["diagnostics"] == [
        {
            "range": {
                "start": {"line": 4, "character": 4},
                "end": {"line": 4, "character": 33},
            },
            "message": MESSAGE.split(" ", 1)[1],  # the code has a field of its own
            "severity": 2,
            "code": "WRP001",
            "codeDescription": {
                "href": "https://github.com/flake8-wraps/flake8-wraps/blob/main"
                "/docs/rules/WRP001.md"
            },
            "source": "flake8-wraps",
        }
    ]
    actions = server.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": document.as_uri()},
            "range": params["diagnostics"][0]["range"],
            "context": {"diagnostics": params["diagnostics"]},
        },
    )
    assert [(a["title"], a["kind"], a.get("isPreferred")) for a in actions] == [
        ("Add @functools.wraps(func)", "quickfix", True),
        ("Ignore WRP001 on this line (# noqa: WRP001)", "quickfix", None),
    ]
    edits = actions[0]["edit"]["changes"][document.as_uri()]
    assert apply_edits(text, edits) == (FIXES / "no_import.after.py").read_text()


def test_our_server_follows_changes_and_survives_broken_code(
    server: LanguageClient, tmp_path: Path
) -> None:
    document = tmp_path / "timing.py"
    server.open(document, (FIXES / "plain.before.py").read_text())
    assert len(server.notification("textDocument/publishDiagnostics")["diagnostics"]) == 1
    for version, text in ((2, "def timeit(func:\n"), (3, (FIXES / "plain.after.py").read_text())):
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": document.as_uri(), "version": version},
                "contentChanges": [{"text": text}],
            },
        )
        params = server.notification(
            "textDocument/publishDiagnostics", lambda p, v=version: p.get("version") == v
        )
        # While the text does not parse, the last finding stays (on the changed line).
        expected = [("WRP001", 0)] if version == 2 else []
        assert [(d["code"], d["range"]["start"]["line"]) for d in params["diagnostics"]] == (
            expected
        )
    assert server.process.poll() is None


def test_unsafe_fixes_are_offered_as_such(server: LanguageClient, tmp_path: Path) -> None:
    document = tmp_path / "lambdas.py"
    text = "def deco(func):\n    return lambda *args: func(*args)\n"
    server.open(document, text)
    params = server.notification("textDocument/publishDiagnostics")
    actions = server.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": document.as_uri()},
            "range": params["diagnostics"][0]["range"],
            "context": {"diagnostics": params["diagnostics"]},
        },
    )
    title = "Replace the lambda with a def decorated with @functools.wraps(func) (unsafe)"
    assert [(a["title"], a.get("isPreferred")) for a in actions] == [
        (title, False),
        ("Ignore WRP005 on this line (# noqa: WRP005)", None),
    ]
    assert apply_edits(text, actions[0]["edit"]["changes"][document.as_uri()]) == (
        "import functools\n"
        "\n\n"
        "def deco(func):\n"
        "    @functools.wraps(func)\n"
        "    def wrapper(*args):\n"
        "        return func(*args)\n"
        "    return wrapper\n"
    )


def test_saving_a_decorator_module_updates_the_views_that_import_it(
    server: LanguageClient, tmp_path: Path
) -> None:
    """A view's diagnostics depend on another file: saving that file republishes them."""
    (tmp_path / "pyproject.toml").write_text("")
    decorators = tmp_path / "decorators.py"
    decorators.write_text((FIXES / "plain.after.py").read_text())
    views = tmp_path / "views.py"
    views.write_text(
        "from flask import Flask\n"
        "from decorators import timeit\n\n"
        "app = Flask(__name__)\n\n\n"
        "@app.route('/')\n"
        "@timeit\n"
        "def index():\n"
        "    return 'index'\n"
    )
    server.open(views, views.read_text())
    assert server.notification("textDocument/publishDiagnostics")["diagnostics"] == []
    decorators.write_text((FIXES / "plain.before.py").read_text())  # wraps removed
    server.notify("textDocument/didSave", {"textDocument": {"uri": decorators.as_uri()}})
    params = server.notification(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == views.as_uri() and bool(p["diagnostics"]),
    )
    assert [(d["code"], d["range"]["start"]) for d in params["diagnostics"]] == [
        ("WRP102", {"line": 6, "character": 1})
    ]


def test_quick_fix_edits_count_lines_as_editors_do() -> None:
    """Previously ``str.splitlines`` also broke at form feeds: edits landed a line off."""
    from flake8_wraps.lsp.text import text_edits

    before = (FIXES / "plain.before.py").read_text().replace("\n\n\ndef", "\n\f\n\ndef")
    after = before.replace("    def wrapper", "    @functools.wraps(func)\n    def wrapper")
    edits = [edit.range.start.line for edit in text_edits(before, after)]
    assert edits == [4]
    assert apply_edits(before, [
        {"range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}},
         "newText": "    @functools.wraps(func)\n"}
    ]) == after


def test_a_client_that_resolves_gets_the_edit_only_when_it_asks(tmp_path: Path) -> None:
    """Editors ask for code actions on every cursor move: the fix waits for the choice."""
    client = LanguageClient([str(BIN / "flake8-wraps"), "lsp"], tmp_path, environment())
    capabilities = {
        "textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}
    }
    try:
        client.initialize(tmp_path, capabilities=capabilities)
        document = tmp_path / "timing.py"
        text = (FIXES / "no_import.before.py").read_text()
        client.open(document, text)
        params = client.notification("textDocument/publishDiagnostics")
        actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": document.as_uri()},
                "range": params["diagnostics"][0]["range"],
                "context": {"diagnostics": params["diagnostics"]},
            },
        )
        assert [(a["title"], "edit" in a) for a in actions] == [
            ("Add @functools.wraps(func)", False),
            ("Ignore WRP001 on this line (# noqa: WRP001)", False),
            ("Fix all WRP findings in this file (safe fixes)", False),
        ]
        action = actions[0]
        resolved = client.request("codeAction/resolve", action)
    finally:
        client.close()
    edits = resolved["edit"]["changes"][document.as_uri()]
    assert apply_edits(text, edits) == (FIXES / "no_import.after.py").read_text()
