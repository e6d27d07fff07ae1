"""What a closure's body does, gathered in one walk: the names it reads and calls, its
calls, returns, assignments, tests, loops and computations. The adapter shapes ask these
questions many times over; walking the closure once keeps the plugin fast."""

from __future__ import annotations

import ast
from typing import Union

from flake8_wraps.analysis.closures import ScopeNode


class ClosureFacts:
    """What the shape checks need from a closure, gathered in one walk."""

    __slots__ = (
        "parents",
        "read",
        "called",
        "attributes",
        "tests",
        "bare_calls",
        "returns",
        "assigns",
        "loops",
        "calls",
        "computations",
    )

    def __init__(self, closure: ScopeNode):
        self.parents: dict[int, ast.AST] = {}
        #: Names read, and names called (``name(...)``).
        self.read: set[str] = set()
        self.called: set[str] = set()
        self.attributes: list[ast.Attribute] = []
        #: Conditions of ``if``, ``while`` and conditional expressions.
        self.tests: list[ast.expr] = []
        #: Calls that are whole statements.
        self.bare_calls: list[ast.Call] = []
        self.returns: list[ast.expr] = []
        self.assigns: list[Union[ast.Assign, ast.NamedExpr]] = []
        self.loops: list[Union[ast.For, ast.AsyncFor]] = []
        self.calls: list[ast.Call] = []
        #: Arithmetic and comparisons: ``m @ v``, ``loss == "linear"``.
        self.computations: list[Union[ast.BinOp, ast.Compare]] = []
        stack: list[ast.AST] = [closure]
        call_types = (ast.Call, ast.Await, ast.Tuple, ast.List)
        while stack:
            node = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, call_types):  # only calls' parents are asked for
                    self.parents[id(child)] = node
                stack.append(child)
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    self.read.add(node.id)
            elif isinstance(node, ast.Attribute):
                self.attributes.append(node)
            elif isinstance(node, ast.Call):
                self.calls.append(node)
                if isinstance(node.func, ast.Name):
                    self.called.add(node.func.id)
            elif isinstance(node, (ast.BinOp, ast.Compare)):
                self.computations.append(node)
            elif isinstance(node, (ast.If, ast.IfExp, ast.While)):
                # Not ``assert f is not None``: it narrows a type for mypy (synapse's
                # module callbacks), it does not make the call optional.
                self.tests.append(node.test)
            elif isinstance(node, ast.Expr):
                if isinstance(node.value, ast.Call):
                    self.bare_calls.append(node.value)
            elif isinstance(node, ast.Return):
                if node.value is not None:
                    self.returns.append(node.value)
            elif isinstance(node, (ast.Assign, ast.NamedExpr)):
                self.assigns.append(node)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                self.loops.append(node)
