"""Copies of a closure's own ``*args`` and ``**kwargs``: ``kwargs = dict(kwargs)`` leaves
the caller's arguments in the copy, ``args[0] = x`` on a list copy makes new ones.

:mod:`closures` asks these when it decides which parameters a closure passes on
unchanged, :mod:`fix_safety` whether a wrapper changes its arguments before the call.
"""

from __future__ import annotations

import ast
from typing import AbstractSet

from flake8_wraps.analysis.names import is_name, terminal_name


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
        return value.keys == [None] and is_name(value.values[0], name)
    if isinstance(value, (ast.List, ast.Tuple)):
        return (
            len(value.elts) == 1
            and isinstance(value.elts[0], ast.Starred)
            and is_name(value.elts[0].value, name)
        )
    if not isinstance(value, ast.Call) or value.keywords:
        return False
    if isinstance(value.func, ast.Attribute) and value.func.attr == "copy" and not value.args:
        return is_name(value.func.value, name)
    return (
        terminal_name(value.func) in ("dict", "list", "tuple", "copy")
        and len(value.args) == 1
        and is_name(value.args[0], name)
    )


#: Methods that change a list or dict in place.
_MUTATING = frozenset(
    {
        "pop",
        "popitem",
        "update",
        "setdefault",
        "clear",
        "append",
        "extend",
        "insert",
        "remove",
        "reverse",
        "sort",
    }
)


def changed_in_place(function: ast.AST, names: AbstractSet[str]) -> bool:
    """Whether ``function`` changes one of ``names`` in place: ``kwargs.pop(...)``,
    ``kwargs["x"] = 1``, ``del args[0]``, ``args += ...``. A list copy of ``*args`` changed
    so passes on arguments of the closure's own making (mpmath's ``fold_finite``, comtypes'
    ``call_with_inout``); the fixer's safety asks it of every parameter."""
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _MUTATING
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in names
        ):
            return True
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, (ast.Store, ast.Del))
            and isinstance(node.value, ast.Name)
            and node.value.id in names
        ):
            return True
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and (
            node.target.id in names
        ):
            return True
    return False
