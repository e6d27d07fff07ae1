"""Shared helpers: run the real flake8, analyse source strings, read example markers."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Sequence

import pytest

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.analysis.module import analyze
from flake8_wraps.config import Config

EXAMPLES = Path(__file__).parent / "examples"
#: Example files are flake8's input (and modules the framework tests import), not tests.
collect_ignore = ["examples", "fixes"]
pytest_plugins = ["pytester"]
#: ``# error: WRP001 col=5`` (several allowed, comma-separated), column as flake8 prints it.
_MARKER = re.compile(r"(WRP\d{3}) col=(\d+)")


#: Modules that drive real pre-commit, frameworks, editors, the server over stdio, other
#: tools or the whole standard library: ``pytest -m "not slow"`` leaves them out for a quick run.
SLOW_MODULES = frozenset(
    {
        "test_pre_commit",
        "test_frameworks",
        "test_example_app",
        "test_editors",
        "test_lsp_server",
        "test_lsp_protocol",
        "test_neovim",
        "test_fix_other_tools",
        "test_fix_stdlib",
        "test_robustness",
    }
)


#: One folder for the whole session, made by the first process (pytest itself) and handed
#: to pytest-xdist's workers through the environment; that process removes it at the end.
#: A worker's own removal is not enough: a worker that ends without unconfiguring (the
#: full suite's did) left its folders behind in /tmp.
SESSION_ROOT = os.environ.get("FLAKE8_WRAPS_TEST_ROOT") or ""
OWNS_SESSION_ROOT = not SESSION_ROOT
if OWNS_SESSION_ROOT:
    SESSION_ROOT = tempfile.mkdtemp(prefix="flake8-wraps-test-")
    os.environ["FLAKE8_WRAPS_TEST_ROOT"] = SESSION_ROOT
#: Every run the tests start (flake8, the command line, the server) keeps its cache in one
#: directory of the process, not in the checkout; the cache's own tests choose theirs.
SESSION_CACHE = tempfile.mkdtemp(prefix="cache-", dir=SESSION_ROOT)
os.environ["FLAKE8_WRAPS_CACHE_DIR"] = SESSION_CACHE
#: The key that signs cache entries (``cache.py``) is the session's too, not the user's.
SESSION_KEY = tempfile.mkdtemp(prefix="key-", dir=SESSION_ROOT)
os.environ["FLAKE8_WRAPS_KEY_DIR"] = SESSION_KEY


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--heavy",
        action="store_true",
        help="also run the tests marked heavy (frameworks in environments of their own)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: drives real pre-commit, frameworks, editors or other tools"
    )
    config.addinivalue_line(
        "markers",
        "heavy: builds a framework's own environment (hundreds of MB); runs only with --heavy",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SESSION_CACHE, ignore_errors=True)
    shutil.rmtree(SESSION_KEY, ignore_errors=True)
    if OWNS_SESSION_ROOT:
        shutil.rmtree(SESSION_ROOT, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run_heavy = config.getoption("--heavy")
    skip_heavy = pytest.mark.skip(reason="heavy: run with --heavy (CI does: .ci/run)")
    for item in items:
        # Every real-framework test is slow too (some build environments of their own).
        if Path(str(item.fspath)).stem in SLOW_MODULES or item.get_closest_marker("frameworks"):
            item.add_marker(pytest.mark.slow)
        # Building Dagster's, Prefect's and Airflow's environments takes minutes and 700 MB:
        # the everyday test command leaves them to a separate run that CI makes.
        if item.get_closest_marker("heavy") and not run_heavy:
            item.add_marker(skip_heavy)


def run_explain(location: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``flake8-wraps explain LOCATION`` in a subprocess, run from ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "flake8_wraps", "explain", location],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def project_package(root: Path) -> Path:
    """A project at ``root`` (its ``pyproject.toml``) with an empty package ``pkg``, where
    tests put the modules whose evidence crosses files."""
    (root / "pyproject.toml").write_text("")
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    return package


def lint_package(root: Path) -> subprocess.CompletedProcess[str]:
    """flake8, every WRP code, over the package that ``project_package`` made at ``root``:
    run again after each module a test adds."""
    return run_flake8("--isolated", "--select", "WRP", "pkg", cwd=root)


def make_project(root: Path, files: dict[str, str]) -> Path:
    """A project at ``root`` (a ``pyproject.toml``) with ``files``, dedented."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    return root


def run_flake8(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run flake8 in a subprocess, the way users and CI do."""
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def expected_markers(path: Path) -> set[tuple[int, int, str]]:
    """(line, column, code) of every ``# error:`` marker in an example file."""
    expected = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        _, marker, rest = line.partition("# error:")
        if marker:
            for code, column in _MARKER.findall(rest):
                expected.add((number, int(column), code))
    return expected


def findings_in(source: str, config: Config | None = None) -> list[Finding]:
    """Analyse a (dedented) source string."""
    tree = ast.parse(textwrap.dedent(source))
    return analyze(tree) if config is None else analyze(tree, config)


def codes_in(source: str) -> list[tuple[int, int, str]]:
    """(line, flake8 column, code) of each finding in a source string."""
    return [(f.line, f.col + 1, f.code) for f in findings_in(source)]


@pytest.fixture(scope="session")
def flake8_on_examples() -> dict[str, set[tuple[int, int, str]]]:
    """One real flake8 run over every example file, grouped by file name."""
    result = run_flake8("--isolated", "--select", "WRP", str(EXAMPLES))
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    found: dict[str, set[tuple[int, int, str]]] = {}
    for line in result.stdout.splitlines():
        path, row, column, text = line.split(":", 3)
        name = Path(path).relative_to(EXAMPLES).as_posix()
        found.setdefault(name, set()).add((int(row), int(column), text.split()[0]))
    return found


def example_files() -> Sequence[Path]:
    return sorted(EXAMPLES.rglob("*.py"))
