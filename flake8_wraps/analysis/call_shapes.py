"""How one call of the wrapped function changes what it is given or what it returns.

A stand-in hands the function the arguments it was given and returns its result. Each
shape here does something else with one of the two: binds an argument of its own (a
partial application, an instance), reorders or slices the arguments, feeds a result back,
or makes of the result another value. ``adapters`` weighs them.
"""

from __future__ import annotations

import ast
from typing import AbstractSet, Optional, Sequence

from flake8_wraps.analysis.closure_facts import ClosureFacts
from flake8_wraps.analysis.closures import ScopeNode, scope_info
from flake8_wraps.analysis.evidence import STRONG_SHAPE, WEAK_SHAPE, Signal

#: Methods whose first argument is a key: a function applied to it computes a key.
_KEYED_METHODS = frozenset({"get", "setdefault", "pop"})


def is_call_of(node: ast.AST, name: str) -> bool:
    """``name(...)``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == name
    )


def reorders(call: ast.Call, positional: list[str]) -> bool:
    """Whether ``call`` passes the closure's positional parameters in another order than
    they are declared: ``is_compat(right, left)`` in ``new_is_compat(left, right)`` (mypy's
    ``flip_compat_check``) is another function, not a stand-in."""
    order = [
        positional.index(argument.id)
        for argument in call.args
        if isinstance(argument, ast.Name) and argument.id in positional
    ]
    return len(set(order)) == len(order) > 1 and order != sorted(order)


def call_adapts(
    call: ast.Call,
    plain: list[str],
    own: set[str],
    wrapped: str,
    results: set[str],
    enclosing_params: frozenset[str],
    implicit_first: Optional[str],
) -> Optional[Signal]:
    """How the arguments of this call of ``wrapped`` adapt it rather than pass through.

    ``own`` holds every parameter name of the closure: a ``**kwargs`` of its own that
    shadows the enclosing function's is the closure's, not a partial application.
    """
    others = enclosing_params - {wrapped}
    for argument in call.args:
        if isinstance(argument, ast.Starred):
            if (
                isinstance(argument.value, ast.Name)
                and argument.value.id in plain
            ):
                # ``def run(args): return func(*args)``: a tuple becomes the arguments.
                return Signal("tuple-to-arguments", WEAK_SHAPE, "a tuple becomes the arguments")
            if isinstance(argument.value, ast.Name) and argument.value.id in others - own:
                says = f"it passes the enclosing function's '*{argument.value.id}' on"  # bitcart
                return Signal("partial-application", STRONG_SHAPE, says)
            continue
        if isinstance(argument, ast.Name):
            if argument.id == implicit_first and argument.id not in own:
                return Signal(
                    "binds-an-instance", STRONG_SHAPE, f"it binds '{wrapped}' to an instance"
                )
            if argument.id in others and argument.id not in own:
                return Signal(
                    "partial-application",
                    STRONG_SHAPE,
                    f"it passes the enclosing function's '{argument.id}' on",
                )
            if argument.id in results:
                return Signal(
                    "result-fed-back", STRONG_SHAPE, "the function is applied to its own result"
                )
        elif is_call_of(argument, wrapped):
            return Signal(
                "result-fed-back", STRONG_SHAPE, "the function is applied to its own result"
            )
        elif isinstance(argument, ast.Constant) and any(
            isinstance(other, ast.Starred) for other in call.args
        ):
            # haiku's ``apply_fn(params, rng, *args)`` calls ``orig_apply_fn(params, None,
            # rng, *args)``: one of its parameters is bound, the rest handed on.
            literal = repr(argument.value)
            literal = literal if len(literal) <= 20 else "a literal"
            says = f"it passes {literal} for one of the arguments of '{wrapped}'"
            return Signal("partial-application", STRONG_SHAPE, says)
    for keyword in call.keywords:
        if isinstance(keyword.value, ast.Name) and keyword.value.id in others - own:
            return Signal(
                "partial-application",
                STRONG_SHAPE,
                f"it passes the enclosing function's '{keyword.value.id}' on",
            )
    return None


def fills_from_a_factory(
    calls: list[ast.Call], outer: frozenset[str], closure: ScopeNode
) -> Optional[Signal]:
    """``fn(*args, _type=model_type, **kwargs)``, ``model_type`` a parameter of a factory
    further out (tts-generation-webui's ``decorator_add_model_type(model_type)`` returns
    the decorator that returns the closure): a value fixed when the decorator was made
    fills one of the function's parameters, a partial application, as one of the
    enclosing function's own parameters does (``call_adapts``)."""
    bound = scope_info(closure).bound
    for call in calls:
        for value in (*call.args, *(keyword.value for keyword in call.keywords)):
            if isinstance(value, ast.Name) and value.id in outer and value.id not in bound:
                says = f"it passes '{value.id}', a parameter of an enclosing factory, on"
                return Signal("partial-application", STRONG_SHAPE, says)
    return None


def injects_keywords(call: ast.Call, closure: ScopeNode) -> Optional[Signal]:
    """``endpoint(request=request, **kwargs)``, ``kwargs`` no name of the closure (an outer
    factory's, in starlette's tests): keywords fixed when the decorator was made fill some
    of the function's parameters, so the closure takes fewer: a partial application."""
    bound = scope_info(closure).bound
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg is None and isinstance(value, ast.Name) and value.id not in bound:
            says = f"it fills some of the arguments of the function from '**{value.id}'"
            return Signal("injects-keywords", STRONG_SHAPE, says)
    return None


def slices(call: ast.Call, star: str) -> bool:
    """``func(*args[limit:])``: a new signature that drops some of the arguments."""
    return any(
        isinstance(argument, ast.Starred)
        and isinstance(argument.value, ast.Subscript)
        and isinstance(argument.value.value, ast.Name)
        and argument.value.value.id == star
        for argument in call.args
    )


def unpacks_a_name(call: ast.Call) -> bool:
    return any(
        isinstance(argument, ast.Starred) and isinstance(argument.value, ast.Name)
        for argument in call.args
    )


def proxies(call: ast.Call, plain: list[str], derived: set[str]) -> bool:
    """``func(self._wrapped, *args)``: a method that forwards to an object it holds."""
    if not call.args or not plain:
        return False
    first = call.args[0]
    if isinstance(first, ast.Name):
        return first.id in derived
    return (
        isinstance(first, ast.Attribute)
        and isinstance(first.value, ast.Name)
        and first.value.id == plain[0]
    )


def result_is_reshaped(call: ast.Call, parents: dict[int, ast.AST]) -> bool:
    """What the closure does with the result makes it another function.

    The result is called (``application(scope)(receive, send)``), yielded one by one (a
    function turned into a generator), used as a dictionary key (a key function),
    computed with (``2 * f(x)``: a function combinator), or has a method called on it
    (``fro(nu, z).rewrite(to)``).
    """
    parent = parents.get(id(call))
    if isinstance(parent, ast.Await):
        parent = parents.get(id(parent))
    if isinstance(parent, ast.Call) and parent.func is not call:
        return (
            isinstance(parent.func, ast.Attribute)
            and parent.func.attr in _KEYED_METHODS
            and bool(parent.args)
            and parent.args[0] is call
        )
    if isinstance(parent, (ast.Call, ast.Yield, ast.BinOp, ast.UnaryOp, ast.Attribute)):
        return True
    if isinstance(parent, (ast.Tuple, ast.List)):
        return isinstance(parents.get(id(parent)), ast.Return)  # ``return name, f(y)``
    return isinstance(parent, ast.Subscript) and parent.slice is call


def results_of(facts: ClosureFacts, wrapped: str) -> tuple[set[str], list[ast.expr]]:
    """Names the closure binds to a result of ``wrapped`` (``inst = application(scope)``),
    and the targets it unpacks such a result into (``out, _ = f(*args)``)."""
    names: set[str] = set()
    unpackings: list[ast.expr] = []
    for node in facts.assigns:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            pairs: list[tuple[ast.expr, ast.expr]] = [(target, node.value)]
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs = list(zip(target.elts, node.value.elts))  # ``new, old = f(x), x``
            for name, value in pairs:
                if isinstance(value, ast.Await):
                    value = value.value
                if is_call_of(value, wrapped):
                    if isinstance(name, ast.Name):
                        names.add(name.id)
                    elif isinstance(name, (ast.Tuple, ast.List)):
                        unpackings.append(name)
    return names, unpackings


def reshapes_the_result(
    calls: list[ast.Call],
    parents: dict[int, ast.AST],
    returns: list[ast.expr],
    results: AbstractSet[str],
    unpackings: Sequence[ast.expr] = (),
) -> bool:
    """The closure changes what the function returns: at the call itself
    (:func:`result_is_reshaped`), through a name bound to it and returned reshaped
    (images6's route adapters bind ``result = function(id)`` and return
    ``result.to_dict(...)``), or by unpacking it and returning some of it (kfac-jax's
    converters: ``out, _ = value_and_grad_func(*args, **kwargs)``, then ``return out``).
    ``unpackings`` are the targets a result of the function is unpacked into."""
    if any(result_is_reshaped(call, parents) for call in calls):
        return True
    if unpackings and not any(_returned_as_is(call, parents) for call in calls):
        # (a closure that also returns ``f(*args, **kwargs)`` stands in on that path, and
        # the returns read here include its nested functions': hostile pass, stop 86)
        if any(_returns_a_part(target, returns) for target in unpackings):
            return True
    for value in returns:
        for node in ast.walk(value):
            if isinstance(node, ast.Attribute):
                parts: tuple[ast.expr, ...] = (node.value,)
            elif isinstance(node, ast.BinOp):
                parts = (node.left, node.right)
            elif isinstance(node, ast.UnaryOp):
                parts = (node.operand,)
            else:
                continue
            if any(isinstance(part, ast.Name) and part.id in results for part in parts):
                return True
    return False


def _returns_a_part(target: ast.expr, returns: list[ast.expr]) -> bool:
    """``out, _ = f(...)``, then a return that reads ``out`` but is not ``out, _`` again:
    the result is taken apart and not handed back whole."""
    if not isinstance(target, (ast.Tuple, ast.List)):
        return False
    parts = [element.id for element in target.elts if isinstance(element, ast.Name)]
    if len(parts) != len(target.elts) or len(parts) < 2:
        return False  # ``first, *rest = f()`` and the like: not read here
    reads_a_part = False
    for value in returns:
        if isinstance(value, (ast.Tuple, ast.List)) and [
            getattr(element, "id", None) for element in value.elts
        ] == parts:
            return False  # handed back whole
        reads_a_part = reads_a_part or any(
            isinstance(node, ast.Name) and node.id in parts for node in ast.walk(value)
        )
    return reads_a_part


def _returned_as_is(call: ast.Call, parents: dict[int, ast.AST]) -> bool:
    """``return f(...)``, ``return await f(...)``."""
    parent = parents.get(id(call))
    if isinstance(parent, ast.Await):
        parent = parents.get(id(parent))
    return isinstance(parent, ast.Return)
