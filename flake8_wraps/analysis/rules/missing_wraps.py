"""WRP001 and WRP007: a returned closure that the decision calls a wrapper, without
``@functools.wraps``, or with a half copy by hand; and WRP004's ``@wraps`` that copies from
another object than the function the wrapper calls."""

from __future__ import annotations

import ast
from typing import Optional

from flake8_wraps.analysis.claimed_signature import claimed_parameters_reason
from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.collect import Frame
from flake8_wraps.analysis.copies import copied_and_lost_text, plainly_copied, set_by_hand
from flake8_wraps.analysis.decision import Decision
from flake8_wraps.analysis.evidence import Judgement, decide
from flake8_wraps.analysis.findings import Finding, Fix, finding, short_source, wraps_source
from flake8_wraps.analysis.fix_safety import FixSafety, decorate_safety, forwards_its_arguments
from flake8_wraps.analysis.frames import (
    applied_level, supplied_first, supplied_keywords, takes_any_arguments,
)
from flake8_wraps.analysis.helper_copies import helper_half_copy
from flake8_wraps.analysis.names import dotted_source, terminal_name


class MissingWraps(Decision):
    """WRP001 (WRP007 on weaker evidence), and WRP004's wrong source."""

    __slots__ = ()

    def _missing_wraps(
        self, frame: Frame, wrapper: FunctionNode, params: frozenset[str]
    ) -> Optional[Finding]:
        judgement = self.judge(frame, wrapper, params)
        wrapped = judgement.wrapped
        if wrapped is None:
            return None
        wrong_source = [s for s in judgement.signals if s.name == "wraps-wrong-source"]
        if wrong_source:
            others = tuple(s for s in judgement.signals if s.name != "wraps-wrong-source")
            if not decide(others):
                return None
            decorator = next(
                d
                for d in wrapper.decorator_list
                if isinstance(d, ast.Call) and self._is_wraps(d.func)
            )
            spelling = dotted_source(decorator.func) or "functools.wraps"
            return finding(
                decorator,
                "wraps-wrong-source",
                Fix("replace-decorator", decorator.lineno, spelling, wrapped, False),
                spelling=spelling,
                source=short_source(wraps_source(decorator)),  # type: ignore[arg-type]
                wrapper=wrapper.name,
                wrapped=wrapped,
            )
        possible = judgement.is_possible_wrapper
        if not (judgement.is_wrapper or possible):
            return None
        by_hand = {"half-copy", "named-on-purpose"} & {s.name for s in judgement.signals}
        copied_by_hand = (
            set_by_hand(frame, wrapper.name, wrapped, self._constants_named(frame))
            if by_hand
            else None
        )
        by_helper = (
            helper_half_copy(
                self.module, frame, wrapper.name, wrapped, self._constants_named(frame)
            )
            if any(signal.name == "half-copy-by-helper" for signal in judgement.signals)
            else None
        )
        if not possible:
            supplies = supplied_keywords(wrapper, wrapped)
            identity = {"__name__", "__module__"}
            kept = plainly_copied(frame, wrapper.name, wrapped, identity) | (
                by_helper.copied & identity if by_helper else set()
            )
            if copied_by_hand and "__name__" in copied_by_hand[0] | copied_by_hand[1]:
                # ``f"logged_{func.__name__}"``, ``wrapper.__name__ = name``: a name of
                # its own, which may or may not tell two functions apart
                if "__name__" not in kept:
                    kept.add("?__name__")
            # What frameworks read besides the name: the signature (FastAPI, pytest) and
            # attributes such as click's ``__click_params__``.
            kept |= (copied_by_hand[0] if copied_by_hand else set()) & {
                "__signature__", "__dict__"
            }
            self._damaging.append((
                frame, wrapper.name, takes_any_arguments(wrapper), supplies,
                supplied_first(wrapper, wrapped), tuple(sorted(kept)),
            ))
        if judgement.loss_documented:
            return None
        applied = applied_level(frame)
        # A possible wrapper's fix is unsafe whatever the module holds: its module-wide
        # reasons (a source reader, the applications) are left to ``explain``.
        safety = self.decorate_safety_of(frame, wrapper, wrapped, judgement, not possible)
        fix = Fix(
            "decorate", wrapper.lineno, wrapper.name, wrapped, safety.safe, removed=safety.removed
        )
        rule, fields = "missing-wraps", {}
        if copied_by_hand is not None:
            copied, set_otherwise, _, _ = copied_by_hand
            copied_text, lost_text = copied_and_lost_text(copied, set_otherwise)
            rule, fields = "half-copied-metadata", {"copied": copied_text, "lost": lost_text}
            if "named-on-purpose" in by_hand:
                # Named by hand on purpose: wraps would keep that name (the line runs after
                # it) but bring the qualified name and __wrapped__ the author left out.
                rule, fields = "renamed-without-wraps", {"lost": lost_text}
                fix = fix._replace(safe=False)
        if by_helper is not None:
            copied_text, _ = by_helper.texts()
            rule, fix = "helper-copied-metadata", fix._replace(safe=False)
            fields = {"copied": copied_text, "lost": by_helper.lost(), "helper": by_helper.helper}
        if possible:
            # The same finding on weaker evidence: off by default, and its fix is unsafe.
            rule, fix = f"possible-{rule}", fix._replace(safe=False)
        return finding(
            wrapper,
            rule,
            fix,
            kind="decorator" if _named_a_decorator(judgement, applied is not frame) else "function",
            wrapper=wrapper.name,
            decorator=spelled(self.module.tree, applied),
            wrapped=wrapped,
            **fields,
        )

    def decorate_safety_of(
        self,
        frame: Frame,
        wrapper: FunctionNode,
        wrapped: str,
        judgement: Judgement,
        module_wide: bool = True,
    ) -> FixSafety:
        """``decorate_safety``, with what the module shows of where it is applied: to a
        class, however its parameter is named (``@log_calls class X``: wraps would copy
        the class's attributes and signature), or above a decorator that marks the
        function in its ``__dict__``, which wraps copies (``@abstractmethod``: a class
        that could be made became abstract; ``@mock.patch``: the mocks came in another
        order; both found by a hostile pass). Without ``module_wide``, what the factory
        shows alone: enough for the lines a fix removes, not for calling the fix safe."""
        of_a_class = any(
            signal.name == "replaces-a-class" for signal in judgement.signals
        ) or self._replaces_a_class(frame) is not None
        if not module_wide:
            safety = decorate_safety(frame.node, wrapper, wrapped, of_a_class)
            return safety._replace(safe=False)
        safety = decorate_safety(frame.node, wrapper, wrapped, of_a_class, self.module)
        applied, marked = self._applications(frame)
        reasons = list(safety.reasons)
        claimed = claimed_parameters_reason(wrapper, wrapped, applied)
        if claimed is not None and forwards_its_arguments(wrapper, wrapped):
            reasons.append(claimed)  # (else the reason that it does not is given already)
        if marked is not None:
            reasons.append(
                f"it is applied above @{marked}, whose mark on the function wraps would"
                f" copy onto '{wrapper.name}' through __dict__"
            )
        return safety._replace(safe=not reasons, reasons=tuple(reasons))

    def _applications(self, frame: Frame) -> tuple[list[FunctionNode], Optional[str]]:
        """The functions this module applies the decorator ``frame``'s function makes
        (or its factory) to, and the first decorator of ``_MARKERS`` it applies directly
        below it, if any. The module's applications are indexed once: asked of every
        finding, a walk each time made a file of 3,000 decorators four times slower."""
        if self._applications_by_name is None:
            index: dict[str, list[tuple[FunctionNode, Optional[str]]]] = {}
            for function, _, _ in self.module.decorated:
                decorators = function.decorator_list
                for position, decorator in enumerate(decorators):
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    name = terminal_name(target)
                    if name is not None:
                        index.setdefault(name, []).append(
                            (function, _first_marker(decorators[position + 1:]))
                        )
            self._applications_by_name = index
        applied: list[FunctionNode] = []
        marked: Optional[str] = None
        for function in self._decorator_candidates(frame):
            for decorated, marker in self._applications_by_name.get(function.name, ()):
                applied.append(decorated)
                marked = marked or marker
        return applied, marked


def _first_marker(decorators: list[ast.expr]) -> Optional[str]:
    """The first of ``decorators`` that is one of ``_MARKERS``, as written."""
    for decorator in decorators:
        text = dotted_source(decorator.func if isinstance(decorator, ast.Call) else decorator)
        if text is not None and _MARKERS & set(text.split(".")):
            return text
    return None


#: Decorators that mark the function in its ``__dict__`` for a reader: abc's, mock's.
_MARKERS = frozenset({"abstractmethod", "abstractproperty", "patch"})


def spelled(tree: ast.Module, frame: Frame) -> str:
    """The decorator's name as the message gives it: ``Timer.__call__`` for a special
    method (``'__call__' returns 'wrapper'`` says nothing of which class), else its name."""
    name = frame.node.name
    if not (frame.is_method and name.startswith("__") and name.endswith("__")):
        return name
    owner = _owner(tree, frame.node)
    return name if owner is None else f"{owner.name}.{name}"


def _owner(tree: ast.Module, method: FunctionNode) -> Optional[ast.ClassDef]:
    """The class whose body defines ``method``, found without entering expressions."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if child is method:
                return node if isinstance(node, ast.ClassDef) else None
            if not isinstance(child, ast.expr):  # statements, handlers, match cases
                stack.append(child)
    return None


#: Signals that say the function is a decorator, for the word the message uses.
_DECORATOR_EVIDENCE = frozenset(
    {
        "decorator-name",
        "decorator-docstring",
        "class-docstring",
        "function-parameter",
        "applied-here",
        "applied-in-project",
    }
)


def _named_a_decorator(judgement: Judgement, is_a_factory: bool) -> bool:
    """Whether WRP001 calls the function a decorator, or a plain 'function' (``__getattr__``
    handing out a stand-in for an attribute decorates nothing)."""
    names = {s.name for s in judgement.signals}
    if "proxies-an-attribute" in names:
        return False
    return is_a_factory or bool(names & _DECORATOR_EVIDENCE)
