"""WRP006's messages and fixes on the kinds of class it tells apart: a copy from the stored
attribute, a half copy by hand, a descriptor used as a decorator, a class that says it is
no decorator. The example files hold the rest (``tests/examples/wrp006*.py``)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from flake8_wraps.project.checker import check
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.fix.fixer import fix_source

from conftest import findings_in, lint_package, project_package, run_explain as explain, run_flake8

SCRIPT = Path(sys.executable).with_name("flake8-wraps")

REIFY = """
    class reify:
        def __init__(self, wrapped):
            self.wrapped = wrapped

        def __get__(self, inst, objtype=None):
            if inst is None:
                return self
            return self.wrapped(inst)

    class Page:
        @reify
        def title(self):
            return "title"
    """

HALF_COPY = """
    class Memo:
        def __init__(self, fn):
            self.fn = fn
            self.__doc__ = fn.__doc__

        def __call__(self, *args, **kwargs):
            return self.fn(*args, **kwargs)

    @Memo
    def square(x):
        return x * x
    """


def only_message(source: str) -> tuple[int, int, str]:
    (finding,) = findings_in(source)
    return finding.line, finding.col + 1, f"{finding.code} {finding.message}"


def fixed(source: str, unsafe: bool) -> str:
    encoded = textwrap.dedent(source).encode()
    findings = check(ast.parse(encoded), None)
    return fix_source(encoded, findings, DEFAULT_CONFIG, unsafe).source.decode()


def test_descriptor_message_names_the_docstring_and_the_name() -> None:
    """Not "the metadata": a descriptor's attribute is read, not called, so the
    signature is not what it loses."""
    assert only_message(REIFY) == (
        2,
        1,
        "WRP006 descriptor 'reify' drops the docstring and name of 'wrapped': call"
        " update_wrapper(self, wrapped) in __init__",
    )


def test_half_copy_message_names_what_is_copied_and_what_is_lost() -> None:
    assert only_message(HALF_COPY) == (
        2,
        1,
        "WRP006 class-based decorator 'Memo' copies __doc__ by hand; __name__,"
        " __qualname__, __module__ and __wrapped__ are lost",
    )


def test_half_copy_of_the_name_names_the_docstring_as_lost() -> None:
    source = HALF_COPY.replace("self.__doc__ = fn.__doc__", "self.__name__ = fn.__name__")
    assert only_message(source)[2] == (
        "WRP006 class-based decorator 'Memo' copies __name__ by hand;"
        " __qualname__, __doc__, __module__ and __wrapped__ are lost"
    )


def test_new_messages_stay_under_120_characters() -> None:
    for source in (REIFY, HALF_COPY):
        (finding,) = findings_in(source)
        assert len(f"{finding.code} {finding.message}") < 120, finding.message


def test_no_message_where_update_wrapper_copies_from_the_stored_attribute() -> None:
    """Previously a false positive: "call update_wrapper(self, function)" beside
    ``update_wrapper(self, self.function)`` (sklearn's ``_FuncWrapper``)."""
    source = """
        from functools import update_wrapper

        class FuncWrapper:
            def __init__(self, function):
                self.function = function
                update_wrapper(self, self.function)

            def __call__(self, *args, **kwargs):
                return self.function(*args, **kwargs)

        @FuncWrapper
        def square(x):
            return x * x
        """
    assert findings_in(source) == []
    without = source.replace("update_wrapper(self, self.function)", "self.calls = 0")
    assert [f.code for f in findings_in(without)] == ["WRP006"]


def test_no_message_where_a_stored_attribute_is_wrapped_with_wraps() -> None:
    source = """
        import functools

        class Wrapped:
            def __init__(self, func):
                self._func = func
                functools.wraps(self._func)(self)

            def __call__(self, *args, **kwargs):
                return self._func(*args, **kwargs)
        """
    assert findings_in(source) == []


def test_a_descriptor_that_sets_its_docstring_is_left_alone() -> None:
    """The standard library's ``functools.cached_property`` copies ``__doc__`` only:
    that is what ``help()`` shows, so nothing is reported."""
    copy = "self.wrapped = wrapped\n            self.__doc__ = wrapped.__doc__"
    source = REIFY.replace("self.wrapped = wrapped", copy)
    assert findings_in(source) == []


def test_the_descriptor_fix_is_unsafe_and_adds_update_wrapper() -> None:
    assert fixed(REIFY, unsafe=False) == textwrap.dedent(REIFY)
    assert fixed(REIFY, unsafe=True) == textwrap.dedent(
        """
        import functools


        class reify:
            def __init__(self, wrapped):
                functools.update_wrapper(self, wrapped)
                self.wrapped = wrapped

            def __get__(self, inst, objtype=None):
                if inst is None:
                    return self
                return self.wrapped(inst)

        class Page:
            @reify
            def title(self):
                return "title"
        """
    )


def test_the_half_copy_fix_is_unsafe_and_keeps_the_copy_by_hand() -> None:
    assert fixed(HALF_COPY, unsafe=False) == textwrap.dedent(HALF_COPY)
    assert fixed(HALF_COPY, unsafe=True) == textwrap.dedent(
        """
        import functools


        class Memo:
            def __init__(self, fn):
                functools.update_wrapper(self, fn)
                self.fn = fn
                self.__doc__ = fn.__doc__

            def __call__(self, *args, **kwargs):
                return self.fn(*args, **kwargs)

        @Memo
        def square(x):
            return x * x
        """
    )


def test_the_fixed_descriptor_is_clean() -> None:
    assert findings_in(fixed(REIFY, unsafe=True)) == []


def test_a_descriptor_finding_through_the_console_script(tmp_path: Path) -> None:
    """flake8 prints the short message; ``check --show-source`` adds what a descriptor
    loses."""
    (tmp_path / "props.py").write_text(textwrap.dedent(REIFY).lstrip(), encoding="utf-8")
    message = (
        "WRP006 descriptor 'reify' drops the docstring and name of 'wrapped':"
        " call update_wrapper(self, wrapped) in __init__"
    )
    result = run_flake8("--isolated", "--select", "WRP006", "props.py", cwd=tmp_path)
    assert result.stdout == f"props.py:1:1: {message}\n"
    result = subprocess.run(
        [str(SCRIPT), "check", "--no-cache", "-q", "--show-source", "props.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [
            f"props.py:1:1: {message}",
            "class reify:",
            "^",
            "= note: 'reify' instances take the place of 'wrapped' in its class; help() shows"
            " their own docstring; call functools.update_wrapper(self, wrapped) in __init__",
        ],
    )


def test_a_descriptor_is_no_damaging_decorator_for_registrations() -> None:
    """A descriptor takes a method's place in a class: nothing registers it, so WRP102
    stays with the callable class."""
    source = """
        from flask import Flask

        class CountCalls:
            def __init__(self, func):
                self.func = func

            def __call__(self, *args, **kwargs):
                return self.func(*args, **kwargs)

        class reify:
            def __init__(self, wrapped):
                self.wrapped = wrapped

            def __get__(self, inst, objtype=None):
                return self.wrapped(inst)

        app = Flask(__name__)

        @app.get("/")
        @CountCalls
        def index():
            return "index"

        @app.get("/about")
        @reify
        def about():
            return "about"
        """
    findings = check(ast.parse(textwrap.dedent(source)), None)
    assert [(f.line, f.code) for f in findings] == [
        (4, "WRP006"),
        (11, "WRP006"),
        (20, "WRP102"),
    ]


COUNTER_AND_HANDLER = """\
class CountCalls:
    def __init__(self, func):
        self.func = func
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)


class Handler:
    def __init__(self, callback):
        self.callback = callback

    def __call__(self, signum, frame):
        return self.callback()


class Logged(dict):
    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


@CountCalls
def counted():
    pass
"""


def test_explain_prints_a_class_decorators_evidence(tmp_path: Path) -> None:
    """The same judgement the rule makes, printed for a line anywhere in the class."""
    (tmp_path / "deco.py").write_text(COUNTER_AND_HANDLER)
    result = explain("deco.py:7", tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "class 'CountCalls' (line 1), standing in for 'func': a decorator: reported (WRP006)\n"
        "        +3  applied-here: '@CountCalls' in this module\n"
        "        +1  forwards-everything: __call__ passes its *args and **kwargs on to 'func'\n"
        "        +1  plain-bases: no base class to inherit a protocol from\n"
        "  decision: score 5 against a threshold of 3 (WRP006)\n"
        "  fix: unsafe, only with --unsafe-fixes: add functools.update_wrapper(self, func) to"
        " __init__, before line 3\n"
        "        update_wrapper copies the function's __dict__ onto the instance and sets"
        " __doc__, __module__, __wrapped__...: check what reads them\n",
    )


def test_explain_says_what_excludes_a_class(tmp_path: Path) -> None:
    (tmp_path / "deco.py").write_text(COUNTER_AND_HANDLER)
    result = explain("deco.py:11", tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "class 'Handler' (line 11), standing in for 'callback': not reported\n"
        "  excludes  fixed-signature: __call__ passes none of its arguments on to"
        " 'callback'\n"
        "  decision: excluded by fixed-signature\n",
    )


def test_explain_says_a_class_with_a_base_needs_more_evidence(tmp_path: Path) -> None:
    """A callable subclass of ``dict`` forwarding everything is more likely a proxy."""
    (tmp_path / "deco.py").write_text(COUNTER_AND_HANDLER)
    result = explain("deco.py:19", tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "class 'Logged' (line 19), standing in for 'func': not reported\n"
        "        +1  forwards-everything: __call__ passes its *args and **kwargs on to 'func'\n"
        "  decision: score 1 against a threshold of 3 (WRP006)\n",
    )


def test_every_class_signal_has_a_weight_or_excludes() -> None:
    """The weights table names only signals the rule can give, and the rule gives no
    weighted signal the table lacks (every other signal excludes)."""
    from flake8_wraps.analysis.class_decorators import CLASS_WEIGHTS

    rule = Path(__file__).parents[1] / "flake8_wraps/analysis/rules/class_decorator.py"
    source = rule.read_text()
    given = set(re.findall(r'class_signal\(\s*"([a-z-]+)"', source))
    assert set(CLASS_WEIGHTS) <= given
    assert given - set(CLASS_WEIGHTS) == {
        "manages-metadata", "says-no-decorator", "needs-more-arguments", "wraps-a-class",
        "fixed-signature", "copies-metadata", "docstring-set", "copied-by-hand",
        "class-property", "server-protocol", "value-type", "hook-by-default", "binds-arguments",
    }


def test_a_class_applied_in_another_module_is_reported(tmp_path: Path) -> None:
    """A subclass of ``dict`` that forwards everything is a proxy as often as not; ``@Logged``
    in another module of the project says it is a decorator."""
    package = project_package(tmp_path)
    (package / "deco.py").write_text(COUNTER_AND_HANDLER.split("\n\n\n")[2] + "\n")
    result = lint_package(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    (package / "views.py").write_text(
        "from pkg.deco import Logged\n\n\n@Logged\ndef view(x):\n    return x\n"
    )
    result = lint_package(tmp_path)
    assert result.stdout == (
        "pkg/deco.py:1:1: WRP006 class-based decorator 'Logged' drops the metadata of 'func':"
        " call update_wrapper(self, func) in __init__\n"
    )
    explained = explain("pkg/deco.py:1", tmp_path)
    assert explained.stdout.splitlines()[3:] == [
        "class 'Logged' (line 1), standing in for 'func': a decorator: reported (WRP006)",
        "        +3  applied-in-project: 'Logged' is applied as a decorator in another"
        " project module",
        "        +1  forwards-everything: __call__ passes its *args and **kwargs on to 'func'",
        "  decision: score 4 against a threshold of 3 (WRP006)",
        "  fix: unsafe, only with --unsafe-fixes: add functools.update_wrapper(self, func) to"
        " __init__, before line 3",
        "        update_wrapper copies the function's __dict__ onto the instance and sets"
        " __doc__, __module__, __wrapped__...: check what reads them",
    ]


#: A class whose ``__init__`` takes options besides the function, built by a decorator
#: with keyword options (``@vmap`` and ``@vmap(in_axes=1)``, PennyLane catalyst's shape).
OPTIONED_BUILDER = """\
import functools


class VmapCallable:
    def __init__(self, fn, in_axes, out_axes):
        self.fn = fn
        self.in_axes = in_axes
        self.out_axes = out_axes

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)


def vmap(fn=None, *, in_axes=0, out_axes=0):
    if fn is None:
        return functools.partial(vmap, in_axes=in_axes, out_axes=out_axes)
    built = VmapCallable(fn, in_axes, out_axes)
{copy}    return built
"""


def test_a_class_built_by_a_decorator_applied_in_another_module(tmp_path: Path) -> None:
    """``VmapCallable(fn, in_axes, out_axes)`` cannot be applied with ``@``, but ``vmap``,
    applied in another module, builds it from the function it decorates: what the
    builder copies onto what it builds counts as the class's own copy."""
    package = project_package(tmp_path)
    (package / "maps.py").write_text(OPTIONED_BUILDER.format(copy=""))
    result = lint_package(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    (package / "use.py").write_text(
        "from pkg.maps import vmap\n\n\n@vmap(in_axes=1)\ndef f(x):\n    return x\n"
    )
    result = lint_package(tmp_path)
    assert result.stdout == (
        "pkg/maps.py:4:1: WRP006 class-based decorator 'VmapCallable' drops the metadata of"
        " 'fn': call update_wrapper(self, fn) in __init__\n"
    )
    (package / "maps.py").write_text(
        OPTIONED_BUILDER.format(copy="    built.__name__ = fn.__name__\n")
    )
    result = lint_package(tmp_path)
    assert result.stdout == (
        "pkg/maps.py:4:1: WRP006 class-based decorator 'VmapCallable' copies __name__ by"
        " hand; __qualname__, __doc__, __module__ and __wrapped__ are lost\n"
    )
    (package / "maps.py").write_text(
        OPTIONED_BUILDER.format(copy="    functools.update_wrapper(built, fn)\n")
    )
    result = lint_package(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_a_middleware_wrapping_an_application_attribute_applies_no_decorator(
    tmp_path: Path,
) -> None:
    """``app.wsgi_app = Logged(app.wsgi_app)`` in another module wraps an application in a
    middleware (searxng's, rucio's, beets' ``ReverseProxied``): a class so applied is
    not thereby a decorator."""
    package = project_package(tmp_path)
    (package / "deco.py").write_text(COUNTER_AND_HANDLER.split("\n\n\n")[2] + "\n")
    (package / "app.py").write_text(
        "from pkg.deco import Logged\n\n\ndef create(app):\n"
        "    app.wsgi_app = Logged(app.wsgi_app)\n    return app\n"
    )
    result = lint_package(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_no_class_decorator_gets_a_safe_fix() -> None:
    """``update_wrapper(self, func)`` copies the function's ``__dict__`` onto the instance
    and sets ``__doc__``, ``__module__``, ``__wrapped__``: whatever reads them (``vars``,
    ``getattr``, a method the copy shadows, a subclass's property, slots a class decorator
    adds) changes, and no reading of the class sees all of that. A hostile pass broke
    nine fixes a narrower rule called safe. Every WRP006 fix is ``--unsafe-fixes``."""
    source = (Path(__file__).parent / "examples" / "wrp006_class_fixes.py").read_bytes()
    safety = {
        dict(finding.fields)["decorator"]: finding.fix is not None and finding.fix.safe
        for finding in check(ast.parse(source), None)
    }
    assert safety == {
        "deferred": False,
        "external": False,
        "through_a_helper": False,
        "cache_readonly": False,
        "RemoteFunction": False,
        "vectorize": False,
    }
    counted = check(ast.parse(textwrap.dedent(COUNTER_AND_HANDLER)), None)
    assert [(dict(f.fields)["decorator"], f.fix is not None and f.fix.safe) for f in counted] == [
        ("CountCalls", False)
    ]


STACKED = """\
class counted:
    def __init__(self, func):
        self.func = func
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)


class logged:
    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        LOG.append("called")
        return self.func(*args, **kwargs)


@counted
@logged
def f():
    return 1
"""


def test_the_class_fix_keeps_two_stacked_class_decorators_working() -> None:
    """Placed before the store, ``update_wrapper`` copies the inner instance's
    ``__dict__`` (its ``func`` too) first, and ``__init__`` stores the outer's own
    ``func`` after it: ``logged`` still runs. (Placed after the store, the copy
    replaced ``counted``'s ``func`` with ``logged``'s, and ``logged`` was skipped.)"""
    source = STACKED.encode()
    findings = check(ast.parse(source), None)
    assert [(f.code, f.line, f.fix is not None and f.fix.safe) for f in findings] == [
        ("WRP006", 1, False), ("WRP006", 11, False)
    ]
    assert fix_source(source, findings, DEFAULT_CONFIG).fixed == []

    def run(code: bytes) -> tuple[list[str], int, str, int]:
        namespace: dict[str, Any] = {"LOG": []}
        exec(compile(code, "stacked.py", "exec"), namespace)
        f = namespace["f"]
        return namespace["LOG"], f(), getattr(f, "__name__", "?"), f.calls

    assert run(source) == (["called"], 1, "?", 1)
    fixed_source = fix_source(source, findings, DEFAULT_CONFIG, unsafe=True).source
    assert run(fixed_source) == (["called"], 1, "f", 1)


def test_explain_names_the_decorator_that_builds_a_class(tmp_path: Path) -> None:
    """``RemoteFunction(view, f)`` needs more than the function; ``remote_function``, the
    level a factory returns, gives it the function it decorates."""
    (tmp_path / "deco.py").write_bytes(
        (Path(__file__).parent / "examples" / "wrp006_class_fixes.py").read_bytes()
    )
    result = explain("deco.py:51", tmp_path)
    assert result.stdout.splitlines()[3:] == [
        "class 'RemoteFunction' (line 51), standing in for 'f': a decorator: reported (WRP006)",
        "        +3  built-by-decorator: 'remote_function' builds it from the function it"
        " decorates",
        "        +1  forwards-everything: __call__ passes its *args and **kwargs on to 'f'",
        "        +1  plain-bases: no base class to inherit a protocol from",
        "  decision: score 5 against a threshold of 3 (WRP006)",
        "  fix: unsafe, only with --unsafe-fixes: add functools.update_wrapper(self, f) to"
        " __init__, before line 55",
        "        update_wrapper copies the function's __dict__ onto the instance and sets"
        " __doc__, __module__, __wrapped__...: check what reads them",
    ]
    job = explain("deco.py:69", tmp_path)
    assert job.stdout.splitlines() == [
        "class 'Job' (line 69), standing in for 'queue': not reported",
        "  excludes  needs-more-arguments: __init__ needs more than 'queue': '@Job' cannot"
        " apply it",
        "  decision: excluded by needs-more-arguments",
    ]


def test_explain_says_what_the_class_fix_does_and_why_it_is_unsafe(tmp_path: Path) -> None:
    counted = '"""Decorator that counts calls."""\n'
    source = COUNTER_AND_HANDLER.replace("class CountCalls:\n", f"class CountCalls:\n    {counted}")
    (tmp_path / "deco.py").write_text(source, encoding="utf-8")
    assert explain("deco.py:2", tmp_path).stdout.splitlines()[-2:] == [
        "  fix: unsafe, only with --unsafe-fixes: add functools.update_wrapper(self, func)"
        " to __init__, before line 4",
        "        update_wrapper copies the function's __dict__ onto the instance and sets"
        " __doc__, __module__, __wrapped__...: check what reads them",
    ]


def test_a_class_whose_slots_leave_no_room_is_told_what_to_add() -> None:
    """``update_wrapper(self, func)`` raises AttributeError there: the message used to ask
    for it all the same. No fix: the slots are the author's to change."""
    source = (Path(__file__).parent / "examples" / "wrp006.py").read_bytes()
    found = {
        dict(f.fields)["decorator"]: (f.rule.name, f.message, f.fix)
        for f in check(ast.parse(source), None)
    }
    assert found["Slotted"] == (
        "slotted-class-decorator-missing-metadata",
        "class-based decorator 'Slotted' drops the metadata of 'func', and its __slots__ leave"
        " no room for it",
        None,
    )
    # a descriptor too: its message used to ask for update_wrapper(self, compute)
    assert found["slotted_cached"] == (
        "slotted-class-decorator-missing-metadata",
        "class-based decorator 'slotted_cached' drops the metadata of 'compute', and its"
        " __slots__ leave no room for it",
        None,
    )


def test_typed_and_paired_stores_are_read_and_fixed(tmp_path: Path) -> None:
    """``self.func: F = func``, ``self.func, self.calls = func, 0`` and a ``'__dict__'``
    slot were silent before; the unsafe fix gives each function its name back."""
    fixes = Path(__file__).parent / "fixes"
    before = (fixes / "typed_class_stores.before.py").read_bytes()
    assert [(f.code, f.line, f.rule.name) for f in check(ast.parse(before), None)] == [
        ("WRP006", 7, "class-decorator-missing-update-wrapper"),
        ("WRP006", 15, "class-decorator-missing-update-wrapper"),
        ("WRP006", 24, "class-decorator-missing-update-wrapper"),
    ]
    shown = "print([(getattr(f, '__name__', None), f.__doc__) for f in (first, second, third)])"
    for name, expected in (
        ("before", "[(None, None), (None, None), (None, None)]"),
        ("unsafe-after", "[('first', 'The first.'), ('second', 'The second.'),"
                         " ('third', 'The third.')]"),
    ):
        module = tmp_path / f"{name.replace('-', '_')}.py"
        module.write_text((fixes / f"typed_class_stores.{name}.py").read_text() + shown + "\n")
        run = subprocess.run([sys.executable, str(module)], capture_output=True, text=True)
        assert run.stdout.strip() == expected, run.stderr


@pytest.mark.parametrize(
    ("source", "explained"),
    [
        pytest.param(
            "class classproperty:\n"
            "    def __init__(self, func):\n"
            "        self.func = func\n"
            "\n"
            "    def __get__(self, instance, owner=None):\n"
            "        return self.func(type(instance) if owner is None else owner)\n",
            "class 'classproperty' (line 1), standing in for 'func': not reported\n"
            "  excludes  fixed-signature: __get__ does not call 'func' with the instance or"
            " the class alone\n"
            "  decision: excluded by fixed-signature\n",
            id="nonebot's classproperty: a __get__, no __call__",
        ),
        pytest.param(
            "class TimingMiddleware:\n"
            "    def __init__(self, get_response):\n"
            "        self.get_response = get_response\n"
            "\n"
            "    def __call__(self, request):\n"
            "        return self.get_response(request)\n",
            "class 'TimingMiddleware' (line 1), standing in for 'get_response': not"
            " reported\n"
            "  excludes  server-protocol: __call__ takes the request alone around"
            " 'get_response': Django middleware\n"
            "  decision: excluded by server-protocol\n",
            id="Django middleware: the request alone, around get_response",
        ),
    ],
)
def test_explain_names_what_excludes_a_class(
    tmp_path: Path, source: str, explained: str
) -> None:
    """The exclusion says what the class has: nonebot's classproperty has a ``__get__``
    and no ``__call__``; Django calls a middleware with the request alone, around the next
    handler of its chain, which ``__init__`` takes as ``get_response``."""
    (tmp_path / "deco.py").write_text(source)
    result = explain("deco.py:1", tmp_path)
    assert (result.returncode, result.stdout) == (0, explained)


def test_wsgi_middleware_rebinding_the_application_is_no_decorator(tmp_path: Path) -> None:
    """instana's middleware, applied as ``app = InstanaWSGIMiddleware(app)``: its
    ``__call__`` passes ``environ`` and ``start_response`` on, as a wrapper passes its
    arguments, but what it wraps is an application object, whose name nobody reads."""
    (tmp_path / "app.py").write_text(
        "class InstanaWSGIMiddleware:\n"
        "    def __init__(self, app):\n"
        "        self.app = app\n"
        "\n"
        "    def __call__(self, environ, start_response):\n"
        "        return self.app(environ, start_response)\n"
        "\n"
        "\n"
        "def app(environ, start_response):\n"
        "    return []\n"
        "\n"
        "\n"
        "app = InstanaWSGIMiddleware(app)\n"
    )
    result = run_flake8("--isolated", "--select", "WRP", "app.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    result = explain("app.py:1", tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "class 'InstanaWSGIMiddleware' (line 1), standing in for 'app': not reported\n"
        "  excludes  server-protocol: __call__ takes a server protocol's arguments:"
        " middleware\n"
        "  decision: excluded by server-protocol\n",
    )


def test_a_handler_class_taking_more_than_the_protocol_is_no_middleware(
    tmp_path: Path,
) -> None:
    """A server calls an application with ``environ, start_response`` alone; a
    ``__call__`` that also takes ``*args, **kwargs`` stands in for a router's handler
    function, applied with ``@``, whose name the routes show."""
    (tmp_path / "app.py").write_text(
        "class RequireUser:\n"
        "    def __init__(self, handler):\n"
        "        self.handler = handler\n"
        "\n"
        "    def __call__(self, environ, start_response, *args, **kwargs):\n"
        "        return self.handler(environ, start_response, *args, **kwargs)\n"
        "\n"
        "\n"
        "@RequireUser\n"
        "def list_users(environ, start_response):\n"
        "    return []\n"
    )
    result = run_flake8("--isolated", "--select", "WRP", "app.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        1,
        "app.py:1:1: WRP006 class-based decorator 'RequireUser' drops the metadata of"
        " 'handler': call update_wrapper(self, handler) in __init__\n",
    )


def test_a_class_built_by_a_builder_applied_in_another_module_is_reported(
    tmp_path: Path,
) -> None:
    """funsor's ``debug_logged(fn)`` returns ``DebugLogged(fn)``, and ``@debug_logged``
    stands in ``delta.py``: the class's instances replace the functions it decorates."""
    package = project_package(tmp_path)
    (package / "instrument.py").write_text(
        "class DebugLogged(object):\n"
        "    def __init__(self, fn):\n"
        "        self.fn = fn\n"
        "\n"
        "    def __call__(self, *args, **kwargs):\n"
        "        print(self.fn)\n"
        "        return self.fn(*args, **kwargs)\n"
        "\n"
        "\n"
        "def debug_logged(fn):\n"
        "    if isinstance(fn, DebugLogged):\n"
        "        return fn\n"
        "    return DebugLogged(fn)\n"
    )
    result = lint_package(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    (package / "delta.py").write_text(
        "from pkg.instrument import debug_logged\n\n\n@debug_logged\ndef eager(x):\n"
        "    return x\n"
    )
    result = lint_package(tmp_path)
    assert result.stdout == (
        "pkg/instrument.py:1:1: WRP006 class-based decorator 'DebugLogged' drops the metadata"
        " of 'fn': call update_wrapper(self, fn) in __init__\n"
    )
    explained = explain("pkg/instrument.py:1", tmp_path)
    assert explained.stdout.splitlines()[3:7] == [
        "class 'DebugLogged' (line 1), standing in for 'fn': a decorator: reported (WRP006)",
        "        +1  forwards-everything: __call__ passes its *args and **kwargs on to 'fn'",
        "        +1  plain-bases: no base class to inherit a protocol from",
        "        +3  built-by-decorator: 'debug_logged' builds it from the function it"
        " decorates",
    ]


def test_a_subclass_of_a_value_type_is_no_decorator(tmp_path: Path) -> None:
    """pygobject's ``Signal(str)``: a string that declares a signal, whose docstring says
    it may be "used as a decorator"; what it makes is a value, not the function's
    stand-in (a false positive on blind set AX)."""
    (tmp_path / "signals.py").write_text(
        "class Signal(str):\n"
        '    """A signal; its name, or the closure when used as a decorator."""\n'
        "\n"
        "    def __init__(self, func):\n"
        "        self.func = func\n"
        "\n"
        "    def __call__(self, *args, **kwargs):\n"
        "        return self.func(*args, **kwargs)\n"
    )
    result = explain("signals.py:1", tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "class 'Signal' (line 1), standing in for 'func': not reported\n"
        "  excludes  value-type: it is a 'str', a value\n"
        "  decision: excluded by value-type\n",
    )
    without_the_base = (tmp_path / "signals.py").read_text().replace("(str)", "")
    assert findings_in(without_the_base)[0].code == "WRP006"
