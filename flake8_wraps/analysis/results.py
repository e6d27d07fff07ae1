"""What a closure does with the result of the function it calls: a wrapper hands it back
as it is (or with a side effect); a closure that makes something else of it is another
function, whatever its arguments look like (``adapters.py`` weighs it).
"""

from __future__ import annotations

import ast
from typing import Union

#: Methods whose first argument is a key: a function applied to it computes a key.
_KEYED_METHODS = frozenset({"get", "setdefault", "pop"})

Closure = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]


def result_is_reshaped(call: ast.Call, parents: dict[int, ast.AST], closure: Closure) -> bool:
    """What the closure does with the result makes it another function.

    The result is called (``application(scope)(receive, send)``), yielded one by one (a
    function turned into a generator), used as a dictionary key (a key function),
    computed with (``2 * f(x)``: a function combinator), has a method called on it
    (``fro(nu, z).rewrite(to)``), or is returned packed with other values, directly
    (``return name, f(y)``) or through the name it is kept in (``result = await
    callable(*args); return counter, result``: ragas's job runner).
    """
    parent = parents.get(id(call))
    if isinstance(parent, ast.Await):
        parent = parents.get(id(parent))
    if isinstance(parent, ast.Call) and parent.func is not call:
        return (
            isinstance(parent.func, ast.Attribute)
            and parent.func.attr in _KEYED_METHODS
            and bool(parent.args)
            and parent.args[0] is call
        )
    if isinstance(parent, (ast.Call, ast.Yield, ast.BinOp, ast.UnaryOp, ast.Attribute)):
        return True
    if isinstance(parent, (ast.Tuple, ast.List)):
        return isinstance(parents.get(id(parent)), ast.Return)  # ``return name, f(y)``
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        target = parent.targets[0]
        return isinstance(target, ast.Name) and _returned_packed(target.id, closure)
    return isinstance(parent, ast.Subscript) and parent.slice is call


def _returned_packed(name: str, closure: Closure) -> bool:
    """Whether a ``return`` of the closure packs ``name`` with other values."""
    return any(
        isinstance(node, ast.Return)
        and isinstance(node.value, (ast.Tuple, ast.List))
        and len(node.value.elts) > 1
        and any(isinstance(item, ast.Name) and item.id == name for item in node.value.elts)
        for node in ast.walk(closure)
    )
