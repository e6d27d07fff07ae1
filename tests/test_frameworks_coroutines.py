"""WRP103's consequences, proven with the real frameworks: FastAPI and pytest-asyncio.

The fixed copy makes the wrapper an ``async def`` that awaits the function (what the
message asks for): it gets no finding and works.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from types import ModuleType

import pytest

from conftest import run_flake8
import test_frameworks
from test_frameworks import FRAMEWORKS, load

pytestmark = pytest.mark.frameworks
#: The shared fixtures: the fixed copy, and forgetting the examples loaded.
forget_loaded_examples = test_frameworks.forget_loaded_examples


def awaiting_copy(path: Path, directory: Path) -> Path:
    """The example with WRP103's fix: an ``async def`` wrapper that awaits the function."""
    source = path.read_text(encoding="utf-8")
    source = source.replace("    def wrapper(", "    async def wrapper(")
    source = source.replace("return func(", "return await func(")
    fixed = directory / path.name
    fixed.write_text(source, encoding="utf-8")
    result = run_flake8("--isolated", "--select", "WRP", str(fixed))
    assert (result.returncode, result.stdout) == (0, "")
    return fixed


def test_fastapi_timer_stops_before_the_endpoint_runs() -> None:
    from fastapi.testclient import TestClient

    module = load(FRAMEWORKS / "wrp103_fastapi.py")
    assert not inspect.iscoroutinefunction(module.report)
    response = TestClient(module.app).get("/report")
    # Current FastAPI still awaits what the plain function returns (older ones answered
    # 500: 'coroutine' object is not iterable), but the timer measured only the
    # coroutine's creation: it stopped before the body ran.
    assert (response.status_code, response.json()) == (200, {"rows": 3})
    assert [event for event, _ in module.events] == ["timer stopped", "body finished"]


def test_fastapi_timer_fixed(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    module: ModuleType = load(awaiting_copy(FRAMEWORKS / "wrp103_fastapi.py", tmp_path))
    assert inspect.iscoroutinefunction(module.report)
    response = TestClient(module.app).get("/report")
    assert (response.status_code, response.json()) == (200, {"rows": 3})
    assert [event for event, _ in module.events] == ["body finished", "timer stopped"]
    # It timed the 50 ms the body sleeps (the event loop may wake a millisecond or two
    # early); the broken wrapper times about a microsecond.
    assert module.events[1][1] >= 0.04


def test_pytest_asyncio_never_runs_the_test_body(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_total=(FRAMEWORKS / "wrp103_pytest_asyncio.py").read_text())
    result = pytester.runpytest("-p", "asyncio", "-W", "ignore::DeprecationWarning")
    # The body asserts 1 + 1 == 3: it would fail if it ran. pytest 9 fails the test for
    # returning a coroutine; pytest before 8.4 skipped it, and the suite stayed green.
    if tuple(int(part) for part in pytest.__version__.split(".")[:2]) >= (8, 4):
        result.assert_outcomes(failed=1)
        assert "the body ran" not in result.stdout.str()
    else:
        result.assert_outcomes(skipped=1)


def test_pytest_asyncio_fixed(pytester: pytest.Pytester, tmp_path: Path) -> None:
    fixed = awaiting_copy(FRAMEWORKS / "wrp103_pytest_asyncio.py", tmp_path)
    pytester.makepyfile(test_total=fixed.read_text())
    result = pytester.runpytest("-p", "asyncio", "-W", "ignore::DeprecationWarning")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: the body ran*"])
