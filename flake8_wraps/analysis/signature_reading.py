"""Whether a closure is built to fit its function's signature, or checks calls against it.

An adapter reads the signature of what it adapts (``inspect.signature(func)``) to build
the arguments it passes, or a signature of its own; a validating decorator reads it to
check the arguments it hands on unchanged. The first is no wrapper, the second is one."""

from __future__ import annotations

import ast
from typing import Optional, Union

from flake8_wraps.analysis.closures import ScopeNode, mentions
from flake8_wraps.analysis.names import terminal_name

_SIGNATURE_READER_PARTS = ("signature", "argspec", "getargs", "getcallargs")


def inspects_or_computes_with(
    enclosing: ast.AST, closure: ScopeNode, closure_nodes: list[ast.AST], wrapped: str
) -> Optional[str]:
    """Whether the enclosing function reads the parameter's signature (``"inspects"``),
    or uses it as data (``"computes"``).

    Reading the signature (``inspect.signature(func)``, ``func.__code__``) means the
    closure is built to fit it, unless it hands its ``*args, **kwargs`` on unchanged: then
    it checks the call against the signature (sunpy's ``QuantityInput``), as a validating
    decorator does. Computing with it (``m @ v``, ``loss == "linear"``) means it is
    sometimes a value, not a function. The closure's calls, attributes and computations are
    ``closure_nodes``; the walk of the enclosing function leaves the closure out.
    """
    nodes = list(closure_nodes)
    stack = [child for child in ast.iter_child_nodes(enclosing) if child is not closure]
    copies: set[int] = set()
    while stack:
        node = stack.pop()
        nodes.append(node)
        if isinstance(node, ast.Assign) and _copies_signature(node, closure, wrapped):
            copies.add(id(node.value))
        stack.extend(child for child in ast.iter_child_nodes(node) if child is not closure)
    for node in nodes:
        if isinstance(node, ast.Call):
            if id(node) in copies:
                continue  # ``wrapper.__signature__ = inspect.signature(func)``: a copy
            if _reads_signature(terminal_name(node.func)) and any(
                mentions(argument, wrapped) for argument in node.args
            ):
                return "inspects"
        elif isinstance(node, ast.Attribute):
            if (
                node.attr == "__code__"
                and isinstance(node.value, ast.Name)
                and node.value.id == wrapped
            ):
                return "inspects"
        elif isinstance(node, (ast.BinOp, ast.Compare)) and _computes_with(node, wrapped):
            return "computes"
    return None


def _reads_signature(callee: Optional[str]) -> bool:
    if callee is None:
        return False
    lowered = callee.lower()
    return any(part in lowered for part in _SIGNATURE_READER_PARTS)


def _computes_with(node: Union[ast.BinOp, ast.Compare], wrapped: str) -> bool:
    operands: tuple[ast.expr, ...]
    if isinstance(node, ast.BinOp):
        operands = (node.left, node.right)
    else:
        if not all(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            return False
        operands = (node.left, *node.comparators)
        if not any(isinstance(o, ast.Constant) and o.value is not None for o in operands):
            return False
    return any(isinstance(o, ast.Name) and o.id == wrapped for o in operands)


def is_signature_of(value: ast.expr, wrapped: str) -> bool:
    """``inspect.signature(func)`` (or ``signature(func)`` imported from it), unchanged:
    the signature of ``wrapped`` itself."""
    if not isinstance(value, ast.Call):
        return False
    callee = value.func
    return (
        (
            isinstance(callee, ast.Name)
            and callee.id == "signature"
            or isinstance(callee, ast.Attribute)
            and callee.attr == "signature"
            and isinstance(callee.value, ast.Name)
            and callee.value.id == "inspect"
        )
        and len(value.args) == 1
        and not value.keywords
        and isinstance(value.args[0], ast.Name)
        and value.args[0].id == wrapped
    )


def _copies_signature(assign: ast.Assign, closure: ScopeNode, wrapped: str) -> bool:
    """``wrapper.__signature__ = inspect.signature(func)``: a copy, as ``wraps`` makes
    one through ``__wrapped__`` (cinder's ``require_context``), not a signature read to
    build another."""
    return (
        not isinstance(closure, ast.Lambda)
        and is_signature_of(assign.value, wrapped)
        and any(
            isinstance(target, ast.Attribute)
            and target.attr == "__signature__"
            and isinstance(target.value, ast.Name)
            and target.value.id == closure.name
            for target in assign.targets
        )
    )


def signature_set_on(enclosing: ast.AST, closure: ScopeNode, wrapped: str) -> bool:
    """``wrapper.__signature__ = ...``: the closure is given a signature of its own, built
    from the one it read (matplotlib's ``check_figures_equal`` adds parameters); a plain
    copy of ``wrapped``'s is none of its own."""
    if isinstance(closure, ast.Lambda):
        return False
    for node in ast.walk(enclosing):
        if isinstance(node, ast.Assign) and not _copies_signature(node, closure, wrapped):
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == "__signature__"
                    and isinstance(target.value, ast.Name)
                    and target.value.id == closure.name
                ):
                    return True
    return False
