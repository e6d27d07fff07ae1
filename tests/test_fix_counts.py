"""What ``fix`` says is left: counted after its own changes, across files, and named."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
SCRIPT = Path(sys.executable).with_name("flake8-wraps")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_a_fixed_decorator_takes_its_route_findings_in_other_files_along(
    tmp_path: Path,
) -> None:
    """Previously: "1 left" and exit 1 for the WRP101 in app.py, gone on the next run."""
    app = tmp_path / "app"
    shutil.copytree(ROOT / "examples" / "flask_app" / "app", app)
    assert run("check", ".", cwd=app).stdout.count(" WRP101 ") == 1
    result = run("fix", ".", cwd=app)
    assert (result.returncode, result.stdout.splitlines()) == (
        0,
        ["./utils/decorators.py: fixed 1 finding", "fixed 1 finding in 1 file"],
    )
    assert run("check", ".", cwd=app).returncode == 0


def test_findings_fix_cannot_repair_are_named_with_their_check_lines(tmp_path: Path) -> None:
    (tmp_path / "lambdas.py").write_text("def deco(func):\n    return lambda *a: func(*a)\n")
    result = run("fix", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [
            "./lambdas.py:2:12: WRP005 decorator 'deco' returns a lambda calling 'func'; use"
            " a def with @functools.wraps(func)",
            "fixed 0 findings in 0 files; 1 left (no safe fix; `--unsafe-fixes` applies 1 more)",
        ],
    )
    assert result.stdout.splitlines()[0] == run("check", "-q", ".", cwd=tmp_path).stdout.strip()


def test_a_dry_run_counts_the_route_findings_its_fix_would_take_along(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(ROOT / "examples" / "flask_app" / "app", app)
    for mode in ("--check", "--diff"):
        result = run("fix", mode, ".", cwd=app)
        assert result.returncode == 1  # a fix is pending
        status = result.stderr if mode == "--diff" else result.stdout
        assert status.splitlines() == [
            "./utils/decorators.py: would fix 1 finding",
            "would fix 1 finding in 1 file",
        ]
