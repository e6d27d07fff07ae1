"""Files that Python cannot decode are read the way flake8 reads them.

flake8 reads a file whose coding Python does not know (``future_fstrings``, a codec a
package registers at run time) or whose bytes its codec rejects as latin-1, and our plugin
reports in it. ``check``, ``explain`` and the cross-file summaries read it the same way, so
that they report what flake8 reports; ``fix`` leaves such a file as it is, and nothing
offers to fix it. Each test runs the real flake8 and the real console script.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_flake8

SCRIPT = Path(sys.executable).with_name("flake8-wraps")

#: A decorator whose lambda comes after a non-ASCII string: its column depends on how the
#: line was decoded.
DECORATOR = (
    "def timeit(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    '        print(f"calling {func}")\n'
    "        return func(*args, **kwargs)\n"
    "    return wrapper\n"
    "\n"
    "\n"
    "def counted(func):\n"
    "    print(\"é\"); return lambda *a: func(*a)\n"
).encode("utf-8")

UNKNOWN_CODING = b"# -*- coding: future_fstrings -*-\n" + DECORATOR
#: No coding line: UTF-8, which the byte 0xff is not.
INVALID_UTF8 = DECORATOR.replace(b"calling", b"calling \xff")
#: Python refuses a UTF-8 BOM before another coding; flake8 strips it from the latin-1 text.
BOM_BEFORE_LATIN1 = b"\xef\xbb\xbf# coding: latin-1\n" + DECORATOR

FINDINGS = [
    "{name}:2:5: WRP001 decorator 'timeit' returns 'wrapper' without"
    " @functools.wraps(func): func's name and docstring are lost",
    "{name}:9:{column}: WRP005 decorator 'counted' returns a lambda calling 'func';"
    " use a def with @functools.wraps(func)",
]
#: The lambda's column as flake8 gives it: ast's UTF-8 offset in the latin-1 text, where
#: "é" is two characters of two bytes each (26 bytes before the lambda, not 24).
COLUMN = 27


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def findings(name: str, lines_before: int) -> list[str]:
    """FINDINGS in ``name``, ``lines_before`` lines lower."""
    shifted = []
    for line in FINDINGS:
        head, number, rest = line.format(name=name, column=COLUMN).split(":", 2)
        shifted.append(f"{head}:{int(number) + lines_before}:{rest}")
    return shifted


@pytest.mark.parametrize(
    ("content", "lines_before"), [(UNKNOWN_CODING, 1), (INVALID_UTF8, 0), (BOM_BEFORE_LATIN1, 1)]
)
def test_check_reports_what_flake8_reports(
    tmp_path: Path, content: bytes, lines_before: int
) -> None:
    (tmp_path / "deco.py").write_bytes(content)
    flake8 = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path)
    ours = run("check", "--no-cache", "--select", "WRP", "-q", "deco.py", cwd=tmp_path)
    assert flake8.stdout.splitlines() == findings("deco.py", lines_before)
    assert (ours.returncode, ours.stdout, ours.stderr) == (1, flake8.stdout, "")


@pytest.mark.parametrize("content", [UNKNOWN_CODING, INVALID_UTF8, BOM_BEFORE_LATIN1])
def test_fix_leaves_the_file_and_nothing_offers_to(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "deco.py"
    target.write_bytes(content)
    checked = run("check", "--no-cache", "--format", "json", "deco.py", cwd=tmp_path)
    offered = [(found["fixable"], found["fix_safety"]) for found in json.loads(checked.stdout)]
    assert offered == [(False, None), (False, None)]
    summary = run("check", "--no-cache", "deco.py", cwd=tmp_path)
    assert summary.stdout.splitlines()[-1] == "Found 2 errors"  # not "(1 fixable with `fix`)"
    for flags, why in (([], "no safe fix"), (["--unsafe-fixes"], "no fix")):
        result = run("fix", "--no-cache", *flags, "deco.py", cwd=tmp_path)
        assert (result.returncode, result.stderr) == (1, "")
        assert result.stdout.splitlines()[-1] == f"fixed 0 findings in 0 files; 2 left ({why})"
        assert target.read_bytes() == content


def test_explain_says_why_there_is_no_fix(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_bytes(UNKNOWN_CODING)
    result = run("explain", "deco.py:3", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == findings("deco.py", 1)[0]
    assert lines[-1] == (
        "  fix: none: Python cannot decode this file (an unknown coding, or bytes it rejects)"
    )


def test_a_decorator_module_with_an_unknown_coding_still_counts_across_files(
    tmp_path: Path,
) -> None:
    """The views' module looks the decorator up in its own file: previously that file
    had no summary (not valid Python to ``ast.parse``) and both endpoints went unseen."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "decorators.py").write_bytes(UNKNOWN_CODING)
    (tmp_path / "app.py").write_text(
        "from flask import Flask\n"
        "from decorators import timeit\n"
        "\n"
        "app = Flask(__name__)\n"
        "\n"
        "\n"
        '@app.route("/a")\n'
        "@timeit\n"
        "def first():\n"
        '    return "a"\n'
        "\n"
        "\n"
        '@app.route("/b")\n'
        "@timeit\n"
        "def second():\n"
        '    return "b"\n'
    )
    expected = (
        "app.py:13:2: WRP101 'second' and 'first' both become endpoint 'wrapper' on"
        " 'app' through @timeit (decorators.py:2)\n"
    )
    flake8 = run_flake8("--isolated", "--select", "WRP1", "app.py", cwd=tmp_path)
    ours = run("check", "--no-cache", "--select", "WRP1", "-q", "app.py", cwd=tmp_path)
    assert (flake8.stdout, ours.stdout) == (expected, expected)


#: Shift_JIS as Windows writes it: 0x87 0x90 and 0x81 0xE0 are both "≒", and cp932
#: encodes the character as the second; the first is in a comment the fix does not touch.
CP932_TWO_SPELLINGS = (
    b"# -*- coding: cp932 -*-\n"
    b"# \x87\x90 near enough\n"
    b"def timeit(func):\n"
    b"    def wrapper(*args, **kwargs):\n"
    b"        return func(*args, **kwargs)\n"
    b"    return wrapper\n"
)


def test_fix_leaves_a_file_whose_bytes_do_not_come_back_from_its_text(tmp_path: Path) -> None:
    """Previously fixed, and the untouched comment's bytes changed from 87 90 to 81 E0: the
    fixer wrote the whole text back in the file's coding (a hostile pass, stop 47)."""
    assert CP932_TWO_SPELLINGS.decode("cp932").encode("cp932") != CP932_TWO_SPELLINGS
    target = tmp_path / "deco.py"
    target.write_bytes(CP932_TWO_SPELLINGS)
    result = run("fix", "--no-cache", "deco.py", cwd=tmp_path)
    assert result.stderr == (
        "deco.py: not fixed: its cp932 bytes do not come back from their text: the fix"
        " would change lines it does not edit; left untouched\n"
    )
    assert result.stdout.splitlines()[-1] == "fixed 0 findings in 0 files"
    assert result.returncode == 2
    assert target.read_bytes() == CP932_TWO_SPELLINGS
