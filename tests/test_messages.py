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
        "app/utils/decorators.py:4:5: WRP001 decorator 'timeit' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost\n"
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
        "WRP002 ft.wraps(func) is a bare statement that copies nothing; decorate the wrapper"
        " with @ft.wraps(func)",
    )


def test_wrp002_without_an_argument_suggests_a_decorator_that_needs_one() -> None:
    """Previously "decorate the wrapper with @functools.wraps()": a TypeError itself."""
    assert only_message(
        """
        import functools
        def deco(func):
            def wrapper():
                return func()
            functools.wraps()
            return wrapper
        """
    ) == (
        6,
        5,
        "WRP002 functools.wraps() is a bare statement that copies nothing; decorate the"
        " wrapper with @functools.wraps(...)",
    )


def test_wrp002_a_projects_own_wraps_is_named_as_written_and_has_no_fix() -> None:
    """testplan's ``from testplan.common.utils.callable import wraps``, called bare above
    the wrapper (fixed by its maintainers in 6daecfca): reported with the project's own
    spelling, and no fix, since what that ``wraps`` does besides copying is unknown."""
    source = """
        from testplan.common.utils.callable import wraps
        def with_pre(testcase, preludes):
            wraps(testcase)
            def testcase_with_pre(*args, **kwargs):
                for prelude in preludes:
                    prelude(*args)
                return testcase(*args, **kwargs)
            return testcase_with_pre
        """
    assert only_message(source) == (
        4,
        5,
        "WRP002 wraps(testcase) is a bare statement that copies nothing; decorate the wrapper"
        " with @wraps(testcase)",
    )
    (finding,) = findings_in(source)
    assert finding.fix is None


def test_wrp003_without_a_parameter_it_stands_in_for_names_none() -> None:
    """The wrapper calls ``self.func``: previously "write @functools.wraps(func)", with
    no ``func`` in scope."""
    assert only_message(
        """
        import functools
        class Deco:
            def apply(self, f):
                @functools.wraps
                def wrapper(*args, **kwargs):
                    return self.func(*args, **kwargs)
                return wrapper
        """
    ) == (
        5,
        10,
        "WRP003 @functools.wraps without arguments makes 'wrapper' a functools.partial"
        " object; write @functools.wraps(...)",
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
        "WRP003 @_wraps without arguments makes 'wrapper' a functools.partial object;"
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
        "WRP004 functools.update_wrapper(func, wrapper) is backwards; write"
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
        "WRP004 @wraps(path) copies the wrong metadata: 'wrapper' stands in for 'func';"
        " write @wraps(func)",
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
        "WRP005 decorator 'deco' returns a lambda calling 'func'; use a def with"
        " @functools.wraps(func)",
    )


def test_wrp006_message() -> None:
    assert only_message(
        """
        class Memo:
            def __init__(self, fn):
                self.fn = fn
            def __call__(self, *args, **kwargs):
                return self.fn(*args, **kwargs)
        @Memo
        def square(x):
            return x * x
        """
    ) == (
        2,
        1,
        "WRP006 class-based decorator 'Memo' drops the metadata of 'fn': call"
        " update_wrapper(self, fn) in __init__",
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


def test_wrp001_names_the_factory_the_user_applies() -> None:
    """``@retry(3)`` is what the user writes: the message names retry, not its inner level."""
    assert only_message(
        """
        def retry(times):
            def decorator(func):
                def wrapper(*args, **kwargs):
                    return func(*args, **kwargs)
                return wrapper
            return decorator
        """
    ) == (
        4,
        9,
        "WRP001 decorator 'retry' returns 'wrapper' without @functools.wraps(func): func's"
        " name and docstring are lost",
    )


def test_wrp001_calls_a_function_a_decorator_only_when_it_is_one_by_name() -> None:
    """Neither applied with @ in its module nor taking a ``func``-like parameter: a plain
    function that returns a closure standing in for its argument (on names alone, so
    WRP007)."""
    source = """
        def make_handler(callback):
            def wrapper(event):
                return callback(event)
            return wrapper
        """
    assert only_message(source)[2] == (
        "WRP007 function 'make_handler' returns 'wrapper' without"
        " @functools.wraps(callback): callback's name and docstring are lost"
    )
    applied = source + """
        @make_handler
        def on_click(event):
            pass
        """
    assert findings_in(applied)[0].message.startswith("decorator 'make_handler' returns 'wrapper'")


SHORT_MESSAGES = {
    "WRP001": """
        def timeit(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            return wrapper
        """,
    "WRP002": """
        from boltons import funcutils
        def deco(func):
            funcutils.wraps(func)
            def wrapper(*args):
                return func(*args)
            return wrapper
        """,
    "WRP003": """
        from boltons import funcutils
        def deco(func):
            @funcutils.wraps
            def wrapper(*args):
                return func(*args)
            return wrapper
        """,
    "WRP004": """
        import functools
        def deco(func):
            def wrapper(*args):
                return func(*args)
            functools.update_wrapper(func, wrapper)
            return wrapper
        """,
    "WRP005": """
        def deco(func):
            return lambda *args: func(*args)
        """,
    "WRP006": """
        class CountCalls:
            def __init__(self, func):
                self.func = func
            def __call__(self, *args, **kwargs):
                return self.func(*args, **kwargs)
        @CountCalls
        def counted():
            pass
        """,
}


def test_messages_stay_under_120_characters_in_the_text_format() -> None:
    """The rest goes in --show-source (the rule's detail) and the rule's documentation."""
    from flake8_wraps.config import Config

    config = Config.from_extra_wraps_functions(["boltons.funcutils.wraps"])
    for code, source in SHORT_MESSAGES.items():
        (finding,) = findings_in(source, config)
        line = f"{finding.code} {finding.message}"
        assert (finding.code, len(line) < 120) == (code, True), line


def test_registration_messages_stay_under_120_characters() -> None:
    """The bundled example's WRP101, without its path: the consequence is the detail."""
    from conftest import run_flake8

    root = Path(__file__).parent.parent / "examples" / "flask_app" / "app"
    result = run_flake8("--select", "WRP101", "app.py", cwd=root)
    (line,) = result.stdout.splitlines()
    assert len(line.split(": ", 1)[1]) < 120, line


def test_wrp001_names_what_a_copying_helper_leaves_out() -> None:
    """Previously any helper given both names counted as a complete copy: importlib's
    bootstrap ``_wrap`` copies four names and ``__dict__``, not ``__wrapped__``."""
    assert only_message(
        """
        def _wrap(new, old):
            for replace in ["__module__", "__name__", "__qualname__", "__doc__"]:
                setattr(new, replace, getattr(old, replace))
            new.__dict__.update(old.__dict__)

        def requires_builtin(fxn):
            def _requires_builtin_wrapper(self, fullname):
                return fxn(self, fullname)
            _wrap(_requires_builtin_wrapper, fxn)
            return _requires_builtin_wrapper

        class Importer:
            @requires_builtin
            def load(self, fullname):
                pass
        """
    ) == (
        8,
        5,
        "WRP001 decorator 'requires_builtin' copies metadata with _wrap(), which loses"
        " __wrapped__",
    )


def test_wrp001_a_half_copy_in_a_loop_over_listed_names() -> None:
    """Previously a setattr loop counted as a complete copy whatever names it listed."""
    assert only_message(
        """
        def deco(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            for name in ("__name__", "__doc__"):
                setattr(wrapper, name, getattr(func, name))
            return wrapper
        """
    ) == (
        3,
        5,
        "WRP001 decorator 'deco' copies only __name__ and __doc__ by hand; __qualname__,"
        " __module__ and __wrapped__ are lost",
    )


def test_wrp001_a_docstring_made_for_the_wrapper_is_not_lost() -> None:
    """hdmf's docval: ``setattr(wrapper, "__doc__", docstring)`` sets a docstring built
    from the function's; the message said __doc__ was lost."""
    assert only_message(
        """
        def docval(func):
            def func_call(*args, **kwargs):
                return func(*args, **kwargs)
            docstring = "Parameters: ..." + (func.__doc__ or "")
            setattr(func_call, "__doc__", docstring)
            setattr(func_call, "__name__", func.__name__)
            setattr(func_call, "__module__", func.__module__)
            return func_call
        """
    ) == (
        3,
        5,
        "WRP001 decorator 'docval' copies only __name__ and __module__ by hand; __qualname__"
        " and __wrapped__ are lost",
    )


def test_wrp001_silent_where_what_is_not_copied_is_set_on_purpose() -> None:
    """Every attribute wraps sets is copied, or (the docstring) made for the wrapper."""
    assert findings_in(
        """
        def docval(func):
            def func_call(*args, **kwargs):
                return func(*args, **kwargs)
            func_call.__doc__ = "Parameters: ..." + (func.__doc__ or "")
            for name in ("__name__", "__qualname__", "__module__", "__wrapped__"):
                setattr(func_call, name, getattr(func, name))
            return func_call
        """
    ) == []


def test_wrp102_says_a_name_made_from_the_functions_is_the_decorators() -> None:
    """Previously the detail read "the endpoint is 'the one @renamed makes of it'"."""
    import json
    import subprocess
    import sys

    example = Path(__file__).parent / "examples" / "frameworks" / "flask_not_colliding.py"
    result = subprocess.run(
        [str(Path(sys.executable).with_name("flake8-wraps")), "check", "--isolated",
         "--no-cache", "--select", "WRP102", "--format", "json", example.name],
        cwd=example.parent, capture_output=True, text=True, timeout=120,
    )
    first = json.loads(result.stdout)[0]
    assert (first["line"], first["message"], first["detail"]) == (
        87,
        "Flask sees the wrapper of @renamed (line 25) instead of 'r'",
        "url_for() cannot find 'r': the endpoint is the __name__ that @renamed sets",
    )
