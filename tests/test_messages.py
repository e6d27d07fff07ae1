"""Exact messages and positions of every rule, on source strings and through flake8."""

from __future__ import annotations

from pathlib import Path

from conftest import findings_in, run_flake8


def only_message(source: str) -> tuple[int, int, str]:
    (finding,) = findings_in(source)
    return finding.line, finding.col + 1, f"{finding.code} {finding.message}"


def test_wrp001_message_through_flake8(tmp_path: Path) -> None:
    """The line a user sees, exactly as the README shows it."""
    decorators = tmp_path / "app" / "utils" / "decorators.py"
    decorators.parent.mkdir(parents=True)
    decorators.write_text(
        "import time\n"
        "\n"
        "def timeit(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        start = time.perf_counter()\n"
        "        result = func(*args, **kwargs)\n"
        "        print(time.perf_counter() - start)\n"
        "        return result\n"
        "    return wrapper\n"
    )
    result = run_flake8("--isolated", "--select", "WRP", "app", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "app/utils/decorators.py:4:5: WRP001 'wrapper' is returned by decorator 'timeit'"
        " without @functools.wraps(func): it replaces the decorated function's name,"
        " docstring and signature\n"
    )


def test_wrp002_message() -> None:
    assert only_message(
        """
        import functools as ft
        def deco(func):
            ft.wraps(func)
            def wrapper():
                return func()
            return wrapper
        """
    ) == (
        4,
        5,
        "WRP002 ft.wraps(func) is a bare statement: it builds a decorator and throws it"
        " away, so nothing is copied; decorate the wrapper with @ft.wraps(func) instead",
    )


def test_wrp003_message_names_the_wrapped_parameter() -> None:
    assert only_message(
        """
        from functools import wraps as _wraps
        def deco(view):
            @_wraps
            def wrapper(request):
                return view(request)
            return wrapper
        """
    ) == (
        4,
        6,
        "WRP003 @_wraps without arguments turns 'wrapper' into a functools.partial object;"
        " write @_wraps(view)",
    )


def test_wrp004_reversed_message() -> None:
    assert only_message(
        """
        import functools
        def deco(func):
            def wrapper(*a):
                return func(*a)
            functools.update_wrapper(func, wrapper)
            return wrapper
        """
    ) == (
        6,
        5,
        "WRP004 functools.update_wrapper(func, wrapper) has its arguments reversed: it"
        " copies the metadata of 'wrapper' onto 'func'; write"
        " functools.update_wrapper(wrapper, func)",
    )


def test_wrp004_wrong_source_message() -> None:
    assert only_message(
        """
        from functools import wraps
        def route(path):
            def decorator(func):
                @wraps(path)
                def wrapper(*a):
                    return func(*a)
                return wrapper
            return decorator
        """
    ) == (
        5,
        10,
        "WRP004 @wraps(path) copies the metadata of the wrong object: 'wrapper' stands in"
        " for 'func'; write @wraps(func)",
    )


def test_wrp005_message() -> None:
    assert only_message(
        """
        def deco(func):
            return lambda *args: func(*args)
        """
    ) == (
        3,
        12,
        "WRP005 decorator 'deco' returns a lambda that calls 'func': a lambda cannot carry"
        " its name, docstring and signature; use a def with @functools.wraps(func)",
    )


def test_wrp006_message() -> None:
    assert only_message(
        """
        class Memo:
            def __init__(self, fn):
                self.fn = fn
            def __call__(self, *args, **kwargs):
                return self.fn(*args, **kwargs)
        """
    ) == (
        2,
        1,
        "WRP006 class-based decorator 'Memo' keeps 'fn' without copying its metadata: call"
        " functools.update_wrapper(self, fn) in __init__",
    )


def test_decorated_wrapper_is_reported_at_the_def_line() -> None:
    """Python reports a decorated def at its ``def`` line; so do we."""
    assert [(f.line, f.col + 1, f.code) for f in findings_in(
        """
        import functools
        def deco(func):
            @functools.lru_cache(maxsize=None)
            @other
            async def wrapper(*args):
                return await func(*args)
            return wrapper
        """
    )] == [(6, 5, "WRP001")]
