"""The files a run reads and writes: which ones, how they are read, how they are replaced.

A tool that rewrites files in place must never follow a path somewhere the user did not
name, never block on something that is not a file, and never overwrite what it did not
read. So the walk yields regular files only and does not follow symbolic links out of the
paths named; reading records a snapshot (size, modification time, inode, content hash)
that is checked again just before the file is replaced; and the replacement keeps the
file's owner, group, mode, extended attributes (ACLs included) and hard links.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from typing import Callable, Iterable, NamedTuple

from flake8_wraps.project.cache import changed_ns

#: Bytes read at a time: a file is read to its end, but never on a guess of its size.
_CHUNK = 1 << 20


class Skipped(NamedTuple):
    """A path the walk did not take, and why."""

    path: str
    reason: str
    #: Whether the run must end with status 2 (an error), not just say so.
    error: bool


class Walk(NamedTuple):
    """What the paths named hold: the Python files to process, the paths left out."""

    files: list[str]
    skipped: list[Skipped]


class Snapshot(NamedTuple):
    """A file as it was read: compared again just before the file is replaced."""

    size: int
    mtime_ns: int
    inode: int
    device: int
    sha256: str


class Rewrite(NamedTuple):
    """A verified fix, to be written over the file it was made from."""

    data: bytes
    snapshot: Snapshot


class NotWritten(Exception):
    """The file was left as it is, for a reason the user must hear (not an I/O failure)."""


class NotRegularFile(OSError):
    """A path that names something other than a regular file (a FIFO, a device...)."""


def kind_of(mode: int) -> str:
    """``a FIFO``, ``a character device``...: what a non-regular file is, for messages."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def python_files(paths: Iterable[str], excluded: Callable[[str], bool]) -> Walk:
    """The regular files named, and the regular ``*.py`` files below the directories named.

    A path named that does not exist raises ValueError (a usage error). A path named that
    is not a regular file or a directory is refused (an error); so is a directory that
    cannot be read. Below a directory named, symbolic links are not followed when they lead
    outside the paths named (they are reported as skipped); a link to a file inside them
    stands for that file, which is processed once whatever its names. FIFOs, devices and
    sockets are skipped: reading them could block or never end.
    """
    names = list(paths)
    roots = [os.path.realpath(name) for name in names]
    walk = Walk([], [])
    seen: set[tuple[int, int]] = set()
    #: Links to files inside the roots: taken last, so that a file is named as itself.
    links: list[tuple[str, os.stat_result]] = []
    for name in names:
        try:
            status = os.stat(name)  # through a link the user named: they meant its target
        except FileNotFoundError:
            raise ValueError(f"{name}: no such file or directory") from None
        except OSError as error:
            walk.skipped.append(Skipped(name, f"cannot be read ({error.strerror})", True))
            continue
        if stat.S_ISREG(status.st_mode):
            if _first_time(status, seen):
                walk.files.append(name)
        elif stat.S_ISDIR(status.st_mode):
            _walk_directory(name, roots, excluded, seen, links, walk)
        else:
            reason = f"not a regular file ({kind_of(status.st_mode)}); left untouched"
            walk.skipped.append(Skipped(name, reason, True))
    walk.files.extend(path for path, status in links if _first_time(status, seen))
    return walk


def _first_time(status: os.stat_result, seen: set[tuple[int, int]]) -> bool:
    key = (status.st_dev, status.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk_directory(
    top: str,
    roots: list[str],
    excluded: Callable[[str], bool],
    seen: set[tuple[int, int]],
    links: list[tuple[str, os.stat_result]],
    walk: Walk,
) -> None:
    """Depth first, in sorted order, each directory's files before its subdirectories."""
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scanned:
                entries = sorted(scanned, key=lambda entry: entry.name)
        except OSError as error:
            walk.skipped.append(Skipped(directory, f"cannot be read ({error.strerror})", True))
            continue
        subdirectories = []
        for entry in entries:
            full = os.path.join(directory, entry.name)
            try:
                is_link = entry.is_symlink()
                is_directory = entry.is_dir(follow_symlinks=False)
            except OSError as error:
                walk.skipped.append(Skipped(full, f"cannot be read ({error.strerror})", True))
                continue
            if is_directory:
                if not excluded(full):
                    subdirectories.append(full)
                continue
            if is_link:
                _linked(full, roots, excluded, links, walk)
                continue
            if not entry.name.endswith(".py") or excluded(full):
                continue
            try:
                status = entry.stat(follow_symlinks=False)
            except OSError as error:
                walk.skipped.append(Skipped(full, f"cannot be read ({error.strerror})", True))
                continue
            if not stat.S_ISREG(status.st_mode):
                reason = f"skipped: not a regular file ({kind_of(status.st_mode)})"
                walk.skipped.append(Skipped(full, reason, False))
            elif _first_time(status, seen):
                walk.files.append(full)
        stack.extend(reversed(subdirectories))


def _linked(
    path: str,
    roots: list[str],
    excluded: Callable[[str], bool],
    links: list[tuple[str, os.stat_result]],
    walk: Walk,
) -> None:
    """A symbolic link met while walking: followed only to a regular file inside the roots.

    Links to directories are never followed (the walk could loop); those leading outside
    the paths named are reported, those inside are walked under their own names anyway.
    """
    target = os.path.realpath(path)
    inside = any(target == root or target.startswith(root.rstrip(os.sep) + os.sep)
                 for root in roots)
    try:
        status = os.stat(target)
    except OSError as error:
        if path.endswith(".py") and not excluded(path):
            # Said, never skipped in silence; not an error: an editor's lock file
            # (Emacs' ``.#views.py``) is a link to nothing while the buffer is changed.
            reason = f"skipped: symbolic link to {target}, which cannot be read ({error.strerror})"
            walk.skipped.append(Skipped(path, reason, False))
        return
    if stat.S_ISDIR(status.st_mode):
        if not inside and not excluded(path):
            reason = f"skipped: symbolic link to {target}, outside the paths named"
            walk.skipped.append(Skipped(path, reason, False))
        return
    if not path.endswith(".py") or excluded(path):
        return
    if not inside:
        reason = f"skipped: symbolic link to {target}, outside the paths named"
        walk.skipped.append(Skipped(path, reason, False))
    elif not stat.S_ISREG(status.st_mode):
        reason = f"skipped: not a regular file ({kind_of(status.st_mode)})"
        walk.skipped.append(Skipped(path, reason, False))
    else:
        links.append((path, status))


def read_source(path: str) -> tuple[bytes, Snapshot]:
    """The file's bytes and its snapshot; NotRegularFile for anything else.

    The file is opened without blocking (a FIFO put where a file was walked must not hang
    the run) and checked to be a regular file before a byte is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(
                errno.EINVAL, f"not a regular file ({kind_of(status.st_mode)})"
            )
        chunks = []
        while True:
            chunk = os.read(descriptor, _CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    snapshot = Snapshot(
        len(data), changed_ns(status), status.st_ino, status.st_dev,
        hashlib.sha256(data).hexdigest(),
    )
    return data, snapshot


def write_fixed(path: str, rewrite: Rewrite) -> None:
    """Replace the file at ``path`` (through a link, the file it names) with the fix.

    NotWritten when the file is read-only or changed since it was read; OSError when it
    cannot be written. Most files are replaced atomically: a temporary file beside it,
    given the file's owner, group, mode and extended attributes, then renamed over it. A
    file with other hard links, or attributes or an owner the temporary file cannot be
    given, is written in place instead (a rename would split the links or lose them),
    after the same checks.
    """
    target = os.path.realpath(path)
    status = os.stat(target)
    if not stat.S_ISREG(status.st_mode):
        raise NotWritten(f"not a regular file any more ({kind_of(status.st_mode)})")
    mode = stat.S_IMODE(status.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise NotWritten(f"read-only (mode {mode:04o})")  # even for root, as formatters do
    if not os.access(target, os.W_OK):
        raise NotWritten(f"not writable by this user (mode {mode:04o})")
    _unchanged(target, rewrite.snapshot)
    if status.st_nlink > 1:
        _write_in_place(target, rewrite)
        return
    directory, name = os.path.split(target)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
    except PermissionError:
        _write_in_place(target, rewrite)  # the directory is not ours, the file is
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(rewrite.data)
            handle.flush()
            kept = _give_attributes(handle.fileno(), target, status)
            os.fsync(handle.fileno())
        if not kept:
            os.unlink(temporary)
            _write_in_place(target, rewrite)
            return
        _unchanged(target, rewrite.snapshot)
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def _unchanged(target: str, snapshot: Snapshot) -> None:
    """NotWritten unless the file is still what was read: same size, time, inode, hash."""
    status = os.stat(target)
    same = (status.st_size, changed_ns(status), status.st_ino, status.st_dev) == (
        snapshot.size, snapshot.mtime_ns, snapshot.inode, snapshot.device
    )
    if same:
        with open(target, "rb") as handle:
            same = hashlib.sha256(handle.read()).hexdigest() == snapshot.sha256
    if not same:
        raise NotWritten("changed while it was being fixed")


def _give_attributes(descriptor: int, target: str, status: os.stat_result) -> bool:
    """Give the temporary file the target's owner, group, mode and extended attributes.

    False when one of them cannot be given (another user's file fixed by its group, an
    attribute this process may not set): the caller then writes in place.
    """
    if not hasattr(os, "fchown"):  # pragma: no cover - Windows: no owners, no modes to keep
        return True
    try:
        if (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
            os.fchown(descriptor, status.st_uid, status.st_gid)
        os.fchmod(descriptor, stat.S_IMODE(status.st_mode))  # after chown, which clears setuid
    except PermissionError:
        return False
    if not hasattr(os, "listxattr"):  # pragma: no cover - macOS, BSDs
        return True
    try:
        names = os.listxattr(target)
    except OSError as error:
        return error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP)
    try:
        for attribute in names:
            os.setxattr(descriptor, attribute, os.getxattr(target, attribute))
        # A default ACL of the directory may have given the new file attributes of its own.
        return sorted(os.listxattr(descriptor)) == sorted(names)
    except OSError:
        return False


def _write_in_place(target: str, rewrite: Rewrite) -> None:
    """Overwrite the file's content through its own inode: links and attributes stay."""
    with open(target, "r+b") as handle:
        _unchanged(target, rewrite.snapshot)
        handle.write(rewrite.data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())
