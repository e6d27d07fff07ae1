"""WRP007, WRP001's finding on weaker evidence: off by default everywhere (flake8, ``check``,
``fix``, the language server, the pre-commit hooks), on when selected, and the same finding
in every other way (message, unsafe fix, ``# noqa``, ``explain``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lsp_client import LanguageClient

from conftest import run_flake8

BIN = Path(sys.executable).parent
ROOT = Path(__file__).parent.parent

#: Names alone: ``g`` calls ``func`` with its own argument, and ``func`` is named as a
#: function; nothing says ``compose`` is a decorator.
WEAK = """\
def compose(func):
    def g(x):
        return func(x)

    return g
"""
WEAK_FINDING = (
    "app.py:2:5: WRP007 decorator 'compose' returns 'g' without @functools.wraps(func):"
    " func's name and docstring are lost"
)
FIXED = """\
import functools


def compose(func):
    @functools.wraps(func)
    def g(x):
        return func(x)

    return g
"""


def flake8_wraps(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "flake8-wraps"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(WEAK)
    return tmp_path


@pytest.mark.parametrize(
    ("selection", "reported"),
    [
        ((), False),
        (("--extend-select", "WRP007"), True),
        (("--select", "WRP"), True),
        (("--select", "WRP007"), True),
        (("--select", "WRP", "--extend-ignore", "WRP007"), False),
        (("--select", "WRP001"), False),
    ],
)
def test_flake8_reports_it_only_when_selected(
    project: Path, selection: tuple[str, ...], reported: bool
) -> None:
    result = run_flake8("--isolated", *selection, "app.py", cwd=project)
    assert result.stdout.splitlines() == ([WEAK_FINDING] if reported else []), result.stderr


@pytest.mark.parametrize(
    ("selection", "reported"),
    [
        ((), False),
        (("--extend-select", "WRP007"), True),
        (("--select", "WRP"), True),
        (("--select", "WRP001"), False),
        (("--select", "WRP001", "--extend-select", "WRP007"), True),
        (("--extend-select", "WRP007", "--ignore", "WRP007"), False),
    ],
)
def test_check_reports_it_only_when_selected(
    project: Path, selection: tuple[str, ...], reported: bool
) -> None:
    result = flake8_wraps("check", "--no-cache", "-q", *selection, "app.py", cwd=project)
    assert result.stdout.splitlines() == ([WEAK_FINDING] if reported else []), result.stderr
    assert result.returncode == (1 if reported else 0)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[tool.flake8-wraps]\nextend-select = ["WRP007"]\n'),
        ("setup.cfg", "[flake8-wraps]\nextend-select = WRP007\n"),
        ("setup.cfg", "[flake8]\nextend-select = WRP007,B950\n"),
        ("tox.ini", "[flake8]\nselect = WRP\n"),
    ],
)
def test_check_reads_the_selection_from_the_configuration(
    project: Path, name: str, text: str
) -> None:
    """``[flake8]`` means the same to flake8 and to ``check``: ``select = WRP`` names
    WRP007, so both report it."""
    (project / name).write_text(text)
    result = flake8_wraps("check", "--no-cache", "-q", "app.py", cwd=project)
    expected = [WEAK_FINDING]
    assert result.stdout.splitlines() == expected, result.stderr


def test_an_unknown_code_in_extend_select_is_an_error(project: Path) -> None:
    result = flake8_wraps("check", "--extend-select", "WRP999", "app.py", cwd=project)
    assert result.returncode == 2
    assert "WRP999" in result.stderr


def test_fix_applies_its_fix_only_as_unsafe_and_only_when_selected(project: Path) -> None:
    app = project / "app.py"
    for options in (("--unsafe-fixes",), ("--extend-select", "WRP007")):
        result = flake8_wraps("fix", "--no-cache", *options, "app.py", cwd=project)
        assert result.returncode == (1 if "--extend-select" in options else 0), result.stderr
        assert app.read_text() == WEAK
    result = flake8_wraps(
        "fix", "--no-cache", "--unsafe-fixes", "--extend-select", "WRP007", "app.py", cwd=project
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert app.read_text() == FIXED


def test_noqa_silences_it(project: Path) -> None:
    (project / "app.py").write_text(WEAK.replace("def g(x):", "def g(x):  # noqa: WRP007"))
    assert run_flake8("--isolated", "--select", "WRP", "app.py", cwd=project).stdout == ""
    result = flake8_wraps("check", "--no-cache", "-q", "--select", "WRP", "app.py", cwd=project)
    assert result.stdout == ""


def test_explain_says_which_level_and_why(project: Path) -> None:
    result = flake8_wraps("explain", "app.py:2", cwd=project)
    assert result.stdout.splitlines() == [
        WEAK_FINDING,
        "  = note: the evidence that 'g' stands in for 'func' is weaker than WRP001's"
        " (flake8-wraps explain says why); if it does, add @functools.wraps(func) above"
        " 'def g'",
        "  not reported: WRP007 is off by default (--extend-select WRP007 reports it)",
        "function 'compose' (line 1) returns 1 closure; parameters that may hold the"
        " function: func",
        "'g' (line 2), standing in for 'func': possibly a wrapper: WRP007 (off by default)",
        "        +1  stands-in: it calls 'func' with its own arguments",
        "        +1  function-parameter: 'func' is named as a function",
        "  decision: score 2 against thresholds of 3 (WRP001) and 2 (WRP007)",
        "  fix: unsafe, only with --unsafe-fixes: add @functools.wraps(func) above 'def g'",
        "        'g' takes named parameters: through __wrapped__ it would claim the parameters"
        " of 'func', which it may not accept",
        "        it is WRP007, on weaker evidence: its fix is never safe",
    ]


def test_names_alone_do_not_make_wrp001(project: Path) -> None:
    """Previously WRP001 (issue 18): ``stands-in`` and ``function-parameter`` alone reached
    the threshold; numba's compiled helpers and pyramid's derivers scored exactly that."""
    result = run_flake8("--isolated", "--select", "WRP001", "app.py", cwd=project)
    assert result.stdout == ""


def _diagnostics(root: Path) -> list[tuple[str, int]]:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    client = LanguageClient([str(BIN / "flake8-wraps"), "lsp"], root, environment)
    try:
        client.initialize(root)
        document = root / "app.py"
        client.open(document, WEAK)
        params = client.notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == document.as_uri() and p.get("version") == 1,
        )
        return [(d["code"], d["range"]["start"]["line"]) for d in params["diagnostics"]]
    finally:
        client.close()


def test_the_server_shows_it_only_when_the_configuration_selects_it(project: Path) -> None:
    assert _diagnostics(project) == []
    (project / "pyproject.toml").write_text('[tool.flake8-wraps]\nextend-select = ["WRP007"]\n')
    assert _diagnostics(project) == [("WRP007", 1)]


@pytest.mark.slow  # drives the real pre-commit
@pytest.mark.xdist_group("pre-commit")
def test_the_check_hook_reports_it_when_the_configuration_selects_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The real pre-commit, with this checkout's hooks: silent by default, then failing
    once the project's configuration selects WRP007."""
    repository = tmp_path_factory.mktemp("repository")
    home = tmp_path_factory.mktemp("pre-commit-home")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    (repository / "app.py").write_text(WEAK)
    subprocess.run(["git", "add", "app.py"], cwd=repository, check=True)
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home)}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "pre-commit"), "try-repo", str(ROOT), "flake8-wraps", "--all-files",
             "--color", "never"],
            cwd=repository,
            capture_output=True,
            text=True,
            env=environment,
            timeout=900,
        )

    first = try_repo()
    assert first.returncode == 0, first.stdout + first.stderr
    (repository / "pyproject.toml").write_text('[tool.flake8-wraps]\nextend-select = ["WRP007"]\n')
    subprocess.run(["git", "add", "pyproject.toml"], cwd=repository, check=True)
    second = try_repo()
    assert second.returncode == 1, second.stdout + second.stderr
    assert WEAK_FINDING in second.stdout
