"""What a function copies by hand onto the closure it returns: which metadata attributes,
from where, and what a half copy still loses."""

from __future__ import annotations

import ast
from typing import Iterator

from flake8_wraps.analysis.closures import mentions, parameter_names
from flake8_wraps.analysis.collect import Frame
from flake8_wraps.analysis.evidence import COPIED_BY_HAND, HELPER, STRONG_SHAPE, Signal
from flake8_wraps.analysis.frames import mentions_any
from flake8_wraps.analysis.names import terminal_name

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
    }
)


def metadata_set_on_first(frame: Frame) -> frozenset[str]:
    """The metadata attributes the function assigns on its first parameter."""
    positional = [*frame.node.args.posonlyargs, *frame.node.args.args]
    if not positional:
        return frozenset()
    first = positional[0].arg
    return frozenset(
        target.attr
        for assign in frame.assigns
        for target in assign.targets
        if isinstance(target, ast.Attribute)
        and target.attr in METADATA_ATTRIBUTES
        and isinstance(target.value, ast.Name)
        and target.value.id == first
    )


#: The metadata that ``functools.wraps`` copies and a hand-made copy must not leave out.
_IDENTITY_ATTRIBUTES = ("__name__", "__qualname__", "__doc__", "__module__", "__wrapped__")


def set_by_hand(
    frame: Frame, wrapper: str, wrapped: str
) -> tuple[set[str], set[str], bool, bool]:
    """The metadata attributes the function sets on the closure: those copied from
    ``wrapped``, those set to something else, whether a ``setattr`` loop copies them, and
    whether something is taken from another parameter (a mixed identity, on purpose)."""
    copied: set[str] = set()
    others: set[str] = set()
    # ``func_name = func.__name__`` ... ``call.__name__ = func_name`` copies too; a name
    # made from it (``f"<{fn.__name__} on fileno>"``) is a new one.
    sources = {wrapped}
    for assign in frame.assigns:
        if _is_attribute_of(assign.value, wrapped):
            sources.update(t.id for t in assign.targets if isinstance(t, ast.Name))
    sources.discard(wrapper)
    other_parameters = frozenset(parameter_names(frame.node.args)) - {wrapped}
    mixed = False
    # ``_ensured.__name__ = f"{fun.__name__}(ensured)"`` beside ``__doc__`` copied from
    # ``fun``: a copy with a marked name (kombu), not a name of its own.
    renamed: set[str] = set()
    for assign in frame.assigns:
        for target in assign.targets:
            if isinstance(target, ast.Subscript):
                target = target.value  # ``wrapper.__annotations__["return"] = ...``
            if (
                isinstance(target, ast.Attribute)
                and target.attr in METADATA_ATTRIBUTES
                and isinstance(target.value, ast.Name)
                and target.value.id == wrapper
            ):
                value = assign.value
                is_copy = _is_attribute_of(value, wrapped) or (
                    isinstance(value, ast.Name) and value.id in sources
                )
                if is_copy:
                    copied.add(target.attr)
                elif target.attr in ("__name__", "__qualname__") and mentions_any(value, sources):
                    renamed.add(target.attr)
                else:
                    others.add(target.attr)
                mixed = mixed or mentions_any(value, other_parameters)
    (copied if copied else others).update(renamed)
    loop = any(
        terminal_name(call.func) == "setattr"
        and call.args
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == wrapper
        and any(mentions(argument, wrapped) for argument in call.args[1:])
        for call in frame.calls
    )
    return copied, others, loop, mixed


def _is_attribute_of(value: ast.expr, name: str) -> bool:
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


def manual_copy_signal_tuple(frame: Frame, wrapper: str, wrapped: str) -> tuple[Signal, ...]:
    return tuple(_manual_copy_signals(frame, wrapper, wrapped))


def _manual_copy_signals(frame: Frame, wrapper: str, wrapped: str) -> Iterator[Signal]:
    """What the function sets by hand on the closure, and what a hand-made copy leaves out.

    A complete copy (every attribute ``functools.wraps`` sets, or a ``setattr`` loop over
    them) and a new name (``wrapper.__name__ = name``) are deliberate: silence. A signature
    set by hand weighs strongly against a wrapper. A half copy (``wrapper.__doc__ =
    func.__doc__``) or a docstring of its own still loses the name and qualname: it is
    reported, and says what is lost.
    """
    copied, others, loop, mixed = set_by_hand(frame, wrapper, wrapped)
    if loop or all(attribute in copied for attribute in _IDENTITY_ATTRIBUTES):
        yield Signal("copied-by-hand", None, f"the metadata of '{wrapped}' is copied by hand")
    elif mixed:
        yield Signal(
            "identity-from-another", None, "its metadata is taken from another parameter"
        )
    elif others & {"__name__", "__qualname__"}:
        yield Signal("named-on-purpose", None, f"'{wrapper}' is given a name of its own")
    elif others & {"__signature__", "__annotations__", "__dict__"}:
        yield Signal(
            "signature-by-hand", STRONG_SHAPE, f"the signature of '{wrapper}' is set by hand"
        )
    elif copied:
        copied_text, lost_text = copied_and_lost_text(copied)
        yield Signal(
            "half-copy",
            COPIED_BY_HAND,
            f"it copies {copied_text} by hand; {lost_text} still lost",
        )
    elif others:
        yield Signal(
            "docstring-set", HELPER, "its docstring is set by hand; its qualified name is lost"
        )


def copied_and_lost_text(copied: set[str]) -> tuple[str, str]:
    """``("__name__ and __doc__", "__qualname__, __module__ and __wrapped__ are")``."""
    lost = [attribute for attribute in _IDENTITY_ATTRIBUTES if attribute not in copied]
    ordered = [a for a in _IDENTITY_ATTRIBUTES if a in copied]
    ordered.extend(sorted(copied - set(_IDENTITY_ATTRIBUTES)))
    verb = "is" if len(lost) == 1 else "are"
    return _and_list(ordered), f"{_and_list(lost)} {verb}"


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
