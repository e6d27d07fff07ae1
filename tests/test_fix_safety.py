"""WRP001's fix is safe only where ``@functools.wraps`` cannot break code that worked.

Each unsafe case is left alone by ``fix`` and fixed by ``fix --unsafe-fixes``; ``explain``
says why, with the label the fixer and the editor use. The before/after pairs of the
two real breakages and of the blog post's story are in ``tests/fixes`` (``figures_equal``,
``compiled_adapter``, ``half_copy``).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flake8_wraps.project.checker import check
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.cli.explain import explain
from flake8_wraps.fix.fixer import fix_source
from flake8_wraps.lsp.local_fix import local_fix
from flake8_wraps.lsp.reparse import python_lines
from lsp_client import LanguageClient, apply_edits

FIXES = Path(__file__).parent / "fixes"
SCRIPT = Path(sys.executable).with_name("flake8-wraps")

HEAD = "import functools\n\n\n"

#: A reported wrapper that wraps could break, and why (the lines ``explain`` prints).
UNSAFE = {
    "injects-an-argument": (
        """\
        def with_db(func):
            def wrapper(*args, **kwargs):
                return func(connect(), *args, **kwargs)

            return wrapper
        """,
        ["'wrapper' does not hand its arguments unchanged to 'func': through __wrapped__ it"
         " would report the signature of 'func'"],
    ),
    "calls-through-a-local": (
        """\
        def grad_if(func):
            def wrapper(self, *args, **kwargs):
                f = func
                if self.training:
                    f = enable_grad(func)
                return f(self, *args, **kwargs)

            return wrapper
        """,
        ["'wrapper' calls 'func' through the local 'f', which may hold something else"],
    ),
    "calls-through-a-relay": (
        """\
        def logged(func):
            def wrapper(*args, **kwargs):
                print("calling")
                return retrying(*args, **kwargs)

            @retry
            def retrying(*args, **kwargs):
                return func(*args, **kwargs)

            return wrapper
        """,
        ["'wrapper' calls 'func' only through the local function 'retrying', whose"
         " decorators may change what it takes"],
    ),
    "calls-through-a-plain-relay": (
        """\
        def logged(func):
            def wrapper(*args, **kwargs):
                print("calling")
                return call(*args, **kwargs)

            def call(*args, **kwargs):
                return func(*args, **kwargs)

            return wrapper
        """,
        ["'wrapper' calls 'func' only through the local function 'call': check that the"
         " signature of 'func' is the one to report"],
    ),
    "counts-its-calls": (
        """\
        def counted(func):
            def wrapper(*args, **kwargs):
                wrapper.calls += 1
                return func(*args, **kwargs)

            wrapper.calls = 0
            return wrapper
        """,
        ["'wrapper.calls' is set by hand"],
    ),
    "docstring-of-its-own": (
        """\
        def documented(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            wrapper.__doc__ = "Calls the function."
            return wrapper
        """,
        ["'wrapper.__doc__' is set by hand"],
    ),
    "copied-defensively": (
        # reprlib copies with getattr because it cannot import functools: not a plain copy.
        """\
        def bootstrap(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            wrapper.__doc__ = getattr(func, "__doc__")
            return wrapper
        """,
        ["'wrapper.__doc__' is set by hand"],
    ),
    "handed-on-first": (
        """\
        def registered(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            HANDLERS.append(wrapper)
            return wrapper
        """,
        ["'wrapper' is handed to HANDLERS.append(), which may read its signature or"
         " attributes"],
    ),
    "function-rebound": (
        """\
        def rebinding(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            func = None
            return wrapper
        """,
        ["'func' is rebound in 'rebinding'"],
    ),
    "signature-by-hand": (
        """\
        def signed(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            wrapper.__signature__ = SIGNATURE
            return wrapper


        @signed
        def handler(request):
            pass
        """,
        ["'wrapper.__signature__' is set by hand"],
    ),
    "docstring-in-the-def": (
        """\
        def logged(func):
            def wrapper(*args, **kwargs):
                \"\"\"Log, then call the function.\"\"\"
                return func(*args, **kwargs)

            return wrapper


        @logged
        def handle(request):
            return request
        """,
        ["'wrapper' has a docstring of its own, which wraps would replace"],
    ),
    "reads-its-own-name": (
        # Registered or printed under 'wrapper' before; under the function's name after.
        """\
        def announced(func):
            def wrapper(*args, **kwargs):
                print("calling", wrapper.__name__)
                return func(*args, **kwargs)

            return wrapper
        """,
        ["'wrapper.__name__' is read, and wraps would change what it reads"],
    ),
    "function-rebound-by-except": (
        """\
        def guarded(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            try:
                pass
            except ValueError as func:
                pass
            return wrapper
        """,
        ["'func' is rebound in 'guarded'"],
    ),
    "function-rebound-by-import": (
        """\
        def imported(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            from os import getcwd as func
            return wrapper
        """,
        ["'func' is rebound in 'imported'"],
    ),
    "copied-backwards-through-a-dict": (
        # Not a reversed call WRP004 can read: the dict hides which argument is which.
        # wraps would add a __wrapped__ pointing back at func, and a loop for inspect.
        """\
        def looped(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            kw = {"wrapped": wrapper}
            functools.update_wrapper(func, **kw)
            return wrapper
        """,
        ["'wrapper' is used in 'kw = {'wrapped': wrapper}', where wraps may change what is"
         " read"],
    ),
    "changed-under-another-name": (
        """\
        def aliased(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            inner = wrapper
            inner.calls = 0
            return wrapper
        """,
        ["'wrapper' is used in 'inner = wrapper', where wraps may change what is read"],
    ),
    "consumes-a-keyword": (
        # datacube-ows's ``scalable``: the keyword it pops is not the function's
        """\
        def scalable(func):
            def wrapper(*args, **kwargs):
                scale = kwargs.pop("scale_to", None)
                return rescale(func(*args, **kwargs), scale)

            return wrapper
        """,
        ["'wrapper' does not hand its arguments unchanged to 'func': through __wrapped__ it"
         " would report the signature of 'func'"],
    ),
    "registered-if-wanted": (
        """\
        def maybe_registered(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            HOOKS.append(wrapper if ENABLED else None)
            return wrapper
        """,
        ["'wrapper' is used in 'HOOKS.append(wrapper if ENABLED else ...', where wraps may"
         " change what is read"],
    ),
    "signature-of-another": (
        """\
        def signed_like(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            wrapper.__signature__ = inspect.signature(MODEL)
            return wrapper


        @signed_like
        def handler(request):
            pass
        """,
        ["'wrapper.__signature__' is set by hand"],
    ),
}


def source_of(case: str) -> bytes:
    return (HEAD + textwrap.dedent(UNSAFE[case][0])).encode()


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_unsafe_wrapper_is_left_by_fix(case: str) -> None:
    source = source_of(case)
    findings = check(ast.parse(source), None)
    assert [(f.code, f.line, f.fix is not None and f.fix.safe) for f in findings] == [
        ("WRP001", 5, False)
    ]
    result = fix_source(source, findings, DEFAULT_CONFIG)
    assert (result.source, result.fixed) == (source, [])


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_unsafe_wrapper_is_fixed_by_unsafe_fixes(case: str) -> None:
    source = source_of(case)
    lines = source.decode().splitlines(keepends=True)
    expected = "".join(lines[:4] + ["    @functools.wraps(func)\n"] + lines[4:]).encode()
    findings = check(ast.parse(source), None)
    assert fix_source(source, findings, DEFAULT_CONFIG, unsafe=True).source == expected


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_explain_says_why_the_fix_is_unsafe(case: str) -> None:
    printed = explain(ast.parse(source_of(case)), 5, None, DEFAULT_CONFIG)
    assert printed is not None
    fix_lines = printed.splitlines()[-1 - len(UNSAFE[case][1]):]
    assert fix_lines == [
        "  fix: unsafe, only with --unsafe-fixes: add @functools.wraps(func) above 'def wrapper'",
        *(f"        {reason}" for reason in UNSAFE[case][1]),
    ]


@pytest.mark.parametrize(
    "wrapper",
    [
        "def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)",
        "async def wrapper(*args, **kwargs):\n        return await func(*args, **kwargs)",
        # A local that holds the function beside the call that forwards to it by name.
        "def wrapper(*args, **kwargs):\n        f = func\n        print(f)\n"
        "        return func(*args, **kwargs)",
    ],
)
def test_a_wrapper_that_forwards_its_arguments_gets_a_safe_fix(wrapper: str) -> None:
    # Applied with @: two names and a call alone would make it a possible wrapper (WRP007).
    applied = "\n\n@logged\ndef handle(self, item, *, key=None):\n    return item\n"
    source = f"{HEAD}def logged(func):\n    {wrapper}\n\n    return wrapper\n{applied}".encode()
    findings = check(ast.parse(source), None)
    assert [(f.code, f.fix is not None and f.fix.safe) for f in findings] == [("WRP001", True)]
    fixed = fix_source(source, findings, DEFAULT_CONFIG).source
    definition = f"    {wrapper}".encode()
    assert fixed == source.replace(definition, b"    @functools.wraps(func)\n" + definition)


@pytest.mark.parametrize(
    ("wrapper", "applied_to", "safe"),
    [
        ("def wrapper(self, item):\n        return func(self, item)", "(self, item)", True),
        ("def wrapper(self, item, *, key):\n        return func(self, item=item, key=key)",
         "(self, item, *, key)", True),
        # A hostile pass: pydantic's validate_call rejected add(1, 2) once wrapper(a, b)
        # claimed add(a, b, scale=1); a *args-only wrapper claims keywords it refuses.
        ("def wrapper(self, item):\n        return func(self, item)",
         "(self, item, scale=1)", False),
        ("def wrapper(self, item, *, key):\n        return func(self, item=item, key=key)",
         "(self, item, *, key=None)", False),
        ("async def wrapper(*args):\n        return await func(*args)", "(self, item)", False),
        ("def wrapper(request, user):\n        return func(request, user)", "(req, current_user)",
         False),
    ],
)
def test_a_wrapper_with_parameters_of_its_own_is_safe_only_where_they_are_the_functions(
    wrapper: str, applied_to: str, safe: bool
) -> None:
    """wraps makes the wrapper claim the function's parameters (``inspect.signature``
    follows ``__wrapped__``): true only where the functions it decorates in sight take
    exactly what it takes, no more, with no default it would refuse to supply."""
    applied = f"\n\n@logged\ndef handle{applied_to}:\n    return 1\n"
    source = f"{HEAD}def logged(func):\n    {wrapper}\n\n    return wrapper\n{applied}".encode()
    findings = check(ast.parse(source), None)
    assert [(f.code, f.fix is not None and f.fix.safe) for f in findings] == [("WRP001", safe)]
    printed = explain(ast.parse(source), 5, None, DEFAULT_CONFIG)
    assert printed is not None
    claims = [line for line in printed.splitlines() if "would claim the parameters" in line]
    assert len(claims) == (0 if safe else 1), printed


@pytest.mark.parametrize(
    "returned",
    ["return tuple(func(*args, **kwargs))",
     "result = func(*args, **kwargs)\n        return [result]"],
)
def test_a_wrapper_that_does_not_return_the_result_gets_an_unsafe_fix(returned: str) -> None:
    """jedi's ``to_tuple`` under ``validate_call(validate_return=True)``: wraps made the
    wrapper claim ``-> Iterator[int]`` and pydantic failed at import (a hostile pass)."""
    source = (
        f"{HEAD}def to_tuple(func):\n    def wrapper(*args, **kwargs):\n        {returned}\n\n"
        "    return wrapper\n\n\n@to_tuple\ndef evens(n):\n    yield from range(0, n, 2)\n"
    ).encode()
    findings = check(ast.parse(source), None)
    assert [(f.code, f.fix is not None and f.fix.safe) for f in findings] == [("WRP001", False)]
    printed = explain(ast.parse(source), 5, None, DEFAULT_CONFIG)
    assert printed is not None and printed.splitlines()[-1].endswith(
        "through __wrapped__ it would claim the return annotation of 'func'"
    ), printed


@pytest.mark.parametrize(
    ("applied", "reason"),
    [
        ("@logged\n@abc.abstractmethod\ndef export(self):\n    pass\n",
         "it is applied above @abc.abstractmethod, whose mark on the function wraps would"
         " copy onto 'wrapper' through __dict__"),
        ('@mock.patch("os.getcwd")\n@logged\n@mock.patch("os.listdir")\n'
         "def test_listing(getcwd, listdir):\n    pass\n",
         "it is applied above @mock.patch, whose mark on the function wraps would copy onto"
         " 'wrapper' through __dict__"),
        ("@logged\nclass Quota(Exception):\n    pass\n",
         "'func' is a class: wraps would also copy its attributes onto 'wrapper'"),
    ],
)
def test_where_it_is_applied_can_make_the_fix_unsafe(applied: str, reason: str) -> None:
    """wraps copies the function's ``__dict__``: above ``@abstractmethod`` a class that
    could be made became abstract, between two ``@mock.patch`` the mocks came in another
    order; on a class it copies the class's attributes (a hostile pass ran all three)."""
    source = (
        "import abc\nimport functools\nfrom unittest import mock\n\n\n"
        "def logged(func):\n    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n\n    return wrapper\n\n\n" + applied
    ).encode()
    findings = [f for f in check(ast.parse(source), None) if f.code == "WRP001"]
    assert [(f.line, f.fix is not None and f.fix.safe) for f in findings] == [(7, False)]
    printed = explain(ast.parse(source), 7, None, DEFAULT_CONFIG)
    assert printed is not None and printed.splitlines()[-1] == f"        {reason}", printed


def test_a_docstring_that_a_copy_replaces_leaves_the_fix_safe() -> None:
    """``wrapper.__doc__ = func.__doc__`` replaces the wrapper's docstring already: wraps
    changes nothing there, and the fix removes the copy."""
    source = (
        f"{HEAD}def logged(func):\n    def wrapper(*args, **kwargs):\n"
        '        """Log, then call."""\n        return func(*args, **kwargs)\n\n'
        "    wrapper.__doc__ = func.__doc__\n    return wrapper\n\n\n"
        "@logged\ndef job(a, b=1):\n    pass\n"
    ).encode()
    findings = check(ast.parse(source), None)
    assert [(f.code, f.fix is not None and f.fix.safe) for f in findings] == [("WRP001", True)]
    fixed = fix_source(source, findings, DEFAULT_CONFIG).source
    assert fixed == source.replace(
        b"    def wrapper(", b"    @functools.wraps(func)\n    def wrapper("
    ).replace(b"    wrapper.__doc__ = func.__doc__\n", b"")


@pytest.mark.parametrize(
    "wrapper",
    [
        "def wrapper(*args):\n        return func(*args[1:])",
        "def wrapper(a, b):\n        return func(b, a)",
        "def wrapper(*args, **kwargs):\n        return func(*args)",
        "def wrapper(*args, **kwargs):\n        kwargs.pop('b', None)\n"
        "        return func(*args, **kwargs)",
        "def wrapper(a, b):\n        b = int(b)\n        return func(a, b)",
        # A copy handed to a hook first may come back changed (poezio's wrap_generic).
        "def wrapper(*args, **kwargs):\n        args = list(args)\n        print(args)\n"
        "        return func(*args, **kwargs)",
    ],
)
def test_a_wrapper_that_changes_its_arguments_gets_an_unsafe_fix(wrapper: str) -> None:
    source = (
        f"{HEAD}def logged(func):\n    {wrapper}\n\n    return wrapper\n\n\n"
        "@logged\ndef job(a, b=1):\n    pass\n"
    ).encode()
    findings = check(ast.parse(source), None)
    assert [(f.code, f.fix is not None and f.fix.safe) for f in findings] == [("WRP001", False)]


def test_a_wrapper_in_front_of_compiled_code_gets_an_unsafe_fix() -> None:
    """stumpy's ``deco_ray_tor``: a plain Python function in front of a numba dispatcher,
    so that Ray can pickle it; wraps would hand the dispatcher back through
    ``__wrapped__`` and the copied ``__dict__``, so the fix waits for a reader."""
    source = HEAD + textwrap.dedent(
        '''\
        def deco_ray_tor(f):
            """Wraps a `numba` JIT-compiled function as a Python function."""

            def wrapper(*args):
                return f(*args)

            return wrapper
        '''
    )
    findings = check(ast.parse(source), None)
    assert [(f.code, f.line, f.fix is not None and f.fix.safe) for f in findings] == [
        ("WRP001", 7, False)
    ]
    assert fix_source(source.encode(), findings, DEFAULT_CONFIG).fixed == []
    printed = explain(ast.parse(source), 7, None, DEFAULT_CONFIG)
    assert printed.splitlines()[-3:] == [
        "  fix: unsafe, only with --unsafe-fixes: add @functools.wraps(f) above 'def wrapper'",
        "        the docstring of 'deco_ray_tor' says it wraps compiled code: wraps would hand"
        " the compiled 'f' on through __wrapped__ and __dict__",
        "        'wrapper' takes no **kwargs: through __wrapped__ it would claim the parameters"
        " of 'f', which it may not accept",
    ]


#: dill's ``tests/test_mixins.py`` in small: the module reads the source of what its
#: decorator returns, and ``inspect.getsource`` unwraps through ``__wrapped__``.
SOURCE_READING = textwrap.dedent(
    """\
    import inspect


    def counted(f):
        def inner(*args, **kwargs):
            print("calling", f)
            return f(*args, **kwargs)

        return inner


    @counted
    def quadruple(x):
        return 4 * x


    def test_the_source_is_the_wrappers():
        assert inspect.getsource(quadruple).startswith("    def inner(")
    """
)


def test_a_module_that_reads_source_gets_an_unsafe_fix() -> None:
    """Previously the fix was safe, and it broke two of dill's tests: they compare the
    source of their own decorated fixtures, and with ``wraps`` ``getsource`` finds the
    decorated function's instead of the wrapper's."""
    findings = check(ast.parse(SOURCE_READING), None)
    assert [(f.code, f.line, f.fix is not None and f.fix.safe) for f in findings] == [
        ("WRP001", 5, False)
    ]
    assert fix_source(SOURCE_READING.encode(), findings, DEFAULT_CONFIG).fixed == []
    printed = explain(ast.parse(SOURCE_READING), 5, None, DEFAULT_CONFIG)
    assert printed.splitlines()[-2:] == [
        "  fix: unsafe, only with --unsafe-fixes: add @functools.wraps(f) above 'def inner'",
        "        the module calls getsource(), which unwraps: wraps would change the source"
        " it finds for what 'counted' decorates",
    ]
    # The same module without the reading: the fix is safe.
    plain = SOURCE_READING.split("\n\n\ndef test_")[0] + "\n"
    assert [f.fix is not None and f.fix.safe for f in check(ast.parse(plain), None)] == [True]


def test_a_module_with_a_star_import_gets_an_unsafe_fix(tmp_path: Path) -> None:
    """Previously safe: after ``from starmod import *`` the ``@wraps(func)`` the fix
    wrote was starmod's ``wraps``, and the decorated function became None (a hostile
    pass, stop 47). A star import may bind any public name; only the whole program
    knows which."""
    (tmp_path / "starmod.py").write_text("def wraps(func):\n    return lambda f: None\n")
    source = textwrap.dedent(
        """\
        from functools import wraps
        from starmod import *


        def logged(func):
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs)

            return wrapper


        @logged
        def f():
            return 1
        """
    )
    findings = check(ast.parse(source), None)
    assert [(f.code, f.line, f.fix is not None and f.fix.safe) for f in findings] == [
        ("WRP001", 6, False)
    ]
    assert fix_source(source.encode(), findings, DEFAULT_CONFIG).fixed == []
    printed = explain(ast.parse(source), 6, None, DEFAULT_CONFIG)
    assert printed.splitlines()[-1] == (
        "        'from starmod import *' may bind 'wraps' or 'functools' to something else"
        " where the fix writes it"
    )
    # What the unsafe fix writes is starmod's wraps indeed: review it.
    fixed = fix_source(source.encode(), findings, DEFAULT_CONFIG, unsafe=True).source
    (tmp_path / "mod.py").write_bytes(fixed)
    run = subprocess.run(
        [sys.executable, "-c", "import mod; print(mod.f)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )
    assert run.stdout == "None\n"
    # From functools itself, a star import binds functools' own names.
    plain = source.replace("from starmod import *", "from functools import *")
    assert [f.fix is not None and f.fix.safe for f in check(ast.parse(plain), None)] == [True]


def test_the_unsafe_fix_really_breaks_the_source_test(pytester: pytest.Pytester) -> None:
    findings = check(ast.parse(SOURCE_READING), None)
    fixed = fix_source(SOURCE_READING.encode(), findings, DEFAULT_CONFIG, unsafe=True).source
    pytester.makepyfile(test_before=SOURCE_READING, test_after=fixed.decode())
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "test_before.py").assert_outcomes(
        passed=1
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "test_after.py").assert_outcomes(
        failed=1
    )


def test_explain_names_the_copies_the_fix_removes() -> None:
    source = (FIXES / "half_copy.before.py").read_bytes()
    printed = explain(ast.parse(source), 19, None, DEFAULT_CONFIG)
    assert printed is not None
    assert printed.splitlines()[-1] == (
        "  fix: safe: add @functools.wraps(func) above 'def wrapper', remove the copies by"
        " hand on lines 22 and 23"
    )


def test_the_blog_posts_story_ends_where_the_post_ends(tmp_path: Path) -> None:
    """Previously left as "no safe fix": the name copied by hand stayed, and wraps was
    not added. The console script now writes the post's final version."""
    (tmp_path / "timer.py").write_text(
        "import functools\n\n\n"
        "def timer(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    wrapper.__name__ = func.__name__\n"
        "    return wrapper\n"
    )
    result = subprocess.run(
        [str(SCRIPT), "fix", "timer.py"], capture_output=True, text=True, cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "timer.py: fixed 1 finding\nfixed 1 finding in 1 file\n"
    assert (tmp_path / "timer.py").read_text() == (
        "import functools\n\n\n"
        "def timer(func):\n"
        "    @functools.wraps(func)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    return wrapper\n"
    )


def test_the_editor_removes_the_copies_too() -> None:
    """The quick fix of one finding is the whole file's fix, removals included."""
    source = (FIXES / "half_copy.before.py").read_text()
    lines, tree = python_lines(source), ast.parse(source)
    expected = (FIXES / "half_copy.after.py").read_text()
    findings = [f for f in check(tree, None) if f.fix is not None and f.fix.safe]
    edits = local_fix(lines, tree, findings, DEFAULT_CONFIG)
    assert edits is not None
    result = list(lines)
    for edit in sorted(edits, reverse=True):
        result[edit.start:edit.end] = python_lines(edit.text)
    assert "".join(result) == expected


def test_json_reports_the_label_of_each_finding(tmp_path: Path) -> None:
    for name in ("figures_equal", "compiled_adapter", "half_copy"):
        shutil.copy(FIXES / f"{name}.before.py", tmp_path / f"{name}.py")
    result = subprocess.run(
        [str(SCRIPT), "check", "--select", "WRP", "--format", "json", "."],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    found = sorted(
        (f["path"], f["line"], f["fix_safety"])
        for f in json.loads(result.stdout)
        if f["code"] in ("WRP001", "WRP007")
    )
    # The compiled adapter is no wrapper at all now (excluded: a decorator transforms it).
    assert found == [
        ("./figures_equal.py", 16, "unsafe"),
        ("./half_copy.py", 10, "safe"),
        ("./half_copy.py", 18, "safe"),
        ("./half_copy.py", 29, "unsafe"),
        ("./half_copy.py", 37, "safe"),
    ]


def test_the_unsafe_fix_really_breaks_the_figure_test(pytester: pytest.Pytester) -> None:
    """Why the label matters: the replica's tests pass as written, and pytest refuses them
    once wraps copies the hoisted marks (what broke matplotlib's tests)."""
    pytester.makepyfile(
        test_before=(FIXES / "figures_equal.before.py").read_text(),
        test_after=(FIXES / "figures_equal.unsafe-after.py").read_text(),
    )
    before = pytester.runpytest_subprocess("-p", "no:cacheprovider", "test_before.py")
    before.assert_outcomes(passed=4)
    after = pytester.runpytest_subprocess("-p", "no:cacheprovider", "test_after.py")
    after.assert_outcomes(errors=1)
    after.stdout.fnmatch_lines(["*duplicate parametrization of 'a'*"])


def test_the_editor_offers_each_fix_with_its_label(tmp_path: Path) -> None:
    """The server's quick fixes carry the fixer's labels: the unsafe one says so and is
    not preferred; the safe one removes the copy by hand, as ``fix`` does."""
    environment = dict(os.environ, PATH=f"{SCRIPT.parent}{os.pathsep}{os.environ['PATH']}")
    client = LanguageClient([str(SCRIPT), "lsp"], tmp_path, environment)
    client.initialize(tmp_path)
    try:
        offered = {}
        for name in ("counts-its-calls", "half_copy"):
            document = tmp_path / f"{name.replace('-', '_')}.py"
            text = (
                source_of(name).decode() if name in UNSAFE
                else (FIXES / f"{name}.before.py").read_text()
            )
            client.open(document, text)
            params = client.notification("textDocument/publishDiagnostics")
            diagnostic = params["diagnostics"][0]
            actions = client.request(
                "textDocument/codeAction",
                {
                    "textDocument": {"uri": document.as_uri()},
                    "range": diagnostic["range"],
                    "context": {"diagnostics": [diagnostic]},
                },
            )
            offered[name] = (actions[0]["title"], actions[0].get("isPreferred"))
            if name == "half_copy":
                edited = apply_edits(text, actions[0]["edit"]["changes"][document.as_uri()])
                assert edited == text.replace(
                    "def timer(func):\n", "def timer(func):\n    @functools.wraps(func)\n"
                ).replace("\n    wrapper.__name__ = func.__name__\n", "\n", 1)
    finally:
        client.close()
    assert offered == {
        "counts-its-calls": ("Add @functools.wraps(func) (unsafe)", False),
        "half_copy": ("Add @functools.wraps(func) and remove the copy by hand", True),
    }


def test_the_label_holds_where_the_decision_would_report() -> None:
    """The fix's label does not lean on the decision: a compiled adapter (now excluded
    as no wrapper) and a wrapper with a default of its own are unsafe to decorate."""
    from flake8_wraps.analysis.fix_safety import decorate_safety

    tree = ast.parse((FIXES / "compiled_adapter.before.py").read_bytes())
    factory = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    wrapper = next(n for n in factory.body if isinstance(n, ast.FunctionDef))
    assert decorate_safety(factory, wrapper, "func").reasons == (
        "'wrapper' has decorators of its own (@compiler.compile): wraps would apply to what"
        " they return",
        "'wrapper' does not hand its arguments unchanged to 'func': through __wrapped__ it"
        " would report the signature of 'func'",
        "'wrapper' is used in '_cache[key] = wrapper', where wraps may change what is read",
    )
    tree = ast.parse("def retried(func):\n    def wrapper(x, retries=3):\n        return func(x)\n")
    factory = tree.body[0]
    assert isinstance(factory, ast.FunctionDef)
    wrapper = factory.body[0]
    assert isinstance(wrapper, ast.FunctionDef)
    assert not decorate_safety(factory, wrapper, "func").safe
    tree = ast.parse(
        "def hooked(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    hooks.add({'before': wrapper})\n"
        "    return wrapper\n"
    )
    factory = tree.body[0]
    assert isinstance(factory, ast.FunctionDef)
    wrapper = factory.body[0]
    assert isinstance(wrapper, ast.FunctionDef)
    assert decorate_safety(factory, wrapper, "func").reasons == (
        "'wrapper' is used in 'hooks.add({'before': wrapper})', where wraps may change"
        " what is read",
    )
    # libcst's rename: rebound to the result after the call, which got the caller's value;
    # in a loop, the second call gets the first one's result
    for body, safe in (("node = func(self, node)", True),
                       ("while node:\n            node = func(self, node)", False)):
        tree = ast.parse(
            "def recorded(func):\n"
            "    def wrapper(self, node):\n"
            f"        {body}\n"
            "        return node\n"
            "    return wrapper\n"
        )
        factory = tree.body[0]
        assert isinstance(factory, ast.FunctionDef)
        wrapper = factory.body[0]
        assert isinstance(wrapper, ast.FunctionDef)
        assert decorate_safety(factory, wrapper, "func").safe is safe, body


DISCARDED = '''\
import functools


def logged(func):
    functools.wraps(func)
    def wrapper({parameters}):
        return func({arguments})

    return wrapper
'''


@pytest.mark.parametrize(
    "parameters, arguments, safe",
    [
        ("*args, **kwargs", "*args, **kwargs", True),
        ("a, b", "b, a", False),
    ],
    ids=["forwards", "reorders"],
)
def test_the_discarded_wraps_call_is_fixed_as_safely_as_a_missing_one(
    tmp_path: Path, parameters: str, arguments: str, safe: bool
) -> None:
    """WRP002's fix decorates the wrapper, as WRP001's does: safe on a wrapper that hands
    its arguments on unchanged, unsafe (only with --unsafe-fixes) on one that reorders them,
    whose signature inspect would then read from the function."""
    path = tmp_path / "deco.py"
    before = DISCARDED.format(parameters=parameters, arguments=arguments)
    after = before.replace(
        "    functools.wraps(func)\n    def wrapper", "    @functools.wraps(func)\n    def wrapper"
    )
    path.write_text(before)
    result = subprocess.run(
        [str(SCRIPT), "fix", "--no-cache", str(path)], capture_output=True, text=True
    )
    assert path.read_text() == (after if safe else before), result.stdout + result.stderr
    result = subprocess.run(
        [str(SCRIPT), "fix", "--no-cache", "--unsafe-fixes", str(path)],
        capture_output=True, text=True,
    )
    assert path.read_text() == after, result.stdout + result.stderr
