"""WRP005: a decorator that returns a lambda standing in for the function: a lambda cannot
be given the function's metadata, a ``def`` with ``@functools.wraps`` can."""

from __future__ import annotations

import ast
from typing import Optional

from flake8_wraps.analysis.closures import scope_info
from flake8_wraps.analysis.collect import Frame
from flake8_wraps.analysis.decision import Decision
from flake8_wraps.analysis.findings import Finding, Fix, finding
from flake8_wraps.analysis.frames import block_holding
from flake8_wraps.analysis.names import free_name


class LambdaWrapper(Decision):
    """WRP005 (and its weaker variant)."""

    __slots__ = ()

    def _lambda_wrapper(
        self, frame: Frame, lambda_node: ast.Lambda, params: frozenset[str]
    ) -> Optional[Finding]:
        if lambda_node.args.vararg is None:
            # ``lambda v: m(v)``: a lambda with a fixed signature adapts a callback; a
            # decorator's lambda must accept whatever the function accepts.
            return None
        body = lambda_node.body
        if isinstance(body, ast.Await):
            body = body.value
        if not (isinstance(body, ast.Call) and isinstance(body.func, ast.Name)):
            # A lambda that builds something from the result (``cls(loader(*a))``) or
            # is itself a decorator (``lambda f: lambda *a: f(*a)``) stands in for nothing.
            return None
        judgement = self.judge(frame, lambda_node, params)
        wrapped = judgement.wrapped
        possible = judgement.is_possible_wrapper
        if not (judgement.is_wrapper or possible) or wrapped != body.func.id:
            return None
        if not possible:
            self._damaging.append((frame, "<lambda>", True, (), 0, ()))
        if judgement.loss_documented:
            return None
        fix = None
        if any(value is lambda_node for value in frame.returns) and not _shares_its_line(
            frame.node, lambda_node
        ):
            # Not a name the function binds or reads: the lambda may read a global one.
            # Nor one it declares ``global`` or ``nonlocal``: the def would rebind the
            # outer name at every call (a hostile pass's ``global wrapper``).
            taken = set(scope_info(frame.node).bound)
            for node in ast.walk(frame.node):
                if isinstance(node, ast.Name):
                    taken.add(node.id)
                elif isinstance(node, (ast.Global, ast.Nonlocal)):
                    taken.update(node.names)
            name = free_name("wrapper", taken)
            fix = Fix("lambda-to-def", lambda_node.lineno, frame.node.name, wrapped, False, name)
        rule = "possible-lambda-wrapper" if possible else "lambda-wrapper"
        return finding(lambda_node, rule, fix, decorator=frame.node.name, wrapped=wrapped)


def _shares_its_line(function: ast.AST, lambda_node: ast.Lambda) -> bool:
    """``return lambda *a: func(*a); x = 1``: the ``return`` and another statement on one
    line, which the fixer edits as one piece and cannot turn into a ``def`` (a hostile
    pass found it offered and refused)."""
    held = block_holding(function, lambda_node)
    if held is None:
        return False
    statement, block = held
    return any(
        other is not statement
        and other.lineno <= (statement.end_lineno or statement.lineno)
        and (other.end_lineno or other.lineno) >= statement.lineno
        for other in block
    )
