"""How a closure uses the parameters of the function that encloses it.

A wrapper *stands in* for the callable it wraps: it calls it with its own arguments, or
hands it on as the function to run. Most closures that mention an enclosing parameter do
neither (they read a value, call a method of it, or apply a hook to values they computed),
and telling the two apart is what keeps the rules precise. Python's scoping is honoured: a
name rebound by the closure, or by a function or comprehension inside it, is not the
enclosing parameter.

Every walk here is iterative: real code nests deeper than the interpreter's recursion limit
allows a recursive visitor to go.
"""

from __future__ import annotations

import ast
from typing import AbstractSet, NamedTuple, Optional, Union

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.call_vocabulary import (
    CALLABLE_KEYWORDS,
    DATA_CONSUMERS,
    GENERIC_RUNNERS,
    RUNNERS,
)
from flake8_wraps.analysis.evidence import says_function
from flake8_wraps.analysis.names import cast_value, terminal_name
from flake8_wraps.analysis.packed_copies import changed_in_place, copies_itself

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]
ScopeNode = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]

_NESTED_SCOPE_TYPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)
_COMPREHENSION_TYPES = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_MATCH_CAPTURE_TYPES = tuple(
    getattr(ast, name) for name in ("MatchAs", "MatchStar") if hasattr(ast, name)
)

#: A call use where the closure passes its own arguments on: the closure stands in.
STAND_IN_CALL = "stand-in call"
#: A call that does not pass the closure's own arguments (a hook applied to other values).
OTHER_CALL = "other call"
#: The name handed on as the function to run (``Thread(target=func)``).
HANDED_ON = "handed on"
#: The name handed to some other helper together with the closure's own arguments
#: unpacked (``run_in_worker(func, *args, **kwargs)``): evidence only with other evidence.
HELPER_CALL = "helper call"


class ScopeInfo(NamedTuple):
    """The names a function scope binds: its parameters and what its body assigns."""

    params: frozenset[str]
    assigned: frozenset[str]
    declared_outer: frozenset[str]
    #: ``*args`` or ``**kwargs`` replaced by a copy of itself (``kwargs = dict(kwargs)``).
    copied: frozenset[str] = frozenset()

    @property
    def bound(self) -> frozenset[str]:
        """Names that refer to this scope's own bindings, not an enclosing one."""
        return (self.params | self.assigned) - self.declared_outer

    @property
    def unchanged_params(self) -> frozenset[str]:
        """Parameters the body never rebinds but to a copy of themselves: passing one on
        passes the caller's values."""
        return self.params - self.assigned

    @property
    def untouched_params(self) -> frozenset[str]:
        """Parameters the body never rebinds at all: for a fix, where a copy handed to a
        callback first (poezio's ``before(args, kwargs)``) may not be the caller's."""
        return self.params - self.assigned - self.copied


def parameter_names(arguments: ast.arguments) -> list[str]:
    """All parameter names of a signature, in order."""
    names = [arg.arg for arg in arguments.posonlyargs]
    names.extend(arg.arg for arg in arguments.args)
    if arguments.vararg is not None:
        names.append(arguments.vararg.arg)
    names.extend(arg.arg for arg in arguments.kwonlyargs)
    if arguments.kwarg is not None:
        names.append(arguments.kwarg.arg)
    return names


def parameter_defaults(arguments: ast.arguments) -> list[tuple[ast.arg, Optional[ast.expr]]]:
    """Each named parameter (positional, then keyword-only) with its default, or None."""
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[Optional[ast.expr]] = [None] * (len(positional) - len(arguments.defaults))
    defaults.extend(arguments.defaults)
    pairs = list(zip(positional, defaults))
    pairs.extend(zip(arguments.kwonlyargs, arguments.kw_defaults))
    return pairs


def scope_info(scope: ScopeNode) -> ScopeInfo:
    """What ``scope`` binds, from its own body only (nested scopes are their own)."""
    memo = node_memo.active()
    if memo is None:
        return _scope_info(scope)
    return memo.get(("scope_info", scope), _scope_info, scope)


def _scope_info(scope: ScopeNode) -> ScopeInfo:
    params = frozenset(parameter_names(scope.args))
    if isinstance(scope, ast.Lambda):
        return ScopeInfo(params, frozenset(), frozenset())
    packed = {a.arg for a in (scope.args.vararg, scope.args.kwarg) if a is not None}
    assigned, declared_outer, copied = _bindings(scope.body, packed)
    vararg = scope.args.vararg
    if vararg is not None and vararg.arg in copied and changed_in_place(scope, {vararg.arg}):
        assigned.add(vararg.arg)  # ``args = list(args)`` to set ``args[i]``: new arguments
    return ScopeInfo(
        params, frozenset(assigned), frozenset(declared_outer), frozenset(copied - assigned)
    )


def _bindings(
    statements: list[ast.stmt], packed: AbstractSet[str]
) -> tuple[set[str], set[str], set[str]]:
    """The names ``statements`` bind in their own scope (nested scopes are their own), the
    names they declare ``global`` or ``nonlocal``, and which of ``packed`` (the scope's
    ``*args`` and ``**kwargs``) they replace by a copy of itself."""
    assigned: set[str] = set()
    declared_outer: set[str] = set()
    copied: set[str] = set()
    stack: list[ast.AST] = list(statements)
    while stack:
        node = stack.pop()
        if packed and copies_itself(node, packed):
            copied.add(node.targets[0].id)  # type: ignore[attr-defined]
            continue  # ``kwargs = dict(kwargs)``: still the caller's arguments
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                assigned.add(node.id)
            continue
        if isinstance(node, _NESTED_SCOPE_TYPES):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                assigned.add(node.name)
                stack.extend(node.decorator_list)
            continue
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            declared_outer.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                assigned.add(alias.asname or alias.name.partition(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            assigned.add(node.name)
        elif isinstance(node, _MATCH_CAPTURE_TYPES) and node.name:
            assigned.add(node.name)
        elif type(node).__name__ == "MatchMapping" and getattr(node, "rest", None):
            assigned.add(node.rest)  # type: ignore[attr-defined]
        stack.extend(ast.iter_child_nodes(node))
    return assigned, declared_outer, copied


def _unchanged_until_rebound(
    scope: FunctionNode, rebound: frozenset[str]
) -> list[frozenset[str]]:
    """For each statement of the closure's own body, the names of ``rebound`` that neither
    it nor a statement before it rebinds: those still hold the caller's arguments there.

    pinpoint's ``PinTrace.__call__`` returns ``func(*args, **kwargs)`` for an unsampled
    call before ``args, kwargs = self.onBefore(*args, **kwargs)``; its maintainers added
    ``wraps``. The body runs once, top to bottom, so a rebinding in a later statement
    cannot reach an earlier one; a rebinding inside the same statement (a loop, a branch)
    may, and ends the name's run there."""
    packed = {a.arg for a in (scope.args.vararg, scope.args.kwarg) if a is not None}
    still = set(rebound)
    unchanged: list[frozenset[str]] = []
    for statement in scope.body:
        if still:  # a copy ends the run too: ``rebound`` holds it when its items are set
            assigned, _, copied = _bindings([statement], packed)
            still -= assigned | copied
        unchanged.append(frozenset(still))
    return unchanged


class CallableUse(NamedTuple):
    """One place where a closure uses an enclosing name as a function."""

    name: str
    kind: str
    node: ast.Name
    #: The call that calls the name or hands it on.
    call: ast.Call
    #: The closure's parameters that still hold the caller's arguments at the call.
    unchanged: frozenset[str] = frozenset()


def callable_uses(scope: ScopeNode, names: frozenset[str]) -> list[CallableUse]:
    """Uses of the enclosing ``names`` as functions anywhere inside ``scope``.

    A use counts when the name is called (``STAND_IN_CALL`` when the call passes on one of
    the closure's own unchanged parameters, or passes nothing where the closure takes
    nothing; ``OTHER_CALL`` otherwise) or handed on as the function to run
    (``HANDED_ON``). Reading the name as data (a type for ``isinstance``, a setting, a
    method receiver) is not a use.
    """
    memo = node_memo.active()
    if memo is None:
        return _callable_uses(scope, names)
    return list(memo.get(("callable_uses", scope, names), _callable_uses, scope, names))


def _callable_uses(scope: ScopeNode, names: frozenset[str]) -> list[CallableUse]:
    info = scope_info(scope)
    visible = names - info.bound
    by_default = _bound_by_default(scope, names, info)
    if not visible and not by_default:
        return []
    own_args = info.unchanged_params
    takes_nothing = not info.params
    vararg = scope.args.vararg.arg if scope.args.vararg is not None else None
    made, aliases = _locals_holding(scope, visible)
    aliases = {**by_default, **aliases}
    uses: list[CallableUse] = []
    #: Names already counted as a use through the call that encloses theirs.
    counted: set[int] = set()
    stack: list[tuple[ast.AST, ast.AST, frozenset[str], frozenset[str]]] = []
    rebound = info.params & info.assigned
    if isinstance(scope, ast.Lambda):
        stack.append((scope.body, scope, visible, own_args))
    elif not rebound:
        stack.extend((node, scope, visible, own_args) for node in scope.body)
    else:  # a parameter rebound later is still the caller's in the statements before
        until = _unchanged_until_rebound(scope, rebound)
        stack.extend((node, scope, visible, own_args | e) for node, e in zip(scope.body, until))
    while stack:
        node, parent, visible, own_args = stack.pop()
        if isinstance(node, ast.Name):
            name = node.id if node.id in visible else aliases.get(node.id)
            if name is not None and isinstance(node.ctx, ast.Load) and id(node) not in counted:
                whole = vararg if vararg in own_args else None
                kind = _use_kind(node, parent, own_args, takes_nothing, whole)
                if kind is not None:
                    use = CallableUse(name, kind, node, parent, own_args)  # type: ignore[arg-type]
                    uses.append(use)
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            # Decorators and defaults run where the def stands; the body is a new scope.
            outer_parts: list[ast.AST] = list(node.args.defaults)
            outer_parts.extend(d for d in node.args.kw_defaults if d is not None)
            if not isinstance(node, ast.Lambda):
                outer_parts.extend(node.decorator_list)
            stack.extend((part, node, visible, own_args) for part in outer_parts)
            inner = scope_info(node)
            inner_visible = visible - inner.bound
            if inner_visible:  # the body runs later: after any rebinding
                inner_args = (own_args & info.unchanged_params) - inner.bound
                inner_body = [node.body] if isinstance(node, ast.Lambda) else node.body
                stack.extend((part, node, inner_visible, inner_args) for part in inner_body)
            continue
        if isinstance(node, _COMPREHENSION_TYPES):
            targets = {
                target.id
                for generator in node.generators
                for target in ast.walk(generator.target)
                if isinstance(target, ast.Name)
            }
            inner_visible = visible - targets
            inner_args = own_args - targets
            first, *rest = node.generators
            stack.append((first.iter, node, visible, own_args))
            inner_parts: list[ast.AST] = [first.target, *first.ifs, *rest]
            if isinstance(node, ast.DictComp):
                inner_parts.extend((node.key, node.value))
            else:
                inner_parts.append(node.elt)
            stack.extend((part, node, inner_visible, inner_args) for part in inner_parts)
            continue
        if isinstance(node, ast.keyword):
            # Classify ``f(target=name)`` against the call, not the keyword node.
            stack.append((node.value, parent, visible, own_args))
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Call):
            made_from = _made_from(node, visible, own_args, takes_nothing)
            if made_from is not None:
                uses.append(CallableUse(made_from.id, HELPER_CALL, made_from, node, own_args))
                counted.add(id(made_from))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in made
            and made[node.func.id].id in visible
            and _calls_with_own(node, own_args, takes_nothing)
        ):
            # ``coro = asyncio.coroutine(f)`` ... ``coro(*args, **kwargs)``
            source = made[node.func.id]
            uses.append(CallableUse(source.id, HELPER_CALL, source, node, own_args))
        stack.extend((child, node, visible, own_args) for child in ast.iter_child_nodes(node))
    return uses


def _locals_holding(
    scope: ScopeNode, visible: frozenset[str]
) -> tuple[dict[str, ast.Name], dict[str, str]]:
    """The closure's locals that hold an enclosing function or what a helper made of it,
    in one walk of the closure.

    ``made``: ``coro = asyncio.coroutine(f)``, locals the closure assigns once, each from
    a helper given a visible name that says it is a function, and nothing else
    (dd-trace's ``mark_asyncio``); what the helper makes of the function stands in for it
    when it is called with the closure's own arguments, as ``prof(func)(*args)`` does.

    ``aliases``: ``f = func`` ... ``f(self, *args, **kwargs)``, locals bound to an
    enclosing name at least once and otherwise only to a helper's result given that same
    name first (fairchem's ``conditional_grad``: ``f = func``, or ``f = dec(func)`` when
    gradients are on). Calling such a local calls the function; a local bound to anything
    else as well may hold something else."""
    if isinstance(scope, ast.Lambda):
        return {}, {}
    made: dict[str, ast.Name] = {}
    held: dict[str, set[str]] = {}
    plain: set[str] = set()
    stores: dict[str, int] = {}
    holding: dict[str, int] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            continue
        target, value = node.targets[0].id, node.value
        itself = the_function_itself(value)
        if itself is not None:
            plain.add(target)
            value = itself
        elif isinstance(value, ast.Call):
            if (
                len(value.args) == 1
                and not value.keywords
                and terminal_name(value.func) not in DATA_CONSUMERS
            ):
                (given,) = value.args
                if isinstance(given, ast.Name) and given.id in visible and says_function(given.id):
                    made[target] = given
            value = value.args[0] if value.args else value
        if isinstance(value, ast.Name) and value.id in visible:
            held.setdefault(target, set()).add(value.id)
            holding[target] = holding.get(target, 0) + 1
    aliases = {
        name: next(iter(sources))
        for name, sources in held.items()
        if name in plain and len(sources) == 1 and stores.get(name) == holding[name]
    }
    return {name: given for name, given in made.items() if stores.get(name) == 1}, aliases


def _bound_by_default(scope: ScopeNode, names: frozenset[str], info: ScopeInfo) -> dict[str, str]:
    """The closure's parameters that default to an enclosing name and are never rebound
    (django-orchestra's ``def action_view(request, object_id=1, action=action)``, the idiom
    from before closures could see their enclosing scope): calling one calls that function,
    as nobody passes it."""
    arguments = scope.args
    if not arguments.defaults and not any(arguments.kw_defaults):
        return {}
    return {
        arg.arg: default.id
        for arg, default in parameter_defaults(scope.args)
        if isinstance(default, ast.Name) and default.id in names and arg.arg not in info.assigned
    }


def the_function_itself(value: ast.expr) -> Optional[ast.Name]:
    """The name whose function ``value`` is, under another type or bound: ``func``,
    ``cast(T, func)`` (pydantic's ``func1 = cast(PlainSerializerWithoutInfo,
    serializer)``), ``func.__get__(obj, owner)`` (tigrbl's hooks bind ``fn`` to the model
    inside the closure). Calling the result calls that function."""
    given = cast_value(value)
    if given is None and isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        given = value.func.value if value.func.attr == "__get__" else None
    elif given is None:
        given = value
    return given if isinstance(given, ast.Name) else None


def local_aliases(scope: ScopeNode, names: frozenset[str]) -> dict[str, str]:
    """The closure's locals that hold one of ``names`` (``f = func``), each with the name it
    holds: calling one calls that function (:func:`_locals_holding` says when)."""
    return _locals_holding(scope, names)[1]


def _calls_with_own(call: ast.Call, own_args: frozenset[str], takes_nothing: bool) -> bool:
    """The call passes on one of the closure's own arguments, or nothing where the closure
    takes nothing."""
    return passes_on(call, own_args) or (takes_nothing and not call.args and not call.keywords)


def _made_from(
    call: ast.Call, visible: frozenset[str], own_args: frozenset[str], takes_nothing: bool
) -> Optional[ast.Name]:
    """``prof(func)(*args, **kwargs)``: the name that a helper is given first, when what
    it makes of it is called with the closure's own arguments (memory_profiler's
    ``LineProfiler``, a compiler's ``make_jaspr(function)``, functorch's
    ``grad_with_value(f, argnums)``).

    Only a name that says it is a function: ``skip(reason)(obj)`` has the same shape,
    and applies a decorator built from a setting. Whatever its name, a parameter that a
    decorator factory's result is applied to is decorated, so it is the function, where
    the closure hands on its ``*args``/``**kwargs`` as a wrapper does: taichi's
    ``all_archs_with(**kwargs)(test)(*test_args, **test_kwargs)`` (a maintainers' fix).
    ``skipIf(cond)(reason)(obj)`` in a closure of one argument is a decorator level, and
    applies a decorator built from a setting too."""
    maker = call.func
    assert isinstance(maker, ast.Call)
    if not maker.args or terminal_name(maker.func) in DATA_CONSUMERS:
        return None
    # ``grad_with_value(f, argnums, has_aux=has_aux)(*args)`` (functorch): settings may
    # follow the function the helper is given first.
    name = maker.args[0]
    if not (isinstance(name, ast.Name) and name.id in visible):
        return None
    decorated = (
        isinstance(maker.func, ast.Call)
        and len(maker.args) == 1
        and not maker.keywords
        and forwards_unpacked(call, own_args)
    )
    if not (says_function(name.id) or decorated):
        return None
    return name if _calls_with_own(call, own_args, takes_nothing) else None


def _use_kind(
    name: ast.Name,
    parent: ast.AST,
    own_args: frozenset[str],
    takes_nothing: bool,
    vararg: Optional[str] = None,
) -> str | None:
    if not isinstance(parent, ast.Call):
        return None
    if parent.func is name:
        if passes_on(parent, own_args):
            return STAND_IN_CALL
        if takes_nothing and not parent.args and not parent.keywords:
            return STAND_IN_CALL
        return OTHER_CALL
    callee = terminal_name(parent.func)
    if callee in DATA_CONSUMERS:
        return None
    for keyword in parent.keywords:
        if keyword.value is name:
            if keyword.arg in CALLABLE_KEYWORDS and _runs_with_own_arguments(
                parent, name, own_args, takes_nothing
            ):
                return HANDED_ON
            return None
    if callee in RUNNERS and _runs_with_own_arguments(parent, name, own_args, takes_nothing):
        return HANDED_ON
    if (
        callee in GENERIC_RUNNERS
        and parent.args
        and parent.args[0] is name
        and forwards_unpacked(parent, own_args)
    ):
        return HANDED_ON  # ``executor.call(func, *args, **kwargs)``
    if (
        _handed_as_function(parent, name)
        and isinstance(parent.func, (ast.Name, ast.Attribute))
        and (not (callee or "X")[:1].isupper() or _call_object_of(parent, name, own_args))
        and callee not in ("cls", "klass", "type", "self")
        and (forwards_unpacked(parent, own_args) or _passes_tuple(parent, vararg))
    ):
        # ``run_in_worker(func, *args, **kwargs)``, ``to_async(pool, fun, *args)`` (hail),
        # ``_with_custom_grad(fn, args, ...)`` (tensor2tensor: the arguments as one tuple);
        # not ``Record(name, *args)``, which builds an object from a value.
        return HELPER_CALL
    return None


def _call_object_of(call: ast.Call, name: ast.Name, own_args: frozenset[str]) -> bool:
    """``DeferToThread(f, *args, **kwargs)``, ``InvokeEvent(fn, *args, **kwargs)``: a class
    given a name that says it is a function, first, then all the closure's arguments as
    they came, builds the call to run later (libmilter's ``callInThread``, autopilot's
    ``gui_event``). Given part of them, a class builds a record of a value."""
    return (
        call.args[0] is name
        and says_function(name.id)
        and _unpacks_star(call, own_args)
        and _unpacks_double(call, own_args)
    )


def _handed_as_function(call: ast.Call, name: ast.Name) -> bool:
    """``name`` is handed on as the function the call runs: it is the call's first
    argument; or it says it is a function and is the first name among the arguments,
    with the caller's ``*args`` after it (``to_async(self.pool, fun, *args)``); or it says
    it is a function and the caller's ``*args`` come right after it, settings before
    (``_timed_func(timer_stats, func, *args, **kwargs)``, PyDSS; ``dry(msg, func, *args,
    **kwds)``, paver). Settings handed after it (``_sample(fn, dim, temperature, *args)``)
    are no functions run, and a kernel handed to a method with keywords only
    (``self.obj.coarsen(self.windows, func, **kwargs)``, xarray) is an ingredient."""
    if call.args and call.args[0] is name:
        return True
    if not says_function(name.id) or not any(isinstance(a, ast.Starred) for a in call.args):
        return False
    first = next((a for a in call.args if isinstance(a, ast.Name)), None)
    if first is name:
        return True
    for argument, following in zip(call.args, call.args[1:]):
        if argument is name:
            return isinstance(following, ast.Starred) and isinstance(following.value, ast.Name)
    return False


def _passes_tuple(call: ast.Call, vararg: Optional[str]) -> bool:
    """The closure's ``*args`` handed on whole, as the tuple it is."""
    return vararg is not None and any(
        isinstance(argument, ast.Name) and argument.id == vararg for argument in call.args
    )


def _runs_with_own_arguments(
    call: ast.Call, name: ast.Name, own_args: frozenset[str], takes_nothing: bool
) -> bool:
    """Whether a runner is given the closure's own arguments for the function it runs.

    ``Thread(target=func, args=args)``, ``run_in_executor(None, func, *args)``,
    ``MethodType(func, self)``, or nothing where the closure takes nothing. A closure
    that hands a callback on with values of its own (``loop.call_later(delay, func)``,
    ``Thread(target=func, name=name)``) schedules it; it does not stand in for it.
    """
    if takes_nothing:
        return True
    after = call.args[call.args.index(name) + 1:] if name in call.args else []
    keywords = [k.value for k in call.keywords if k.arg in ("args", "kwargs", None)]
    for argument in (*after, *keywords):
        for node in ast.walk(argument):
            if isinstance(node, ast.Name) and node.id in own_args:
                return True
    return False


def passes_on(call: ast.Call, own_args: frozenset[str]) -> bool:
    """Whether ``call`` passes one of ``own_args`` unchanged (plain, ``*args`` or ``**kw``)."""
    for argument in call.args:
        if isinstance(argument, ast.Starred):
            argument = argument.value
        if isinstance(argument, ast.Name) and argument.id in own_args:
            return True
    return any(
        isinstance(keyword.value, ast.Name) and keyword.value.id in own_args
        for keyword in call.keywords
    )


def forwards_unpacked(call: ast.Call, own_args: AbstractSet[str]) -> bool:
    # ``pool.call(func, *args, **kwargs)``: unpacking the closure's arguments next to
    # the name means the name is the function they are for.
    return _unpacks_star(call, own_args) or _unpacks_double(call, own_args)


def _unpacks_star(call: ast.Call, names: AbstractSet[str]) -> bool:
    """``call(*args)`` for one of ``names``."""
    return any(
        isinstance(argument, ast.Starred)
        and isinstance(argument.value, ast.Name)
        and argument.value.id in names
        for argument in call.args
    )


def _unpacks_double(call: ast.Call, names: AbstractSet[str]) -> bool:
    """``call(**kwargs)`` for one of ``names``."""
    return any(
        keyword.arg is None and isinstance(keyword.value, ast.Name) and keyword.value.id in names
        for keyword in call.keywords
    )


def mentions(node: ast.AST, name: str) -> bool:
    """Whether the name ``name`` is read anywhere in ``node``."""
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def mentions_any(node: ast.AST, names: AbstractSet[str]) -> bool:
    """Whether any of ``names`` is read anywhere in ``node``."""
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))
