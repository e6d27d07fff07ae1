"""Virtual environments of their own for frameworks too heavy, or too conflicting, to share
the test environment (Airflow 3 alone pins hundreds of packages).

Each is built once per machine, keyed by its requirements and the Python version, under
``$FLAKE8_WRAPS_TEST_ENVS`` (default ``~/.cache/flake8-wraps/test-envs``), and reused by
later sessions. A test runs code in it through a subprocess, which prints JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(
    os.environ.get("FLAKE8_WRAPS_TEST_ENVS", Path.home() / ".cache" / "flake8-wraps" / "test-envs")
)


def framework_python(name: str, requirements: list[str]) -> Path:
    """The interpreter of the environment for ``requirements``, built if missing."""
    key = hashlib.sha256(
        json.dumps([sys.version_info[:2], sorted(requirements)]).encode()
    ).hexdigest()[:12]
    directory = ROOT / f"{name}-{key}"
    python = directory / "bin" / "python"
    if python.exists() and (directory / ".complete").exists():
        return python
    # An environment without its ``.complete`` mark was interrupted: build it afresh.
    shutil.rmtree(directory, ignore_errors=True)
    directory.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True)
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", *requirements],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if installed.returncode != 0:
        pytest.fail(f"installing {requirements} failed:\n{installed.stdout}{installed.stderr}")
    (directory / ".complete").write_text("\n".join(requirements) + "\n")
    return python


def run_in(python: Path, code: str, path: Path, env: dict[str, str]) -> Any:
    """Run ``code`` with ``path``'s directory importable; what it prints last, as JSON."""
    result = subprocess.run(
        [str(python), "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        env={**os.environ, "PYTHONPATH": str(path.parent), **env},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
