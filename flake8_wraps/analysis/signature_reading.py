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
    bound: dict[int, str] = {}  # ``sig = inspect.signature(func)``: a copy if only set
    while stack:
        node = stack.pop()
        nodes.append(node)
        if isinstance(node, ast.Assign):
            if _copies_signature(node, closure, wrapped):
                copies.add(id(node.value))
            elif (name := _bound_signature_name(node, wrapped)) is not None:
                bound[id(node.value)] = name
        stack.extend(child for child in ast.iter_child_nodes(node) if child is not closure)
    if bound and not isinstance(closure, ast.Lambda):
        named = signature_copy_names(enclosing, closure.name, wrapped)
        copies.update(call for call, name in bound.items() if name in named)
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


def signature_copy_names(enclosing: ast.AST, closure: str, wrapped: str) -> frozenset[str]:
    """Names bound only to ``inspect.signature(func)`` and read only to be set as the
    closure's ``__signature__``: ``sig = signature(func)`` then ``wrapper.__signature__ =
    sig`` (nanotron's ``rerun_on_exception``) is the one-line copy in two steps. A name
    bound to anything else, or read for anything else (``sig.bind(...)``,
    ``sig.replace(...)``), is a signature read to check or build with."""
    to_signature: set[str] = set()
    plain_stores: set[int] = set()
    copy_reads: set[int] = set()
    for node in ast.walk(enclosing):
        if not isinstance(node, ast.Assign):
            continue
        if _sets_signature_on(node, closure) and isinstance(node.value, ast.Name):
            copy_reads.add(id(node.value))
        name = _bound_signature_name(node, wrapped)
        if name is not None:
            to_signature.add(name)
            plain_stores.add(id(node.targets[0]))
    if not to_signature or not copy_reads:
        return frozenset()
    excluded: set[str] = set()
    copied: set[str] = set()
    for node in ast.walk(enclosing):
        if isinstance(node, ast.Name) and node.id in to_signature:
            if isinstance(node.ctx, ast.Load):
                (copied if id(node) in copy_reads else excluded).add(node.id)
            elif id(node) not in plain_stores:
                excluded.add(node.id)
    return frozenset(copied - excluded)


def _bound_signature_name(assign: ast.Assign, wrapped: str) -> Optional[str]:
    """``sig`` of ``sig = inspect.signature(func)``."""
    target = assign.targets[0]
    if len(assign.targets) == 1 and isinstance(target, ast.Name):
        if is_signature_of(assign.value, wrapped):
            return target.id
    return None


def _sets_signature_on(assign: ast.Assign, name: str) -> bool:
    return any(
        isinstance(target, ast.Attribute)
        and target.attr == "__signature__"
        and isinstance(target.value, ast.Name)
        and target.value.id == name
        for target in assign.targets
    )


def _copies_signature(assign: ast.Assign, closure: ScopeNode, wrapped: str) -> bool:
    """``wrapper.__signature__ = inspect.signature(func)``: a copy, as ``wraps`` makes
    one through ``__wrapped__`` (cinder's ``require_context``), not a signature read to
    build another."""
    return (
        not isinstance(closure, ast.Lambda)
        and is_signature_of(assign.value, wrapped)
        and _sets_signature_on(assign, closure.name)
    )


def signature_set_on(enclosing: ast.AST, closure: ScopeNode, wrapped: str) -> bool:
    """``wrapper.__signature__ = ...``: the closure is given a signature of its own, built
    from the one it read (matplotlib's ``check_figures_equal`` adds parameters); a plain
    copy of ``wrapped``'s is none of its own."""
    if isinstance(closure, ast.Lambda):
        return False
    named: Optional[frozenset[str]] = None  # the two-step copies, looked for when needed
    for node in ast.walk(enclosing):
        if (
            isinstance(node, ast.Assign)
            and _sets_signature_on(node, closure.name)
            and not _copies_signature(node, closure, wrapped)
        ):
            if not isinstance(node.value, ast.Name):
                return True
            if named is None:
                named = signature_copy_names(enclosing, closure.name, wrapped)
            if node.value.id not in named:
                return True
    return False
