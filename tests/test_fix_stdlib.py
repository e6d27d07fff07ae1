"""``flake8-wraps fix`` over a copy of the standard library: nothing it writes is broken."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from flake8_wraps.project.checker import check

SCRIPT = Path(sys.executable).with_name("flake8-wraps")
SKIPPED = shutil.ignore_patterns("test", "tests", "idle_test", "site-packages", "__pycache__")


def test_fix_a_copy_of_the_standard_library(tmp_path: Path) -> None:
    copy = tmp_path / "stdlib"
    shutil.copytree(sysconfig.get_paths()["stdlib"], copy, ignore=SKIPPED, symlinks=True)
    before = {path: path.read_bytes() for path in copy.rglob("*.py")}
    result = subprocess.run(
        [str(SCRIPT), "fix", "-j", "2", "."], capture_output=True, text=True, cwd=copy
    )
    # 2: some files of the standard library are test data that no parser accepts.
    assert result.returncode in (0, 1, 2), result.stderr
    assert all("not valid Python" in line for line in result.stderr.splitlines())
    changed = [path for path, source in before.items() if path.read_bytes() != source]
    assert changed, "the standard library has a wrapper to fix (tomllib's)"
    for path in changed:
        compile(path.read_bytes(), str(path), "exec")
        findings = check(ast.parse(path.read_bytes()), str(path))
        assert not [f for f in findings if f.fix is not None and f.fix.safe], path
