"""The fixer writes code that runs: names resolved in the wrapper's scope, and verified so.

Previously the spelling of ``wraps`` came from the module's imports alone, and a local
name shadowing it made the fixed module crash at import.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path
from typing import Any

import libcst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flake8_wraps.fix.fixer
from flake8_wraps.project.checker import check
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.fix.fixer import FixError, fix_source
from flake8_wraps.analysis.findings import Finding, Fix
from flake8_wraps.fix.verify import verify as _verify

FIXES = Path(__file__).parent / "fixes"


def fixed(source: str, unsafe: bool = False) -> str:
    data = textwrap.dedent(source).encode()
    findings = check(ast.parse(data), None)
    return fix_source(data, findings, DEFAULT_CONFIG, unsafe).source.decode()


def split_imports(source: str) -> tuple[set[str], str]:
    """The top-level import lines, and the rest: where the added import goes among the
    others is the import placement's to decide (tested with it), not this file's."""
    lines = source.splitlines(keepends=True)
    imports = {line for line in lines if line.startswith(("import ", "from "))}
    return imports, "".join(line for line in lines if line not in imports).lstrip("\n")


def run_module(source: str) -> dict[str, Any]:
    """Execute generated or fixed code (ours, not a user's) in a fresh namespace."""
    namespace: dict[str, Any] = {"__name__": "fixed_module"}
    exec(compile(source, "fixed_module.py", "exec"), namespace)
    return namespace


def test_a_parameter_named_wraps_is_not_used() -> None:
    """Previously ``@wraps(func)``: ``TypeError: 'int' object is not callable`` at import."""
    source = """\
        from functools import wraps


        def retry(wraps=3):
            def decorator(func):
                def wrapper(*args, **kwargs):
                    return func(*args, **kwargs)
                return wrapper
            return decorator


        @retry()
        def fetch():
            pass
        """
    result = fixed(source)
    assert split_imports(result) == (
        {"import functools\n", "from functools import wraps\n"},
        split_imports(textwrap.dedent(source))[1].replace(
            "        def wrapper", "        @functools.wraps(func)\n        def wrapper"
        ),
    )
    assert run_module(result)["fetch"].__name__ == "fetch"


def test_a_local_named_functools_is_not_used() -> None:
    """Previously ``@functools.wraps(func)``: ``AttributeError`` at import."""
    source = """\
        import functools


        def decorator(func):
            functools = "x"
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)
            return wrapper


        @decorator
        def fetch():
            pass
        """
    result = fixed(source)
    assert split_imports(result) == (
        {"import functools\n", "import functools as _functools\n"},
        split_imports(textwrap.dedent(source))[1].replace(
            "    def wrapper", "    @_functools.wraps(func)\n    def wrapper"
        ),
    )
    assert run_module(result)["fetch"].__name__ == "fetch"


def test_a_class_attribute_does_not_shadow_names_in_its_methods() -> None:
    """Class bodies are not enclosing scopes: ``functools`` in a method is the module's."""
    source = """\
        import functools


        class Decorators:
            functools = "x"

            def logged(self, func):
                def wrapper(*args, **kwargs):
                    return func(*args, **kwargs)
                return wrapper


        @Decorators().logged
        def fetch():
            pass
        """
    result = fixed(source)
    assert result == textwrap.dedent(source).replace(
        "        def wrapper", "        @functools.wraps(func)\n        def wrapper"
    )
    assert run_module(result)["fetch"].__name__ == "fetch"


def test_update_wrapper_shadowed_in_init() -> None:
    source = """\
        from functools import update_wrapper


        class CountCalls:
            def __init__(self, func, update_wrapper=None):
                self.func = func

            def __call__(self, *args, **kwargs):
                return self.func(*args, **kwargs)


        @CountCalls
        def fetch():
            pass
        """
    result = fixed(source, unsafe=True)  # WRP006's fix is never safe
    assert "        functools.update_wrapper(self, func)\n" in result
    assert split_imports(result)[0] == {
        "import functools\n", "from functools import update_wrapper\n"
    }
    assert run_module(result)["fetch"].__name__ == "fetch"


def test_the_verification_refuses_a_name_that_means_something_else() -> None:
    """What the old fixer wrote for a shadowed ``wraps``: the trees match the plan, so only
    resolving the name where it is used can see that it is the parameter."""
    source = textwrap.dedent(
        """\
        from functools import wraps


        def retry(wraps=3):
            def decorator(func):
                def wrapper(*args, **kwargs):
                    return func(*args, **kwargs)
                return wrapper
            return decorator
        """
    ).encode()
    broken = source.replace(b"        def wrapper", b"        @wraps(func)\n        def wrapper")
    findings = check(ast.parse(source), None)
    plans = [f.fix for f in findings if f.fix is not None]
    with pytest.raises(FixError, match="^'wraps' would not mean functools.wraps on line 6$"):
        _verify(source, findings, broken, plans, {id(plans[0]): "wraps"}, None, DEFAULT_CONFIG)


def _import_above_the_first_line(source: bytes) -> tuple[bytes, list[Finding], list[Fix]]:
    """What the fixer wrote before stop 43 for a first line that holds two statements:
    ``import functools`` above the whole line."""
    findings = check(ast.parse(source), None)
    plans = [f.fix for f in findings if f.fix is not None]
    broken = b"import functools\n" + source.replace(
        b"    def wrapper", b"    @functools.wraps(func)\n    def wrapper"
    )
    return broken, findings, plans


@pytest.mark.parametrize(
    ("fixture", "refusal"),
    [
        # ``ast.parse`` accepts an import above ``from __future__ import ...; x = 1``; the
        # compiler does not, and neither would ``import`` of the fixed module.
        ("future_sharing_a_line", "^the fixed source does not compile .*from __future__"),
        # An import above ``"""Doc."""; import os`` keeps every statement and compiles,
        # but ``__doc__`` is then None.
        ("docstring_sharing_a_line", "^the fixed source loses the module's docstring$"),
    ],
)
def test_the_verification_refuses_what_an_import_above_the_first_line_breaks(
    fixture: str, refusal: str
) -> None:
    source = (FIXES / f"{fixture}.before.py").read_bytes()
    broken, findings, plans = _import_above_the_first_line(source)
    added = ast.parse("import functools").body[0]
    assert isinstance(added, ast.Import)
    with pytest.raises(FixError, match=refusal):
        _verify(source, findings, broken, plans, {id(plans[0]): "functools.wraps"}, added,
                DEFAULT_CONFIG)


# -- generated programs --------------------------------------------------------------------

IMPORTS = (
    "",
    "import functools\n",
    "import functools as ft\n",
    "from functools import wraps\n",
    "from functools import wraps, update_wrapper\n",
    "from functools import wraps as _wraps\n",
)
SHADOWED = ("functools", "wraps", "update_wrapper", "ft", "_wraps", "_functools")


@st.composite
def shadowing_programs(draw: st.DrawFn) -> str:
    """A module with a decorator factory, a plain decorator and a class-based decorator, and
    the names the fixer may use rebound at random scopes (module, factory parameter or
    local, decorator local, class body, ``__init__``)."""

    def shadows(indent: str) -> str:
        names = draw(st.lists(st.sampled_from(SHADOWED), max_size=3, unique=True))
        return "".join(f"{indent}{name} = {draw(st.sampled_from(['3', repr('x')]))}\n"
                       for name in names)

    parameters = draw(st.lists(st.sampled_from(SHADOWED), max_size=2, unique=True))
    factory_parameters = ", ".join(f"{name}=None" for name in parameters)
    init_parameters = "".join(
        f", {name}=None"
        for name in draw(st.lists(st.sampled_from(SHADOWED), max_size=2, unique=True))
    )
    return (
        draw(st.sampled_from(IMPORTS))
        + "\n\n"
        + shadows("")
        + f"\n\ndef factory({factory_parameters}):\n"
        + shadows("    ")
        + "    def decorator(func):\n"
        + shadows("        ")
        + "        def wrapper(*args, **kwargs):\n"
        + "            return func(*args, **kwargs)\n"
        + "        return wrapper\n"
        + "    return decorator\n"
        + "\n\nclass Holder:\n"
        + shadows("    ")
        + "    def logged(self, func):\n"
        + shadows("        ")
        + "        def inner(*args):\n"
        + "            return func(*args)\n"
        + "        return inner\n"
        + "\n\nclass CountCalls:\n"
        + f"    def __init__(self, func{init_parameters}):\n"
        + shadows("        ")
        + "        self.func = func\n"
        + "\n    def __call__(self, *args, **kwargs):\n"
        + "        return self.func(*args, **kwargs)\n"
        + "\n\n@factory()\ndef first():\n    pass\n"
        + "\n\n@Holder().logged\ndef second():\n    pass\n"
        + "\n\n@CountCalls\ndef third():\n    pass\n"
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=shadowing_programs())
def test_fixed_programs_import_and_keep_their_names(source: str) -> None:
    namespace = run_module(source)
    assert namespace["first"].__name__ == "wrapper"  # the bug the fix is for
    result = fixed(source, unsafe=True)  # CountCalls's fix (WRP006) is never safe
    assert not [f for f in check(ast.parse(result), None) if f.fix]
    namespace = run_module(result)
    assert [namespace[name].__name__ for name in ("first", "second", "third")] == [
        "first", "second", "third"
    ]


def test_a_file_of_many_findings_is_parsed_by_libcst_at_most_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``fix`` is linear in its findings: previously every edit searched every node (1,000
    findings took 12 s, 10,000 more than 10 minutes). New decorators are lines of text; LibCST
    parses only the statements it edits, each once, and the head of the module once for an
    added import. (The time is measured in benchmarks/bench_cli.py.)"""
    parsed: list[int] = []
    parse_module = libcst.parse_module

    def counting(source: str, *args: Any, **kwargs: Any) -> libcst.Module:
        parsed.append(len(source))
        return parse_module(source, *args, **kwargs)

    monkeypatch.setattr(flake8_wraps.fix.fixer.cst, "parse_module", counting)
    decorators = "".join(
        f"\n\ndef deco{n}(func):\n    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n    return wrapper\n"
        for n in range(500)
    )
    assert fixed(decorators).count("@functools.wraps(func)") == 500
    assert len(parsed) == 1  # the head of the module, for the import
    assert parsed[0] < 200  # the import and the first def
    lambdas = "".join(
        f"\n\ndef deco{n}(func):\n    return lambda *args: func(*args)\n" for n in range(200)
    )
    parsed.clear()
    assert fixed(lambdas, unsafe=True).count("@functools.wraps(func)") == 200
    assert len(parsed) == 201  # each edited statement once, and the head
    assert sum(parsed) < 2 * len(lambdas)


def test_a_closure_that_calls_a_cast_local_is_fixed_with_that_local() -> None:
    """pydantic binds ``func1 = cast(T, serializer)`` and its maintainers wrote
    ``@wraps(func1)``: the local holds the function, and it is bound where the ``def``
    runs, so the message names it and the fix gives it to ``wraps``."""
    source = """\
        from typing import Callable, cast


        def logged(func):
            '''Decorator: print a line before each call.'''
            inner = cast(Callable[..., int], func)

            def wrapper(*args, **kwargs):
                print("calling")
                return inner(*args, **kwargs)

            return wrapper


        @logged
        def answer():
            '''The answer.'''
            return 42
        """
    findings = check(ast.parse(textwrap.dedent(source)), None)
    assert [(f.line, f.code, f.message) for f in findings] == [
        (
            8,
            "WRP001",
            "decorator 'logged' returns 'wrapper' without @functools.wraps(inner): inner's"
            " name and docstring are lost",
        )
    ]
    result = fixed(source, unsafe=True)
    assert "    @functools.wraps(inner)\n    def wrapper(*args, **kwargs):\n" in result
    namespace = run_module(result)
    assert (namespace["answer"].__name__, namespace["answer"].__doc__) == ("answer", "The answer.")
    assert namespace["answer"]() == 42
