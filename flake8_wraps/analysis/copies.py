"""What a function copies by hand onto the closure it returns: which metadata attributes,
from where, and what a half copy still loses."""

from __future__ import annotations

import ast
from typing import AbstractSet, Iterator, Optional, Union

from flake8_wraps.analysis.closures import (
    FunctionNode,
    mentions,
    mentions_any,
    parameter_names,
)
from flake8_wraps.analysis.collect import Frame, Module
from flake8_wraps.analysis.evidence import COPIED_BY_HAND, HELPER, STRONG_SHAPE, Signal
from flake8_wraps.analysis.evidence import NAMED_ON_PURPOSE
from flake8_wraps.analysis.frames import (
    alias_locals,
    attribute_locals,
    bound_once,
    looked_up_name,
    top_level_calls,
)
from flake8_wraps.analysis.names import is_name, terminal_name
from flake8_wraps.analysis.signature_reading import is_signature_of, signature_copy_names

#: Metadata attributes that a function sets by hand when it manages them on purpose.
METADATA_ATTRIBUTES = frozenset(
    {
        "__name__",
        "__qualname__",
        "__doc__",
        "__module__",
        "__wrapped__",
        "__dict__",
        "__annotations__",
        "__signature__",
        "__type_params__",
    }
)


def metadata_set_on_first(frame: Frame) -> frozenset[str]:
    """The metadata attributes the function assigns on its first parameter."""
    positional = [*frame.node.args.posonlyargs, *frame.node.args.args]
    if not positional:
        return frozenset()
    return metadata_set_on(frame, positional[0].arg)


def metadata_set_on(frame: Frame, name: str, source: Optional[str] = None) -> frozenset[str]:
    """The metadata attributes the function assigns on ``name`` (from what mentions
    ``source``, where one is given)."""
    return frozenset(
        target.attr
        for assign in frame.assigns
        for target, value in assigned_pairs(assign)
        if isinstance(target, ast.Attribute)
        and target.attr in METADATA_ATTRIBUTES
        and isinstance(target.value, ast.Name)
        and target.value.id == name
        and (source is None or mentions(value, source))
    )


def assigned_pairs(assign: Union[ast.Assign, ast.NamedExpr]) -> Iterator[tuple[ast.expr, ast.expr]]:
    """Each target of ``assign`` with the value it gets: ``wrapper.__name__,
    wrapper.__doc__ = view.__name__, view.__doc__`` sets each name from its own value."""
    targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
    for target in targets:
        value = assign.value
        if (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, (ast.Tuple, ast.List))
            and len(target.elts) == len(value.elts)
            and not any(isinstance(e, ast.Starred) for e in (*target.elts, *value.elts))
        ):
            yield from zip(target.elts, value.elts)
        else:
            yield target, value


#: The metadata that ``functools.wraps`` copies and a hand-made copy must not leave out.
IDENTITY_ATTRIBUTES = ("__name__", "__qualname__", "__doc__", "__module__", "__wrapped__")


def _is_docstring_of(value: ast.expr, sources: set[str]) -> bool:
    """``inspect.getdoc(func)``: the function's docstring, cleaned of its indentation."""
    return (
        isinstance(value, ast.Call)
        and terminal_name(value.func) == "getdoc"
        and len(value.args) == 1
        and isinstance(value.args[0], ast.Name)
        and value.args[0].id in sources
    )


def set_by_hand(
    frame: Frame, wrapper: str, wrapped: str, named: AbstractSet[tuple[str, str]] = frozenset()
) -> tuple[set[str], set[str], bool, bool]:
    """The metadata attributes the function sets on the closure: those copied from
    ``wrapped``, those set to something else, whether a ``setattr`` loop copies them, and
    whether something is taken from another parameter (a mixed identity, on purpose).
    ``named``: the module's constants that name an attribute (``attribute_constants``)."""
    holders = closure_names(frame, wrapper)
    copied: set[str] = set()
    others: set[str] = set()
    # ``func_name = func.__name__`` ... ``call.__name__ = func_name`` copies too; a name
    # made from it (``f"<{fn.__name__} on fileno>"``) is a new one.
    sources = {wrapped}
    for assign in frame.assigns:
        if is_attribute_of(assign.value, wrapped):
            sources.update(t.id for t in assign.targets if isinstance(t, ast.Name))
    sources -= holders
    other_parameters = frozenset(parameter_names(frame.node.args)) - {wrapped}
    looked_up = looked_up_name(frame.node)
    if looked_up is not None and wrapped in attribute_locals(frame):
        # ``fixed_hook.__name__ = key`` in pytest's ``__getattr__(self, key)``, handing
        # out a stand-in for ``hook = getattr(..., key)``: the attribute's own name
        sources.add(looked_up)
        other_parameters -= {looked_up}
    mixed = False
    # ``_ensured.__name__ = f"{fun.__name__}(ensured)"`` beside ``__doc__`` copied from
    # ``fun``: a copy with a marked name (kombu), not a name of its own.
    renamed: set[str] = set()
    for assign in frame.assigns:
        for target, value in assigned_pairs(assign):
            if isinstance(target, ast.Subscript):
                target = target.value  # ``wrapper.__annotations__["return"] = ...``
            if (
                isinstance(target, ast.Attribute)
                and target.attr in METADATA_ATTRIBUTES
                and isinstance(target.value, ast.Name)
                and target.value.id in holders
            ):
                is_copy = (
                    is_attribute_of(value, wrapped)
                    or (isinstance(value, ast.Name) and value.id in sources)
                    or (
                        target.attr == "__signature__"
                        and _is_signature_copy(frame, value, wrapper, wrapped)
                    )
                    or (target.attr == "__doc__" and _is_docstring_of(value, sources))
                )
                if is_copy:
                    copied.add(target.attr)
                elif target.attr in ("__name__", "__qualname__") and mentions_any(value, sources):
                    renamed.add(target.attr)
                else:
                    others.add(target.attr)
                # ``self._update_doc(fun.__doc__)`` is made from the function's own; a
                # ``name`` parameter that defaults to ``fun.__name__`` is another's
                mixed = mixed or (
                    mentions_any(value, other_parameters)
                    and not mentions_any(value, sources - other_parameters)
                )
    (copied if copied else others).update(renamed)
    # ``for name in ("__module__", "__name__"): setattr(wrapper, name, getattr(func, name))``
    # copies the names listed; a loop over anything else is taken as a complete copy.
    loop = False
    listed: Optional[dict[str, list[str]]] = None
    bound: Optional[set[str]] = None
    for call in frame.calls:
        if any(is_dict_update_of(call, name) for name in holders) and mentions(
            call.args[0], wrapped
        ):
            copied.add("__dict__")
            continue
        if not _sets_on(call, holders):
            continue
        if bound is None:
            bound = _bound_from(frame.node, wrapped)
        key = call.args[1]
        if not mentions_any(call.args[2], bound):
            # ``setattr(func_call, "__doc__", docstring)``, a docstring made for the wrapper
            # (hdmf's docval): set on purpose, as ``func_call.__doc__ = docstring`` is.
            if isinstance(key, ast.Constant) and key.value in METADATA_ATTRIBUTES:
                others.add(key.value)
                mixed = mixed or mentions_any(call.args[2], other_parameters)
            continue
        if listed is None:
            listed = literal_loops(frame.node)
        names: frozenset[str] = frozenset()
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names = frozenset({key.value})
        elif isinstance(key, ast.Name) and key.id in listed:
            names = frozenset(listed[key.id])
        elif isinstance(key, ast.Name):
            names = frozenset(value for constant, value in named if constant == key.id)
        if names and names <= METADATA_ATTRIBUTES:
            copied.update(names)
        else:
            loop = True  # names not in sight, or more than metadata: a copy of its own
    return copied, others, loop, mixed


def _bound_from(function: FunctionNode, wrapped: str) -> set[str]:
    """``wrapped`` and the names bound with ``:=`` to something read from it
    (``if v := getattr(f, attr, None): setattr(wrapper, attr, v)``: llama-index)."""
    names = {wrapped}
    for node in ast.walk(function):
        if isinstance(node, ast.NamedExpr) and mentions(node.value, wrapped):
            names.add(node.target.id)
    return names


def literal_loops(function: FunctionNode) -> dict[str, list[str]]:
    """``for name in ("__name__", "__doc__")``: each loop variable that runs over a
    literal list of strings, with the strings."""
    listed: dict[str, list[str]] = {}
    for node in ast.walk(function):
        if (
            isinstance(node, ast.For)
            and isinstance(node.target, ast.Name)
            and isinstance(node.iter, (ast.List, ast.Tuple))
            and all(is_string(element) for element in node.iter.elts)
        ):
            listed[node.target.id] = [e.value for e in node.iter.elts]  # type: ignore[attr-defined]
    return listed


def plainly_copied(
    frame: Frame, wrapper: str, wrapped: str, attributes: AbstractSet[str]
) -> set[str]:
    """Of ``attributes``, those set on the closure straight from ``wrapped``
    (``wrapper.__name__ = func.__name__``, ``setattr(wrapper, "__name__",
    func.__name__)``, a ``setattr(wrapper, name, getattr(func, name))`` loop over literal
    names; not ``f"logged_{func.__name__}"``): what a registry keyed by them then reads
    is the function's own."""
    holders = closure_names(frame, wrapper)
    copied = {
        target.attr
        for assign in frame.assigns
        for target, value in assigned_pairs(assign)
        if isinstance(target, ast.Attribute)
        and target.attr in attributes
        and isinstance(target.value, ast.Name)
        and target.value.id in holders
        and is_attribute_of(value, wrapped)
    }
    for call in frame.calls:
        if not _sets_on(call, holders):
            continue
        key, value = call.args[1], call.args[2]
        if isinstance(key, ast.Constant) and is_attribute_of(value, wrapped):
            copied.add(str(key.value))
        elif isinstance(key, ast.Name) and _reads_named(value, wrapped, key.id):
            copied.update(literal_loops(frame.node).get(key.id, ()))
    return copied & set(attributes)


def _sets_on(call: ast.Call, holders: AbstractSet[str]) -> bool:
    """``setattr(wrapper, key, value)``, ``wrapper`` one of ``holders``."""
    return (
        terminal_name(call.func) == "setattr"
        and len(call.args) == 3
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id in holders
    )


def _reads_named(value: ast.expr, wrapped: str, key: str) -> bool:
    """``getattr(func, name)``: the attribute of ``wrapped`` that ``key`` names."""
    return (
        isinstance(value, ast.Call)
        and terminal_name(value.func) == "getattr"
        and len(value.args) >= 2
        and is_name(value.args[0], wrapped)
        and is_name(value.args[1], key)
    )


def closure_names(frame: Frame, wrapper: str) -> frozenset[str]:
    """``wrapper`` and the locals bound to the closure itself, once only: scapy's state
    decorator names its closure through ``state_wrapper = cast(_StateWrapper,
    _state_wrapper)`` and then sets ``state_wrapper.__name__``, which is set on the
    closure."""
    return frozenset(
        {wrapper}
        | {
            alias
            for alias in alias_locals(frame, frozenset({wrapper}))
            if bound_once(frame.node, alias)
        }
    )


def _is_signature_copy(frame: Frame, value: ast.expr, wrapper: str, wrapped: str) -> bool:
    """``inspect.signature(func)``, or a name bound to it for this copy alone."""
    return is_signature_of(value, wrapped) or (
        isinstance(value, ast.Name)
        and value.id in signature_copy_names(frame.node, wrapper, wrapped)
    )


def is_attribute_of(value: ast.expr, name: str) -> bool:
    """``func.__doc__``, ``getattr(func, "__doc__", None)``."""
    if isinstance(value, ast.Attribute):
        return isinstance(value.value, ast.Name) and value.value.id == name
    return (
        isinstance(value, ast.Call)
        and terminal_name(value.func) == "getattr"
        and bool(value.args)
        and isinstance(value.args[0], ast.Name)
        and value.args[0].id == name
    )


def manual_copy_signal_tuple(
    frame: Frame, wrapper: str, wrapped: str, named: AbstractSet[tuple[str, str]]
) -> tuple[Signal, ...]:
    return tuple(_manual_copy_signals(frame, wrapper, wrapped, named))


def attribute_constants(module: Module, frame: Frame) -> frozenset[tuple[str, str]]:
    """The module's string constants that the function's ``setattr`` calls name an
    attribute with: patool's ``fnameattr = '__name__'`` makes ``setattr(newfunc, fnameattr,
    getattr(func, fnameattr))`` a copy of the name alone. A name the function binds, or
    the module binds more than once or to anything else, is left out."""
    keys = {
        call.args[1].id
        for call in frame.calls
        if terminal_name(call.func) == "setattr"
        and len(call.args) == 3 and isinstance(call.args[1], ast.Name)
    } - set(parameter_names(frame.node.args))
    if keys:  # bound in the function (an assignment, a loop): not the module's constant
        keys -= {n.id for n in ast.walk(frame.node) if isinstance(n, ast.Name)
                 and isinstance(n.ctx, ast.Store)}
    found: dict[str, list[ast.expr]] = {}
    assigns = [s for s in module.tree.body if isinstance(s, ast.Assign)] if keys else []
    for assign in assigns:
        for target in assign.targets:
            if isinstance(target, ast.Name) and target.id in keys:
                found.setdefault(target.id, []).append(assign.value)
    others = [s for s in module.tree.body if not isinstance(s, ast.Assign)] if found else []
    return frozenset(
        (name, values[0].value)
        for name, values in found.items()
        if len(values) == 1 and isinstance(values[0], ast.Constant)
        and isinstance(values[0].value, str) and not assigned_at_module_level(others, name)
    )


def _manual_copy_signals(
    frame: Frame, wrapper: str, wrapped: str, named: AbstractSet[tuple[str, str]]
) -> Iterator[Signal]:
    """What the function sets by hand on the closure, and what a hand-made copy leaves out.

    A complete copy (every attribute ``functools.wraps`` sets, or a ``setattr`` loop over
    them) is deliberate: silence. A signature set by hand weighs strongly against a
    wrapper, a name of its own (``wrapper.__name__ = name``) less: it is chosen, and the
    docstring is still lost. A half copy (``wrapper.__doc__ = func.__doc__``) or a
    docstring of its own still loses the name and qualname: reported, saying what is lost."""
    if _marks_wrapped(frame, wrapped):
        says = f"it sets '{wrapped}.__wrapped__' itself, a marker that wraps would change"
        yield Signal("wrapped-as-marker", None, says)
        return
    copied, others, loop, mixed = set_by_hand(frame, wrapper, wrapped, named)
    if loop or all(attribute in copied | others for attribute in IDENTITY_ATTRIBUTES):
        yield Signal("copied-by-hand", None, f"the metadata of '{wrapped}' is copied by hand")
    elif mixed:
        yield Signal(
            "identity-from-another", None, "its metadata is taken from another parameter"
        )
    elif others & {"__name__", "__qualname__"}:
        yield Signal("named-on-purpose", NAMED_ON_PURPOSE, f"'{wrapper}' has a name of its own")
    elif others & {"__signature__", "__annotations__", "__dict__"}:
        yield Signal(
            "signature-by-hand", STRONG_SHAPE, f"the signature of '{wrapper}' is set by hand"
        )
    elif copied:
        copied_text, lost_text = copied_and_lost_text(copied, others)
        yield Signal(
            "half-copy",
            COPIED_BY_HAND,
            f"it copies {copied_text} by hand; {lost_text} still lost",
        )
    elif others:
        yield Signal(
            "docstring-set", HELPER, "its docstring is set by hand; its qualified name is lost"
        )


def _marks_wrapped(frame: Frame, wrapped: str) -> bool:
    """``f.__wrapped__ = True``: llama-index marks the functions it has decorated, and
    tests the mark before decorating again."""
    return any(
        isinstance(target, ast.Attribute)
        and target.attr == "__wrapped__"
        and is_name(target.value, wrapped)
        for assign in frame.assigns
        for target in assign.targets
    )


def copied_and_lost_text(
    copied: set[str], set_otherwise: AbstractSet[str] = frozenset()
) -> tuple[str, str]:
    """``("__name__ and __doc__", "__qualname__, __module__ and __wrapped__ are")``; what is
    ``set_otherwise`` (a docstring made for the wrapper) is not lost."""
    kept = copied | set_otherwise
    lost = [attribute for attribute in IDENTITY_ATTRIBUTES if attribute not in kept]
    ordered = [a for a in IDENTITY_ATTRIBUTES if a in copied]
    ordered.extend(sorted(copied - set(IDENTITY_ATTRIBUTES)))
    verb = "is" if len(lost) == 1 else "are"
    return _and_list(ordered), f"{_and_list(lost)} {verb}"


def lost_by(copied: set[str]) -> str:
    """``"__qualname__, __module__ and __wrapped__"``: what a copy of ``copied`` leaves out."""
    return _and_list([a for a in IDENTITY_ATTRIBUTES if a not in copied])


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def assigned_at_module_level(body: list[ast.stmt], name: str) -> bool:
    """Whether the module's own statements (in branches too) assign ``name``."""
    for statement in body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
        elif isinstance(statement, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            nested = [*statement.body, *getattr(statement, "orelse", [])]
            nested.extend(getattr(statement, "finalbody", []))
            for handler in getattr(statement, "handlers", []):
                nested.extend(handler.body)
            if assigned_at_module_level(nested, name):
                return True
    return False


def is_dict_update_of(call: ast.Call, name: str) -> bool:
    """``name.__dict__.update(something)``."""
    function = call.func
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "update"
        and isinstance(function.value, ast.Attribute)
        and function.value.attr == "__dict__"
        and is_name(function.value.value, name)
        and len(call.args) == 1
    )


def is_string(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def copies_in_frame(frame: Frame, wrapper: str, wrapped: str) -> bool:
    """``update_wrapper(wrapper, func)``, ``wrapper = wraps(func)(wrapper)`` and the like:
    any call of the enclosing function that gets both names counts, as projects have
    their own helpers for this, and an unsure rule stays silent."""
    return any(
        mentions(call, wrapper)
        and (hands_on(call, wrapped) or mentions(call.func, wrapper))
        and may_copy(call, wrapper)
        for call in top_level_calls(frame)
    )


def hands_on(call: ast.Call, name: str) -> bool:
    """Whether ``call`` is given the object ``name`` names, not only attributes of it: a
    call that hands the wrapper on with ``func.__name__`` alone copies nothing (Flask's
    ``app.add_url_rule("/" + func.__name__, view_func=wrapper)``, a hostile pass of stop
    87); one on the wrapper itself (``wrapper.__globals__.update(func.__globals__)``)
    still counts."""
    attributes = {
        id(node.value) for node in ast.walk(call) if isinstance(node, ast.Attribute)
    }
    return any(
        isinstance(node, ast.Name) and node.id == name and id(node) not in attributes
        for node in ast.walk(call)
    )


def may_copy(call: ast.Call, wrapper: str) -> bool:
    """Not a copy by hand (``setattr(wrapper, ...)``, ``wrapper.__dict__.update``), which
    the manual copy signals judge, nor ``setattr(Spectrum, fun.__name__, retf)``, which
    hangs the wrapper on another object (ramanchada2, fix set 93) and copies nothing."""
    if terminal_name(call.func) == "setattr" and call.args:
        installs = len(call.args) == 3 and is_name(call.args[2], wrapper)
        return not (is_name(call.args[0], wrapper) or installs)
    return not is_dict_update_of(call, wrapper)
