"""How a closure calls the parameter it stands in for: the one signal of each closure that
says so (forwarding everything, standing in, handing it to a runner, calling it with values
of its own), asked once per closure and kept in the server's memo."""

from __future__ import annotations

import ast
from typing import Union

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.closures import (
    HANDED_ON,
    HELPER_CALL,
    STAND_IN_CALL,
    CallableUse,
    FunctionNode,
    forwards_unpacked,
    mentions_any,
    parameter_names,
)
from flake8_wraps.analysis.collect import simple_statements
from flake8_wraps.analysis.evidence import (
    DERIVED,
    FORWARDS_EVERYTHING,
    HELPER,
    OTHER_VALUES,
    STANDS_IN,
    Signal,
    says_function,
)
from flake8_wraps.analysis.forwarding import forwarded_everything, forwarded_star_args
from flake8_wraps.analysis.names import terminal_name


def use_signal(
    closure: Union[FunctionNode, ast.Lambda], wrapped: str, uses: list[CallableUse]
) -> Signal:
    """How the closure calls ``wrapped``: forwarding everything, as a stand-in, handing it
    to a helper, with arguments derived from its own, or with values of its own."""
    memo = node_memo.active()
    if memo is None:
        return _use_signal_of(closure, wrapped, uses)
    key = ("use_signal", closure, wrapped, tuple(uses))
    return memo.get(key, _use_signal_of, closure, wrapped, uses)


def _use_signal_of(
    closure: Union[FunctionNode, ast.Lambda], wrapped: str, uses: list[CallableUse]
) -> Signal:
    kinds = {use.kind for use in uses}
    forwarded = forwarded_everything(closure, uses)
    if forwarded is not None:
        star, double = forwarded
        return Signal(
            "forwards-everything",
            FORWARDS_EVERYTHING,
            f"it passes its *{star} and **{double} on to '{wrapped}'",
        )
    star_args = forwarded_star_args(closure, uses)
    if star_args is not None:
        return Signal(
            "forwards-star-args",
            FORWARDS_EVERYTHING,
            f"it takes no **kwargs and passes its *{star_args} on to '{wrapped}'",
        )
    if STAND_IN_CALL in kinds or HANDED_ON in kinds:
        return Signal("stands-in", STANDS_IN, f"it calls '{wrapped}' with its own arguments")
    if HELPER_CALL in kinds and any(
        use.kind == HELPER_CALL and _hands_on_everything(closure, wrapped, use.call)
        for use in uses
    ):
        if closure.args.kwarg is None:
            return Signal(
                "runs-with-star-args",
                FORWARDS_EVERYTHING,
                f"it takes no **kwargs and hands '{wrapped}' and its *args to a runner",
            )
        return Signal(
            "runs-with-everything",
            FORWARDS_EVERYTHING,
            f"it hands '{wrapped}' and its *args and **kwargs to a runner",
        )
    if HELPER_CALL in kinds:
        return Signal(
            "handed-to-helper", HELPER, f"it hands '{wrapped}' and its arguments to a helper"
        )
    derived = _derived_from_arguments(closure)
    if any(mentions_any(use.call, derived) for use in uses):
        return Signal(
            "derived-arguments",
            DERIVED,
            f"it calls '{wrapped}' with values made from its arguments",
        )
    return Signal("other-values", OTHER_VALUES, f"it calls '{wrapped}' with values of its own")


#: Calls that apply a function to each element of the iterables they are given.
_MAPPERS = frozenset(
    {"map", "filter", "starmap", "imap", "imap_unordered", "map_async", "starmap_async"}
)


def _hands_on_everything(
    closure: Union[FunctionNode, ast.Lambda], wrapped: str, call: ast.Call
) -> bool:
    """``run_in_worker(func, *args, **kwargs)``: a runner given everything the closure
    takes, as a stand-in is (promptflow's ``async_to_sync``).

    A closure that takes nothing but ``*args`` hands on everything in them alone, when
    what it hands them with is named as a function: functorch's ``grad(f)`` returned
    ``grad_with_value(f, argnums)(*args)`` before its maintainers added ``wraps`` (fix set
    6), and only two names and a helper said so. Not ``once_normalized(job, *args)``
    (a3m) or ``handler(explainer, op, *grads)`` handing an index on (shap): a value
    bound for a callback, as ``functools.partial`` binds it."""
    arguments = closure.args
    if arguments.vararg is None or not forwards_unpacked(call, {arguments.vararg.arg}):
        return False
    if terminal_name(call.func) in _MAPPERS:
        # ``map(func, *iterables)``, ``executor.map(func, *iterables)``: the function is
        # applied to each element of what the closure is given, a combinator (a hostile
        # pass found three reported).
        return False
    if arguments.kwarg is None:
        takes_more = arguments.posonlyargs or arguments.args or arguments.kwonlyargs
        return not takes_more and says_function(wrapped)
    return forwards_unpacked(call, {arguments.kwarg.arg})


def _derived_from_arguments(closure: Union[FunctionNode, ast.Lambda]) -> frozenset[str]:
    """The closure's parameters, and the names it assigns from expressions that read them
    (``a, b = args``; ``value = int(value)``), in order of assignment."""
    derived = set(parameter_names(closure.args))
    if isinstance(closure, ast.Lambda):
        return frozenset(derived)
    assigns, _ = simple_statements(closure.body)
    for assign in assigns:
        if mentions_any(assign.value, derived):
            for target in assign.targets:
                derived.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return frozenset(derived)
