"""WRP001 on a method bound by hand: a descriptor used as a decorator whose ``__get__``
returns a closure that calls the stored function with the instance and its own
``*args``/``**kwargs``. The closure is what ``obj.method`` gives every caller, under the
closure's name and docstring (box's ``APICallWrapper``, manticore's ``transact``, CCL's
``_Pk2D_descriptor``: each given ``@functools.wraps(self.func)`` by its maintainers).
WRP006 asks for ``update_wrapper(self, func)`` on the descriptor; that does not reach
the closure.
"""

from __future__ import annotations

import ast
from typing import AbstractSet, Iterator, Optional

from flake8_wraps.analysis.class_decorators import reads_from, says_it_is_a_decorator
from flake8_wraps.analysis.closures import FunctionNode, forwards_unpacked
from flake8_wraps.analysis.collect import FUNCTION_TYPES
from flake8_wraps.analysis.copies import IDENTITY_ATTRIBUTES, copied_and_lost_text
from flake8_wraps.analysis.findings import Finding, Fix, finding
from flake8_wraps.analysis.frames import callable_parameters, positional_names
from flake8_wraps.analysis.names import terminal_name
from flake8_wraps.analysis.rules.class_decorator import (
    ClassDecorator,
    stores_of,
    takes_the_function_alone,
)

#: What ``__get__`` may return the closure through: a bound method made of it.
_BINDERS = frozenset({"MethodType", "partial"})
#: What ``functools.wraps`` sets; a closure given all of them by hand is copied.
_IDENTITY = frozenset(IDENTITY_ATTRIBUTES)


class DescriptorClosures(ClassDecorator):
    """WRP001 on the closure that a decorator descriptor's ``__get__`` returns."""

    __slots__ = ()

    def _descriptor_closures(self, class_node: ast.ClassDef) -> Iterator[Finding]:
        methods: dict[str, FunctionNode] = {
            statement.name: statement
            for statement in class_node.body
            if isinstance(statement, FUNCTION_TYPES)
        }
        init, get = methods.get("__init__"), methods.get("__get__")
        if init is None or get is None or not init.args.args:
            return
        parameters = callable_parameters(init, True)
        if not parameters or not takes_the_function_alone(init, parameters[0]):
            return
        instance = init.args.args[0].arg
        stored = {attribute for _, attribute in stores_of(init, instance, parameters[0])}
        get_self = positional_names(get)[:1]
        if not stored or not get_self or not self._applied_as_decorator(class_node):
            return
        frame = self.module.frame_of[get]
        closures = [closure for defs in frame.local_defs.values() for closure in defs]
        for closure in closures:
            if not _returned(closure.name, frame.returns):
                continue
            attribute = _calls_stored(closure, get_self[0], stored)
            if attribute is None or self._copied(closure, frame.calls):
                continue
            copied, own = _set_on(closure.name, frame.assigns, get_self[0], stored)
            if _IDENTITY <= copied | own:
                continue
            wrapped = f"{get_self[0]}.{attribute}"
            fix = Fix("decorate", closure.lineno, closure.name, wrapped, False)
            fields = {"wrapper": closure.name, "decorator": class_node.name, "wrapped": wrapped}
            if copied:
                copied_text, lost_text = copied_and_lost_text(copied, own)
                yield finding(
                    closure, "half-copied-metadata", fix, kind="descriptor",
                    copied=copied_text, lost=lost_text, **fields,
                )
            else:
                yield finding(closure, "missing-wraps", fix, kind="descriptor", **fields)

    def _copied(self, closure: FunctionNode, calls: list[ast.Call]) -> bool:
        """``@wraps(...)`` (any decorator of that name, or one the settings name) above
        the closure, or ``update_wrapper(closure, ...)`` after it."""
        for decorator in closure.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if terminal_name(target) == "wraps" or self._is_wraps(target):
                return True
        return any(
            self._is_update_wrapper(call.func)
            and call.args
            and isinstance(call.args[0], ast.Name)
            and call.args[0].id == closure.name
            for call in calls
        )

    def _applied_as_decorator(self, class_node: ast.ClassDef) -> bool:
        """A docstring that calls it a decorator, or ``@transact`` (or ``@`` on a function
        of the module that builds it from the function it decorates: box's ``api_call``)
        in this module or another of the project."""
        name = class_node.name
        if says_it_is_a_decorator(class_node) or name in self._decorator_names():
            return True
        if self._applied_builder(class_node) is not None:
            return True
        return self.applied_elsewhere is not None and self.applied_elsewhere(name)


def _returned(name: str, returns: list[ast.expr]) -> bool:
    """``return call``, ``return MethodType(call, obj)``, ``return partial(call, obj)``."""
    for value in returns:
        if isinstance(value, ast.Name) and value.id == name:
            return True
        if (
            isinstance(value, ast.Call)
            and terminal_name(value.func) in _BINDERS
            and value.args
            and isinstance(value.args[0], ast.Name)
            and value.args[0].id == name
        ):
            return True
    return False


def _calls_stored(closure: FunctionNode, instance: str, stored: set[str]) -> Optional[str]:
    """The stored attribute the closure calls with all it takes: ``self.func(obj, *args,
    **kwargs)`` for ``def call(*args, **kwargs)``. A closure of fixed parameters is left
    alone: it may be anything built of the function."""
    arguments = closure.args
    stars = {a.arg for a in (arguments.vararg,) if a is not None}
    doubles = {a.arg for a in (arguments.kwarg,) if a is not None}
    if not stars and not doubles:
        return None
    for node in ast.walk(closure):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in stored
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == instance
            and (not stars or forwards_unpacked(node, stars))
            and (not doubles or forwards_unpacked(node, doubles))
        ):
            return node.func.attr
    return None


def _set_on(
    name: str, assigns: list[ast.Assign], owner: str, stored: AbstractSet[str]
) -> tuple[set[str], set[str]]:
    """The dunder attributes assigned on ``name`` by hand: those copied from the stored
    function (``call.__doc__ = self.func.__doc__``), and those given values of their own
    (``call.__name__ = "transactional"``), which are no copies."""
    copied: set[str] = set()
    own: set[str] = set()
    for assign in assigns:
        for target in assign.targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == name
                and target.attr in _IDENTITY
            ):
                copy = reads_from(assign.value, owner, "", stored)
                (copied if copy else own).add(target.attr)
    return copied, own
