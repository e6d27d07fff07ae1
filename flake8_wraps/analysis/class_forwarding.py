"""What a decorator class's ``__call__`` passes on to the function its ``__init__`` stored.

A class whose instances stand in for a function take its arguments and hand them on: its
``*args`` and ``**kwargs``, or every named parameter in order. One that hands on none of
them (``__call__(self, signum, frame)`` calling ``self.func()``) is a handler or a proxy
with a protocol of its own. Read here for WRP006; kept apart from the rest of the class
reading, which asks what the class copies and who applies it.
"""

from __future__ import annotations

import ast
from typing import Optional

from flake8_wraps.analysis.adapters import names_a_class
from flake8_wraps.analysis.closures import FunctionNode, passes_on, scope_info
from flake8_wraps.analysis.names import terminal_name


def forwarded_to_stored(
    call_method: FunctionNode, stored: set[str], through_helpers: bool
) -> set[str]:
    """What ``__call__`` passes on to a stored attribute: ``"*"`` and ``"**"`` for its
    ``*args`` and ``**kwargs``, ``"all"`` for every one of its named parameters in order
    (``__call__(self, node, kw)`` calling ``self.wrapped(node, kw)``).

    A call counts when it calls the attribute (``self.func(*args, **kwargs)``), calls
    what a helper makes of it (``coroutine(self.func)(*args, **kwargs)``) or hands it
    first to a helper with the arguments (``run_in_executor(self.func, *args, **kwargs)``;
    not to a class, which builds an object from it). The two through a helper count only
    with ``through_helpers``, where the stored value is named as a function: a helper
    makes a function of anything (``import_term(self.function_path)(*args)``). A
    ``__call__`` that hands on none of its arguments (``__call__(self, signum, frame)``
    calling ``self.func()``) is a handler or a proxy with a protocol of its own.
    """
    self_name = call_method.args.args[0].arg
    unchanged = scope_info(call_method).unchanged_params
    star = call_method.args.vararg.arg if call_method.args.vararg else None
    double_star = call_method.args.kwarg.arg if call_method.args.kwarg else None
    named = [arg.arg for arg in call_method.args.args[1:]]
    forwarded: set[str] = set()
    for node in ast.walk(call_method):
        if not isinstance(node, ast.Call) or not _calls_stored(
            node, self_name, stored, through_helpers
        ):
            continue
        if star in unchanged and passes_on(node, frozenset((star,))):
            forwarded.add("*")
        if double_star in unchanged and passes_on(node, frozenset((double_star,))):
            forwarded.add("**")
        if (
            named
            and star is None
            and unchanged.issuperset(named)
            and _passes_in_order(node, named, double_star)
        ):
            forwarded.add("all")
    return forwarded


def forwarded_through_method(
    call_method: FunctionNode,
    methods: dict[str, FunctionNode],
    stored: set[str],
    through_helpers: bool,
) -> set[str]:
    """What ``__call__`` passes on to a stored attribute through one method of the class
    that it hands its ``*args`` and ``**kwargs`` (type_enforced's ``__call__`` returning
    ``self.__validate_types__(*args, **kwargs)``, which checks them and calls
    ``self.__fn__(*args, **kwargs)``): what that method passes on, as its own."""
    self_name = call_method.args.args[0].arg
    star, double_star = call_method.args.vararg, call_method.args.kwarg
    if star is None or double_star is None:
        return set()
    unchanged = scope_info(call_method).unchanged_params
    if not {star.arg, double_star.arg} <= unchanged:
        return set()
    for node in ast.walk(call_method):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == self_name
            and node.func.attr in methods
            and node.func.attr != call_method.name
            and passes_on(node, frozenset((star.arg,)))
            and passes_on(node, frozenset((double_star.arg,)))
        ):
            continue
        method = methods[node.func.attr]
        if method.args.args and method.args.vararg and method.args.kwarg:
            forwarded = forwarded_to_stored(method, stored, through_helpers)
            if {"*", "**"} <= forwarded:
                return forwarded
    return set()


def binds_arguments(call_method: FunctionNode, stored: set[str], kept: set[str]) -> bool:
    """``__call__`` hands the stored function the arguments ``__init__`` kept beside it
    (``kept``: ``self.args = args`` from ``__init__(self, func, *args, **kwargs)``), as
    ``self.func(*self.args, **self.kwargs, **kwargs)`` does in schedula's ``run_model``:
    a partial. Code builds it with the arguments it binds; ``@`` would give it none."""
    if not kept or not call_method.args.args:
        return False
    call_self = call_method.args.args[0].arg
    return any(
        isinstance(node, ast.Call)
        and _calls_stored(node, call_self, stored, through_helpers=False)
        and any(
            _is_stored(argument, call_self, kept)
            for argument in (
                *(a.value if isinstance(a, ast.Starred) else a for a in node.args),
                *(keyword.value for keyword in node.keywords),
            )
        )
        for node in ast.walk(call_method)
    )


def _calls_stored(call: ast.Call, self_name: str, stored: set[str], through_helpers: bool) -> bool:
    """``self.func(...)``; with ``through_helpers`` also ``coroutine(self.func)(...)`` and
    ``run_in_executor(self.func, ...)``, but not ``KeyTransform(self.key_name, ...)``,
    which builds an object from a value."""
    callee = call.func
    if _is_stored(callee, self_name, stored):
        return True
    if not through_helpers:
        return False
    if isinstance(callee, ast.Call):
        return any(_is_stored(argument, self_name, stored) for argument in callee.args)
    return (
        bool(call.args)
        and _is_stored(call.args[0], self_name, stored)
        and not names_a_class(terminal_name(callee) or "")
    )


def _is_stored(node: ast.expr, self_name: str, stored: set[str]) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in stored
        and isinstance(node.value, ast.Name)
        and node.value.id == self_name
    )


def _passes_in_order(call: ast.Call, named: list[str], double_star: Optional[str]) -> bool:
    """``f(node, kw)`` for ``__call__(self, node, kw)``: every parameter, unchanged; and
    its ``**kwargs``, even where ``__call__`` added to them first (pycaret's
    ``BinaryMulticlassScoreFunc`` sets preset keywords for a binary target)."""
    passed = [argument.id for argument in call.args if isinstance(argument, ast.Name)]
    keywords = [
        keyword.value.id if keyword.arg is None and isinstance(keyword.value, ast.Name) else None
        for keyword in call.keywords
    ]
    expected = [] if double_star is None else [double_star]
    return passed[-len(named):] == named and keywords == expected
