"""Where a module's framework registry objects come from: ``app = Flask(__name__)``.

Kept apart from the registrations so that the project's module summaries can ask for a
module's registries without the rules that use them.
"""

from __future__ import annotations

import ast
from typing import Iterator, Optional, Protocol, Union, cast

from flake8_wraps.analysis.collect import simple_statements
from flake8_wraps.analysis.findings import Damage, ModuleAnalysis
from flake8_wraps.analysis.frameworks.table import (
    ANY_ORIGIN,
    CALL_METHODS,
    FRAMEWORKS,
    REGISTERING_METHODS,
    Framework,
    Origins,
)

_FACTORIES = {
    dotted: framework.key for framework in FRAMEWORKS for dotted in framework.registry_factories
}
_DECORATORS = {
    dotted: framework.key
    for framework in FRAMEWORKS
    for dotted in framework.registry_decorators
}
#: What an import binds for ``factory_key`` to find a factory: a module holding one, or
#: the maker of ``multiprocessing.get_context().Pool``. A module that binds none (most
#: modules) makes no registry by a call, and its statements are not looked at.
_FACTORY_ORIGINS = Origins(dotted.replace("()", "") for dotted in _FACTORIES)
#: Registries used as context managers (``with ProcessPoolExecutor() as pool``).
_CONTEXT_FACTORIES = Origins(
    dotted
    for framework in FRAMEWORKS
    if framework.used_as_context
    for dotted in framework.registry_factories
)


#: Statements without a block of their own: ``_with_items`` passes them by.
_SIMPLE_STATEMENTS = frozenset({
    ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Import,
    ast.ImportFrom, ast.Pass, ast.Raise, ast.Delete, ast.Global, ast.Nonlocal, ast.Break,
    ast.Continue, ast.Assert,
})


def registries_of(
    analysis: ModuleAnalysis, assigns: Optional[list[ast.Assign]] = None
) -> dict[str, str]:
    """Framework registries that a module creates, by name, with their framework's key.

    ``assigns``: the module's assignments (all scopes), if the caller has them already.
    """
    imports = analysis.imports
    if not ANY_ORIGIN.bound_by(imports):
        return {}
    registries: dict[str, str] = {}
    if _FACTORY_ORIGINS.bound_by(imports):
        if assigns is None:
            assigns, _ = simple_statements(analysis.tree.body, into_definitions=True)
        for assign in assigns:
            key = factory_key(analysis, assign.value)
            if key is not None:
                for target in assign.targets:
                    if isinstance(target, ast.Name):
                        registries[target.id] = key
        if _CONTEXT_FACTORIES.bound_by(imports):
            for item in _with_items(analysis.tree.body):
                if isinstance(item.optional_vars, ast.Name):
                    key = factory_key(analysis, item.context_expr)
                    if key is not None:
                        registries[item.optional_vars.id] = key
    for function in analysis.decorated:
        for decorator in function.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            key = _DECORATORS.get(imports.qualified_name(target) or "")
            if key is None and (
                # ``@cli.group()`` on a click group makes a group of its own.
                isinstance(target, ast.Attribute)
                and target.attr == "group"
                and isinstance(target.value, ast.Name)
                and registries.get(target.value.id) == "click"
            ):
                key = "click"
            if key is not None:
                registries[function.node.name] = key
    return registries


def factory_key(analysis: ModuleAnalysis, value: ast.expr) -> Optional[str]:
    """The framework whose registry ``value`` creates (``Flask(__name__)``), if any."""
    if not isinstance(value, ast.Call):
        return None
    function = value.func
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Call):
        # ``multiprocessing.get_context("spawn").Pool()``, in the table as
        # ``multiprocessing.get_context().Pool``.
        maker = analysis.imports.qualified_name(function.value.func)
        return _FACTORIES.get(f"{maker}().{function.attr}") if maker else None
    return _FACTORIES.get(analysis.imports.qualified_name(function) or "")


def _with_items(body: list[ast.stmt]) -> list[ast.withitem]:
    """The items of every ``with`` statement, through statement lists only."""
    items: list[ast.withitem] = []
    stack = [body]
    with_types, simple_types = (ast.With, ast.AsyncWith), _SIMPLE_STATEMENTS
    while stack:
        for statement in stack.pop():
            kind = type(statement)
            if kind in simple_types:
                continue  # most statements: no block to look into
            if kind in with_types:
                items.extend(statement.items)  # type: ignore[attr-defined]
            for field in ("body", "orelse", "finalbody"):
                block = getattr(statement, field, None)
                if isinstance(block, list):
                    stack.append(block)
            for handler in getattr(statement, "handlers", ()):
                stack.append(handler.body)
            for case in getattr(statement, "cases", ()):
                stack.append(case.body)
    return items


def might_register(analysis: ModuleAnalysis, is_test_file: bool) -> bool:
    """A cheap first look: could this module hold a registration at all?"""
    return (
        is_test_file
        or analysis.imports.imports_module("pytest")
        or ANY_ORIGIN.bound_by(analysis.imports)
        or _may_use_imported_registry(analysis)
        or calls_imported_registry(analysis)
    )


def calls_imported_registry(analysis: ModuleAnalysis) -> bool:
    """``app.add_url_rule(...)`` among the module's own statements, ``app`` bound by an
    import (a project module's app). Only those statements are looked at: a registration
    in a function registers on what its caller gives, and walking every call of every
    module that imports something would cost each file."""
    pending: list[ast.stmt] = list(analysis.tree.body)
    while pending:
        statement = pending.pop()
        # Every module pays for this loop: exact types first, the rest only for an Expr.
        kind = type(statement)
        if kind is ast.Expr:
            call = cast(ast.Expr, statement).value
            target = call.func if type(call) is ast.Call else None
            if (
                type(target) is ast.Attribute
                and target.attr in CALL_METHODS
                and type(target.value) is ast.Name
                and target.value.id in analysis.imports.bindings()
            ):
                return True
        elif kind is ast.If or kind is ast.Try:
            branches = cast(Union[ast.If, ast.Try], statement)
            pending.extend((*branches.body, *branches.orelse))
    return False


def _may_use_imported_registry(analysis: ModuleAnalysis) -> bool:
    """``@app.route`` where ``app`` comes from a project module (``from myapp import app``,
    or ``import myapp`` and ``@myapp.app.route``)."""
    bindings = analysis.imports.bindings()
    for function in analysis.decorated:
        for decorator in function.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if not (isinstance(target, ast.Attribute) and target.attr in REGISTERING_METHODS):
                continue
            owner = target.value
            while isinstance(owner, ast.Attribute):
                owner = owner.value
            if isinstance(owner, ast.Name) and (
                owner.id in bindings or analysis.imports.star_candidates(owner)
            ):
                return True
    return False


def registry_scopes(tree: ast.Module, nodes: list[ast.AST], names: list[str]) -> list[int]:
    """For each registration node, the function whose own statements bind its registry's
    name (``app = Flask(...)`` in ``create_app``), as an id; 0 for the module's. Two
    factories that each make an ``app`` make two registries, which never collide."""
    owner: dict[int, Optional[_Function]] = {}
    pending: list[tuple[ast.AST, Optional[_Function]]] = [(tree, None)]
    while pending:
        node, scope = pending.pop()
        for child in ast.iter_child_nodes(node):
            owner[id(child)] = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # its decorators and defaults run in the scope around it
                for part in (*child.decorator_list, child.args):
                    owner[id(part)] = scope
                    pending.append((part, scope))
                pending.extend((statement, child) for statement in child.body)
            else:
                pending.append((child, scope))
    scopes = []
    for node, name in zip(nodes, names):
        function = owner.get(id(node))
        while function is not None and not _binds(function, name):
            function = owner.get(id(function))
        scopes.append(0 if function is None else id(function))
    return scopes


_Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]


def _binds(function: _Function, name: str) -> bool:
    """Whether ``function``'s own statements assign ``name``: a registry of its own. Not a
    parameter: ``register_routes(app)`` is given the module's, often."""
    return any(
        isinstance(target, ast.Name) and target.id == name
        for statement in simple_statements(function.body)[0]
        for target in statement.targets
    )


class ResolvedDecorator(Protocol):
    """A decorator that a project module defines (``project.modules.Resolved``)."""

    @property
    def damage(self) -> Damage: ...
    @property
    def module(self) -> str: ...
    @property
    def where(self) -> str: ...


_BASES = {dotted: framework for framework in FRAMEWORKS for dotted in framework.registry_bases}
_BASE_ORIGINS = Origins(_BASES)


def listed_functions(analysis: ModuleAnalysis) -> Iterator[tuple[ast.Name, Framework, str]]:
    """Each name listed in a class attribute that registers them (``actions = [f, g]``
    in a ``ModelAdmin``), with the framework and the class's name."""
    imports = analysis.imports
    if not _BASE_ORIGINS.bound_by(imports):
        return
    for node in ast.walk(analysis.tree):
        if not isinstance(node, ast.ClassDef):
            continue
        framework = next(
            (
                _BASES[qualified]
                for base in node.bases
                for qualified in (imports.qualified_name(base),)
                if qualified in _BASES
            ),
            None,
        )
        if framework is None:
            continue
        for statement in node.body:
            if (
                isinstance(statement, ast.Assign)
                and isinstance(statement.value, (ast.List, ast.Tuple))
                and any(
                    isinstance(target, ast.Name) and target.id in framework.list_attributes
                    for target in statement.targets
                )
            ):
                for element in statement.value.elts:
                    if isinstance(element, ast.Name):
                        yield element, framework, node.name


Position = tuple[int, int]


def function_bodies(tree: ast.Module) -> list[tuple[Position, Position]]:
    """Where the outermost functions start and end, from their ``def`` on: what runs in
    them does not run where the module's own statements run (a decorator of a
    module-level def does; one inside ``create_app`` does not). Statements only are
    walked."""
    spans = []
    pending: list[ast.AST] = list(tree.body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # From the ``def`` on: its own decorators come before it, those of a def in
            # its body after it (even where that def is its first statement).
            spans.append((
                (statement.lineno, statement.col_offset),
                (statement.end_lineno or statement.lineno, statement.end_col_offset or 0),
            ))
            continue
        for field in ("body", "orelse", "finalbody"):
            pending.extend(getattr(statement, field, ()))
        for holder in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
            pending.extend(holder.body)  # ``except`` and ``case`` clauses
    return spans


def in_function_body(spans: list[tuple[Position, Position]], node: ast.AST) -> bool:
    """Whether ``node`` lies in one of the bodies ``function_bodies`` found."""
    at = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    return any(start <= at <= end for start, end in spans)


class ProjectLookup(Protocol):
    """What the registrations ask of the project's other modules (``ProjectModules``)."""

    def decorator(self, qualified: str, called: bool) -> Optional[ResolvedDecorator]: ...
    def registry(self, qualified: str) -> Optional[str]: ...
