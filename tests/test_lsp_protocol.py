"""``flake8-wraps lsp`` keeps the protocol's promises about versions and shutdown, over
real stdio: a late change never wins, a request after ``shutdown`` is answered, and an
edit names the version it was made for."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lsp_client import LanguageClient, apply_edits

FIXES = Path(__file__).parent / "fixes"
BIN = Path(sys.executable).parent
PLAIN = (FIXES / "plain.before.py").read_text()
PLAIN_FIXED = (FIXES / "plain.after.py").read_text()
#: Where plain.before.py's one finding is: 0-based line, and columns.
PLAIN_FINDING = ("WRP001", 4, 4, 33)
VERSIONED = {"workspace": {"workspaceEdit": {"documentChanges": True}}}
LAZY = {"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}}


def start(root: Path, capabilities: dict[str, Any] | None = None) -> LanguageClient:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    client = LanguageClient([str(BIN / "flake8-wraps"), "lsp"], root, environment)
    client.initialize(root, capabilities=capabilities)
    return client


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LanguageClient]:
    client = start(tmp_path)
    yield client
    client.close()


def published(client: LanguageClient, path: Path, version: int) -> list[tuple[Any, ...]]:
    params = client.notification(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == path.as_uri() and p.get("version") == version,
    )
    return [
        (d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
         d["range"]["end"]["character"])
        for d in params["diagnostics"]
    ]


def test_a_change_older_than_the_document_is_dropped(
    server: LanguageClient, tmp_path: Path
) -> None:
    """Previously versions 1, 5, 3 left the document at version 3's text, published.

    Version 6 adds a line at the end: on version 5's text it keeps the finding, on
    version 3's there is none.
    """
    document = tmp_path / "module.py"
    server.open(document, "x = 1\n")
    assert published(server, document, 1) == []
    server.change(document, 5, [{"text": PLAIN}])
    server.change(document, 3, [{"text": "y = 2\n"}])
    end = {"line": len(PLAIN.splitlines()), "character": 0}
    server.change(document, 6, [{"range": {"start": end, "end": end}, "text": "# end\n"}])
    assert published(server, document, 6) == [PLAIN_FINDING]
    versions = [p.get("version") for p in server.received("textDocument/publishDiagnostics")]
    assert 3 not in versions
    (action,) = [a for a in server.code_actions(document, 4, 4) if a.get("isPreferred")]
    assert apply_edits(PLAIN + "# end\n", action["edit"]["changes"][document.as_uri()]) == (
        PLAIN_FIXED + "# end\n"
    )


def test_before_initialize_a_request_is_refused_and_a_notification_dropped(
    tmp_path: Path,
) -> None:
    """Previously a request before ``initialize`` was answered as if initialized; the
    specification asks for ServerNotInitialized (-32002) and for notifications (but
    ``exit``) to be dropped."""
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    client = LanguageClient([str(BIN / "flake8-wraps"), "lsp"], tmp_path, environment)
    try:
        document = tmp_path / "module.py"
        client.open(document, PLAIN)  # dropped: the server knows no document after all
        answer = client.response("textDocument/codeAction", {
            "textDocument": {"uri": document.as_uri()},
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}},
            "context": {"diagnostics": []},
        })
        assert answer["error"] == {
            "code": -32002, "message": "textDocument/codeAction: send initialize first"
        }
        client.initialize(tmp_path)
        assert client.code_actions(document, 4, 4) == []
        client.open(document, PLAIN)
        assert published(client, document, 1) == [PLAIN_FINDING]
    finally:
        client.close()


def test_a_request_after_shutdown_is_an_invalid_request(tmp_path: Path) -> None:
    """Previously never answered: pygls drops every message after ``shutdown``."""
    client = start(tmp_path)
    try:
        document = tmp_path / "module.py"
        client.open(document, PLAIN)
        assert client.request("shutdown", {}) is None
        for method, params in [
            ("textDocument/codeAction", {
                "textDocument": {"uri": document.as_uri()},
                "range": {"start": {"line": 4, "character": 0},
                          "end": {"line": 4, "character": 0}},
                "context": {"diagnostics": []},
            }),
            ("shutdown", {}),
        ]:
            answer = client.response(method, params)
            assert "result" not in answer
            assert answer["error"]["code"] == -32600
            assert answer["error"]["message"] == f"{method}: the server is shut down"
        client.notify("exit", {})
        assert client.process.wait(timeout=60) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()
            client.process.wait()


def versioned_change(action: dict[str, Any]) -> dict[str, Any]:
    """The one document change of a versioned workspace edit."""
    assert set(action["edit"]) == {"documentChanges"}
    (change,) = action["edit"]["documentChanges"]
    return dict(change)


def test_a_quick_fix_names_the_version_it_was_made_for(tmp_path: Path) -> None:
    """Previously the edit was a bare ``changes`` map: an editor could apply it to a
    document that had changed since."""
    client = start(tmp_path, VERSIONED)
    try:
        document = tmp_path / "module.py"
        client.open(document, "x = 1\n")
        client.change(document, 2, [{"text": PLAIN}])
        assert published(client, document, 2) == [PLAIN_FINDING]
        (action,) = [a for a in client.code_actions(document, 4, 4) if a.get("isPreferred")]
        change = versioned_change(action)
        assert change["textDocument"] == {"uri": document.as_uri(), "version": 2}
        assert apply_edits(PLAIN, change["edits"]) == PLAIN_FIXED
    finally:
        client.close()


def test_a_resolved_quick_fix_names_the_version_it_was_resolved_for(tmp_path: Path) -> None:
    """Offered for version 1, resolved after version 2 came: the edit is version 2's,
    and says so."""
    client = start(tmp_path, {**VERSIONED, **LAZY})
    try:
        document = tmp_path / "module.py"
        client.open(document, PLAIN)
        assert published(client, document, 1) == [PLAIN_FINDING]
        (action,) = [a for a in client.code_actions(document, 4, 4) if a.get("isPreferred")]
        assert "edit" not in action
        client.change(document, 2, [{"text": PLAIN + "# end\n"}])
        change = versioned_change(client.request("codeAction/resolve", action))
        assert change["textDocument"] == {"uri": document.as_uri(), "version": 2}
        assert apply_edits(PLAIN + "# end\n", change["edits"]) == PLAIN_FIXED + "# end\n"
    finally:
        client.close()


@pytest.mark.parametrize("key", [5, [[5], 4, "WRP001"]], ids=["no-list", "list-inside"])
def test_a_resolve_whose_key_is_not_ours_returns_the_action_unchanged(
    tmp_path: Path, key: object
) -> None:
    """``data.key`` that is no list of numbers and codes (a client's bug, another server's
    action): the action comes back as it was, not an internal error with a traceback
    (previously a key holding a list gave a TypeError: unhashable list)."""
    client = start(tmp_path, LAZY)
    try:
        document = tmp_path / "module.py"
        client.open(document, PLAIN)
        assert published(client, document, 1) == [PLAIN_FINDING]
        action = {
            "title": "Add @functools.wraps(func)",
            "data": {"uri": document.as_uri(), "action": "fix", "key": key},
        }
        assert client.request("codeAction/resolve", action) == action
    finally:
        client.close()


TWO = (
    "def first(func):\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n"
    "\n    return wrapper\n\n\n"
    "def second(fn):\n    def wrapper(*args, **kwargs):\n        return fn(*args, **kwargs)\n"
    "\n    return wrapper\n"
)


def test_an_action_resolved_after_a_change_has_no_edit(tmp_path: Path) -> None:
    """The quick fix offered for ``first`` is resolved after ``first`` was deleted:
    previously it was found again by line and column alone and decorated ``second``'s
    wrapper, with the current version, so the editor could not refuse it. An action is
    resolved on a newer version only where the same fix sits (its title says which)."""
    client = start(tmp_path, LAZY)
    try:
        document = tmp_path / "two.py"
        client.open(document, TWO)
        assert [d[:2] for d in published(client, document, 1)] == [("WRP001", 1), ("WRP001", 8)]
        (fix,) = [a for a in client.code_actions(document, 1, 1) if a["title"].startswith("Add")]
        assert fix["title"] == "Add @functools.wraps(func)"
        second_only = TWO[TWO.index("def second"):]
        client.change(document, 2, [{"text": second_only}])
        assert [d[:2] for d in published(client, document, 2)] == [("WRP001", 1)]
        assert "edit" not in client.request("codeAction/resolve", fix)
        (again,) = [a for a in client.code_actions(document, 1, 1) if a["title"].startswith("Add")]
        assert again["title"] == "Add @functools.wraps(fn)"
        assert "edit" in client.request("codeAction/resolve", again)
    finally:
        client.close()


def test_a_text_closed_and_opened_again_at_its_version_is_analysed_again(
    tmp_path: Path,
) -> None:
    """Close and open again at version 1 (a revert) while the old text is analysed:
    previously the old text's analysis was kept for the new one, published, and its
    quick fix inserted a decorator into a file that has no wrapper."""
    client = start(tmp_path)
    try:
        document = tmp_path / "reopened.py"
        old = "".join(TWO.replace("first", f"first_{n}") for n in range(300))
        new = "import functools\n\nx = 1\n"
        client.open(document, old)
        client.notify("textDocument/didClose", {"textDocument": {"uri": document.as_uri()}})
        client.open(document, new)
        diagnostics = client.notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == document.as_uri() and p.get("version") == 1,
        )["diagnostics"]
        assert diagnostics == []
        assert client.code_actions(document, 0, 3) == []
    finally:
        client.close()


def test_a_request_whose_params_do_not_fit_is_answered_with_an_error(
    server: LanguageClient, tmp_path: Path
) -> None:
    """A client waiting for the answer gets one (InvalidParams), and the server goes on."""
    document = tmp_path / "module.py"
    params = {"textDocument": {"uri": document.as_uri()}}  # no range, no context
    response = server.response("textDocument/codeAction", params)
    assert response["error"]["code"] == -32602
    server.open(document, PLAIN)
    assert published(server, document, 1) == [PLAIN_FINDING]


def test_a_body_that_is_no_message_is_answered_with_id_null(
    server: LanguageClient, tmp_path: Path
) -> None:
    """Previously answered only with a "Error in server" message box: JSON-RPC answers
    a body that is not JSON with a parse error (-32700), and JSON that is no message
    object with an invalid request (-32600), each with id null. The server goes on."""
    expected = {
        b"{not json": (-32700, "Parse error: Expecting property name enclosed in double "
                               "quotes: line 1 column 2 (char 1)"),
        b"\xff{}": (-32700, "Parse error: 'utf-8' codec can't decode byte 0xff in position "
                            "0: invalid start byte"),
        b"[1, 2]": (-32600, "Invalid request: not a message object"),
        b"{}": (-32600, "Invalid request: not a message object"),
    }
    for body, (code, message) in expected.items():
        server.send_body(body)
        answer = server.answer_to_no_id()
        assert answer == {"jsonrpc": "2.0", "id": None,
                          "error": {"code": code, "message": message}}
    assert server.received("window/showMessage") == []
    document = tmp_path / "module.py"
    server.open(document, PLAIN)
    assert published(server, document, 1) == [PLAIN_FINDING]
