"""``# noqa`` is honoured by ``check`` and ``fix`` exactly as flake8 honours it.

Each case runs the real flake8 (which applies noqa itself) and the real console script
on the same file: both must report the same lines, and ``fix`` must leave a suppressed
finding alone.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_flake8

SCRIPT = Path(sys.executable).with_name("flake8-wraps")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def decorator(comment: str) -> str:
    return (
        "def timeit(func):\n"
        f"    def wrapper(*args, **kwargs):{comment}\n"
        "        return func(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
    )


MULTI_LINE_DEF = (
    "def timeit(func):\n"
    "    def wrapper(\n"
    "        *args, **kwargs\n"
    "    ):  # noqa: WRP001\n"
    "        return func(*args, **kwargs)\n"
    "\n"
    "    return wrapper\n"
)


@pytest.mark.parametrize(
    ("source", "suppressed"),
    [
        (decorator(""), False),
        (decorator("  # noqa"), True),
        (decorator("  # noqa: WRP001"), True),
        (decorator("  # noqa:WRP001,E501"), True),
        (decorator("  # NOQA:WRP0"), True),
        (decorator("  # noqa: WRP002"), False),
        (decorator("  # noqa: E501"), False),
        # flake8 reads "# noqa : WRP002" as a bare "# noqa", silencing everything.
        (decorator("  # noqa : WRP002"), True),
        # flake8 splits a bracketed header at each line: the comment must be on the
        # reported line (the "def"), as it is here for flake8 too.
        (MULTI_LINE_DEF, False),
        # A line that starts with "# flake8: noqa" silences the whole file, codes or not,
        # even inside a string; after code, flake8 ignores it (and warns).
        ("# flake8: noqa\n" + decorator(""), True),
        ("  # FLAKE8=NOQA: E501\n" + decorator(""), True),
        ('TEXT = """\n# flake8: noqa\n"""\n' + decorator(""), True),
        ("x = 1  # flake8: noqa\n" + decorator(""), False),
        ("#flake8: noqa\n" + decorator(""), False),
    ],
)
def test_check_agrees_with_flake8(tmp_path: Path, source: str, suppressed: bool) -> None:
    (tmp_path / "deco.py").write_text(source)
    flake8 = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path)
    ours = run("check", "-q", "deco.py", cwd=tmp_path)
    assert ours.stdout == flake8.stdout
    assert (ours.returncode, bool(ours.stdout)) == (int(not suppressed), not suppressed)


@pytest.mark.parametrize(
    "source",
    [
        decorator("  # noqa"),
        decorator("  # noqa: WRP001"),
        decorator("  # noqa:E501,WRP001"),
        "# flake8: noqa\n" + decorator(""),
    ],
)
def test_fix_never_touches_a_suppressed_finding(tmp_path: Path, source: str) -> None:
    target = tmp_path / "deco.py"
    target.write_text(source)
    result = run("fix", "deco.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "fixed 0 findings in 0 files\n")
    assert target.read_text() == source


def test_explain_says_the_file_is_silenced(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text("# flake8: noqa\n" + decorator(""))
    result = run("explain", "deco.py:3", cwd=tmp_path)
    assert result.stdout.splitlines()[2] == (
        "  not reported: the # flake8: noqa on line 1 silences the file"
    )


def test_fix_repairs_the_finding_that_is_not_suppressed(tmp_path: Path) -> None:
    """One decorator silenced, the other fixed: the fix keeps to the unsilenced one."""
    target = tmp_path / "deco.py"
    target.write_text(
        "import functools\n"
        "\n\n"
        "def kept(func):\n"
        "    def wrapper(*args, **kwargs):  # noqa: WRP001\n"
        "        return func(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
        "\n\n"
        "def fixed(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
    )
    result = run("fix", "deco.py", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()) == (
        0,
        ["deco.py: fixed 1 finding", "fixed 1 finding in 1 file"],
    )
    assert target.read_text() == (
        "import functools\n"
        "\n\n"
        "def kept(func):\n"
        "    def wrapper(*args, **kwargs):  # noqa: WRP001\n"
        "        return func(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
        "\n\n"
        "def fixed(func):\n"
        "    @functools.wraps(func)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
    )
