"""The language server obeys the same configuration as flake8 and ``check``: ``[flake8]``
(``extend-ignore``, ``per-file-ignores``, ``exclude``) as well as ``[tool.flake8-wraps]``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lsp_client import LanguageClient
from test_lsp_server import PLAIN, published, start


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LanguageClient]:
    client = start(tmp_path)
    yield client
    client.close()


def test_the_server_obeys_the_flake8_section(server: LanguageClient, tmp_path: Path) -> None:
    """Previously the server read neither ``extend-ignore`` nor ``exclude`` of ``[flake8]``."""
    ignoring = tmp_path / "ignoring"
    ignoring.mkdir()
    (ignoring / ".flake8").write_text("[flake8]\nextend-ignore = E203 WRP001\n")
    server.open(ignoring / "decorators.py", PLAIN)
    assert published(server, ignoring / "decorators.py", 1) == []
    excluding = tmp_path / "excluding"
    (excluding / "legacy").mkdir(parents=True)
    (excluding / "tox.ini").write_text("[flake8]\nexclude = legacy\n")
    server.open(excluding / "legacy" / "decorators.py", PLAIN)
    assert published(server, excluding / "legacy" / "decorators.py", 1) == []
    server.open(excluding / "decorators.py", PLAIN)
    assert [d["code"] for d in published(server, excluding / "decorators.py", 1)] == ["WRP001"]


def test_a_broken_configuration_is_shown_and_the_server_runs(tmp_path: Path) -> None:
    """Previously the server, started where ``check`` stops on the configuration, exited
    with status 2 before it answered ``initialize``; started elsewhere, it said nothing."""
    (tmp_path / "pyproject.toml").write_text("[tool.flake8-wraps]\nignore = 'WRP001'\n")
    client = start(tmp_path)  # in the project, as Neovim and Helix start it
    try:
        client.open(tmp_path / "decorators.py", PLAIN)
        assert [d["code"] for d in published(client, tmp_path / "decorators.py", 1)] == [
            "WRP001"
        ]
        shown = client.notification("window/showMessage")
        assert (shown["type"], shown["message"]) == (
            2,
            "flake8-wraps: pyproject.toml: [tool.flake8-wraps] ignore: expected a list of"
            " strings, not a string ('WRP001'); its documents get the defaults until it is"
            " fixed",
        )
    finally:
        client.close()


def test_default_excludes_need_a_configuration(server: LanguageClient, tmp_path: Path) -> None:
    """Without a configuration file, the default excludes (``build``, ``venv``...) were
    taken from the server's working directory: a document under ``build/`` showed
    nothing, although ``check`` reports it from anywhere."""
    (tmp_path / "build").mkdir()
    server.open(tmp_path / "build" / "decorators.py", PLAIN)
    assert [d["code"] for d in published(server, tmp_path / "build" / "decorators.py", 1)] == [
        "WRP001"
    ]


WATCHING = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}


def test_a_configuration_changed_on_disk_is_obeyed_at_once(tmp_path: Path) -> None:
    """The server asks the client to watch configuration files, and analyses the open
    documents again when one changes; previously only an edit or a save did."""
    client = start(tmp_path, WATCHING)
    try:
        document = tmp_path / "decorators.py"
        client.open(document, PLAIN)
        assert [d["code"] for d in published(client, document, 1)] == ["WRP001"]
        configuration = tmp_path / "setup.cfg"
        configuration.write_text("[flake8]\nextend-ignore = WRP001\n")
        client.notify(
            "workspace/didChangeWatchedFiles",
            {"changes": [{"uri": configuration.as_uri(), "type": 1}]},
        )
        assert published(client, document, 1) == []
    finally:
        client.close()


def test_a_save_keeps_the_diagnostics_of_a_document_that_does_not_parse(
    server: LanguageClient, tmp_path: Path
) -> None:
    """Previously a save forgot every analysis: a document in the middle of an edit that
    does not parse lost its diagnostics until it parsed again."""
    document = tmp_path / "decorators.py"
    server.open(document, PLAIN)
    assert [d["code"] for d in published(server, document, 1)] == ["WRP001"]
    server.change(document, 2, [{"text": PLAIN + "def broken(:\n"}])
    assert [d["code"] for d in published(server, document, 2)] == ["WRP001"]
    server.notify("textDocument/didSave", {"textDocument": {"uri": document.as_uri()}})
    assert [d["code"] for d in published(server, document, 2)] == ["WRP001"]
