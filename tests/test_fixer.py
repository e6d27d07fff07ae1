"""The fixer, byte for byte: before/after pairs, idempotence, and files it must not touch."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings

from flake8_wraps.project.checker import check
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.fix.fixer import FixError, fix_source

FIXES = Path(__file__).parent / "fixes"
PAIRS = sorted(FIXES.glob("*.before.py"))


def fixed(source: bytes, unsafe: bool = False) -> bytes:
    findings = check(ast.parse(source), None)
    return fix_source(source, findings, DEFAULT_CONFIG, unsafe).source


def expected_files(before: Path) -> list[tuple[Path, bool]]:
    """``NAME.after.py``, what ``fix`` writes; ``NAME.unsafe-after.py``, with --unsafe-fixes."""
    stem = before.name.split(".")[0]
    expected = [(before.with_name(f"{stem}.after.py"), False)]
    unsafe = before.with_name(f"{stem}.unsafe-after.py")
    if unsafe.exists():
        expected.append((unsafe, True))
    return expected


@pytest.mark.parametrize("before", PAIRS, ids=lambda p: p.name.split(".")[0])
def test_fix_gives_the_expected_file(before: Path) -> None:
    for after, unsafe in expected_files(before):
        assert fixed(before.read_bytes(), unsafe) == after.read_bytes(), after.name


@pytest.mark.parametrize("before", PAIRS, ids=lambda p: p.name.split(".")[0])
def test_fix_is_idempotent(before: Path) -> None:
    for after, unsafe in expected_files(before):
        assert fixed(after.read_bytes(), unsafe) == after.read_bytes(), after.name


def test_every_fixable_code_has_a_pair() -> None:
    codes = set()
    for before in PAIRS:
        codes.update(f.code for f in check(ast.parse(before.read_bytes()), None) if f.fix)
    assert codes == {"WRP001", "WRP002", "WRP003", "WRP004", "WRP005", "WRP006", "WRP007"}


def test_safe_run_leaves_the_unsafe_findings() -> None:
    source = (FIXES / "all_codes.after.py").read_bytes()
    left = [f.code for f in check(ast.parse(source), None)]
    assert left == ["WRP004", "WRP005", "WRP006"]


def test_findings_that_do_not_match_the_source_are_refused() -> None:
    """The file changed since it was checked: nothing is edited on a guess."""
    checked = (FIXES / "plain.before.py").read_bytes()
    changed = b"\n" + checked  # every line moved down by one
    with pytest.raises(FixError, match="could not find what to edit on line 5"):
        fix_source(changed, check(ast.parse(checked), None), DEFAULT_CONFIG)


def test_code_libcst_would_not_give_back_is_refused() -> None:
    """A form feed in an indentation is Python, but LibCST writes it back otherwise (a
    hostile pass found "internal error (ValueError ...)" and, for a lone CR, a lost blank
    line): the file stays as it is, with a reason."""
    source = b"def deco(func):\n\x0c    def wrapper(*a, **k):\n\x0c        return func(*a, **k)\n" \
        b"    return wrapper\n"
    findings = check(ast.parse(source), None)
    assert [(f.code, f.line) for f in findings] == [("WRP001", 2)]
    with pytest.raises(FixError, match="^LibCST would not give this code back as it is$"):
        fix_source(source, findings, DEFAULT_CONFIG)


def test_a_file_with_nothing_to_fix_is_returned_as_it_is() -> None:
    source = (FIXES / "plain.after.py").read_bytes()
    assert fix_source(source, check(ast.parse(source), None), DEFAULT_CONFIG).fixed == []


SPLICED_WRAPPER = (
    "\n\ndef _spliced(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "    return wrapper\n"
)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles its programs
@pytest.mark.slow  # hypothesis: many generated programs
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(source=hypothesmith.from_grammar())
def test_fix_on_generated_programs(source: str) -> None:
    """Never an exception but a refusal; the output parses; a second run changes nothing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        assume(False)
    for text in (source, source.rstrip("\\\n") + SPLICED_WRAPPER):
        data = text.encode("utf-8")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(data)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        try:
            first = fix_source(data, check(tree, None), DEFAULT_CONFIG, unsafe=True).source
        except FixError:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            again_tree = ast.parse(first)
        second = fix_source(first, check(again_tree, None), DEFAULT_CONFIG, unsafe=True)
        assert second.source == first


def test_one_fix_among_many_alike() -> None:
    """Previously refused: other 'wrapper's of 'func' still reported looked like this one.

    The language server fixes one finding at a time in files full of wrappers alike.
    """
    source = (FIXES / "plain.before.py").read_bytes()
    source += source.replace(b"import functools\n", b"").replace(b"timeit", b"logged")
    findings = check(ast.parse(source), None)
    assert [(f.code, f.line) for f in findings] == [("WRP001", 5), ("WRP001", 12)]
    result = fix_source(source, findings[1:], DEFAULT_CONFIG)
    assert [f.line for f in result.fixed] == [12]
    assert [f.line for f in check(ast.parse(result.source), None)] == [5]


def codes_and_fixes(source: bytes) -> list[tuple[str, bool]]:
    return [(f.code, f.fix is not None) for f in check(ast.parse(source), None)]


def test_an_import_inside_a_function_is_not_the_modules() -> None:
    """Previously wrote ``@functools.wraps`` with no import the wrapper could see."""
    source = (
        b"def other():\n"
        b"    import functools\n"
        b"    return functools\n\n\n"
        b"def deco(func):\n"
        b"    def wrapper(*args, **kwargs):\n"
        b"        return func(*args, **kwargs)\n"
        b"    return wrapper\n"
    )
    assert fixed(source) == b"import functools\n\n\n" + source.replace(
        b"    def wrapper", b"    @functools.wraps(func)\n    def wrapper"
    )


def test_every_functools_spelling_taken() -> None:
    """Previously a StopIteration that silently ended a whole ``fix`` run."""
    source = (
        b"def deco(func, functools=1, _functools=2, functools_=3):\n"
        b"    def wrapper(*args, **kwargs):\n"
        b"        return func(*args, **kwargs)\n"
        b"    return wrapper\n"
    )
    assert fixed(source).startswith(b"import functools as functools_2\n")


def test_a_class_with_slots_gets_no_update_wrapper() -> None:
    """update_wrapper needs an instance __dict__: the finding stays, without a fix."""
    source = (
        b"class Memo:\n"
        b"    __slots__ = ('func',)\n\n"
        b"    def __init__(self, func):\n"
        b"        self.func = func\n\n"
        b"    def __call__(self, *args, **kwargs):\n"
        b"        return self.func(*args, **kwargs)\n\n"
        b"@Memo\n"
        b"def square(x):\n"
        b"    return x * x\n"
    )
    assert codes_and_fixes(source) == [("WRP006", False)]


@pytest.mark.parametrize(
    ("slots", "bases", "rule"),
    [
        # the last __slots__ is the class's: the fix made a module that failed on import
        ("    __slots__ = ('__dict__', 'func')\n    __slots__ = ('func',)\n", "",
         "slotted-class-decorator-missing-metadata"),
        # under an if, what the class gets cannot be read: no fix (it made the same)
        ("    if DEBUG:\n        __slots__ = ('func',)\n", "",
         "class-decorator-missing-update-wrapper"),
        # a base may give instances a __dict__: "add '__dict__'" would raise TypeError
        ("    __slots__ = ('func',)\n", "(Base)", "class-decorator-missing-update-wrapper"),
    ],
)
def test_slots_the_class_may_not_have_get_no_fix(slots: str, bases: str, rule: str) -> None:
    source = (
        f"class counted{bases}:\n{slots}\n"
        "    def __init__(self, func):\n"
        "        self.func = func\n\n"
        "    def __call__(self, *args, **kwargs):\n"
        "        return self.func(*args, **kwargs)\n\n"
        "@counted\n"
        "def square(x):\n"
        "    return x * x\n"
    ).encode()
    findings = check(ast.parse(source), None)
    assert [(f.code, f.rule.name, f.fix) for f in findings] == [("WRP006", rule, None)]


def test_a_returned_reversed_update_wrapper_is_an_unsafe_fix() -> None:
    """Swapping it also changes which object the decorator returns."""
    source = (
        b"from functools import update_wrapper\n\n"
        b"def deco(func):\n"
        b"    def wrapper(*args):\n"
        b"        return func(*args)\n"
        b"    return update_wrapper(func, wrapper)\n"
    )
    assert fixed(source) == source
    assert b"return update_wrapper(wrapper, func)" in fixed(source, unsafe=True)


def test_the_new_def_does_not_shadow_a_global_the_lambda_reads() -> None:
    """Previously named 'wrapper', changing what the lambda's body reads."""
    source = b"import functools\n\ndef deco(func):\n    return lambda *args: func(*args, wrapper)\n"
    assert fixed(source, unsafe=True) == (
        b"import functools\n\ndef deco(func):\n"
        b"    @functools.wraps(func)\n"
        b"    def _wrapper(*args):\n"
        b"        return func(*args, wrapper)\n"
        b"    return _wrapper\n"
    )


def test_no_name_left_for_the_new_def() -> None:
    """Previously a StopIteration (a crash of flake8) once three names were taken."""
    source = (
        b"def deco(func, wrapper=None, _wrapper=None, wrapper_=None):\n"
        b"    return lambda *args, **kwargs: func(*args, **kwargs)\n"
    )
    assert b"def wrapper_2(*args, **kwargs):" in fixed(source, unsafe=True)


def test_comments_of_what_the_fix_removes_stay() -> None:
    before = (FIXES / "comments.before.py").read_bytes()
    assert fixed(before, unsafe=True) == (FIXES / "comments.unsafe-after.py").read_bytes()


def test_a_deeply_nested_expression_elsewhere_is_refused_or_fixed_never_a_crash() -> None:
    deep = b"X = " + b" + ".join([b"(1)"] * 2500) + b"\n"
    source = deep + (FIXES / "plain.before.py").read_bytes()
    findings = check(ast.parse(source), None)
    try:
        result = fix_source(source, findings, DEFAULT_CONFIG)
    except FixError as error:
        assert "nested" in str(error)
    else:
        assert b"@functools.wraps(func)" in result.source


@pytest.mark.parametrize("terms, where", [(100, "in"), (1200, "in"), (1200, "after")])
def test_a_wrapper_holding_an_expression_too_deep_for_libcst_is_offered_no_fix(
    terms: int, where: str
) -> None:
    """``check`` offered the fix of a wrapper holding 1,200 ``+`` terms, and ``fix``
    refused it ("too deeply nested to fix"): LibCST writes the module back recursing once
    a level of the tree, so a deep statement anywhere in the file counts (a hostile pass:
    2,000 terms in a statement of their own). A hundred terms are fixed as ever."""
    expression = b" + ".join([b"x"] * terms)
    source = (
        b"def deco(func):\n    def wrapper(*args, **kwargs):\n        y = "
        + (expression if where == "in" else b"1")
        + b"\n        return func(*args, **kwargs)\n    return wrapper\n"
        + (b"\n\nY = " + expression + b"\n" if where == "after" else b"")
    )
    tree = ast.parse(source)
    offered = check(tree, None, DEFAULT_CONFIG, source)
    assert [(f.code, f.fix is not None) for f in offered] == [("WRP001", terms == 100)]
    everything = check(tree, None)  # without the source, the fix is not looked into
    if terms == 100:
        assert b"@functools.wraps(func)" in fix_source(source, everything, DEFAULT_CONFIG).source
    else:
        with pytest.raises(FixError, match="too deeply nested"):
            fix_source(source, everything, DEFAULT_CONFIG)


def test_the_swap_finds_its_call_among_others_on_the_line() -> None:
    """Previously an IndexError: ``print()()`` also has a call as its callee."""
    source = (
        b"import functools\n\n"
        b"def deco(func):\n"
        b"    def wrapper(*args):\n"
        b"        return func(*args)\n"
        b"    print()(); functools.wraps(wrapper)(func)\n"
        b"    return wrapper\n"
    )
    assert b"print()(); functools.wraps(func)(wrapper)" in fixed(source)


def test_a_discarded_wraps_call_beside_the_decorator_is_not_fixed_twice() -> None:
    """A hostile pass found the WRP002 fix stacking a second ``@functools.wraps(func)``
    onto a wrapper that had one, and saying it should be decorated."""
    source = (
        b"import functools\n\n\n"
        b"def deco(func):\n"
        b"    functools.wraps(func)\n\n"
        b"    @functools.wraps(func)\n"
        b"    def wrapper(*args, **kwargs):\n"
        b"        return func(*args, **kwargs)\n\n"
        b"    return wrapper\n"
    )
    findings = check(ast.parse(source), None)
    assert [(f.code, f.line, f.message, f.fix) for f in findings] == [
        (
            "WRP002", 5,
            "functools.wraps(func) is a bare statement that copies nothing; 'wrapper' already"
            " has @functools.wraps(func): remove it",
            None,
        )
    ]
    assert fix_source(source, findings, DEFAULT_CONFIG, unsafe=True).source == source


def test_a_discarded_wraps_call_beside_a_bare_decorator_is_not_fixed_twice() -> None:
    """A hostile pass found WRP002's and WRP003's fixes together writing
    ``@functools.wraps(func)`` twice: the bare ``@functools.wraps`` is the wrapper's
    decorator, which WRP003's fix completes, so the statement is only to be removed."""
    source = (
        b"import functools\n\n\n"
        b"def deco(func):\n"
        b"    functools.wraps(func)\n\n"
        b"    @functools.wraps\n"
        b"    def wrapper(*args, **kwargs):\n"
        b"        return func(*args, **kwargs)\n\n"
        b"    return wrapper\n"
    )
    findings = check(ast.parse(source), None)
    assert [(f.code, f.line, f.message, f.fix is None) for f in findings] == [
        (
            "WRP002", 5,
            "functools.wraps(func) is a bare statement that copies nothing; 'wrapper' already"
            " has @functools.wraps: remove it",
            True,
        ),
        (
            "WRP003", 7,
            "@functools.wraps without arguments makes 'wrapper' a functools.partial object;"
            " write @functools.wraps(func)",
            False,
        ),
    ]
    assert fix_source(source, findings, DEFAULT_CONFIG, unsafe=True).source == source.replace(
        b"@functools.wraps\n", b"@functools.wraps(func)\n"
    )


@pytest.mark.parametrize(
    "block",
    [
        "if func:\n        functools.wraps(func)\n",
        "if func: functools.wraps(func)\n",
        "try:\n        functools.wraps(func)\n    finally:\n        pass\n",
        "while False:\n        pass\n    else:\n        functools.wraps(func)\n",
        "functools.wraps(func); x = 1\n",
        "x = 1; functools.wraps(func)\n",
    ],
)
def test_a_discarded_wraps_call_alone_in_its_block_is_offered_no_fix(block: str) -> None:
    """Removing it would leave its block empty, or it shares its line with another
    statement: a hostile pass found these findings counted as fixable while ``fix``
    refused them ("the fixed source is not the original plus the fix")."""
    source = (
        "import functools\n\n\ndef deco(func):\n    " + block
        + "\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n\n"
        "    return wrapper\n"
    ).encode()
    assert codes_and_fixes(source) == [("WRP002", False)]


def test_a_lambda_returned_beside_another_statement_is_offered_no_fix() -> None:
    """``return lambda ...; x = 1`` cannot become a ``def`` in place: a hostile pass found
    it counted as fixable (with --unsafe-fixes) and refused by ``fix``."""
    source = b"def deco(func):\n    return lambda *a: func(*a); x = 1\n"
    assert codes_and_fixes(source) == [("WRP005", False)]
    alone = b"def deco(func):\n    return lambda *a: func(*a)\n"
    assert codes_and_fixes(alone) == [("WRP005", True)]


def test_an_installed_closure_whose_old_value_is_read_after_it_gets_no_fix() -> None:
    # The safe fix wrote @functools.wraps(original_init) above 'def traced_init', which
    # runs before 'original_init' is bound: UnboundLocalError when the class was made.
    from flake8_wraps.cli.report import detail

    source = (FIXES / "installed_read_after.before.py").read_bytes()
    found = check(ast.parse(source), None)
    assert [(f.code, f.line, f.fix is not None and f.fix.safe) for f in found] == [
        ("WRP001", 9, False),
        ("WRP001", 21, True),
    ]
    assert found[0].fix is None
    assert detail(found[0]) == (
        "'traced_init' is set in place of cls.__init__ and calls its old value"
        " 'original_init': callers, help() and inspect.signature() see 'traced_init'; add"
        " @functools.wraps(original_init) above 'def traced_init', once 'original_init' is"
        " read before it (it is read on line 13)"
    )
    assert detail(found[1]).endswith("add @functools.wraps(original_run) above 'def timed_run'")


def test_an_installed_closure_whose_old_value_may_be_missing_gets_no_fix() -> None:
    # A hostile pass of stop 86: read under a condition, @functools.wraps(orig) ran on the
    # other path too (UnboundLocalError); read with getattr's default, which the closure
    # tests, it copied from None (inspect.signature failed on __wrapped__ = None). Read
    # in a try whose else holds the def, the read comes first: fixable.
    source = b"""\
import sys
from multiprocessing import spawn


def patch(obj, flag):
    if flag:
        orig = obj.run

    def run(*a):
        return orig(*a)

    if flag:
        obj.run = run


def install(obj):
    old = getattr(obj, "hook", None)

    def hook(*args):
        if old is not None:
            return old(*args)

    obj.hook = hook


def stow():
    try:
        original = spawn.get_preparation_data
    except AttributeError:
        pass
    else:

        def stowed(name):
            return original(name)

        spawn.get_preparation_data = stowed
"""
    found = check(ast.parse(source), None)
    assert [(f.code, f.line, f.fix is not None) for f in found] == [
        ("WRP007", 9, False),
        ("WRP007", 19, False),
        ("WRP007", 33, True),
    ]


def test_copies_by_hand_that_end_the_function_are_removed_with_their_comments() -> None:
    # A hostile pass of stop 86: removing the copies that close a block was refused as
    # "would leave an empty block"; their comments now close the block.
    source = b"""\
import functools


def install(cls):
    orig = cls.run

    def run(*args):
        return orig(*args)

    cls.run = run
    # what help() shows
    run.__name__ = orig.__name__
    run.__doc__ = orig.__doc__  # the docstring too
"""
    assert fixed(source, unsafe=True) == b"""\
import functools


def install(cls):
    orig = cls.run

    @functools.wraps(orig)
    def run(*args):
        return orig(*args)

    cls.run = run
    # what help() shows
    # the docstring too
"""
