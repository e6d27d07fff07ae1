"""Every new registry, and WRP103, with the decorator in another module of the project.

Each example is copied into a project tree with its decorator moved to ``decorators.py``
(the lines keep their numbers: the definition is replaced by the import and blank lines),
and the real flake8 finds the same WRP1xx findings, naming the other file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, expected_markers, run_flake8

MOVED = [
    "airflow_collision.py",
    "dagster_collision.py",
    "django_admin_actions.py",
    "drf_actions.py",
    "huey_collision.py",
    "litestar_collision.py",
    "prefect_collision.py",
    "process_pool_damaged.py",
    "rq_damaged.py",
    "singledispatch_damaged.py",
    "starlette_collision.py",
    "wrp103_fastapi.py",
    "wrp103_pytest_asyncio.py",
]
_DECORATOR = re.compile(r"^def (\w+)\(func\):\n(?:(?:    .*)?\n)*?    return wrapper\n", re.M)


def moved_out(source: str) -> tuple[str, str]:
    """The example with its decorator replaced by an import, and the decorator's module."""
    match = _DECORATOR.search(source)
    assert match is not None
    definition = match.group(0)
    lines = definition.count("\n")
    replacement = f"from decorators import {match.group(1)}\n" + "\n" * (lines - 1)
    imports = "import functools\nimport time\nfrom typing import Any\n\n\n"
    return source.replace(definition, replacement), imports + definition


@pytest.mark.parametrize("name", MOVED)
def test_decorator_in_another_module(name: str, tmp_path: Path) -> None:
    source, decorators = moved_out((EXAMPLES / "frameworks" / name).read_text())
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "decorators.py").write_text(decorators)
    (tmp_path / name).write_text(source)
    result = run_flake8("--isolated", "--select", "WRP1", name, cwd=tmp_path)
    assert result.stderr == ""
    found = set()
    for line in result.stdout.splitlines():
        _, row, column, text = line.split(":", 3)
        found.add((int(row), int(column), text.split()[0]))
        assert "decorators.py:6" in text
    expected = {marker for marker in expected_markers(EXAMPLES / "frameworks" / name)
                if marker[2] != "WRP001"}
    assert found == expected


def project_with_timeit(root: Path, more: str = "") -> None:
    """A project whose ``decorators.py`` holds ``timeit``, a wrapper without wraps."""
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (root / "decorators.py").write_text(
        "def timeit(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    return wrapper\n" + more
    )


def test_a_decorator_applied_through_an_alias(tmp_path: Path) -> None:
    """``alias = timeit`` in the decorator's module, ``@alias`` on two Flask views in
    another: Flask refuses to start (endpoint 'wrapper' twice), and the collision was
    missed (a hostile pass). The alias carries the decorator's damage, here and across
    files, imported under its own name or another."""
    project_with_timeit(tmp_path, "\n\nalias = timeit\n")
    views = (
        "from flask import Flask\n"
        "from decorators import alias as timed\n"
        "\n"
        "app = Flask(__name__)\n"
        "\n"
        "\n"
        "@app.route('/j')\n"
        "@timed\n"
        "def j():\n"
        "    return 'j'\n"
        "\n"
        "\n"
        "@app.route('/k')\n"
        "@timed\n"
        "def k():\n"
        "    return 'k'\n"
    )
    (tmp_path / "views.py").write_text(views)
    result = run_flake8("--isolated", "--select", "WRP1", "views.py", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "views.py:13:2: WRP101 'k' and 'j' both become endpoint 'wrapper' on 'app' through"
        " @timed (decorators.py:1)\n",
        "",
    )


def test_a_decorator_name_the_module_defines_again_is_not_taken_for_the_import(
    tmp_path: Path,
) -> None:
    """``from decorators import timeit``, then a ``def timeit`` of the module's own that
    copies the metadata: the routes below the def use the module's, and Flask starts.
    They were paired as a collision through the imported one (a hostile pass); which
    binding a use sees depends on the order, so neither is taken."""
    project_with_timeit(tmp_path)
    (tmp_path / "views.py").write_text(
        "import functools\n"
        "from flask import Flask\n"
        "from decorators import timeit\n"
        "\n"
        "app = Flask(__name__)\n"
        "\n"
        "\n"
        "def timeit(func):\n"
        "    @functools.wraps(func)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    return wrapper\n"
        "\n"
        "\n"
        "@app.route('/b')\n"
        "@timeit\n"
        "def b():\n"
        "    return 'b'\n"
        "\n"
        "\n"
        "@app.route('/c')\n"
        "@timeit\n"
        "def c():\n"
        "    return 'c'\n"
    )
    result = run_flake8("--isolated", "--select", "WRP1", "views.py", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_plain_wrapper_applied_through_an_alias_to_a_coroutine_function(
    tmp_path: Path,
) -> None:
    """``timed_alias = timed``, ``@timed_alias`` on an ``async def``: the wrapper times
    the creation of the coroutine, not its run, as ``@timed`` does (a hostile pass found
    the alias missed)."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "timing.py").write_text(
        "import functools\n"
        "import time\n"
        "\n"
        "\n"
        "def timed(func):\n"
        "    @functools.wraps(func)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        start = time.perf_counter()\n"
        "        try:\n"
        "            return func(*args, **kwargs)\n"
        "        finally:\n"
        "            print(time.perf_counter() - start)\n"
        "    return wrapper\n"
        "\n"
        "\n"
        "timed_alias = timed\n"
    )
    (tmp_path / "jobs.py").write_text(
        "from timing import timed_alias\n"
        "\n"
        "\n"
        "@timed_alias\n"
        "async def job():\n"
        "    return 1\n"
    )
    result = run_flake8("--isolated", "--select", "WRP103", "jobs.py", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "jobs.py:4:2: WRP103 @timed_alias (timing.py:5): plain def 'wrapper' calls coroutine"
        " function 'job' without await\n",
        "",
    )


#: A second hostile pass, each case checked with the real framework: (views.py, what
#: flake8 reports there). ``decorators.py`` holds ``timeit`` (no wraps) at line 1.
BINDINGS = {
    "one view registered twice by calls is no collision": (
        "from flask import Flask\nfrom decorators import timeit\n\n"
        "def e():\n    return 'e'\n\n"
        "app = Flask(__name__)\nwe = timeit(e)\n"
        "app.add_url_rule('/e', view_func=we)\napp.add_url_rule('/e2', view_func=we)\n",
        "views.py:9:1: WRP102 Flask sees the wrapper of @timeit (decorators.py:1) instead of 'e'\n"
        "views.py:10:1: WRP102 Flask sees the wrapper of @timeit (decorators.py:1) instead of"
        " 'e'\n",
    ),
    "routes added by functions given the app collide": (
        "from flask import Flask\nfrom decorators import timeit\n\n"
        "def users_routes(app):\n    @app.route('/u')\n    @timeit\n"
        "    def users():\n        return 'u'\n\n"
        "def items_routes(app):\n    @app.route('/i')\n    @timeit\n"
        "    def items():\n        return 'i'\n\n"
        "app = Flask(__name__)\nusers_routes(app)\nitems_routes(app)\n",
        "views.py:11:6: WRP101 'items' and 'users' both become endpoint 'wrapper' on 'app'"
        " through @timeit (decorators.py:1)\n",
    ),
    "two Celery apps keep their tasks apart": (
        "from celery import Celery\nfrom decorators import timeit\n\n"
        "one = Celery('one')\ntwo = Celery('two')\n\n"
        "@one.task\n@timeit\ndef add():\n    return 1\n\n"
        "@two.task\n@timeit\ndef sub():\n    return 2\n",
        "views.py:7:2: WRP102 Celery sees the wrapper of @timeit (decorators.py:1) instead of"
        " 'add'\n"
        "views.py:12:2: WRP102 Celery sees the wrapper of @timeit (decorators.py:1) instead of"
        " 'sub'\n",
    ),
    "a def of the same name after the routes leaves the import in force": (
        "from flask import Flask\nfrom decorators import timeit\n\n"
        "app = Flask(__name__)\n\n"
        "@app.route('/a')\n@timeit\ndef a():\n    return 'a'\n\n"
        "@app.route('/b')\n@timeit\ndef b():\n    return 'b'\n\n"
        "def timeit(func):\n    return func\n",
        "views.py:11:2: WRP101 'b' and 'a' both become endpoint 'wrapper' on 'app' through"
        " @timeit (decorators.py:1)\n",
    ),
    "an alias of the imported decorator": (
        "from flask import Flask\nfrom decorators import timeit\n\n"
        "trace = timeit\napp = Flask(__name__)\n\n"
        "@app.route('/a')\n@trace\ndef a():\n    return 'a'\n\n"
        "@app.route('/b')\n@trace\ndef b():\n    return 'b'\n",
        "views.py:12:2: WRP101 'b' and 'a' both become endpoint 'wrapper' on 'app' through"
        " @trace (decorators.py:1)\n",
    ),
}


@pytest.mark.parametrize("case", BINDINGS)
def test_what_a_name_holds_where_it_registers(case: str, tmp_path: Path) -> None:
    views, expected = BINDINGS[case]
    project_with_timeit(tmp_path)
    (tmp_path / "views.py").write_text(views)
    result = run_flake8("--isolated", "--select", "WRP1", "views.py", cwd=tmp_path)
    assert (result.stdout, result.stderr) == (expected, "")


def test_what_a_wrapper_copies_by_hand_is_not_lost_to_the_framework(tmp_path: Path) -> None:
    """``wrapper.__signature__ = inspect.signature(func)``: FastAPI reads the function's
    parameters (200, not 422); ``wrapper.__dict__.update(func.__dict__)``: click finds
    the options (a second hostile pass found both reported)."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "views.py").write_text(
        "import inspect\n\nimport click\nfrom fastapi import Depends, FastAPI\n\n\n"
        "def signed(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    wrapper.__signature__ = inspect.signature(func)\n"
        "    return wrapper\n\n\n"
        "def keepall(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    wrapper.__name__ = func.__name__\n"
        "    wrapper.__dict__.update(func.__dict__)\n"
        "    return wrapper\n\n\n"
        "api = FastAPI()\n\n\n"
        "@signed\ndef limit(limit: int = 10):\n    return limit\n\n\n"
        "@api.get('/items')\ndef items(n: int = Depends(limit)):\n    return n\n\n\n"
        "@click.group()\ndef cli():\n    pass\n\n\n"
        "@cli.command()\n@keepall\n@click.option('--x', default=1)\ndef six(x):\n    pass\n"
    )
    result = run_flake8("--isolated", "--select", "WRP1", "views.py", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_an_alias_another_module_makes_of_an_imported_decorator(tmp_path: Path) -> None:
    """``measure = timeit`` in ``deco2.py``, ``timeit`` imported there: the views' routes
    collide as through ``timeit`` (stop 48's hostile pass found it missed; Flask refuses
    to start)."""
    project_with_timeit(tmp_path)
    (tmp_path / "deco2.py").write_text("from decorators import timeit\n\nmeasure = timeit\n")
    (tmp_path / "views.py").write_text(
        "from flask import Flask\nfrom deco2 import measure\n\napp = Flask(__name__)\n\n"
        "@app.route('/a')\n@measure\ndef a():\n    return 'a'\n\n"
        "@app.route('/b')\n@measure\ndef b():\n    return 'b'\n"
    )
    result = run_flake8("--isolated", "--select", "WRP1", "views.py", cwd=tmp_path)
    assert (result.stdout, result.stderr) == (
        "views.py:11:2: WRP101 'b' and 'a' both become endpoint 'wrapper' on 'app' through"
        " @measure (decorators.py:1)\n",
        "",
    )
