"""How a module uses a function it defines: is its result ever given a name someone sees?

A decorator's wrapper matters because it replaces a function that others find by name:
a decorated ``def``, a module or class attribute, something returned to a caller or
registered. A helper whose every call keeps the wrapper inside a computation, as a local
variable (``f = _wrap_nan_raise(f)`` in a solver), an argument
(``Thread(target=log_exceptions(feed))``) or an entry of a table of kernels, builds
a callable whose metadata nobody reads: ``functools.wraps`` there is harmless and
useless.

This is evidence only where every use can be seen: a function nested in another (its
uses are in that function) or a private one (``_name``) of the module. Anything this
module does not recognise as "kept inside" counts as a name given, so the answer errs
towards reporting.
"""

from __future__ import annotations

import ast
from typing import Optional

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_LITERALS = (ast.List, ast.Tuple, ast.Set, ast.Dict)
#: Calls that read every local, so a nested function's uses can no longer be seen.
_SCOPE_READERS = frozenset({"locals", "vars"})


class Uses:
    """Every occurrence of each identifier in ``scope``, with the parent of every node.

    ``scope`` is one statement: a function that holds the nested helper, or one top-level
    statement of the module (so that the language server asks again only about the
    statements an edit changed). Built on first need, for the few functions whose
    decision this evidence can change. ``registering`` holds the last names of calls that
    register what they are given, or read its name (``add_url_rule``, ``submit``): an
    argument of one of them is named.
    """

    __slots__ = ("scope", "registering", "_parents", "_occurrences", "_reads_scope")

    def __init__(self, scope: ast.AST, registering: frozenset[str]) -> None:
        self.scope = scope
        self.registering = registering
        self._parents: dict[ast.AST, ast.AST] = {}
        self._occurrences: dict[str, list[ast.AST]] = {}
        self._reads_scope = False
        parents, occurrences = self._parents, self._occurrences
        for node in ast.walk(scope):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
            if isinstance(node, ast.Name):
                occurrences.setdefault(node.id, []).append(node)
                if node.id in _SCOPE_READERS and isinstance(parents.get(node), ast.Call):
                    self._reads_scope = True
            elif isinstance(node, ast.Attribute):
                occurrences.setdefault(node.attr, []).append(node)

    @property
    def reads_scope(self) -> bool:
        """``locals()`` or ``vars()`` is called: every local is handed on."""
        return self._reads_scope

    def kept_inside(self, name: str) -> Optional[bool]:
        """None when ``name`` is not used here; else whether every use is a call whose
        result stays inside a computation."""
        uses = [
            node
            for node in self._occurrences.get(name, ())
            if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store))
        ]
        if not uses:
            return None
        return all(self._kept(use) for use in uses)

    def _kept(self, use: ast.AST) -> bool:
        call = self._parents.get(use)
        if not (isinstance(call, ast.Call) and call.func is use):
            return False  # applied with @, handed on uncalled, returned, stored...
        holder = self._parents.get(call)
        if isinstance(holder, ast.keyword):
            holder = self._parents.get(holder)
        if isinstance(holder, _LITERALS):
            return True  # an entry of a table of kernels, or of a list of test cases
        if isinstance(holder, ast.Call):
            # An argument, or called at once. ``deco(...)(F(f))``, ``setattr(cls, name,
            # F(f))`` and ``app.add_url_rule("/", view_func=F(f))`` give it a name.
            if holder.func is call:
                return True
            callee = holder.func
            if isinstance(callee, ast.Call):
                return False
            last = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)
            return last != "setattr" and last not in self.registering
        if isinstance(holder, ast.Expr):
            return True
        if isinstance(holder, (ast.Assign, ast.AnnAssign)) and holder.value is not None:
            targets = holder.targets if isinstance(holder, ast.Assign) else [holder.target]
            if not all(isinstance(target, ast.Name) for target in targets):
                return False  # ``obj.attr = F(obj.attr)``: a patch others see
            function = self._enclosing_function(holder)
            if function is None:
                return False  # a module or class attribute: a name others see
            names = {target.id for target in targets}  # type: ignore[attr-defined]
            return not _escapes(function, names)
        return False

    def _enclosing_function(self, node: ast.AST) -> Optional[ast.AST]:
        parent = self._parents.get(node)
        while parent is not None:
            if isinstance(parent, _FUNCTIONS):
                return parent
            if isinstance(parent, (ast.ClassDef, ast.Module)):
                return None
            parent = self._parents.get(parent)
        return None


def _escapes(function: ast.AST, names: set[str]) -> bool:
    """Whether a local holding the wrapper leaves ``function``: returned or yielded,
    stored on an object or in a container, or declared global or nonlocal."""
    for node in ast.walk(function):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and names.intersection(node.names):
            return True
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)):
            if node.value is not None and _holds(node.value, names):
                return True
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if _holds(node.value, names) and not all(isinstance(t, ast.Name) for t in targets):
                return True
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "setattr" and any(_holds(a, names) for a in node.args):
                return True
    return False


def _holds(value: ast.expr, names: set[str]) -> bool:
    """``x``, ``(x, y)``, ``[x]``, ``{k: x}``: the value is, or directly holds, a name."""
    if isinstance(value, ast.Name):
        return value.id in names
    if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
        return any(_holds(element, names) for element in value.elts)
    if isinstance(value, ast.Dict):
        return any(_holds(element, names) for element in value.values)
    return False


def is_private(name: str) -> bool:
    """``_helper``, not ``__call__``: a name other modules are not meant to use."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))
