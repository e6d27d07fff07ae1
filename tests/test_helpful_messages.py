"""Messages that help, through the real console script: short messages with the rest in
``detail``, SARIF descriptions in words, ``fix`` saying what would fix what is left (the
flag, or the decorator's file), ``check``'s closing line as ruff's, and ``explain`` on
every code, in the form ``check`` prints."""

from __future__ import annotations

import json
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_wraps.codes import RULES

SCRIPT = Path(sys.executable).with_name("flake8-wraps")
ROOT = Path(__file__).parent.parent

#: Field values as real code gives them: usual names, a decorator in another module.
REALISTIC_FIELDS = {
    "kind": "decorator",
    "decorator": "timeit",
    "wrapper": "wrapper",
    "wrapped": "func",
    "copied": "__name__ and __doc__",
    "lost": "__qualname__, __module__ and __wrapped__ are",
    "call": "functools.wraps(func)",
    "suggested": "functools.wraps(func)",
    "spelling": "functools.wraps",
    "fixed_call": "functools.update_wrapper(wrapper, func)",
    "source": "'func'",
    "function": "create_user",
    "other": "update_user",
    "name": "wrapper",
    "registry": "'app'",
    "where": "app/decorators.py:12",
    "framework": "Django REST framework",
    "consequence": "Flask raises AssertionError at start-up (View function mapping is"
    " overwriting an existing endpoint function: wrapper)",
}
#: What differs for one rule: WRP101's kind is what the registry calls its entries; a class
#: stores the function, with no __wrapped__ to lose.
REALISTIC_FOR = {
    "colliding-registrations": {"kind": "endpoint"},
    "colliding-registrations-across-files": {
        "kind": "endpoint",
        "elsewhere": "app/views/orders.py:25",
    },
    "registered-without-wraps": {"registrar": "dp.register_message_handler()"},
    "possible-registered-without-wraps": {"registrar": "dp.register_message_handler()"},
    "installed-without-wraps": {
        "wrapper": "wrapped_init",
        "place": "cls.__init__",
        "wrapped": "original_init",
        "lost": "its name and docstring are",
        "order": ", once 'original_init' is read before it (it is read on line 12)",
    },
    "possible-installed-without-wraps": {
        "wrapper": "new_request",
        "place": "Session.request",
        "wrapped": "old_request",
        "lost": "its name and docstring are",
        "order": "",
    },
    "copied-wraps-call": {
        "copy": "functools.update_wrapper(wrapper, func)",
        "copier": "functools.update_wrapper",
    },
    "class-decorator-half-copied-metadata": {
        "decorator": "Memo",
        "copied": "__doc__",
        "lost": "__name__, __qualname__ and __module__ are",
    },
    "helper-copied-metadata": {
        "helper": "_copy_name",
        "copied": "__name__ and __doc__",
        "lost": "__qualname__, __module__ and __wrapped__",
    },
    "possible-helper-copied-metadata": {
        "helper": "_copy_name",
        "copied": "__name__ and __doc__",
        "lost": "__qualname__, __module__ and __wrapped__",
    },
}


def run(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300, input=stdin
    )


def fields_of(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_every_message_is_short_and_the_rest_is_in_its_detail(rule: object) -> None:
    """Previously WRP103's message was 432 characters and its detail empty."""
    from flake8_wraps.codes import Rule

    assert isinstance(rule, Rule)
    values = {**REALISTIC_FIELDS, **REALISTIC_FOR.get(rule.name, {})}
    line = f"{rule.code} {rule.message.format(**values)}"
    assert len(line) < 120, line
    assert fields_of(rule.detail) <= set(values)
    assert rule.detail.format(**values) or len(line) < 100, "a long message needs a detail"
    assert rule.summary and "{" not in rule.summary


# -- check: the closing line, the flags, JSON statistics, SARIF ------------------------------

#: One safe fix (WRP001) and one unsafe one (WRP005).
TWO = (
    "def deco(func):\n"
    "    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n"
    "    return wrapper\n"
    "\n"
    "\n"
    "def lambda_deco(func):\n"
    "    return lambda *args: func(*args)\n"
)
WRP001_LINE = (
    "two.py:2:5: WRP001 decorator 'deco' returns 'wrapper' without @functools.wraps(func):"
    " func's name and docstring are lost"
)
WRP005_LINE = (
    "two.py:8:12: WRP005 decorator 'lambda_deco' returns a lambda calling 'func'; use a def with"
    " @functools.wraps(func)"
)


@pytest.fixture
def two(tmp_path: Path) -> Path:
    (tmp_path / "two.py").write_text(TWO)
    (tmp_path / "clean.py").write_text("x = 1\n")
    return tmp_path


def test_check_ends_with_rufs_line(two: Path) -> None:
    result = run("check", "two.py", cwd=two)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        f"{WRP001_LINE}\n{WRP005_LINE}\n"
        "Found 2 errors (1 fixable with `fix`, 1 more with `--unsafe-fixes`)\n",
        "",
    )
    unsafe_only = run("check", "--select", "WRP005", "two.py", cwd=two)
    assert unsafe_only.stdout == f"{WRP005_LINE}\nFound 1 error (1 fixable with `--unsafe-fixes`)\n"
    clean = run("check", "clean.py", cwd=two)
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")
    # -q: the findings alone, as ruff's; the machine formats never have the line.
    assert run("check", "-q", "two.py", cwd=two).stdout == f"{WRP001_LINE}\n{WRP005_LINE}\n"
    assert run("check", "-q", "clean.py", cwd=two).stdout == ""


def test_count_output_format_and_json_statistics(two: Path) -> None:
    counted = run("check", "--count", "-q", "two.py", cwd=two)
    assert counted.stdout == f"{WRP001_LINE}\n{WRP005_LINE}\n2\n"
    as_json = run("check", "--output-format", "json", "--count", "two.py", cwd=two)
    assert [finding["code"] for finding in json.loads(as_json.stdout)] == ["WRP001", "WRP005"]
    assert as_json.stderr == "2\n"  # stdout stays JSON
    statistics = run("check", "--format", "json", "--statistics", "two.py", cwd=two)
    assert json.loads(statistics.stdout) == [
        {"code": "WRP001", "name": "missing-wraps", "count": 1, "fixable": True},
        {"code": "WRP005", "name": "lambda-wrapper", "count": 1, "fixable": False},
    ]
    text = run("check", "--statistics", "two.py", cwd=two)
    assert text.stdout == "1\tWRP001\t[*] missing-wraps\n1\tWRP005\t    lambda-wrapper\n"


def test_sarif_describes_each_rule_in_words(two: Path) -> None:
    """Previously the unfilled templates: "copies copied onto 'wrapper' by hand; lost lost"."""
    result = run("check", "--format", "sarif", "two.py", cwd=two)
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    descriptions = {rule["id"]: rule["fullDescription"]["text"] for rule in rules}
    assert descriptions["WRP001"] == (
        "A decorator returns a wrapper without @functools.wraps(func): the decorated"
        " function's name, docstring, signature and __wrapped__ are lost. A decorator copies"
        " some of the metadata onto its wrapper by hand and loses the rest. A decorator"
        " copies some of the metadata onto its wrapper with a helper of its own, and loses"
        " the rest. A decorator names its wrapper by hand instead of copying the function's"
        " metadata: the docstring, module, qualified name and __wrapped__ are lost."
        " A class decorator, __init_subclass__ or a patch sets a function in place"
        " of a method it calls, without @functools.wraps: the method's name, docstring and"
        " signature are lost. A decorator registers a wrapper with a framework or a"
        " registry, not returning it, without @functools.wraps(func): the registry sees the"
        " wrapper's name and docstring."
    )
    assert descriptions["WRP004"] == (
        "update_wrapper(func, wrapper): the metadata is copied the wrong way, from the"
        " wrapper onto the function. @functools.wraps(X) where X is not the function the"
        " wrapper calls."
    )
    for text in descriptions.values():
        assert "{" not in text and "lost lost" not in text and "fixed_call" not in text


# -- fix: what is left, and what would fix it --------------------------------------------------


def test_fix_names_the_flag_that_applies_the_rest(two: Path) -> None:
    """Previously "1 left (no safe fix)", without naming --unsafe-fixes."""
    result = run("fix", "two.py", cwd=two)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "two.py: fixed 1 finding\n"
        f"{WRP005_LINE.replace(':8:', ':12:')}\n"
        "fixed 1 finding in 1 file; 1 left (no safe fix; `--unsafe-fixes` applies 1 more)\n",
        "",
    )


def test_fix_of_the_views_alone_says_where_the_fix_is(tmp_path: Path) -> None:
    """What pre-commit passes when only the views are staged: the route's finding goes with
    the decorator's fix, in a file that was not given. Previously "1 left (no safe fix)"."""
    shutil.copytree(ROOT / "examples" / "flask_app", tmp_path / "flask_app")
    project = tmp_path / "flask_app"
    result = run("fix", "app/app.py", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "app/app.py:17:2: WRP101 'predict_v2' and 'predict_v1' both become endpoint 'wrapper'"
        " on 'app' through @timeit (app/utils/decorators.py:5)\n"
        "fixed 0 findings in 0 files; 1 left (the fix of 1 is in app/utils/decorators.py:6,"
        " not given)\n",
        "",
    )
    both = run("fix", "app/app.py", "app/utils/decorators.py", cwd=project)
    assert (both.returncode, both.stdout.splitlines()[-1]) == (0, "fixed 1 finding in 1 file")


def test_fix_says_where_the_fix_that_could_not_be_written_is(tmp_path: Path) -> None:
    """The decorator's file was given but is read-only: its route's finding was counted
    as "1 left (no safe fix)", though its fix is the decorator's."""
    shutil.copytree(ROOT / "examples" / "flask_app", tmp_path / "flask_app")
    project = tmp_path / "flask_app"
    (project / "app" / "utils" / "decorators.py").chmod(0o444)
    result = run("fix", "app/app.py", "app/utils/decorators.py", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "app/app.py:17:2: WRP101 'predict_v2' and 'predict_v1' both become endpoint 'wrapper'"
        " on 'app' through @timeit (app/utils/decorators.py:5)\n"
        "fixed 0 findings in 0 files; 1 left (the fix of 1 is in app/utils/decorators.py:6,"
        " not written)\n",
        "app/utils/decorators.py: read-only (mode 0444); left untouched\n",
    )


# -- explain ---------------------------------------------------------------------------------


def explain(location: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run("explain", location, cwd=cwd)


def test_explain_takes_the_location_check_prints(two: Path) -> None:
    """Previously ``two.py:8:12`` "cannot be read"."""
    result = explain("two.py:8:12:", two)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:3] == [
        WRP005_LINE,
        "  = note: a lambda cannot carry the name, docstring and signature of 'func'",
        "  reported; `flake8-wraps fix --unsafe-fixes two.py` repairs it (check the result)",
    ]
    assert explain("two.py:8:12", two).stdout == result.stdout


CLASS_AND_COROUTINE = '''\
import functools
import time


class CountCalls:
    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            print(time.perf_counter() - start)
    return wrapper


@timed
async def report():
    return 1


def quiet(func):
    def wrapper(*args):  # noqa: WRP001
        return func(*args)
    return wrapper


@CountCalls
def counted():
    """Counted."""
'''


def test_explain_explains_every_code(tmp_path: Path) -> None:
    """Previously "no function that returns a closure is there" on WRP006 and WRP103."""
    (tmp_path / "deco.py").write_text(CLASS_AND_COROUTINE)
    wrp006 = explain("deco.py:5", tmp_path)
    assert (wrp006.returncode, wrp006.stdout) == (
        0,
        "deco.py:5:1: WRP006 class-based decorator 'CountCalls' drops the metadata of 'func':"
        " call update_wrapper(self, func) in __init__\n"
        "  = note: 'CountCalls' instances stand in for 'func' without its name and docstring;"
        " call functools.update_wrapper(self, func) in __init__\n"
        "  reported; `flake8-wraps fix --unsafe-fixes deco.py` repairs it (check the result)\n"
        "class 'CountCalls' (line 5), standing in for 'func': a decorator: reported (WRP006)\n"
        "        +3  applied-here: '@CountCalls' in this module\n"
        "        +1  forwards-everything: __call__ passes its *args and **kwargs on to 'func'\n"
        "        +1  plain-bases: no base class to inherit a protocol from\n"
        "  decision: score 5 against a threshold of 3 (WRP006)\n"
        "  fix: unsafe, only with --unsafe-fixes: add functools.update_wrapper(self, func) to"
        " __init__, before line 7\n"
        "        update_wrapper copies the function's __dict__ onto the instance and sets"
        " __doc__, __module__, __wrapped__...: check what reads them\n",
    )
    wrp103 = explain("deco.py:24:2", tmp_path)
    assert (wrp103.returncode, wrp103.stdout) == (
        0,
        "deco.py:24:2: WRP103 @timed (line 13): plain def 'wrapper' calls coroutine function"
        " 'report' without await\n"
        "  = note: 'report' is no longer a coroutine function (inspect.iscoroutinefunction is"
        " False), and what 'wrapper' does around the call runs when the coroutine is created,"
        " not while it runs; make 'wrapper' an async def that awaits func(...), or return one"
        " chosen with inspect.iscoroutinefunction(func)\n"
        "  reported; no automatic fix: the rule's documentation says what to write\n",
    )


def test_explain_says_a_noqa_comment_suppresses_it(tmp_path: Path) -> None:
    """Previously "reported" on a ``# noqa`` line."""
    (tmp_path / "deco.py").write_text(CLASS_AND_COROUTINE)
    result = explain("deco.py:30:5", tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[2] == (
        "  not reported: suppressed by the # noqa comment on line 30"
    )
    assert result.stdout.splitlines()[3:5] == [
        "function 'quiet' (line 29) returns 1 closure; parameters that may hold the"
        " function: func",
        "'wrapper' (line 30), standing in for 'func': a wrapper: reported",
    ]


def test_explain_names_a_route_findings_decorator(tmp_path: Path) -> None:
    """WRP101 is explained by its decorator, in another file."""
    result = explain("examples/flask_app/app/app.py:17:2", ROOT)
    assert result.stdout.splitlines()[1:] == [
        "  = note: Flask raises AssertionError at start-up (View function mapping is"
        " overwriting an existing endpoint function: wrapper)",
        "  reported; fixing the decorator (examples/flask_app/app/utils/decorators.py:5) clears"
        " it: `flake8-wraps fix examples/flask_app/app/utils/decorators.py`",
    ]


TIMED = """\
def timed(func):
    def wrapper(*args, **kwargs):{comment}
        return func(*args, **kwargs){after}
    return wrapper
"""
COMMANDS = """\
import click

from decos import timed


@click.group()
def cli():
    pass


@cli.command()
@timed
def deploy():
    pass


@cli.command()
@timed
def build():
    pass
"""


@pytest.mark.parametrize(
    ("comment", "after", "status"),
    [
        ("", "", "fixing the decorator (decos.py:1) clears it: `flake8-wraps fix decos.py`"),
        (
            "  # noqa: WRP001",
            "",
            "the decorator's WRP001 (decos.py:2) is silenced by # noqa, so `fix` leaves it:"
            " add @functools.wraps by hand, or silence this finding too",
        ),
        (
            "",
            "\n    wrapper.calls = 0",
            "fixing the decorator (decos.py:1) clears it:"
            " `flake8-wraps fix --unsafe-fixes decos.py` (check the result)",
        ),
    ],
    ids=["safe", "silenced", "unsafe"],
)
def test_explain_says_what_fix_does_with_a_route_findings_decorator(
    tmp_path: Path, comment: str, after: str, status: str
) -> None:
    """Previously "`flake8-wraps fix decos.py` clears it" even where that fix leaves the
    decorator alone: silenced by # noqa, or fixed only with --unsafe-fixes."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "decos.py").write_text(TIMED.format(comment=comment, after=after))
    (tmp_path / "cli.py").write_text(COMMANDS)
    result = explain("cli.py:17:2", tmp_path)
    assert result.stdout.splitlines() == [
        "cli.py:17:2: WRP101 'build' and 'deploy' both become command 'wrapper' on 'cli'"
        " through @timed (decos.py:1)",
        "  = note: the second command silently replaces 'deploy'",
        f"  reported; {status}",
    ]


def test_explain_at_a_decorators_def_line_gives_its_wrappers_finding(tmp_path: Path) -> None:
    """Users point at ``def timed``; the finding is at its wrapper, a line below."""
    (tmp_path / "decos.py").write_text(TIMED.format(comment="  # noqa: WRP001", after=""))
    result = explain("decos.py:1", tmp_path)
    assert result.stdout.splitlines()[:4] == [
        "decos.py:2:5: WRP001 decorator 'timed' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost",
        "  = note: 'wrapper' replaces the decorated function's name, qualified name,"
        " docstring, signature and __wrapped__; add @functools.wraps(func) above 'def wrapper'",
        "  not reported: suppressed by the # noqa comment on line 2",
        "function 'timed' (line 1) returns 1 closure; parameters that may hold the function:"
        " func",
    ]


def test_read_only_commands_do_not_say_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def f(:\n")
    checked = run("check", "broken.py", cwd=tmp_path)
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        2,
        "",  # not "All checks passed!": a file could not be checked
        "broken.py: not valid Python (line 1: invalid syntax)\n",
    )
    explained = explain("broken.py:1", tmp_path)
    assert (explained.returncode, explained.stderr) == (
        2,
        "flake8-wraps: error: broken.py: not valid Python (line 1: invalid syntax)\n",
    )
    fixed = run("fix", "broken.py", cwd=tmp_path)
    assert fixed.stderr == "broken.py: not valid Python (line 1: invalid syntax); left untouched\n"


# -- rule ------------------------------------------------------------------------------------


def test_rule_takes_a_name_or_all(tmp_path: Path) -> None:
    by_code = run("rule", "WRP001", cwd=tmp_path)
    by_name = run("rule", "missing-wraps", cwd=tmp_path)
    assert by_name.returncode == 0
    assert by_name.stdout == by_code.stdout
    assert by_name.stdout.startswith(
        "# WRP001 missing-wraps, half-copied-metadata, helper-copied-metadata,"
        " renamed-without-wraps, installed-without-wraps, registered-without-wraps\n"
    )
    every = run("rule", "--all", cwd=tmp_path)
    headings = [line for line in every.stdout.splitlines() if line.startswith("# WRP")]
    assert headings == [
        "# WRP001 missing-wraps, half-copied-metadata, helper-copied-metadata,"
        " renamed-without-wraps, installed-without-wraps, registered-without-wraps",
        "# WRP002 discarded-wraps-call, redundant-wraps-call, copied-wraps-call,"
        " wraps-call-without-wrapper",
        "# WRP003 wraps-without-arguments",
        "# WRP004 reversed-update-wrapper, wraps-wrong-source",
        "# WRP005 lambda-wrapper",
        "# WRP006 class-decorator-missing-update-wrapper, slotted-class-decorator-missing-metadata,"
        " class-decorator-half-copied-metadata, descriptor-decorator-missing-update-wrapper",
        "# WRP007 possible-missing-wraps, possible-renamed-without-wraps,"
        " possible-half-copied-metadata,"
        " possible-helper-copied-metadata, possible-lambda-wrapper,"
        " possible-installed-without-wraps, possible-registered-without-wraps",
        "# WRP101 colliding-registrations, colliding-registrations-across-files",
        "# WRP102 damaged-registration",
        "# WRP103 plain-wrapper-on-coroutine-function",
    ]
    unknown = run("rule", "missing-wrap", cwd=tmp_path)
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "flake8-wraps: error: unknown code or name 'missing-wrap'"
        " (flake8-wraps rule --all prints them all)\n",
    )
