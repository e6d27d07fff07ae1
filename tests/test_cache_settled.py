"""A file is known unchanged by its size and time only when it was old enough when read
(issue 19): a save of the same size that lands while the file is being checked, within
the same one-second timestamp, must not be replayed from the cache afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("flake8-wraps")

CLEAN = '''import functools


def timeit(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
'''
#: The same size: the save changes nothing the size and a one-second time could tell.
BUGGY = CLEAN.replace("    @functools.wraps(func)", "    #functools.wraps(func)")

#: The console script, where an editor saves ``sys.argv[1]`` while it is being checked:
#: after it was read, at a time that makes it settled by when its check ends, in the same
#: one-second timestamp as the version read (as a file system with one-second times does).
SAVED_DURING_THE_CHECK = """
import os, sys, time
from flake8_wraps.cli import command as cli
from flake8_wraps.project.cache import SETTLE_NS

saved, content = os.path.abspath(sys.argv[1]), sys.argv[2].encode()
read_source = cli.read_source


def read_then_saved(path):
    second = time.time_ns() // 10**9 * 10**9 - 10**9  # written in the last second
    os.utime(path, ns=(second, second))
    read = read_source(path)
    if os.path.abspath(path) == saved:
        while time.time_ns() <= second + SETTLE_NS + 10**7:
            time.sleep(0.05)
        with open(path, "wb") as handle:
            handle.write(content)
        os.utime(path, ns=(second, second))
    return read


cli.read_source = read_then_saved
sys.exit(cli.main(sys.argv[3:]))
"""


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_same_size_save_during_the_check_is_not_replayed(
    tmp_path: Path, command: str
) -> None:
    assert len(BUGGY) == len(CLEAN)
    (tmp_path / "pyproject.toml").write_text("")
    decorators = tmp_path / "decorators.py"
    decorators.write_text(CLEAN)
    cache = str(tmp_path / "cache")
    first = subprocess.run(
        [sys.executable, "-c", SAVED_DURING_THE_CHECK, "decorators.py", BUGGY,
         "check", "--cache-dir", cache, "decorators.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert (first.returncode, first.stdout, first.stderr) == (0, "All checks passed!\n", "")
    assert decorators.read_text() == BUGGY
    if command == "check":
        assert run(tmp_path, "check", "--cache-dir", cache, "decorators.py") == (
            1,
            "decorators.py:6:5: WRP001 decorator 'timeit' returns 'wrapper' without"
            " @functools.wraps(func): func's name and docstring are lost\n"
            "Found 1 error (1 fixable with `fix`)\n",
            "",
        )
    else:
        assert run(tmp_path, "fix", "--cache-dir", cache, "decorators.py") == (
            0, "decorators.py: fixed 1 finding\nfixed 1 finding in 1 file\n", ""
        )
        assert "    @functools.wraps(func)\n" in decorators.read_text()
