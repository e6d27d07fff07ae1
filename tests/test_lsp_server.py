"""``flake8-wraps lsp`` over real stdio: what it serves, when it analyses, what it edits."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lsp_client import LanguageClient, apply_edits

FIXES = Path(__file__).parent / "fixes"
BIN = Path(sys.executable).parent
PLAIN = (FIXES / "plain.before.py").read_text()
LAZY = {"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}}


def environment() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def start(root: Path, capabilities: dict[str, Any] | None = None) -> LanguageClient:
    client = LanguageClient([str(BIN / "flake8-wraps"), "lsp"], root, environment())
    client.initialize(root, capabilities=capabilities)
    return client


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LanguageClient]:
    client = start(tmp_path)
    yield client
    client.close()


def decorators(count: int) -> str:
    """A module of ``count`` decorators whose wrappers lack functools.wraps."""
    blocks = [
        f"def deco_{n}(func):\n"
        f"    def wrapper(*args, **kwargs):\n"
        f"        return func(*args, **kwargs)\n"
        f"\n"
        f"    return wrapper\n"
        for n in range(count)
    ]
    return "import functools\n\n\n" + "\n\n".join(blocks)


def published(client: LanguageClient, path: Path, version: int) -> list[dict[str, Any]]:
    params = client.notification(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == path.as_uri() and p.get("version") == version,
    )
    return list(params["diagnostics"])


def positions(diagnostics: list[dict[str, Any]]) -> list[tuple[str, int, int, int]]:
    return [
        (
            d["code"],
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["character"],
        )
        for d in diagnostics
    ]


def fixed_by_the_command_line(tmp_path: Path, text: str, *options: str) -> str:
    """What ``flake8-wraps fix`` writes for ``text``: the edits must give exactly that."""
    directory = tmp_path / "by-fix"
    directory.mkdir(exist_ok=True)
    target = directory / "module.py"
    target.write_text(text)
    subprocess.run(
        [str(BIN / "flake8-wraps"), "fix", *options, str(target)],
        capture_output=True, timeout=120, env=environment(),
    )
    return target.read_text()


# -- 1. only what the client opened ---------------------------------------------------


@pytest.mark.parametrize("uri", ["file:///dev/stdin", "file:///dev/zero", "on-disk"])
def test_code_actions_for_unopened_documents_never_read_the_disk(
    server: LanguageClient, tmp_path: Path, uri: str
) -> None:
    """Previously a code action for any URI read it from disk: ``/dev/stdin`` hung the
    server, ``/dev/zero`` filled its memory, and a file never opened got quick fixes."""
    if uri == "on-disk":
        on_disk = tmp_path / "never_opened.py"
        on_disk.write_text(PLAIN)
        uri = on_disk.as_uri()
    request = {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
        "context": {"diagnostics": []},
    }
    assert server.request("textDocument/codeAction", request) == []
    action = {"title": "Add @functools.wraps(func)", "data": {
        "uri": uri, "action": "fix", "key": [5, 4, "WRP001"]}}
    assert "edit" not in server.request("codeAction/resolve", action)
    # And the server still answers, about a document it was given.
    document = tmp_path / "opened.py"
    server.open(document, PLAIN)
    assert positions(published(server, document, 1)) == [("WRP001", 4, 4, 33)]


# -- 2. the latest version only -------------------------------------------------------


def test_a_burst_of_changes_is_analysed_once_at_its_end(
    server: LanguageClient, tmp_path: Path
) -> None:
    """Previously every version was analysed and published, however stale: typing faster
    than the analysis made the lag grow without bound."""
    document = tmp_path / "long.py"
    text = decorators(400)  # 3,600 lines: each analysis takes longer than a change
    server.open(document, text)
    published(server, document, 1)
    burst = 30
    for version in range(2, burst + 2):
        # Each change adds one more wrapper without wraps at the end: version v has
        # 400 + v - 1 findings.
        addition = (
            f"\n\ndef late_{version}(func):\n"
            "    def wrapper(*args):\n        return func(*args)\n\n    return wrapper\n"
        )
        end = len(text.splitlines())
        server.change(document, version, [{
            "range": {"start": {"line": end, "character": 0},
                      "end": {"line": end, "character": 0}},
            "text": addition,
        }])
        text += addition
    last = burst + 1
    diagnostics = published(server, document, last)
    assert len(diagnostics) == 400 + burst
    stale = [p["version"] for p in server.received("textDocument/publishDiagnostics")]
    # The first change may start an analysis before the rest arrive; its result is then
    # stale and dropped. Nothing in between is analysed, nothing stale is published.
    assert stale == []


# -- 3. a code action request over a whole document -----------------------------------


def test_code_actions_for_a_hundred_findings_each_fix_only_their_own(
    server: LanguageClient, tmp_path: Path
) -> None:
    """Each action's edit is the fix of its own finding, exactly what ``fix`` writes for
    that one (previously each one re-analysed and fixed the whole document)."""
    document = tmp_path / "many.py"
    text = decorators(100)
    server.open(document, text)
    assert len(published(server, document, 1)) == 100
    actions = server.code_actions(document, 0, len(text.splitlines()))
    fixes = [a for a in actions if a["title"] == "Add @functools.wraps(func)"]
    assert len(fixes) == 100
    expected_first = text.replace(
        "def deco_0(func):\n    def wrapper",
        "def deco_0(func):\n    @functools.wraps(func)\n    def wrapper",
    )
    expected_last = text.replace(
        "def deco_99(func):\n    def wrapper",
        "def deco_99(func):\n    @functools.wraps(func)\n    def wrapper",
    )
    uri = document.as_uri()
    assert apply_edits(text, fixes[0]["edit"]["changes"][uri]) == expected_first
    assert apply_edits(text, fixes[-1]["edit"]["changes"][uri]) == expected_last


# -- 4. lines as Python counts them ---------------------------------------------------


def test_diagnostics_count_lines_as_python_does(server: LanguageClient, tmp_path: Path) -> None:
    """Previously ``str.splitlines`` also broke lines at form feeds, ``\\x85`` and
    ``\\u2028``: the diagnostic landed on an earlier line, with that line's columns."""
    document = tmp_path / "separators.py"
    text = (
        "import functools\n"
        "NOTE = 'a\x85b\u2028c'  # \u2028 \x85\n"
        "\x0c\n"
        "def timeit(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
    )
    server.open(document, text)
    assert positions(published(server, document, 1)) == [("WRP001", 4, 4, 33)]
    # An edit counted in those lines lands where the client means it.
    server.change(document, 2, [{
        "range": {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 10}},
        "text": "timed",
    }])
    (diagnostic,) = published(server, document, 2)
    assert positions([diagnostic]) == [("WRP001", 4, 4, 33)]
    assert "decorator 'timed' returns 'wrapper' without" in diagnostic["message"]


@pytest.mark.parametrize("encoding, end", [("utf-8", 43), ("utf-16", 40), ("utf-32", 39)])
def test_columns_are_counted_in_the_units_the_client_chose(
    tmp_path: Path, encoding: str, end: int
) -> None:
    """Previously the server counted in UTF-16 whatever the client and server agreed."""
    client = start(tmp_path, {"general": {"positionEncodings": [encoding]}})
    try:
        document = tmp_path / "units.py"
        line = "    def wrapper(*args, **kwargs):"
        client.open(document, PLAIN.replace(line, line + "  # é😀"))
        assert positions(published(client, document, 1)) == [("WRP001", 4, 4, end)]
        # A change counted in those units lands after the emoji.
        client.change(document, 2, [{
            "range": {"start": {"line": 4, "character": end},
                      "end": {"line": 4, "character": end}},
            "text": "!",
        }])
        assert positions(published(client, document, 2)) == [("WRP001", 4, 4, end + 1)]
    finally:
        client.close()


BOM_MODULE = (
    "\ufeffclass Timed:\n"
    "    def __init__(self, func):\n"
    "        self.func = func\n"
    "\n"
    "    def __call__(self, *args, **kwargs):\n"
    "        return self.func(*args, **kwargs)\n"
    "\n"
    "\n"
    "def timeit(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "\n"
    "    return wrapper\n"
    "\n"
    "\n"
    "@Timed\n"
    "def one():\n"
    "    pass\n"
)


@pytest.mark.parametrize("encoding, width", [("utf-8", 3), ("utf-16", 1), ("utf-32", 1)])
def test_a_document_that_starts_with_a_byte_order_mark_is_checked(
    tmp_path: Path, encoding: str, width: int
) -> None:
    """Previously it got no diagnostics: ``ast.parse`` rejects the mark, which editors
    may keep in the text they send. Positions on the first line count it."""
    client = start(tmp_path, {"general": {"positionEncodings": [encoding]}})
    try:
        document = tmp_path / "marked.py"
        client.open(document, BOM_MODULE)
        assert positions(published(client, document, 1)) == [
            ("WRP006", 0, width, width + len("class Timed:")),
            ("WRP001", 9, 4, 33),
        ]
    finally:
        client.close()


def test_a_quick_fix_keeps_the_byte_order_mark_first(
    server: LanguageClient, tmp_path: Path
) -> None:
    """The import the fix adds goes after the mark, as ``fix`` writes it: before it, the
    mark would be a character Python rejects on the first line."""
    document = tmp_path / "marked.py"
    server.open(document, BOM_MODULE)
    published(server, document, 1)
    (action,) = [a for a in server.code_actions(document, 9, 9) if a.get("isPreferred")]
    fixed = apply_edits(BOM_MODULE, action["edit"]["changes"][document.as_uri()])
    assert fixed == fixed_by_the_command_line(tmp_path, BOM_MODULE)
    assert fixed.startswith("\ufeffimport functools\n\n\nclass Timed:\n")
    (action,) = [
        a for a in server.code_actions(document, 0, 0) if a["title"].startswith("Ignore")
    ]
    ignored = apply_edits(BOM_MODULE, action["edit"]["changes"][document.as_uri()])
    assert ignored == BOM_MODULE.replace("Timed:", "Timed:  # noqa: WRP006", 1)


# -- 5. exit ------------------------------------------------------------------------


@pytest.mark.parametrize("shut_down, status", [(True, 0), (False, 1)])
def test_exit_status_says_whether_shutdown_came_first(
    tmp_path: Path, shut_down: bool, status: int
) -> None:
    """Previously ``exit`` without ``shutdown`` ended with 0; the specification says 1."""
    client = start(tmp_path)
    try:
        if shut_down:
            client.request("shutdown", {})
        client.notify("exit", {})
        assert client.process.wait(timeout=60) == status
    finally:
        if client.process.poll() is None:
            client.process.kill()
            client.process.wait()


# -- 6. noqa, ignoring a finding, fixing the file --------------------------------------


def test_noqa_comments_are_honoured(server: LanguageClient, tmp_path: Path) -> None:
    document = tmp_path / "silenced.py"
    line = "def wrapper(*args, **kwargs):"
    text = PLAIN.replace(line, f"{line}  # noqa: WRP001")
    server.open(document, text)
    assert published(server, document, 1) == []
    server.change(document, 2, [{"text": text.replace("WRP001", "E501")}])
    assert positions(published(server, document, 2)) == [("WRP001", 4, 4, 47)]


def test_a_flake8_noqa_line_silences_the_document(server: LanguageClient, tmp_path: Path) -> None:
    """As flake8 does with ``# flake8: noqa`` at the start of a line."""
    document = tmp_path / "whole.py"
    server.open(document, "# flake8: noqa\n" + PLAIN)
    assert published(server, document, 1) == []
    server.change(document, 2, [{"text": "x = 1  # flake8: noqa\n" + PLAIN}])
    assert [d["code"] for d in published(server, document, 2)] == ["WRP001"]


@pytest.mark.parametrize(
    "comment, expected",
    [
        ("", "  # noqa: WRP001"),
        ("  # noqa: E501", "  # noqa: E501,WRP001"),
        ("  # timing only  # noqa:E501 ", "  # timing only  # noqa:E501,WRP001 "),
        ("  # explains why", "  # explains why  # noqa: WRP001"),
    ],
)
def test_ignore_this_finding_adds_its_code_to_the_noqa_comment(
    server: LanguageClient, tmp_path: Path, comment: str, expected: str
) -> None:
    document = tmp_path / "ignored.py"
    line = "    def wrapper(*args, **kwargs):"
    text = PLAIN.replace(line, line + comment)
    server.open(document, text)
    assert [d["code"] for d in published(server, document, 1)] == ["WRP001"]
    actions = server.code_actions(document, 4, 4)
    (ignore,) = [a for a in actions if a["title"].startswith("Ignore")]
    assert ignore["title"] == "Ignore WRP001 on this line (# noqa: WRP001)"
    ignored = apply_edits(text, ignore["edit"]["changes"][document.as_uri()])
    assert ignored == PLAIN.replace(line, line + expected)
    server.change(document, 2, [{"text": ignored}])
    assert published(server, document, 2) == []


def test_ignoring_a_finding_on_a_string_of_several_lines_comments_its_last_line(
    server: LanguageClient, tmp_path: Path
) -> None:
    """A comment inside the string would be text; noqa reads the string's lines as one
    (as flake8 does)."""
    document = tmp_path / "long_signature.py"
    text = PLAIN.replace(
        "def wrapper(*args, **kwargs):", 'def wrapper(*args: """one\ntwo""", **kwargs):'
    )
    server.open(document, text)
    published(server, document, 1)
    (ignore,) = [a for a in server.code_actions(document, 4, 4) if "noqa" in a["title"]]
    ignored = apply_edits(text, ignore["edit"]["changes"][document.as_uri()])
    assert ignored == text.replace('two""", **kwargs):', 'two""", **kwargs):  # noqa: WRP001')
    server.change(document, 2, [{"text": ignored}])
    assert published(server, document, 2) == []


@pytest.mark.parametrize("capabilities", [None, LAZY], ids=["edits", "resolved"])
def test_fix_all_writes_what_the_fix_command_writes(
    tmp_path: Path, capabilities: dict[str, Any] | None
) -> None:
    source = FIXES / "all_codes.before.py"
    text = source.read_text()
    client = start(tmp_path, capabilities)
    try:
        document = tmp_path / "all_codes.py"
        client.open(document, text)
        published(client, document, 1)
        (action,) = client.code_actions(document, 0, 0, only=["source.fixAll"])
        assert (action["title"], action["kind"]) == (
            "Fix all WRP findings in this file (safe fixes)", "source.fixAll.flake8-wraps"
        )
        if capabilities:
            action = client.request("codeAction/resolve", action)
    finally:
        client.close()
    fixed = apply_edits(text, action["edit"]["changes"][document.as_uri()])
    assert fixed == fixed_by_the_command_line(tmp_path, text)
    assert fixed == (FIXES / "all_codes.after.py").read_text()


@pytest.mark.parametrize(
    "name",
    ["aliased_module", "aliased_wraps", "async_wrapper", "cr_only", "crlf", "docstring",
     "future_import", "name_clash", "no_import", "plain", "tabs"],
)
def test_a_quick_fix_is_what_the_fix_command_writes(
    server: LanguageClient, tmp_path: Path, name: str
) -> None:
    """Each of these has one finding: its quick fix gives the file ``fix`` gives."""
    text = (FIXES / f"{name}.before.py").read_bytes().decode("utf-8")
    document = tmp_path / f"{name}.py"
    server.open(document, text)
    (diagnostic,) = published(server, document, 1)
    line = diagnostic["range"]["start"]["line"]
    (action,) = [a for a in server.code_actions(document, line, line) if a.get("isPreferred")]
    fixed = apply_edits(text, action["edit"]["changes"][document.as_uri()])
    assert fixed == (FIXES / f"{name}.after.py").read_bytes().decode("utf-8")


def test_no_quick_fix_imports_what_a_local_functools_would_shadow(
    server: LanguageClient, tmp_path: Path
) -> None:
    """As ``fix`` does (``test_fix_import_binding``): beside a ``functools.py``, the fix
    that adds ``import functools`` is not offered; ignoring the finding still is."""
    (tmp_path / "functools.py").write_text("value = 1\n")
    text = (FIXES / "no_import.before.py").read_text()
    document = tmp_path / "no_import.py"
    server.open(document, text)
    (diagnostic,) = published(server, document, 1)
    line = diagnostic["range"]["start"]["line"]
    titles = [action["title"] for action in server.code_actions(document, line, line)]
    assert titles == ["Ignore WRP001 on this line (# noqa: WRP001)"]


# -- 7. documentation links -----------------------------------------------------------


# -- 8. while the document does not parse ---------------------------------------------


def test_diagnostics_stay_while_the_document_does_not_parse(
    server: LanguageClient, tmp_path: Path
) -> None:
    """Previously they were cleared at the first keystroke that broke the syntax, and
    came back when it parsed again: the editor flickered."""
    document = tmp_path / "typing.py"
    server.open(document, PLAIN)
    assert positions(published(server, document, 1)) == [("WRP001", 4, 4, 33)]
    # Two lines are typed above, the second one unfinished.
    server.change(document, 2, [{
        "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}},
        "text": "TIMEOUT = 5\nRETRIES = (\n",
    }])
    assert positions(published(server, document, 2)) == [("WRP001", 6, 4, 33)]
    server.change(document, 3, [{
        "range": {"start": {"line": 2, "character": 11}, "end": {"line": 2, "character": 11}},
        "text": "3)",
    }])
    assert positions(published(server, document, 3)) == [("WRP001", 6, 4, 33)]


def test_each_document_gets_its_nearest_configuration(
    server: LanguageClient, tmp_path: Path
) -> None:
    """The same settings as the command line: the nearest configuration file above the
    document, with ``ignore`` and ``per-file-ignores``, read again when it changes."""
    quiet = tmp_path / "quiet"
    quiet.mkdir()
    (quiet / "pyproject.toml").write_text('[tool.flake8-wraps]\nignore = ["WRP001"]\n')
    server.open(quiet / "decorators.py", PLAIN)
    assert published(server, quiet / "decorators.py", 1) == []
    loud = tmp_path / "loud"
    (loud / "tests").mkdir(parents=True)
    (loud / "setup.cfg").write_text("[flake8-wraps]\nper-file-ignores = tests/*: WRP001\n")
    server.open(loud / "decorators.py", PLAIN)
    assert [d["code"] for d in published(server, loud / "decorators.py", 1)] == ["WRP001"]
    server.open(loud / "tests" / "helpers.py", PLAIN)
    assert published(server, loud / "tests" / "helpers.py", 1) == []
    (quiet / "pyproject.toml").write_text("[tool.flake8-wraps]\n")
    server.change(quiet / "decorators.py", 2, [{"text": PLAIN + "\n"}])
    assert [d["code"] for d in published(server, quiet / "decorators.py", 2)] == ["WRP001"]


def test_text_the_declared_encoding_cannot_hold_gets_no_fix_but_keeps_ignore(
    server: LanguageClient, tmp_path: Path
) -> None:
    """An em dash under ``coding: latin-1``: the editor holds it, no file can. Previously
    the whole request failed (UnicodeEncodeError), the Ignore action with it."""
    document = tmp_path / "latin1.py"
    text = "# -*- coding: latin-1 -*-\n" + PLAIN.replace(
        "return func(*args, **kwargs)", "return func(*args, **kwargs)  # \u2014"
    )
    server.open(document, text)
    assert [d["code"] for d in published(server, document, 1)] == ["WRP001"]
    titles = [action["title"] for action in server.code_actions(document, 5, 5)]
    assert titles == ["Ignore WRP001 on this line (# noqa: WRP001)"]
