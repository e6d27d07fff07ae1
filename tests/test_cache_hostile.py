"""A cache directory committed to a checkout is written by whoever wrote the checkout
(issue 19): nothing in it may change what is reported, crash a run, or touch a path
outside it.

Each test plants the attack in ``.flake8_wraps_cache/`` at the project root, where a CI
job checking out a pull request finds it, and runs the real console script (or flake8)
over the project: the output and exit status are those of ``--no-cache``, and a sentinel
directory outside the project is exactly as it was, every file still there. Crafted
entries are made the way an attacker would: from a real cache of the same project, edited,
and signed (where the format asks for a signature) with a key that is not this user's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

from flake8_wraps.project.cache import CACHE_DIRECTORY, FORMAT, tool_digest
from test_cache import VIEWS

SCRIPT = Path(sys.executable).with_name("flake8-wraps")

DECORATORS = '''import time


def timeit(func):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        print(time.perf_counter() - start)
        return result

    return wrapper
'''

#: A cache entry's signature line, where the format has one: 64 hex digits.
_SIGNATURE = re.compile(rb"[0-9a-f]{64}\n")
#: Eight weeks ago: older than any clean-up age.
LONG_AGO = time.time() - 8 * 7 * 24 * 3600


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A Flask project whose views import a decorator without functools.wraps."""
    root = tmp_path / "project"
    (root / "utils").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    (root / "utils" / "__init__.py").write_text("")
    (root / "utils" / "decorators.py").write_text(DECORATORS)
    (root / "views.py").write_text(VIEWS)
    (root / "model.py").write_text("def predict(text):\n    return len(text)\n")
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """What an attack must never reach: files beside the project (a home, a system
    directory), with directories for links to point at."""
    root = tmp_path / "outside"
    for name in ("modules", "results", "temporary", "summaries", "pkg"):
        (root / name).mkdir(parents=True)
        (root / name / "precious.txt").write_text(f"{name}: keep me\n")
    (root / "pkg" / "tool.py").write_text("@registered\ndef run():\n    pass\n")
    (root / "notes.txt").write_text("keep me too\n")
    for path in sorted(root.rglob("*"), reverse=True):
        os.utime(path, (LONG_AGO, LONG_AGO))
    return root


def snapshot(root: Path) -> dict[str, Any]:
    """Every path below ``root``: its kind and content, or where a link points."""
    found: dict[str, Any] = {}
    for directory, subdirectories, files in os.walk(root):
        for name in subdirectories + files:
            path = Path(directory) / name
            relative = str(path.relative_to(root))
            if path.is_symlink():
                found[relative] = ("link", os.readlink(path))
            elif path.is_dir():
                found[relative] = ("directory",)
            else:
                found[relative] = ("file", path.read_bytes())
    return found


def environment(**extra: str) -> dict[str, str]:
    """The session's key (``conftest.py``), and the cache at its default place."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if name not in ("FLAKE8_WRAPS_CACHE_DIR", "FLAKE8_WRAPS_NO_CACHE")
    }
    return {**kept, **extra}


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=environment(), capture_output=True, text=True,
        timeout=300,
    )
    return result.returncode, result.stdout, result.stderr


def flake8(cwd: Path, **extra: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "WRP", "-j", "1", "."],
        cwd=cwd, env=environment(**extra), capture_output=True, text=True, timeout=300,
    )
    return result.returncode, result.stdout, result.stderr


def real_cache(project: Path) -> Path:
    """A cache of the project as this version writes it, in a directory of its own."""
    directory = project.parent / "real-cache"
    shutil.rmtree(directory, ignore_errors=True)
    run(project, "check", "--cache-dir", str(directory), ".")
    return directory


def payload(data: bytes) -> Any:
    """What an entry keeps, without its signature line when it has one."""
    if _SIGNATURE.match(data):
        data = data[65:]
    return json.loads(data)


def forged(like: bytes, relative: Path, value: Any) -> bytes:
    """``value`` in the format of the entry ``like``: signed, if it is, with a key of the
    attacker's own (the signature covers the entry's place, as the real one does)."""
    data = json.dumps(value, separators=(",", ":")).encode()
    if not _SIGNATURE.match(like):
        return data
    label = f"{FORMAT}/{relative.parent.name}/{relative.name}".encode()
    signature = hmac.new(b"the attacker's key", label + b"\0" + data, hashlib.sha256)
    return signature.hexdigest().encode() + b"\n" + data


def plant(
    project: Path, edit: Callable[[Path, Any], Any], kinds: tuple[str, ...] = ("results",)
) -> None:
    """Copy a real cache of the project into its ``.flake8_wraps_cache/``, each entry of
    the ``kinds`` named (``results``, ``modules``) edited by ``edit(relative path, what
    it keeps)`` and forged."""
    real = real_cache(project)
    planted = project / CACHE_DIRECTORY
    for path in sorted(real.rglob("*.json")):
        relative = path.relative_to(real)
        if not relative.parts[0].startswith(kinds):
            continue
        data = path.read_bytes()
        (planted / relative).parent.mkdir(parents=True, exist_ok=True)
        (planted / relative).write_bytes(forged(data, relative, edit(relative, payload(data))))
    shutil.rmtree(real)


def edit_result(path: Path, change: Callable[[list[Any]], list[Any]]) -> Callable[..., Any]:
    """An ``edit`` that changes the kept result of the file ``path``, in either layout:
    one file of every result (``files``), or one entry a file (``path``, ``result``)."""
    key = str(path)

    def edit(relative: Path, kept: Any) -> Any:
        if "files" in kept and key in kept["files"]:
            kept["files"][key] = change(kept["files"][key])
        elif kept.get("path") == key:
            kept["result"] = change(kept["result"])
        return kept

    return edit


def assert_same_as_without_cache(
    project: Path, outside: Path, *args: str, before: Optional[dict[str, Any]] = None
) -> None:
    before = snapshot(outside) if before is None else before
    attacked = run(project, *args)
    assert attacked == run(project, *args, "--no-cache")
    assert "Traceback" not in attacked[2]
    assert snapshot(outside) == before


def test_an_entry_saying_no_findings_does_not_hide_a_wrp001(
    project: Path, outside: Path, tmp_path: Path
) -> None:
    """An entry keyed by the file's real size and sha256, saying "no findings"."""
    decorators = project / "utils" / "decorators.py"
    pristine = tmp_path / "pristine"
    shutil.copytree(project, pristine)

    def clean(result: list[Any]) -> list[Any]:
        return [result[0], result[1], [], None, []]

    plant(project, edit_result(decorators, clean))
    assert_same_as_without_cache(project, outside, "check", ".")
    before = snapshot(outside)
    fixed = run(project, "fix", ".")
    assert fixed == run(pristine, "fix", "--no-cache", ".")
    assert fixed[1].endswith("fixed 1 finding in 1 file\n")
    assert decorators.read_bytes() == (pristine / "utils" / "decorators.py").read_bytes()
    assert snapshot(outside) == before


def test_a_crafted_module_summary_does_not_hide_a_wrp101(project: Path, outside: Path) -> None:
    """A summary of the decorator module saying that the decorator does no damage, read
    by ``check`` and by the flake8 plugin."""

    def harmless(relative: Path, kept: Any) -> Any:
        kept["summary"]["damage"] = {}
        return kept

    plant(project, harmless, kinds=("modules",))
    assert_same_as_without_cache(project, outside, "check", ".")
    before = snapshot(outside)
    reported = flake8(project)
    assert reported == flake8(project, FLAKE8_WRAPS_NO_CACHE="1")
    assert " WRP101 " in reported[1]
    assert snapshot(outside) == before


@pytest.mark.parametrize("format", ["text", "github"])
def test_no_finding_is_injected_on_a_clean_file(
    project: Path, outside: Path, format: str
) -> None:
    """Findings on ``model.py``, with terminal escapes and a forged annotation line."""

    def injected(result: list[Any]) -> list[Any]:
        fields = [
            ["kind", "decorator"],
            ["decorator", "\x1b[2J\x1b[31mpwned"],
            ["wrapper", "w\n::error file=model.py,line=1::injected"],
            ["wrapped", "f"],
        ]
        return [result[0], result[1], [[1, 0, "missing-wraps", fields, None]], None, []]

    plant(project, edit_result(project / "model.py", injected))
    assert_same_as_without_cache(project, outside, "check", "--format", format, ".")


def test_an_entry_missing_a_message_field_is_a_miss_not_a_traceback(
    project: Path, outside: Path
) -> None:
    def incomplete(result: list[Any]) -> list[Any]:
        fields = [["kind", "decorator"], ["decorator", "d"], ["wrapper", "w"]]  # no wrapped
        return [result[0], result[1], [[1, 0, "missing-wraps", fields, None]], None, []]

    plant(project, edit_result(project / "model.py", incomplete))
    assert_same_as_without_cache(project, outside, "check", ".")


def test_crafted_answers_do_not_send_the_run_outside_the_project(
    project: Path, outside: Path
) -> None:
    """Answers about another directory (``applied`` in a system directory) that a run
    would have to ask again: the run never looks there, so it keeps no index of it."""

    def applied_outside(result: list[Any]) -> list[Any]:
        answers = [[["applied", str(outside / "pkg"), "registered"], True]]
        return [result[0], result[1], result[2], result[3], answers]

    plant(project, edit_result(project / "model.py", applied_outside))
    assert_same_as_without_cache(project, outside, "check", ".")
    roots = {
        payload(index.read_bytes())["root"]
        for index in (project / CACHE_DIRECTORY).glob("index-*.json")
    }
    assert roots <= {str(project)}


def test_a_modules_link_to_another_directory_receives_nothing(
    project: Path, outside: Path
) -> None:
    planted = project / CACHE_DIRECTORY
    planted.mkdir()
    (planted / f"modules-{tool_digest()}").symlink_to(outside / "summaries")
    assert_same_as_without_cache(project, outside, "check", ".")


def test_a_dangling_gitignore_link_creates_nothing(project: Path, outside: Path) -> None:
    planted = project / CACHE_DIRECTORY
    planted.mkdir()
    (planted / ".gitignore").symlink_to(outside / "created-by-the-cache")
    assert_same_as_without_cache(project, outside, "check", ".")


def test_a_cache_directory_that_links_outside_is_not_used(project: Path, outside: Path) -> None:
    (project / CACHE_DIRECTORY).symlink_to(outside / "summaries")
    assert_same_as_without_cache(project, outside, "check", ".")


def test_the_clean_up_deletes_nothing_through_old_links(project: Path, outside: Path) -> None:
    """Links named like what the clean-up removes, older than its age, pointing at
    directories outside."""
    planted = project / CACHE_DIRECTORY
    planted.mkdir()
    links = {
        "modules-0123456789abcdef": outside / "modules",
        "results-0123456789abcdef.json": outside / "results",
        ".tmp-abcdefgh.json": outside / "temporary",
    }
    for name, target in links.items():
        (planted / name).symlink_to(target)
        os.utime(planted / name, (LONG_AGO, LONG_AGO), follow_symlinks=False)
    before = snapshot(outside)
    assert_same_as_without_cache(project, outside, "check", ".", before=before)
    assert all((target / "precious.txt").is_file() for target in links.values())


@pytest.mark.parametrize("setting", ["../outside/summaries", "lint"])
def test_the_configuration_cannot_send_the_cache_outside_the_project(
    project: Path, outside: Path, setting: str
) -> None:
    """``cache-dir`` in the checkout's configuration, naming a directory outside the
    project, or a link in the project that leads there."""
    (project / "lint").symlink_to(outside / "summaries")
    (project / "pyproject.toml").write_text(f'[tool.flake8-wraps]\ncache-dir = "{setting}"\n')
    before = snapshot(outside)
    paths = ("views.py", "model.py", "utils")
    status, output, errors = run(project, "check", *paths)
    assert snapshot(outside) == before
    assert (status, output) == run(project, "check", "--no-cache", *paths)[:2]
    assert errors == (
        f"flake8-wraps: cache-dir {project / setting} is outside the project ({project});"
        " ignored (--cache-dir or FLAKE8_WRAPS_CACHE_DIR can name it)\n"
    )
    assert list((project / CACHE_DIRECTORY).glob("results-*"))  # the default place instead


@pytest.mark.parametrize(
    "setting, why",
    [
        ("loop1", "cannot be resolved (a symlink loop?)"),
        (".", "is the project's own folder ({project})"),
        ("utils", "holds files that are not this tool's cache"),
    ],
)
def test_the_configuration_cannot_make_a_cache_of_what_is_no_cache(
    project: Path, setting: str, why: str
) -> None:
    """A symlink loop crashed the run with a traceback and status 1; the project's own
    folder or a package got the cache's ``.gitignore`` (``*``), and git stopped showing
    new files there."""
    (project / "loop1").symlink_to("loop2")
    (project / "loop2").symlink_to("loop1")
    (project / "pyproject.toml").write_text(f'[tool.flake8-wraps]\ncache-dir = "{setting}"\n')
    paths = ("views.py", "model.py", "utils")
    status, output, errors = run(project, "check", *paths)
    assert (status, output) == run(project, "check", "--no-cache", *paths)[:2]
    assert errors == (
        f"flake8-wraps: cache-dir {project}/{setting} {why.format(project=project)};"
        " ignored (--cache-dir or FLAKE8_WRAPS_CACHE_DIR can name it)\n"
    )
    assert not (project / ".gitignore").exists()
    assert not (project / "utils" / ".gitignore").exists()
    assert list((project / CACHE_DIRECTORY).glob("results-*"))  # the default place instead
    (project / "pyproject.toml").write_text(
        f'[tool.flake8-wraps]\ncache-dir = "{CACHE_DIRECTORY}/mine"\n'
    )
    assert run(project, "check", *paths)[2] == ""  # a folder the cache made is one
    assert run(project, "check", *paths)[2] == ""


def test_the_clean_up_still_removes_what_other_versions_left(project: Path) -> None:
    """The other side of the links above: old entries of another version, and a killed
    run's temporary file, are regular files with the cache's names; anything else stays."""
    planted = project / CACHE_DIRECTORY
    old_modules = planted / "modules-0123456789abcdef"
    old_modules.mkdir(parents=True)
    left = [
        old_modules / "0123456789abcdef.json",
        planted / "results-0123456789abcdef.json",
        planted / "index-0123456789abcdef-0123456789abcdef.json",
        planted / ".tmp-abcdefgh.json",
    ]
    kept = [old_modules / "notes.txt", planted / "results-notes.json"]
    for path in left + kept:
        path.write_text("{}")
    for path in left + kept + [old_modules]:
        os.utime(path, (LONG_AGO, LONG_AGO))
    assert run(project, "check", ".") == run(project, "check", "--no-cache", ".")
    assert [path for path in left if path.exists()] == []
    assert [path for path in kept if path.exists()] == kept
