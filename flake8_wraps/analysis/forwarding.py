"""How a closure hands its own ``*args`` and ``**kwargs`` on: to the function it stands in
for, beside optional callbacks, or only as the tuple and the dict themselves.

Forwarding everything it is given, unchanged, is the surest sign that a closure stands
in for the function it calls, and the one that makes ``functools.wraps`` safe to add.
"""

from __future__ import annotations

import ast
from typing import NamedTuple, Optional

from flake8_wraps.analysis.closure_facts import ClosureFacts
from flake8_wraps.analysis.frames import binding_count
from flake8_wraps.analysis.closures import (
    HANDED_ON,
    STAND_IN_CALL,
    CallableUse,
    FunctionNode,
    ScopeNode,
    callable_uses,
    forwards_unpacked,
    mentions_any,
    parameter_defaults,
    parameter_names,
)


def forwarded_everything(
    closure: ScopeNode, uses: list[CallableUse]
) -> Optional[tuple[str, str]]:
    """The closure's own ``*args`` and ``**kwargs`` names, when one of ``uses`` (a call,
    or a runner given the function) passes both on, unchanged."""
    arguments = closure.args
    if arguments.vararg is None or arguments.kwarg is None:
        return None
    star, double = arguments.vararg.arg, arguments.kwarg.arg
    if any(
        use.kind in (STAND_IN_CALL, HANDED_ON)
        and {star, double} <= use.unchanged
        and passes_both(use.call, star, double)
        for use in uses
    ):
        return star, double
    return None


def forwarded_star_args(closure: ScopeNode, uses: list[CallableUse]) -> Optional[str]:
    """The closure's ``*args`` name, when it takes no ``**kwargs`` and a call of the function
    is given ``*args`` unchanged (``func(ctx, *args)``): it takes whatever it is given."""
    arguments = closure.args
    if arguments.vararg is None or arguments.kwarg is not None:
        return None
    star = arguments.vararg.arg
    if any(
        use.kind in (STAND_IN_CALL, HANDED_ON)
        and star in use.unchanged
        and forwards_unpacked(use.call, {star})
        for use in uses
    ):
        return star
    return None


def forwarded_beside_callbacks(
    function: FunctionNode, closure: ScopeNode, uses: list[CallableUse]
) -> Optional[str]:
    """``fun(*args, **kwargs)`` beside ``errback(exc, interval)``: the one parameter given
    everything the closure takes, when every other one it calls is given none of the
    closure's arguments and is an optional callback (a parameter with a default) or a
    check called with nothing at all.

    Kombu's ``ensure(obj, fun, errback=None, on_revive=None)`` retries ``fun`` and tells
    the callbacks; gokart's ``task_complete_check_wrapper(run_func, complete_check_func)``
    skips ``run_func`` when ``complete_check_func()`` says so. Several parameters called
    as parts (``compose(f, g)``: ``g`` is given what ``f`` made of the arguments) need
    them all. With a fixed signature, see ``_given_own_beside_optional``.
    """
    arguments = closure.args
    if arguments.vararg is None or arguments.kwarg is None:
        return _given_own_beside_optional(function, closure, uses)
    star, double = arguments.vararg.arg, arguments.kwarg.arg
    given_whole = [_given_whole(use.call, star, double) for use in uses]
    forwarded = {
        use.name
        for use, whole in zip(uses, given_whole)
        if not whole and passes_both(use.call, star, double)
    }
    if len(forwarded) != 1:
        return None
    (name,) = forwarded
    own = frozenset(parameter_names(arguments))
    optional = _optional_parameters(function)
    guards: Optional[set[int]] = None
    for use, whole in zip(uses, given_whole):
        if use.name == name:
            continue
        if whole and use.name in optional:
            # ``key(args, kwargs)``: cachey's and toolz's memoize make a cache key of the
            # arguments with an optional key function; ``fun`` is still what is wrapped.
            continue
        called_bare = use.call.func is use.node and not (use.call.args or use.call.keywords)
        if not mentions_any(use.call, own) and (use.name in optional or called_bare):
            continue
        if guards is None:
            guards = _calls_in_tests(closure)
        if id(use.call) in guards and not whole:
            # ignite's ``_handler_wrapper``: ``if event_filter(engine, event): return
            # handler(engine, *args, **kwargs)``: a check decides whether the function
            # runs; its answer goes nowhere else.
            continue
        return None
    return name


class Relay(NamedTuple):
    """A ``def`` of the decorator that only hands its arguments on to a parameter."""

    function: FunctionNode
    #: The parameter it calls: what a closure calling it stands in for.
    parameter: str


def relayed_through(
    function: FunctionNode, closure: ScopeNode, params: frozenset[str]
) -> Optional[Relay]:
    """The local relay the closure calls instead of a parameter: a ``def`` of
    ``function``'s own body, other than the closure, that only returns the parameter
    called with its own ``*args`` and ``**kwargs``. ypricemagic's ``log`` retries the
    function through ``@auto_retry def retry_superwrap(*args, **kwargs): return
    func(*args, **kwargs)``, and its ``logging_wrap`` calls that relay.

    None unless the closure calls exactly one relay, and the relay and its parameter are
    bound once: a function that could hold something else is no relay.
    """
    relays: dict[str, Relay] = {}
    for statement in function.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            statement is not closure
        ):
            parameter = _relayed_parameter(statement, params)
            if parameter is not None:
                relays[statement.name] = Relay(statement, parameter)
    if not relays:
        return None
    called = {use.name for use in callable_uses(closure, frozenset(relays))}
    if len(called) != 1:
        return None
    relay = relays[called.pop()]
    if not (
        _bound_once(function, relay.function.name) and _bound_once(function, relay.parameter)
    ):
        return None
    return relay


def _relayed_parameter(relay: FunctionNode, params: frozenset[str]) -> Optional[str]:
    """The parameter ``relay`` only hands its ``*args`` and ``**kwargs`` to, unchanged
    (``return func(*args, **kwargs)``, awaited or not), when that is all it does."""
    arguments = relay.args
    if arguments.vararg is None or arguments.kwarg is None:
        return None
    if arguments.posonlyargs or arguments.args or arguments.kwonlyargs:
        return None
    call = only_returned_call(relay)
    if not (
        call is not None
        and isinstance(call.func, ast.Name)
        and call.func.id in params
        and len(call.args) == 1
        and len(call.keywords) == 1
    ):
        return None
    (star,), (double,) = call.args, call.keywords
    if (
        isinstance(star, ast.Starred)
        and isinstance(star.value, ast.Name)
        and star.value.id == arguments.vararg.arg
        and double.arg is None
        and isinstance(double.value, ast.Name)
        and double.value.id == arguments.kwarg.arg
    ):
        return call.func.id
    return None


def only_returned_call(function: ScopeNode) -> Optional[ast.Call]:
    """The call that is all ``function`` does: its one statement (after a docstring)
    returns it, awaited or not; a lambda's body. None if it does anything else."""
    if isinstance(function, ast.Lambda):
        value: Optional[ast.expr] = function.body
    else:
        body = function.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # a docstring
        if len(body) != 1 or not isinstance(body[0], ast.Return):
            return None
        value = body[0].value
    if isinstance(value, ast.Await):
        value = value.value
    return value if isinstance(value, ast.Call) else None


def _bound_once(function: FunctionNode, name: str) -> bool:
    """Whether ``function`` binds ``name`` once: as a parameter, or by one statement."""
    parameter = name in parameter_names(function.args)
    return binding_count(function, name) == (0 if parameter else 1)


def _given_own_beside_optional(
    function: FunctionNode, closure: ScopeNode, uses: list[CallableUse]
) -> Optional[str]:
    """``prop(self)`` beside ``convert_to(value)``: in a closure of a fixed signature, the
    one parameter given exactly the closure's own parameters, in order, when every other
    one it calls is an optional parameter (it has a default) given none of them.
    bundlewrap's ``cached_property(prop, convert_to=None)`` caches ``prop(self)`` and
    converts what it returns."""
    arguments = closure.args
    own = [argument.arg for argument in (*arguments.posonlyargs, *arguments.args)]
    if not own or arguments.kwonlyargs or arguments.vararg or arguments.kwarg:
        return None

    def given_own(call: ast.Call) -> bool:
        return not call.keywords and [
            argument.id if isinstance(argument, ast.Name) else None for argument in call.args
        ] == own

    forwarded = {use.name for use in uses if given_own(use.call)}
    if len(forwarded) != 1:
        return None
    (name,) = forwarded
    optional = _optional_parameters(function)
    if all(
        use.name == name or (use.name in optional and not mentions_any(use.call, frozenset(own)))
        for use in uses
    ):
        return name
    return None


def _optional_parameters(function: FunctionNode) -> set[str]:
    """The parameters given a default: callbacks and hooks one may leave out."""
    return {arg.arg for arg, default in parameter_defaults(function.args) if default is not None}


def _calls_in_tests(closure: ScopeNode) -> set[int]:
    """The calls (``id`` of each) in the conditions of the closure's ``if`` and ``while``
    statements and conditional expressions."""
    tests = ClosureFacts(closure).tests
    return {id(node) for test in tests for node in ast.walk(test) if isinstance(node, ast.Call)}


def _given_whole(call: ast.Call, star: str, double: str) -> bool:
    """Whether ``call`` is given the closure's ``*args``/``**kwargs`` only as the tuple and
    the dict themselves (``key(args, kwargs)``), never unpacked into its arguments."""
    unpacked = any(
        isinstance(argument, ast.Starred) and mentions_any(argument, {star, double})
        for argument in call.args
    ) or any(
        keyword.arg is None and mentions_any(keyword.value, {star, double})
        for keyword in call.keywords
    )
    whole = any(
        isinstance(argument, ast.Name) and argument.id in (star, double)
        for argument in call.args
    )
    return whole and not unpacked


def passes_both(call: ast.Call, star: str, double: str) -> bool:
    """Whether ``call`` is given both names (``f(*args, **kwargs)``)."""
    values = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
    values.extend(keyword.value for keyword in call.keywords)
    names = {value.id for value in values if isinstance(value, ast.Name)}
    return star in names and double in names
