"""What a registration is read from: the calls of a module, an argument given by position
or keyword, a route's path, a name given explicitly.

Kept apart from the registrations themselves: these read expressions and know nothing of
damage, registries or findings.
"""

from __future__ import annotations

import ast
from typing import Any, Optional

from flake8_wraps.analysis.collect import simple_statements
from flake8_wraps.analysis.findings import Damage, ModuleAnalysis
from flake8_wraps.analysis.frameworks.table import Framework
from flake8_wraps.analysis.names import dotted_source

#: Fields that never hold a call: context and operator singletons, names, numbers and
#: flags (as ``reparse`` moves statements).
_CALL_FREE_FIELDS = frozenset({
    "ctx", "op", "ops", "id", "attr", "arg", "name", "asname", "module", "level", "kind",
    "type_comment", "conversion", "is_async", "simple", "tag", "rest", "kwd_attrs",
})
#: Values never looked into: leaves, and what fields hold besides nodes.
_LEAF_TYPES = frozenset({ast.Name, ast.Constant, str, int, type(None)})
#: By node type: the fields that may hold a call.
_CALL_FIELDS: dict[type, tuple[str, ...]] = {}


def calls_in(tree: ast.AST) -> list[ast.Call]:
    """Every call in ``tree``, as ``ast.walk`` finds them (in another order) in under a
    third of its time: a loop over the fields that may hold nodes, leaves left out."""
    calls: list[ast.Call] = []
    call_type, leaf_types, call_fields = ast.Call, _LEAF_TYPES, _CALL_FIELDS
    stack: list[Any] = [tree]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        kind = type(node)
        if kind is call_type:
            calls.append(node)
        fields = call_fields.get(kind)
        if fields is None:
            fields = call_fields[kind] = tuple(
                f for f in getattr(kind, "_fields", ()) if f not in _CALL_FREE_FIELDS
            )
        for field in fields:
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if type(item) not in leaf_types:
                        push(item)
            elif type(value) not in leaf_types:
                push(value)
    return calls


def root_name(expr: ast.expr) -> Optional[str]:
    """``a`` in ``a.b.c``; None where a call or anything else starts the chain."""
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def argument(call: ast.Call, position: int, keyword: str) -> Optional[ast.expr]:
    """The argument passed at ``position`` or as ``keyword`` (-1, "": none asked for)."""
    if 0 <= position < len(call.args):
        given = call.args[position]
        return None if isinstance(given, ast.Starred) else given
    if keyword:
        for passed in call.keywords:
            if passed.arg == keyword:
                return passed.value
    return None


def route_path(decorator: ast.expr) -> Optional[str]:
    """``"/items"`` in ``@get("/items")``, normalised as a route path."""
    if isinstance(decorator, ast.Call):
        path = argument(decorator, 0, "path")
        if isinstance(path, ast.Constant) and isinstance(path.value, str):
            return "/" + path.value.strip("/")
    return None


def names_itself(decorator: ast.expr, framework: Framework) -> bool:
    """``endpoint="..."``, ``name="..."``, ``@cli.command("hello")``: an explicit name."""
    if not isinstance(decorator, ast.Call):
        return False
    for keyword in decorator.keywords:
        if keyword.arg in framework.name_keywords and not (
            isinstance(keyword.value, ast.Constant) and keyword.value.value is None
        ):
            return True
    return (
        framework.positional_name
        and bool(decorator.args)
        and isinstance(decorator.args[0], ast.Constant)
        and isinstance(decorator.args[0].value, str)
    )


def registry_given(decorator: ast.expr, framework: Framework) -> Optional[str]:
    """``other`` of ``@dramatiq.actor(broker=other)``: the registry a registrar is told to
    register on, as written, where the framework takes one."""
    if not isinstance(decorator, ast.Call):
        return None
    for keyword in decorator.keywords:
        if keyword.arg in framework.registry_keywords:
            return dotted_source(keyword.value) or "..."
    return None


def view_name(view: ast.expr) -> Optional[str]:
    """``"c"`` of ``C.as_view("c")``: the name a class-based view gives its function."""
    if (
        isinstance(view, ast.Call)
        and isinstance(view.func, ast.Attribute)
        and view.func.attr == "as_view"
        and view.args
        and isinstance(view.args[0], ast.Constant)
        and isinstance(view.args[0].value, str)
    ):
        return view.args[0].value
    return None


def assigned_values(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """By name: the values of the ``name = ...`` statements anywhere in ``tree``, read once
    per module however many registrations pass a name. An assignment is a statement, so
    the statement lists hold them all; a walk of every expression was, under a profiler,
    the largest single cost of the framework rules on a long module."""
    values: dict[str, list[ast.expr]] = {}
    assigns, _ = simple_statements(tree.body, into_definitions=True)
    for node in assigns:
        for name in {t.id for t in node.targets if isinstance(t, ast.Name)}:
            values.setdefault(name, []).append(node.value)
    return values


def bound_call(assigned: dict[str, list[ast.expr]], name: str) -> Optional[ast.Call]:
    """The call ``name`` is assigned from, where the module assigns it once, and from a
    call of one argument (``we = timeit(e)``, later ``view_func=we``)."""
    values = assigned.get(name, ())
    if len(values) == 1 and isinstance(values[0], ast.Call) and len(values[0].args) == 1:
        return values[0]
    return None


def binding_before(tree: ast.Module, name: str, line: int) -> Optional[ast.stmt]:
    """The last of the module's own statements above ``line`` that binds ``name`` (a
    def, a class, an import or ``name = ...``): what a decorator there applies."""
    found: Optional[ast.stmt] = None
    for statement in tree.body:
        if statement.lineno >= line:
            break
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            binds = statement.name == name
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            binds = any((alias.asname or alias.name.partition(".")[0]) == name
                        for alias in statement.names)
        elif isinstance(statement, ast.Assign):
            binds = any(isinstance(t, ast.Name) and t.id == name for t in statement.targets)
        else:
            binds = False
        if binds:
            found = statement
    return found


def possible_damage(
    analysis: ModuleAnalysis, target: ast.Name, binding: Optional[ast.stmt]
) -> Optional[Damage]:
    """The damage of a decorator of this module that WRP007 reports (a closure returned
    without a name copy, on evidence too weak for WRP001), where a registration applies
    it by a call (``view_func=audit(view)``): whatever else the closure is, a registry
    keyed by ``__name__`` gets the closure's name. A hostile pass registered two views
    so and Flask crashed at start-up, with nothing reported. ``binding`` is the
    statement that binds ``target`` where it is used."""
    if not isinstance(binding, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    for found in analysis.findings:
        fields = dict(found.fields)
        if (
            found.rule.name == "possible-missing-wraps"
            and fields.get("decorator") == target.id
            and binding.lineno <= found.line <= (binding.end_lineno or found.line)
        ):
            return Damage(target.id, False, fields["wrapper"], binding.lineno, False)
    return None
