"""Process pools, pickle, singledispatch, Starlette, Huey, RQ and Litestar, for real.

Each example is broken as flake8-wraps says, and its fixed copy (``@functools.wraps(func)``
on the wrapper) gets no finding and works.
"""

from __future__ import annotations

import os
import pickle
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import test_frameworks
from test_frameworks import FRAMEWORKS, load

pytestmark = pytest.mark.frameworks
#: The shared fixtures: the fixed copy, and forgetting the examples loaded.
fixed = test_frameworks.fixed
forget_loaded_examples = test_frameworks.forget_loaded_examples
_LOCAL_OBJECT = "Can't pickle local object 'logged.<locals>.wrapper'"


# -- process pools and pickle --------------------------------------------------------------


@pytest.fixture
def importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Spawned workers import the example by name, from the parent's ``sys.path``.

    (``fork`` would not need it, but forking a process that runs threads, as this test
    session does, can deadlock the child on a lock it inherited.)
    """
    monkeypatch.syspath_prepend(str(FRAMEWORKS))
    yield


@pytest.mark.usefixtures("importable")
def test_process_pool_cannot_send_the_wrapper() -> None:
    module = load(FRAMEWORKS / "process_pool_damaged.py")
    with pytest.raises(AttributeError, match=_LOCAL_OBJECT):
        module.square_all([1, 2, 3])
    with pytest.raises(AttributeError, match=_LOCAL_OBJECT):
        module.square_in_pool(4)
    with pytest.raises(AttributeError, match=_LOCAL_OBJECT):
        module.saved()
    assert pickle.loads(module.saved_undecorated()) is module.undecorated


@pytest.mark.parametrize("fixed", ["process_pool_damaged.py"], indirect=True)
def test_process_pool_fixed(fixed: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(fixed.__file__).parent))
    assert fixed.square_all([1, 2, 3]) == [1, 4, 9]
    assert fixed.square_in_pool(4) == 16
    assert pickle.loads(fixed.saved()) is fixed.square


# -- functools.singledispatch --------------------------------------------------------------


def test_singledispatch_register_fails_at_import() -> None:
    with pytest.raises(TypeError, match=r"Invalid first argument to `register\(\)`"):
        load(FRAMEWORKS / "singledispatch_damaged.py")


@pytest.mark.parametrize("fixed", ["singledispatch_damaged.py"], indirect=True)
def test_singledispatch_fixed(fixed: ModuleType) -> None:
    assert [fixed.describe(v) for v in (1, 2.5, "x")] == ["an int", "a float", "something"]


# -- Starlette -----------------------------------------------------------------------------


def test_starlette_url_path_for_cannot_find_the_route() -> None:
    from starlette.routing import NoMatchFound

    module = load(FRAMEWORKS / "starlette_collision.py")
    with pytest.raises(NoMatchFound):
        module.app.url_path_for("about")
    assert module.app.url_path_for("wrapper") == "/"  # the first route of that name


@pytest.mark.parametrize("fixed", ["starlette_collision.py"], indirect=True)
def test_starlette_fixed(fixed: ModuleType) -> None:
    from starlette.testclient import TestClient

    assert fixed.app.url_path_for("about") == "/about"
    assert TestClient(fixed.app).get(fixed.app.url_path_for("homepage")).text == "home"


# -- Huey ----------------------------------------------------------------------------------


def test_huey_collision_fails_at_import() -> None:
    with pytest.raises(ValueError, match='existing task.*"huey_collision.wrapper"'):
        load(FRAMEWORKS / "huey_collision.py")


@pytest.mark.parametrize("fixed", ["huey_collision.py"], indirect=True)
def test_huey_fixed(fixed: ModuleType) -> None:
    assert (fixed.add(2, 3).get(), fixed.multiply(2, 3).get(), fixed.subtract(2, 3).get()) == (
        5,
        6,
        -1,
    )


# -- RQ, with a real redis-server -----------------------------------------------------------


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A redis-server of its own on 127.0.0.1, with nothing saved to disk."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/run installs it")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port: int) -> None:
    from redis import Redis
    from redis.exceptions import ConnectionError

    for _ in range(200):
        try:
            if Redis(port=port).ping():
                return
        except ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def _run_job(module: ModuleType, port: int) -> object:
    from redis import Redis
    from rq import Queue, SimpleWorker

    connection = Redis(port=port)
    connection.flushall()
    job = module.enqueue_add(port)
    SimpleWorker([Queue("default", connection=connection)], connection=connection).work(
        burst=True
    )
    job.refresh()
    return job


def test_rq_worker_fails_the_job(redis_port: int) -> None:
    module = load(FRAMEWORKS / "rq_damaged.py")
    job = _run_job(module, redis_port)
    assert job.get_status() == "failed"  # type: ignore[attr-defined]
    result = job.latest_result()  # type: ignore[attr-defined]
    assert "ValueError: Invalid attribute name: wrapper" in result.exc_string


@pytest.mark.parametrize("fixed", ["rq_damaged.py"], indirect=True)
def test_rq_fixed(fixed: ModuleType, redis_port: int) -> None:
    job = _run_job(fixed, redis_port)
    assert (job.get_status(), job.return_value()) == ("finished", 5)  # type: ignore[attr-defined]


# -- Litestar ------------------------------------------------------------------------------


def test_litestar_schema_answers_500() -> None:
    from litestar.testing import TestClient

    module = load(FRAMEWORKS / "litestar_collision.py")
    module.app.debug = True
    with TestClient(module.app) as client:
        response = client.get("/schema/openapi.json")
    assert response.status_code == 500
    assert "operation_ids must be unique" in response.text


@pytest.mark.parametrize("fixed", ["litestar_collision.py"], indirect=True)
def test_litestar_fixed(fixed: ModuleType) -> None:
    from litestar.testing import TestClient

    with TestClient(fixed.app) as client:
        schema = client.get("/schema/openapi.json").json()
        assert client.get("/items").json() == []
    assert schema["paths"]["/items"]["get"]["operationId"] == "ItemsListItems"
