"""What ``@functools.wraps(P)`` makes a closure claim through ``__wrapped__``: P's
parameters and P's return annotation (``inspect.signature`` follows ``__wrapped__``;
pydantic's ``validate_call``, FastAPI and dependency injectors read them). A closure that
takes other parameters than P, or returns something else than P's result, would claim
what is false, and code that reads the claim breaks: a hostile pass made both fail under
``validate_call`` after a "safe" fix. Such a fix is unsafe."""

from __future__ import annotations

import ast
from typing import Optional

from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.names import is_name

#: Nodes whose bodies are not the closure's own statements.
_OTHER_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def claimed_result_reasons(wrapper: FunctionNode, wrapped: str) -> list[str]:
    """Why the return annotation wraps makes ``wrapper`` claim may be false."""
    shape = _result_shape(wrapper, wrapped)
    if shape is None:
        return []
    return [
        f"'{wrapper.name}' {shape}: through __wrapped__ it would claim the return"
        f" annotation of '{wrapped}'"
    ]


def claimed_parameters_reason(
    wrapper: FunctionNode, wrapped: str, applied_to: list[FunctionNode]
) -> Optional[str]:
    """Why the parameters wraps makes ``wrapper`` claim may be false: it takes named
    parameters, or not both ``*args`` and ``**kwargs``, and the functions it is applied
    to in sight (``applied_to``) do not all take exactly those (pydantic's
    ``validate_call`` rejected ``add(1, 2)`` once ``wrapper(a, b)`` claimed ``add(a, b,
    scale=1)``). None where it takes anything, or exactly what each of them takes."""
    arguments = wrapper.args
    if arguments.vararg is not None and arguments.kwarg is not None:
        return None
    if applied_to and all(_same_parameters(arguments, f.args) for f in applied_to):
        return None
    takes = "no **kwargs" if arguments.vararg is not None else "named parameters"
    return (
        f"'{wrapper.name}' takes {takes}: through __wrapped__ it would claim the parameters"
        f" of '{wrapped}', which it may not accept"
    )


def _same_parameters(own: ast.arguments, theirs: ast.arguments) -> bool:
    """The same names of the same kinds, and no default on either side."""
    def names(arguments: ast.arguments) -> tuple[object, ...]:
        return (
            [a.arg for a in arguments.posonlyargs], [a.arg for a in arguments.args],
            arguments.vararg is None, [a.arg for a in arguments.kwonlyargs],
            arguments.kwarg is None,
        )
    return names(own) == names(theirs) and not any(
        [*theirs.defaults, *(d for d in theirs.kw_defaults if d is not None)]
    )


def _result_shape(wrapper: FunctionNode, wrapped: str) -> Optional[str]:
    """How ``wrapper`` returns something else than what ``wrapped`` returns
    (``tuple(func(...))``), or None where it returns it unchanged (``return func(...)``,
    ``return await func(...)``, ``result = func(...)`` then ``return result``)."""
    statements: list[ast.AST] = list(wrapper.body)
    nodes: list[ast.AST] = []
    while statements:
        node = statements.pop()
        if isinstance(node, _OTHER_SCOPES):
            continue
        nodes.append(node)
        statements.extend(ast.iter_child_nodes(node))
    results: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Assign) and _is_the_call(node.value, wrapped):
            results.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in nodes:
        if not isinstance(node, ast.Return) or node.value is None:
            continue
        value = node.value
        if _is_the_call(value, wrapped) or (isinstance(value, ast.Name) and value.id in results):
            continue
        if any(
            _is_the_call(part, wrapped) or (isinstance(part, ast.Name) and part.id in results)
            for part in ast.walk(value)
        ):
            return "returns something made of what it returns"
    # One that returns nothing claims what a function returning None claims (an
    # ``__init__``, a callback): only where the function returns more is that false.
    return None


def _is_the_call(node: Optional[ast.AST], wrapped: str) -> bool:
    """``wrapped(...)`` or ``await wrapped(...)``."""
    if isinstance(node, ast.Await):
        node = node.value
    return isinstance(node, ast.Call) and is_name(node.func, wrapped)
