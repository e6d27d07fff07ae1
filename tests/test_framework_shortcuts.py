"""The shortcuts that keep the framework rules cheap find what the long way found.

Most files register nothing, so the rules look for registering calls only from names an
import binds on the way to a registering function (``pk`` after ``import pickle as pk``),
look for registry factories only where an import can name one, and find the calls in a
loop over the fields that may hold them instead of ``ast.walk``.
"""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import example_files, run_flake8
from flake8_wraps.analysis.frameworks.expressions import calls_in

#: Every place a call can stand, nested in every other.
EVERY_PLACE = '''
import os as o, sys
from a import (b as c, d)

@deco(arg=f(1))
@other.attr[g(2)]
class K(Base(h()), metaclass=meta(i())):
    x: ann(j()) = k()
    y: int

    @property
    def p(self, a=default(), *args: star_ann(), b=kw_default(), **kw: kw_ann()) -> ret():
        global counter
        handler = lambda z=lam_default(): body(z)
        return [comp(v) for v in src() if cond(v)], {key(v): val(v) for v in s2()}

async def coro():
    async with ctx() as (first, second):
        await aw(x)
    async for item in aiter_of():
        yield gen(item)
    return (yield from sub())

for t in range(3):
    del items[idx()]
else:
    assert check(), message()
while loop_cond():
    break
try:
    raise Err(1) from cause()
except (E1, E2()) as error:
    pass
finally:
    fin()
with open(path()) as handle, second():
    print(f"{fmt(a)!r:>{width()}}", *star(), **dstar())
if (walrus := compute()) and not neg() or -neg2() < cmp() <= cmp2():
    value = a.b.c(d)(e)[f(g)](h) if cond2() else other()
items[lo():hi():step()] = {set_item(), *unpack()}
x = {**mapping(), "k": kv()}
x += aug()
obj.attr = assign_attr()
'''
MATCH = '''
match subject():
    case Point(x=px) if guard():
        case_body()
    case [first, *rest] | {"key": _, **others}:
        other_body()
'''
EXCEPT_STAR = '''
try:
    pass
except* Group() as error:
    handle()
'''


def _walked_calls(tree: ast.AST) -> list[int]:
    return sorted(id(node) for node in ast.walk(tree) if isinstance(node, ast.Call))


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(EVERY_PLACE, id="statements"),
        pytest.param(
            MATCH,
            id="match",
            marks=pytest.mark.skipif(sys.version_info < (3, 10), reason="3.10 syntax"),
        ),
        pytest.param(
            EXCEPT_STAR,
            id="except-star",
            marks=pytest.mark.skipif(sys.version_info < (3, 11), reason="3.11 syntax"),
        ),
    ],
)
def test_calls_in_finds_every_call_walk_finds(source: str) -> None:
    tree = ast.parse(textwrap.dedent(source))
    found = calls_in(tree)
    assert sorted(map(id, found)) == _walked_calls(tree)
    assert found


@pytest.mark.parametrize("path", example_files(), ids=lambda path: path.name)
def test_calls_in_on_the_examples(path: Path) -> None:
    tree = ast.parse(path.read_bytes())
    assert sorted(map(id, calls_in(tree))) == _walked_calls(tree)


ALIASES = '''\
"""Registering calls and registry factories reached through other names."""
import functools
import pickle as pk
from concurrent import futures
from multiprocessing import pool as process_pool
from pickle import dump, dumps as save


def logged(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@logged
def square(x):
    return x * x


def kept(x):
    return x


def sent():
    with futures.ProcessPoolExecutor() as executor:
        return executor.submit(square, 3)


def mapped(numbers):
    workers = process_pool.Pool(2)
    return workers.map(square, numbers)


def saved(stream):
    dump(square, stream)
    dump(kept, stream)
    return pk.dumps(square), save(logged(kept)), save(functools.partial(kept))
'''


def test_registrations_through_other_names(tmp_path: Path) -> None:
    """``pk.dumps`` after ``import pickle as pk``, ``save`` for ``pickle.dumps``, and
    factories reached through the module that holds them: the names the shortcuts start
    from are what the imports bind, not the framework's own spelling."""
    path = tmp_path / "aliases.py"
    path.write_text(ALIASES)
    result = run_flake8("--isolated", "--select", "WRP", str(path))
    pool = "WRP102 the process pool sees the wrapper of @logged (line 9) instead of 'square'"
    pickled = "WRP102 pickle sees the wrapper of @logged (line 9) instead of '{}'"
    assert result.stdout.splitlines() == [
        f"{path}:10:5: WRP001 decorator 'logged' returns 'wrapper' without"
        " @functools.wraps(func): func's name and docstring are lost",
        f"{path}:27:16: {pool}",
        f"{path}:32:12: {pool}",
        f"{path}:36:5: {pickled.format('square')}",
        f"{path}:38:12: {pickled.format('square')}",
        f"{path}:38:30: {pickled.format('kept')}",
    ]
    assert result.stderr == ""


ONE_ROUTE = '''\
{import_line}


def logged(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@logged
def square(x):
    return x * x


def send():
    {registration}
'''
#: One import each, so that no other import opens the way: (file, import, registration,
#: column, what the message names).
ONE_ROUTE_CASES = [
    ("module_alias", "import pickle as pk", "return pk.dumps(square)", 12, "pickle"),
    ("function_alias", "from pickle import dumps as save", "return save(square)", 12, "pickle"),
    (
        "factory_as_context",
        "from concurrent import futures",
        "with futures.ProcessPoolExecutor() as pool: return pool.submit(square, 3)",
        56,
        "the process pool",
    ),
    (
        "factory_assigned",
        "from multiprocessing import pool as process_pool",
        "workers = process_pool.Pool(2); return workers.map(square, [1])",
        44,
        "the process pool",
    ),
]


def test_each_route_alone(tmp_path: Path) -> None:
    """Each way in, with the one import that names it: a shortcut that missed one route
    would be hidden by another import in a file that had them all."""
    expected = []
    for name, import_line, registration, column, framework in ONE_ROUTE_CASES:
        path = tmp_path / f"{name}.py"
        path.write_text(ONE_ROUTE.format(import_line=import_line, registration=registration))
        expected.append(
            f"{path}:17:{column}: WRP102 {framework} sees the wrapper of @logged (line 4)"
            " instead of 'square'"
        )
    result = run_flake8("--isolated", "--select", "WRP102", "-j1", str(tmp_path))
    assert sorted(result.stdout.splitlines()) == sorted(expected)
    assert result.stderr == ""


PICKLING_DECORATORS = '''\
def logged(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
'''
PICKLED_DECORATED = '''\
import pickle

from decorators import logged


@logged
def square(x):
    return x * x


def saved():
    return pickle.dumps(square)
'''
PICKLED_WRAPPED_INLINE = '''\
import pickle

from decorators import logged


def square(x):
    return x * x


def saved():
    return pickle.dumps(logged(square))
'''


def test_pickle_calls_are_read_where_the_module_can_damage_a_function(tmp_path: Path) -> None:
    """``pickle.dumps`` is looked for only in a module where a function's decorators damage
    it, or that defines a damaging decorator: a function damaged here by an imported
    decorator is followed; one wrapped inline by an imported decorator, in a module where
    nothing is damaged, is the documented limit (docs/frameworks.md) that spares the other
    modules importing pickle."""
    (tmp_path / "decorators.py").write_text(PICKLING_DECORATORS)
    (tmp_path / "decorated.py").write_text(PICKLED_DECORATED)
    (tmp_path / "inline.py").write_text(PICKLED_WRAPPED_INLINE)
    result = run_flake8(
        "--isolated", "--select", "WRP1", "decorated.py", "inline.py", cwd=tmp_path
    )
    assert result.stdout.splitlines() == [
        "decorated.py:12:12: WRP102 pickle sees the wrapper of @logged"
        " (decorators.py:1) instead of 'square'"
    ]
