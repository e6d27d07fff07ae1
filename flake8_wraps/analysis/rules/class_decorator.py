"""WRP006: a class used as a decorator whose instance replaces the function without
``functools.update_wrapper(self, func)``: a class with ``__call__`` (or a descriptor with
``__get__``) that stores the function it is given. ``class_decorators`` reads the class."""

from __future__ import annotations

import ast
from typing import Iterable, Iterator, Optional

from flake8_wraps.analysis.adapters import names_a_class
from flake8_wraps.analysis.class_decorators import (
    calls_stored_with_owner,
    copied_and_lost,
    hands_on_instance,
    metadata_set_on_instance,
    refers_to_stored,
    says_it_is_a_decorator,
    says_it_is_no_decorator,
)
from flake8_wraps.analysis.closures import FunctionNode, passes_on, scope_info
from flake8_wraps.analysis.collect import FUNCTION_TYPES
from flake8_wraps.analysis.context import ModuleContext
from flake8_wraps.analysis.copies import METADATA_ATTRIBUTES
from flake8_wraps.analysis.findings import Finding, Fix, finding
from flake8_wraps.analysis.frames import (
    callable_parameters,
    positional_names,
    required_positional_count,
    top_level_calls,
)
from flake8_wraps.analysis.names import terminal_name


class ClassDecorator(ModuleContext):
    """WRP006 and its variants (a half copy, a descriptor)."""

    __slots__ = ()

    # -- WRP006 ------------------------------------------------------------------------

    def _class_decorator(self, class_node: ast.ClassDef) -> Iterator[Finding]:
        methods: dict[str, FunctionNode] = {}
        if _manages_its_metadata(class_node) or says_it_is_no_decorator(class_node):
            # ``update_wrapper(self, func)`` would raise there (a property without a
            # setter), or fight what the class does on purpose; or its docstring says it
            # is no decorator (numba's ``PickleCallableByPath``).
            return
        for statement in class_node.body:
            if isinstance(statement, FUNCTION_TYPES):
                methods[statement.name] = statement
        init, call, get = methods.get("__init__"), methods.get("__call__"), methods.get("__get__")
        if init is None or (call is None and get is None) or "__getattr__" in methods:
            return
        init_params = callable_parameters(init, True)
        if not init_params or not init.args.args:
            return
        wrapped = init_params[0]
        if wrapped not in positional_names(init) or required_positional_count(init) != 2:
            return  # ``@Decorator`` calls ``Decorator(func)``: only self and func required.
        if names_a_class(wrapped):
            return  # ``NotifyingRequestFactory(wrappedFactory)``: wraps a class, builds objects
        init_self = init.args.args[0].arg
        init_frame = self.module.frame_of[init]
        stored = {
            target.attr
            for assign in init_frame.assigns
            if isinstance(assign.value, ast.Name) and assign.value.id == wrapped
            for target in assign.targets
            if isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == init_self
        }
        if not stored:
            return
        forwarded = _forwarded_to_stored(call, stored) if call and call.args.args else set()
        is_descriptor = (
            not forwarded and get is not None and calls_stored_with_owner(get, stored)
        )
        if not forwarded and not is_descriptor:
            return
        if not (
            class_node.name in self._decorator_names()
            or says_it_is_a_decorator(class_node)
            or (forwarded in ({"*", "**"}, set()) and _has_only_plain_bases(class_node))
        ):
            # Not shown to be a decorator: a proxy or handler object with a protocol of
            # its own (``CallableDefaultdict(defaultdict)``, ``scoped_session(**kw)``), or
            # a descriptor that is a value too (toolz's ``_InstanceAnnotations(dict)``).
            return
        for init_call in top_level_calls(init_frame):
            if refers_to_stored(init_call, init_self, wrapped, stored) and (
                hands_on_instance(init_call, init_self)
                or terminal_name(init_call.func) == "__init__"
            ):
                # update_wrapper(self, func), update_wrapper(self, self.func),
                # wraps(func)(self), super().__init__(func)
                return
        if self._copies_onto_instance(methods.values()):
            return  # update_wrapper(self, ...) in another method (``_setup``, ``__set_name__``)
        set_by_hand = metadata_set_on_instance(
            init_frame.assigns, init_self, METADATA_ATTRIBUTES
        )
        if is_descriptor and "__doc__" in set_by_hand:
            return  # ``self.__doc__ = func.__doc__``: what ``help()`` shows is there
        if {"__name__", "__doc__"} <= set_by_hand:
            return  # invoke's ``Task`` sets ``__name__``, ``__doc__`` and ``__module__``
        if not is_descriptor:
            # A descriptor takes a method's place in a class; nothing registers it.
            self._damaging.append((class_node, None, True))
        stored_at = min(
            assign.lineno
            for assign in init_frame.assigns
            if isinstance(assign.value, ast.Name) and assign.value.id == wrapped
        )
        fix = None
        if not _declares_slots(class_node):  # update_wrapper needs an instance __dict__
            safe = not set_by_hand and not is_descriptor
            fix = Fix("insert-after", stored_at, "__init__", wrapped, safe, init_self)
        fields = {"decorator": class_node.name, "wrapped": wrapped}
        if set_by_hand:
            copied, lost = copied_and_lost(set_by_hand)
            rule = "class-decorator-half-copied-metadata"
            fields.update(copied=copied, lost=lost)
        elif is_descriptor:
            rule = "descriptor-decorator-missing-update-wrapper"
        else:
            rule = "class-decorator-missing-update-wrapper"
        yield finding(class_node, rule, fix, **fields)

    def _copies_onto_instance(self, methods: Iterable[FunctionNode]) -> bool:
        """Whether a method calls ``update_wrapper(self, ...)`` or ``wraps(...)(self)``."""
        for method in methods:
            positional = [*method.args.posonlyargs, *method.args.args]
            if not positional or any(
                terminal_name(d) in ("staticmethod", "classmethod") for d in method.decorator_list
            ):
                continue  # no instance to copy onto
            instance = positional[0].arg
            for node in ast.walk(method):
                if not isinstance(node, ast.Call):
                    continue
                copying = self._is_update_wrapper(node.func) or (
                    isinstance(node.func, ast.Call) and self._is_wraps(node.func.func)
                )
                if copying and hands_on_instance(node, instance):
                    return True
        return False


def _manages_its_metadata(class_node: ast.ClassDef) -> bool:
    """Whether the class defines a metadata attribute (or ``__getattr__``) itself: as a
    method or property, a class attribute or descriptor, or a name in ``__slots__``."""
    managed = METADATA_ATTRIBUTES | {"__getattr__"}
    for statement in class_node.body:
        if isinstance(statement, FUNCTION_TYPES):
            if statement.name in managed:
                return True
            continue
        if isinstance(statement, ast.Assign):
            targets = statement.targets
            value: Optional[ast.expr] = statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if target.id in managed:
                return True
            if target.id == "__slots__" and value is not None:
                for node in ast.walk(value):
                    if isinstance(node, ast.Constant) and node.value in managed:
                        return True
    return False


def _declares_slots(class_node: ast.ClassDef) -> bool:
    return any(
        isinstance(statement, (ast.Assign, ast.AnnAssign))
        and any(
            isinstance(target, ast.Name) and target.id == "__slots__"
            for target in (
                statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            )
        )
        for statement in class_node.body
    )


def _forwarded_to_stored(call_method: FunctionNode, stored: set[str]) -> set[str]:
    """Which of ``*args`` / ``**kwargs`` ``__call__`` passes on to a stored attribute.

    A decorator's ``__call__`` must accept whatever the decorated function accepts; one
    with a fixed signature (``__call__(self, signum, frame)``) is a handler or a proxy
    with a protocol of its own. Returns a subset of ``{"*", "**"}``.
    """
    self_name = call_method.args.args[0].arg
    unchanged = scope_info(call_method).unchanged_params
    star = call_method.args.vararg.arg if call_method.args.vararg else None
    double_star = call_method.args.kwarg.arg if call_method.args.kwarg else None
    forwarded: set[str] = set()
    for node in ast.walk(call_method):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in stored
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == self_name
        ):
            if star in unchanged and passes_on(node, frozenset((star,))):
                forwarded.add("*")
            if double_star in unchanged and passes_on(node, frozenset((double_star,))):
                forwarded.add("**")
    return forwarded


#: Base classes that add no behaviour a decorator class could inherit metadata from.
_PLAIN_BASES = frozenset({"object", "Generic", "ABC", "Protocol"})


def _has_only_plain_bases(class_node: ast.ClassDef) -> bool:
    for base in class_node.bases:
        if isinstance(base, ast.Subscript):
            base = base.value
        if terminal_name(base) not in _PLAIN_BASES:
            return False
    return True
