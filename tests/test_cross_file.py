"""Decorators and registries found in other files of the same project, never imported.

Each test builds a small project tree in ``tmp_path`` and runs the real flake8 from its
root, as a user would.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import make_project, run_flake8

DECORATORS = """\
def timeit(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def retry(times):
    def decorator(func):
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)
        return wrapper
    return decorator


def tagged(func):
    func.tagged = True
    return func
"""


def registration_lines(root: Path, *paths: str) -> list[str]:
    """flake8's WRP1xx lines, shortened to 'path:line:col: CODE' plus the message."""
    result = run_flake8("--isolated", "--select", "WRP1", *paths, cwd=root)
    assert result.stderr == ""
    return result.stdout.splitlines()


def views(import_line: str, decorator: str = "timeit") -> str:
    return f"""\
        from flask import Flask
        {import_line}

        app = Flask(__name__)


        @app.route("/a")
        @{decorator}
        def first():
            return "a"


        @app.route("/b")
        @{decorator}
        def second():
            return "b"
        """


def test_absolute_import_from_the_files_directory(tmp_path: Path) -> None:
    """The story: ``app/`` is the working directory of ``flask run``."""
    root = make_project(
        tmp_path,
        {
            "app/utils/__init__.py": "",
            "app/utils/decorators.py": DECORATORS,
            "app/app.py": views("from utils.decorators import timeit"),
        },
    )
    assert registration_lines(root, "app/app.py") == [
        "app/app.py:13:2: WRP101 'second' and 'first' both become endpoint 'wrapper' on"
        " 'app' through @timeit (app/utils/decorators.py:1)"
    ]


def test_relative_import_in_a_package(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/decorators.py": DECORATORS,
            "shop/views.py": views("from .decorators import retry", "retry(3)"),
        },
    )
    assert [line.split(" ", 2)[:2] for line in registration_lines(root, "shop")] == [
        ["shop/views.py:13:2:", "WRP101"]
    ]
    assert "through @retry(...) (shop/decorators.py:7)" in registration_lines(root, "shop")[0]


def test_a_package_is_imported_before_a_module_of_the_same_name(tmp_path: Path) -> None:
    """``shop/decorators/__init__.py`` and ``shop/decorators.py`` side by side: Python
    imports the package, so the decorator that counts is the package's."""
    copying = (
        "import functools\n\n\ndef retry(times):\n    def decorator(func):\n"
        "        @functools.wraps(func)\n        def wrapper(*args, **kwargs):\n"
        "            return func(*args, **kwargs)\n        return wrapper\n    return decorator\n"
    )
    files = {
        "shop/__init__.py": "",
        "shop/views.py": views("from .decorators import retry", "retry(3)"),
    }
    files.update({"shop/decorators.py": DECORATORS, "shop/decorators/__init__.py": copying})
    root = make_project(tmp_path, files)
    assert registration_lines(root, "shop/views.py") == []
    (root / "shop/decorators.py").write_text(copying)
    (root / "shop/decorators/__init__.py").write_text(DECORATORS)
    assert [line.split(" ", 2)[:2] for line in registration_lines(root, "shop/views.py")] == [
        ["shop/views.py:13:2:", "WRP101"]
    ]


def test_an_absolute_import_in_a_package_is_not_its_siblings(tmp_path: Path) -> None:
    """``from decorators import timeit`` in ``shop/views.py`` imports the top-level
    ``decorators``, not ``shop/decorators.py``: a package's directory is on ``sys.path``
    only where a script in it runs. Previously the sibling was judged (a false WRP101)."""
    copying = (
        "import functools\n\n\ndef timeit(func):\n    @functools.wraps(func)\n"
        "    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n"
        "    return wrapper\n"
    )
    files = {
        "decorators.py": copying,
        "shop/__init__.py": "",
        "shop/decorators.py": DECORATORS,
        "shop/views.py": views("from decorators import timeit"),
    }
    root = make_project(tmp_path, files)
    assert registration_lines(root, "shop/views.py") == []
    # Without a top-level module of that name, the sibling is what a script would import.
    (root / "decorators.py").unlink()
    assert [line.split(" ", 2)[:2] for line in registration_lines(root, "shop/views.py")] == [
        ["shop/views.py:13:2:", "WRP101"]
    ]


def test_module_imported_as_a_whole(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/decorators.py": DECORATORS,
            "shop/views.py": views("from shop import decorators", "decorators.timeit"),
        },
    )
    assert len(registration_lines(root, "shop/views.py")) == 1


def test_src_layout(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/decorators.py": DECORATORS,
            "web/views.py": views("from shop.decorators import timeit"),
        },
    )
    assert "(src/shop/decorators.py:1)" in registration_lines(root, "web/views.py")[0]


def test_re_export_through_a_package_init(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "shop/__init__.py": "from .helpers import timeit\n",
            "shop/helpers/__init__.py": "from .decorators import timeit\n",
            "shop/helpers/decorators.py": DECORATORS,
            "web/views.py": views("from shop import timeit"),
        },
    )
    assert "(shop/helpers/decorators.py:1)" in registration_lines(root, "web/views.py")[0]


def test_registry_imported_from_a_project_module(tmp_path: Path) -> None:
    """``from extensions import app``: the routes file itself never imports Flask."""
    root = make_project(
        tmp_path,
        {
            "site/extensions.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "site/decorators.py": DECORATORS,
            "site/routes.py": """\
                from decorators import timeit
                from extensions import app


                @app.route("/")
                @timeit
                def index():
                    return "index"
                """,
        },
    )
    assert registration_lines(root, "site/routes.py") == [
        "site/routes.py:5:2: WRP102 Flask sees the wrapper of @timeit (site/decorators.py:1)"
        " instead of 'index'"
    ]


def test_names_that_cannot_be_found_give_no_finding(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "app/broken.py": "def timeit(:\n",
            "app/views.py": views("from missing.module import timeit")
            + "\nfrom broken import timeit as also_unknown\nfrom decorators import tagged\n",
            "app/decorators.py": DECORATORS,
        },
    )
    result = run_flake8("--isolated", "--select", "WRP", "app/views.py", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_decorator_that_copies_metadata_is_not_damaging(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "app/decorators.py": "from functools import wraps\n\n"
            + DECORATORS.replace("    def wrapper", "    @wraps(func)\n    def wrapper").replace(
                "        def wrapper", "        @wraps(func)\n        def wrapper"
            ),
            "app/views.py": views("from decorators import timeit"),
        },
    )
    result = run_flake8("--isolated", "--select", "WRP", "app", cwd=root)
    assert (result.returncode, result.stdout) == (0, "")


def test_third_party_decorators_are_not_resolved(tmp_path: Path) -> None:
    """``timeit`` from an installed package is not the project's: nothing is read."""
    root = make_project(tmp_path, {"app/views.py": views("from flask import timeit")})
    result = run_flake8("--isolated", "--select", "WRP", "app/views.py", cwd=root)
    assert (result.returncode, result.stdout) == (0, "")


def test_a_module_name_the_system_refuses_gives_no_finding(tmp_path: Path) -> None:
    """Previously an OSError (file name too long) that stopped flake8."""
    long_name = "m" * 300
    root = make_project(tmp_path, {"app/views.py": views(f"from {long_name} import timeit")})
    result = run_flake8("--isolated", "--select", "WRP", "app/views.py", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_file_resolves_as_path_resolve_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``lookup.resolved`` shares each directory's resolution between its files: the answer
    is still ``Path.resolve()``'s, through a linked directory, a linked file, ``..`` after a
    link, a relative path and a name too long to look up."""
    from flake8_wraps.project.lookup import clear_lookups, resolved

    real = tmp_path / "real" / "pkg"
    real.mkdir(parents=True)
    (real / "views.py").write_text("")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "target.py").write_text("")
    (tmp_path / "linked").symlink_to(real.parent, target_is_directory=True)
    (real / "link.py").symlink_to(elsewhere / "target.py")
    monkeypatch.chdir(tmp_path)
    clear_lookups()
    paths = [
        tmp_path / "linked" / "pkg" / "views.py",
        tmp_path / "linked" / "pkg" / "link.py",
        tmp_path / "linked" / "pkg" / ".." / "pkg" / "views.py",
        tmp_path / "linked" / "..",
        Path("linked/pkg/views.py"),
        tmp_path / ("x" * 300 + ".py"),  # too long a name for the system to look up
    ]
    assert [resolved(path) for path in paths] == [path.resolve() for path in paths]
    assert resolved(paths[0]) == (real / "views.py").resolve()
    assert resolved(paths[1]) == (elsewhere / "target.py").resolve()


def test_an_installed_package_is_its_own_project(tmp_path: Path) -> None:
    """Previously a package in the checkout's ``.venv`` took the checkout as its project,
    whose index leaves ``.venv`` out: ``@Logged`` in the package's own ``views.py`` was
    not seen, and what the package reported depended on the checkout around it."""
    site = ".venv/lib/python3.11/site-packages"
    root = make_project(
        tmp_path,
        {
            f"{site}/pkg/__init__.py": "",
            f"{site}/pkg/deco.py": """
                class Logged:
                    def __init__(self, func):
                        self.func = func

                    def __call__(self, *args, **kwargs):
                        return self.func(*args, **kwargs)
            """,
            f"{site}/pkg/views.py": """
                from pkg.deco import Logged


                @Logged
                def view(x):
                    return x
            """,
        },
    )
    result = run_flake8("--isolated", "--select", "WRP", f"{site}/pkg", cwd=root)
    assert (result.returncode, result.stdout) == (
        1,
        f"{site}/pkg/deco.py:2:1: WRP006 class-based decorator 'Logged' drops the metadata of"
        " 'func': call update_wrapper(self, func) in __init__\n",
    )


def test_a_tree_without_a_marker_imports_its_package_by_name(tmp_path: Path) -> None:
    """With no ``pyproject.toml``, ``setup.cfg``, ``setup.py`` or ``.git`` (a ``git archive``
    of a flake8-only project), the project is the outermost package, and ``from shop.decorators
    import timeit`` inside it resolves from the directory that holds it, as Python does."""
    files = {
        "shop/__init__.py": "",
        "shop/decorators.py": DECORATORS,
        "shop/views.py": views("from shop.decorators import timeit"),
    }
    for name, source in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(source))
    assert registration_lines(tmp_path, "shop") == [
        "shop/views.py:13:2: WRP101 'second' and 'first' both become endpoint 'wrapper' on"
        " 'app' through @timeit (shop/decorators.py:1)"
    ]


def test_a_test_decorator_that_gives_the_fixture_itself(tmp_path: Path) -> None:
    """vkbottle's ``with_mocked_api``, in ``tests/test_utils.py``, calls each test with
    ``api=``: pytest must not ask for an ``api`` fixture, and does not, through the
    wrapper's signature. Only a parameter it does not give is lost."""
    root = make_project(
        tmp_path,
        {
            "tests/__init__.py": "",
            "tests/helpers.py": """\
                def with_api(func):
                    def wrapper(*args, **kwargs):
                        return func(*args, api="client", **kwargs)
                    return wrapper
                """,
            "tests/test_api.py": """\
                import pytest

                from tests.helpers import with_api


                @with_api
                def test_api(api):
                    assert api == "client"


                @with_api
                def test_api_and_fixture(api, tmp_path):
                    assert api == "client"
                """,
        },
    )
    assert registration_lines(root, "tests/test_api.py") == [
        "tests/test_api.py:11:2: WRP102 pytest sees the wrapper of @with_api"
        " (tests/helpers.py:1) instead of 'test_api_and_fixture'"
    ]


#: A test decorator that gives the test's first parameter itself, and two tests of it.
WITH_DB = """\
def with_db(func):
    def wrapper(*args, **kwargs):
        return func("DB", *args, **kwargs)
    return wrapper
"""
DB_TESTS = """\
@with_db
def test_db(db):
    assert db == "DB"


@with_db
def test_db_and_fixture(db, tmp_path):
    assert db == "DB"
"""


def test_a_test_decorator_that_gives_the_first_fixture_positionally(tmp_path: Path) -> None:
    """``func("DB", *args, **kwargs)``: the wrapper gives the test's first parameter
    itself. Previously WRP102 said pytest would not inject it, and the fix it pointed to
    made pytest ask for a ``db`` fixture that does not exist."""
    root = make_project(tmp_path, {"tests/test_db.py": WITH_DB + "\n\n" + DB_TESTS})
    assert registration_lines(root, "tests/test_db.py") == [
        "tests/test_db.py:12:2: WRP102 pytest sees the wrapper of @with_db (line 1) instead"
        " of 'test_db_and_fixture'"
    ]


def test_a_decorator_reported_for_its_applications_damages_across_files(
    tmp_path: Path,
) -> None:
    """``with_db`` is reported in its own module because the project applies it (it
    hands the function a value of its own, weaker evidence alone). Previously the
    summary other modules read judged it without that evidence: no WRP102 where it
    hides a fixture."""
    root = make_project(
        tmp_path,
        {
            "tests/__init__.py": "",
            "tests/helpers.py": WITH_DB,
            "tests/test_db.py": "from tests.helpers import with_db\n\n\n" + DB_TESTS,
        },
    )
    result = run_flake8("--isolated", "--select", "WRP", "tests", cwd=root)
    assert [line.split(" ", 2)[:2] for line in result.stdout.splitlines()] == [
        ["tests/helpers.py:2:5:", "WRP001"], ["tests/test_db.py:9:2:", "WRP102"]
    ]


def test_a_method_decorator_that_gives_the_first_fixture_after_self(tmp_path: Path) -> None:
    """In a test class the wrapper hands ``self`` on first: ``func(self, "DB", *args)``
    gives one fixture, not two."""
    root = make_project(
        tmp_path,
        {
            "tests/test_db.py": """\
                def with_db(func):
                    def wrapper(self, *args, **kwargs):
                        return func(self, "DB", *args, **kwargs)
                    return wrapper


                class TestDb:
                    @with_db
                    def test_db(self, db):
                        assert db == "DB"

                    @with_db
                    def test_db_and_fixture(self, db, tmp_path):
                        assert db == "DB"
                """,
        },
    )
    assert registration_lines(root, "tests/test_db.py") == [
        "tests/test_db.py:12:6: WRP102 pytest sees the wrapper of @with_db (line 1) instead"
        " of 'test_db_and_fixture'"
    ]


def test_a_relative_import_beyond_the_top_level_package_is_not_resolved(
    tmp_path: Path,
) -> None:
    """``from ..decorators import timeit`` in ``shop/views.py``, ``shop`` a top-level
    package: Python stops with ImportError, so no endpoint can collide. Previously the
    lookup climbed to the project's root (or above it) and blamed its decorators."""
    files = {
        "decorators.py": DECORATORS,
        "shop/__init__.py": "",
        "shop/views.py": views("from ..decorators import timeit"),
    }
    root = make_project(tmp_path, files)
    assert registration_lines(root, "shop/views.py") == []
    # One level deeper, the same import climbs to a package: resolved.
    (root / "decorators.py").rename(root / "shop" / "decorators.py")
    (root / "shop" / "api").mkdir()
    (root / "shop" / "api" / "__init__.py").write_text("")
    (root / "shop" / "views.py").rename(root / "shop" / "api" / "views.py")
    assert [line.split(" ", 2)[:2] for line in registration_lines(root, "shop")] == [
        ["shop/api/views.py:13:2:", "WRP101"]
    ]


@pytest.mark.parametrize(
    "files",
    [
        {"shop/views.py": views("from shop.decorators import *")},
        {
            "shop/tools/__init__.py": "from ..decorators import timeit\n",
            "shop/__init__.py": "from .tools import *\n",
            "shop/views.py": views("from shop import timeit"),
        },
    ],
    ids=["star-import", "star-re-export"],
)
def test_a_decorator_that_comes_through_a_star_import(
    tmp_path: Path, files: dict[str, str]
) -> None:
    """Previously a name bound by ``from x import *`` was not followed: the app crashed
    at import, and nothing was reported where."""
    root = make_project(
        tmp_path, {"shop/__init__.py": "", "shop/decorators.py": DECORATORS, **files}
    )
    assert registration_lines(root, "shop/views.py") == [
        "shop/views.py:13:2: WRP101 'second' and 'first' both become endpoint 'wrapper' on"
        " 'app' through @timeit (shop/decorators.py:1)"
    ]


def test_a_star_import_binds_no_private_name(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/decorators.py": DECORATORS.replace("timeit", "_timeit"),
            "shop/views.py": views("from shop.decorators import *", "_timeit"),
        },
    )
    assert registration_lines(root, "shop/views.py") == []


@pytest.mark.parametrize(
    "files",
    [
        {"site/routes.py": "from decorators import timeit\nfrom extensions import *\n"},
        {
            "site/setup/__init__.py": "from .core import *\n",
            "site/setup/core.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "site/routes.py": "from decorators import timeit\nfrom setup import *\n",
        },
    ],
    ids=["star-import", "star-re-export"],
)
def test_a_registry_that_comes_through_a_star_import(
    tmp_path: Path, files: dict[str, str]
) -> None:
    """``from extensions import *`` then ``@app.route``: previously the registry was not
    followed, so the routes the decorator breaks were not reported."""
    routes = files.pop("site/routes.py") + textwrap.dedent(
        """

        @app.route("/")
        @timeit
        def index():
            return "index"
        """
    )
    root = make_project(
        tmp_path,
        {
            "site/extensions.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "site/decorators.py": DECORATORS,
            "site/routes.py": routes,
            **files,
        },
    )
    assert registration_lines(root, "site/routes.py") == [
        "site/routes.py:5:2: WRP102 Flask sees the wrapper of @timeit (site/decorators.py:1)"
        " instead of 'index'"
    ]


def test_a_star_import_binds_no_private_registry(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "site/extensions.py": "from flask import Flask\n\n_app = Flask(__name__)\n",
            "site/decorators.py": DECORATORS,
            "site/routes.py": """\
                from decorators import timeit
                from extensions import *


                @_app.route("/")
                @timeit
                def index():
                    return "index"
                """,
        },
    )
    assert registration_lines(root, "site/routes.py") == []


@pytest.mark.parametrize("packages", [False, True])
def test_a_folder_without_a_marker_indexes_its_packages_not_every_folder_below(
    tmp_path: Path, packages: bool
) -> None:
    """A scratch file in a folder no marker makes a project (``/tmp``, a home folder) took
    every folder below as its project: a hostile review waited 6 s for the first
    diagnostics of ``/tmp/scratch.py``. Now its own files and the packages in it are
    indexed; ``@Logged`` applied in a folder that is no package is not seen from there
    (that folder is a project of its own, as a file in it finds)."""
    files = {
        "scratch.py": """
            class Logged:
                def __init__(self, func):
                    self.func = func

                def __call__(self, *args, **kwargs):
                    return self.func(*args, **kwargs)
        """,
        "deep/er/views.py": """
            from scratch import Logged


            @Logged
            def view(x):
                return x
        """,
    }
    if packages:
        files.update({"deep/__init__.py": "", "deep/er/__init__.py": ""})
    for name, source in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(source))
    result = run_flake8("--isolated", "--select", "WRP", "scratch.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        (
            1,
            "scratch.py:2:1: WRP006 class-based decorator 'Logged' drops the metadata of"
            " 'func': call update_wrapper(self, func) in __init__\n",
        )
        if packages
        else (0, "")
    )
