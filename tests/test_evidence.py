"""The evidence behind WRP001, as ``flake8-wraps explain`` prints it, and evidence that
comes from other modules of the project."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import lint_package, run_explain as explain, run_flake8


def reported(name: str, cwd: Path) -> list[list[str]]:
    """Location and code of each finding of a real flake8 run, ``--select WRP``."""
    result = run_flake8("--isolated", "--select", "WRP", name, cwd=cwd)
    return [line.split(" ", 2)[:2] for line in result.stdout.splitlines()]


DECORATORS = '''\
def loud(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs).upper()

    return wrapper


def compose(f):
    def g(x):
        return f(x) * 2

    return g
'''


def test_explain_prints_the_evidence_and_the_decision(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text(DECORATORS)
    result = explain("deco.py:3", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == textwrap.dedent(
        """\
        function 'loud' (line 1) returns 1 closure; parameters that may hold the function: func
        'wrapper' (line 2), standing in for 'func': possibly a wrapper: WRP007 (off by default)
                +2  forwards-everything: it passes its *args and **kwargs on to 'func'
                +1  wrapper-name: 'wrapper' is named as a wrapper
                +1  function-parameter: 'func' is named as a function
                -2  result-reshaped: the result of 'func' is transformed
          decision: score 2 against thresholds of 3 (WRP001) and 2 (WRP007)
          fix: unsafe, only with --unsafe-fixes: add @functools.wraps(func) above 'def wrapper'
                {claim}
                it is WRP007, on weaker evidence: its fix is never safe
        """
    ).format(
        claim="'wrapper' returns something made of what it returns: through __wrapped__ it"
        " would claim the return annotation of 'func'"
    )


def test_explain_says_why_a_combinator_is_not_reported(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text(DECORATORS)
    result = explain("deco.py:8", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "'g' (line 9), standing in for 'f': not reported",
        "        +1  stands-in: it calls 'f' with its own arguments",
        "        +1  function-parameter: 'f' is named as a function",
        "        -2  result-reshaped: the result of 'f' is transformed",
        "  decision: score 0 against thresholds of 3 (WRP001) and 2 (WRP007)",
    ]


def test_explain_names_what_excludes_a_wrapper(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text(
        "def build(record_class):\n"
        "    def make(*args, **kwargs):\n"
        "        return record_class(*args, **kwargs)\n"
        "    return make\n"
    )
    result = explain("deco.py:2", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "  excludes  builds-an-object: 'record_class' names a class: calling it builds an object"
        in result.stdout.splitlines()
    )
    assert result.stdout.splitlines()[-1] == "  decision: excluded by builds-an-object"


def test_explain_shows_how_the_helper_is_used(tmp_path: Path) -> None:
    """The evidence from the helper's uses is printed with the rest: here the one use
    keeps the wrapper in a thread's target, so the names alone are outweighed."""
    (tmp_path / "deco.py").write_text(
        "import threading\n"
        "\n"
        "\n"
        "def start(feed):\n"
        "    def log_exceptions(f):\n"
        "        def wrapper(*args, **kwargs):\n"
        "            return f(*args, **kwargs)\n"
        "        return wrapper\n"
        "    threading.Thread(target=log_exceptions(feed)).start()\n"
    )
    result = explain("deco.py:6", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "'wrapper' (line 6), standing in for 'f': not reported",
        "        +2  forwards-everything: it passes its *args and **kwargs on to 'f'",
        "        +1  wrapper-name: 'wrapper' is named as a wrapper",
        "        +1  function-parameter: 'f' is named as a function",
        "        -3  kept-inside: each use of 'log_exceptions' keeps its result inside a"
        " computation (a local, an argument, a table): no one sees the wrapper's name",
        "  decision: score 1 against thresholds of 3 (WRP001) and 2 (WRP007)",
    ]


def test_explain_says_a_helper_given_only_lambdas_loses_nothing(tmp_path: Path) -> None:
    """pytermgui's ``_wrap``, typed ``(Callable) -> Callable`` and given a lambda at each of
    its uses, was reported with a safe fix that would copy the name ``<lambda>``."""
    (tmp_path / "picker.py").write_text(
        "from typing import Any, Callable\n"
        "\n"
        "\n"
        "def picker(manager, apps):\n"
        "    def _wrap(func: Callable[[Any], Any]) -> Callable[[Any], Any]:\n"
        "        def _inner(caller: Any) -> None:\n"
        "            manager.add(func(caller))\n"
        "        return _inner\n"
        "    return [_wrap(lambda *_, app=app: app()) for app in apps]\n"
    )
    result = explain("picker.py:6", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "  excludes  given-only-lambdas: each use of '_wrap' gives it a lambda, which has no"
        " name or docstring to lose",
        "  decision: excluded by given-only-lambdas",
    ]


def test_explain_without_a_function_there(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text(DECORATORS + "\n\nLIMIT = 3\n")
    line = len(DECORATORS.splitlines()) + 3
    result = explain(f"deco.py:{line}", tmp_path)
    assert (result.returncode, result.stdout) == (
        1,
        f"deco.py:{line}: no function that returns or installs a closure, or class that"
        " stores a function, is there\n",
    )


@pytest.mark.parametrize("line", ["0", "4", "99999999999999999999"])
def test_explain_refuses_a_line_the_file_has_not(tmp_path: Path, line: str) -> None:
    """Previously line 0 and lines past the end were answered as if they were there."""
    (tmp_path / "m.py").write_text("import os\n\nx = 1\n")
    result = explain(f"m.py:{line}", tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        2, "", f"flake8-wraps: error: m.py has lines 1 to 3, not {line}\n"
    )


def test_explain_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def (:\n")
    assert explain("broken.py:1", tmp_path).returncode == 2
    assert explain("missing.py:1", tmp_path).returncode == 2
    result = explain("deco.py", tmp_path)
    assert result.returncode == 2
    assert result.stderr == "flake8-wraps: error: expected PATH:LINE, got 'deco.py'\n"


ADDS_ONE = '''\
def timed(f):
    def run(*a):
        return f(*a) + 1

    return run
'''


def project_package(root: Path, **modules: str) -> Path:
    """A project at ``root`` (a ``pyproject.toml``) with a package ``pkg`` of ``modules``."""
    (root / "pyproject.toml").write_text("")
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name, source in modules.items():
        (package / f"{name}.py").write_text(source)
    return package


def lint_with_views(root: Path, views: str, select: str = "WRP") -> tuple[int, str]:
    """``pkg/views.py`` written as ``views``, then a real flake8 run over ``pkg``."""
    (root / "pkg" / "views.py").write_text(views)
    result = run_flake8("--isolated", "--select", select, "pkg", cwd=root)
    return result.returncode, result.stdout


def test_a_decorator_applied_in_another_module_is_reported(tmp_path: Path) -> None:
    """``run`` computes with the result: alone, an adapter. ``@timed`` in another module
    of the project says ``timed`` is a decorator, and that outweighs it."""
    project_package(tmp_path, deco=ADDS_ONE)
    result = lint_package(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert lint_with_views(
        tmp_path,
        "from pkg.deco import timed\n\n\n@timed\ndef view(x):\n    return x\n",
    )[1] == (
        "pkg/deco.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(f): f's name and docstring are lost\n"
    )
    explained = explain("pkg/deco.py:2", tmp_path)
    assert (
        "        +4  applied-in-project: 'timed' is applied as a decorator in another"
        " project module" in explained.stdout.splitlines()
    )


WRAPS_ITS_OWN = '''\
import functools


def timed(f):
    @functools.wraps(f)
    def run(*a):
        return f(*a)

    return run
'''


def test_a_name_applied_from_another_module_is_no_evidence(tmp_path: Path) -> None:
    """fk-desktop applies ``@strategy`` seven times, each imported from
    ``fk.core.strategy_factory``; ``fk/tools/cli.py`` has a callback factory of the same
    name, which those applications say nothing of. An application of the name imported
    from its own module, or from its package (which may re-export it), still counts, and
    so does one whose import the index cannot place (``from . import timed``)."""
    project_package(tmp_path, deco=ADDS_ONE, other=WRAPS_ITS_OWN)
    reported = (
        "pkg/deco.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(f): f's name and docstring are lost\n"
    )
    applies = "from {} import timed\n\n\n@timed\ndef view(x):\n    return x\n"
    assert lint_with_views(tmp_path, applies.format("pkg.other")) == (0, "")
    assert "applied-in-project" not in explain("pkg/deco.py:2", tmp_path).stdout
    assert lint_with_views(tmp_path, applies.format("pkg.deco"))[1] == reported
    assert lint_with_views(tmp_path, applies.format("pkg"))[1] == reported
    assert lint_with_views(tmp_path, applies.format("."))[1] == reported
    assert lint_with_views(
        tmp_path, "from pkg import other\n\n\n@other.timed\ndef view(x):\n    return x\n"
    )[1] == reported


PATCHES_A_METHOD = '''\
def build_refresh(old_refresh):
    def refresh(self, fields=None):
        if fields is not None:
            fields = list(fields) + ["title_en"]
        return old_refresh(self, fields)

    return refresh
'''


def test_a_builder_that_patches_an_attribute_in_another_module_is_reported(
    tmp_path: Path,
) -> None:
    """django-modeltranslation replaces each registered model's ``refresh_from_db`` with
    what ``build_refresh_from_db(model.refresh_from_db)`` returns, inside a function of
    another module: the method's docstring and qualified name are lost on every model.
    Alone, the builder is a closure that calls its parameter (1): silent."""
    project_package(tmp_path, compat=PATCHES_A_METHOD)
    result = lint_package(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert lint_with_views(
        tmp_path,
        "from pkg.compat import build_refresh\n\n\ndef register(model):\n"
        "    model.refresh = build_refresh(model.refresh)\n",
    ) == (
        1,
        "pkg/compat.py:2:5: WRP001 decorator 'build_refresh' returns 'refresh' without"
        " @functools.wraps(old_refresh): old_refresh's name and docstring are lost\n",
    )
    # A value rebuilt from another attribute is no patch of the same one; an object that
    # converts a value it holds (shap's ``self.model = Model(self.model)``) patches nothing.
    for rebuilt in ("model.refresh = build_refresh(model.reload)",
                    "self.refresh = build_refresh(self.refresh)"):
        assert lint_with_views(
            tmp_path,
            "from pkg.compat import build_refresh\n\n\ndef register(self, model):\n"
            f"    {rebuilt}\n",
        ) == (0, ""), rebuilt


def test_a_local_level_is_not_applied_by_a_name_another_module_uses(tmp_path: Path) -> None:
    """Another module can apply a module's own functions, never a level a factory keeps
    inside (jedi's ``repack_with_argument_clinic`` returns one called ``decorator``):
    ``@decorator`` there names something else, and says nothing of ``run``."""
    factory = (
        "def repeat(times):\n    def decorator(f):\n        def run(*a):\n"
        "            return f(*a) + 1\n\n        return run\n\n    return decorator\n"
    )
    project_package(tmp_path, deco=factory)
    assert lint_with_views(
        tmp_path,
        "from decorator import decorator\n\n\n@decorator\ndef view(x):\n    return x\n", "WRP001",
    ) == (0, "")
    assert lint_with_views(
        tmp_path,
        "from pkg.deco import repeat\n\n\n@repeat(2)\ndef view(x):\n    return x\n", "WRP001",
    )[1] == (
        "pkg/deco.py:3:9: WRP001 decorator 'repeat' returns 'run' without"
        " @functools.wraps(f): f's name and docstring are lost\n"
    )


def test_an_attribute_replaced_by_its_decoration_in_a_function_applies_it(
    tmp_path: Path,
) -> None:
    """``cls.run = timed(cls.run)`` inside a function (MDAnalysis applies
    ``return_empty_on_apply`` so, in a metaclass) applies ``timed``; ``cls.run =
    timed(cls.other)`` replaces another attribute and applies nothing, and neither does a
    local function or a parameter so applied (tornado's test applies a local ``wrapper``,
    torchbearer a parameter ``decorator``: names many unrelated closures share). The same
    line in another module applies it too (django-modeltranslation's patch of each model's
    ``refresh_from_db``); ``app.wsgi_app = proxy_fix(app.wsgi_app)`` there wraps an
    application, whose closure takes WSGI's arguments and is no wrapper of a function."""
    metaclass = (
        "\n\nclass Meta(type):\n"
        "    def __init__(cls, name, bases, namespace):\n"
        "        cls.run = timed(cls.other)\n"
    )
    (tmp_path / "deco.py").write_text(ADDS_ONE + metaclass)
    result = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    (tmp_path / "deco.py").write_text(ADDS_ONE + metaclass.replace("cls.other", "cls.run"))
    result = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path)
    assert result.stdout == (
        "deco.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(f): f's name and docstring are lost\n"
    )
    explained = explain("deco.py:2", tmp_path)
    assert (
        "        +4  applied-here: 'timed' is applied as a decorator in this module"
        in explained.stdout.splitlines()
    )
    local = (
        "\n\ndef install(ws):\n" + ADDS_ONE.replace("\n", "\n    ").rstrip()
        + "\n\n    ws.run = timed(ws.run)\n"
    )
    (tmp_path / "deco.py").write_text(local)
    result = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    parameter = (
        "\n\nclass Callback:\n    def __init__(self, timed):\n"
        "        self.run = timed(self.run)\n"
    )
    (tmp_path / "deco.py").write_text(ADDS_ONE + parameter)
    result = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    (tmp_path / "project").mkdir()
    package = project_package(tmp_path / "project", deco=ADDS_ONE)
    (package / "meta.py").write_text("from pkg.deco import timed" + metaclass.replace(
        "cls.other", "cls.run"
    ))
    result = run_flake8("--isolated", "--select", "WRP", "pkg", cwd=tmp_path / "project")
    assert (result.returncode, result.stdout) == (
        1,
        "pkg/deco.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(f): f's name and docstring are lost\n",
    )
    (package / "deco.py").write_text(
        "def proxy_fix(app):\n    def fixed(environ, start_response):\n"
        "        environ['wsgi.url_scheme'] = 'https'\n"
        "        return app(environ, start_response)\n\n    return fixed\n"
    )
    (package / "meta.py").write_text(
        "from pkg.deco import proxy_fix\n\n\ndef create(app):\n"
        "    app.wsgi_app = proxy_fix(app.wsgi_app)\n    return app\n"
    )
    result = run_flake8("--isolated", "--select", "WRP", "pkg", cwd=tmp_path / "project")
    assert (result.returncode, result.stdout) == (0, "")


COMMAND = """\
class Command:
    def __init__(self, name):
        self.name = name

    def __call__(self, func):
        def run(send, msg):
            return func(send, msg)

        self.run = run
        return run
"""


def test_an_instance_applied_as_a_decorator_makes_its_call_the_decorator(
    tmp_path: Path,
) -> None:
    """``@Command("quit")`` hands the function to the instance's ``__call__``: the class
    applied in another module, or in this one, is what makes ``run`` a wrapper for sure
    (previously missed: tjcsl/cslbot's ``Command`` and ``Hook``). Unapplied, a
    ``__call__`` that takes the function alone makes it a possible one (WRP007)."""
    package = project_package(tmp_path, command=COMMAND)
    result = run_flake8("--isolated", "--select", "WRP001", "pkg", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    result = run_flake8("--isolated", "--select", "WRP007", "pkg", cwd=tmp_path)
    assert result.stdout == (
        "pkg/command.py:6:9: WRP007 decorator 'Command.__call__' returns 'run' without"
        " @functools.wraps(func): func's name and docstring are lost\n"
    )
    (package / "quit.py").write_text(
        'from pkg.command import Command\n\n\n@Command("quit")\ndef quit(send, msg):\n'
        "    pass\n"
    )
    result = run_flake8("--isolated", "--select", "WRP001", "pkg", cwd=tmp_path)
    assert result.stdout == (
        "pkg/command.py:6:9: WRP001 decorator 'Command.__call__' returns 'run' without"
        " @functools.wraps(func): func's name and docstring are lost\n"
    )
    explained = explain("pkg/command.py:6", tmp_path)
    assert (
        "        +4  applied-in-project: 'Command' is applied as a decorator in another"
        " project module" in explained.stdout.splitlines()
    )
    (package / "quit.py").unlink()
    applied_here = '\n\n@Command("quit")\ndef quit(send, msg):\n    pass\n'
    (package / "command.py").write_text(COMMAND + applied_here)
    explained = explain("pkg/command.py:6", tmp_path)
    assert (
        "        +4  applied-here: 'Command' is applied as a decorator in this module"
        in explained.stdout.splitlines()
    )


SINGLETON = """\
def singleton(cls):
    instances = {}

    def get_instance(*args, **kwargs):
        if cls not in instances:
            instances[cls] = cls(*args, **kwargs)
        return instances[cls]

    return get_instance
"""


def test_a_decorator_that_replaces_a_class_with_a_function_is_reported(tmp_path: Path) -> None:
    """glue's and sktime's ``singleton(cls)``: building an object, alone, is a factory's
    work; ``@singleton`` above a class in another module says the class becomes the
    function. Its fix is unsafe: wraps copies the class's attributes onto the function."""
    (tmp_path / "pyproject.toml").write_text("")
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "patterns.py").write_text(SINGLETON)
    (package / "make.py").write_text(
        "from pkg.patterns import singleton\n\n\ndef registry():\n"
        "    return singleton(dict)\n"
    )
    assert reported("pkg", tmp_path) == []
    (package / "config.py").write_text(
        "from pkg.patterns import singleton\n\n\n@singleton\nclass Config:\n"
        '    """The settings, one instance."""\n'
    )
    assert reported("pkg", tmp_path) == [["pkg/patterns.py:4:5:", "WRP001"]]
    lines = explain("pkg/patterns.py:4", tmp_path).stdout.splitlines()
    assert lines[-6:] == [
        "'get_instance' (line 4), standing in for 'cls': a wrapper: reported",
        "        +2  forwards-everything: it passes its *args and **kwargs on to 'cls'",
        "        +4  replaces-a-class: 'singleton' is applied to a class, which becomes the"
        " function it returns",
        "  decision: score 6 against thresholds of 3 (WRP001) and 2 (WRP007)",
        "  fix: unsafe, only with --unsafe-fixes: add @functools.wraps(cls) above"
        " 'def get_instance'",
        "        'cls' is a class: wraps would also copy its attributes onto 'get_instance'",
    ]


def test_a_class_application_of_another_modules_decorator_is_not_this_ones(
    tmp_path: Path,
) -> None:
    """A hostile pass: ``b.py`` applied a ``deco`` imported from another module to a
    class, and ``a.py``'s own ``deco`` (applied to a function) lost its safe fix, with
    "'func' is a class". Applications to classes are read as applications are: one that
    imports the name from elsewhere says nothing of this module's."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "a.py").write_text(
        "def deco(func):\n    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n    return wrapper\n\n\n"
        "@deco\ndef f(x):\n    return x\n"
    )
    (tmp_path / "b.py").write_text(
        "from elsewhere import deco\n\n\n@deco\nclass A:\n    pass\n"
    )
    safety = explain("a.py:2", tmp_path).stdout.splitlines()[-1]
    assert safety == "  fix: safe: add @functools.wraps(func) above 'def wrapper'"
    (tmp_path / "c.py").write_text("from a import deco\n\n\n@deco\nclass C:\n    pass\n")
    lines = explain("a.py:2", tmp_path).stdout.splitlines()
    assert lines[-1] == (
        "        'func' is a class: wraps would also copy its attributes onto 'wrapper'"
    )


def test_applications_are_found_by_assignment_and_through_a_module(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("")
    (tmp_path / "deco.py").write_text(ADDS_ONE)
    (tmp_path / "views.py").write_text(
        "import deco\n\n\ndef view(x):\n    return x\n\n\nview = deco.timed(view)\n"
    )
    result = run_flake8("--isolated", "--select", "WRP", "deco.py", cwd=tmp_path)
    assert result.stdout.startswith("deco.py:2:5: WRP001 decorator 'timed' returns 'run'")


def test_a_decorator_imported_under_another_name_is_applied(tmp_path: Path) -> None:
    """pyspeckit's ``from ..config import ConfigDescriptor as cfgdec`` then ``@cfgdec``:
    what is applied is ``ConfigDescriptor``. An alias that is never applied applies nothing."""
    project_package(tmp_path, deco=ADDS_ONE)
    assert lint_with_views(
        tmp_path,
        "from .deco import timed as timing, timed as unused\n\n\n"
        "def view(x):\n    return x\n",
    ) == (0, "")
    assert lint_with_views(
        tmp_path,
        "from .deco import (\n    timed as timing,\n)\n\n\n@timing\ndef view(x):\n    return x\n",
    )[1] == (
        "pkg/deco.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(f): f's name and docstring are lost\n"
    )


def test_a_decorator_handed_to_a_decorating_helper_is_applied(tmp_path: Path) -> None:
    """psycopg2's tests: ``decorate_all_tests(LargeObjectTests, skip_if_no_lo)`` applies
    the decorator to every test method, in this module or in another one."""
    (tmp_path / "setup.cfg").write_text("")
    helper = "def decorate_all_tests(cls, decorator):\n    pass\n\n\nclass Tests:\n    pass\n\n\n"
    (tmp_path / "here.py").write_text(
        ADDS_ONE + "\n\n" + helper + "decorate_all_tests(Tests, timed)\n"
    )
    (tmp_path / "deco.py").write_text(ADDS_ONE)
    (tmp_path / "tests.py").write_text(
        "from deco import timed\n\n\n" + helper + "decorate_all_tests(Tests, timed)\n"
    )
    result = run_flake8("--isolated", "--select", "WRP", "here.py", "deco.py", cwd=tmp_path)
    assert result.stdout == (
        "deco.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(f): f's name and docstring are lost\n"
        "here.py:2:5: WRP001 decorator 'timed' returns 'run' without"
        " @functools.wraps(f): f's name and docstring are lost\n"
    )


NAMES_AND_A_CALL = '''\
def if_present(func):
    def wrapper(value):
        if value:
            return func(value)
        return True

    return wrapper


def checked_decorator(func):
    def wrapper(value):
        return func(value)

    return wrapper


def metric(func):
    def wrapper(*args):
        return func(*args)

    return wrapper
'''


def test_two_names_and_one_call_are_a_possible_wrapper(tmp_path: Path) -> None:
    """gooey's ``ifPresent(f)``, a predicate combinator, reached WRP001 on its names."""
    (tmp_path / "names.py").write_text(NAMES_AND_A_CALL)
    result = explain("names.py:2", tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2] == (
        "  not reported: WRP007 is off by default (--extend-select WRP007 reports it)"
    )
    assert lines[4:] == [
        "'wrapper' (line 2), standing in for 'func': possibly a wrapper: WRP007 (off by default)",
        "        +1  stands-in: it calls 'func' with its own arguments",
        "        +1  wrapper-name: 'wrapper' is named as a wrapper",
        "        +1  function-parameter: 'func' is named as a function",
        "  decision: score 3 against thresholds of 3 (WRP001) and 2 (WRP007)",
        "  but it rests on names: WRP001 needs all three (a decorator's, a wrapper's and a"
        " function's) or other evidence worth 2",
        "  fix: unsafe, only with --unsafe-fixes: add @functools.wraps(func) above 'def wrapper'",
        "        'wrapper' takes named parameters: through __wrapped__ it would claim the"
        " parameters of 'func', which it may not accept",
        "        it is WRP007, on weaker evidence: its fix is never safe",
    ]


def test_all_three_names_or_star_args_handed_on_are_a_wrapper(tmp_path: Path) -> None:
    (tmp_path / "names.py").write_text(NAMES_AND_A_CALL)
    assert reported("names.py", tmp_path) == [
        ["names.py:2:5:", "WRP007"],
        ["names.py:11:5:", "WRP001"],
        ["names.py:18:5:", "WRP001"],
    ]
    star = explain("names.py:18", tmp_path).stdout.splitlines()
    assert star[5] == (
        "        +2  forwards-star-args: it takes no **kwargs and passes its *args on to 'func'"
    )


RUNNER_OF_STAR_ARGS = '''\
def grad(f, argnums=(0,)):
    def wrapper(*args):
        return grad_with_value(f, argnums)(*args)[0]

    return wrapper


def once_done_callback(job):
    def wrapper(*args):
        return once_done(job, *args)

    return wrapper
'''


def test_star_args_handed_with_a_function_to_a_runner_are_everything(tmp_path: Path) -> None:
    # functorch's grad before its maintainers added wraps: two names and a helper alone
    # made it a possible wrapper. Not a value bound for a callback (a3m's job).
    (tmp_path / "runner.py").write_text(RUNNER_OF_STAR_ARGS)
    assert reported("runner.py", tmp_path) == [
        ["runner.py:2:5:", "WRP001"],
        ["runner.py:9:5:", "WRP007"],
    ]
    lines = explain("runner.py:2", tmp_path).stdout.splitlines()
    assert lines[5] == (
        "        +2  runs-with-star-args: it takes no **kwargs and hands 'f' and its *args"
        " to a runner"
    )
    bound = explain("runner.py:9", tmp_path).stdout.splitlines()
    assert "        +1  handed-to-helper: it hands 'job' and its arguments to a helper" in bound


RETYPED = '''\
from typing import Awaitable, Callable, Optional


def to_async(func: Callable[..., T]) -> Callable[..., Awaitable[T]]:
    async def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def quiet(func: Callable[..., T]) -> Callable[..., Optional[T]]:
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            return None

    return wrapper


def paired(func: Callable[..., T]) -> Callable[..., tuple[T, float]]:
    def wrapper(*args, **kwargs):
        started = now()
        result = func(*args, **kwargs)
        return result, now() - started

    return wrapper
'''


def test_a_result_held_in_awaitable_or_optional_is_no_other_callable(tmp_path: Path) -> None:
    """llama-index's converters and pulumi's (result, exception) pairs are annotated to
    return a callable of another result; a sync-to-async decorator is not."""
    (tmp_path / "typed.py").write_text(RETYPED)
    retyped = {
        line: " retyped: " in explain(f"typed.py:{line}", tmp_path).stdout
        for line in (5, 12, 22)
    }
    assert retyped == {5: False, 12: False, 22: True}
    assert reported("typed.py", tmp_path) == [
        ["typed.py:5:5:", "WRP001"],
        ["typed.py:12:5:", "WRP001"],
        ["typed.py:22:5:", "WRP007"],
    ]


THUNKS = '''\
def backend_creator(create):
    def new_create():
        return create(load_numpy(), "classical")

    return new_create


def retry(func):
    def wrapper():
        for _ in range(3):
            try:
                return func()
            except OSError:
                pass

    return wrapper


@backend_creator
def create_backend(numpy, classical):
    return numpy


@retry
def ping():
    return True
'''


def test_a_closure_that_takes_nothing_but_gives_arguments_is_a_thunk(tmp_path: Path) -> None:
    """einx's ``_backend_creator``: the closure supplies every argument itself, so what is
    left takes nothing; a wrapper of a function that takes nothing stays one."""
    (tmp_path / "thunks.py").write_text(THUNKS)
    thunk = explain("thunks.py:2", tmp_path).stdout.splitlines()
    assert thunk[1:] == [
        "'new_create' (line 2), standing in for 'create': not reported",
        "        +1  other-values: it calls 'create' with values of its own",
        "        +4  applied-here: 'backend_creator' is applied as a decorator in this module",
        "        -5  takes-nothing: it takes no arguments but gives 'create' some: a new"
        " signature",
        "  decision: score 0 against thresholds of 3 (WRP001) and 2 (WRP007)",
    ]
    assert reported("thunks.py", tmp_path) == [
        ["thunks.py:9:5:", "WRP001"],
    ]


def test_a_constant_in_place_of_an_argument_is_a_partial_application(tmp_path: Path) -> None:
    """haiku's ``apply_without_state``: ``None`` fills the function's ``state``."""
    (tmp_path / "bound.py").write_text(
        "def without_state(apply):\n"
        "    def wrapper(params, *args, **kwargs):\n"
        "        return apply(params, None, *args, **kwargs)[0]\n"
        "\n"
        "    return wrapper\n"
    )
    lines = explain("bound.py:2", tmp_path).stdout.splitlines()
    assert (
        "        -5  partial-application: it passes None for one of the arguments of 'apply'"
        in lines
    )
    assert lines[-1] == "  decision: score -2 against thresholds of 3 (WRP001) and 2 (WRP007)"


def test_a_closure_that_answers_true_or_false_is_a_predicate(tmp_path: Path) -> None:
    """Misago's ``return_boolean``: False where the check raises, True where it passes.
    A wrapper that returns True on one path and the function's result on another stays
    one, and so does one whose nested helper is the predicate."""
    (tmp_path / "verdicts.py").write_text(
        "def return_boolean(check):\n"
        "    def decorator(*args, **kwargs):\n"
        "        try:\n"
        "            check(*args, **kwargs)\n"
        "        except LookupError:\n"
        "            return False\n"
        "        return True\n"
        "\n"
        "    return decorator\n"
        "\n"
        "\n"
        "def cached(function):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        if not args:\n"
        "            return False\n"
        "        return function(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
        "\n"
        "\n"
        "def logged(function):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        def ok(value):\n"
        "            if value:\n"
        "                return True\n"
        "            return False\n"
        "\n"
        "        function(*args, **kwargs)\n"
        "\n"
        "    return wrapper\n"
    )
    lines = explain("verdicts.py:2", tmp_path).stdout.splitlines()
    assert lines[1:] == [
        "'decorator' (line 2), standing in for 'check': not reported",
        "        +2  forwards-everything: it passes its *args and **kwargs on to 'check'",
        "        -5  returns-a-verdict: it returns True or False of its own, never what"
        " 'check' returns: a predicate",
        "  decision: score -3 against thresholds of 3 (WRP001) and 2 (WRP007)",
    ]
    assert reported("verdicts.py", tmp_path) == [
        ["verdicts.py:13:5:", "WRP001"],
        ["verdicts.py:22:5:", "WRP001"],
    ]


def test_a_long_literal_is_not_printed_whole(tmp_path: Path) -> None:
    long = "x" * 300
    (tmp_path / "long.py").write_text(
        "def deco(f):\n"
        "    def wrapper(*args):\n"
        f"        return f({long!r}, *args)\n"
        "\n"
        "    return wrapper\n"
    )
    lines = explain("long.py:2", tmp_path).stdout.splitlines()
    says = "it passes a literal for one of the arguments of 'f'"
    assert f"        -5  partial-application: {says}" in lines


def test_a_closure_that_takes_a_class_and_returns_it_is_a_class_decorator(
    tmp_path: Path,
) -> None:
    """Airtest's ``add_decorator_to_methods(decorator)``: applied in the project and named
    as a decorator, but its closure decorates the methods of the class it is given and
    returns that class; it stands in for no function. A closure that returns ``self``
    after calling the function still does (manim's ``affects_shader_info_id``)."""
    (tmp_path / "classes.py").write_text(
        "def add_decorator_to_methods(decorator):\n"
        "    def decorator_wrapper(cls):\n"
        "        for name in dir(cls):\n"
        "            setattr(cls, name, decorator(getattr(cls, name)))\n"
        "        return cls\n"
        "\n"
        "    return decorator_wrapper\n"
        "\n"
        "\n"
        "@add_decorator_to_methods(print)\n"
        "class Device:\n"
        "    pass\n"
        "\n"
        "\n"
        "def fluent(func):\n"
        "    def wrapper(self):\n"
        "        func(self)\n"
        "        return self\n"
        "\n"
        "    return wrapper\n"
        "\n"
        "\n"
        "class Mobject:\n"
        "    @fluent\n"
        "    def shift(self):\n"
        "        pass\n"
    )
    lines = explain("classes.py:2", tmp_path).stdout.splitlines()
    assert lines[1:] == [
        "'decorator_wrapper' (line 2), standing in for 'decorator': not reported",
        "        +1  derived-arguments: it calls 'decorator' with values made from its arguments",
        "        +1  decorator-name: 'add_decorator_to_methods' is named as a decorator",
        "        +1  wrapper-name: 'decorator_wrapper' is named as a wrapper",
        "  excludes  decorates-a-class: it takes a class 'cls' and returns it: a class"
        " decorator, not a stand-in",
        "  decision: excluded by decorates-a-class",
    ]
    assert reported("classes.py", tmp_path) == [["classes.py:16:5:", "WRP001"]]


def test_the_name_given_to_getattr_is_no_function(tmp_path: Path) -> None:
    """openhtf's ``Measurement.__getattr__(name)`` returns a closure that hands ``name``
    and its arguments to a factory: an attribute made of its name. With no parameter that
    may hold a function, nothing is judged."""
    (tmp_path / "lookups.py").write_text(
        "class Measurement:\n"
        "    def __getattr__(self, name):\n"
        "        def _with_validator(*args, **kwargs):\n"
        "            return self.with_validator(create_validator(name, *args, **kwargs))\n"
        "\n"
        "        return _with_validator\n"
    )
    lines = explain("lookups.py:3", tmp_path).stdout.splitlines()
    assert lines == [
        "method '__getattr__' (line 2) returns 1 closure; parameters that may hold the"
        " function: none that may hold a function",
        "'_with_validator': not reported",
    ]
    assert reported("lookups.py", tmp_path) == []


def test_a_method_bound_by_hand_is_explained(tmp_path: Path) -> None:
    """manticore's ``transact``: its ``__get__`` returns ``MethodType(_pre_func, obj)``;
    explain says why the closure is reported, and how ``fix`` would repair it."""
    (tmp_path / "bound.py").write_text(
        "from types import MethodType\n"
        "\n"
        "\n"
        "class transact:\n"
        "    def __init__(self, pre):\n"
        "        self._pre = pre\n"
        "\n"
        "    def __get__(self, obj, objtype=None):\n"
        "        def _pre_func(my_obj, *args, **kwargs):\n"
        "            return self._pre(my_obj, *args, **kwargs)\n"
        "\n"
        "        return MethodType(_pre_func, obj)\n"
        "\n"
        "\n"
        "class EVM:\n"
        "    @transact\n"
        "    def call(self, gas):\n"
        "        return gas\n"
    )
    lines = explain("bound.py:9", tmp_path).stdout.splitlines()
    assert lines[3:] == [
        "descriptor 'transact' (line 4) is applied as a decorator; its __get__ returns"
        " '_pre_func' (line 9), which calls 'self._pre' with its own arguments: a method"
        " bound by hand, under the closure's name: reported",
        "  fix: unsafe, only with --unsafe-fixes: add @functools.wraps(self._pre) above"
        " 'def _pre_func'",
        "        through __wrapped__ '_pre_func' would report the signature of 'self._pre',"
        " which takes the instance too",
    ]
    assert lines[0] == (
        "bound.py:9:9: WRP001 descriptor 'transact' returns '_pre_func' without"
        " @functools.wraps(self._pre): self._pre's name and docstring are lost"
    )
    assert reported("bound.py", tmp_path) == [["bound.py:9:9:", "WRP001"]]


def test_a_decorator_applied_only_through_method_decorator_is_excluded(tmp_path: Path) -> None:
    """edx-proctoring's ``require_staff``: only ``@method_decorator(require_staff)``
    applies it, and Django copies the method's metadata onto what that returns."""
    (tmp_path / "views.py").write_text(
        "from django.utils.decorators import method_decorator\n"
        "\n"
        "\n"
        "def require_staff(func):\n"
        "    def wrapped(request, *args, **kwargs):\n"
        "        return func(request, *args, **kwargs)\n"
        "\n"
        "    return wrapped\n"
        "\n"
        "\n"
        "class StaffView:\n"
        "    @method_decorator(require_staff)\n"
        "    def get(self, request):\n"
        "        return 'staff'\n"
    )
    lines = explain("views.py:5", tmp_path).stdout.splitlines()
    assert lines[1:] == [
        "'wrapped' (line 5), standing in for 'func': not reported",
        "        +2  forwards-everything: it passes its *args and **kwargs on to 'func'",
        "        +1  wrapper-name: 'wrapped' is named as a wrapper",
        "        +1  function-parameter: 'func' is named as a function",
        "  excludes  applied-by-method-decorator: 'require_staff' is applied only through"
        " Django's method_decorator, which copies the method's name and docstring onto what"
        " it returns",
        "  decision: excluded by applied-by-method-decorator",
    ]
    assert reported("views.py", tmp_path) == []


OWNERSHIP = """\
def owner_required(func):
    def decorated(request, *args, **kwargs):
        if request.user != request.owner:
            raise PermissionError
        return func(request, *args, **kwargs)

    return decorated
"""

OWNERSHIP_FINDING = (
    "pkg/decorators.py:2:5: WRP001 decorator 'owner_required' returns 'decorated' without"
    " @functools.wraps(func): func's name and docstring are lost\n"
)


@pytest.mark.parametrize(
    "handing",
    [
        'has_ownership = [owner_required, login_required]\n\n\n'
        '@method_decorator(has_ownership, "get")',
        '@method_decorator([login_required, owner_required], name="dispatch")',
        '@method_decorator(decorators.owner_required, name="dispatch")',
    ],
)
def test_a_decorator_another_module_hands_only_to_method_decorator_is_excluded(
    handing: str, tmp_path: Path
) -> None:
    """CafeForYou's ownership checks: each app's views hand them to ``method_decorator``,
    alone, in a list written in the call or in a list bound to a name, and nothing
    applies them with ``@``. Django copies the method's metadata onto what
    ``method_decorator`` returns. A view of another module that applies one with ``@``
    brings the finding back."""
    project_package(tmp_path, decorators=OWNERSHIP)
    views = (
        "from django.contrib.auth.decorators import login_required\n"
        "from django.utils.decorators import method_decorator\n"
        "from django.views import View\n"
        "\n"
        "from pkg import decorators\n"
        "from pkg.decorators import owner_required\n"
        "\n"
        f"{handing}\n"
        "class AccountView(View):\n"
        "    def get(self, request):\n"
        "        return 'account'\n"
    )
    assert lint_with_views(tmp_path, views) == (0, "")
    lines = explain("pkg/decorators.py:2", tmp_path).stdout.splitlines()
    assert lines[-2:] == [
        "  excludes  applied-by-method-decorator: 'owner_required' is applied only through"
        " Django's method_decorator, which copies the method's name and docstring onto what"
        " it returns",
        "  decision: excluded by applied-by-method-decorator",
    ]
    (tmp_path / "pkg" / "shop.py").write_text(
        "from pkg.decorators import owner_required\n"
        "\n"
        "\n"
        "@owner_required\n"
        "def basket(request):\n"
        "    return 'basket'\n"
    )
    assert lint_with_views(tmp_path, views) == (1, OWNERSHIP_FINDING)


def test_a_list_handed_to_method_decorator_says_nothing_of_other_lists(tmp_path: Path) -> None:
    """Only the list the module hands to ``method_decorator`` counts: a list of checks
    kept for something else (a table of middleware) applies nothing through it, and
    neither does a line commented out (django-online-exam keeps several)."""
    project_package(tmp_path, decorators=OWNERSHIP)
    views = (
        "from django.utils.decorators import method_decorator\n"
        "from django.views.decorators.cache import never_cache\n"
        "\n"
        "from pkg.decorators import owner_required\n"
        "\n"
        "CHECKS = [owner_required]\n"
        "decorators = [never_cache]\n"
        "\n"
        "\n"
        "# @method_decorator(owner_required)\n"
        '@method_decorator(decorators, name="dispatch")\n'
        "class AccountView:\n"
        "    def dispatch(self, request):\n"
        "        return 'account'\n"
    )
    assert lint_with_views(tmp_path, views) == (1, OWNERSHIP_FINDING)


GUARD = """\
def is_allowed(get_response):
    def guard(request):
        if not request.session.get("email"):
            return None
        return get_response(request)

    return guard
"""


def test_a_middleware_factory_applied_in_another_module_decorates_views(tmp_path: Path) -> None:
    """University-Result-Management-System's login checks take ``get_response`` and
    return a guard that takes the request alone: Django middleware's shape, excluded
    while nothing applies them. Its views apply them with ``@``, which Django never does
    to middleware: then they are view decorators, reported."""
    project_package(tmp_path, middlewares=GUARD)
    assert lint_with_views(tmp_path, "def index(request):\n    return ''\n") == (0, "")
    applied = "from pkg.middlewares import is_allowed\n\n\n@is_allowed\ndef index(request):\n"
    assert lint_with_views(tmp_path, applied + "    return ''\n") == (
        1,
        "pkg/middlewares.py:2:5: WRP001 decorator 'is_allowed' returns 'guard' without"
        " @functools.wraps(get_response): get_response's name and docstring are lost\n",
    )
    lines = explain("pkg/middlewares.py:2", tmp_path).stdout.splitlines()
    decision = next(i for i, line in enumerate(lines) if line.startswith("  decision:"))
    assert lines[decision - 2:decision + 1] == [
        "        +1  stands-in: it calls 'get_response' with its own arguments",
        "        +4  applied-in-project: 'is_allowed' is applied as a decorator in another"
        " project module: not Django middleware",
        "  decision: score 5 against thresholds of 3 (WRP001) and 2 (WRP007)",
    ]


INSTALLED = '''\
import requests


def add_logging(cls):
    original_run = cls.run

    def logged_run(self, *args, **kwargs):
        return original_run(self, *args, **kwargs)

    cls.run = logged_run
    return cls


def patch_requests():
    old_request = requests.Session.request

    def new_request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", 10)
        return old_request(self, method, url, **kwargs)

    requests.Session.request = new_request
'''


def test_explain_an_installed_closure(tmp_path: Path) -> None:
    """A closure set in place of the attribute it calls has evidence of its own."""
    (tmp_path / "patch.py").write_text(INSTALLED)
    result = explain("patch.py:8", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "'logged_run' (line 7), set in place of cls.run (line 10): a wrapper: reported",
        "        +2  replaces-what-it-calls: 'logged_run' is set in place of cls.run, whose old"
        " value 'original_run' it calls",
        "        +2  on-its-class: cls is a class that 'add_logging' is given or makes",
        "  decision: score 4 against thresholds of 3 (WRP001) and 2 (WRP007)",
        "  fix: safe: add @functools.wraps(original_run) above 'def logged_run'",
    ]
    result = explain("patch.py:18", tmp_path)
    assert result.stdout.splitlines() == [
        "'new_request' (line 17), set in place of requests.Session.request (line 21):"
        " possibly a wrapper: WRP007 (off by default)",
        "        +2  replaces-what-it-calls: 'new_request' is set in place of"
        " requests.Session.request, whose old value 'old_request' it calls",
        "        +0  on-a-library-class: requests.Session names a class from elsewhere: a"
        " monkey patch",
        "  decision: score 2 against thresholds of 3 (WRP001) and 2 (WRP007)",
        "  fix: unsafe, only with --unsafe-fixes: add @functools.wraps(old_request) above"
        " 'def new_request'",
        "        'new_request' does not hand its arguments unchanged to 'old_request': through"
        " __wrapped__ it would report the signature of 'old_request'",
        "        it is WRP007, on weaker evidence: its fix is never safe",
    ]


def test_explain_on_the_read_or_the_install_line_is_about_the_installed_closure(
    tmp_path: Path,
) -> None:
    """A hostile pass of stop 86: ``explain`` on the line that reads the old value or
    sets the closure said nothing was there; each is where a reader sees the patch."""
    (tmp_path / "patch.py").write_text(INSTALLED)
    on_def = explain("patch.py:7", tmp_path).stdout
    evidence = on_def[on_def.index("'logged_run' (line 7)"):]
    assert evidence.startswith(
        "'logged_run' (line 7), set in place of cls.run (line 10): a wrapper: reported\n"
    )
    for line in (5, 10):
        result = explain(f"patch.py:{line}", tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout == evidence


def test_explain_of_a_closure_that_returns_a_closure_is_about_the_closure(
    tmp_path: Path,
) -> None:
    """Previously ``explain util.py:2`` printed the finding at line 2, then described
    'curried' as a function returning a lambda ("not reported"): the innermost function
    holding the line, not the one that returns the closure there (a hostile pass)."""
    (tmp_path / "util.py").write_text(
        "def curry(func):\n"
        "    def curried(*args, **kwargs):\n"
        "        if len(args) < 2:\n"
        "            return lambda *more: curried(*args, *more, **kwargs)\n"
        "        return func(*args, **kwargs)\n"
        "    return curried\n"
    )
    result = explain("util.py:2", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[3:5] == [
        "function 'curry' (line 1) returns 1 closure; parameters that may hold the function:"
        " func",
        "'curried' (line 2), standing in for 'func': a wrapper: reported",
    ]
    # Inside the closure, its own lambda is what the line holds.
    assert explain("util.py:4", tmp_path).stdout.splitlines()[0].startswith(
        "function 'curried' (line 2) returns 1 closure"
    )
