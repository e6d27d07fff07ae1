"""What the analysis reports: findings, their fixes, and what a module's decorators do to
the functions they decorate (for the other files and the framework rules)."""

from __future__ import annotations

import ast
from typing import NamedTuple, Optional

from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.names import ImportedNames, dotted_source
from flake8_wraps.codes import RULE_BY_NAME, Rule


class Fix(NamedTuple):
    """How the fixer repairs a finding: one edit, at a node both ``ast`` and LibCST find.

    Nodes are found by line and name, never by column: ``ast`` counts columns in UTF-8
    bytes, LibCST in characters.
    """

    #: ``decorate``, ``replace-decorator``, ``swap-arguments``, ``swap-application``,
    #: ``move-to-decorator``, ``insert-before`` or ``lambda-to-def``.
    edit: str
    #: Line of the node to edit: the def, decorator, call, statement or lambda.
    line: int
    #: The def's name, or the callee as written (``functools.update_wrapper``).
    name: str
    #: The wrapped callable, to copy the metadata from.
    wrapped: str
    #: Whether ``fix`` applies it without ``--unsafe-fixes``.
    safe: bool
    #: ``move-to-decorator``: the def that gets the decorator; ``insert-before``: the
    #: instance (``self``); ``lambda-to-def``: the new def's name.
    target_name: str = ""
    #: ``move-to-decorator``: the line of that def.
    target_line: int = 0
    #: ``decorate``: first lines of the statements that copy metadata by hand, which the
    #: new decorator makes redundant: the fix removes them (``fix_safety``).
    removed: tuple[int, ...] = ()
    #: ``decorate``: below the def's own decorators, not above them: a closure that a
    #: decorator of its own registers (``@app.route(path)``) must have its metadata first.
    innermost: bool = False


class Finding(NamedTuple):
    """One reported problem: where it is, which rule, and the names its message quotes."""

    line: int
    col: int
    rule: Rule
    fields: tuple[tuple[str, str], ...]
    #: How ``flake8-wraps fix`` repairs it; None when it cannot.
    fix: Optional[Fix] = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def message(self) -> str:
        return self.rule.message.format(**dict(self.fields))


class Damage(NamedTuple):
    """How a module-level decorator damages the functions it decorates.

    What other files and the framework rules need to know about a decorator that the
    analysis reports (WRP001, WRP003, WRP005, WRP006), at its own level or as a factory.
    """

    #: The decorator's module-level name.
    decorator: str
    #: True for a factory, used as ``@decorator(...)``; False for ``@decorator``.
    called: bool
    #: The ``__name__`` the decorated function ends up with; None when it has none (an
    #: instance of a class-based decorator, a ``functools.partial``).
    wrapper: Optional[str]
    #: Line of the decorator's ``def`` or ``class``.
    line: int
    #: Whether the wrapper's signature is ``(*args, **kwargs)``-like.
    takes_any_arguments: bool
    #: The keywords the wrapper itself gives the function (``func(*args, api=api,
    #: **kwargs)``): parameters its callers need not give, a test's fixture among them.
    supplies: tuple[str, ...] = ()
    #: How many leading positional arguments the wrapper gives the function itself
    #: (``func(db, *args, **kwargs)``): a test's first parameters among them.
    supplies_first: int = 0
    #: What the wrapper copies from the function by hand of ``__name__`` and
    #: ``__module__``: a registry keyed by them sees the function's own; ``?__name__``
    #: where it makes a name of its own from the function's (which nothing here knows);
    #: ``__signature__`` and ``__dict__`` copied, which frameworks read too.
    keeps: tuple[str, ...] = ()


class DecoratedFunction(NamedTuple):
    """A decorated def and where it stands."""

    node: FunctionNode
    #: The class whose body holds it, for methods.
    class_node: Optional[ast.ClassDef]


class ModuleAnalysis(NamedTuple):
    """Everything the per-module analysis learned, for the rules that look further."""

    tree: ast.Module
    imports: ImportedNames
    findings: list[Finding]
    #: Module-level decorators that damage what they decorate, by name.
    damage: dict[str, Damage]
    decorated: list[DecoratedFunction]


def finding(node: ast.AST, rule_name: str, fix: Optional[Fix] = None, **fields: str) -> Finding:
    return Finding(
        node.lineno,  # type: ignore[attr-defined]
        node.col_offset,  # type: ignore[attr-defined]
        RULE_BY_NAME[rule_name],
        tuple(fields.items()),
        fix,
    )


def wraps_source(decorator: ast.Call) -> Optional[ast.expr]:
    if decorator.args:
        return decorator.args[0]
    for keyword in decorator.keywords:
        if keyword.arg == "wrapped":
            return keyword.value
    return None


def short_source(expr: ast.expr) -> str:
    """A short rendering of an argument for a message (never recursive)."""
    dotted = dotted_source(expr)
    if dotted is not None:
        return dotted
    if isinstance(expr, ast.Constant):
        text = repr(expr.value)
        return text if len(text) <= 40 else text[:37] + "..."
    return "..."


def call_source(call: ast.Call) -> str:
    if isinstance(call.func, ast.Call):
        return "{}({})({})".format(
            dotted_source(call.func.func),
            ", ".join(short_source(a) for a in call.func.args),
            ", ".join(short_source(a) for a in call.args),
        )
    arguments = [short_source(a) for a in call.args] + [
        f"{k.arg}={short_source(k.value)}" if k.arg else f"**{short_source(k.value)}"
        for k in call.keywords
    ]
    return "{}({})".format(dotted_source(call.func), ", ".join(arguments))
