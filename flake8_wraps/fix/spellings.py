"""How a fix spells what it writes (``functools.wraps``, ``update_wrapper``) at the place
it writes it: a name the module already binds to it there, or a new import that no scope
shadows (``scopes``)."""

from __future__ import annotations

import ast
import bisect
from typing import Optional, Union

from flake8_wraps.analysis.findings import Fix
from flake8_wraps.analysis.names import ImportedNames, free_name
from flake8_wraps.fix.index import FixError, TreeIndex
from flake8_wraps.fix.scopes import ScopeNode, Scopes


class Spellings:
    """How each edit spells ``functools.wraps`` and ``update_wrapper``, where it goes.

    The file's own spelling when it means the right thing at the edit's position:
    ``ft.wraps`` after ``import functools as ft``, ``w`` after ``from functools import
    wraps as w``. A parameter ``wraps=3`` or a local ``functools = "x"`` in an enclosing
    function rules it out there; the edit then uses an added ``import functools``, under a
    name bound nowhere in the file (``_functools`` when ``functools`` is).

    Only an import bound before the edit can run is the file's spelling: one at the top
    level, above the statement holding the edit or with nothing between them that can
    call anything (the statement's own function bodies aside). An import at the end of
    the module, below the ``@deco`` lines that call the decorator, or one under ``if
    TYPE_CHECKING:`` or ``if __name__ == "__main__":``, is not: the added import, at the
    top, binds the name instead, under another name than theirs (a second ``import
    functools`` would be pyflakes' F811).
    """

    def __init__(self, tree: ast.Module, scopes: Scopes):
        self.scopes = scopes
        body = tree.body
        #: First line of each top-level statement (its decorators included).
        self._starts = [_first_line_of(statement) for statement in body]
        #: ``_runs_from[i]``: the first top-level statement from ``i`` on that can call
        #: something (``len(body)`` when none can).
        self._runs_from = [len(body)] * (len(body) + 1)
        for number in range(len(body) - 1, -1, -1):
            self._runs_from[number] = (
                number if _runs_code(body[number]) else self._runs_from[number + 1]
            )
        self._imports = [
            (number, statement)
            for number, statement in enumerate(body)
            if isinstance(statement, (ast.Import, ast.ImportFrom))
        ]
        self._bound_before: dict[int, dict[str, str]] = {}
        #: Names that imports bind at the top level but not in time for every edit.
        self._late: set[str] = set()
        in_time = {id(statement) for number, statement in self._imports
                   if number < self._runs_from[0]}
        for statement in _module_level_imports(body):
            if id(statement) not in in_time:
                self._late.update(_bound_names(statement))
        #: The name of the ``import functools`` to add, once an edit needs it.
        self.added: Optional[str] = None
        #: Names bound in the functions where edits go, which that name must avoid.
        self.avoid: set[str] = set()

    def _bound_at(self, line: int) -> dict[str, str]:
        """What the imports bound before the edit at ``line`` can run bind."""
        holding = max(bisect.bisect_right(self._starts, line) - 1, 0)
        limit = self._runs_from[holding]
        bound = self._bound_before.get(limit)
        if bound is None:
            imports = ImportedNames()
            for number, statement in self._imports:
                if number < limit:
                    imports.add(statement)
            bound = self._bound_before[limit] = imports.bindings()
        return bound

    def spell(self, function: str, scope: ScopeNode, line: int) -> str:
        """``function`` (``wraps`` or ``update_wrapper``) as written in ``scope`` at ``line``."""
        target = f"functools.{function}"
        bound = self._bound_at(line)
        candidates = [local for local, dotted in bound.items() if dotted == target]
        candidates += [
            f"{local}.{function}" for local, dotted in bound.items() if dotted == "functools"
        ]
        for candidate in candidates:
            if self.scopes.resolve(candidate, scope, line) == target:
                return candidate
        if self.added is None:
            taken = self.scopes.taken_for("functools") | self._late | self.avoid
            self.added = free_name("functools", taken)
        return f"{self.added}.{function}"

    @property
    def module_import(self) -> Optional[tuple[str, Optional[str]]]:
        """``(module, asname)`` to import, or None when no edit needs an import."""
        if self.added is None:
            return None
        return "functools", None if self.added == "functools" else self.added


def _first_line_of(statement: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(statement, "decorator_list", None) or []
    return min([statement.lineno] + [decorator.lineno for decorator in decorators])


def _runs_code(statement: ast.stmt, in_class: bool = False) -> bool:
    """Whether running ``statement`` can run code of the module's own, and so call the
    decorator before a later import is bound.

    Only shapes known to call nothing count as not running code: imports, ``pass``,
    docstrings, names bound to literals or to names, undecorated functions whose defaults
    and annotations are such, base-less classes and ``try`` blocks made of such
    statements. Everything else
    can: a call, a decorator, a class with bases (``__init_subclass__``), a subscript
    (``__class_getitem__``), an attribute (``__getattr__``), an operator, a loop, an
    ``if`` (``__bool__``). In a class body a name's value can define ``__set_name__``, so
    only literals count there. (A rebound name's old value could still run ``__del__``;
    that is not followed.)"""
    if isinstance(statement, (ast.Import, ast.ImportFrom, ast.Pass, ast.Global, ast.Nonlocal)):
        return False
    if isinstance(statement, ast.Expr):
        return not isinstance(statement.value, ast.Constant)
    if isinstance(statement, ast.Assign):
        if not all(isinstance(target, ast.Name) for target in statement.targets):
            return True
        return not _inert(statement.value, names=not in_class)
    if isinstance(statement, ast.AnnAssign):
        return not (
            isinstance(statement.target, ast.Name)
            and _inert(statement.annotation)
            and (statement.value is None or _inert(statement.value, names=not in_class))
        )
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = statement.args
        evaluated: list[Optional[ast.expr]] = [*arguments.defaults, *arguments.kw_defaults]
        evaluated += [
            argument.annotation
            for argument in (*arguments.posonlyargs, *arguments.args, arguments.vararg,
                             *arguments.kwonlyargs, arguments.kwarg)
            if argument is not None
        ]
        evaluated.append(statement.returns)
        return bool(statement.decorator_list) or not all(
            value is None or _inert(value) for value in evaluated
        )
    if isinstance(statement, ast.ClassDef):
        return bool(statement.decorator_list or statement.bases or statement.keywords) or any(
            _runs_code(inner, in_class=True) for inner in statement.body
        )
    if isinstance(statement, ast.Try):
        # ``try: import x`` / ``except ImportError: x = None``.
        handled = [handler.type for handler in statement.handlers if handler.type is not None]
        inner = [*statement.body, *statement.orelse, *statement.finalbody]
        inner += [line for handler in statement.handlers for line in handler.body]
        return not all(_inert(kind) for kind in handled) or any(
            _runs_code(line, in_class) for line in inner
        )
    return True


def _inert(value: ast.expr, names: bool = True) -> bool:
    """Whether evaluating ``value`` calls nothing: a constant, a name (where ``names``), a
    tuple or list of such; a set or dict only of constants (hashing can call ``__hash__``)."""
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, ast.Name):
        return names
    if isinstance(value, (ast.Tuple, ast.List)):
        return all(_inert(element, names) for element in value.elts)
    if isinstance(value, ast.Set):
        return all(isinstance(element, ast.Constant) for element in value.elts)
    if isinstance(value, ast.Dict):
        return all(isinstance(key, ast.Constant) for key in value.keys) and all(
            _inert(element, names) for element in value.values
        )
    return False


def _module_level_imports(body: list[ast.stmt]) -> list[Union[ast.Import, ast.ImportFrom]]:
    """The imports that bind names of the module: in its body, or under its ``if``,
    ``try``, ``with``... (not in a function or a class)."""
    found: list[Union[ast.Import, ast.ImportFrom]] = []
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # Statements, and the handlers and match cases that hold some.
            stack.extend(
                child for child in ast.iter_child_nodes(node)
                if isinstance(child, ast.stmt) or hasattr(child, "body")
            )
    return found


def _bound_names(statement: Union[ast.Import, ast.ImportFrom]) -> set[str]:
    imports = ImportedNames()
    imports.add(statement)
    return set(imports.bindings())


#: The function each kind of edit writes a call of, when it writes one.
_WRITES = {"decorate": "wraps", "lambda-to-def": "wraps", "insert-before": "update_wrapper"}


def spell_all(plans: list[Fix], index: TreeIndex, spellings: Spellings) -> dict[int, str]:
    """How each plan spells the function it writes (by the plan's ``id``), resolved in
    the scope it writes it in: a decorator is evaluated in the scope holding the def;
    ``update_wrapper(self, func)`` in ``__init__``; the def a lambda becomes, in the
    function that returned the lambda. An added import's name avoids what every one of
    those scopes binds, since one import serves them all."""
    scopes: dict[int, ScopeNode] = {}
    lines: dict[int, int] = {}
    for plan in plans:
        if plan.edit not in _WRITES:
            continue  # the edit writes no new name: it moves or reorders what is there
        try:
            if plan.edit == "decorate":
                anchor: ast.stmt = index.function(plan.line, plan.name)
            elif plan.edit == "insert-before":
                anchor = index.store_in_block(plan.line)[1]
            else:
                anchor = index.returned_lambda(plan.line)
        except FixError:
            raise FixError(f"could not find what to edit on line {plan.line}") from None
        scopes[id(plan)] = spellings.scopes.scope_of(anchor)
        lines[id(plan)] = anchor.lineno
    for key, scope in scopes.items():
        spellings.avoid.update(spellings.scopes.bound_around(scope, lines[key]))
    return {
        id(plan): (
            spellings.spell(_WRITES[plan.edit], scopes[id(plan)], plan.line)
            if id(plan) in scopes else ""
        )
        for plan in plans
    }
