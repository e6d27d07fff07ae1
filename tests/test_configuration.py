"""Configuration found as flake8 and ruff find theirs: the nearest file above each checked
path; unknown keys, wrong types and malformed files are errors naming file and key."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flake8_wraps.project.config_files import ConfigError
from flake8_wraps.project.settings import Options, settings_for

SCRIPT = Path(sys.executable).with_name("flake8-wraps")
DECORATOR = (
    "def deco(func):\n    def wrapper(*args):\n        return func(*args)\n\n    return wrapper\n"
)
LAMBDA = "def deco(func):\n    return lambda *args: func(*args)\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def codes(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    """(path, code) of each reported line (the last line is the summary)."""
    *reported, summary = result.stdout.splitlines()
    assert summary.startswith(("Found ", "All checks passed!")), summary
    return [(line.split(":", 1)[0], line.split(" ", 2)[1]) for line in reported]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project whose ``sub/`` has a configuration of its own."""
    for directory in (tmp_path, tmp_path / "sub"):
        directory.mkdir(exist_ok=True)
        (directory / "wrapper.py").write_text(DECORATOR)
        (directory / "lambdas.py").write_text(LAMBDA)
    (tmp_path / "pyproject.toml").write_text('[tool.flake8-wraps]\nignore = ["WRP005"]\n')
    (tmp_path / "sub" / "setup.cfg").write_text("[flake8-wraps]\nselect = WRP005\n")
    return tmp_path


def test_each_file_gets_its_nearest_configuration(tree: Path) -> None:
    assert codes(run("check", ".", cwd=tree)) == [
        ("./wrapper.py", "WRP001"),
        ("./sub/lambdas.py", "WRP005"),
    ]


def test_the_configuration_is_found_from_the_file_not_the_working_directory(
    tree: Path,
) -> None:
    """Previously only the working directory's files were read."""
    result = run("check", str(tree / "sub"), str(tree / "wrapper.py"), cwd=tree.parent)
    assert codes(result) == [
        (str(tree / "sub" / "lambdas.py"), "WRP005"),
        (str(tree / "wrapper.py"), "WRP001"),
    ]


def test_a_pyproject_without_our_table_is_not_a_configuration(tree: Path) -> None:
    (tree / "sub" / "setup.cfg").unlink()
    (tree / "sub" / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    assert codes(run("check", "sub", cwd=tree)) == [("sub/wrapper.py", "WRP001")]


def test_pyproject_wins_over_setup_cfg_in_the_same_directory(tree: Path) -> None:
    (tree / "setup.cfg").write_text("[flake8-wraps]\nignore = WRP001\n")
    assert codes(run("check", "wrapper.py", "lambdas.py", cwd=tree)) == [
        ("wrapper.py", "WRP001")
    ]


@pytest.mark.parametrize("name", ["setup.cfg", "tox.ini", ".flake8"])
def test_per_file_ignores_in_flake8_syntax(tmp_path: Path, name: str) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "helpers.py").write_text(DECORATOR)
    (tmp_path / "wrapper.py").write_text(DECORATOR)
    (tmp_path / name).write_text(
        "[flake8-wraps]\nper-file-ignores =\n    tests/*: WRP001\n    other.py: WRP0,WRP1\n"
    )
    assert codes(run("check", ".", cwd=tmp_path)) == [("./wrapper.py", "WRP001")]


def test_per_file_ignores_of_the_flake8_section_count_too(tmp_path: Path) -> None:
    """One setting serves flake8 and the command line; its other codes are flake8's."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "helpers.py").write_text(DECORATOR)
    (tmp_path / "wrapper.py").write_text(DECORATOR)
    (tmp_path / ".flake8").write_text(
        "[flake8]\nselect = E,F,WRP\nper-file-ignores = tests/*: E501,WRP001\n"
    )
    assert codes(run("check", ".", cwd=tmp_path)) == [("./wrapper.py", "WRP001")]


def test_per_file_ignores_as_a_table_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "helpers.py").write_text(DECORATOR)
    (tmp_path / "wrapper.py").write_text(DECORATOR)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flake8-wraps.per-file-ignores]\n"tests/*" = ["WRP001"]\n'
    )
    assert codes(run("check", ".", cwd=tmp_path)) == [("./wrapper.py", "WRP001")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "pyproject.toml",
            "[tool.flake8-wraps]\nselct = ['WRP001']\n",
            "pyproject.toml: [tool.flake8-wraps] unknown key 'selct' (did you mean 'select'?)",
        ),
        (
            "setup.cfg",
            "[flake8-wraps]\nwraps = x.wraps\n",
            "setup.cfg: [flake8-wraps] unknown key 'wraps' (known: select, extend-select,"
            " ignore, extend-ignore, exclude, extend-exclude, wraps-functions,"
            " per-file-ignores, force-exclude, cache-dir)",
        ),
        (
            "pyproject.toml",
            "[tool.flake8-wraps]\nselect = 5\n",
            "pyproject.toml: [tool.flake8-wraps] select: expected a list of strings, not a"
            " number (5)",
        ),
        (
            "pyproject.toml",
            "[tool.flake8-wraps]\nignore = 'WRP001'\n",
            "pyproject.toml: [tool.flake8-wraps] ignore: expected a list of strings, not a"
            " string ('WRP001')",
        ),
        (
            "pyproject.toml",
            "[tool.flake8-wraps]\nforce-exclude = 'yes'\n",
            "pyproject.toml: [tool.flake8-wraps] force-exclude: expected true or false, not a"
            " string ('yes')",
        ),
        (
            "tox.ini",
            "[flake8-wraps]\nforce-exclude = maybe\n",
            "tox.ini: [flake8-wraps] force-exclude: expected true or false, not 'maybe'",
        ),
        (
            "pyproject.toml",
            "[tool.flake8-wraps]\nper-file-ignores = ['tests/*']\n",
            "pyproject.toml: [tool.flake8-wraps] per-file-ignores: expected a table of"
            " patterns, not a list with other things than strings",
        ),
        (
            ".flake8",
            "[flake8-wraps]\nper-file-ignores = tests/*\n",
            ".flake8: [flake8-wraps] per-file-ignores: expected 'pattern: CODES' pairs, not"
            " 'tests/*'",
        ),
        (
            "setup.cfg",
            "[flake8-wraps]\nignore = E501,WRP009\n",
            "setup.cfg: [flake8-wraps] ignore: unknown code 'WRP009' (codes: WRP001, WRP002,"
            " WRP003, WRP004, WRP005, WRP006, WRP007, WRP101, WRP102, WRP103)",
        ),
        (
            "pyproject.toml",
            "[tool.flake8-wraps]\nselect = ['E501']\n",
            "pyproject.toml: [tool.flake8-wraps] select: E501 selects no flake8-wraps code"
            " (codes: WRP001, WRP002, WRP003, WRP004, WRP005, WRP006, WRP007, WRP101, WRP102,"
            " WRP103)",
        ),
        # flake8 stops on it with a ValueError; check read '#', 'why' as codes.
        (
            "setup.cfg",
            "[flake8]\nextend-ignore = WRP1  # why\n",
            "setup.cfg: [flake8] extend-ignore: '#' is not an error code (flake8 refuses it"
            " too; a comment cannot follow a value on its line)",
        ),
        # The malformed files of issue #10: each was a traceback.
        (
            "setup.cfg",
            "select = WRP001\n",
            "setup.cfg: line 1: 'select = WRP001' comes before any [section]",
        ),
        (
            "setup.cfg",
            "[flake8-wraps]\nselect = WRP001\n[flake8-wraps]\nignore = WRP002\n",
            "setup.cfg: line 3: section [flake8-wraps] appears twice",
        ),
        (
            "tox.ini",
            "[flake8-wraps]\nselect = WRP001\nselect = WRP002\n",
            "tox.ini: line 3: [flake8-wraps] select is set twice",
        ),
        (
            "pyproject.toml",
            "tool = 5\n",
            "pyproject.toml: 'tool' must be a table, not a number (5)",
        ),
        (
            "pyproject.toml",
            "[[tool.flake8-wraps]]\nselect = ['WRP001']\n",
            "pyproject.toml: [tool.flake8-wraps] must be a table, not an array of tables",
        ),
        (
            "pyproject.toml",
            "[tool.flake8-wraps\n",
            "pyproject.toml: not valid TOML (Expected ']' at the end of a table declaration"
            " (at line 1, column 19)); if it is a template, exclude its directory",
        ),
    ],
)
def test_unusable_configuration_is_an_error_naming_file_and_key(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    (tmp_path / "wrapper.py").write_text(DECORATOR)
    (tmp_path / name).write_text(content)
    for command in ("check", "fix"):
        result = run(command, ".", cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (
            2,
            "",
            f"flake8-wraps: error: {message}\n",
        )
    assert (tmp_path / "wrapper.py").read_text() == DECORATOR


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select", "--extend-ignore"])
def test_an_unknown_code_on_the_command_line_is_an_error(tmp_path: Path, option: str) -> None:
    """A code of ours that does not exist is a typo; another tool's code is not."""
    (tmp_path / "wrapper.py").write_text(DECORATOR)
    result = run("check", option, "WRP001,WRP09", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        f"flake8-wraps: error: {option}: unknown code 'WRP09' (codes: WRP001, WRP002, WRP003,"
        " WRP004, WRP005, WRP006, WRP007, WRP101, WRP102, WRP103)\n",
    )
    prefix = run("check", option, "WRP", ".", cwd=tmp_path)
    assert prefix.returncode == (0 if option.endswith("ignore") else 1)


def test_selecting_only_other_tools_codes_is_an_error(tmp_path: Path) -> None:
    """Previously ``--select E501`` silently reported nothing."""
    (tmp_path / "wrapper.py").write_text(DECORATOR)
    result = run("check", "--select", "E501", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "flake8-wraps: error: --select: E501 selects no flake8-wraps code (codes: WRP001,"
        " WRP002, WRP003, WRP004, WRP005, WRP006, WRP007, WRP101, WRP102, WRP103)\n",
    )


def test_settings_for_rereads_a_changed_file(tmp_path: Path) -> None:
    """The API the language server uses: one call per document, nearest file, re-read
    when it changes."""
    (tmp_path / "pkg").mkdir()
    document = tmp_path / "pkg" / "module.py"
    configuration = tmp_path / "pyproject.toml"
    configuration.write_text('[tool.flake8-wraps]\nselect = ["WRP001"]\n')
    first = settings_for(document)
    assert first is settings_for(document)  # cached while the file stays the same
    assert (first.wants("WRP001", document), first.wants("WRP005", document)) == (True, False)
    assert [Path(source).resolve() for source in first.sources] == [configuration]
    configuration.write_text(
        '[tool.flake8-wraps]\nwraps-functions = ["x.wraps"]\n'
        '[tool.flake8-wraps.per-file-ignores]\n"pkg/*" = ["WRP00"]\n'
    )
    os.utime(configuration, ns=(time.time_ns() + 10**9,) * 2)
    second = settings_for(document)
    assert "x.wraps" in second.config.wraps_functions
    assert (second.wants("WRP001", document), second.wants("WRP101", document)) == (False, True)
    assert second.wants("WRP001", tmp_path / "elsewhere.py")
    configuration.write_text("[tool.flake8-wraps]\nselect = 5\n")
    os.utime(configuration, ns=(time.time_ns() + 2 * 10**9,) * 2)
    with pytest.raises(ConfigError) as error:
        settings_for(document)
    assert error.value.problem.startswith("[tool.flake8-wraps] select: expected a list")
    configuration.write_text('[tool.flake8-wraps]\nselect = ["WRP001"]\n')
    overridden = settings_for(tmp_path / "new.py", Options(select=("WRP1",)))
    assert [choice.select for choice in overridden.choices] == [("WRP1",), ("WRP1",)]
