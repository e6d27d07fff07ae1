"""Where the project applies decorators: evidence that a function defined elsewhere is one.

``@timeit`` in ``views.py`` tells the check of ``utils/decorators.py`` that ``timeit`` is
a decorator. The index is the set of names that appear as ``@name``, ``@mod.name(...)``
or ``f = name(f)`` anywhere in the project. It is read from the files' text, with a
pattern, never imported or parsed: a project of 2,000 modules is scanned in a fraction of
a second, once per process and project root, and only when a closure's decision depends
on it (``benchmarks/bench_analysis.py`` reports the cost). The scan is bounded, skips the
directories a check skips, and never follows links out of the project.
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path

#: ``@name``, ``@module.name``, ``@name(...)``: the last dotted part is the decorator.
_DECORATOR_LINE = re.compile(rb"^[ \t]*@[ \t]*([A-Za-z_][\w.]*)", re.M)
#: ``view = login_required(view)`` at module level: a decorator applied by hand (an
#: indented one may be a local value adapted inside a function).
_APPLIED_BY_HAND = re.compile(rb"^(\w+)[ \t]*=[ \t]*([A-Za-z_][\w.]*)\([ \t]*\1[ \t]*\)", re.M)
#: Directories no project's own decorators live in.
_SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "env",
        "build",
        "dist",
        "__pycache__",
        ".eggs",
        "node_modules",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
    }
)
#: At most this many files are read, and at most this much of each.
MAX_FILES = 20_000
MAX_BYTES = 2_000_000


@lru_cache(maxsize=64)
def applied_names(root: Path) -> frozenset[str]:
    """Every name applied as a decorator in the Python files under ``root``."""
    names: set[str] = set()
    seen = 0
    for directory, subdirectories, files in os.walk(root, onerror=lambda error: None):
        subdirectories[:] = [
            name
            for name in subdirectories
            if name not in _SKIPPED_DIRECTORIES and not name.endswith(".egg-info")
        ]
        for name in files:
            if not name.endswith(".py"):
                continue
            seen += 1
            if seen > MAX_FILES:
                return frozenset(names)
            text = _read(os.path.join(directory, name))
            if b"@" in text:
                for match in _DECORATOR_LINE.finditer(text):
                    names.add(match.group(1).rpartition(b".")[2].decode("ascii", "replace"))
            if b"=" in text:
                for match in _APPLIED_BY_HAND.finditer(text):
                    names.add(match.group(2).rpartition(b".")[2].decode("ascii", "replace"))
    return frozenset(names)


def _read(path: str) -> bytes:
    """The start of a regular file; nothing for anything else (a FIFO, a device)."""
    try:
        with open(path, "rb", opener=_open_regular) as handle:
            return handle.read(MAX_BYTES)
    except (OSError, ValueError):
        return b""


def _open_regular(path: str, flags: int) -> int:
    descriptor = os.open(path, flags | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError("not a regular file")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor
