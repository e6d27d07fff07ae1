"""Each framework consequence a WRP101/WRP102 message states, proven with the real framework.

Every example under ``examples/frameworks/`` is imported as the module flake8 checked
(same module name), and the consequence is observed. Its fixed copy (the same code with
``@functools.wraps(func)`` on the wrapper) gets no finding and works.
"""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import EXAMPLES, run_flake8

FRAMEWORKS = EXAMPLES / "frameworks"
pytestmark = pytest.mark.frameworks


def load(path: Path) -> ModuleType:
    """Import ``path`` under its file name, as flake8 names the module it checked."""
    name = path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


@pytest.fixture(autouse=True)
def forget_loaded_examples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Forget the examples a test imported (and their fixed copies in the test's temporary
    directories), and nothing else: a framework imported for the first time during a test
    must stay one module. (Previously "/tmp" was forgotten whole, so a checkout or a
    virtual environment under /tmp had DRF imported twice, and its checks compared
    classes of two copies.)"""
    forgotten = (str(EXAMPLES), str(tmp_path_factory.getbasetemp()))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if (getattr(sys.modules[name], "__file__", None) or "").startswith(forgotten):
            del sys.modules[name]


def fixed_copy(path: Path, directory: Path) -> Path:
    """The example with the one-line fix: ``@functools.wraps(func)`` on the wrapper."""
    source = path.read_text(encoding="utf-8")
    for wrapper in ("    def wrapper(", "    async def wrapper("):
        source = source.replace(wrapper, "    @functools.wraps(func)\n" + wrapper)
    fixed = directory / path.name
    fixed.write_text("import functools\n" + source, encoding="utf-8")
    return fixed


@pytest.fixture
def fixed(request: pytest.FixtureRequest, tmp_path: Path) -> ModuleType:
    """The fixed copy of the example named by the test's parameter, checked and loaded."""
    path = fixed_copy(FRAMEWORKS / request.param, tmp_path)
    result = run_flake8("--isolated", "--select", "WRP", str(path))
    assert (result.returncode, result.stdout) == (0, "")
    return load(path)


# -- Flask and Quart ---------------------------------------------------------------------


def test_flask_collision_stops_the_app_at_start_up() -> None:
    with pytest.raises(AssertionError) as error:
        load(FRAMEWORKS / "flask_collision.py")
    assert str(error.value) == (
        "View function mapping is overwriting an existing endpoint function: wrapper"
    )


def test_a_registered_wrapper_collides_and_its_fix_starts_the_app(tmp_path: Path) -> None:
    """The decorator hands its wrapper to ``app.add_url_rule`` and returns the function:
    both views become the endpoint 'wrapper'. ``fix --unsafe-fixes`` adds the wraps, and
    the app starts with both endpoints."""
    with pytest.raises(AssertionError) as error:
        load(FRAMEWORKS / "flask_registered_wrapper.py")
    assert str(error.value) == (
        "View function mapping is overwriting an existing endpoint function: wrapper"
    )
    copy = tmp_path / "flask_registered_wrapper.py"
    copy.write_bytes((FRAMEWORKS / "flask_registered_wrapper.py").read_bytes())
    script = Path(sys.executable).with_name("flake8-wraps")
    done = subprocess.run(
        [str(script), "fix", "--isolated", "--unsafe-fixes", str(copy)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "        @functools.wraps(func)\n        def wrapper(" in copy.read_text()
    module = load(copy)
    assert sorted(module.app.view_functions) == ["first", "second", "static"]


@pytest.mark.parametrize("views", ["named", "classes"])
def test_flask_views_registered_by_a_call_collide(views: str) -> None:
    module = load(FRAMEWORKS / "flask_views_by_call.py")
    with pytest.raises(AssertionError) as error:
        module.create_app(views)
    assert str(error.value) == (
        "View function mapping is overwriting an existing endpoint function: wrapper"
    )


def test_flask_views_behind_a_possible_wrapper_collide() -> None:
    with pytest.raises(AssertionError) as error:
        load(FRAMEWORKS / "flask_possible_wrapper_by_call.py")
    assert str(error.value) == (
        "View function mapping is overwriting an existing endpoint function: proxy"
    )
    # Reported with the default codes (the WRP007 on 'audit' is not).
    path = FRAMEWORKS / "flask_possible_wrapper_by_call.py"
    result = run_flake8("--isolated", "--select", "WRP", "--extend-ignore", "WRP007", str(path))
    assert [line.split(":", 3)[1:] for line in result.stdout.splitlines()] == [[
        "26", "1", " WRP101 'summary' and 'report' both become endpoint 'proxy' on 'app'"
        " through @audit (line 10)",
    ]]


@pytest.mark.parametrize("fixed", ["flask_views_by_call.py"], indirect=True)
def test_flask_views_registered_by_a_call_fixed(fixed: ModuleType) -> None:
    assert sorted(fixed.create_app("named").view_functions) == ["e", "f", "static"]
    assert sorted(fixed.create_app("classes").view_functions) == ["c", "d", "static"]


@pytest.mark.parametrize("fixed", ["flask_collision.py"], indirect=True)
def test_flask_collision_fixed(fixed: ModuleType) -> None:
    client = fixed.app.test_client()
    assert client.post("/v1/predict/").get_json() == {"version": 1}
    assert client.post("/v2/predict/").get_json() == {"version": 2}


def test_flask_views_with_a_copied_name_or_two_rules_do_not_collide() -> None:
    """The app starts: each view keeps the endpoint the copied ``__name__`` gives it, and
    one function registered at two rules is one endpoint, 'wrapper', which ``url_for('a')``
    cannot find (WRP102, not WRP101)."""
    module = load(FRAMEWORKS / "flask_not_colliding.py")
    app = module.app
    assert sorted(app.view_functions) == [
        "h", "i", "logged_r", "s", "static", "t", "u", "wrapper"
    ]
    client = app.test_client()
    assert [client.get(path).data for path in ("/h", "/i", "/a", "/a2", "/t", "/s")] == [
        b"h", b"i", b"a", b"a", b"t", b"s"
    ]
    from flask import url_for
    from werkzeug.routing import BuildError

    with app.test_request_context():
        assert [url_for(name) for name in ("h", "t", "u", "s")] == ["/h", "/t", "/u", "/s"]
        with pytest.raises(BuildError, match="Could not build url for endpoint 'r'"):
            url_for("r")
        with pytest.raises(BuildError, match="Could not build url for endpoint 'a'"):
            url_for("a")
    # Two factories, two apps named 'app': both start (they were paired as one).
    assert [sorted(make().view_functions) for make in (
        module.create_app, module.create_other_app
    )] == [["static", "wrapper"], ["static", "wrapper"]]


def test_flask_damaged_endpoint_is_not_found_by_url_for() -> None:
    from werkzeug.routing import BuildError

    module = load(FRAMEWORKS / "flask_damaged.py")
    with module.app.test_request_context():
        with pytest.raises(BuildError):
            _url_for("index")
        assert _url_for("wrapper") == "/"


def _url_for(endpoint: str) -> str:
    from flask import url_for

    return url_for(endpoint)


@pytest.mark.parametrize("fixed", ["flask_damaged.py"], indirect=True)
def test_flask_damaged_fixed(fixed: ModuleType) -> None:
    with fixed.app.test_request_context():
        assert _url_for("index") == "/"


def test_quart_collision_stops_the_app_at_start_up() -> None:
    with pytest.raises(AssertionError, match="existing endpoint function: wrapper"):
        load(FRAMEWORKS / "quart_collision.py")


@pytest.mark.parametrize("fixed", ["quart_collision.py"], indirect=True)
def test_quart_collision_fixed(fixed: ModuleType) -> None:
    async def get_both() -> list[bytes]:
        client = fixed.app.test_client()
        return [await (await client.get(path)).get_data() for path in ("/a", "/b")]

    assert asyncio.run(get_both()) == [b"a", b"b"]


# -- Celery --------------------------------------------------------------------------------


def load_quietly(path: Path) -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # recent Celery warns DuplicateTaskNameWarning
        return load(path)


def test_celery_collision_keeps_one_task_for_two_functions() -> None:
    module = load_quietly(FRAMEWORKS / "celery_collision.py")
    names = sorted(name for name in module.app.tasks if not name.startswith("celery."))
    assert names == ["celery_collision.wrapper", "tasks.subtract"]
    assert module.add.name == module.multiply.name == "celery_collision.wrapper"
    assert module.power.name == "celery_collision.wrapper"
    # All run one body: 2 + 3, 2 * 3 and 2 ** 3 cannot all be computed. (Celery 5.7 keeps
    # the function evaluated last when it finalizes the app; older ones the first.)
    assert module.add(2, 3) == module.multiply(2, 3) == module.power(2, 3) in (5, 6, 8)
    assert module.app.tasks["celery_collision.wrapper"](2, 3) == module.add(2, 3)


@pytest.mark.parametrize("fixed", ["celery_collision.py"], indirect=True)
def test_celery_collision_fixed(fixed: ModuleType) -> None:
    assert fixed.app.tasks["celery_collision.multiply"](2, 3) == 6
    assert fixed.app.tasks["celery_collision.add"](2, 3) == 5
    assert fixed.app.tasks["celery_collision.power"](2, 3) == 8


# -- click and Typer -----------------------------------------------------------------------


def test_click_collision_loses_a_command() -> None:
    from click.testing import CliRunner

    module = load(FRAMEWORKS / "click_collision.py")
    assert sorted(module.cli.commands) == ["status", "wave", "wrapper"]
    result = CliRunner().invoke(module.cli, ["hello"])
    assert result.exit_code == 2
    assert "No such command 'hello'" in result.output
    assert CliRunner().invoke(module.cli, ["wrapper"]).output == "goodbye\n"


def test_click_options_below_the_decorator_are_lost() -> None:
    module = load(FRAMEWORKS / "click_collision.py")
    assert module.greet.name == "wrapper"
    assert [parameter.name for parameter in module.greet.params] == []
    # Named, the command is kept and its option still lost (a hostile pass found it
    # left unreported).
    from click.testing import CliRunner

    result = CliRunner().invoke(module.cli, ["wave", "--times", "2"])
    assert (result.exit_code, "No such option '--times'" in result.output) == (2, True)


@pytest.mark.parametrize("fixed", ["click_collision.py"], indirect=True)
def test_click_collision_fixed(fixed: ModuleType) -> None:
    from click.testing import CliRunner

    assert sorted(fixed.cli.commands) == ["goodbye", "hello", "status", "wave"]
    assert CliRunner().invoke(fixed.cli, ["hello"]).output == "hello\n"
    assert CliRunner().invoke(fixed.cli, ["wave", "--times", "2"]).output == "wave wave \n"
    assert CliRunner().invoke(fixed.greet, ["--name", "Ada"]).output == "hello Ada\n"


def test_typer_collision_loses_a_command() -> None:
    from typer.testing import CliRunner

    module = load(FRAMEWORKS / "typer_collision.py")
    result = CliRunner().invoke(module.app, ["hello"])
    assert result.exit_code == 2
    assert "No such command 'hello'" in result.output
    # What is left is one command called 'wrapper', that asks for the wrapper's *args.
    result = CliRunner().invoke(module.app, ["wrapper"])
    assert result.exit_code == 2
    assert "Missing argument 'args'" in result.output


@pytest.mark.parametrize("fixed", ["typer_collision.py"], indirect=True)
def test_typer_collision_fixed(fixed: ModuleType) -> None:
    from typer.testing import CliRunner

    assert CliRunner().invoke(fixed.app, ["hello"]).output == "hello\n"
    assert CliRunner().invoke(fixed.app, ["goodbye"]).output == "goodbye\n"


# -- Dramatiq and Sanic --------------------------------------------------------------------


@pytest.fixture
def stub_broker() -> Iterator[None]:
    import dramatiq
    from dramatiq.brokers.stub import StubBroker

    dramatiq.set_broker(StubBroker())
    yield


@pytest.mark.usefixtures("stub_broker")
def test_dramatiq_collision_fails_at_import() -> None:
    with pytest.raises(ValueError, match="An actor named 'wrapper' is already registered"):
        load(FRAMEWORKS / "dramatiq_collision.py")


def test_dramatiq_actors_on_two_brokers_do_not_collide() -> None:
    """``broker=one`` and ``broker=other``: each broker keeps its own actors (a hostile
    pass found two brokers' actors reported as a collision)."""
    module = load(FRAMEWORKS / "dramatiq_brokers.py")
    assert (list(module.one.actors), list(module.other.actors)) == (["wrapper"], ["wrapper"])


@pytest.mark.usefixtures("stub_broker")
@pytest.mark.parametrize("fixed", ["dramatiq_collision.py"], indirect=True)
def test_dramatiq_collision_fixed(fixed: ModuleType) -> None:
    assert (fixed.send_welcome.actor_name, fixed.send_reminder.actor_name) == (
        "send_welcome",
        "send_reminder",
    )


@pytest.fixture
def sanic_test_mode() -> Iterator[None]:
    from sanic import Sanic

    Sanic.test_mode = True  # lets the fixed copy reuse the app's name in this process
    yield
    Sanic._app_registry.clear()


@pytest.mark.usefixtures("sanic_test_mode")
def test_sanic_collision_stops_the_server_at_start_up() -> None:
    from sanic.exceptions import ServerError

    module = load(FRAMEWORKS / "sanic_collision.py")
    with pytest.raises(ServerError, match="Duplicate route names detected"):
        module.app.test_client.get("/a")


@pytest.mark.usefixtures("sanic_test_mode")
@pytest.mark.parametrize("fixed", ["sanic_collision.py"], indirect=True)
def test_sanic_collision_fixed(fixed: ModuleType) -> None:
    _, response = fixed.app.test_client.get("/b")
    assert (response.status, response.text) == (200, "b")


# -- FastAPI and pytest --------------------------------------------------------------------


def test_fastapi_damaged_route_answers_422() -> None:
    from fastapi.testclient import TestClient

    module = load(FRAMEWORKS / "fastapi_damaged.py")
    response = TestClient(module.app).get("/items/3")
    assert response.status_code == 422
    missing = [error["loc"] for error in response.json()["detail"]]
    assert missing == [["query", "args"], ["query", "kwargs"]]
    dependency = TestClient(module.app).get("/items?limit=5")
    assert dependency.status_code == 422
    assert [error["loc"] for error in dependency.json()["detail"]] == missing


@pytest.mark.parametrize("fixed", ["fastapi_damaged.py"], indirect=True)
def test_fastapi_damaged_fixed(fixed: ModuleType) -> None:
    from fastapi.testclient import TestClient

    response = TestClient(fixed.app).get("/items/3")
    assert (response.status_code, response.json()) == (200, {"item_id": 3})
    response = TestClient(fixed.app).get("/items?limit=5")
    assert (response.status_code, response.json()) == (200, {"limit": 5})


def test_pytest_fixtures_are_not_injected(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_damaged=(FRAMEWORKS / "pytest_damaged.py").read_text())
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_number*missing 1 required positional argument*"])


def test_pytest_arguments_the_wrapper_gives_are_not_fixtures(pytester: pytest.Pytester) -> None:
    """The test that asks only for what the wrapper gives passes: no finding there; the
    one that also asks for a fixture fails, and the finding names that fixture alone."""
    example = FRAMEWORKS / "pytest_injected.py"
    result = run_flake8("--isolated", "--select", "WRP102", str(example))
    assert result.stdout == (
        f"{example}:27:2: WRP102 pytest sees the wrapper of @with_client (line 10) instead of"
        " 'test_client_and_number'\n"
    )
    pytester.makepyfile(test_injected=example.read_text())
    outcome = pytester.runpytest("-p", "no:randomly")
    outcome.assert_outcomes(passed=1, failed=1)
    outcome.stdout.fnmatch_lines(["*missing 1 required positional argument: 'number'*"])


def test_pytest_fixtures_fixed(pytester: pytest.Pytester, tmp_path: Path) -> None:
    fixed = fixed_copy(FRAMEWORKS / "pytest_damaged.py", tmp_path)
    result = run_flake8("--isolated", "--select", "WRP", str(fixed))
    assert (result.returncode, result.stdout) == (0, "")
    pytester.makepyfile(test_fixed=fixed.read_text())
    pytester.runpytest().assert_outcomes(passed=2)
