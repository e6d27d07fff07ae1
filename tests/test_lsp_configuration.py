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
