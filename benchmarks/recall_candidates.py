"""List the functions that look like decorators, crudely, to measure what WRP001 misses.

Reading what the plugin reports shows its false positives, never what it misses. This script
casts a deliberately wide net, independent of the plugin: a *candidate* is any function F that

1. returns an inner ``def`` or ``lambda`` W (``return W``, ``return lambda ...``, or a name bound
   to either with ``=`` in F's own scope),
2. where W (at any depth) calls one of F's parameters by name, one W does not shadow, and
3. where no spelling ending in ``wraps`` or ``update_wrapper`` appears anywhere in F's source
   (decorators included).

It prints one JSON line per candidate: ``path``, ``outer``, ``outer_line``, ``inner``,
``inner_line`` (the ``def`` or ``lambda`` line, where WRP001 reports) and ``param`` (the first
parameter W calls). Join them with the plugin's findings and read the silent ones.
The class net (WRP006's shape) lists every class C whose ``__init__`` stores one of its
parameters on the instance (``self.A = P``) and whose ``__call__`` or ``__get__`` calls that
attribute (``self.A(...)``, at any depth), with no spelling of ``wraps`` or ``update_wrapper``
in C's source: ``outer`` is the class, ``inner`` the method, ``kind`` is ``class``.

``--through-calls`` widens point 1: W may also be returned as an argument of a call in the
``return`` (``return cast(T, W)``, ``return memoize(W)``, ``return register(name, W)``), the
shapes the plain net cannot see; those lines carry ``"through": "call"``. Sets labelled before
stop 33 used the plain net.

Files that cannot be read, decoded or parsed are skipped. Stdlib only, imports nothing it checks:
``python benchmarks/recall_candidates.py [--classes] [--through-calls] PATH... >
candidates.jsonl`` (functions only by default; ``--classes`` adds the class net).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sys
import warnings
from pathlib import Path
from typing import Iterator, Union

Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]
Closure = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]

#: A metadata copy in any spelling: ``functools.wraps``, ``_wraps``, ``update_wrapper(...)``.
METADATA_COPY = re.compile(r"(wraps|update_wrapper)\b")
#: Nodes that open a scope of their own.
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def parameter_names(arguments: ast.arguments) -> set[str]:
    positional = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    starred = [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return {a.arg for a in positional + starred}


def own_scope(function: Function) -> Iterator[ast.AST]:
    """Every node of F's own scope: nested scopes are yielded but not entered."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, SCOPES):
            stack.extend(ast.iter_child_nodes(node))


def returned_closures(function: Function, through_calls: bool = False) -> list[Closure]:
    """The inner defs and lambdas F returns, directly or through a name bound to them (and,
    with ``through_calls``, as an argument of a call in the ``return``)."""
    bound: dict[str, Closure] = {}
    returned: list[ast.expr] = []
    for node in own_scope(function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            bound[node.name] = node
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            bound.update((t.id, node.value) for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Return) and node.value is not None:
            returned.append(node.value)
    for node in own_scope(function):  # ``w = inner`` after both are known
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            if node.value.id in bound:
                target = bound[node.value.id]
                bound.update((t.id, target) for t in node.targets if isinstance(t, ast.Name))
    if through_calls:
        returned = [
            argument
            for value in returned
            for call in ast.walk(value)
            if isinstance(call, ast.Call)
            for argument in call.args + [k.value for k in call.keywords]
        ]
    closures: dict[int, Closure] = {}
    for value in returned:
        if isinstance(value, ast.Lambda):
            closures[id(value)] = value
        elif isinstance(value, ast.Name) and value.id in bound:
            closures[id(bound[value.id])] = bound[value.id]
    return list(closures.values())


def called_parameter(closure: Closure, parameters: set[str]) -> str | None:
    """The first of F's parameters the closure calls by name, unless it shadows it."""
    free = parameters - parameter_names(closure.args)
    calls = [
        node.func.id
        for node in ast.walk(closure)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in free
    ]
    return calls[0] if calls else None


def candidates(
    path: Path, classes: bool = False, through_calls: bool = False
) -> Iterator[dict[str, object]]:
    try:
        source = importlib.util.decode_source(path.read_bytes())  # honours coding cookies
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source, str(path))
    except (SyntaxError, ValueError, LookupError, OSError, RecursionError, MemoryError):
        return
    lines = source.splitlines()
    if classes:
        yield from class_candidates(tree, lines, path)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        text = "\n".join(lines[first - 1:node.end_lineno])
        closures = returned_closures(node)
        if through_calls:
            plain = {id(c) for c in closures}
            wide = [c for c in returned_closures(node, True) if id(c) not in plain]
        else:
            wide = []
        if not closures + wide or METADATA_COPY.search(text):
            continue
        parameters = parameter_names(node.args)
        for closure in closures + wide:
            param = called_parameter(closure, parameters)
            if param is not None:
                candidate: dict[str, object] = {
                    "path": str(path), "outer": node.name, "outer_line": node.lineno,
                    "inner": getattr(closure, "name", "<lambda>"),
                    "inner_line": closure.lineno, "param": param,
                }
                if closure in wide:
                    candidate["through"] = "call"
                yield candidate


def class_candidates(
    tree: ast.Module, lines: list[str], path: Path
) -> Iterator[dict[str, object]]:
    """Classes that store a parameter of ``__init__`` and call it from ``__call__``/``__get__``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        if METADATA_COPY.search("\n".join(lines[first - 1:node.end_lineno])):
            continue
        methods = {
            m.name: m for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        init = methods.get("__init__")
        if init is None or not init.args.args:
            continue
        instance = init.args.args[0].arg
        parameters = parameter_names(init.args) - {instance}
        stored: dict[str, str] = {}
        for inner in ast.walk(init):
            if isinstance(inner, ast.Assign) and isinstance(inner.value, ast.Name):
                for target in inner.targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == instance
                        and inner.value.id in parameters
                    ):
                        stored[target.attr] = inner.value.id
        for name in ("__call__", "__get__"):
            method = methods.get(name)
            if method is None or not method.args.args:
                continue
            own = method.args.args[0].arg
            called = [
                inner.func.attr
                for inner in ast.walk(method)
                if isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Attribute)
                and isinstance(inner.func.value, ast.Name)
                and inner.func.value.id == own
                and inner.func.attr in stored
            ]
            if called:
                yield {
                    "path": str(path), "outer": node.name, "outer_line": node.lineno,
                    "inner": name, "inner_line": method.lineno,
                    "param": stored[called[0]], "kind": "class",
                }
                break


def python_files(paths: list[str]) -> Iterator[Path]:
    for name in paths:
        root = Path(name)
        yield from sorted(root.rglob("*.py")) if root.is_dir() else [root]


def main() -> None:
    arguments = sys.argv[1:]
    options = {"--classes", "--through-calls"}
    classes, through_calls = "--classes" in arguments, "--through-calls" in arguments
    for path in python_files([a for a in arguments if a not in options]):
        for candidate in candidates(path, classes, through_calls):
            print(json.dumps(candidate))


if __name__ == "__main__":
    main()
