"""A comment saying that wraps is left out on purpose silences WRP001, as a docstring
saying so does, in every way the check runs: flake8, ``check`` on a file and on standard
input, ``fix``, ``explain`` and the editor's analysis, also after an edit of the comment
alone. The tree has no comments: each entry point hands the check its source."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.lsp.analyses import analyse_lines
from flake8_wraps.lsp.reparse import python_lines

from conftest import run_flake8

SCRIPT = Path(sys.executable).with_name("flake8-wraps")

ON_PURPOSE = (
    "class Wrapper:\n"
    "    def __enter__(self):\n"
    "        return self\n"
    "\n"
    "    def __exit__(self, *exc_info):\n"
    "        return False\n"
    "\n"
    "    def __call__(self, func):\n"
    "        # Note that we are intentionally not using @wraps here for performance\n"
    "        # reasons.\n"
    "        def inner(*args, **kwargs):\n"
    "            with self:\n"
    "                return func(*args, **kwargs)\n"
    "\n"
    "        return inner\n"
)
#: The same decorator with a comment that says nothing about intent.
SILENT_ABOUT_IT = ON_PURPOSE.replace("intentionally not using", "not yet using")
FINDING = (
    "deco.py:11:9: WRP001 decorator 'Wrapper.__call__' returns 'inner' without"
    " @functools.wraps(func): func's name and docstring are lost"
)


def run(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300, input=stdin
    )


def test_flake8_check_and_stdin_read_the_comment(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text(ON_PURPOSE)
    assert run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path).stdout == ""
    checked = run("check", "--select", "WRP", "deco.py", cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "All checks passed!\n")
    piped = run("check", "--select", "WRP", "--stdin-filename", "deco.py", "-", cwd=tmp_path,
                stdin=ON_PURPOSE)
    assert (piped.returncode, piped.stdout) == (0, "All checks passed!\n")
    (tmp_path / "deco.py").write_text(SILENT_ABOUT_IT)
    assert run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path).stdout == (
        FINDING + "\n"
    )


def test_fix_leaves_it_and_explain_says_why(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text(ON_PURPOSE)
    fixed = run("fix", "--unsafe-fixes", "deco.py", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (tmp_path / "deco.py").read_text() == ON_PURPOSE
    explained = run("explain", "deco.py:11", cwd=tmp_path).stdout
    assert (
        "        +1  loss-documented: the comment on line 9 says the metadata is left out on"
        " purpose\n"
    ) in explained
    assert "a wrapper, not reported: the loss is meant" in explained


def test_the_editor_reads_the_comment_also_after_an_edit_of_it_alone() -> None:
    silent = analyse_lines(1, python_lines(SILENT_ABOUT_IT), None, DEFAULT_CONFIG, "utf-16")
    assert [(f.line, f.code) for f in silent.findings] == [(11, "WRP001")]
    on_purpose = analyse_lines(
        2, python_lines(ON_PURPOSE), None, DEFAULT_CONFIG, "utf-16", silent
    )
    assert on_purpose.findings == []
    again = analyse_lines(
        3, python_lines(SILENT_ABOUT_IT), None, DEFAULT_CONFIG, "utf-16", on_purpose
    )
    assert [(f.line, f.code) for f in again.findings] == [(11, "WRP001")]
