"""Resolve the names a module uses to the dotted names its imports bind them to.

Matching text is not enough: ``ft.wraps``, ``_wraps`` and ``functools.wraps`` are the same
function once ``import functools as ft`` and ``from functools import wraps as _wraps`` are
read. The resolution is per file, not per scope: an import anywhere in the file counts
everywhere in it, which is what real code relies on.
"""

from __future__ import annotations

import ast
import itertools
from typing import Optional, Union

ImportNode = Union[ast.Import, ast.ImportFrom]


class ImportedNames:
    """The dotted name each imported local name stands for."""

    __slots__ = ("_bound", "_star_modules", "_key")

    def __init__(self) -> None:
        self._bound: dict[str, str] = {}
        self._star_modules: list[str] = []
        self._key: Optional[tuple[frozenset[tuple[str, str]], tuple[str, ...]]] = None

    def add(self, node: ImportNode) -> None:
        """Record what one import statement binds."""
        self._key = None
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self._bound[alias.asname] = alias.name
                else:
                    top = alias.name.partition(".")[0]
                    self._bound[top] = top
            return
        module = "." * (node.level or 0) + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                self._star_modules.append(module)
                continue
            prefix = module if module.endswith(".") or not module else module + "."
            self._bound[alias.asname or alias.name] = prefix + alias.name

    def key(self) -> tuple[frozenset[tuple[str, str]], tuple[str, ...]]:
        """All that the resolution depends on, comparable and hashable."""
        if self._key is None:
            self._key = frozenset(self._bound.items()), tuple(self._star_modules)
        return self._key

    def binds(self, local: str) -> bool:
        """Whether an import binds the local name ``local``."""
        return local in self._bound

    def star_modules(self) -> tuple[str, ...]:
        """The modules imported with ``*``, in the order of their imports."""
        return tuple(self._star_modules)

    def bindings(self) -> dict[str, str]:
        """Every local name an import binds, with the dotted name it stands for."""
        return dict(self._bound)

    def imports_module(self, top_level: str) -> bool:
        """Whether any import binds ``top_level`` or something inside it."""
        return any(
            dotted == top_level or dotted.startswith(top_level + ".")
            for dotted in self._bound.values()
        ) or any(module.partition(".")[0] == top_level for module in self._star_modules)

    def binds_any_of(self, dotted_names: frozenset[str]) -> bool:
        """Whether an import binds one of ``dotted_names`` or a module that holds one."""
        for dotted in self._bound.values():
            for name in dotted_names:
                if name == dotted or name.startswith(dotted + "."):
                    return True
        return bool(self._star_modules) and any(
            name.rpartition(".")[0] in self._star_modules for name in dotted_names
        )

    def other_wraps_names(self, known: frozenset[str]) -> frozenset[str]:
        """Local names that ``from x import wraps`` binds to a ``wraps`` not in ``known``: a
        project's or a library's own copy of it (testplan's ``callable.wraps``)."""
        return frozenset(
            local
            for local, dotted in self._bound.items()
            if dotted.endswith(".wraps") and dotted not in known
        )

    def local_names_for(self, dotted_names: frozenset[str]) -> frozenset[str]:
        """Local names bound, by an import, to one of ``dotted_names``."""
        return frozenset(local for local, dotted in self._bound.items() if dotted in dotted_names)

    def qualified_name(self, expr: ast.expr) -> Optional[str]:
        """The dotted name ``expr`` refers to, or None when no import explains it."""
        attributes: list[str] = []
        while isinstance(expr, ast.Attribute):
            attributes.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return None
        base = self._bound.get(expr.id)
        if base is None:
            base = self._from_star_import(expr.id)
            if base is None:
                return None
        attributes.append(base)
        return ".".join(reversed(attributes))

    def star_candidates(self, expr: ast.expr) -> tuple[str, ...]:
        """The dotted names a public name that no import binds may have through the
        module's ``from x import *`` imports, the last import first (it binds over the
        others); none for a private name, which a star import never binds."""
        if not isinstance(expr, ast.Name) or expr.id.startswith("_"):
            return ()
        return tuple(member(module, expr.id) for module in reversed(self._star_modules))

    def _from_star_import(self, name: str) -> Optional[str]:
        # ``from functools import *`` binds ``wraps``; any other star import is opaque.
        if "functools" in self._star_modules and name in ("wraps", "update_wrapper"):
            return "functools." + name
        return None


def member(module: str, name: str) -> str:
    """The dotted name ``name`` has in ``module``, as an import spells it (``.`` and
    ``x`` give ``.x``, ``pkg`` and ``x`` give ``pkg.x``)."""
    return module + name if module.endswith(".") else f"{module}.{name}"


#: Descriptors made of one getter, whose docstring (and, for a cache keyed by name, whose
#: ``__name__``) they show: ``@property`` above a closure or ``property(closure)`` around
#: it. ``@functools.wraps`` goes below them, onto the function they take, never above
#: (where it would copy onto the descriptor).
GETTER_DESCRIPTORS = frozenset({"property", "cached_property"})

#: Decorators that turn the closure into something that is not a plain function. numba's
#: compile it, read its signature and keep state in its ``__dict__``: ``functools.wraps``
#: on a compiled closure breaks it (numba's ``timsort.compile``, ``register_jitable``).
TRANSFORMING_DECORATORS = frozenset(
    {
        "jit",
        "njit",
        "vectorize",
        "guvectorize",
        "cfunc",
        "generated_jit",
        "register_jitable",
        "overload",
        "overload_method",
        "stencil",
        "compile",
        "staticmethod",
        "classmethod",
        "contextmanager",
        "asynccontextmanager",
        # ``@wrapt.decorator``, the decorator package's ``@decorator``: a decorator object
        "decorator",
        "function_wrapper",
    }
)


def is_name(node: ast.AST, name: str) -> bool:
    """Whether ``node`` is the bare name ``name``."""
    return isinstance(node, ast.Name) and node.id == name


def terminal_name(expr: ast.expr) -> Optional[str]:
    """The last identifier of a name or attribute chain (``c`` in ``a.b.c``)."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def cast_value(expr: ast.expr) -> Optional[ast.expr]:
    """What ``cast(T, value)`` (``typing.cast``, under any module name) gives back at run
    time: ``value``, unchanged; None for anything else."""
    if (
        isinstance(expr, ast.Call)
        and terminal_name(expr.func) == "cast"
        and len(expr.args) == 2
        and not expr.keywords
    ):
        return expr.args[1]
    return None


def dotted_source(expr: ast.expr) -> Optional[str]:
    """Source text of a name or attribute chain (``a.b.c``); None for anything else."""
    attributes: list[str] = []
    while isinstance(expr, ast.Attribute):
        attributes.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    attributes.append(expr.id)
    return ".".join(reversed(attributes))


def free_name(base: str, taken: set[str]) -> str:
    """``base``, or the first of ``_base``, ``base_``, ``base_2``... that is not taken."""
    candidates = itertools.chain(
        (base, f"_{base}", f"{base}_"), (f"{base}_{n}" for n in itertools.count(2))
    )
    return next(name for name in candidates if name not in taken)


def identifiers_in(node: ast.AST) -> frozenset[str]:
    """Every identifier ``node`` reads or binds as a name, and the last name of every
    attribute in it: a statement that lacks a name here cannot use it.

    One walk, cheaper than ``ast.walk``: children are taken from each node's fields as
    stored, without the generators ``ast.iter_child_nodes`` makes.
    """
    found: set[str] = set()
    stack = [node]
    pop, push = stack.pop, stack.append
    name_type, attribute_type, node_type = ast.Name, ast.Attribute, ast.AST
    while stack:
        current = pop()
        kind = type(current)
        if kind is name_type:
            found.add(current.id)  # type: ignore[attr-defined]
            continue  # a name holds only its context
        if kind is attribute_type:
            found.add(current.attr)  # type: ignore[attr-defined]
        for value in current.__dict__.values():
            if type(value) is list:
                for item in value:
                    if isinstance(item, node_type):
                        push(item)
            elif isinstance(value, node_type):
                push(value)
    return frozenset(found)


def module_aliases(tree: ast.Module) -> list[tuple[str, str]]:
    """``alias = name`` among the module's own statements, as (alias, name), in order: a
    decorator applied as ``@alias`` is the one ``name`` holds."""
    return [
        (statement.targets[0].id, statement.value.id)
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and isinstance(statement.value, ast.Name)
    ]


def hands_over(call: ast.Call, name: str) -> bool:
    """Whether ``call`` is given what ``name`` holds, or reads it outside another call:
    ``@copy_meta(func)``, ``@named(func.__name__)``, ``@func.register``. A value computed
    from it by a call (``@run_in_background_thread(str(func))``, eduvpn) copies nothing of
    it onto what the call decorates."""
    pending: list[ast.AST] = [call.func, *call.args, *(k.value for k in call.keywords)]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name):
            if node.id == name:
                return True
        elif not isinstance(node, ast.Call):
            pending.extend(ast.iter_child_nodes(node))
    return False


def uncast(decorator: ast.expr) -> ast.expr:
    """What ``@cast(T, wraps(func))`` applies: ``wraps(func)``. ``typing.cast`` returns
    its second argument (pycroft types its ``wraps`` this way; set EG)."""
    while (
        isinstance(decorator, ast.Call)
        and terminal_name(decorator.func) == "cast"
        and len(decorator.args) == 2
        and not decorator.keywords
    ):
        decorator = decorator.args[1]
    return decorator
