"""What a factory's annotations say of what it returns: the callable it is given, or
another one (``(F) -> F`` is a decorator's signature; ``Callable[[A, B], C]`` made
``Callable[[B, A], C]`` is a combinator's).

Pure helpers over ``ast`` nodes, read by the ``callable-annotations`` signal."""

from __future__ import annotations

import ast
from typing import Optional

from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.names import terminal_name


def callable_annotations(function: FunctionNode, parameter: str) -> Optional[bool]:
    """What the annotations of ``parameter`` and of the result say, where both are given:
    True for the same callable type in and out, a decorator's signature (``def
    timed(task: Callable[..., T]) -> Callable[..., T]``, ``(func: F) -> F``); False for a
    callable of other parameters (``flip(f: Callable[[A, B], C]) -> Callable[[B, A], C]``,
    zenml's ``-> Callable[[Any, Any, Any], Any]``) or of another result (pulumi's ``T``
    made ``tuple[T, Exception]``); None otherwise. ``Awaitable[T]`` and ``Optional[T]``
    hold the same result: a sync-to-async decorator is no other callable."""
    taken = _parameter_annotation(function, parameter)
    returned = _annotation(function.returns)
    if taken is None or returned is None:
        return None
    if ast.dump(taken) == ast.dump(returned):
        name = terminal_name(taken.value if isinstance(taken, ast.Subscript) else taken)
        same = isinstance(taken, ast.Subscript) and name == "Callable"
        return True if same or (name is not None and name not in _NOT_TYPE_VARIABLES) else None
    before, after = _callable_parts(taken), _callable_parts(returned)
    if before is None or after is None:
        return None
    if before[0] != after[0] or (before[1] and after[1] and before[1] != after[1]):
        return False
    return None


def declared_arity(function: FunctionNode, parameter: str) -> Optional[int]:
    """How many positional arguments the annotation of ``parameter`` says the callable
    takes: 4 for ``Callable[[Bot, Update, Session, User], Any]``; None where it does not
    say (``Callable[..., T]``, a type variable, a ``ParamSpec``, no annotation)."""
    parts = _callable_index(_parameter_annotation(function, parameter))
    if parts is None:
        return None
    listed = parts[0]
    return len(listed.elts) if isinstance(listed, ast.List) else None


def _callable_parts(annotation: ast.expr) -> Optional[tuple[str, set[str]]]:
    """Of ``Callable[[A, B], C]``: the parameters ``[A, B]`` as a dump and the names the
    result type is made of, but its holders (``{"T"}`` for ``Awaitable[T]``), or ``None``
    where nothing else names it (``Callable[..., None]``: xmanager makes a job of a
    function that returns nothing, ``-> Callable[..., xm.JobGeneratorType]``)."""
    parts = _callable_index(annotation)
    if parts is None:
        return None
    taken, result = parts
    names = {n.id for n in ast.walk(result) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(result) if isinstance(n, ast.Attribute)}
    names -= _TYPE_WRAPPERS
    if not names and any(isinstance(n, ast.Constant) and n.value is None for n in ast.walk(result)):
        names = {"None"}
    return ast.dump(taken), names


def _callable_index(annotation: Optional[ast.expr]) -> Optional[tuple[ast.expr, ast.expr]]:
    """``[A, B]`` and ``C`` of ``Callable[[A, B], C]`` (``...`` for the first where the
    parameters are not listed); None for any other annotation."""
    if not isinstance(annotation, ast.Subscript) or terminal_name(annotation.value) != "Callable":
        return None
    index = annotation.slice
    if not (isinstance(index, ast.Tuple) and len(index.elts) == 2):
        return None
    return index.elts[0], index.elts[1]


#: Types that hold a result rather than say what it is: ``Awaitable[T]`` is still a ``T``.
_TYPE_WRAPPERS = frozenset(
    {
        "Any", "Awaitable", "Coroutine", "Optional", "Union", "Iterator", "Iterable",
        "Generator", "AsyncIterator", "AsyncIterable", "AsyncGenerator", "List", "list",
        "Tuple", "tuple", "typing", "t", "collections", "abc",
    }
)


def _parameter_annotation(function: FunctionNode, parameter: str) -> Optional[ast.expr]:
    """The annotation of ``parameter``, parsed if it is a string."""
    arguments = function.args
    annotation = next(
        (
            argument.annotation
            for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
            if argument.arg == parameter
        ),
        None,
    )
    return _annotation(annotation)


def _annotation(annotation: Optional[ast.expr]) -> Optional[ast.expr]:
    """The annotation, parsed if it is a string."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            return ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    return annotation


#: Bare annotations that are no type variable of a function: the same one on the parameter
#: and the result says nothing about decorating.
_NOT_TYPE_VARIABLES = frozenset(
    {"Any", "object", "None", "str", "int", "float", "bool", "bytes", "dict", "list", "tuple"}
)
