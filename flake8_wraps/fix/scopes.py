"""What a name means at one place in a module: Python's scope rules, for the fixer.

The fixer writes ``@wraps(func)`` or ``functools.update_wrapper(...)`` into a function. The
module's imports say what ``wraps`` means at the top level, but a parameter
``def retry(wraps=3)`` or a local ``functools = "x"`` rebinds it in one function and
everything nested in it. This module knows, for every scope (module, class, function,
lambda, comprehension), which names are bound there and how, so that a name can be
resolved where an expression is evaluated: the innermost function scope that binds it,
class bodies skipped except the one the expression is directly in, then the module.

A name counts as resolved only when it provably is: every binding of it in the scope
that owns it is an import, directly in that scope's body, of the same thing (a function's
own import must also come before the use). Anything else (an assignment, a parameter, an
import under ``if``/``try``, ``global``/``nonlocal`` anywhere) makes it unknown, and the
fixer then uses another name. Star imports are taken to bind only what
``from functools import *`` binds of ``wraps`` and ``update_wrapper``, as the analysis does.

Pure ``ast``, one iterative walk per module: linear in its size, no recursion.
"""

from __future__ import annotations

import ast
from typing import Optional, Union

ScopeNode = Union[
    ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
    ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
]
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
#: What ``from functools import *`` is known to bind.
_STAR_FUNCTOOLS = {"wraps": "functools.wraps", "update_wrapper": "functools.update_wrapper"}


class _Binding:
    """One binding of a name: an import (what it stands for) or anything else (None)."""

    __slots__ = ("dotted", "direct", "line")

    def __init__(self, dotted: Optional[str], direct: bool, line: int):
        self.dotted = dotted
        #: An import statement directly in the scope's body (not under if/try/with...).
        self.direct = direct
        self.line = line


class Scopes:
    """Every scope of a module, the names each binds, and the scope each statement is in."""

    def __init__(self, tree: ast.Module):
        self.module = tree
        self._parent: dict[int, Optional[ScopeNode]] = {id(tree): None}
        self._bound: dict[int, dict[str, list[_Binding]]] = {id(tree): {}}
        self._scope_of: dict[int, ScopeNode] = {}
        self._kind: dict[int, ScopeNode] = {id(tree): tree}
        #: Names declared ``global`` or ``nonlocal`` anywhere: never resolved.
        self._declared: set[str] = set()
        self._functools_star = False
        self._walk(tree)

    # -- the walk ------------------------------------------------------------------------

    def _new_scope(self, node: ScopeNode, parent: ScopeNode) -> None:
        self._parent[id(node)] = parent
        self._bound[id(node)] = {}
        self._kind[id(node)] = node

    def _bind(self, scope: ScopeNode, name: str, binding: _Binding) -> None:
        self._bound[id(scope)].setdefault(name, []).append(binding)

    def _walk(self, tree: ast.Module) -> None:
        # (node, the scope it is evaluated in, whether it is a statement of that scope's body)
        stack: list[tuple[ast.AST, ScopeNode, bool]] = [
            (statement, tree, True) for statement in reversed(tree.body)
        ]
        while stack:
            node, scope, direct = stack.pop()
            if isinstance(node, ast.stmt):
                self._scope_of[id(node)] = scope
            line = getattr(node, "lineno", 0)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._bind(scope, node.name, _Binding(None, False, line))
                for parameter in getattr(node, "type_params", ()):  # Python 3.12+
                    # ``def deco[functools](func)``: the name means the type parameter in
                    # the function, and in a generic class's methods; taken as unknown
                    # in the whole module, which no real name needs.
                    self._bind(tree, parameter.name, _Binding(None, False, line))
                outer: list[ast.AST] = list(node.decorator_list)
                if isinstance(node, ast.ClassDef):
                    outer += node.bases + [k.value for k in node.keywords]
                else:
                    outer += _argument_defaults(node.args)
                    outer += _annotations(node)
                self._new_scope(node, scope)
                if not isinstance(node, ast.ClassDef):
                    for name in _parameters(node.args):
                        self._bind(node, name, _Binding(None, False, line))
                stack.extend((child, node, True) for child in reversed(node.body))
                stack.extend((child, scope, False) for child in outer)
                continue
            if isinstance(node, ast.Lambda):
                self._new_scope(node, scope)
                for name in _parameters(node.args):
                    self._bind(node, name, _Binding(None, False, line))
                stack.append((node.body, node, False))
                stack.extend((child, scope, False) for child in _argument_defaults(node.args))
                continue
            if isinstance(node, _COMPREHENSIONS):
                self._new_scope(node, scope)
                generators = node.generators
                # The first iterable is evaluated outside; everything else inside.
                stack.append((generators[0].iter, scope, False))
                inner: list[ast.AST] = [generators[0].target, *generators[0].ifs]
                for generator in generators[1:]:
                    inner += [generator.target, generator.iter, *generator.ifs]
                if isinstance(node, ast.DictComp):
                    inner += [node.key, node.value]
                else:
                    inner.append(node.elt)
                stack.extend((child, node, False) for child in inner)
                continue
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self._import(node, scope, direct)
                continue
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                self._declared.update(node.names)
                continue
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                self._bind(scope, node.id, _Binding(None, False, line))
            elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                self._bind(self._outside_comprehensions(scope), node.target.id,
                           _Binding(None, False, line))
                stack.append((node.value, scope, False))
                continue
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self._bind(scope, node.name, _Binding(None, False, line))
            else:
                # match statements (3.10+): ``case Point(x=x)``, ``case [*rest]``, ``**rest``
                for field in ("name", "rest"):
                    bound = getattr(node, field, None)
                    if type(node).__name__.startswith("Match") and isinstance(bound, str):
                        self._bind(scope, bound, _Binding(None, False, line))
            for _, value in ast.iter_fields(node):
                children = value if isinstance(value, list) else [value]
                for child in reversed(children):
                    if isinstance(child, ast.AST):
                        stack.append((child, scope, False))

    def _import(self, node: Union[ast.Import, ast.ImportFrom], scope: ScopeNode,
                direct: bool) -> None:
        line = getattr(node, "lineno", 0)  # the fixer's added import has no position
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self._bind(scope, alias.asname, _Binding(alias.name, direct, line))
                else:
                    top = alias.name.partition(".")[0]
                    self._bind(scope, top, _Binding(top, direct, line))
            return
        module = "." * (node.level or 0) + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                if module == "functools" and scope is self.module:
                    self._functools_star = True
                continue
            prefix = module if module.endswith(".") or not module else module + "."
            self._bind(scope, alias.asname or alias.name,
                       _Binding(prefix + alias.name, direct, line))

    def _outside_comprehensions(self, scope: ScopeNode) -> ScopeNode:
        current: Optional[ScopeNode] = scope
        while isinstance(current, _COMPREHENSIONS):
            current = self._parent[id(current)]
        return current if current is not None else self.module

    # -- questions -------------------------------------------------------------------------

    def scope_of(self, statement: ast.stmt) -> ScopeNode:
        """The scope a statement (and a def's decorators) is evaluated in."""
        return self._scope_of[id(statement)]

    def taken_for(self, module: str) -> set[str]:
        """The names an added ``import module as NAME`` must avoid: every name bound in any
        scope, except those only ever bound by ``import module`` (the same thing)."""
        names: set[str] = set(self._declared)
        for bound in self._bound.values():
            names.update(
                name for name, bindings in bound.items()
                if any(binding.dotted != module for binding in bindings)
            )
        return names

    def bound_around(self, scope: ScopeNode, line: int) -> set[str]:
        """The names ``scope`` and the functions around it bind, which an added import's
        name must avoid there: ``import functools`` in ``__init__`` below the edit at
        ``line`` makes ``functools`` local, and unbound where the edit runs. Only an
        ``import functools`` above the edit, in the body itself, binds the same thing."""
        names: set[str] = set()
        current: Optional[ScopeNode] = scope
        while current is not None and current is not self.module:
            if current is scope or not isinstance(current, ast.ClassDef):
                names.update(
                    name for name, bindings in self._bound[id(current)].items()
                    if any(b.dotted != "functools" or not b.direct or b.line >= line
                           for b in bindings)
                )
            current = self._parent[id(current)]
        return names

    def resolve(self, expression: str, scope: ScopeNode, line: int) -> Optional[str]:
        """The dotted name ``expression`` (``wraps``, ``ft.wraps``) provably stands for when
        evaluated in ``scope`` at ``line``; None when it cannot be proved."""
        first, dot, rest = expression.partition(".")
        if first in self._declared:
            return None
        current: Optional[ScopeNode] = scope
        while current is not None:
            bindings = self._bound[id(current)].get(first)
            if bindings is not None:
                return _proved(bindings, current is not self.module, line, dot + rest)
            current = self._parent[id(current)]
            while isinstance(current, ast.ClassDef):  # class bodies are not enclosing scopes
                current = self._parent[id(current)]
        if self._functools_star and first in _STAR_FUNCTOOLS and not rest:
            return _STAR_FUNCTOOLS[first]
        return None


def _proved(bindings: list[_Binding], in_function: bool, line: int, rest: str) -> Optional[str]:
    dotted = {binding.dotted for binding in bindings}
    if len(dotted) != 1 or None in dotted or not all(b.direct for b in bindings):
        return None
    if in_function and any(binding.line >= line for binding in bindings):
        return None  # a function's own import must run before the use
    return f"{dotted.pop()}{rest}"


def _parameters(arguments: ast.arguments) -> list[str]:
    return [argument.arg for argument in _arguments(arguments)]


def _arguments(arguments: ast.arguments) -> list[ast.arg]:
    every = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    if arguments.vararg is not None:
        every.append(arguments.vararg)
    if arguments.kwarg is not None:
        every.append(arguments.kwarg)
    return every


def _argument_defaults(arguments: ast.arguments) -> list[ast.AST]:
    defaults: list[ast.AST] = list(arguments.defaults)
    for default in arguments.kw_defaults:
        if default is not None:
            defaults.append(default)
    return defaults


def _annotations(node: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> list[ast.AST]:
    annotations: list[ast.AST] = []
    for argument in _arguments(node.args):
        if argument.annotation is not None:
            annotations.append(argument.annotation)
    if node.returns is not None:
        annotations.append(node.returns)
    return annotations
