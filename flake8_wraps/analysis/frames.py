"""What one function returns, calls and takes: the questions every rule asks of a frame
that ``collect`` recorded, each answered once per subtree (``node_memo``)."""

from __future__ import annotations

import ast
from typing import AbstractSet, Iterator, Optional, Union

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.closures import (
    HANDED_ON,
    OTHER_CALL,
    STAND_IN_CALL,
    CallableUse,
    FunctionNode,
    callable_uses,
    parameter_defaults,
    parameter_names,
    the_function_itself,
)
from flake8_wraps.analysis.collect import Frame
from flake8_wraps.analysis.names import (
    GETTER_DESCRIPTORS,
    TRANSFORMING_DECORATORS,
    cast_value,
    terminal_name,
)

#: Annotation names that say a parameter holds data, never a function to call.
_DATA_TYPE_NAMES = frozenset(
    {
        "str",
        "bytes",
        "bytearray",
        "bool",
        "int",
        "float",
        "complex",
        "list",
        "dict",
        "set",
        "frozenset",
        "tuple",
        "List",
        "Dict",
        "Set",
        "FrozenSet",
        "Tuple",
        "Sequence",
        "Mapping",
        "Iterable",
        "Path",
        "PurePath",
        "Decimal",
        "Fraction",
    }
)


#: Annotation names that only combine other types.
_TYPE_COMBINATORS = frozenset({"Optional", "Union", "typing", "t", "None"})


def returns_name(frame: Frame, name: str) -> bool:
    """Whether the function of ``frame`` returns its local function ``name``."""
    return name in frame.local_defs and any(
        isinstance(value, ast.Name) and value.id == name for value in frame.returns
    )


def applied_level(frame: Frame) -> Frame:
    """The outermost level of a factory whose levels return ``frame``'s function: what
    the user applies (``@retry(3)``, ``@route("/")``), which a message names."""
    applied = frame
    while applied.parent is not None and returns_name(applied.parent, applied.node.name):
        applied = applied.parent
    return applied


def parameter_set(function: FunctionNode, is_method: bool) -> frozenset[str]:
    return frozenset(callable_parameters(function, is_method))


def looked_up_name(function: FunctionNode) -> Optional[str]:
    """The parameter ``__getattr__`` is given the attribute's name in, if it is one."""
    if function.name not in _ATTRIBUTE_LOOKUPS:
        return None
    by_protocol = _protocol_parameters(function)
    return by_protocol[0] if by_protocol else None


def attribute_locals(frame: Frame) -> frozenset[str]:
    """In ``__getattr__(self, name)``: the locals bound to ``getattr(obj, name)``, the
    attribute the closure it returns stands in for (veriloggen's ``Dataflow`` hands out
    ``func = getattr(dtypes, attr)`` with its results bound to the dataflow;
    atomic-reactor's docker client retries ``orig_attr``)."""
    key = looked_up_name(frame.node)
    if key is None:
        return frozenset()
    return frozenset(
        assign.targets[0].id
        for assign in frame.assigns
        if len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
        and isinstance(assign.value, ast.Call)
        and isinstance(assign.value.func, ast.Name)
        and assign.value.func.id == "getattr"
        and len(assign.value.args) >= 2
        and isinstance(assign.value.args[1], ast.Name)
        and assign.value.args[1].id == key
    )


def alias_locals(frame: Frame, parameters: frozenset[str]) -> dict[str, int]:
    """The function's locals bound to one of ``parameters`` itself (``the_function_itself``),
    each with the line it is bound on: pydantic binds ``func1 =
    cast(PlainSerializerWithoutInfo, serializer)`` and returns a closure that calls
    ``func1``. The closure stands in for that local, whose name ``wraps`` is given, where
    nothing else binds it (``bound_once``: asked only of a local a closure calls)."""
    key = ("alias_locals", frame.node, parameters)
    return dict(node_memo.remembered(key, _alias_locals, frame, parameters))


def _alias_locals(frame: Frame, parameters: frozenset[str]) -> tuple[tuple[str, int], ...]:
    bound = []
    for assign in frame.assigns:
        itself = the_function_itself(assign.value)
        if (
            itself is not None
            and itself.id in parameters
            and len(assign.targets) == 1
            and isinstance(assign.targets[0], ast.Name)
            and assign.targets[0].id != itself.id
        ):
            bound.append((assign.targets[0].id, assign.lineno))
    return tuple(bound)


def bound_once(function: FunctionNode, name: str) -> bool:
    """Whether the function's own statements bind ``name`` once only."""
    return binding_count(function, name) == 1


def binding_count(function: FunctionNode, name: str) -> int:
    """How many times the function's own statements bind ``name`` (its parameters are
    not statements)."""
    count = 0
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            if node.id == name and not isinstance(node.ctx, ast.Load):
                count += 1
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            count += node.name == name
            stack.extend(node.decorator_list)
            continue
        if not isinstance(node, ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))
    return count


#: Methods (and PEP 562's module function) that Python calls with the name of an
#: attribute: that parameter holds a string, never a function to call.
_ATTRIBUTE_LOOKUPS = frozenset({"__getattr__", "__getattribute__"})


def _protocol_parameters(function: FunctionNode) -> list[str]:
    """The parameters Python fills by protocol, never with a function to wrap: the name
    given to ``__getattr__(self, name)`` (or a module's ``__getattr__(name)``), and the
    instance and owner given to ``__get__(self, obj, owner)``. openhtf's
    ``Measurement.__getattr__`` returns a closure that hands ``name`` and its ``*args,
    **kwargs`` to a factory of validators: a remote method made of its name."""
    if function.name not in _ATTRIBUTE_LOOKUPS and function.name != "__get__":
        return []
    positional = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    if positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    return positional[: 2 if function.name == "__get__" else 1]


def callable_parameters(function: FunctionNode, is_method: bool) -> list[str]:
    """Parameters that may hold the decorated callable, in order.

    Leaves out the implicit ``self``/``cls`` of a method, a first ``self`` of a nested
    function that becomes one (flax's ``rngs_initializer_method(self, *args, **kwargs)``,
    made a method by ``glorot_normal = _initializer_to_method(...)`` in a class body),
    ``*args``/``**kwargs``, parameters whose annotation or default says they hold data,
    and those that ``__getattr__`` and ``__get__`` are given by protocol.
    """
    arguments = function.args
    pairs = parameter_defaults(arguments)
    positional = arguments.posonlyargs or arguments.args
    if positional and (is_method or positional[0].arg == "self"):
        pairs = pairs[1:]
    by_protocol = _protocol_parameters(function)
    return [
        arg.arg
        for arg, default in pairs
        if not _holds_data(arg, default) and arg.arg not in by_protocol
    ]


def parameter_names_of(function: FunctionNode) -> set[str]:
    return set(parameter_names(function.args))


def positional_names(function: FunctionNode) -> list[str]:
    return [arg.arg for arg in (*function.args.posonlyargs, *function.args.args)]


def required_positional_count(function: FunctionNode) -> int:
    arguments = function.args
    required_keyword_only = sum(default is None for default in arguments.kw_defaults)
    if required_keyword_only:
        return -1  # cannot be called with positional arguments alone
    return len(arguments.posonlyargs) + len(arguments.args) - len(arguments.defaults)


def _holds_data(arg: ast.arg, default: Optional[ast.expr]) -> bool:
    if default is not None:
        if isinstance(default, ast.Constant) and default.value not in (None, Ellipsis):
            return True
        if isinstance(default, (ast.List, ast.Tuple, ast.Dict, ast.Set, ast.JoinedStr)):
            return True
    if arg.annotation is None:
        return False
    names: set[str] = set()
    for node in ast.walk(arg.annotation):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)
    return bool(names & _DATA_TYPE_NAMES) and names <= _DATA_TYPE_NAMES | _TYPE_COMBINATORS


def returned_closures(
    frame: Frame, copiers: AbstractSet[str] = frozenset()
) -> Iterator[Union[FunctionNode, ast.Lambda]]:
    """The nested defs and lambdas that ``frame``'s function returns as they are.

    A value counts when it is returned directly, as a branch of a conditional expression,
    or through local aliases (``inner = wrapper; return inner``), also after a decorator
    applied by hand (``wrapper = mark(wrapper)``), and as what a decorator factory's
    decorator makes of it (``return nonebot.on_message(event)(wrapper)``, HoshinoBot's
    service decorators: the call spelling of ``@on_message(event)`` above the def), or
    handed back by one of ``copiers``, the module's helpers that copy some metadata onto
    their first argument and return it. A name that the function rebinds to anything else
    (``wrapper = something(wrapper, x)``) is no longer known to be the def, and is left out.
    """
    memo = node_memo.active()
    if memo is None:
        return _returned_closures_of(frame, copiers)
    key = ("returned_closures", frame.node, frame.imports.key(), frozenset(copiers))
    return iter(memo.get(key, _returned_closures_list, frame, copiers))


def _returned_closures_list(
    frame: Frame, copiers: AbstractSet[str]
) -> list[Union[FunctionNode, ast.Lambda]]:
    return list(_returned_closures_of(frame, copiers))


def _returned_closures_of(
    frame: Frame, copiers: AbstractSet[str]
) -> Iterator[Union[FunctionNode, ast.Lambda]]:
    aliases: dict[str, list[str]] = {}
    rebound: set[str] = set()
    for assign in frame.assigns:
        for target in assign.targets:
            if isinstance(target, ast.Name):
                value = _uncast(assign.value)
                if isinstance(value, ast.Name):
                    aliases.setdefault(target.id, []).append(value.id)
                elif not _decorates_in_place(value, target.id):
                    rebound.add(target.id)
    seen: set[str] = set()
    values = list(frame.returns)
    while values:
        value = _uncast(values.pop())
        if isinstance(value, ast.Call):
            value = _returned_through(value, frame) or _copied_onto(value, frame, copiers) or value
        if isinstance(value, ast.IfExp):
            values.extend((value.body, value.orelse))
        elif isinstance(value, ast.Lambda):
            yield value
        elif isinstance(value, ast.Name) and value.id not in seen and value.id not in rebound:
            seen.add(value.id)
            yield from frame.local_defs.get(value.id, ())
            values.extend(ast.Name(alias, ast.Load()) for alias in aliases.get(value.id, ()))


def _returned_through(value: ast.Call, frame: Frame) -> Optional[ast.Name]:
    """The def in ``return mark(options)(wrapper)`` or ``return mark(wrapper)``: a
    decorator applied with a call in the return statement, which gives back the def or a
    wrapper that copies its metadata (py-mina's ``return fabric.api.task(wrapper)``,
    ``return memoize(wrapper)``). A class called with the def builds an object of its
    own (``Command(wrapper)``). Only what an import binds is taken for a decorator: a
    parameter, a local or a method of one (``result.add_callback(wrapper)``,
    ``dataset.map(add_labels)``) returns whatever that object gives back, and a helper
    of the module may build something else of the def (sublime_lib's
    ``extend_constructor(constructor)`` returns a class decorator)."""
    if isinstance(value.func, ast.Call):
        return _applied_by_hand(value)
    root = value.func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or not frame.imports.binds(root.id):
        return None
    if root.id in parameter_names_of(frame.node) or root.id in frame.local_defs:
        return None
    if (terminal_name(value.func) or "X")[:1].isupper():
        return None
    return _applied_by_hand(value)


def _copied_onto(value: ast.Call, frame: Frame, copiers: AbstractSet[str]) -> Optional[ast.Name]:
    """The def in ``return update_func_meta(newfunc, func)``, where the module's helper
    copies some of ``func``'s metadata onto ``newfunc`` and returns it: as if the function
    had called it on its own line and returned ``newfunc`` (linkchecker's decorators)."""
    callee, arguments = value.func, value.args
    if not (
        isinstance(callee, ast.Name)
        and callee.id in copiers
        and len(arguments) == 2
        and not value.keywords
        and isinstance(arguments[0], ast.Name)
    ):
        return None
    scope: Optional[Frame] = frame
    while scope is not None:  # a parameter or a def of the same name hides the helper
        if callee.id in parameter_names_of(scope.node) or callee.id in scope.local_defs:
            return None
        scope = scope.parent
    return arguments[0]


def _decorates_in_place(value: ast.expr, name: str) -> bool:
    """``ret = mark(ret)``: a decorator applied by hand, which returns the def or a wrapper
    that copies its metadata, as ``@mark`` would (powerline's ``requires_segment_info``)."""
    applied = _applied_by_hand(value)
    return applied is not None and applied.id == name


def _applied_by_hand(value: ast.expr) -> Optional[ast.Name]:
    """The name in ``mark(name)`` or ``mark(options)(name)``: a decorator, or a decorator
    factory's decorator, applied with a call instead of ``@``.

    Only a plain callee with the name as its one argument: ``wraps(f)(ret)`` copies
    metadata, ``partial(ret, x)`` or ``Thread(target=ret)`` build something else, and
    ``njit(ret)`` compiles it (``functools.wraps`` on a compiled closure breaks it)."""
    if not (
        isinstance(value, ast.Call)
        and len(value.args) == 1
        and not value.keywords
        and isinstance(value.args[0], ast.Name)
    ):
        return None
    callee = value.func.func if isinstance(value.func, ast.Call) else value.func
    if not isinstance(callee, (ast.Name, ast.Attribute)):
        return None
    if terminal_name(callee) in _NOT_PLAIN_DECORATORS:
        return None
    return value.args[0]


#: Callees of ``ret = f(ret)`` that copy metadata or make something that is no function.
_COPIES_OR_BUILDS = frozenset({"update_wrapper", "wraps", "partial", "Thread", "Process"})
_NOT_PLAIN_DECORATORS = _COPIES_OR_BUILDS | TRANSFORMING_DECORATORS


def _uncast(value: ast.expr) -> ast.expr:
    """The def behind a returned call: ``cast(T, inner)`` is ``inner`` at run time
    (bokeh's validation decorators), and ``property(inner)`` shows ``inner``'s docstring,
    as ``@property`` above it would (sympy's ``cached_property``); so does
    ``property(getter, setter, deleter)`` without a ``doc`` (disco's
    ``simple_cached_property``)."""
    cast = cast_value(value)
    if cast is not None:
        return cast
    if isinstance(value, ast.Call) and not value.keywords:
        callee = terminal_name(value.func)
        most = 3 if callee == "property" else 1  # property(fget, fset, fdel)
        if callee in GETTER_DESCRIPTORS and 1 <= len(value.args) <= most:
            return value.args[0]
    return value


def returns_lambda(frame: Frame) -> bool:
    """Whether ``frame``'s function returns a lambda, or a conditional expression that may
    hold one. Asked of every function that returns something and defines nothing: a loop
    over types, without the generator ``any`` would need."""
    for value in frame.returns:
        if type(value) in _LAMBDA_OR_CONDITIONAL:
            return True
    return False


_LAMBDA_OR_CONDITIONAL = (ast.Lambda, ast.IfExp)


def stood_in_parameter(
    closure: Union[FunctionNode, ast.Lambda], params: frozenset[str]
) -> Optional[str]:
    """The one parameter of the enclosing function that ``closure`` calls as a wrapper.

    None when the closure calls no parameter, calls several (it assembles parts, it does
    not stand in for one function), or only applies a hook to values of its own.
    """
    wrapped, _ = _stood_in_parameter_and_uses(closure, params)
    return wrapped


def _stood_in_parameter_and_uses(
    closure: Union[FunctionNode, ast.Lambda], params: frozenset[str]
) -> tuple[Optional[str], list[CallableUse]]:
    uses = callable_uses(closure, params)
    used = {use.name for use in uses}
    if len(used) != 1:
        return None, uses
    if not any(use.kind in (STAND_IN_CALL, HANDED_ON) for use in uses):
        return None, uses
    if any(use.kind == OTHER_CALL for use in uses) and not any(
        use.kind == STAND_IN_CALL for use in uses
    ):
        return None, uses
    return used.pop(), uses


def top_level_calls(frame: Frame) -> list[ast.Call]:
    """Calls that are whole statements, assigned values or returned values of ``frame``."""
    memo = node_memo.active()
    if memo is None:
        return _top_level_calls_of(frame)
    key = ("top_level_calls", frame.node)
    return list(memo.get(key, _top_level_calls_of, frame))


def _top_level_calls_of(frame: Frame) -> list[ast.Call]:
    calls = list(frame.calls)
    calls.extend(a.value for a in frame.assigns if isinstance(a.value, ast.Call))
    calls.extend(value for value in frame.returns if isinstance(value, ast.Call))
    return calls


def assigned_call(frame: Frame, name: str) -> Optional[ast.Call]:
    """The call whose result ``frame`` assigns to ``name`` (``wrapper = helper(func)``)."""
    for assign in frame.assigns:
        if isinstance(assign.value, ast.Call) and any(
            isinstance(target, ast.Name) and target.id == name for target in assign.targets
        ):
            return assign.value
    return None


def takes_any_arguments(function: FunctionNode) -> bool:
    return function.args.vararg is not None or function.args.kwarg is not None


def supplied_keywords(wrapper: FunctionNode, wrapped: str) -> tuple[str, ...]:
    """The keywords that every call of ``wrapped`` in ``wrapper`` names (``api=`` in
    ``func(*args, api=api, **kwargs)``)."""
    return node_memo.remembered(
        ("supplied_keywords", wrapper, wrapped), _supplied_keywords, wrapper, wrapped
    )


def _supplied_keywords(wrapper: FunctionNode, wrapped: str) -> tuple[str, ...]:
    supplied: Optional[set[str]] = None
    for node in ast.walk(wrapper):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id == wrapped:
            named = {keyword.arg for keyword in node.keywords if keyword.arg is not None}
            supplied = named if supplied is None else supplied & named
    return tuple(sorted(supplied or ()))


def supplied_first(wrapper: FunctionNode, wrapped: str) -> int:
    """How many leading positional arguments every call of ``wrapped`` in ``wrapper``
    gives before the caller's (``func(db, *args, **kwargs)``: one, a test's first
    fixture among them)."""
    return node_memo.remembered(
        ("supplied_first", wrapper, wrapped), _supplied_first, wrapper, wrapped
    )


def _supplied_first(wrapper: FunctionNode, wrapped: str) -> int:
    counts = []
    for node in ast.walk(wrapper):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == wrapped:
                leading = 0
                for argument in node.args:
                    if isinstance(argument, ast.Starred):
                        break
                    leading += 1
                counts.append(leading)
    return min(counts, default=0)


def block_holding(function: ast.AST, value: ast.expr) -> Optional[tuple[ast.stmt, list[ast.stmt]]]:
    """The statement whose value is ``value`` (``return lambda ...``, a bare call) and the
    block it stands in (a body, an ``else`` or a ``finally``), found in ``function``."""
    for node in ast.walk(function):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for statement in block:
                if isinstance(statement, (ast.Expr, ast.Return)) and statement.value is value:
                    return statement, block
    return None
