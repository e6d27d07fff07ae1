"""Copies a project helper makes: a function of the project that sets the metadata of
one function on another (``copy_doc(new, old)``), called on the closure, and the helpers
and defaults in sight that a decision follows to them."""

from __future__ import annotations

import ast
from typing import AbstractSet, NamedTuple, Optional

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.closures import (
    FunctionNode,
    mentions,
    parameter_defaults,
    parameter_names,
)
from flake8_wraps.analysis.collect import Frame, Module
from flake8_wraps.analysis.copies import (
    IDENTITY_ATTRIBUTES,
    METADATA_ATTRIBUTES,
    assigned_at_module_level,
    copied_and_lost_text,
    is_attribute_of,
    is_dict_update_of,
    literal_loops,
    lost_by,
    may_copy,
    set_by_hand,
)
from flake8_wraps.analysis.frames import top_level_calls
from flake8_wraps.analysis.names import is_name, terminal_name


class HelperCopy(NamedTuple):
    """A helper's half copy: its name, what it copies, and what the function copies by
    hand beside it (which is not lost either)."""

    helper: str
    copied: frozenset[str]
    beside: frozenset[str]

    def texts(self) -> tuple[str, str]:
        """What the helper copies, and what is still lost (with its verb)."""
        copied_text = copied_and_lost_text(set(self.copied))[0]
        return copied_text, copied_and_lost_text(set(self.copied | self.beside))[1]

    def lost(self) -> str:
        return lost_by(set(self.copied | self.beside))


def helper_half_copy(
    module: Module,
    frame: Frame,
    wrapper: str,
    wrapped: str,
    named: AbstractSet[tuple[str, str]],
) -> Optional[HelperCopy]:
    """``_wrap(wrapper, func)`` (or ``return _wrap(wrapper, func)``) where ``_wrap``, a
    function in sight, copies some of the metadata but not ``__wrapped__``: the helper's
    name and what it copies. None also where it and the lines beside it copy everything.

    importlib's bootstrap cannot import functools, so its ``_wrap(new, old)`` copies
    ``__module__``, ``__name__``, ``__qualname__``, ``__doc__`` and ``__dict__``: a half
    copy, as one written inline would be. None where the call is anything else, or the
    helper cannot be read (imported, rebound, or doing more than copying): an unknown
    helper may copy everything, and an unsure rule stays silent.
    """
    calls = [
        call
        for call in top_level_calls(frame)
        if mentions(call, wrapper) and mentions(call, wrapped) and may_copy(call, wrapper)
    ]
    if len(calls) != 1:
        return None
    call = calls[0]
    if not (
        isinstance(call.func, ast.Name)
        and len(call.args) == 2
        and not call.keywords
        and is_name(call.args[0], wrapper)
        and is_name(call.args[1], wrapped)
    ):
        return None
    helper = call.func.id
    copied: set[str] = set()
    for definition in definitions_in_sight(module, frame, helper):
        attributes = copied_by(definition)
        if attributes is None:
            return None
        copied.update(attributes)
    if not copied:
        return None
    beside, others, _, _ = set_by_hand(frame, wrapper, wrapped, named)
    if all(attribute in copied | beside | others for attribute in IDENTITY_ATTRIBUTES):
        return None
    return HelperCopy(helper, frozenset(copied), frozenset(beside))


def module_helper_copies(module: Module) -> frozenset[tuple[str, Optional[frozenset[str]]]]:
    """What each module-level function that could be a copying helper ``helper(new, old)``
    copies (None: it does more, or something else). Part of what a closure's judgement
    reads outside its own statement (``helper_half_copy``), so the language server's memo
    keys on it: deleting ``new.label = ...`` from a helper makes it a half copy."""
    return frozenset(
        (
            frame.node.name,
            node_memo.remembered(("copied_by", frame.node), copied_by, frame.node),
        )
        for frame in module.frames
        if frame.at_module_level
        and len(frame.node.args.posonlyargs) + len(frame.node.args.args) >= 2
    )


def definitions_in_sight(
    module: Module, frame: Optional[Frame], name: str
) -> list[FunctionNode]:
    """The defs that ``name`` is bound to where ``frame`` reads it (None: the module's own
    statements): local defs of the innermost function that binds it, else the module's.
    Empty where anything else binds the name (a parameter, an assignment, an import):
    what it is cannot be read."""
    scope: Optional[Frame] = frame
    while scope is not None:
        binds_otherwise = name in parameter_names(scope.node.args) or any(
            isinstance(target, ast.Name) and target.id == name
            for assign in scope.assigns
            for target in assign.targets
        )
        if binds_otherwise:
            return []
        if name in scope.local_defs:
            return scope.local_defs[name]
        scope = scope.parent
    if name in module.imports.bindings() or assigned_at_module_level(module.tree.body, name):
        return []
    return [f.node for f in module.frames if f.at_module_level and f.node.name == name]


def function_default(
    module: Module, frame: Optional[Frame], arguments: ast.arguments, name: str
) -> Optional[str]:
    """What the parameter ``name`` defaults to, where that is a function: "a lambda", or
    "the function 'f'" for a def in sight where the def stands (``frame``). What ``@``
    gives has no default (None, or a sentinel, says "called with options first"): a
    function by default makes the parameter a hook, or an operation that is modified."""
    default = next(
        (value for argument, value in parameter_defaults(arguments) if argument.arg == name),
        None,
    )
    if isinstance(default, ast.Lambda):
        return "a lambda"
    if isinstance(default, ast.Name) and definitions_in_sight(module, frame, default.id):
        return f"the function '{default.id}'"
    return None


def copied_by(helper: FunctionNode) -> Optional[frozenset[str]]:
    """The metadata attributes ``helper(new, old)`` copies from ``old`` onto ``new``:
    assignments, ``setattr`` with a literal name or over a literal list, and
    ``new.__dict__.update(old.__dict__)``. None where it sets ``__wrapped__``, calls
    ``update_wrapper``/``wraps``, or sets anything else on ``new``."""
    positional = [*helper.args.posonlyargs, *helper.args.args]
    if len(positional) < 2:
        return None
    new, old = positional[0].arg, positional[1].arg
    listed = literal_loops(helper)
    copied: set[str] = set()
    for node in ast.walk(helper):
        if (isinstance(node, ast.Constant) and node.value == "__wrapped__") or (
            isinstance(node, ast.Attribute) and node.attr == "__wrapped__"
        ):
            return None
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and is_name(target.value, new):
                    if target.attr not in METADATA_ATTRIBUTES or not is_attribute_of(
                        node.value, old
                    ):
                        return None
                    copied.add(target.attr)
        elif isinstance(node, ast.Call):
            callee = terminal_name(node.func)
            if callee in ("update_wrapper", "wraps"):
                return None
            if callee == "setattr" and node.args and is_name(node.args[0], new):
                if len(node.args) != 3 or not mentions(node.args[2], old):
                    return None
                key = node.args[1]
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    names = {key.value}
                elif isinstance(key, ast.Name) and key.id in listed:
                    names = set(listed[key.id])
                else:
                    return None
                if not names <= METADATA_ATTRIBUTES:
                    return None
                copied.update(names)
            elif is_dict_update_of(node, new) and mentions(node.args[0], old):
                copied.add("__dict__")
    return frozenset(copied) or None
