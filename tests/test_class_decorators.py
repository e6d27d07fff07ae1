"""WRP006's messages and fixes on the kinds of class it tells apart: a copy from the stored
attribute, a half copy by hand, a descriptor used as a decorator, a class that says it is
no decorator. The example files hold the rest (``tests/examples/wrp006*.py``)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

from flake8_wraps.project.checker import check
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.fix.fixer import fix_source

from conftest import findings_in, run_flake8

SCRIPT = Path(sys.executable).with_name("flake8-wraps")

REIFY = """
    class reify:
        def __init__(self, wrapped):
            self.wrapped = wrapped

        def __get__(self, inst, objtype=None):
            if inst is None:
                return self
            return self.wrapped(inst)
    """

HALF_COPY = """
    class Memo:
        def __init__(self, fn):
            self.fn = fn
            self.__doc__ = fn.__doc__

        def __call__(self, *args, **kwargs):
            return self.fn(*args, **kwargs)
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
        "WRP006 class-based decorator 'Memo' copies __doc__ of 'fn' by hand; __name__,"
        " __qualname__ and __module__ are lost",
    )


def test_half_copy_of_the_name_names_the_docstring_as_lost() -> None:
    source = HALF_COPY.replace("self.__doc__ = fn.__doc__", "self.__name__ = fn.__name__")
    assert only_message(source)[2] == (
        "WRP006 class-based decorator 'Memo' copies __name__ of 'fn' by hand;"
        " __qualname__, __doc__ and __module__ are lost"
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
                self.wrapped = wrapped
                functools.update_wrapper(self, wrapped)

            def __get__(self, inst, objtype=None):
                if inst is None:
                    return self
                return self.wrapped(inst)
        """
    )


def test_the_half_copy_fix_is_unsafe_and_keeps_the_copy_by_hand() -> None:
    assert fixed(HALF_COPY, unsafe=False) == textwrap.dedent(HALF_COPY)
    assert fixed(HALF_COPY, unsafe=True) == textwrap.dedent(
        """
        import functools


        class Memo:
            def __init__(self, fn):
                self.fn = fn
                functools.update_wrapper(self, fn)
                self.__doc__ = fn.__doc__

            def __call__(self, *args, **kwargs):
                return self.fn(*args, **kwargs)
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
