"""``--wraps-functions``: extra dotted names that count as functools.wraps."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_flake8

SOURCE = """\
from boltons import funcutils


def deco(func):
    @funcutils.wraps
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def discarded(func):
    funcutils.wraps(func)
    return func
"""
EXPECTED = [
    "deco.py:5:6: WRP003 @funcutils.wraps without arguments makes 'wrapper' a"
    " functools.partial object; write @funcutils.wraps(func)",
    "deco.py:13:5: WRP002 funcutils.wraps(func) is a bare statement that copies nothing;"
    " 'discarded' returns 'func' itself: remove it",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "deco.py").write_text(SOURCE)
    return tmp_path


def test_unknown_wraps_function_is_not_reported_by_default(project: Path) -> None:
    result = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")


def test_option_on_the_command_line(project: Path) -> None:
    result = run_flake8(
        "--isolated",
        "--select",
        "WRP",
        "--wraps-functions",
        "other.wraps, boltons.funcutils.wraps",
        "deco.py",
        cwd=project,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == EXPECTED


@pytest.mark.parametrize("config_file", ["setup.cfg", "tox.ini", ".flake8"])
def test_option_in_a_config_file(project: Path, config_file: str) -> None:
    (project / config_file).write_text(
        "[flake8]\nselect = WRP\nwraps-functions =\n    boltons.funcutils.wraps\n"
    )
    result = run_flake8("deco.py", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == EXPECTED
