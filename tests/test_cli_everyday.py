"""The flags ruff and flake8 users reach for, through the real console script."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Optional

import pytest

from conftest import run_flake8

ROOT = Path(__file__).parent.parent
FIXES = Path(__file__).parent / "fixes"
SCRIPT = Path(sys.executable).with_name("flake8-wraps")
TIMING = (
    "timing.py:5:5: WRP001 decorator 'timeit' returns 'wrapper' without"
    " @functools.wraps(func): func's name and docstring are lost"
)
LAMBDAS = (
    "lambdas.py:2:12: WRP005 decorator 'deco' returns a lambda calling 'func'; use a def"
    " with @functools.wraps(func)"
)


def run(
    *args: str, cwd: Path, stdin: Optional[str] = None, env: Optional[dict[str, str]] = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PRE_COMMIT", "NO_COLOR")}
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        env={**environment, **(env or {})},
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(FIXES / "plain.before.py", tmp_path / "timing.py")
    (tmp_path / "lambdas.py").write_text("def deco(func):\n    return lambda *args: func(*args)\n")
    return tmp_path


def test_version(tmp_path: Path) -> None:
    from importlib.metadata import version

    result = run("--version", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"flake8-wraps {version('flake8-wraps')}\n")


@pytest.mark.parametrize("command", [("check",), ("fix", "--diff")])
def test_paths_default_to_the_working_directory(project: Path, command: tuple[str]) -> None:
    default = run(*command, cwd=project)
    assert default.stdout == run(*command, ".", cwd=project).stdout
    assert default.stdout.count("timing.py") == (1 if command == ("check",) else 2)


def test_check_reads_standard_input(project: Path) -> None:
    source = (project / "timing.py").read_text()
    plain = run("check", "-", cwd=project, stdin=source)
    found = "Found 1 error (1 fixable with `fix`)\n"
    assert (plain.returncode, plain.stdout) == (
        1,
        TIMING.replace("timing.py", "-", 1) + "\n" + found,
    )
    named = run("check", "-", "--stdin-filename", "timing.py", cwd=project, stdin=source)
    assert (named.returncode, named.stdout) == (1, TIMING + "\n" + found)


def test_stdin_filename_picks_the_configuration(project: Path) -> None:
    (project / "tests").mkdir()
    (project / "setup.cfg").write_text("[flake8-wraps]\nper-file-ignores = tests/*: WRP001\n")
    source = (project / "timing.py").read_text()
    ignored = run("check", "-", "--stdin-filename", "tests/timing.py", cwd=project, stdin=source)
    assert (ignored.returncode, ignored.stdout) == (0, "All checks passed!\n")


def test_fix_reads_standard_input_and_writes_the_fixed_source(project: Path) -> None:
    source = (FIXES / "plain.before.py").read_text()
    result = run("fix", "-", "--stdin-filename", "timing.py", cwd=project, stdin=source)
    assert (result.returncode, result.stdout) == (0, (FIXES / "plain.after.py").read_text())
    assert result.stderr == "fixed 1 finding in 1 file\n"
    assert (project / "timing.py").read_text() == source  # the file itself is not touched


def test_exit_zero(project: Path) -> None:
    checked = run("check", "--exit-zero", "-q", ".", cwd=project)
    assert (checked.returncode, len(checked.stdout.splitlines())) == (0, 2)
    fixed = run("fix", "--exit-zero", ".", cwd=project)
    assert fixed.returncode == 0 and "1 left" in fixed.stdout


def test_statistics(project: Path) -> None:
    shutil.copy(project / "timing.py", project / "timing2.py")
    result = run("check", "--statistics", ".", cwd=project)
    assert (result.returncode, result.stdout) == (
        1,
        "2\tWRP001\t[*] missing-wraps\n1\tWRP005\t    lambda-wrapper\n",
    )


@pytest.mark.parametrize("output", ["github", "sarif"])
def test_statistics_in_a_format_that_cannot_hold_them_is_a_usage_error(
    project: Path, output: str
) -> None:
    """Previously the text counts went into the SARIF file, which was then no JSON."""
    result = run("check", "--statistics", "--format", output, "-o", "out", ".", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"flake8-wraps: error: --statistics prints text or JSON, not --format {output}"
    )
    assert not (project / "out").exists()


def test_the_default_excludes_hold_flake8s(project: Path) -> None:
    """Previously ``check`` read ``.hg``, ``.nox`` and ``*.egg``, which flake8 skips by
    default. It skips what ruff skips besides (``venv``, ``build``...), which flake8 reads."""
    for folder in (".svn", "CVS", ".bzr", ".hg", ".nox", "demo.egg", "venv", "build"):
        (project / folder).mkdir()
        shutil.copy(project / "timing.py", project / folder / "timing.py")
    checked = run("check", "-q", "--isolated", "--no-cache", ".", cwd=project)
    assert sorted(line.split(":")[0] for line in checked.stdout.splitlines()) == [
        "./lambdas.py", "./timing.py"
    ]
    flake8 = run_flake8("--isolated", "--select", "WRP", ".", cwd=project)
    assert sorted(line.split(":")[0] for line in flake8.stdout.splitlines()) == [
        "./build/timing.py", "./lambdas.py", "./timing.py", "./venv/timing.py"
    ]


def test_show_source(project: Path) -> None:
    result = run("check", "-q", "--show-source", "lambdas.py", cwd=project)
    assert result.stdout == (
        f"{LAMBDAS}\n    return lambda *args: func(*args)\n           ^\n"
        "= note: a lambda cannot carry the name, docstring and signature of 'func'\n"
    )


def test_output_file(project: Path) -> None:
    result = run("check", "--output-file", "report.txt", "timing.py", cwd=project)
    assert (result.returncode, result.stdout) == (1, "")
    # As ruff's: the closing line goes where the findings go.
    assert (project / "report.txt").read_text() == (
        TIMING + "\nFound 1 error (1 fixable with `fix`)\n"
    )


def test_an_output_file_that_cannot_be_written_is_an_error_of_ours(project: Path) -> None:
    """Status 2 and one line, even with --exit-zero: never the findings' status 1, which
    would fail a CI step for the wrong reason, or pass it with no report written."""
    (project / "a-file").write_text("")
    (project / "a-directory").mkdir()
    for target, why in [
        ("a-file/report.sarif", "a-file is not a directory"),
        ("a-directory", "Is a directory"),
    ]:
        result = run("check", "--exit-zero", "-o", target, "timing.py", cwd=project)
        assert (result.returncode, result.stdout, result.stderr) == (
            2, "", f"flake8-wraps: error: cannot write {target}: {why}\n"
        )


def test_quiet_fix_prints_only_what_is_left(project: Path) -> None:
    result = run("fix", "-q", ".", cwd=project)
    assert (result.returncode, result.stdout) == (1, f"./{LAMBDAS}\n")


def run_on_a_terminal(*args: str, cwd: Path, env: dict[str, str]) -> str:
    """The console script with a pseudo-terminal as its standard output."""
    controller, terminal = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    process = subprocess.Popen(
        [str(SCRIPT), *args], cwd=cwd, stdout=terminal, stderr=subprocess.DEVNULL,
        env={**environment, **env},
    )
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(controller)
    return output.decode().replace("\r\n", "\n")


def test_colour_on_a_terminal_only(project: Path) -> None:
    coloured = run_on_a_terminal("check", "-q", "timing.py", cwd=project, env={})
    assert coloured == (
        "\x1b[1mtiming.py\x1b[0m\x1b[36m:\x1b[0m5\x1b[36m:\x1b[0m5\x1b[36m:\x1b[0m"
        f" \x1b[1;31mWRP001\x1b[0m {TIMING.split(' WRP001 ', 1)[1]}\n"
    )
    assert run_on_a_terminal("check", "-q", "timing.py", cwd=project, env={"NO_COLOR": "1"}) == (
        TIMING + "\n"
    )
    assert run("check", "-q", "timing.py", cwd=project).stdout == TIMING + "\n"  # piped
    forced = run("check", "-q", "--color", "always", "timing.py", cwd=project).stdout
    assert forced == coloured


def test_diff_and_check_combine_as_in_ruff(project: Path) -> None:
    """The diff on stdout, the status on stderr, exit 1 while a fix is pending."""
    before = (project / "timing.py").read_bytes()
    both = run("fix", "--diff", "--check", "timing.py", cwd=project)
    diff = run("fix", "--diff", "timing.py", cwd=project)
    assert both.returncode == diff.returncode == 1
    assert both.stdout == diff.stdout
    assert both.stdout.startswith("--- timing.py\n+++ timing.py\n")
    assert both.stderr == "timing.py: would fix 1 finding\nwould fix 1 finding in 1 file\n"
    assert (project / "timing.py").read_bytes() == before


# -- excludes apply to named files under pre-commit ------------------------------------------


@pytest.fixture
def with_migrations(tmp_path: Path) -> Path:
    (tmp_path / "migrations").mkdir()
    shutil.copy(FIXES / "plain.before.py", tmp_path / "migrations" / "0001.py")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flake8-wraps]\nextend-exclude = ["migrations"]\n'
    )
    return tmp_path


def test_named_files_are_checked_unless_force_exclude(with_migrations: Path) -> None:
    assert run("check", "migrations/0001.py", cwd=with_migrations).returncode == 1
    assert run("check", ".", cwd=with_migrations).returncode == 0
    forced = run("check", "--force-exclude", "migrations/0001.py", cwd=with_migrations)
    assert (forced.returncode, forced.stdout) == (0, "All checks passed!\n")


def test_force_exclude_is_on_under_pre_commit(with_migrations: Path) -> None:
    under = {"PRE_COMMIT": "1"}
    assert run("check", "migrations/0001.py", cwd=with_migrations, env=under).returncode == 0
    assert run("fix", "migrations/0001.py", cwd=with_migrations, env=under).returncode == 0
    assert (with_migrations / "migrations" / "0001.py").read_bytes() == (
        FIXES / "plain.before.py"
    ).read_bytes()
    off = run("check", "--no-force-exclude", "migrations/0001.py", cwd=with_migrations, env=under)
    assert off.returncode == 1


def test_force_exclude_looks_only_below_the_configuration(tmp_path: Path) -> None:
    """A project that lives in a directory named "build" is not excluded as a whole."""
    project = tmp_path / "build" / "project"
    project.mkdir(parents=True)
    (project / "setup.cfg").write_text("[flake8-wraps]\nselect = WRP\n")
    shutil.copy(FIXES / "plain.before.py", project / "timing.py")
    result = run("check", "-q", "--force-exclude", "timing.py", cwd=project)
    assert (result.returncode, result.stdout) == (1, TIMING + "\n")


# -- SARIF, read back by a real consumer ------------------------------------------------------


def test_sarif_read_back_by_sarif_tools(project: Path) -> None:
    result = run("check", "--format", "sarif", "--output-file", "out.sarif", ".", cwd=project)
    assert result.returncode == 1
    csv = subprocess.run(
        [str(Path(sys.executable).with_name("sarif")), "csv", "out.sarif", "--output", "out.csv"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )
    assert csv.returncode == 0, csv.stderr
    assert (project / "out.csv").read_text().splitlines() == [
        "Tool,Severity,Code,Description,Location,Line",
        f"flake8-wraps,warning,WRP001,{TIMING.split(' WRP001 ', 1)[1]},timing.py,5",
        f"flake8-wraps,warning,WRP005,{LAMBDAS.split(' WRP005 ', 1)[1]},lambdas.py,2",
    ]


def test_sarif_has_the_required_fields_and_one_rule_per_code(project: Path) -> None:
    from flake8_wraps.codes import RULES

    log = json.loads(run("check", "--format", "sarif", ".", cwd=project).stdout)
    assert (log["version"], log["$schema"]) == (
        "2.1.0",
        "https://json.schemastore.org/sarif-2.1.0.json",
    )
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "flake8-wraps"
    codes = sorted({rule.code for rule in RULES})
    assert [rule["id"] for rule in driver["rules"]] == codes
    assert driver["rules"][0]["helpUri"] == (
        "https://github.com/flake8-wraps/flake8-wraps/blob/main/docs/rules/WRP001.md"
    )
    first, second = sarif_run["results"]
    assert first["message"]["text"] == LAMBDAS.split(" WRP005 ", 1)[1]
    assert (first["ruleId"], codes[first["ruleIndex"]]) == ("WRP005", "WRP005")
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "lambdas.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 12, "endLine": 2, "endColumn": 37},
    }
    assert second["ruleId"] == "WRP001"


def test_a_file_that_is_not_python_is_named_in_github_and_sarif_reports(
    project: Path,
) -> None:
    """A pull request's annotations and code scanning never show standard error:
    previously the file was named only there, and a SARIF run looked successful."""
    (project / "broken.py").write_text("def f(:\n")
    github = run("check", "--format", "github", "broken.py", "lambdas.py", cwd=project)
    assert github.returncode == 2
    assert github.stdout.splitlines()[-1] == (
        "::error file=broken.py,title=flake8-wraps::broken.py: not valid Python (line 1:"
        " invalid syntax)"
    )
    log = json.loads(run("check", "--format", "sarif", "broken.py", cwd=project).stdout)
    (sarif_run,) = log["runs"]
    assert sarif_run["results"] == []
    assert sarif_run["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": "not valid Python (line 1: invalid syntax)"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {
                                    "uri": "broken.py", "uriBaseId": "%SRCROOT%"
                                }
                            }
                        }
                    ],
                }
            ],
        }
    ]
    clean = json.loads(run("check", "--format", "sarif", "lambdas.py", cwd=project).stdout)
    assert clean["runs"][0]["invocations"] == [
        {"executionSuccessful": True, "toolExecutionNotifications": []}
    ]


def test_sarif_columns_count_utf16_code_units(tmp_path: Path) -> None:
    """ast counts UTF-8 bytes; SARIF's default columnKind counts UTF-16 code units."""
    (tmp_path / "wide.py").write_text(
        "def deco(func):\n    é = 1; return lambda *a: func(*a)\n", encoding="utf-8"
    )
    log = json.loads(run("check", "--format", "sarif", "wide.py", cwd=tmp_path).stdout)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (19, 38)


# -- flake8-wraps rule ------------------------------------------------------------------------


def test_rule_prints_the_rules_page(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "rules" / "WRP005.md").read_text()
    result = run("rule", "WRP005", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        f"{page}\nhttps://github.com/flake8-wraps/flake8-wraps/blob/main/docs/rules/WRP005.md\n",
    )
    unknown = run("rule", "WRP999", cwd=tmp_path)
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "flake8-wraps: error: unknown code or name 'WRP999'"
        " (flake8-wraps rule --all prints them all)\n",
    )


@pytest.mark.slow
def test_rule_works_from_an_installed_wheel(tmp_path: Path) -> None:
    """The documentation ships inside the package, not only in the checkout's docs."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )
    (wheel,) = tmp_path.glob("flake8_wraps-*.whl")
    assert "flake8_wraps/rules.md" in zipfile.ZipFile(wheel).namelist()
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from flake8_wraps.cli import main;"
         " sys.exit(main(['rule', 'WRP003']))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(wheel)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# WRP003 wraps-without-arguments\n")


def test_the_command_line_pages_example_is_the_real_output() -> None:
    """Each ``$ flake8-wraps ...`` of the command line page's example, run from the
    repository root: its standard output, then its standard error (``--diff``'s status)."""
    section = (ROOT / "docs" / "command-line.md").read_text(encoding="utf-8")
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    commands = block.split("$ flake8-wraps ")[1:]
    assert len(commands) == 2
    for command in commands:
        arguments, shown = command.split("\n", 1)
        result = run(*arguments.split(), cwd=ROOT)
        assert result.stdout + result.stderr == shown, arguments


def test_the_first_command_installs_what_the_example_needs() -> None:
    """The example's steps run Flask from .venv: the first command's extra brings it."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh\n", 1)[1].splitlines()[0]
    assert "pip install '.[example]'" in first
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert any(requirement.startswith("flask") for requirement in extras["example"])
