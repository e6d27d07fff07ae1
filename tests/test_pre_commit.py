"""Both pre-commit hooks, run by the real pre-commit against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FIXES = Path(__file__).parent / "fixes"
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))
#: One worker runs them all, so the hook environment of ``pre_commit_home`` is built once.
pytestmark = pytest.mark.xdist_group("pre-commit")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module's tests (building it installs the project)."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with a decorator that lacks functools.wraps."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(FIXES / "plain.before.py", tmp_path / "timing.py")
    subprocess.run(["git", "add", "timing.py"], cwd=tmp_path, check=True)
    return tmp_path


def try_repo(hook: str, repository: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), hook, "--all-files", "--color", "never"],
        cwd=repository,
        capture_output=True,
        text=True,
        env=environment,
        timeout=900,
    )


def test_check_hook_fails_with_the_finding(repository: Path, pre_commit_home: Path) -> None:
    result = try_repo("flake8-wraps", repository, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "timing.py:5:5: WRP001 decorator 'timeit' returns 'wrapper' without"
        " @functools.wraps(func)" in result.stdout
    )


def test_check_hook_obeys_the_flake8_section(repository: Path, pre_commit_home: Path) -> None:
    """Previously the hook failed on what flake8 hides: it read neither ``exclude`` nor
    ``extend-ignore`` of ``[flake8]``. The failing run ends with ruff's closing line."""
    failing = try_repo("flake8-wraps", repository, pre_commit_home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "\nFound 1 error (1 fixable with `fix`)\n" in failing.stdout
    for section in ("[flake8]\nextend-ignore = E203,WRP001\n", "[flake8]\nexclude = timing.py\n"):
        (repository / ".flake8").write_text(section)
        subprocess.run(["git", "add", ".flake8"], cwd=repository, check=True)
        result = try_repo("flake8-wraps", repository, pre_commit_home)
        assert result.returncode == 0, result.stdout + result.stderr
        flake8 = subprocess.run(
            [sys.executable, "-m", "flake8", "--select", "WRP", "timing.py"],
            cwd=repository, capture_output=True, text=True, timeout=300,
        )
        assert (flake8.returncode, flake8.stdout) == (0, "")


def test_fix_hook_rewrites_then_passes(repository: Path, pre_commit_home: Path) -> None:
    first = try_repo("flake8-wraps-fix", repository, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (repository / "timing.py").read_bytes() == (FIXES / "plain.after.py").read_bytes()
    second = try_repo("flake8-wraps-fix", repository, pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


def test_as_an_additional_dependency_of_a_flake8_hook(
    repository: Path, pre_commit_home: Path
) -> None:
    """The other way in: flake8's own hook with flake8-wraps among its dependencies.

    A local hook stands in for the flake8 repository (no network here); the mechanism,
    pre-commit installing flake8 and the plugin into the hook's environment, is the same.
    """
    (repository / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: flake8\n"
        "        name: flake8\n"
        "        entry: flake8 --select WRP\n"
        "        language: python\n"
        "        types: [python]\n"
        f"        additional_dependencies: [flake8, 'flake8-wraps @ {ROOT.as_uri()}']\n"
    )
    subprocess.run(["git", "add", ".pre-commit-config.yaml"], cwd=repository, check=True)
    result = subprocess.run(
        [PRE_COMMIT, "run", "--all-files", "--color", "never"],
        cwd=repository,
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home)},
        timeout=900,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "timing.py:5:5: WRP001 decorator 'timeit' returns 'wrapper'" in result.stdout


def test_hooks_honour_noqa(repository: Path, pre_commit_home: Path) -> None:
    target = repository / "timing.py"
    target.write_text(
        (FIXES / "plain.before.py").read_text().replace("**kwargs):", "**kwargs):  # noqa: WRP001")
    )
    before = target.read_bytes()
    for hook in ("flake8-wraps", "flake8-wraps-fix"):
        result = try_repo(hook, repository, pre_commit_home)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Passed" in result.stdout
    assert target.read_bytes() == before


def test_fix_hook_prints_one_summary_over_many_files(
    repository: Path, pre_commit_home: Path
) -> None:
    """Without require_serial pre-commit splits the files over processes, one summary each."""
    for number in range(8):
        shutil.copy(FIXES / "plain.before.py", repository / f"timing{number}.py")
    subprocess.run(["git", "add", "."], cwd=repository, check=True)
    result = try_repo("flake8-wraps-fix", repository, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.count("fixed 9 findings in 9 files\n") == 1, result.stdout
    assert "fixed" not in result.stdout.replace("fixed 9 findings in 9 files", "").replace(
        ": fixed 1 finding", ""
    )


def test_fix_hook_passes_when_the_fix_removes_route_findings_of_other_files(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    """The bundled app: fixing the decorator also clears the colliding routes in app.py."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copytree(ROOT / "examples" / "flask_app" / "app", tmp_path, dirs_exist_ok=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    first = try_repo("flake8-wraps-fix", tmp_path, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert "fixed 1 finding in 1 file\n" in first.stdout
    assert "left" not in first.stdout
    second = try_repo("flake8-wraps", tmp_path, pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr


def test_hooks_honour_the_configurations_excludes(repository: Path, pre_commit_home: Path) -> None:
    """pre-commit names each file; the excludes must apply to them (force-exclude)."""
    (repository / "migrations").mkdir()
    subprocess.run(["git", "mv", "timing.py", "migrations/0001.py"], cwd=repository, check=True)
    (repository / "pyproject.toml").write_text(
        '[tool.flake8-wraps]\nextend-exclude = ["migrations"]\n'
    )
    subprocess.run(["git", "add", "pyproject.toml"], cwd=repository, check=True)
    for hook in ("flake8-wraps", "flake8-wraps-fix"):
        result = try_repo(hook, repository, pre_commit_home)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (repository / "migrations" / "0001.py").read_bytes() == (
        FIXES / "plain.before.py"
    ).read_bytes()


def test_the_documented_hook_snippet_works(repository: Path, pre_commit_home: Path) -> None:
    """The documented configuration, with this checkout and its HEAD for the URL and REV."""
    page = (ROOT / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    section = page.split("## pre-commit", 1)[1]
    snippet = next(
        block.split("\n", 1)[1]
        for block in section.split("```yaml")[1:]
        if "rev: REV" in block
    ).split("```", 1)[0]
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    snippet = snippet.replace("https://github.com/flake8-wraps/flake8-wraps", str(ROOT))
    (repository / ".pre-commit-config.yaml").write_text(snippet.replace("REV", head))
    subprocess.run(["git", "add", ".pre-commit-config.yaml"], cwd=repository, check=True)
    result = subprocess.run(
        [PRE_COMMIT, "run", "--all-files", "--color", "never"],
        cwd=repository,
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home)},
        timeout=900,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "timing.py:5:5: WRP001 decorator 'timeit' returns 'wrapper'" in result.stdout


def test_a_staged_file_named_like_an_option_is_a_file(
    repository: Path, pre_commit_home: Path
) -> None:
    """pre-commit hands the staged files on after the options with no ``--``: a file
    ``-v.py`` was read as an option (an argparse error) by both hooks."""
    shutil.move(str(repository / "timing.py"), str(repository / "-v.py"))
    subprocess.run(["git", "add", "-A"], cwd=repository, check=True)
    checked = try_repo("flake8-wraps", repository, pre_commit_home)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert (
        "./-v.py:5:5: WRP001 decorator 'timeit' returns 'wrapper' without"
        " @functools.wraps(func)" in checked.stdout
    )
    fixed = try_repo("flake8-wraps-fix", repository, pre_commit_home)
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert (repository / "-v.py").read_bytes() == (FIXES / "plain.after.py").read_bytes()
