"""What builds the instances of a class that stores a function: a function of the module
that takes the function alone and returns ``Class(function)``, applied with ``@`` in the
class's place, and whether it copies the function's metadata onto what it builds. WRP006
reads a class built that way as applied, and a copy there as the class's own.
"""

from __future__ import annotations

import ast
from typing import AbstractSet, Optional

from flake8_wraps.analysis.collect import Frame
from flake8_wraps.analysis.copies import copies_in_frame
from flake8_wraps.analysis.frames import positional_names
from flake8_wraps.analysis.names import is_name


def builders_by_class(frames: list[Frame]) -> dict[str, tuple[Frame, ...]]:
    """For each class, the module functions of one parameter that return
    ``Class(parameter)``: box's ``def api_call(method): return APICallWrapper(method)``,
    funsor's ``debug_logged`` (``return DebugLogged(fn)``); applied with ``@``, they apply
    the class. Read once a module, for every class that asks."""
    found: dict[str, list[Frame]] = {}
    for frame in frames:
        taken = positional_names(frame.node)
        if not frame.at_module_level or len(taken) != 1:
            continue
        built = {
            value.func.id
            for value in frame.returns
            if isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and any(isinstance(a, ast.Name) and a.id == taken[0] for a in value.args)
        }
        for class_name in built:
            found.setdefault(class_name, []).append(frame)
    return {class_name: tuple(builders) for class_name, builders in found.items()}


def calls_bound_to_names(frame: Frame) -> dict[str, ast.Call]:
    """``result = Dispatch(...)`` in the function's own statements, where it returns a name."""
    if not any(isinstance(value, ast.Name) for value in frame.returns):
        return {}
    return {
        target.id: assign.value
        for assign in frame.assigns
        for target in assign.targets
        if isinstance(target, ast.Name) and isinstance(assign.value, ast.Call)
    }


def passed_to_class(
    frame: Frame, class_name: str, function: str, parameters: list[str]
) -> Optional[tuple[str, Optional[str]]]:
    """The ``__init__`` parameter that ``Class(..., function, ...)``, returned by the
    frame (directly or through the name it is bound to, also given), passes the function
    as."""
    bound = calls_bound_to_names(frame)
    for returned in frame.returns:
        name = returned.id if isinstance(returned, ast.Name) else None
        value = bound.get(name, returned) if name is not None else returned
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == class_name
        ):
            continue
        for index, argument in enumerate(value.args):
            if is_name(argument, function) and index < len(parameters):
                return parameters[index], name
        for keyword in value.keywords:
            if keyword.arg in parameters and is_name(keyword.value, function):
                return keyword.arg, name
    return None


def returns_name(frame: Frame, name: str) -> bool:
    return any(is_name(value, name) for value in frame.returns)


def copying_builder(
    frames: list[Frame], class_node: ast.ClassDef, module_classes: AbstractSet[ast.ClassDef],
    parameters: list[str],
) -> Optional[str]:
    """A function of the module that builds the class from its one parameter, binds the
    instance to a name, copies that parameter's metadata onto it (``update_wrapper(built,
    func)``) and returns it: ecoscope-workflows' ``wrap(func)`` for lithops, whose local
    class stores the function. Whoever applies that function gets the metadata; the
    class's own ``__init__`` need not copy it."""
    for frame in frames:
        taken = positional_names(frame.node)[1 if frame.is_method else 0:]
        if len(taken) != 1:
            continue
        passed = passed_to_class(frame, class_node.name, taken[0], parameters)
        if (
            passed is not None
            and passed[1] is not None
            and builds_this_class(frame, class_node, module_classes)
            and copies_in_frame(frame, passed[1], taken[0])
        ):
            return frame.node.name
    return None


def builds_this_class(
    frame: Frame, class_node: ast.ClassDef, module_classes: AbstractSet[ast.ClassDef]
) -> bool:
    """Whether the class's name, called in ``frame``, builds this class and not another
    of the same name: two decorators of a module may each define a local ``Wrapper``, and
    what one builder does for its own says nothing of the other's. The nearest function
    around that defines a class of that name decides; where none does, the module's
    class of that name, if it has one."""
    name = class_node.name
    scope: Optional[Frame] = frame
    while scope is not None:
        defined = scope.local_classes.get(name) if scope.local_classes else None
        if defined:
            return class_node in defined
        scope = scope.parent
    module_level = [c for c in module_classes if c.name == name]
    return not module_level or class_node in module_level
