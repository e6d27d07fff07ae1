"""The cache of ``check`` and ``fix``: a warm run reports exactly what a cold one does,
re-checks only the files whose content or whose answers from other files changed, and
survives damage and runs at once. Every run is the real console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from flake8_wraps.project.cache import SETTLE_NS, choose_location, write_json
from tests.conftest import EXAMPLES

SCRIPT = Path(sys.executable).with_name("flake8-wraps")

DECORATORS = '''"""Decorators shared by the views."""
import time


def timeit(func):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        print(time.perf_counter() - start)
        return result

    return wrapper
'''

DECORATORS_FIXED = DECORATORS.replace("import time", "import functools\nimport time").replace(
    "    def wrapper", "    @functools.wraps(func)\n    def wrapper"
)

VIEWS = '''from flask import Flask

from utils.decorators import timeit

app = Flask(__name__)


@app.route("/a")
@timeit
def first():
    return "a"


@app.route("/b")
@timeit
def second():
    return "b"
'''

REPORTED = (
    "views.py:14:2: WRP101 'second' and 'first' both become endpoint 'wrapper' on 'app'"
    " through @timeit (utils/decorators.py:5)\n"
    "utils/decorators.py:6:5: WRP001 decorator 'timeit' returns 'wrapper' without"
    " @functools.wraps(func): func's name and docstring are lost\n"
)


def run(*args: str, cwd: Path, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The console script; ``cache`` None: the default location (no test override)."""
    environment = dict(os.environ)
    environment.pop("FLAKE8_WRAPS_CACHE_DIR", None)
    command = [str(SCRIPT), *args]
    if cache is not None:
        command[2:2] = ["--cache-dir", str(cache)]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=environment, timeout=300
    )


def kept(entry: Path) -> Any:
    """What a cache entry keeps: JSON after the line of its signature (``cache.py``)."""
    return json.loads(entry.read_bytes().partition(b"\n")[2])


def check(cwd: Path, cache: Path, *args: str) -> tuple[int, str, str]:
    result = run("check", "-v", "-q", *args, cwd=cwd, cache=cache)
    return result.returncode, result.stdout, result.stderr


def counted(files: int, checked: int, cache: Path) -> str:
    return (
        f"flake8-wraps: {files} file{'s' if files != 1 else ''}, {checked} checked,"
        f" {files - checked} from the cache (cache: {cache})\n"
    )


@pytest.fixture
def views(tmp_path: Path) -> Path:
    """A Flask project: the views import a decorator that drops the endpoint's name."""
    root = tmp_path / "project"
    (root / "utils").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    (root / "utils" / "__init__.py").write_text("")
    (root / "utils" / "decorators.py").write_text(DECORATORS)
    (root / "views.py").write_text(VIEWS)
    (root / "model.py").write_text("def predict(text):\n    return len(text)\n")
    return root


#: A cache that a local run of ``check`` or ``explain`` left in ``tests/examples`` (git
#: ignores it) is no part of the examples: copied, it would be found in the copy.
LOCAL_CACHES = shutil.ignore_patterns(".flake8_wraps_cache")


def test_a_warm_run_reports_exactly_what_a_cold_run_does(tmp_path: Path) -> None:
    tree = tmp_path / "examples"
    shutil.copytree(EXAMPLES, tree, ignore=LOCAL_CACHES)
    files = len(list(tree.rglob("*.py")))
    cache = tmp_path / "cache"
    uncached = run("check", "--no-cache", "-q", ".", cwd=tree)
    assert uncached.returncode == 1 and uncached.stdout.count(" WRP") > 100
    cold = check(tree, cache)
    warm = check(tree, cache)
    assert cold == (1, uncached.stdout, counted(files, files, cache))
    assert warm == (1, uncached.stdout, counted(files, 0, cache))
    assert not (tree / ".flake8_wraps_cache").exists()


def test_editing_a_decorator_rechecks_its_module_and_the_views_that_import_it(
    views: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    everything = ("views.py", "utils", "model.py")
    assert check(views, cache, *everything) == (1, REPORTED, counted(4, 4, cache))
    assert check(views, cache, *everything) == (1, REPORTED, counted(4, 0, cache))
    (views / "utils" / "decorators.py").write_text(DECORATORS_FIXED)
    # The decorator module and the views that import it; not model.py, not __init__.py.
    assert check(views, cache, *everything) == (0, "", counted(4, 2, cache))
    assert check(views, cache, *everything) == (0, "", counted(4, 0, cache))
    (views / "utils" / "decorators.py").write_text(DECORATORS)
    assert check(views, cache, "views.py", "model.py") == (
        1, REPORTED.splitlines(keepends=True)[0], counted(2, 1, cache)
    )


def package_project(tmp_path: Path, helpers: str, views: str) -> Path:
    """A project (``setup.cfg``) whose package ``pkg`` holds ``helpers.py`` and
    ``views.py``."""
    root = tmp_path / "project"
    (root / "pkg").mkdir(parents=True)
    (root / "setup.cfg").write_text("")
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "helpers.py").write_text(helpers)
    (root / "pkg" / "views.py").write_text(views)
    return root


def test_evidence_from_another_module_is_asked_again(tmp_path: Path) -> None:
    """``timed`` is a decorator only because ``views.py`` applies it: the project index
    is part of ``helpers.py``'s result, and a change to it there re-checks helpers.py."""
    applied = 'from pkg.helpers import timed\n\n\n@timed\ndef index(request):\n    return ""\n'
    root = package_project(
        tmp_path,
        "def timed(cb):\n    def run(request):\n        return cb(request)\n    return run\n",
        applied,
    )
    cache = tmp_path / "cache"
    finding = (
        "pkg/helpers.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(cb): cb's name and docstring are lost\n"
    )
    assert check(root, cache, "pkg") == (1, finding, counted(3, 3, cache))
    (root / "pkg" / "views.py").write_text(applied.replace("@timed\n", ""))
    assert check(root, cache, "pkg") == (0, "", counted(3, 2, cache))
    assert check(root, cache, "pkg") == (0, "", counted(3, 0, cache))
    (root / "pkg" / "other.py").write_text("from pkg.helpers import timed\nmain = timed(main)\n")
    assert check(root, cache, "pkg") == (1, finding, counted(4, 2, cache))


def test_a_decorator_handed_to_method_decorator_elsewhere_is_asked_again(
    tmp_path: Path,
) -> None:
    """``owner_required`` is left alone once ``views.py`` hands it only to Django's
    ``method_decorator``: that answer of the project index is part of ``helpers.py``'s
    result too, and a change to it re-checks helpers.py."""
    views = (
        "from django.utils.decorators import method_decorator\n"
        "from pkg.helpers import owner_required\n"
        "\n"
        "\n"
        "class AccountView:\n"
        "    def get(self, request):\n"
        "        return ''\n"
    )
    root = package_project(
        tmp_path,
        "def owner_required(func):\n"
        "    def decorated(request, *args, **kwargs):\n"
        "        return func(request, *args, **kwargs)\n"
        "    return decorated\n",
        views,
    )
    cache = tmp_path / "cache"
    finding = (
        "pkg/helpers.py:2:5: WRP001 decorator 'owner_required' returns 'decorated' without"
        " @functools.wraps(func): func's name and docstring are lost\n"
    )
    assert check(root, cache, "pkg") == (1, finding, counted(3, 3, cache))
    handed = views.replace("class", "@method_decorator(owner_required, name='get')\nclass")
    (root / "pkg" / "views.py").write_text(handed)
    assert check(root, cache, "pkg") == (0, "", counted(3, 2, cache))
    assert check(root, cache, "pkg") == (0, "", counted(3, 0, cache))
    (root / "pkg" / "views.py").write_text(views)
    assert check(root, cache, "pkg") == (1, finding, counted(3, 2, cache))


def test_other_settings_are_not_answered_from_the_cache(views: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, second = REPORTED.splitlines(keepends=True)
    assert check(views, cache, "--select", "WRP001", "utils", "views.py") == (
        1, second, counted(3, 3, cache)
    )
    assert check(views, cache, "--select", "WRP101", "utils", "views.py") == (
        1, first, counted(3, 3, cache)
    )
    (views / "pyproject.toml").write_text('[tool.flake8-wraps]\nignore = ["WRP101"]\n')
    assert check(views, cache, "utils", "views.py") == (1, second, counted(3, 3, cache))
    assert check(views, cache, "utils", "views.py") == (1, second, counted(3, 0, cache))


WRAPPED = '''import functools


def deco(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
'''


def test_a_change_that_keeps_size_and_time_is_still_seen(tmp_path: Path) -> None:
    """An edit within the same timestamp tick (a formatter right after a save) changes
    neither the size nor the time: a file that recent is compared by its content."""
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    module = work / "deco.py"
    module.write_text(WRAPPED)
    assert check(work, cache, "deco.py") == (0, "", counted(1, 1, cache))
    before = module.stat()
    module.write_text(WRAPPED.replace("@functools", "#functools"))
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert module.stat().st_size == before.st_size
    assert check(work, cache, "deco.py") == (
        1,
        "deco.py:6:5: WRP001 decorator 'deco' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost\n",
        counted(1, 1, cache),
    )


def test_an_edit_hidden_by_a_restored_modification_time_is_still_seen(tmp_path: Path) -> None:
    """``touch -r``, ``rsync -t`` and archives put an old modification time back after an
    edit of the same size; the status change time moves all the same. Previously a file
    old enough to be trusted by its size and time replayed its clean result."""
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    module = work / "deco.py"
    module.write_text(WRAPPED)
    time.sleep(SETTLE_NS / 1e9 + 0.2)  # old enough, when read, for its times to be trusted
    assert check(work, cache, "deco.py") == (0, "", counted(1, 1, cache))
    before = module.stat()
    module.write_text(WRAPPED.replace("@functools", "#functools"))
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (module.stat().st_size, module.stat().st_mtime_ns) == (
        before.st_size, before.st_mtime_ns
    )
    assert check(work, cache, "deco.py")[:2] == (
        1,
        "deco.py:6:5: WRP001 decorator 'deco' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost\n",
    )


def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(views: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = (1, REPORTED, counted(3, 3, cache))
    assert check(views, cache, "views.py", "utils") == expected
    results = list(cache.glob("results-*/*.json"))
    assert len(results) == 2  # the project's directory and utils/
    summaries = list(cache.glob("modules-*/*.json"))
    assert summaries  # the decorator module, read for the views
    damages = [
        b"{not json",
        b"",
        b'{"format": 999, "files": {}}',
        json.dumps({"format": 1, "files": {str(views / "views.py"): [1, 2]}}).encode(),
        b"\x00" * 100,
    ]
    for damage in damages:
        for entry in results + summaries:
            entry.write_bytes(damage)
        assert check(views, cache, "views.py", "utils") == expected, damage
        assert all(kept(entry)["files"] for entry in results)
        assert all(kept(entry)["path"] for entry in summaries)
    assert check(views, cache, "views.py", "utils") == (1, REPORTED, counted(3, 0, cache))


def test_runs_at_once_never_corrupt_the_cache(tmp_path: Path) -> None:
    tree = tmp_path / "examples"
    shutil.copytree(EXAMPLES, tree, ignore=LOCAL_CACHES)
    files = len(list(tree.rglob("*.py")))
    expected = run("check", "--no-cache", "-q", ".", cwd=tree).stdout
    cache = tmp_path / "cache"
    environment = {k: v for k, v in os.environ.items() if k != "FLAKE8_WRAPS_CACHE_DIR"}
    runs = [
        subprocess.Popen(
            [str(SCRIPT), "check", "-q", "--cache-dir", str(cache), "-j", "1", "."],
            cwd=tree, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    outputs = [process.communicate(timeout=300) for process in runs]
    assert [(process.returncode, out, err) for process, (out, err) in zip(runs, outputs)] == [
        (1, expected, "")
    ] * 6
    assert sum(len(kept(entry)["files"]) for entry in cache.glob("results-*/*.json")) == files
    assert not list(cache.rglob(".tmp-*"))
    assert check(tree, cache) == (1, expected, counted(files, 0, cache))


def test_the_cache_lives_at_the_project_root_hidden_from_git(views: Path) -> None:
    subprocess.run(["git", "init", "-q", str(views)], check=True)
    result = run("check", ".", cwd=views / "utils")
    assert result.returncode == 1
    assert (views / ".flake8_wraps_cache" / ".gitignore").read_text().endswith("\n*\n")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=views, capture_output=True, text=True, check=True,
    ).stdout
    assert status.splitlines() == [
        "?? model.py", "?? pyproject.toml", "?? utils/__init__.py", "?? utils/decorators.py",
        "?? views.py",
    ]


def test_no_cache_writes_nothing_and_cache_dir_is_configurable(views: Path) -> None:
    assert run("check", "--no-cache", ".", cwd=views).returncode == 1
    assert not (views / ".flake8_wraps_cache").exists()
    (views / "pyproject.toml").write_text('[tool.flake8-wraps]\ncache-dir = "build/lint"\n')
    result = run("check", "-v", ".", cwd=views)
    assert result.stderr == (
        "flake8-wraps: 4 files, 4 checked, 0 from the cache (cache: build/lint)\n"
    )
    assert list((views / "build" / "lint").glob("results-*/*.json"))
    assert not (views / ".flake8_wraps_cache").exists()


def test_not_valid_python_is_remembered_as_such(tmp_path: Path) -> None:
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    (work / "broken.py").write_text("def f(:\n")
    message = "broken.py: not valid Python (line 1: invalid syntax)\n"
    assert check(work, cache, "broken.py") == (2, "", counted(1, 1, cache) + message)
    assert check(work, cache, "broken.py") == (2, "", counted(1, 0, cache) + message)


def test_fix_skips_the_files_the_cache_knows_clean_and_fixes_the_rest(
    views: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    check(views, cache, ".")
    result = run("fix", "-v", ".", cwd=views, cache=cache)
    assert (result.returncode, result.stdout) == (
        0, "./utils/decorators.py: fixed 1 finding\nfixed 1 finding in 1 file\n"
    )
    assert result.stderr == counted(4, 2, cache)
    assert (views / "utils" / "decorators.py").read_text() == DECORATORS_FIXED
    assert check(views, cache, ".") == (0, "", counted(4, 2, cache))


def test_flake8_shares_the_project_index_through_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "pkg").mkdir(parents=True)
    (root / "setup.cfg").write_text("")
    (root / "pkg" / "helpers.py").write_text(
        "def timed(cb):\n    def run(request):\n        return cb(request)\n    return run\n"
    )
    (root / "pkg" / "views.py").write_text("@timed\ndef index(request):\n    return ''\n")
    cache = tmp_path / "cache"
    environment = {**os.environ, "FLAKE8_WRAPS_CACHE_DIR": str(cache)}
    flake8 = [sys.executable, "-m", "flake8", "--select", "WRP", "-j", "2", "pkg"]
    result = subprocess.run(flake8, cwd=root, env=environment, capture_output=True, text=True)
    assert result.stdout == (
        "pkg/helpers.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(cb): cb's name and docstring are lost\n"
    )
    (index,) = cache.glob("index-*.json")
    assert kept(index)["files"]["pkg/views.py"][3] == ["timed"]
    (root / "pkg" / "views.py").write_text("def index(request):\n    return ''\n")
    result = subprocess.run(flake8, cwd=root, env=environment, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")
    assert kept(index)["files"]["pkg/views.py"][3] == []


def test_a_class_decorated_in_another_file_checks_the_decorator_again(tmp_path: Path) -> None:
    """``singleton`` alone builds objects; ``@singleton`` above a class in another module
    makes it a decorator that replaces the class. Its module is unchanged, but what it was
    told changed: the cached result must not stand."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "setup.cfg").write_text("")
    (root / "patterns.py").write_text(
        "def singleton(cls):\n    instances = {}\n\n"
        "    def get_instance(*args, **kwargs):\n"
        "        if cls not in instances:\n"
        "            instances[cls] = cls(*args, **kwargs)\n"
        "        return instances[cls]\n\n    return get_instance\n"
    )
    (root / "config.py").write_text("class Config:\n    pass\n")
    cache = tmp_path / "cache"
    assert check(root, cache, ".") == (0, "", counted(2, 2, cache))
    (root / "config.py").write_text(
        "from patterns import singleton\n\n\n@singleton\nclass Config:\n    pass\n"
    )
    status, stdout, stderr = check(root, cache, ".")
    assert (status, stderr) == (1, counted(2, 2, cache))
    assert stdout.startswith("./patterns.py:4:5: WRP001 ")
    (index,) = cache.glob("index-*.json")
    assert kept(index)["files"]["config.py"][3:] == [
        ["singleton"], ["singleton"], ["singleton:patterns"], []
    ]


def test_what_a_file_is_told_does_not_depend_on_the_files_checked_before_it(
    tmp_path: Path,
) -> None:
    """A check reads at most a bounded number of other modules; the modules another file
    made known count too, or a view checked after another would be told more."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "setup.cfg").write_text("")
    count = 40
    for n in range(count):
        (root / f"deco{n}.py").write_text(
            f"def timed{n}(func):\n    def wrapper(*args):\n        return func(*args)\n"
            "    return wrapper\n"
        )
    imports = "".join(f"from deco{n} import timed{n}\n" for n in range(count))
    routes = "".join(
        f'\n\n@app.route("/{n}")\n@timed{n}\ndef view{n}():\n    return ""\n'
        for n in range(count)
    )
    for name in ("first.py", "second.py"):
        (root / name).write_text(
            f"from flask import Flask\n{imports}\napp = Flask(__name__)\n{routes}"
        )
    alone = run("check", "--no-cache", "-q", "-j", "1", "second.py", cwd=root)
    after = run("check", "--no-cache", "-j", "1", "first.py", "second.py", cwd=root)
    assert alone.stdout.count("second.py:") == 31
    assert [line for line in after.stdout.splitlines() if line.startswith("second.py:")] == (
        alone.stdout.splitlines()
    )


TASKS = '''from celery import Celery

from utils.decorators import timeit

app = Celery("tasks", broker="memory://")


@app.task
@timeit
def add(x, y):
    return x + y


@app.task
@timeit
def multiply(x, y):
    return x * y
'''


def test_a_new_package_renames_the_tasks_of_every_file(tmp_path: Path) -> None:
    """Celery names a task after the wrapper's module: making ``utils`` a package renames
    it in each file that imports the decorator, not only in the first one checked."""
    root = tmp_path / "project"
    (root / "utils").mkdir(parents=True)
    (root / "setup.cfg").write_text("")
    (root / "utils" / "decorators.py").write_text(DECORATORS)
    for name in ("tasks_a.py", "tasks_b.py"):
        (root / name).write_text(TASKS)
    cache = tmp_path / "cache"

    def said(module: str) -> str:
        return "".join(
            f"{name}:14:2: WRP101 'multiply' and 'add' both become task '{module}.wrapper'"
            " on 'app' through @timeit (utils/decorators.py:5)\n"
            for name in ("tasks_a.py", "tasks_b.py")
        )

    arguments = ("--select", "WRP101", "-j", "1", "tasks_a.py", "tasks_b.py")
    assert check(root, cache, *arguments) == (1, said("decorators"), counted(2, 2, cache))
    (root / "utils" / "__init__.py").write_text("")
    assert check(root, cache, *arguments) == (1, said("utils.decorators"), counted(2, 2, cache))


def test_a_retargeted_link_is_another_file(tmp_path: Path) -> None:
    """``current -> releases/v1`` becomes ``current -> releases/v2``: the same names, the
    same content, but another package, where ``timed`` is applied."""
    work, cache = tmp_path / "work", tmp_path / "cache"
    releases = work / "releases"
    package = releases / "v1" / "pkg"
    package.mkdir(parents=True)
    (releases / "v1" / "setup.cfg").write_text("")
    (package / "__init__.py").write_text("")
    (package / "helpers.py").write_text(
        "def timed(cb):\n    def run(request):\n        return cb(request)\n    return run\n"
    )
    (package / "views.py").write_text('def index(request):\n    return ""\n')
    for path in package.iterdir():
        os.utime(path, (1_500_000_000, 1_500_000_000))
    shutil.copytree(releases / "v1", releases / "v2")
    (releases / "v2" / "pkg" / "views.py").write_text(
        'from pkg.helpers import timed\n\n\n@timed\ndef index(request):\n    return ""\n'
    )
    current = work / "current"
    current.symlink_to(releases / "v1")
    assert check(work, cache, "current/pkg") == (0, "", counted(3, 3, cache))
    current.unlink()
    current.symlink_to(releases / "v2")
    finding = (
        "current/pkg/helpers.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(cb): cb's name and docstring are lost\n"
    )
    assert check(work, cache, "current/pkg") == (1, finding, counted(3, 3, cache))


def test_an_entry_of_the_wrong_types_is_checked_again(views: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert check(views, cache, "views.py", "utils") == (1, REPORTED, counted(3, 3, cache))
    views_py = str(views / "views.py")
    (results,) = [e for e in cache.glob("results-*/*.json") if views_py in kept(e)["files"]]
    entry = kept(results)
    for question, _ in entry["files"][views_py][4]:
        if question[0] == "locate":
            question[2] = 5  # a number where the module's dotted name was
    choose_location(str(cache))
    try:
        assert write_json(results, entry)  # signed with this user's key: only its shape is wrong
    finally:
        choose_location(None)  # this process's own cache again
    assert check(views, cache, "views.py", "utils") == (1, REPORTED, counted(3, 1, cache))
