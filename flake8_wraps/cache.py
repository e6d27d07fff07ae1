"""Where the cache lives, what makes an entry stale, and how it is read and written safely.

The cache directory (``.flake8_wraps_cache/`` at the project root of the working
directory, or ``--cache-dir``, ``cache-dir`` in the configuration, or the
``FLAKE8_WRAPS_CACHE_DIR`` environment variable; ``--no-cache`` or
``FLAKE8_WRAPS_NO_CACHE=1`` turn it off) holds three kinds of JSON files:

- ``results-<tool>.json``: each checked file's findings (``results.py``);
- ``index-<tool>-<root>.json``: where a project applies decorators (``applications.py``);
- ``modules-<tool>/<path>.json``: what other files need of a module (``project.py``).

``<tool>`` is a digest of this package's own source and of the Python version, so that
another version (or an edited checkout, or another interpreter) never reads what this one
wrote. A file is known unchanged by its size
and modification time, or, when those moved or were too recent to trust, by a digest of
its content. Every write goes to a temporary file that replaces the old one: two runs at
once (two terminals, pre-commit next to an editor) at worst redo each other's work. JSON,
not pickle: a cache committed to a repository by mistake must never run code. Anything
unreadable, damaged or of another format is ignored and rebuilt, and a directory that
cannot be written only means no cache.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Optional

#: The directory's name at the project root.
CACHE_DIRECTORY = ".flake8_wraps_cache"
#: Bumped when the layout of the files changes.
FORMAT = 1
#: A file modified this close to when it was read may change again within the same
#: timestamp: its size and time alone are not trusted, its content is compared.
SETTLE_NS = 2_000_000_000

_location: Optional[Path] = None
_chosen = False


class Digest(NamedTuple):
    """A file as it was read: what tells, on a later run, whether it is still the same."""

    size: int
    mtime_ns: int
    sha256: str
    #: Whether the file was old enough, when read, for its size and time to be trusted.
    settled: bool


def digest_of(data: bytes, status: os.stat_result) -> Digest:
    """The digest of a file whose content is ``data`` and whose ``fstat`` is ``status``."""
    return Digest(
        len(data),
        status.st_mtime_ns,
        hashlib.sha256(data).hexdigest(),
        is_settled(status.st_mtime_ns),
    )


def is_settled(mtime_ns: int) -> bool:
    """Whether a file last modified at ``mtime_ns`` and read now can be known unchanged
    later by its size and time alone."""
    return mtime_ns < time.time_ns() - SETTLE_NS


def unchanged(path: str, recorded: Digest) -> Optional[Digest]:
    """The file's digest now if its content is still ``recorded``'s, else None.

    Its size and modification time answer when they are those recorded and were
    settled; otherwise its content is read and compared (the new digest then keeps the
    new time, so the next run need not read it again).
    """
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size != recorded.size:
        return None
    if status.st_mtime_ns == recorded.mtime_ns and recorded.settled:
        return recorded
    try:
        with open(path, "rb") as handle:
            data = handle.read(recorded.size + 1)
    except OSError:
        return None
    current = digest_of(data, status)
    return current if current.sha256 == recorded.sha256 else None


def choose_location(directory: Optional[str], enabled: bool = True) -> None:
    """Use ``directory`` for this process's cache (None: the default), or no cache."""
    global _location, _chosen
    _chosen = True
    if not enabled:
        _location = None
    elif directory:
        _location = Path(directory).resolve()
    else:
        _location = _default_location()


def location() -> Optional[Path]:
    """The cache directory of this process, or None when there is no cache."""
    global _location, _chosen
    if not _chosen:
        _chosen = True
        _location = _default_location()
    return _location


def _default_location() -> Optional[Path]:
    if os.environ.get("FLAKE8_WRAPS_NO_CACHE", "").strip() not in ("", "0"):
        return None
    named = os.environ.get("FLAKE8_WRAPS_CACHE_DIR")
    if named:
        return Path(named).resolve()
    from flake8_wraps.project import project_root

    return project_root(Path.cwd()) / CACHE_DIRECTORY


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """A digest of this package's own modules and of the Python that runs them: an edited
    or other version keeps apart, and so does another Python (3.9 cannot parse what 3.12
    can)."""
    package = Path(__file__).resolve().parent
    python = f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}"
    digest = hashlib.sha256(f"{FORMAT}-{python}".encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()[:16]


def name_digest(text: str) -> str:
    """A short, file-name-safe digest of ``text`` (a path)."""
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def read_json(path: Path) -> Any:
    """The JSON in ``path``, or None when it is missing, unreadable or damaged."""
    import json

    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read())
    except (OSError, ValueError, RecursionError):
        return None


def write_json(path: Path, value: Any) -> bool:
    """Replace ``path`` with ``value`` as JSON, atomically; False when it cannot."""
    import json
    import tempfile

    try:
        _prepare(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as output:
            json.dump(value, output, separators=(",", ":"))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except (OSError, ValueError, TypeError):
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


def _prepare(directory: Path) -> None:
    """Create the cache directory, with a ``.gitignore`` that hides it from git."""
    root = location()
    if root is None:
        raise OSError("no cache")
    if not (root / ".gitignore").exists():
        root.mkdir(parents=True, exist_ok=True)
        (root / ".gitignore").write_text(
            "# Created by flake8-wraps: its cache, never to be committed.\n*\n"
        )
    directory.mkdir(parents=True, exist_ok=True)


def remove_stale(pattern: str, keep: str, older_than_s: float = 7 * 24 * 3600) -> None:
    """Delete the cache files matching ``pattern`` but ``keep``, untouched for a week:
    what other versions of the tool left."""
    root = location()
    if root is None:
        return
    cutoff = time.time() - older_than_s
    for path in root.glob(pattern):
        try:
            if path.name != keep and path.stat().st_mtime < cutoff:
                if path.is_dir():
                    for child in path.iterdir():
                        child.unlink()
                    path.rmdir()
                else:
                    path.unlink()
        except OSError:
            continue
