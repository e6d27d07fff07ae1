"""Decorators of test code that nothing in the project applies: helpers of a few tests.

A wrapper in ``tests/`` (or in a test module) that no ``@`` anywhere in the project applies
is called by a test or two (``wrapped = log_calls(func)``), or stands in for the code under
test; nobody reads its name. Over the labelled scans such findings were 2 real bugs, 19
wrappers whose metadata nobody reads and 7 false positives: the signal
``unapplied-in-tests`` (-3, refitted on the data of two more rounds) silences a plain one
and moves one with more evidence to WRP007. A test decorator that is applied (a retry, a
skip) keeps its weight. Each test builds a project in ``tmp_path`` and
runs the real flake8 (or ``check``) from its root.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import make_project, run_explain as explain, run_flake8

SCRIPT = Path(sys.executable).with_name("flake8-wraps")

#: Forwards everything (2), documented as a decorator (1), a wrapper's name (1), a
#: function's (1): 5, WRP001 alone.
LOG_CALLS = """\
def log_calls(func):
    "A decorator that prints each call."
    def wrapper(*args, **kwargs):
        print("calling")
        return func(*args, **kwargs)
    return wrapper
"""

WRP001 = (
    ":3:5: WRP001 decorator 'log_calls' returns 'wrapper' without @functools.wraps(func):"
    " func's name and docstring are lost"
)
WRP007 = (
    ":3:5: WRP007 decorator 'log_calls' returns 'wrapper' without @functools.wraps(func):"
    " func's name and docstring are lost"
)


def lint(root: Path, *select: str) -> list[str]:
    result = run_flake8("--isolated", *select, ".", cwd=root)
    assert result.stderr == ""
    return sorted(line.removeprefix("./") for line in result.stdout.splitlines())


def test_an_unapplied_decorator_in_a_tests_folder_is_a_possible_wrapper(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"tests/helpers.py": LOG_CALLS})
    assert lint(root) == []
    assert lint(root, "--select", "WRP") == ["tests/helpers.py" + WRP007]
    explained = explain("tests/helpers.py:3", root)
    assert (
        "        -3  unapplied-in-tests: 'log_calls' is test code that nothing in the project"
        " applies with @" in explained.stdout.splitlines()
    )


def test_a_plain_unapplied_decorator_in_a_tests_folder_is_silent(tmp_path: Path) -> None:
    """Without its docstring the same closure scores 4, 1 once demoted: below WRP007."""
    plain = LOG_CALLS.replace('    "A decorator that prints each call."\n', "")
    root = make_project(tmp_path, {"tests/helpers.py": plain, "pkg/__init__.py": "",
                                   "pkg/helpers.py": plain})
    assert lint(root, "--select", "WRP") == [
        "pkg/helpers.py:2:5: WRP001 decorator 'log_calls' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost"
    ]


def test_the_same_decorator_outside_the_tests_is_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": LOG_CALLS})
    assert lint(root, "--select", "WRP") == ["pkg/helpers.py" + WRP001]


def test_a_test_decorator_applied_in_another_test_module_is_reported(tmp_path: Path) -> None:
    """A retry or skip decorator that tests apply keeps its weight."""
    test_module = """\
        from tests.helpers import log_calls


        @log_calls
        def test_one():
            assert True
        """
    root = make_project(tmp_path, {"tests/helpers.py": LOG_CALLS, "tests/test_one.py": test_module})
    assert lint(root, "--select", "WRP") == ["tests/helpers.py" + WRP001]


def test_a_test_module_is_test_code_where_it_defines_tests(tmp_path: Path) -> None:
    """``test_*.py`` outside a tests folder: test code when it defines a test; a library's
    ``test_utils.py`` that defines none serves other projects' tests, and stays WRP001."""
    with_a_test = LOG_CALLS + "\n\ndef test_it():\n    assert log_calls(len)('ab') == 2\n"
    root = make_project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/test_things.py": with_a_test,
            "pkg/test_utils.py": LOG_CALLS,
            "pkg/conftest.py": LOG_CALLS,
        },
    )
    assert lint(root, "--select", "WRP") == [
        "pkg/conftest.py" + WRP007,
        "pkg/test_things.py" + WRP007,
        "pkg/test_utils.py" + WRP001,
    ]


def test_tests_defined_under_a_module_level_if_make_test_code(tmp_path: Path) -> None:
    """A hostile pass of stop 86: ``test_*.py`` whose only test sits under
    ``if sys.platform != "win32":`` (or in a ``try``) is test code all the same."""
    guarded = (
        LOG_CALLS
        + "\n\nimport sys\n\nif sys.platform != 'win32':\n"
        + "    def test_it():\n        assert log_calls(len)('ab') == 2\n"
    )
    in_try = (
        LOG_CALLS
        + "\n\ntry:\n    import numpy\nexcept ImportError:\n    pass\nelse:\n"
        + "    class TestIt:\n        def test_it(self):\n            assert numpy\n"
    )
    # A hostile pass of stop 87: in a class's ``if``, in a nested class, under a ``for``.
    in_class_if = (
        LOG_CALLS + "\n\nclass TestIt:\n    if True:\n        def test_it(self):\n"
        + "            assert log_calls(len)('ab') == 2\n"
    )
    nested = (
        LOG_CALLS + "\n\nclass TestOuter:\n    class TestInner:\n        def test_it(self):\n"
        + "            assert log_calls(len)('ab') == 2\n"
    )
    in_for = (
        LOG_CALLS + "\n\nfor n in (1, 2):\n    def test_it():\n"
        + "        assert log_calls(len)('ab') == 2\n"
    )
    # A test function nested in a helper is no test pytest collects.
    in_a_function = (
        LOG_CALLS + "\n\ndef make():\n    def test_it():\n        pass\n    return test_it\n"
    )
    root = make_project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/test_guarded.py": guarded,
            "pkg/test_try.py": in_try,
            "pkg/test_class_if.py": in_class_if,
            "pkg/test_nested.py": nested,
            "pkg/test_for.py": in_for,
            "pkg/test_made.py": in_a_function,
        },
    )
    assert lint(root, "--select", "WRP") == [
        "pkg/test_class_if.py" + WRP007,
        "pkg/test_for.py" + WRP007,
        "pkg/test_guarded.py" + WRP007,
        "pkg/test_made.py" + WRP001,
        "pkg/test_nested.py" + WRP007,
        "pkg/test_try.py" + WRP007,
    ]


def test_a_tests_folder_above_the_project_says_nothing(tmp_path: Path) -> None:
    """A checkout kept in ``~/tests/``: its own code is not test code."""
    files = {"pkg/__init__.py": "", "pkg/a.py": LOG_CALLS}
    root = make_project(tmp_path / "tests" / "checkout", files)
    assert lint(root, "--select", "WRP") == ["pkg/a.py" + WRP001]


def test_a_cached_result_is_checked_again_when_the_folder_stops_being_tests(
    tmp_path: Path,
) -> None:
    """The answer "in a tests folder" depends on where the project's root is: a marker
    added in ``tests/`` makes it a project of its own, and the warm run sees it."""
    root = make_project(tmp_path / "project", {"tests/helpers.py": LOG_CALLS})
    cache = tmp_path / "cache"

    def check() -> list[str]:
        result = subprocess.run(
            [str(SCRIPT), "check", "--cache-dir", str(cache), "--isolated", "--select", "WRP",
             "-q", "."],
            capture_output=True, text=True, cwd=root, timeout=300,
        )
        assert result.stderr == ""
        return [line.removeprefix("./") for line in result.stdout.splitlines()]

    assert check() == ["tests/helpers.py" + WRP007]
    (root / "tests" / "setup.cfg").write_text("")
    assert check() == ["tests/helpers.py" + WRP001]


def test_fix_in_test_code_beside_a_helper_that_test_code_silences(tmp_path: Path) -> None:
    """``fix`` checks what it wrote without the file's path: a helper that only test code
    silences was then counted as the same fix still there, and the real one was refused
    ("still reported after it was made", exit 2: a hostile pass of stop 86)."""
    root = make_project(tmp_path, {"tests/test_disk.py": """\
def echo_calls(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def retry_once(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@retry_once
def test_reads_the_disk():
    assert echo_calls(len)("ab") == 2
"""})
    fixed = subprocess.run(
        [str(SCRIPT), "fix", "--no-cache", "--isolated", "tests/test_disk.py"],
        capture_output=True, text=True, cwd=root, timeout=300,
    )
    assert (fixed.returncode, fixed.stderr) == (0, "")
    assert fixed.stdout.splitlines() == [
        "tests/test_disk.py: fixed 1 finding", "fixed 1 finding in 1 file"
    ]
    source = (root / "tests" / "test_disk.py").read_text()
    assert source.startswith("import functools\n\n\ndef echo_calls(func):\n    def wrapper(")
    assert "def retry_once(func):\n    @functools.wraps(func)\n    def wrapper(" in source
