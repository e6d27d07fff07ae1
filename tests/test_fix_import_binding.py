"""The name a fix writes is bound before the decorator runs, and the fixed file runs.

An import the file already has is the fix's spelling only when it is bound before
anything can call the decorator; one at the end of the module, or one under ``if``,
is left where it is and a new import goes at the top. Each case is a before/after pair in
``tests/fixes`` (``test_fixer`` compares them byte for byte); here the console script
fixes a copy, and the fixed file is run in a subprocess: the tests execute their own
fixtures, the plugin never does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("flake8-wraps")
FIXES = Path(__file__).parent / "fixes"

CASES = [
    # Previously the fix wrote @wraps(func) for the import at the end: NameError when
    # @logged ran.
    "late_wraps_import",
    "late_module_import",
    # Previously refused (exit 2): the import binds nothing where the decorator runs.
    "type_checking_import",
    "conditional_import",
    "main_guard_import",
    # A class with a base runs the base's __init_subclass__: here, @logged.
    "import_after_subclass",
    # So does a subscript (__class_getitem__): previously the late import was reused.
    "import_after_subscript",
    # Bound below the decorator's def but above its first use: reused.
    "import_before_use",
]


def run_module(path: Path) -> subprocess.CompletedProcess[str]:
    """Runs ``path`` as an imported module would run (``__name__`` is not
    ``"__main__"``) and prints the name the decorated ``answer`` ends up with."""
    return subprocess.run(
        [sys.executable, "-c",
         "import runpy, sys; print(runpy.run_path(sys.argv[1])['answer'].__name__)",
         str(path)],
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("name", CASES)
def test_the_fixed_file_runs_with_the_wrapper_named_after_the_function(
    tmp_path: Path, name: str
) -> None:
    target = tmp_path / f"{name}.py"
    shutil.copy(FIXES / f"{name}.before.py", target)
    before = run_module(target)
    assert (before.returncode, before.stdout) == (0, "wrapper\n")
    result = subprocess.run(
        [str(SCRIPT), "fix", target.name], cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    assert result.stdout == f"{name}.py: fixed 1 finding\nfixed 1 finding in 1 file\n"
    assert target.read_bytes() == (FIXES / f"{name}.after.py").read_bytes()
    after = run_module(target)
    assert (after.returncode, after.stdout, after.stderr) == (0, "answer\n", "")


def test_one_added_import_avoids_a_local_import_below_any_edit(tmp_path: Path) -> None:
    """One ``import functools`` serves every edit: its name avoids what each function
    that gets an edit binds, whichever edit comes first (``local_import_below`` has the
    one-edit case)."""
    target = tmp_path / "mixed.py"
    target.write_text(
        "def plain(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    return wrapper\n\n\n"
        "def logged(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n\n"
        "    import functools\n"
        "    functools.lru_cache()(func)\n"
        "    return wrapper\n\n\n"
        "@plain\n@logged\ndef answer():\n    return 42\n"
    )
    result = subprocess.run(
        [str(SCRIPT), "fix", target.name], cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (
        0, "mixed.py: fixed 2 findings\nfixed 2 findings in 1 file\n"
    ), result.stderr
    assert target.read_text().splitlines()[:6] == [
        "import functools as _functools", "", "", "def plain(func):",
        "    @_functools.wraps(func)", "    def wrapper(*args, **kwargs):",
    ]
    after = run_module(target)
    assert (after.returncode, after.stdout, after.stderr) == (0, "answer\n", "")


LOGGED = (
    "def logged(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "    return wrapper\n\n\n"
    "@logged\ndef answer():\n    return 42\n"
)


@pytest.mark.parametrize(
    ("script", "shadow"),
    [
        # run as a script: its folder is sys.path[0]
        ("answer.py", "functools.py"),
        # in a package: the source root above it is where sys.path points
        ("pkg/answer.py", "functools/__init__.py"),
    ],
)
def test_a_local_functools_is_never_what_the_added_import_binds(
    tmp_path: Path, script: str, shadow: str
) -> None:
    """Previously the fix added ``import functools`` beside a local ``functools.py`` (a
    hostile pass of stop 49): the fixed file imported that module and failed with
    AttributeError. The fix is not made, and ``fix`` says why."""
    target = tmp_path / script
    target.parent.mkdir(exist_ok=True)
    if target.parent != tmp_path:
        (target.parent / "__init__.py").write_text("")
    target.write_text(LOGGED)
    (tmp_path / shadow).parent.mkdir(exist_ok=True)
    (tmp_path / shadow).write_text("value = 1\n")
    result = subprocess.run(
        [str(SCRIPT), "fix", "--isolated", "--no-cache", script], cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )
    assert (result.returncode, result.stdout) == (2, "fixed 0 findings in 0 files\n")
    assert result.stderr == (
        f"{script}: not fixed: it needs 'import functools', and the file's folders hold a"
        " module 'functools' of their own that Python may import instead of the standard"
        " library's; left untouched\n"
    )
    assert target.read_text() == LOGGED


@pytest.mark.parametrize(
    ("shadow", "text"),
    [
        # in another folder of the project: not on the script's path
        ("tools/functools.py", "value = 1\n"),
        # a copy of the standard library's (the test of fixing a copy of it): what the
        # fixes call is there
        ("functools.py", (Path(shutil.__file__).parent / "functools.py").read_text()),
    ],
)
def test_a_functools_the_import_may_find_does_not_always_stop_the_fix(
    tmp_path: Path, shadow: str, text: str
) -> None:
    (tmp_path / shadow).parent.mkdir(exist_ok=True)
    (tmp_path / shadow).write_text(text)
    target = tmp_path / "answer.py"
    target.write_text(LOGGED)
    result = subprocess.run(
        [str(SCRIPT), "fix", "--isolated", "--no-cache", target.name], cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "answer.py: fixed 1 finding\nfixed 1 finding in 1 file\n", ""
    )
    assert target.read_text().startswith("import functools\n")
    after = run_module(target)
    assert (after.returncode, after.stdout, after.stderr) == (0, "answer\n", "")


GENERIC = (
    "def logged[{name}](func):\n    {decorator}def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n    return wrapper\n\n\n"
    "@logged\ndef answer():\n    return 42\n"
)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="type parameters are Python 3.12+")
@pytest.mark.parametrize(
    "name, before, after",
    [
        ("functools", "", "import functools as _functools\n\n\n"),
        ("wraps", "from functools import wraps\n\n", "import functools\n"),
    ],
)
def test_a_type_parameter_named_like_the_import_is_not_the_import(
    tmp_path: Path, name: str, before: str, after: str
) -> None:
    """A hostile pass (Python 3.13): ``def logged[functools](func)`` made the fix write
    ``@functools.wraps(func)`` inside, where ``functools`` is the type parameter
    (AttributeError: 'typing.TypeVar' object has no attribute 'wraps', at import)."""
    target = tmp_path / "generic.py"
    target.write_text(before + GENERIC.format(name=name, decorator=""), encoding="utf-8")
    assert run_module(target).stdout == "wrapper\n"
    result = subprocess.run(
        [str(SCRIPT), "fix", target.name], cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    spelled = "_functools" if name == "functools" else "functools"
    assert target.read_text(encoding="utf-8") == after + before + GENERIC.format(
        name=name, decorator=f"@{spelled}.wraps(func)\n    "
    )
    fixed = run_module(target)
    assert (fixed.returncode, fixed.stdout, fixed.stderr) == (0, "answer\n", "")
