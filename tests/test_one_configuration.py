"""One configuration, obeyed by every entry point: the same files give the same findings
through flake8 (with the plugin) and through ``flake8-wraps check``, whether the settings
are in ``[flake8]`` or in ``[tool.flake8-wraps]``; select and ignore are decided as flake8
and ruff decide them (the longest matching prefix wins)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_flake8
from flake8_wraps.codes import OFF_BY_DEFAULT
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.project.settings import Choice, FileSettings

SCRIPT = Path(sys.executable).with_name("flake8-wraps")
ROOT = Path(__file__).parent.parent
FLASK_APP = "examples/flask_app/app"

DECORATOR = (
    "def deco(func):\n    def wrapper(*args):\n        return func(*args)\n\n    return wrapper\n"
)
LAMBDA = "def deco(func):\n    return lambda *args: func(*args)\n"
#: Two findings (WRP001 and WRP005) in one file.
BOTH = DECORATOR + "\n\n" + LAMBDA.replace("deco", "lambda_deco")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def flake8_lines(cwd: Path, *args: str) -> list[str]:
    """flake8's WRP lines, sorted (flake8 orders files by its own walk)."""
    result = run_flake8(*args, ".", cwd=cwd)
    assert result.stderr == ""
    return sorted(line for line in result.stdout.splitlines() if " WRP" in line)


def check_lines(cwd: Path, *args: str, stderr: str = "") -> list[str]:
    """``check``'s finding lines, sorted; the summary line is checked to match them."""
    result = run("check", *args, ".", cwd=cwd)
    assert result.stderr == stderr
    *found, summary = result.stdout.splitlines()
    if found:
        assert summary.startswith(f"Found {len(found)} error"), summary
    else:
        assert summary == "All checks passed!"
    return sorted(found)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Eleven findings before any configuration: two in each of five files, one more."""
    for name in ("app.py", "views.py", "tests/test_app.py", "migrations/0001.py", "legacy.py"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(BOTH)
    # A test applies both: a decorator of test code that nothing applies is only WRP007.
    with open(tmp_path / "tests" / "test_app.py", "a") as test_module:
        test_module.write("\n\n@deco\n@lambda_deco\ndef test_app():\n    assert True\n")
    (tmp_path / "extra.py").write_text(DECORATOR)
    return tmp_path


#: The issue's case: check reported 11 where flake8 reported 7 on the same ``.flake8``.
FLAKE8_SECTION = (
    "[flake8]\n"
    "max-line-length = 100\n"
    "exclude = .git,migrations\n"
    "extend-ignore = E203, W503 WRP005\n"
    "per-file-ignores =\n"
    "    tests/*: WRP001,E501\n"
)


def test_the_same_flake8_section_gives_the_same_findings(project: Path) -> None:
    """Previously check ignored ``exclude`` and ``extend-ignore``: 11 findings to flake8's 7."""
    assert len(check_lines(project)) == 11
    (project / ".flake8").write_text(FLAKE8_SECTION)
    expected = [
        f"./{name}:2:5: WRP001 decorator 'deco' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost"
        for name in ("app.py", "extra.py", "legacy.py", "views.py")
    ]
    assert check_lines(project) == expected
    assert flake8_lines(project, "--select", "WRP") == expected


def test_only_the_longest_per_file_pattern_that_matches_counts(project: Path) -> None:
    """As flake8 decides: ``tests/*``, made absolute, is longer than ``test_*.py`` and
    ``*.py``, so ``tests/test_app.py`` keeps the WRP001 that they would ignore, and the
    other files do not. Previously check applied every matching pattern and hid it."""
    (project / ".flake8").write_text(
        "[flake8]\n"
        "extend-ignore = WRP005\n"
        "per-file-ignores =\n"
        "    tests/*: E501\n"
        "    test_*.py: WRP001\n"
        "    *.py: WRP001\n"
    )
    expected = [
        "./tests/test_app.py:2:5: WRP001 decorator 'deco' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost"
    ]
    assert flake8_lines(project, "--select", "WRP") == expected
    assert check_lines(project) == expected


def test_a_package_table_does_not_hide_the_repositorys_flake8_section(project: Path) -> None:
    """Previously check read only the nearest directory with any configuration: a
    package's ``[tool.flake8-wraps]`` made it forget the root's ``[flake8]``, which flake8
    obeys, and report what flake8 ignores."""
    (project / "setup.cfg").write_text("[flake8]\nextend-ignore = WRP001,WRP005\n")
    (project / "tests" / "pyproject.toml").write_text(
        '[tool.flake8-wraps]\nextend-exclude = ["fixtures"]\n'
    )
    assert flake8_lines(project, "--select", "WRP") == []
    assert check_lines(project) == []


@pytest.mark.parametrize("place", ["setup.cfg", "pyproject.toml"])
def test_the_command_lines_select_keeps_the_configurations_extend_select(
    tmp_path: Path, place: str
) -> None:
    """flake8 adds ``extend-select = WRP007`` to ``--select WRP001``; previously check
    applied the command line's select to the place without it, which dropped WRP007."""
    (tmp_path / "deco.py").write_text(
        "def compose(func):\n    def g(x):\n        return func(x)\n\n    return g\n\n\n"
        + DECORATOR
    )
    (tmp_path / place).write_text(
        "[flake8]\nextend-select = WRP007\n" if place == "setup.cfg"
        else '[tool.flake8-wraps]\nextend-select = ["WRP007"]\n'
    )
    expected = [
        "./deco.py:2:5: WRP007 decorator 'compose' returns 'g' without"
        " @functools.wraps(func): func's name and docstring are lost",
        "./deco.py:9:5: WRP001 decorator 'deco' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost",
    ]
    assert check_lines(tmp_path, "--select", "WRP001") == expected
    if place == "setup.cfg":
        assert flake8_lines(tmp_path, "--select", "WRP001") == expected


def test_our_pyproject_table_is_obeyed_by_flake8_too(project: Path) -> None:
    """Previously flake8 ignored ``[tool.flake8-wraps]``: the plugin now applies it."""
    (project / "pyproject.toml").write_text(
        "[tool.flake8-wraps]\n"
        'ignore = ["WRP001"]\n'
        'extend-exclude = ["migrations", "legacy.py"]\n'
        "[tool.flake8-wraps.per-file-ignores]\n"
        '"tests/*" = ["WRP005"]\n'
    )
    expected = [
        f"./{name}:9:12: WRP005 decorator 'lambda_deco' returns a lambda calling 'func'; use a def"
        " with @functools.wraps(func)"
        for name in ("app.py", "views.py")
    ]
    assert check_lines(project) == expected
    assert flake8_lines(project) == expected
    # flake8's own --isolated leaves our table out as well.
    assert len(flake8_lines(project, "--isolated")) == 11


def test_both_places_are_obeyed_together(project: Path) -> None:
    """A code ignored in either place is not reported, by flake8 or by check."""
    (project / "setup.cfg").write_text("[flake8]\nextend-exclude = migrations,legacy.py\n")
    (project / "pyproject.toml").write_text('[tool.flake8-wraps]\nignore = ["WRP005"]\n')
    assert check_lines(project) == flake8_lines(project) == [
        f"./{name}:2:5: WRP001 decorator 'deco' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost"
        for name in ("app.py", "extra.py", "tests/test_app.py", "views.py")
    ]


def test_a_broken_table_is_a_warning_in_flake8(project: Path) -> None:
    """flake8 still checks (with its own settings) and says, once, what it left out."""
    (project / "pyproject.toml").write_text("[tool.flake8-wraps]\nselect = 5\n")
    result = run_flake8("--select", "WRP", "legacy.py", "app.py", cwd=project)
    assert result.stderr == (
        "flake8-wraps: warning: pyproject.toml: [tool.flake8-wraps] select: expected a list"
        " of strings, not a number (5); checking without it\n"
    )
    assert len(result.stdout.splitlines()) == 4


def test_a_broken_table_below_the_working_directory_is_a_warning_in_flake8(
    project: Path,
) -> None:
    """Previously only the working directory's configuration was checked: flake8 went
    on without ``tests/pyproject.toml`` and said nothing."""
    (project / "tests" / "pyproject.toml").write_text("[tool.flake8-wraps\n")
    result = run_flake8("-j", "1", "--select", "WRP", ".", cwd=project)
    assert result.stderr.splitlines() == [
        "flake8-wraps: warning: tests/pyproject.toml: not valid TOML (Expected ']' at the"
        " end of a table declaration (at line 1, column 19)); if it is a template, exclude"
        " its directory; checking without it"
    ]
    assert len(result.stdout.splitlines()) == 11


def test_the_longer_prefix_wins(tmp_path: Path) -> None:
    """As in flake8 and ruff: ``--select WRP101 --ignore WRP1`` reports WRP101."""
    result = run("check", "--select", "WRP101", "--ignore", "WRP1", FLASK_APP, cwd=ROOT)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "examples/flask_app/app/app.py:17:2: WRP101 'predict_v2' and 'predict_v1' both"
        " become endpoint 'wrapper' on 'app' through @timeit"
        " (examples/flask_app/app/utils/decorators.py:5)\n"
        "Found 1 error\n",
        "",
    )
    flake8 = run_flake8("--select", "WRP101", "--ignore", "WRP1", FLASK_APP, cwd=ROOT)
    assert flake8.stdout == result.stdout.replace("Found 1 error\n", "")
    # A tie ignores, as flake8's does.
    tie = run("check", "--select", "WRP1", "--ignore", "WRP1", FLASK_APP, cwd=ROOT)
    assert tie.stdout == "All checks passed!\n"


def test_another_tools_code_is_accepted_silently(tmp_path: Path) -> None:
    """flake8 users paste ``--ignore E501``; it does not concern our codes."""
    (tmp_path / "wrapper.py").write_text(DECORATOR)
    result = run("check", "--ignore", "E501", "--extend-ignore", "W503,E203", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0].startswith("./wrapper.py:2:5: WRP001 ")


def test_extend_select_and_extend_ignore(project: Path) -> None:
    (project / ".flake8").write_text("[flake8]\nselect = E,F\n")
    # flake8's select leaves our codes out, for flake8 and for check alike (which says so)...
    warning = (
        "flake8-wraps: warning: .flake8: [flake8] select names no WRP code, so flake8 and"
        " this run report none; add WRP to its extend-select\n"
    )
    assert check_lines(project, stderr=warning) == flake8_lines(project) == []
    # ... and --extend-select brings one back, --extend-ignore takes one away.
    args = ("--extend-select", "WRP0", "--extend-ignore", "WRP001", "--exclude", "tests,migrations")
    expected = [
        f"./{name}:9:12: WRP005 decorator 'lambda_deco' returns a lambda calling 'func'; use a def"
        " with @functools.wraps(func)"
        for name in ("app.py", "legacy.py", "views.py")
    ]
    assert check_lines(project, *args) == flake8_lines(project, *args) == expected


def test_per_file_ignores_on_the_command_line_replace_the_configurations(project: Path) -> None:
    (project / ".flake8").write_text("[flake8]\nper-file-ignores = app.py: WRP\n")
    args = ("--per-file-ignores", "views.py:WRP005 extra.py:WRP", "--extend-exclude", "tests")
    lines = check_lines(project, *args)
    assert lines == flake8_lines(project, *args)
    assert [line.split(" ")[:2] for line in lines] == [
        ["./app.py:2:5:", "WRP001"],
        ["./app.py:9:12:", "WRP005"],
        ["./legacy.py:2:5:", "WRP001"],
        ["./legacy.py:9:12:", "WRP005"],
        ["./migrations/0001.py:2:5:", "WRP001"],
        ["./migrations/0001.py:9:12:", "WRP005"],
        ["./views.py:2:5:", "WRP001"],
    ]


def test_config_names_the_one_file_and_isolated_reads_none(project: Path) -> None:
    (project / ".flake8").write_text("[flake8]\nextend-ignore = WRP\n")
    settings = project / "ci" / "lint.cfg"
    settings.parent.mkdir()
    settings.write_text("[flake8]\nextend-exclude = ../tests,../migrations,legacy.py\n")
    assert check_lines(project) == []
    from_file = check_lines(project, "--config", "ci/lint.cfg")
    assert from_file == flake8_lines(project, "--config", "ci/lint.cfg")
    assert len(from_file) == 5  # app.py, views.py: two each; extra.py: one
    assert len(check_lines(project, "--isolated")) == 11
    missing = run("check", "--config", "nowhere.cfg", ".", cwd=project)
    assert (missing.returncode, missing.stderr) == (
        2,
        "flake8-wraps: error: nowhere.cfg: no such file\n",
    )


def test_a_code_off_by_default_is_reported_only_when_named() -> None:
    """WRP007 (off by default) comes back with ``--extend-select WRP007`` or
    ``--select WRP`` (a prefix that names it), not with the implicit "everything"."""
    settings = FileSettings(
        DEFAULT_CONFIG, choices=(Choice(), Choice()), off_by_default=("WRP007",)
    )
    assert (settings.wants("WRP001", "x.py"), settings.wants("WRP007", "x.py")) == (True, False)
    extended = settings._replace(choices=(Choice(extend_select=("WRP007",)), Choice()))
    assert (extended.wants("WRP001", "x.py"), extended.wants("WRP007", "x.py")) == (True, True)
    prefix = settings._replace(choices=(Choice(select=("WRP",)), Choice()))
    assert prefix.wants("WRP007", "x.py")
    ignored = settings._replace(choices=(Choice(select=("WRP",)), Choice(ignore=("WRP007",))))
    assert not ignored.wants("WRP007", "x.py")


@pytest.mark.skipif(not OFF_BY_DEFAULT, reason="no code is off by default yet")
def test_flake8s_ignore_that_brings_back_a_code_off_by_default_is_a_warning(
    tmp_path: Path,
) -> None:
    """flake8's ``ignore`` replaces its default list, the plugin's codes off by default
    included: flake8 reports them and check does not, so check says so, once."""
    (tmp_path / "a.py").write_text(DECORATOR)
    (tmp_path / "b.py").write_text(DECORATOR)
    (tmp_path / ".flake8").write_text("[flake8]\nignore = E501\n")
    result = run("check", ".", cwd=tmp_path)
    codes = ", ".join(OFF_BY_DEFAULT)
    assert result.stderr == (
        "flake8-wraps: warning: .flake8: [flake8] ignore replaces flake8's default ignore"
        f" list, so flake8 reports {codes} (off by default) and check does not; add {codes}"
        " to that ignore to keep it off in both, or to extend-select to report it in both\n"
    )
    # Where this run reports them too, or the ignore names them, both agree: no warning.
    assert run("check", "--select", "WRP", ".", cwd=tmp_path).stderr == ""
    (tmp_path / ".flake8").write_text(f"[flake8]\nignore = E501, {codes}\n")
    assert run("check", ".", cwd=tmp_path).stderr == ""
    (tmp_path / ".flake8").write_text("[flake8]\nextend-ignore = E501\n")
    assert run("check", ".", cwd=tmp_path).stderr == ""


def test_flake8s_select_that_names_none_of_our_codes_is_a_warning(tmp_path: Path) -> None:
    """A ``[flake8]`` select written before the plugin was installed leaves every code
    of ours out, in flake8 and here: "All checks passed!" alone would hide that nothing
    was checked. ``W`` is a prefix of ours, as flake8 matches prefixes."""
    (tmp_path / "a.py").write_text(DECORATOR)
    (tmp_path / ".flake8").write_text("[flake8]\nselect = E, C90\n")
    result = run("check", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "All checks passed!\n")
    assert result.stderr == (
        "flake8-wraps: warning: .flake8: [flake8] select names no WRP code, so flake8 and"
        " this run report none; add WRP to its extend-select\n"
    )
    assert run("check", "--select", "WRP001", ".", cwd=tmp_path).stderr == ""
    (tmp_path / ".flake8").write_text("[flake8]\nselect = E, C90\nextend-select = WRP\n")
    assert run("check", ".", cwd=tmp_path).stderr == ""
    (tmp_path / ".flake8").write_text("[flake8]\nselect = E, F, W, C90\n")
    assert run("check", ".", cwd=tmp_path).stderr == ""


def test_an_empty_flake8_select_selects_nothing_as_in_flake8(tmp_path: Path) -> None:
    """``select =`` with no value: flake8 reports nothing at all; previously check read
    it as no select, reported everything, and the pre-commit hook failed alone."""
    (tmp_path / "a.py").write_text(DECORATOR)
    (tmp_path / ".flake8").write_text("[flake8]\nselect =\n")
    assert flake8_lines(tmp_path) == []
    result = run("check", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "All checks passed!\n")
    assert result.stderr == (
        "flake8-wraps: warning: .flake8: [flake8] select names no WRP code, so flake8 and"
        " this run report none; add WRP to its extend-select\n"
    )
