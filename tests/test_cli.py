"""The ``flake8-wraps`` command line, through the real console script."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

FIXES = Path(__file__).parent / "fixes"
SCRIPT = Path(sys.executable).with_name("flake8-wraps")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with a missing wraps, an unsafe-only finding and a clean file."""
    shutil.copy(FIXES / "plain.before.py", tmp_path / "timing.py")
    (tmp_path / "lambdas.py").write_text(
        "def deco(func):\n    return lambda *args: func(*args)\n"
    )
    (tmp_path / "clean.py").write_text("x = 1\n")
    return tmp_path


TIMING = (
    "timing.py:5:5: WRP001 decorator 'timeit' returns 'wrapper' without"
    " @functools.wraps(func): func's name and docstring are lost"
)
LAMBDAS = (
    "lambdas.py:2:12: WRP005 decorator 'deco' returns a lambda calling 'func'; use a def"
    " with @functools.wraps(func)"
)


def test_check_reports_and_exits_1(project: Path) -> None:
    result = run("check", "timing.py", "lambdas.py", "clean.py", cwd=project)
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [TIMING, LAMBDAS, "Found 2 errors (1 fixable with `fix`, 1 more with `--unsafe-fixes`)"],
    )


def test_check_walks_directories_and_exits_0_when_clean(project: Path) -> None:
    assert run("check", "-q", ".", cwd=project).stdout.splitlines() == [
        f"./{LAMBDAS}",
        f"./{TIMING}",
    ]
    clean = run("check", "clean.py", cwd=project)
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")


def test_python_dash_m(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flake8_wraps", "check", "timing.py"],
        capture_output=True,
        text=True,
        cwd=project,
    )
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [TIMING, "Found 1 error (1 fixable with `fix`)"],
    )


def test_check_json(project: Path) -> None:
    result = run("check", "--format", "json", "timing.py", cwd=project)
    assert json.loads(result.stdout) == [
        {
            "path": "timing.py",
            "line": 5,
            "column": 5,
            # The end of the reported line: "    def wrapper(*args, **kwargs):" is 33 long.
            "end_line": 5,
            "end_column": 34,
            "code": "WRP001",
            "name": "missing-wraps",
            "message": TIMING.split(" WRP001 ", 1)[1],
            "detail": "'wrapper' replaces the decorated function's name, qualified name,"
            " docstring, signature and __wrapped__; add @functools.wraps(func) above"
            " 'def wrapper'",
            "fixable": True,
            "fix_safety": "safe",
            "url": "https://github.com/flake8-wraps/flake8-wraps/blob/main/docs/rules/WRP001.md",
        }
    ]


def test_check_github_annotations(project: Path) -> None:
    result = run("check", "--format", "github", "lambdas.py", cwd=project)
    assert result.stdout == (
        f"::warning file=lambdas.py,line=2,col=12,title=WRP005::{LAMBDAS.split(': ', 1)[1]}\n"
    )


def test_select_and_ignore(project: Path) -> None:
    selected = run("check", "-q", "--select", "WRP00", "--ignore", "WRP005", ".", cwd=project)
    assert selected.stdout.splitlines() == [f"./{TIMING}"]


def test_exclude_defaults_and_globs(project: Path) -> None:
    (project / ".venv").mkdir()
    shutil.copy(project / "timing.py", project / ".venv" / "vendored.py")
    assert len(run("check", "-q", ".", cwd=project).stdout.splitlines()) == 2
    extended = run("check", "-q", "--extend-exclude", "lambdas.py", ".", cwd=project)
    assert extended.stdout.splitlines() == [f"./{TIMING}"]
    # --exclude replaces the defaults, as flake8's does: .venv is checked again.
    replaced = run("check", "-q", "--exclude", "lambdas.py", ".", cwd=project)
    assert replaced.stdout.splitlines() == [
        f"./{TIMING}",
        f"./.venv/{TIMING.replace('timing', 'vendored')}",
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.cfg", "[flake8-wraps]\nselect = WRP001\n"),
        ("tox.ini", "[flake8-wraps]\nignore = WRP005\n"),
        ("pyproject.toml", '[tool.flake8-wraps]\nignore = ["WRP005"]\n'),
    ],
)
def test_settings_from_configuration_files(project: Path, name: str, content: str) -> None:
    (project / name).write_text(content)
    assert run("check", "-q", ".", cwd=project).stdout.splitlines() == [f"./{TIMING}"]


def test_wraps_functions_from_the_flake8_section(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text(
        "from boltons import funcutils\n\n"
        "def deco(func):\n    funcutils.wraps(func)\n    return func\n"
    )
    assert run("check", "deco.py", cwd=tmp_path).returncode == 0
    (tmp_path / ".flake8").write_text("[flake8]\nwraps-functions = boltons.funcutils.wraps\n")
    result = run("check", "deco.py", cwd=tmp_path)
    assert (result.returncode, result.stdout[:22]) == (1, "deco.py:4:5: WRP002 fu")


def test_fix_rewrites_and_reports(project: Path) -> None:
    result = run("fix", ".", cwd=project)
    assert result.stdout.splitlines() == [
        "./timing.py: fixed 1 finding",
        f"./{LAMBDAS}",
        "fixed 1 finding in 1 file; 1 left (no safe fix; `--unsafe-fixes` applies 1 more)",
    ]
    assert result.returncode == 1  # the lambda is left for --unsafe-fixes
    assert (project / "timing.py").read_bytes() == (FIXES / "plain.after.py").read_bytes()
    unsafe = run("fix", "--unsafe-fixes", ".", cwd=project)
    assert unsafe.stdout.splitlines() == [
        "./lambdas.py: fixed 1 finding",
        "fixed 1 finding in 1 file",
    ]
    assert unsafe.returncode == 0
    again = run("fix", "--unsafe-fixes", ".", cwd=project)
    assert (again.returncode, again.stdout) == (0, "fixed 0 findings in 0 files\n")


def test_fix_diff_changes_nothing(project: Path) -> None:
    before = (project / "timing.py").read_bytes()
    result = run("fix", "--diff", "timing.py", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (
        "--- timing.py\n"
        "+++ timing.py\n"
        "@@ -2,6 +2,7 @@\n"
        " \n"
        " \n"
        " def timeit(func):\n"
        "+    @functools.wraps(func)\n"
        "     def wrapper(*args, **kwargs):\n"
        "         return func(*args, **kwargs)\n"
        " \n"
    )
    # The diff alone on stdout (it can be piped to patch); the status on stderr.
    assert result.stderr == "timing.py: would fix 1 finding\nwould fix 1 finding in 1 file\n"
    assert (project / "timing.py").read_bytes() == before


def test_fix_check_changes_nothing_and_exits_1(project: Path) -> None:
    before = (project / "timing.py").read_bytes()
    assert run("fix", "--check", "timing.py", cwd=project).returncode == 1
    assert (project / "timing.py").read_bytes() == before
    run("fix", "timing.py", cwd=project)
    assert run("fix", "--check", "timing.py", cwd=project).returncode == 0


def test_fix_keeps_permissions_and_line_endings(tmp_path: Path) -> None:
    target = tmp_path / "crlf.py"
    shutil.copy(FIXES / "crlf.before.py", target)
    target.chmod(0o751)
    assert run("fix", "crlf.py", cwd=tmp_path).returncode == 0
    assert target.read_bytes() == (FIXES / "crlf.after.py").read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["crlf.py"]  # no temporary file left


def test_fix_through_a_symbolic_link_writes_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "real.py"
    shutil.copy(FIXES / "plain.before.py", real)
    (tmp_path / "link.py").symlink_to(real)
    run("fix", "link.py", cwd=tmp_path)
    assert (tmp_path / "link.py").is_symlink()
    assert real.read_bytes() == (FIXES / "plain.after.py").read_bytes()


def test_files_that_do_not_parse_are_left_untouched(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_bytes(b"def timeit(func:\n    pass\n")
    shutil.copy(FIXES / "plain.before.py", tmp_path / "timing.py")
    result = run("fix", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "./broken.py: not valid Python (line 1: '(' was never closed); left untouched\n"
    )
    assert broken.read_bytes() == b"def timeit(func:\n    pass\n"
    assert (tmp_path / "timing.py").read_bytes() == (FIXES / "plain.after.py").read_bytes()
    assert run("check", "broken.py", cwd=tmp_path).returncode == 2


def test_exit_zero_reports_a_file_that_does_not_parse_and_exits_0(tmp_path: Path) -> None:
    """A report-only run (``--exit-zero``) still checks and reports the other files, names
    the one in newer syntax on standard error, and does not fail: as flake8's E999 and
    ruff's syntax errors do not."""
    (tmp_path / "broken.py").write_bytes(b"def timeit(func:\n    pass\n")
    shutil.copy(FIXES / "plain.before.py", tmp_path / "timing.py")
    result = run("check", "--exit-zero", "--no-cache", "-q", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert [line.split(" ", 2)[:2] for line in result.stdout.splitlines()] == [
        ["./timing.py:5:5:", "WRP001"],
    ]
    assert result.stderr == "./broken.py: not valid Python (line 1: '(' was never closed)\n"
    for extra, status in ((["--exit-zero"], 0), ([], 2)):
        piped = subprocess.run(
            [str(SCRIPT), "check", *extra, "-"], input="def timeit(func:\n",
            capture_output=True, text=True, cwd=tmp_path, timeout=300,
        )
        assert (piped.returncode, piped.stdout) == (status, "")
        assert piped.stderr == "-: not valid Python (line 1: '(' was never closed)\n"


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "nowhere.py", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "flake8-wraps: error: nowhere.py: no such file or directory\n",
    )


def test_jobs_give_the_same_result_as_one_process(tmp_path: Path) -> None:
    for number in range(40):
        shutil.copy(FIXES / "plain.before.py", tmp_path / f"module{number}.py")
    one = run("check", "-j", "1", ".", cwd=tmp_path)
    two = run("check", "-j", "2", ".", cwd=tmp_path)
    assert (one.returncode, len(one.stdout.splitlines())) == (1, 41)
    assert two.stdout == one.stdout
    fixed = run("fix", "-j", "2", ".", cwd=tmp_path)
    assert fixed.stdout.splitlines()[-1] == "fixed 40 findings in 40 files"
    assert all(
        path.read_bytes() == (FIXES / "plain.after.py").read_bytes()
        for path in tmp_path.glob("*.py")
    )


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_no_progress_when_piped(tmp_path: Path) -> None:
    for number in range(350):
        (tmp_path / f"m{number}.py").write_text("x = 1\n")
    result = run("check", "-j", "1", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "All checks passed!\n", "")


def test_a_file_named_like_an_option_is_a_file_but_an_options_value_is_left(
    tmp_path: Path,
) -> None:
    """``-v.py`` (as pre-commit hands it on) is checked and explained; ``-o -v.py`` stays
    argparse's error, where rewriting it would have written the report over the source."""
    source = (FIXES / "plain.before.py").read_bytes()
    (tmp_path / "-v.py").write_bytes(source)

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), *arguments], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )

    checked = run("check", "--no-cache", "-v.py")
    assert (checked.returncode, checked.stdout.splitlines()[0]) == (
        1, "./-v.py:5:5: WRP001 decorator 'timeit' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost",
    )
    explained = run("explain", "-v.py:5")
    assert explained.returncode == 0, explained.stderr
    assert "'wrapper' (line 5), standing in for 'func': a wrapper: reported" in explained.stdout
    refused = run("check", "--no-cache", "-o", "-v.py", "-v.py")
    assert refused.returncode == 2
    assert "argument -o/--output-file: expected one argument" in refused.stderr
    assert (tmp_path / "-v.py").read_bytes() == source


def _diff_bytes(source: bytes, tmp_path: Path) -> tuple[bytes, bytes]:
    """``fix --diff``'s standard output on a file holding ``source``, and what ``fix``
    writes there."""
    (tmp_path / ".git").mkdir()
    target = tmp_path / "timing.py"
    target.write_bytes(source)
    diff = subprocess.run(
        [str(SCRIPT), "fix", "--diff", "timing.py"], capture_output=True, cwd=tmp_path,
        timeout=300,
    )
    assert diff.returncode == 1, diff.stderr
    assert subprocess.run([str(SCRIPT), "fix", "timing.py"], cwd=tmp_path).returncode == 0
    return diff.stdout, target.read_bytes()


def _patched(original: bytes, diff: bytes, tmp_path: Path) -> bytes:
    """``original`` with ``diff`` applied by the real ``patch``, as a user pipes it."""
    folder = tmp_path / "patched"
    folder.mkdir()
    (folder / "timing.py").write_bytes(original)
    subprocess.run(["patch", "-s", "-p0"], input=diff, cwd=folder, check=True, timeout=60)
    return (folder / "timing.py").read_bytes()


NO_FINAL_NEWLINE = (
    b"def timeit(func):\n"
    b"    def wrapper(*args, **kwargs):\n"
    b"        return func(*args, **kwargs)\n"
    b"    return wrapper"
)


def test_fix_diff_marks_a_missing_final_newline(tmp_path: Path) -> None:
    # Without the marker, the last line ran into the next line of output, and patch
    # refused the diff.
    diff, fixed = _diff_bytes(NO_FINAL_NEWLINE, tmp_path)
    assert diff == (
        b"--- timing.py\n"
        b"+++ timing.py\n"
        b"@@ -1,4 +1,8 @@\n"
        b"+import functools\n"
        b"+\n"
        b"+\n"
        b" def timeit(func):\n"
        b"+    @functools.wraps(func)\n"
        b"     def wrapper(*args, **kwargs):\n"
        b"         return func(*args, **kwargs)\n"
        b"     return wrapper\n"
        b"\\ No newline at end of file\n"
    )
    assert _patched(NO_FINAL_NEWLINE, diff, tmp_path) == fixed


def test_fix_diff_keeps_a_form_feed_inside_its_line(tmp_path: Path) -> None:
    # A form feed between two definitions (GNU style) is no line end for Python or for
    # patch; the diff split the line there, and patch refused it.
    source = b"x = 1\n\x0c\n" + NO_FINAL_NEWLINE + b"\n"
    diff, fixed = _diff_bytes(source, tmp_path)
    assert b" \x0c\n" in diff
    assert _patched(source, diff, tmp_path) == fixed


def test_fix_diff_shows_lone_carriage_returns_as_line_ends(tmp_path: Path) -> None:
    # A file whose lines end in CR alone (old Mac files): each line of the diff ends in
    # a newline, so that a terminal shows them one under the other.
    diff, fixed = _diff_bytes(NO_FINAL_NEWLINE.replace(b"\n", b"\r") + b"\r", tmp_path)
    assert b"\r" not in diff
    assert diff.splitlines()[3:5] == [b"+import functools", b"+"]
    assert fixed.startswith(b"import functools\r\r\rdef timeit(func):\r")


@pytest.mark.parametrize(
    "source",
    [
        b"# -*- coding: latin-1 -*-\nX = 'caf\xe9'\n\n\n" + NO_FINAL_NEWLINE + b"\n",
        b"\xef\xbb\xbf" + NO_FINAL_NEWLINE + b"\n",
    ],
    ids=["latin-1", "utf-8-bom"],
)
def test_fix_diff_is_in_the_files_own_bytes(source: bytes, tmp_path: Path) -> None:
    # The diff was written as UTF-8 text: the byte order mark went, latin-1 bytes were
    # re-encoded, no context line matched the file, and patch refused every hunk.
    diff, fixed = _diff_bytes(source, tmp_path)
    first_line = source.splitlines()[0 if source.startswith(b"\xef") else 1]
    assert (b"-" if source.startswith(b"\xef") else b" ") + first_line + b"\n" in diff
    assert _patched(source, diff, tmp_path) == fixed


def test_explain_isolated_reads_past_a_broken_configuration(project: Path) -> None:
    # naoTimes' .flake8 gives pylint's codes to flake8's ignore: check --isolated reads
    # none, and explain must be able to as well, to say why a line is silent.
    (project / ".flake8").write_text("[flake8]\nignore = W0621\n")
    refused = run("explain", "timing.py:5", cwd=project)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.startswith("flake8-wraps: error: ")
    assert refused.stderr.endswith("; explain --isolated reads none\n")
    explained = run("explain", "--isolated", "timing.py:5", cwd=project)
    assert explained.returncode == 0, explained.stderr
    assert explained.stdout.startswith(
        "timing.py:5:5: WRP001 decorator 'timeit' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost\n"
    )
