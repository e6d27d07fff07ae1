"""The bundled Flask example: the crash, the report, and the fix, with real Flask."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import run_flake8

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "flask_app"
BROKEN_REPORT = [
    "examples/flask_app/app/app.py:17:2: WRP101 'predict_v2' and 'predict_v1' both become"
    " endpoint 'wrapper' on 'app' through @timeit (examples/flask_app/app/utils/decorators.py:5)",
    "examples/flask_app/app/utils/decorators.py:6:5: WRP001 decorator 'timeit' returns 'wrapper'"
    " without @functools.wraps(func): func's name and docstring are lost",
]


@pytest.fixture
def import_app() -> Iterator[object]:
    """Import ``app.py`` the way ``flask run`` does: its directory first on the path."""
    added: list[str] = []

    def importer(directory: str) -> ModuleType:
        path = str(EXAMPLE / directory)
        sys.path.insert(0, path)
        added.append(path)
        return importlib.import_module("app")

    yield importer
    for path in added:
        sys.path.remove(path)
    for name in ("app", "model", "utils", "utils.decorators"):
        sys.modules.pop(name, None)


def test_broken_app_crashes_on_import(import_app) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AssertionError) as error:
        import_app("app")
    assert str(error.value) == (
        "View function mapping is overwriting an existing endpoint function: wrapper"
    )


def test_fixed_app_answers_on_both_endpoints(import_app) -> None:  # type: ignore[no-untyped-def]
    client = import_app("app_fixed").app.test_client()
    first = client.post("/v1/predict/", json={"text": "I love it, great and fast"})
    second = client.post("/v2/predict/", json={"text": "slow and broken, I hate it"})
    assert (first.status_code, first.get_json()) == (200, {"version": 1, "positive": True})
    assert (second.status_code, second.get_json()) == (
        200,
        {"version": 2, "positive": False, "probability": 0.0082},
    )


def test_flake8_reports_the_decorator_and_the_colliding_routes() -> None:
    result = run_flake8("--select", "WRP", "examples/flask_app/app", cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.splitlines() == BROKEN_REPORT


def test_flake8_reports_nothing_on_the_fixed_app() -> None:
    result = run_flake8("--select", "WRP", "examples/flask_app/app_fixed", cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, "")
