"""Fixes other tools accept: a file that isort, ``ruff check --select E,W,I`` and
pycodestyle (through flake8) passed still passes them after ``flake8-wraps fix``.

The added ``import functools`` goes in the standard library's section, in sorted
position, as isort and ruff's I rules put it; a new first import keeps code two blank
lines below (E302). Every tool runs for real, in a subprocess.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
SCRIPT = BIN / "flake8-wraps"
DECORATOR = (
    "def deco(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "\n"
    "    return wrapper\n"
)
FIXED = DECORATOR.replace("    def wrapper", "    @functools.wraps(func)\n    def wrapper")


def tools_passing(path: Path) -> set[str]:
    """The tools that accept the file, each run on its own with its defaults."""
    commands = {
        "isort": [str(BIN / "isort"), "--check-only", "--quiet", path.name],
        "ruff": [
            str(BIN / "ruff"), "check", "--isolated", "--no-cache", "--select", "E,W,I", path.name
        ],
        # W would select this plugin's WRP codes too.
        "pycodestyle": [
            sys.executable, "-m", "flake8", "--isolated", "--select", "E,W", "--ignore", "WRP",
            path.name,
        ],
    }
    return {
        tool
        for tool, command in commands.items()
        if subprocess.run(command, cwd=path.parent, capture_output=True, timeout=300).returncode
        == 0
    }


def fix(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), "fix", path.name], cwd=path.parent, capture_output=True, text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            '"""Timing."""\nimport time\n\n\n' + DECORATOR,
            '"""Timing."""\nimport functools\nimport time\n\n\n' + FIXED,
            id="before-a-later-module",
        ),
        pytest.param(
            "import abc\nimport os\nfrom typing import Any\n\n\n" + DECORATOR,
            "import abc\nimport functools\nimport os\nfrom typing import Any\n\n\n" + FIXED,
            id="between-two-modules",
        ),
        pytest.param(
            "import abc\nfrom typing import Any\n\n\n" + DECORATOR,
            "import abc\nimport functools\nfrom typing import Any\n\n\n" + FIXED,
            id="plain-imports-before-from-imports",
        ),
        pytest.param(
            "from __future__ import annotations\n\nimport os\nimport sys\n\nimport flask\n\n\n"
            + DECORATOR,
            "from __future__ import annotations\n\nimport functools\nimport os\nimport sys\n\n"
            "import flask\n\n\n" + FIXED,
            id="after-the-future-import",
        ),
        pytest.param(
            "import flask\nfrom werkzeug import Response\n\n\n" + DECORATOR,
            "import functools\n\nimport flask\nfrom werkzeug import Response\n\n\n" + FIXED,
            id="a-new-section-before-third-party",
        ),
        pytest.param(
            '"""Doc."""\n\n# The web framework.\nimport flask\n\n\n' + DECORATOR,
            '"""Doc."""\n\nimport functools\n\n# The web framework.\nimport flask\n\n\n'
            + FIXED,
            id="a-comment-above-the-third-party-section-stays-with-it",
        ),
        pytest.param(
            "from . import models\n\n\n" + DECORATOR,
            "import functools\n\nfrom . import models\n\n\n" + FIXED,
            id="a-new-section-before-relative-imports",
        ),
        pytest.param(
            "from __future__ import annotations\n\n\n" + DECORATOR,
            "from __future__ import annotations\n\nimport functools\n\n\n" + FIXED,
            id="a-new-section-after-future",
        ),
        pytest.param(
            "# Standard library\nimport os\n\n\n" + DECORATOR,
            "# Standard library\nimport functools\nimport os\n\n\n" + FIXED,
            id="a-comment-above-the-section-stays-above-it",
        ),
        pytest.param(
            "import collections\nimport sys\n\n\n" + DECORATOR,
            "import collections\nimport functools\nimport sys\n\n\n" + FIXED,
            id="in-the-middle",
        ),
        pytest.param(
            "import abc\nimport dis\n\nx = 1\n\n\n" + DECORATOR,
            "import abc\nimport dis\nimport functools\n\nx = 1\n\n\n" + FIXED,
            id="at-the-end-of-the-section",
        ),
        pytest.param(
            "import abc\n\nimport flask\n\n\n" + DECORATOR,
            "import abc\nimport functools\n\nimport flask\n\n\n" + FIXED,
            id="at-the-end-of-the-section-before-third-party",
        ),
        pytest.param(
            "# standard modules\nimport contextlib\n\n# blender modules\nimport bpy\n\n\n"
            + DECORATOR,
            "# standard modules\nimport contextlib\nimport functools\n\n# blender modules\n"
            "import bpy\n\n\n" + FIXED,
            id="a-comment-above-the-next-section-stays-with-it",
        ),
        pytest.param(
            DECORATOR, "import functools\n\n\n" + FIXED, id="no-imports: two blank lines (E302)"
        ),
        pytest.param(
            '"""Decorators."""\n\n\n' + DECORATOR,
            '"""Decorators."""\nimport functools\n\n\n' + FIXED,
            id="after-the-docstring",
        ),
    ],
)
def test_import_goes_where_isort_and_ruff_put_it(tmp_path: Path, before: str, after: str) -> None:
    target = tmp_path / "decorators.py"
    target.write_text(before)
    passing = tools_passing(target)
    assert fix(target).returncode == 0
    assert target.read_text() == after
    assert tools_passing(target) >= passing
    assert passing == {"isort", "ruff", "pycodestyle"}


def test_a_comment_above_the_import_it_joins_stays_above_both(tmp_path: Path) -> None:
    """isort and ruff disagree on a comment between two imports: above both, both agree."""
    target = tmp_path / "decorators.py"
    target.write_text('"""Doc."""\n\n# for paths\nimport os\n\n\n' + DECORATOR)
    assert tools_passing(target) == {"isort", "ruff", "pycodestyle"}
    fix(target)
    assert target.read_text() == (
        '"""Doc."""\n\n# for paths\nimport functools\nimport os\n\n\n' + FIXED
    )
    assert tools_passing(target) == {"isort", "ruff", "pycodestyle"}


def test_fix_on_the_bundled_example_gives_app_fixed(tmp_path: Path) -> None:
    example = ROOT / "examples" / "flask_app"
    app = tmp_path / "app"
    shutil.copytree(example / "app", app)
    before = tools_passing(app / "utils" / "decorators.py")
    result = subprocess.run(
        [str(SCRIPT), "fix", "."], cwd=app, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    comparison = filecmp.dircmp(app, example / "app_fixed", ignore=["__pycache__"])
    differing = []
    stack = [comparison]
    while stack:
        current = stack.pop()
        differing += current.diff_files + current.left_only + current.right_only
        stack.extend(current.subdirs.values())
    assert differing == []
    for path in app.rglob("*.py"):
        assert path.read_bytes() == (example / "app_fixed" / path.relative_to(app)).read_bytes()
    assert tools_passing(app / "utils" / "decorators.py") >= before


def real_files_with_fixes() -> list[Path]:
    """Installed files (of the test dependencies) with a safe WRP0 fix."""
    site = Path(sysconfig.get_paths()["purelib"])
    roots = [site / name for name in (
        "jedi", "celery", "vine", "pyparsing", "parso", "mypy", "vermin", "libcst"
    )]
    roots = [root for root in roots if root.is_dir()]
    result = subprocess.run(
        [str(SCRIPT), "check", "--format", "json", "--select", "WRP0", *map(str, roots)],
        capture_output=True, text=True, timeout=600,
    )
    found = json.loads(result.stdout)
    return sorted({Path(f["path"]) for f in found if f["fix_safety"] == "safe"})


def test_fixes_on_real_code_keep_other_tools_passing(tmp_path: Path) -> None:
    files = real_files_with_fixes()
    assert len(files) >= 10
    checked = 0
    for number, original in enumerate(files):
        directory = tmp_path / str(number)
        directory.mkdir()
        target = directory / original.name
        shutil.copy(original, target)
        passing = tools_passing(target)
        fix(target)
        assert target.read_bytes() != original.read_bytes(), original
        assert tools_passing(target) >= passing, original
        checked += len(passing)
    assert checked >= 5  # the comparison means something: some tools passed before
