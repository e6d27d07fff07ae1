"""Two registrations in two modules on one registry: WRP101 in each file, naming the other.

The project is a package whose ``__init__`` makes the app and whose view modules import
it, each registering a view through ``timeit`` (no wraps) from ``shop/timing.py``. The
real flake8 reports the collision in both view modules; the real framework shows that it
is one (Flask refuses to start, Celery keeps one task, click one command).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_flake8
from test_lsp_server import published, start

TIMING = (
    "import logging\n"
    "\n"
    "\n"
    "def timeit(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        logging.getLogger(__name__).info('calling %s', func)\n"
    "        return func(*args, **kwargs)\n"
    "    return wrapper\n"
)
WRP001 = (
    "shop/timing.py:5:5: WRP001 decorator 'timeit' returns 'wrapper' without"
    " @functools.wraps(func): func's name and docstring are lost\n"
)


def shop(root: Path, init: str, modules: dict[str, str]) -> Path:
    """A project ``shop``: its ``__init__``, ``timing.py``, and ``views/NAME.py`` modules."""
    (root / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    (root / "shop" / "views").mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text(init)
    (root / "shop" / "timing.py").write_text(TIMING)
    (root / "shop" / "views" / "__init__.py").write_text("")
    for name, source in modules.items():
        (root / "shop" / "views" / f"{name}.py").write_text(source)
    return root


def view(name: str, registry: str = "app", origin: str = "shop") -> str:
    return (
        f"from {origin} import {registry}\n"
        "from shop.timing import timeit\n"
        "\n"
        "\n"
        f"@{registry}.route('/{name}')\n"
        "@timeit\n"
        f"def list_{name}():\n"
        f"    return '{name}'\n"
    )


FLASK_APP = (
    "from flask import Flask\n\napp = Flask(__name__)\n\n"
    "from shop.views import orders, users  # noqa: E402,F401\n"
)


def imported(root: Path, code: str) -> str:
    """What ``code`` prints, run with the project importable: the real framework."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)}, timeout=120,
    )
    if result.returncode != 0:
        return result.stderr.strip().rpartition("\n")[2]
    return result.stdout.strip()


def test_two_views_in_two_modules_on_one_app(tmp_path: Path) -> None:
    """The mission's crash, with the views where large apps keep them: one module each."""
    root = shop(tmp_path, FLASK_APP, {"users": view("users"), "orders": view("orders")})
    result = run_flake8("--isolated", "--select", "WRP", ".", cwd=root)
    assert (result.stdout, result.stderr) == (
        "./" + WRP001
        + "./shop/views/orders.py:5:2: WRP101 'list_orders' and 'list_users'"
        " (shop/views/users.py:5) both become endpoint 'wrapper' on 'app' through @timeit\n"
        "./shop/views/users.py:5:2: WRP101 'list_users' and 'list_orders'"
        " (shop/views/orders.py:5) both become endpoint 'wrapper' on 'app' through @timeit\n",
        "",
    )
    assert imported(root, "import shop") == (
        "AssertionError: View function mapping is overwriting an existing endpoint"
        " function: wrapper"
    )


#: (views and ``__init__``, what flake8 reports in ``shop/views``, the real framework's
#: verdict: what the code prints).
CASES = {
    "a blueprint of its own module, imported by another": (
        {
            "users": "from flask import Blueprint\nfrom shop.timing import timeit\n\n"
            "bp = Blueprint('shop', __name__)\n\n\n"
            "@bp.route('/users')\n@timeit\ndef list_users():\n    return 'users'\n",
            "orders": view("orders", "bp", "shop.views.users"),
        },
        "from flask import Flask\n\napp = Flask(__name__)\n\n"
        "from shop.views import orders, users  # noqa: E402\n"
        "app.register_blueprint(users.bp)\n",
        "shop/views/orders.py:5:2: WRP101 'list_orders' and 'list_users'"
        " (shop/views/users.py:7) both become endpoint 'wrapper' on 'bp' through @timeit\n"
        "shop/views/users.py:7:2: WRP101 'list_users' and 'list_orders'"
        " (shop/views/orders.py:5) both become endpoint 'wrapper' on 'bp' through @timeit\n",
        "import shop",
        "AssertionError: View function mapping is overwriting an existing endpoint"
        " function: shop.wrapper",
    ),
    "Celery shared tasks in two modules": (
        {
            name: "from celery import shared_task\nfrom shop.timing import timeit\n\n\n"
            f"@shared_task\n@timeit\ndef {name}():\n    return '{name}'\n"
            for name in ("users", "orders")
        },
        "",
        "shop/views/orders.py:5:2: WRP101 'orders' and 'users' (shop/views/users.py:5)"
        " both become task 'shop.timing.wrapper' on Celery's shared tasks through @timeit\n"
        "shop/views/users.py:5:2: WRP101 'users' and 'orders' (shop/views/orders.py:5)"
        " both become task 'shop.timing.wrapper' on Celery's shared tasks through @timeit\n",
        "from celery import Celery; app = Celery('shop'); import shop.views.users,"
        " shop.views.orders; app.finalize();"
        " print(sorted(n for n in app.tasks if n.startswith('shop')))",
        "['shop.timing.wrapper']",
    ),
    "click commands in two modules on one group": (
        {
            name: view(name, "cli").replace(f".route('/{name}')", ".command()")
            for name in ("users", "orders")
        },
        "import click\n\n\n@click.group()\ndef cli():\n    pass\n\n\n"
        "from shop.views import orders, users  # noqa: E402,F401\n",
        "shop/views/orders.py:5:2: WRP101 'list_orders' and 'list_users'"
        " (shop/views/users.py:5) both become command 'wrapper' on 'cli' through @timeit\n"
        "shop/views/users.py:5:2: WRP101 'list_users' and 'list_orders'"
        " (shop/views/orders.py:5) both become command 'wrapper' on 'cli' through @timeit\n",
        "import shop; print(sorted(shop.cli.commands))",
        "['wrapper']",
    ),
    "an app re-exported under another name": (
        {
            "ext": "from flask import Flask\n\napi = Flask(__name__)\n",
            "users": view("users"),
            "orders": view("orders"),
        },
        "from shop.views.ext import api as app  # noqa: F401\n\n"
        "from shop.views import orders, users  # noqa: E402,F401\n",
        "shop/views/orders.py:5:2: WRP101 'list_orders' and 'list_users'"
        " (shop/views/users.py:5) both become endpoint 'wrapper' on 'app' through @timeit\n"
        "shop/views/users.py:5:2: WRP101 'list_users' and 'list_orders'"
        " (shop/views/orders.py:5) both become endpoint 'wrapper' on 'app' through @timeit\n",
        "import shop",
        "AssertionError: View function mapping is overwriting an existing endpoint"
        " function: wrapper",
    ),
    "an app named through its module (import shop; @shop.app.route)": (
        {
            "users": view("users"),
            "orders": "import shop\nfrom shop.timing import timeit\n\n\n"
            "@shop.app.route('/orders')\n@timeit\ndef list_orders():\n    return 'orders'\n",
        },
        FLASK_APP,
        "shop/views/orders.py:5:2: WRP101 'list_orders' and 'list_users'"
        " (shop/views/users.py:5) both become endpoint 'wrapper' on 'shop.app' through"
        " @timeit\n"
        "shop/views/users.py:5:2: WRP101 'list_users' and 'list_orders'"
        " (shop/views/orders.py:5) both become endpoint 'wrapper' on 'app' through @timeit\n",
        "import shop",
        "AssertionError: View function mapping is overwriting an existing endpoint"
        " function: wrapper",
    ),
    "an undamaged view named 'wrapper' in another module": (
        {
            "users": view("users"),
            "orders": "from shop import app\n\n\n"
            "@app.route('/orders')\ndef wrapper():\n    return 'orders'\n",
        },
        FLASK_APP,
        "shop/views/users.py:5:2: WRP101 'list_users' and 'wrapper'"
        " (shop/views/orders.py:4) both become endpoint 'wrapper' on 'app' through @timeit\n",
        "import shop",
        "AssertionError: View function mapping is overwriting an existing endpoint"
        " function: wrapper",
    ),
    "a view added by a call on the imported app": (
        {
            "users": view("users"),
            "orders": "from shop import app\nfrom shop.timing import timeit\n\n\n"
            "def list_orders():\n    return 'orders'\n\n\n"
            "app.add_url_rule('/orders', view_func=timeit(list_orders))\n",
        },
        FLASK_APP,
        "shop/views/orders.py:9:1: WRP101 'list_orders' and 'list_users'"
        " (shop/views/users.py:5) both become endpoint 'wrapper' on 'app' through @timeit\n"
        "shop/views/users.py:5:2: WRP101 'list_users' and 'list_orders'"
        " (shop/views/orders.py:9) both become endpoint 'wrapper' on 'app' through @timeit\n",
        "import shop",
        "AssertionError: View function mapping is overwriting an existing endpoint"
        " function: wrapper",
    ),
    "a shared task and an app's task in two modules": (
        {
            "users": "from celery import shared_task\nfrom shop.timing import timeit\n\n\n"
            "@shared_task\n@timeit\ndef users():\n    return 'users'\n",
            "orders": view("orders").replace(".route('/orders')", ".task"),
        },
        "from celery import Celery\n\napp = Celery('shop')\n",
        "shop/views/orders.py:5:2: WRP101 'list_orders' and 'users' (shop/views/users.py:5)"
        " both become task 'shop.timing.wrapper' on 'app' through @timeit\n"
        "shop/views/users.py:5:2: WRP101 'users' and 'list_orders' (shop/views/orders.py:5)"
        " both become task 'shop.timing.wrapper' on Celery's shared tasks through @timeit\n",
        "import shop, shop.views.users, shop.views.orders; shop.app.finalize();"
        " print(sorted(n for n in shop.app.tasks if n.startswith('shop')),"
        " shop.views.users.users.name == shop.views.orders.list_orders.name)",
        # Two tasks under one name: one body runs the messages of both (which one varies
        # from run to run, as Celery finalizes the shared tasks)
        "['shop.timing.wrapper'] True",
    ),
    "Dramatiq actors in two modules": (
        {
            name: "import dramatiq\nfrom shop.timing import timeit\n\n\n"
            f"@dramatiq.actor\n@timeit\ndef {name}():\n    return '{name}'\n"
            for name in ("users", "orders")
        },
        "",
        "shop/views/orders.py:5:2: WRP101 'orders' and 'users' (shop/views/users.py:5)"
        " both become actor 'wrapper' on the Dramatiq broker through @timeit\n"
        "shop/views/users.py:5:2: WRP101 'users' and 'orders' (shop/views/orders.py:5)"
        " both become actor 'wrapper' on the Dramatiq broker through @timeit\n",
        "import dramatiq; from dramatiq.brokers.stub import StubBroker;"
        " dramatiq.set_broker(StubBroker()); import shop.views.users, shop.views.orders",
        "ValueError: An actor named 'wrapper' is already registered.",
    ),
    "Starlette routes of two modules, each its own list": (
        {
            name: "from starlette.responses import PlainTextResponse\n"
            "from starlette.routing import Route\nfrom shop.timing import timeit\n\n\n"
            f"@timeit\ndef {name}(request):\n    return PlainTextResponse('{name}')\n\n\n"
            f"routes = [Route('/{name}', {name})]\n"
            for name in ("users", "orders")
        },
        "",
        "shop/views/orders.py:11:11: WRP102 Starlette sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'orders'\n"
        "shop/views/users.py:11:11: WRP102 Starlette sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'users'\n",
        "from starlette.applications import Starlette; import shop.views.users as u;"
        " import shop.views.orders as o; a = Starlette(routes=u.routes);"
        " b = Starlette(routes=o.routes); print(a.url_path_for('wrapper'),"
        " b.url_path_for('wrapper'))",
        "/users /orders",
    ),
    "Airflow tasks of two DAG files (Airflow is not installed here: no verdict)": (
        {
            name: "from airflow.sdk import task\nfrom shop.timing import timeit\n\n\n"
            f"@task\n@timeit\ndef {name}():\n    return '{name}'\n"
            for name in ("users", "orders")
        },
        "",
        "shop/views/orders.py:5:2: WRP102 Airflow sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'orders'\n"
        "shop/views/users.py:5:2: WRP102 Airflow sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'users'\n",
        "",
        "",
    ),
    "each module on an app of its own": (
        {
            name: f"from flask import Flask\nfrom shop.timing import timeit\n\n"
            "app = Flask(__name__)\n\n\n"
            f"@app.route('/{name}')\n@timeit\ndef list_{name}():\n    return '{name}'\n"
            for name in ("users", "orders")
        },
        "from shop.views import orders, users  # noqa: F401\n",
        "shop/views/orders.py:7:2: WRP102 Flask sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'list_orders'\n"
        "shop/views/users.py:7:2: WRP102 Flask sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'list_users'\n",
        "import shop; print('started')",
        "started",
    ),
    "a view routed first thing in a function": (
        {
            "users": view("users"),
            "orders": "from shop import app  # noqa: F401\nfrom shop.timing import timeit\n\n\n"
            "def add_routes(app):\n"
            "    @app.route('/orders')\n    @timeit\n    def list_orders():\n"
            "        return 'orders'\n\n    return list_orders\n",
        },
        "from flask import Flask\n\napp = Flask(__name__)\n\n"
        "from shop.views import orders, users  # noqa: E402,F401\n",
        "shop/views/orders.py:6:6: WRP102 Flask sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'list_orders'\n"
        "shop/views/users.py:5:2: WRP102 Flask sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'list_users'\n",
        "import shop; print('started')",
        "started",
    ),
    "one view routed inside a function, given the app": (
        {
            "users": view("users"),
            "orders": "from shop.timing import timeit\n\n\ndef add_routes(app):\n"
            "    @app.route('/orders')\n    @timeit\n    def list_orders():\n"
            "        return 'orders'\n",
        },
        "from flask import Flask\n\napp = Flask(__name__)\n\n"
        "from shop.views import orders, users  # noqa: E402,F401\n",
        "shop/views/users.py:5:2: WRP102 Flask sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'list_users'\n",
        "import shop; print('started')",
        "started",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_registries_that_modules_share(case: str, tmp_path: Path) -> None:
    """Only a registry that both modules reach collides; a function given the app is not
    followed (where it is called decides), and it says nothing false."""
    modules, init, expected, code, verdict = CASES[case]
    root = shop(tmp_path, init, modules)
    result = run_flake8("--isolated", "--select", "WRP1", "shop/views", cwd=root)
    assert (result.stdout, result.stderr) == (expected, "")
    if code:
        assert imported(root, code) == verdict


def test_the_partner_is_asked_again_on_a_cached_run(tmp_path: Path) -> None:
    """``check`` keeps each file's result while what it asked other files holds: taking
    the decorator off one view turns the other's WRP101 into WRP102 on the next run."""
    root = shop(tmp_path, FLASK_APP, {"users": view("users"), "orders": view("orders")})
    script = Path(sys.executable).with_name("flake8-wraps")
    cache = tmp_path / "cache"
    command = [str(script), "check", "--cache-dir", str(cache), "-v", "--select", "WRP1", "shop"]

    def run() -> tuple[str, str]:
        result = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=120)
        return result.stdout, result.stderr.rpartition("flake8-wraps: ")[2]

    cold, warm = run(), run()
    assert cold[0].count("WRP101") == 2
    assert warm == (cold[0], "5 files, 0 checked, 5 from the cache (cache: cache)\n")
    orders = root / "shop" / "views" / "orders.py"
    orders.write_text(orders.read_text().replace("@timeit\n", ""))
    assert run() == (
        "shop/views/users.py:5:2: WRP102 Flask sees the wrapper of @timeit"
        " (shop/timing.py:4) instead of 'list_users'\nFound 1 error\n",
        "5 files, 2 checked, 3 from the cache (cache: cache)\n",
    )


def test_the_editor_shows_the_partner_and_follows_its_save(tmp_path: Path) -> None:
    """The language server reports the collision in the open view module, and analyses it
    again when the other view module is saved without the decorator."""
    root = shop(tmp_path, FLASK_APP, {"users": view("users"), "orders": view("orders")})
    users, orders = root / "shop" / "views" / "users.py", root / "shop" / "views" / "orders.py"
    client = start(root)
    try:
        client.open(users, users.read_text())
        assert [(d["code"], d["message"]) for d in published(client, users, 1)] == [(
            "WRP101",
            "'list_users' and 'list_orders' (shop/views/orders.py:5) both become endpoint"
            " 'wrapper' on 'app' through @timeit",
        )]
        orders.write_text(orders.read_text().replace("@timeit\n", ""))
        client.notify("textDocument/didSave", {"textDocument": {"uri": orders.as_uri()}})
        assert [d["code"] for d in published(client, users, 1)] == ["WRP102"]
    finally:
        client.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_among_the_modules_is_not_read(tmp_path: Path) -> None:
    """The modules are read to find partners: a FIFO named like a module would block a
    plain open() for ever."""
    root = shop(tmp_path, FLASK_APP, {"users": view("users"), "orders": view("orders")})
    os.mkfifo(root / "shop" / "pipe.py")
    result = run_flake8("--isolated", "--select", "WRP1", "shop/views", cwd=root)
    assert (result.stdout.count(" WRP101 "), result.stderr) == (2, "")
