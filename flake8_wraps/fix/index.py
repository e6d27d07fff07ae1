"""What the fixer's parts share: the error that leaves a file untouched, and the original
``ast`` tree indexed by line, where both ``ast`` and LibCST find the node a fix edits
(by line and name, never by column: ``ast`` counts bytes, LibCST characters)."""

from __future__ import annotations

import ast
from typing import Union


class FixError(Exception):
    """A fix that could not be made or verified: the file must stay as it is."""


class TreeIndex:
    """The nodes plans name, by line: one walk of the tree, so that a fix costs the same
    for each of its edits however many the file has."""

    def __init__(self, tree: ast.Module):
        self.functions: dict[tuple[int, str], Union[ast.FunctionDef, ast.AsyncFunctionDef]] = {}
        #: ``(line, kind)``: statements, with the list they are in.
        self.statements: dict[tuple[int, type], list[tuple[list[ast.stmt], ast.stmt]]] = {}
        #: Line of the lambda: ``return lambda ...`` statements, with their list.
        self.lambda_returns: dict[int, list[tuple[list[ast.stmt], ast.stmt]]] = {}
        self.calls: dict[int, list[ast.Call]] = {}
        self.decorated: dict[int, list[Union[ast.FunctionDef, ast.AsyncFunctionDef]]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                self.calls.setdefault(node.lineno, []).append(node)
                continue
            if isinstance(node, ast.expr) or not hasattr(node, "body"):
                continue  # only statements, handlers and cases hold blocks
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[(node.lineno, node.name)] = node
                for decorator in node.decorator_list:
                    self.decorated.setdefault(decorator.lineno, []).append(node)
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if not (isinstance(block, list) and block and isinstance(block[0], ast.stmt)):
                    continue
                for statement in block:
                    key = (statement.lineno, type(statement))
                    self.statements.setdefault(key, []).append((block, statement))
                    value = getattr(statement, "value", None)
                    if isinstance(statement, ast.Return) and isinstance(value, ast.Lambda):
                        self.lambda_returns.setdefault(value.lineno, []).append((block, statement))

    def function(self, line: int, name: str) -> Union[ast.FunctionDef, ast.AsyncFunctionDef]:
        found = self.functions.get((line, name))
        if found is None:
            raise FixError(f"no function {name} on line {line}")
        return found

    def statement(self, line: int, kind: type) -> ast.stmt:
        return self.statement_in_block(line, kind)[1]

    def statement_in_block(self, line: int, kind: type) -> tuple[list[ast.stmt], ast.stmt]:
        found = self.statements.get((line, kind))
        if not found:
            raise FixError(f"no statement to edit on line {line}")
        return found[0]

    def store_in_block(self, line: int) -> tuple[list[ast.stmt], ast.stmt]:
        """The assignment on ``line`` (``self.func = func``, ``self.func: F = func``)."""
        found = self.statements.get((line, ast.Assign)) or self.statements.get(
            (line, ast.AnnAssign)
        )
        if not found:
            raise FixError(f"no statement to edit on line {line}")
        return found[0]

    def returned_lambda(self, line: int) -> ast.stmt:
        return self.returned_lambda_in_block(line)[1]

    def returned_lambda_in_block(self, line: int) -> tuple[list[ast.stmt], ast.stmt]:
        found = self.lambda_returns.get(line)
        if not found:
            raise FixError(f"no statement to edit on line {line}")
        return found[0]
