"""Copies of a closure's own ``*args`` and ``**kwargs``: ``kwargs = dict(kwargs)`` leaves
the caller's arguments in the copy, ``args[0] = x`` on a list copy makes new ones.

:mod:`closures` asks these when it decides which parameters a closure passes on
unchanged.
"""

from __future__ import annotations

import ast
from typing import AbstractSet, Union

from flake8_wraps.analysis.names import terminal_name

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]


def copies_itself(node: ast.AST, packed: AbstractSet[str]) -> bool:
    """``kwargs = dict(kwargs)``, ``args = list(args)``, ``kwargs = kwargs.copy()``,
    ``kwargs = {**kwargs}``: the closure's ``*args`` or ``**kwargs`` replaced by a copy of
    itself, to add to it (pinject's ``WrappedFn``) or index it (Qrisp's ``ops_counter``).
    Passing the copy on passes the caller's arguments, as after changing them in place."""
    if not (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in packed
    ):
        return False
    name, value = node.targets[0].id, node.value
    if isinstance(value, ast.Dict):
        return value.keys == [None] and _is_name(value.values[0], name)
    if isinstance(value, (ast.List, ast.Tuple)):
        return (
            len(value.elts) == 1
            and isinstance(value.elts[0], ast.Starred)
            and _is_name(value.elts[0].value, name)
        )
    if not isinstance(value, ast.Call) or value.keywords:
        return False
    if isinstance(value.func, ast.Attribute) and value.func.attr == "copy" and not value.args:
        return _is_name(value.func.value, name)
    return (
        terminal_name(value.func) in ("dict", "list", "tuple", "copy")
        and len(value.args) == 1
        and _is_name(value.args[0], name)
    )


#: List methods that change the list in place.
_LIST_CHANGES = frozenset({"append", "extend", "insert", "pop", "remove", "reverse", "sort"})


def changes_items(scope: FunctionNode, name: str) -> bool:
    """``args[0] = x``, ``del args[0]``, ``args.insert(0, x)``: the body changes the items
    of ``name`` (only a list copy of ``*args`` can be changed), so what it passes on are
    arguments of its own making (mpmath's ``fold_finite``, comtypes' ``call_with_inout``)."""
    for node in ast.walk(scope):
        if (
            isinstance(node, ast.Subscript)
            and not isinstance(node.ctx, ast.Load)
            and _is_name(node.value, name)
        ):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _LIST_CHANGES
            and _is_name(node.func.value, name)
        ):
            return True
    return False


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
