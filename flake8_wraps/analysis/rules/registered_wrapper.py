"""WRP001 and WRP007 on a closure that a decorator registers instead of returning: the
decorator hands its wrapper to a framework (``app.add_url_rule(path, view_func=wrapper)``,
``dp.register_message_handler(new_func)``, ``HANDLERS[name] = wrapper``) and returns the
function itself, or nothing. The framework then knows the function by the wrapper's name:
Flask's endpoints collide (``View function mapping is overwriting an existing endpoint
function: wrapper``), a bot's handlers all log as ``new_func``.

The decision is the returned closure's (``evidence``): the same signals and thresholds, as
if the registration were the return. Its fix is never safe: what the registry reads from
the wrapper is out of sight.
"""

from __future__ import annotations

import ast
from typing import Iterator, Optional

from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.collect import Frame
from flake8_wraps.analysis.decision import Decision
from flake8_wraps.analysis.findings import Finding, Fix, finding
from flake8_wraps.analysis.frames import returns_name
from flake8_wraps.analysis.names import dotted_source


class RegisteredWrappers(Decision):
    """WRP001 (WRP007 on weaker evidence) on closures a decorator registers, not returns."""

    __slots__ = ()

    def _registered_wrappers(self, frame: Frame) -> Iterator[Finding]:
        registered = registrations(frame)
        if not registered:
            return
        params = self._parameters(frame)
        if not params:
            return
        for name, registrar in registered.items():
            closure = frame.local_defs[name][-1]
            if returns_name(frame, name):
                continue  # the returned closure's own decision (``missing_wraps``) holds
            found = self._registered_finding(frame, closure, registrar, params)
            if found is not None:
                yield found

    def _registered_finding(
        self, frame: Frame, closure: FunctionNode, registrar: str, params: frozenset[str]
    ) -> Optional[Finding]:
        judgement = self.judge(frame, closure, params)
        wrapped = judgement.wrapped
        if wrapped is None or judgement.loss_documented:
            return None
        possible = judgement.is_possible_wrapper
        if not (judgement.is_wrapper or possible):
            return None
        if not _STANDS_IN & {signal.name for signal in judgement.signals}:
            return None  # a runner (pystray's test ``setup`` calls ``f()``): no stand-in
        if self._name_applied_here(frame) is None and self._name_applied_elsewhere(frame) is None:
            # A callback handed to an event loop or a widget (turtle's ``eventfun``,
            # bokeh's ``add_next_tick_callback``): no decorator, and nobody looks it up by
            # name. Over the site folders of stop 87 such closures were no wrappers.
            return None
        applied = frame  # a factory's message names what the user applies: @route("/")
        while applied.parent is not None and returns_name(applied.parent, applied.node.name):
            applied = applied.parent
        return finding(
            closure,
            "possible-registered-without-wraps" if possible else "registered-without-wraps",
            Fix("decorate", closure.lineno, closure.name, wrapped, False),
            decorator=applied.node.name,
            wrapper=closure.name,
            wrapped=wrapped,
            registrar=registrar,
        )


#: How a stand-in calls the function: with the arguments it is given, or some derived.
_STANDS_IN = frozenset(
    {"forwards-everything", "forwards-star-args", "stands-in", "derived-arguments"}
)


def registrations(frame: Frame) -> dict[str, str]:
    """The closures of ``frame`` it hands to a call or stores in a subscript, by name, with
    what takes them (``app.add_url_rule()``, ``HANDLERS[...]``): a registration."""
    if not frame.local_defs:
        return {}
    found: dict[str, str] = {}
    for call in frame.calls:
        callee = dotted_source(call.func)
        if callee is None or callee in frame.local_defs or callee == "setattr":
            continue  # ``setattr(obj, name, closure)`` installs it: ``installed_wrapper``
        values = [*call.args, *(keyword.value for keyword in call.keywords)]
        for value in values:
            if isinstance(value, ast.Name) and value.id in frame.local_defs:
                found.setdefault(value.id, f"{callee}()")
    for assign in frame.assigns:
        value = assign.value
        if not (isinstance(value, ast.Name) and value.id in frame.local_defs):
            continue
        for target in assign.targets:
            if isinstance(target, ast.Subscript):
                owner = dotted_source(target.value)
                if owner is not None:
                    found.setdefault(value.id, f"{owner}[...]")
    return found
