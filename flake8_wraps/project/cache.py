"""Where the cache lives, what makes an entry stale, and how it is read and written safely.

The cache directory (``.flake8_wraps_cache/`` at the project root of the working
directory, or ``--cache-dir``, ``cache-dir`` in the configuration, or the
``FLAKE8_WRAPS_CACHE_DIR`` environment variable; ``--no-cache`` or
``FLAKE8_WRAPS_NO_CACHE=1`` turn it off) holds three kinds of JSON files:

- ``results-<tool>/<directory>.json``: the findings of a directory's files (``results.py``);
- ``index-<tool>-<root>.json``: where a project applies decorators (``applications.py``);
- ``modules-<tool>/<path>.json``: what other files need of a module (``modules.py``).

``<tool>`` is a digest of this package's own source and of the Python version, so that
another version (or an edited checkout, or another interpreter) never reads what this one
wrote. A file is known unchanged by its size and its modification and status change
times (``changed_ns``), or, when those moved or were too recent to trust, by a digest of
its content. Every write goes to a temporary file that replaces the old one: two runs at
once (two terminals, pre-commit next to an editor) at worst redo each other's work.

The directory sits in a checkout, where anyone who wrote the checkout (a pull request
checked in CI) may have put files of their own. So an entry is trusted only when this
user wrote it: each one carries an HMAC-SHA256 under a secret key kept outside any
checkout (``key_directory``), checked before a byte of it is parsed, and every field is
validated before use. Anything else (unsigned, damaged, of another shape) is a miss, and
rebuilt. The cache never follows a symbolic link: a cache directory, or a directory in it,
that is a link or not this user's is not used; entries are opened with ``O_NOFOLLOW``; the
clean-up deletes only regular files whose names it gives, never through a link. JSON, not
pickle: nothing read can run code. A directory that cannot be written only means no cache.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional, TypeVar

from flake8_wraps.project.lookup import project_root

#: The directory's name at the project root.
CACHE_DIRECTORY = ".flake8_wraps_cache"
#: Bumped when the layout of the files changes.
FORMAT = 2
#: A file modified this close to when it was read may change again within the same
#: timestamp: its size and time alone are not trusted, its content is compared.
SETTLE_NS = 2_000_000_000

_location: Optional[Path] = None
_chosen = False


class Digest(NamedTuple):
    """A file as it was read: what tells, on a later run, whether it is still the same."""

    size: int
    #: ``changed_ns``: the later of the modification and status change times.
    mtime_ns: int
    sha256: str
    #: Whether the file was old enough, when read, for its size and time to be trusted.
    settled: bool


def changed_ns(status: os.stat_result) -> int:
    """When the file last changed, as the cache compares it: its modification time, or its
    status change time where that is later. ``touch -r``, ``rsync -t`` and archives put
    an old modification time back after an edit; nothing but the kernel sets the status
    change time, so an edit they hide still shows (as a ``chmod`` does, at the cost of
    one read of the file)."""
    return max(status.st_mtime_ns, status.st_ctime_ns)


def digest_of(data: bytes, status: os.stat_result, read_at_ns: int) -> Digest:
    """The digest of a file whose content is ``data`` and whose ``fstat`` is ``status``,
    read from ``read_at_ns`` on (``time.time_ns()`` taken before it was opened)."""
    return Digest(
        len(data),
        changed_ns(status),
        _sha256_hex(data),
        is_settled(changed_ns(status), read_at_ns),
    )


def is_settled(mtime_ns: int, read_at_ns: int) -> bool:
    """Whether a file last modified at ``mtime_ns`` and read from ``read_at_ns`` on can be
    known unchanged later by its size and time alone.

    What counts is when the file was read, not when its check ended: a save of the same
    size landing during the check, within the same timestamp (one second on some file
    systems), leaves size and time as they were read.
    """
    return mtime_ns < read_at_ns - SETTLE_NS


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
    if changed_ns(status) == recorded.mtime_ns and recorded.settled:
        return recorded
    read_at = time.time_ns()
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            data = handle.read(recorded.size + 1)
    except OSError:
        return None
    current = digest_of(data, status, read_at)
    return current if current.sha256 == recorded.sha256 else None


def choose_location(directory: Optional[str], enabled: bool = True) -> None:
    """Use ``directory`` for this process's cache (None: the default), or no cache."""
    global _location, _chosen
    _chosen = True
    if not enabled:
        _location = None
    elif directory:
        _location = _resolved(directory)
    else:
        _location = _default_location()


def _resolved(directory: str) -> Optional[Path]:
    """``directory``, absolute and without links; None (no cache) where it cannot be
    resolved: a symlink loop must cost the run its cache, not the run."""
    try:
        return Path(directory).resolve()
    except (OSError, RuntimeError):
        return None


def refusal(directory: str, root: str) -> Optional[str]:
    """Why a configured ``cache-dir`` may not be used, or None. A checkout's configuration
    is its author's: it must not send the cache's writes out of the project, into a
    folder that cannot be resolved, or into one that holds anything but a cache (the
    ``.gitignore`` the cache writes would hide the project's new files from git)."""
    real = _resolved(directory)
    if real is None:
        return "cannot be resolved (a symlink loop?)"
    top = Path(os.path.realpath(root))
    if real == top:
        return f"is the project's own folder ({top})"
    if top not in real.parents:
        return f"is outside the project ({top})"
    try:
        entries = os.listdir(real)
    except OSError:
        return None  # not there yet, or not a folder: the cache makes it or leaves it
    if entries and not _is_a_cache(real):
        return "holds files that are not this tool's cache"
    return None


def _is_a_cache(directory: Path) -> bool:
    try:
        with open(directory / ".gitignore", encoding="utf-8") as handle:
            return handle.readline() == _GITIGNORE_HEADER
    except (OSError, UnicodeDecodeError):
        return False


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
        return _resolved(named)
    return project_root(Path.cwd()) / CACHE_DIRECTORY


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """A digest of this package's own modules and of the Python that runs them: an edited
    or other version keeps apart, and so does another Python (3.9 cannot parse what 3.12
    can)."""
    import hashlib  # see _sha256_hex

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
    return _sha256_hex(text.encode("utf-8", "surrogateescape"))[:16]


def _sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data``, in hex. hashlib (OpenSSL behind it) is imported here, not at the
    top: it costs about 2 ms, in every flake8 worker that imports the plugin, and only a
    run that reads or writes the cache hashes anything."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


#: Where the secret key lives when ``FLAKE8_WRAPS_KEY_DIR`` does not say.
KEY_DIRECTORY_VARIABLE = "FLAKE8_WRAPS_KEY_DIR"
#: The key's length, in bytes.
_KEY_BYTES = 32
#: An entry larger than this is not read (the largest, a project index, is a few MB).
_MAX_ENTRY_BYTES = 64 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = (
    os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
#: A file the cache creates: only where nothing is, never through a link.
_CREATE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
#: The directories this process made ready to write in (``_prepare``).
_prepared: set[Path] = set()
#: The names the cache gives, and the only ones its clean-up deletes.
_TOOL = r"[0-9a-f]{16}"
_ENTRY_FILE = re.compile(rf"{_TOOL}\.json")
_TEMPORARY_FILE = re.compile(r"\.tmp-\w+\.json")
_STALE_FILE = re.compile(rf"results-{_TOOL}\.json|index-{_TOOL}-{_TOOL}\.json")
_STALE_DIRECTORY = re.compile(rf"(?:results|modules)-{_TOOL}")


def key_directory() -> Optional[Path]:
    """Where the secret key that signs this user's entries lives: ``FLAKE8_WRAPS_KEY_DIR``,
    else ``flake8-wraps`` in the user's cache directory (``$XDG_CACHE_HOME``, else
    ``~/.cache``), never in a checkout. None when there is no home to keep it in."""
    named = os.environ.get(KEY_DIRECTORY_VARIABLE)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError, OSError):
            return None
    return Path(base) / "flake8-wraps"


def secret_key() -> Optional[bytes]:
    """This user's key, made on first use; None when it cannot be read or made safely
    (then there is no cache: an entry nobody can vouch for is worth nothing)."""
    environ = os.environ
    return _key_for(
        environ.get(KEY_DIRECTORY_VARIABLE), environ.get("XDG_CACHE_HOME"), environ.get("HOME")
    )


@lru_cache(maxsize=8)
def _key_for(*environment: Optional[str]) -> Optional[bytes]:
    """The key for these values of the variables that say where it is (asked once)."""
    directory = key_directory()
    return None if directory is None else _key_in(str(directory))


@lru_cache(maxsize=8)
def _key_in(directory: str) -> Optional[bytes]:
    path = os.path.join(directory, "key")
    for _ in range(3):
        try:
            descriptor = os.open(path, _READ_FLAGS)
        except FileNotFoundError:
            try:
                _make_key(directory, path)
            except OSError:
                return None
            continue
        except OSError:
            return None
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode) or not _owned(status):
                return None
            if hasattr(os, "getuid") and stat.S_IMODE(status.st_mode) & 0o077:
                return None  # others could read it, or write it: not a secret
            key = os.read(descriptor, _KEY_BYTES + 1)
        except OSError:
            return None
        finally:
            os.close(descriptor)
        return key if len(key) == _KEY_BYTES else None
    return None


def _make_key(directory: str, path: str) -> None:
    """Create the key file with mode 0600, complete or not at all, never over another."""
    import tempfile

    os.makedirs(directory, mode=0o700, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".key-")  # 0600, O_EXCL
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(os.urandom(_KEY_BYTES))
        try:
            os.link(temporary, path)  # fails when another process made the key first
        except FileExistsError:
            pass
        except OSError:  # no hard links here: create it in place, exclusively
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
            try:
                made = os.open(path, flags, 0o600)
            except FileExistsError:
                return
            with os.fdopen(made, "wb") as handle:
                handle.write(os.urandom(_KEY_BYTES))
    finally:
        os.unlink(temporary)


def _owned(status: os.stat_result) -> bool:
    """Whether this user owns what ``status`` describes (always, where there are no owners)."""
    return not hasattr(os, "getuid") or status.st_uid == os.getuid()


def _safe_directory(path: Path) -> bool:
    """Whether ``path`` is a directory of this user's, not a symbolic link to one."""
    try:
        status = os.lstat(path)
    except (OSError, ValueError):
        return False
    return stat.S_ISDIR(status.st_mode) and _owned(status)


def _usable(directory: Path) -> bool:
    """Whether ``directory`` is the cache directory or one directly in it, and it and
    every directory from the cache directory down to it are safe to use."""
    root = location()
    if root is None:
        return False
    if directory == root:
        return _safe_directory(root)
    return directory.parent == root and _safe_directory(root) and _safe_directory(directory)


def _signature(key: bytes, label: str, payload: bytes) -> bytes:
    import hashlib  # see _sha256_hex
    import hmac

    message = label.encode("utf-8", "surrogateescape") + b"\0" + payload
    return hmac.new(key, message, hashlib.sha256).hexdigest().encode("ascii")


def _label(path: Path) -> str:
    """What an entry's signature covers besides its content: where it sits in the cache
    (an entry moved to another name is not that name's entry)."""
    return f"{FORMAT}/{path.parent.name}/{path.name}"


def read_json(path: Path) -> Any:
    """The JSON in the cache entry ``path``, or None when it is missing, unreadable,
    damaged, or not signed with this user's key."""
    key = secret_key()
    if key is None or not _usable(path.parent):
        return None
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_ENTRY_BYTES:
            return None
        chunks = []
        while True:
            chunk = os.read(descriptor, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    signature, _, payload = b"".join(chunks).partition(b"\n")
    import hmac

    if not hmac.compare_digest(signature, _signature(key, _label(path), payload)):
        return None
    import json

    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def write_json(path: Path, value: Any) -> bool:
    """Replace the cache entry ``path`` with ``value`` as signed JSON, atomically; False
    when it cannot."""
    import json

    key = secret_key()
    if key is None:
        return False
    try:
        payload = json.dumps(value, separators=(",", ":")).encode("utf-8", "surrogateescape")
    except (ValueError, TypeError, UnicodeEncodeError, RecursionError):
        return False
    data = _signature(key, _label(path), payload) + b"\n" + payload
    temporary = os.path.join(path.parent, f".tmp-{os.urandom(8).hex()}.json")
    try:
        _prepare(path.parent)
        handle = os.open(temporary, _CREATE_FLAGS, 0o644)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.replace(temporary, path)  # replaces a link at ``path``, never its target
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


#: The first line of the ``.gitignore`` the cache writes in its folder: how a folder is
#: known for a cache.
_GITIGNORE_HEADER = "# Created by flake8-wraps: its cache, never to be committed.\n"


def _prepare(directory: Path) -> None:
    """Create the cache directory, with a ``.gitignore`` that hides it from git, and
    ``directory`` in it; OSError unless both are safe to write in."""
    if directory in _prepared and _usable(directory):
        return
    root = location()
    if root is None:
        raise OSError("no cache")
    if not _safe_directory(root):
        root.mkdir(parents=True, exist_ok=True)
        if not _safe_directory(root):
            raise OSError(errno.EPERM, "not a directory of this user's", str(root))
    try:
        descriptor = os.open(root / ".gitignore", _CREATE_FLAGS, 0o644)
    except FileExistsError:
        pass  # there already, or a link that is left alone: never written through
    else:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"{_GITIGNORE_HEADER}*\n")
    if directory != root:
        try:
            os.mkdir(directory)
        except FileExistsError:
            pass
    if not _usable(directory):
        raise OSError(errno.EPERM, "not a directory of this user's", str(directory))
    _prepared.add(directory)


def remove_stale(current: tuple[str, ...], older_than_s: float = 7 * 24 * 3600) -> None:
    """Delete what other versions of the tool left, untouched for a week (and temporary
    files a killed run left, after an hour), but the directories named ``current``.

    Only regular files whose names the cache gives are deleted, found with ``lstat``:
    a symbolic link is never followed nor removed, and a directory is emptied of such
    files only (never recursively), then removed if that left it empty.
    """
    root = location()
    if root is None or not _safe_directory(root):
        return
    now = time.time()
    try:
        with os.scandir(root) as scanned:
            entries = list(scanned)
    except OSError:
        return
    for entry in entries:
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        name = entry.name
        if stat.S_ISREG(status.st_mode):
            temporary = _TEMPORARY_FILE.fullmatch(name)
            if temporary or _STALE_FILE.fullmatch(name):
                limit = 3600 if temporary else older_than_s
                if status.st_mtime < now - limit:
                    _unlink(entry.path)
        elif (
            stat.S_ISDIR(status.st_mode)
            and _STALE_DIRECTORY.fullmatch(name)
            and name not in current
            and status.st_mtime < now - older_than_s
            and _owned(status)
        ):
            _empty(entry.path)


def _empty(directory: str) -> None:
    """Delete the entries and temporary files in ``directory``, then it if it is empty."""
    try:
        with os.scandir(directory) as scanned:
            for entry in scanned:
                name = entry.name
                if not (_ENTRY_FILE.fullmatch(name) or _TEMPORARY_FILE.fullmatch(name)):
                    continue
                if entry.is_file(follow_symlinks=False):
                    _unlink(entry.path)
        os.rmdir(directory)
    except OSError:
        pass


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def is_int(value: Any) -> bool:
    """Whether a JSON value is an integer (``True`` is not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


_SHA256 = re.compile(r"[0-9a-f]{64}")


def digest_from(value: Any) -> Optional[Digest]:
    """The digest a cache entry keeps as ``[size, mtime_ns, sha256, settled]``; None for
    anything of another shape."""
    if not (isinstance(value, list) and len(value) == 4):
        return None
    size, mtime_ns, sha256, settled = value
    if not (is_int(size) and size >= 0 and is_int(mtime_ns) and isinstance(settled, bool)):
        return None
    if not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)):
        return None
    return Digest(size, mtime_ns, sha256, settled)


#: What a JSON value must be for each annotation of the named tuples the cache keeps.
_SCALARS: dict[str, Callable[[Any], bool]] = {
    "str": lambda value: isinstance(value, str),
    "int": is_int,
    "bool": lambda value: isinstance(value, bool),
    "Optional[str]": lambda value: value is None or isinstance(value, str),
    "Optional[int]": lambda value: value is None or is_int(value),
    "tuple[int, ...]": lambda value: isinstance(value, list) and all(is_int(v) for v in value),
    "tuple[str, ...]": lambda value: isinstance(value, list)
    and all(isinstance(v, str) for v in value),
}

T = TypeVar("T")


def record_from(kind: Callable[..., T], value: Any) -> Optional[T]:
    """``kind`` (a NamedTuple of scalars) made from the list a cache entry keeps of one;
    None unless the list has each field, of its annotated type."""
    fields: tuple[str, ...] = getattr(kind, "_fields")
    annotations: dict[str, Any] = getattr(kind, "__annotations__")
    if not (isinstance(value, list) and len(value) == len(fields)):
        return None
    for name, item in zip(fields, value):
        # ``from __future__ import annotations``: a string, which NamedTuple may wrap.
        annotation = getattr(annotations.get(name), "__forward_arg__", annotations.get(name))
        valid = _SCALARS.get(getattr(annotation, "__name__", str(annotation)))
        if valid is None or not valid(item):
            return None
    return kind(*value)
