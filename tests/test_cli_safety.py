"""The command line under hostile input: it never damages a file and never hangs.

Everything here is real: files in a temporary directory, symbolic and hard links, FIFOs,
devices, owners, extended attributes, a second user, and the console script in a
subprocess. Each test reproduced its bug before the change it comes with.
"""

from __future__ import annotations

import ast
import ctypes
import os
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Iterator

import libcst
import pytest

from flake8_wraps.analysis.module import analyze
from flake8_wraps.project.checker import check
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.errors import one_line
from flake8_wraps.cli.files import NotWritten, Rewrite, read_source, write_fixed
from flake8_wraps.fix.fixer import FixError, fix_source

FIXES = Path(__file__).parent / "fixes"
SCRIPT = Path(sys.executable).with_name("flake8-wraps")
BEFORE = (FIXES / "plain.before.py").read_bytes()
AFTER = (FIXES / "plain.after.py").read_bytes()
#: A user and group that own nothing here: the owner of the ownership tests' files.
OTHER_USER, OTHER_GROUP = 12345, 23456

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX files and users")


def run(*args: str, cwd: Path, **options: object) -> subprocess.CompletedProcess[str]:
    # The timeout is a safety net, not a measure: a run that blocks fails instead of hanging.
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=120, **options
    )


def without_root_powers() -> None:
    """In the child, before it runs the script: root without the capabilities that let it
    read, write and give away any file (CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER).

    It then meets permissions as any user does. (A real second user cannot run the
    interpreter here: it lives in root's home.)
    """
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for capability in (0, 1, 2, 3):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def as_second_user() -> dict[str, object]:
    """Options that run the subprocess as an ordinary user would run it."""
    return {"preexec_fn": without_root_powers} if os.geteuid() == 0 else {}


@pytest.fixture
def shared_directory() -> Iterator[Path]:
    """A directory every user can enter and write (pytest's own is its owner's only)."""
    directory = Path(tempfile.mkdtemp(prefix="flake8-wraps-"))
    directory.chmod(0o777)
    try:
        yield directory
    finally:
        for path in directory.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(directory)


# -- one file's failure is one line, and the other files are still done --------------------


def test_input_deeper_than_the_parser_allows_is_one_file_error(tmp_path: Path) -> None:
    """Previously a traceback and exit 1, the code for findings: the run was aborted."""
    (tmp_path / "deep.py").write_text("x = " + "-" * 3_000 + "1\n")
    (tmp_path / "lambdas.py").write_text("f = " + "lambda: " * 3_000 + "1\n")
    (tmp_path / "timing.py").write_bytes(BEFORE)
    result = run("fix", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()) == (
        2,
        [
            "./deep.py: too deeply nested for Python's parser (RecursionError); left untouched",
            "./lambdas.py: too deeply nested for Python's parser (MemoryError); left untouched",
        ],
    )
    assert (tmp_path / "timing.py").read_bytes() == AFTER
    assert result.stdout.splitlines() == [
        "./timing.py: fixed 1 finding", "fixed 1 finding in 1 file"
    ]
    assert run("check", "deep.py", cwd=tmp_path).returncode == 2


def test_libcst_error_on_a_long_attribute_chain_is_one_line(tmp_path: Path) -> None:
    """Previously the error handler crashed: formatting LibCST's error recursed. Since
    ``check`` measures how deep the statement is, the command offers no fix there and
    leaves the file alone; the fixer, asked anyway, still says why in one line."""
    chain = "a" + ".b" * 1_000
    source = (
        "import functools\n\n\ndef deco(func):\n    def wrapper(*args):\n"
        f"        return func(*args, {chain})\n    return wrapper\n"
    )
    (tmp_path / "chain.py").write_text(source)
    # Unsafe: the wrapper passes 'func' an argument of its own.
    result = run("fix", "--unsafe-fixes", "chain.py", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.endswith("fixed 0 findings in 0 files; 1 left (no fix)\n")
    assert (tmp_path / "chain.py").read_text() == source
    offered = check(ast.parse(source), None)  # without the source: the fix is offered
    with pytest.raises(FixError) as refused:
        fix_source(source.encode(), offered, DEFAULT_CONFIG, True)
    assert len(str(refused.value).splitlines()) == 1
    assert "too deeply nested" in str(refused.value)


MIXED = (
    "from functools import wraps\n\n\n"
    "def deco(fn):\n"
    "\x0c    @wraps\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return fn(*args, **kwargs)\n"
    "    return wrapper\n\n\n"
    "def other(fn):\n"
    "    def inner(*args, **kwargs):\n"
    "        return fn(*args, **kwargs)\n"
    "    return inner\n"
)


def test_a_fix_that_cannot_be_made_leaves_the_others_made() -> None:
    """A hostile pass found one finding whose fix could not be made (then ``@(wraps)``)
    leaving every other fix of its file undone. The others are made and verified; the
    one refused says why. Here LibCST cannot parse the function that holds the refused
    fix (a form feed in an indentation, which Python accepts)."""
    findings = analyze(ast.parse(MIXED))  # the analysis offers both fixes
    assert [(f.code, f.fix is not None) for f in findings] == [
        ("WRP003", True), ("WRP001", True)
    ]
    result = fix_source(MIXED.encode(), findings, DEFAULT_CONFIG)
    assert [f.code for f in result.fixed] == ["WRP001"]
    ((refused, why),) = result.refused
    assert (refused.code, why.startswith("cannot parse (ParserSyntaxError")) == ("WRP003", True)
    assert result.source.decode() == MIXED.replace(
        "    def inner", "    @wraps(fn)\n    def inner"
    )


def test_a_statement_libcst_cannot_parse_is_offered_no_fix(tmp_path: Path) -> None:
    """Since the checker sees that LibCST refuses the statement, its finding is offered
    no fix, and the rest of the file is fixed: status 1, one finding left."""
    (tmp_path / "mixed.py").write_text(MIXED)
    result = run("fix", "--isolated", "--no-cache", "mixed.py", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "mixed.py: fixed 1 finding",
        "mixed.py:5:7: WRP003 @wraps without arguments makes 'wrapper' a functools.partial"
        " object; write @wraps(fn)",
        "fixed 1 finding in 1 file; 1 left (no safe fix)",
    ]
    assert (tmp_path / "mixed.py").read_text() == MIXED.replace(
        "    def inner", "    @wraps(fn)\n    def inner"
    )


def test_an_error_holding_a_deep_libcst_node_is_described() -> None:
    """What LibCST raised on that chain: a KeyError whose key is the chain's node, whose
    ``repr`` recursed (previously the handler's f-string raised RecursionError)."""
    node = libcst.parse_expression("a" + ".b" * 1_000)
    with pytest.raises(RecursionError):
        str(KeyError(node))
    assert one_line(KeyError(node)) == "KeyError"


def test_libcst_parse_errors_are_described_on_one_line() -> None:
    with pytest.raises(libcst.ParserSyntaxError) as raised:
        libcst.parse_module("def f(:\n    pass\n")
    assert "\n" in str(raised.value)  # LibCST quotes the line and a caret
    assert one_line(raised.value) == (
        "ParserSyntaxError: parser error: error at 2:4: expected one of ), *, **, NAME"
        " (line 2, column 1)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Previously "line None" and "line 0".
        (b"x = 1\x00\n", "not valid Python (source code string cannot contain null bytes)"),
        # Read as latin-1, as flake8 reads it (``test_source_encodings``): the error is
        # the code's, on its line, no longer the coding's on "line 0".
        (b"# coding: nope\nx = (\n", "not valid Python (line 2: '(' was never closed)"),
        (b"def f(:\n    pass\n", "not valid Python (line 1: invalid syntax)"),
    ],
)
def test_messages_name_a_line_only_when_there_is_one(
    tmp_path: Path, content: bytes, message: str
) -> None:
    (tmp_path / "bad.py").write_bytes(content)
    result = run("check", "bad.py", cwd=tmp_path)
    # check changes nothing: it does not say "left untouched".
    assert (result.returncode, result.stderr) == (2, f"bad.py: {message}\n")


# -- only regular files, never a block ---------------------------------------------------


@posix_only
def test_fifo_and_device_links_are_not_read(tmp_path: Path) -> None:
    """Previously ``check`` blocked for ever on the FIFO and read /dev/zero without end."""
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    (tmp_path / "timing.py").write_bytes(BEFORE)
    result = run("check", ".", cwd=tmp_path)
    assert result.returncode == 1  # the finding in timing.py; skipping is no error
    assert result.stderr.splitlines() == [
        "./pipe.py: skipped: not a regular file (a FIFO)",
        "./zero.py: skipped: symbolic link to /dev/zero, outside the paths named",
    ]
    assert result.stdout.startswith("./timing.py:5:5: WRP001 ")


@posix_only
def test_files_named_that_are_not_regular_files_are_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    for command in ("check", "fix"):
        result = run(command, "pipe.py", "zero.py", cwd=tmp_path)
        untouched = "; left untouched" if command == "fix" else ""
        assert (result.returncode, result.stderr.splitlines()) == (
            2,
            [
                f"pipe.py: not a regular file (a FIFO){untouched}",
                f"zero.py: not a regular file (a character device){untouched}",
            ],
        )


@posix_only
def test_an_unreadable_directory_is_an_error(shared_directory: Path) -> None:
    """Previously skipped in silence, with exit 0."""
    (shared_directory / "timing.py").write_bytes(AFTER)
    locked = shared_directory / "locked"
    locked.mkdir()
    (locked / "hidden.py").write_bytes(BEFORE)
    locked.chmod(0)
    result = run("check", ".", cwd=shared_directory, **as_second_user())
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "./locked: cannot be read (Permission denied)\n",
    )


# -- symbolic links out of the tree --------------------------------------------------------


@posix_only
def test_links_out_of_the_paths_named_are_not_followed(tmp_path: Path) -> None:
    """Previously the link's target, outside the tree, was rewritten."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "target.py").write_bytes(BEFORE)
    (outside / "package").mkdir()
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.py").symlink_to(outside / "target.py")
    (tree / "linked_package").symlink_to(outside / "package")
    result = run("fix", "tree", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "fixed 0 findings in 0 files\n")
    assert result.stderr.splitlines() == [
        f"tree/link.py: skipped: symbolic link to {outside / 'target.py'}, outside the paths named",
        f"tree/linked_package: skipped: symbolic link to {outside / 'package'}, outside the"
        " paths named",
    ]
    assert (outside / "target.py").read_bytes() == BEFORE


@posix_only
def test_a_link_to_nothing_is_named_not_skipped_in_silence(tmp_path: Path) -> None:
    """Previously a dangling ``x.py`` was left out without a word (flake8 reports E902).
    No error: Emacs' lock files (``.#timing.py``) are links to nothing."""
    (tmp_path / "timing.py").write_bytes(AFTER)
    (tmp_path / "gone.py").symlink_to(tmp_path / "nowhere.py")
    (tmp_path / "notes.txt").symlink_to(tmp_path / "nowhere.txt")
    for command in ("check", "fix"):
        result = run(command, ".", cwd=tmp_path)
        assert (result.returncode, result.stderr.splitlines()) == (
            0,
            [f"./gone.py: skipped: symbolic link to {tmp_path / 'nowhere.py'}, which cannot"
             " be read (No such file or directory)"],
        )


@posix_only
def test_a_link_inside_the_tree_is_its_target_fixed_once(tmp_path: Path) -> None:
    (tmp_path / "real.py").write_bytes(BEFORE)
    (tmp_path / "alias.py").symlink_to("real.py")
    result = run("fix", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == ["./real.py: fixed 1 finding", "fixed 1 finding in 1 file"]
    assert (tmp_path / "real.py").read_bytes() == AFTER
    assert (tmp_path / "alias.py").is_symlink()


# -- what a rewrite keeps -------------------------------------------------------------------


@posix_only
def test_read_only_files_are_left_alone(tmp_path: Path) -> None:
    """Previously rewritten (by the rename, which needs no write permission on the file)."""
    target = tmp_path / "timing.py"
    target.write_bytes(BEFORE)
    target.chmod(0o444)
    result = run("fix", "timing.py", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "fixed 0 findings in 0 files\n",
        "timing.py: read-only (mode 0444); left untouched\n",
    )
    assert target.read_bytes() == BEFORE


@posix_only
def test_hard_links_stay_one_file(tmp_path: Path) -> None:
    """Previously the rename split them: the other name kept the old content."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "timing.py").write_bytes(BEFORE)
    os.link(tree / "timing.py", tmp_path / "other_name.py")
    assert run("fix", "tree", cwd=tmp_path).returncode == 0
    assert (tree / "timing.py").read_bytes() == AFTER
    assert (tmp_path / "other_name.py").read_bytes() == AFTER
    assert os.path.samefile(tree / "timing.py", tmp_path / "other_name.py")
    assert [p.name for p in tree.iterdir()] == ["timing.py"]  # no temporary file left


@posix_only
@pytest.mark.skipif(os.name == "posix" and os.geteuid() != 0, reason="chown needs root")
def test_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    """Previously a file of another user, fixed by root, became root's."""
    target = tmp_path / "timing.py"
    target.write_bytes(BEFORE)
    os.chown(target, OTHER_USER, OTHER_GROUP)
    target.chmod(0o640)
    assert run("fix", "timing.py", cwd=tmp_path).returncode == 0
    status = target.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (
        OTHER_USER, OTHER_GROUP, 0o640
    )
    assert target.read_bytes() == AFTER


@posix_only
@pytest.mark.skipif(os.name == "posix" and os.geteuid() != 0, reason="chown needs root")
def test_a_user_fixing_another_users_file_keeps_its_owner(shared_directory: Path) -> None:
    """A user may write another's file (mode 0666) but cannot give a new file its owner:
    the fix is written in place, and the file stays its owner's."""
    target = shared_directory / "timing.py"
    target.write_bytes(BEFORE)
    os.chown(target, OTHER_USER, OTHER_GROUP)
    target.chmod(0o666)
    result = run("fix", "timing.py", cwd=shared_directory, **as_second_user())
    assert (result.returncode, result.stderr) == (0, "")
    status = target.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (
        OTHER_USER, OTHER_GROUP, 0o666
    )
    assert target.read_bytes() == AFTER
    assert [p.name for p in shared_directory.iterdir()] == ["timing.py"]


def supports_user_attributes(directory: Path) -> bool:
    probe = directory / "probe"
    probe.write_bytes(b"")
    try:
        os.setxattr(probe, "user.probe", b"1")
    except (AttributeError, OSError):
        return False
    finally:
        probe.unlink()
    return True


@posix_only
def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    if not supports_user_attributes(tmp_path):
        pytest.skip("this file system has no user extended attributes")
    target = tmp_path / "timing.py"
    target.write_bytes(BEFORE)
    os.setxattr(target, "user.origin", b"https://example.com/timing.py")
    assert run("fix", "timing.py", cwd=tmp_path).returncode == 0
    assert target.read_bytes() == AFTER
    assert os.listxattr(target) == ["user.origin"]
    assert os.getxattr(target, "user.origin") == b"https://example.com/timing.py"


# -- edits made while fix runs ---------------------------------------------------------------


def test_a_file_changed_after_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "timing.py"
    target.write_bytes(BEFORE)
    _, snapshot = read_source(str(target))
    target.write_bytes(BEFORE + b"# saved in the editor\n")
    with pytest.raises(NotWritten, match="^changed while it was being fixed$"):
        write_fixed(str(target), Rewrite(AFTER, snapshot))
    assert target.read_bytes() == BEFORE + b"# saved in the editor\n"
    assert [p.name for p in tmp_path.iterdir()] == ["timing.py"]


def test_a_change_of_the_same_size_and_time_is_seen_by_its_hash(tmp_path: Path) -> None:
    target = tmp_path / "timing.py"
    target.write_bytes(BEFORE)
    _, snapshot = read_source(str(target))
    edited = BEFORE.replace(b"wrapper", b"wrappex")
    target.write_bytes(edited)
    os.utime(target, ns=(snapshot.mtime_ns, snapshot.mtime_ns))
    with pytest.raises(NotWritten):
        write_fixed(str(target), Rewrite(AFTER, snapshot))
    assert target.read_bytes() == edited


def many_findings(count: int) -> str:
    """A module of ``count`` decorators, none with functools.wraps."""
    return "import functools\n" + "".join(
        f"\n\ndef deco{n}(func):\n    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n    return wrapper\n"
        for n in range(count)
    )


@pytest.mark.slow
@posix_only
def test_an_edit_saved_while_fix_runs_is_kept(tmp_path: Path) -> None:
    """Previously overwritten: ``fix`` replaced the file without looking at it again.

    The file is large enough that fixing it takes a while; the edit is saved as soon as
    the file's access time shows that ``fix`` has read it.
    """
    target = tmp_path / "big.py"
    target.write_text(many_findings(3_000))
    os.utime(target, (0, target.stat().st_mtime))  # so that the next read updates it
    process = subprocess.Popen(
        [str(SCRIPT), "fix", "big.py"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while target.stat().st_atime == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    if target.stat().st_atime == 0:
        process.kill()
        pytest.skip("this file system does not record access times")
    with target.open("a") as handle:
        handle.write("# saved in the editor\n")
    stdout, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr) == (
        2,
        "big.py: changed while it was being fixed; left untouched\n",
    )
    assert stdout == "fixed 0 findings in 0 files\n"
    assert target.read_text() == many_findings(3_000) + "# saved in the editor\n"
    assert [p.name for p in tmp_path.iterdir()] == ["big.py"]


# -- a signal stops the run cleanly ----------------------------------------------------------

SPLICED_WRAPPER = (
    "\n\ndef _spliced(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "    return wrapper\n"
)


def stdlib_sample(destination: Path, count: int) -> dict[Path, bytes]:
    """``count`` files of the standard library, each with a wrapper to fix spliced in."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    chosen = sorted(
        path for path in stdlib.rglob("*.py")
        if not {"test", "tests", "idle_test", "site-packages"} & set(path.parts)
    )[:count]
    originals = {}
    for path in chosen:
        target = destination / path.relative_to(stdlib)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if not data.endswith(b"\n"):
            data += b"\n"
        target.write_bytes(data + SPLICED_WRAPPER.encode())
        originals[target] = target.read_bytes()
    return originals


def children_of(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(child) for child in handle.read().split()]


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_stops_fix_cleanly(tmp_path: Path, signum: int) -> None:
    """Previously the workers went on rewriting files after SIGTERM, then slept for ever.

    The signal comes once ``fix -j 2`` has rewritten its first file. Afterwards each file is
    its original or the verified fix of it, the run has said which were rewritten, no
    temporary file is left and no worker is alive.
    """
    tree = tmp_path / "stdlib"
    originals = stdlib_sample(tree, 300)
    process = subprocess.Popen(
        [str(SCRIPT), "fix", "-j", "2", "."],
        cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and all(
        path.read_bytes() == data for path, data in originals.items()
    ):
        time.sleep(0.02)
    workers = children_of(process.pid)
    assert process.poll() is None, "the run ended before the signal could be sent"
    assert len(workers) == 2
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, stderr
    lines = stderr.splitlines()
    assert lines[-1] == f"flake8-wraps: interrupted by {signal.Signals(signum).name}"
    stopped = next(i for i, line in enumerate(lines) if line.startswith("flake8-wraps: stopped"))
    listed = {tree / line.strip()[2:] for line in lines[stopped + 1:-1]}
    count = len(listed)
    assert lines[stopped] == (
        f"flake8-wraps: stopped; {count} file{'s' if count != 1 else ''} already rewritten:"
    )
    changed = {path for path, data in originals.items() if path.read_bytes() != data}
    assert changed and changed == listed
    for path in changed:
        original = originals[path]
        expected = fix_source(original, check(ast.parse(original), str(path)), DEFAULT_CONFIG)
        assert path.read_bytes() == expected.source, path
        compile(path.read_bytes(), str(path), "exec")
    assert not [p for p in tree.rglob(".*") if p.is_file()]  # no temporary file
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if running(pid)]


def test_python_dash_m_does_not_import_modules_of_the_checked_repository(
    tmp_path: Path,
) -> None:
    """Previously ``python -m flake8_wraps fix`` imported a ``libcst.py`` lying in the CWD."""
    (tmp_path / "libcst.py").write_text("raise SystemExit('the repository\\'s libcst.py')\n")
    (tmp_path / "timing.py").write_bytes(BEFORE)
    result = subprocess.run(
        [sys.executable, "-m", "flake8_wraps", "fix", "timing.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "timing.py").read_bytes() == AFTER


FORM_FEED_INDENTED = (
    b"def deco(func):\n"
    b"\f    def wrapper(*a, **k):\n"
    b"        return func(*a, **k)\n"
    b"    return wrapper\n"
)


def test_a_file_libcst_cannot_parse_is_offered_no_fix(tmp_path: Path) -> None:
    """Python reads a form feed before an indented line (it resets the indentation);
    LibCST does not. Previously ``check`` called the finding fixable and safe, and
    ``fix`` then failed with status 2."""
    with pytest.raises(libcst.ParserSyntaxError):
        libcst.parse_module(FORM_FEED_INDENTED)
    target = tmp_path / "deco.py"
    target.write_bytes(FORM_FEED_INDENTED)
    checked = run("check", "--no-cache", "deco.py", cwd=tmp_path)
    assert checked.stdout.splitlines()[-1] == "Found 1 error"
    fixed = run("fix", "--no-cache", "deco.py", cwd=tmp_path)
    assert (fixed.returncode, fixed.stderr) == (1, "")
    assert fixed.stdout.splitlines()[-1] == "fixed 0 findings in 0 files; 1 left (no safe fix)"
    assert target.read_bytes() == FORM_FEED_INDENTED
    explained = run("explain", "deco.py:2", cwd=tmp_path)
    assert explained.stdout.splitlines()[-1] == (
        "  fix: none: LibCST cannot parse this statement (a form feed in a line's"
        " indentation, with spaces after it)"
    )
    # A form feed on a line of its own, or before a line at the margin, is no trouble.
    plain = FORM_FEED_INDENTED.replace(b"\f    def", b"\f\n    def")
    assert [f.fix is not None for f in check(ast.parse(plain), None, DEFAULT_CONFIG, plain)] == [
        True
    ]
    # Spaces before the form feed as well (a hostile pass): LibCST refuses that too.
    spaced = FORM_FEED_INDENTED.replace(b"\f    def", b"    \f    def")
    with pytest.raises(libcst.ParserSyntaxError):
        libcst.parse_module(spaced)
    assert [
        f.fix is not None for f in check(ast.parse(spaced), None, DEFAULT_CONFIG, spaced)
    ] == [False]
