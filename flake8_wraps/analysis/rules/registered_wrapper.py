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
from flake8_wraps.analysis.frames import applied_level, returns_name
from flake8_wraps.analysis.rules.missing_wraps import spelled
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
            found, _ = self.registered_verdict(frame, closure, registrar, params)
            if found is not None:
                yield found

    def registered_verdict(
        self, frame: Frame, closure: FunctionNode, registrar: str, params: frozenset[str]
    ) -> tuple[Optional[Finding], str]:
        """The finding on a registered closure, or None and why not (``explain``). Most
        closures handed to a call are callbacks: the cheap tests come before the decision."""
        applied = applied_level(frame)
        if self._name_applied_here(frame) is None and self._name_applied_elsewhere(frame) is None:
            # A callback handed to an event loop or a widget (turtle's ``eventfun``,
            # bokeh's ``add_next_tick_callback``): no decorator, and nobody looks it up by
            # name. Over the site folders of stop 87 such closures were no wrappers.
            return None, f"'{applied.node.name}' is applied with @ nowhere in sight"
        if not any(
            type(node) is ast.Call and type(node.func) is ast.Name and node.func.id in params
            for node in ast.walk(closure)
        ):
            return None, f"'{closure.name}' calls no parameter of '{frame.node.name}'"
        judgement = self.judge(frame, closure, params)
        wrapped = judgement.wrapped
        if wrapped is None or judgement.loss_documented:
            return None, "the decision finds no function it stands in for"
        possible = judgement.is_possible_wrapper
        if not (judgement.is_wrapper or possible):
            return None, "the evidence is below WRP007's threshold"
        if not _STANDS_IN & {signal.name for signal in judgement.signals}:
            # a runner (pystray's test ``setup`` calls ``f()``): no stand-in
            return None, f"'{closure.name}' does not call '{wrapped}' with its own arguments"
        return finding(
            closure,
            "possible-registered-without-wraps" if possible else "registered-without-wraps",
            Fix(
                "decorate", closure.lineno, closure.name, wrapped, False,
                innermost=registrar.startswith("@"),
            ),
            decorator=spelled(self.module.tree, applied),
            wrapper=closure.name,
            wrapped=wrapped,
            registrar=registrar,
        ), "reported"


#: How a stand-in calls the function: with the arguments it is given, or some derived.
_STANDS_IN = frozenset(
    {"forwards-everything", "forwards-star-args", "stands-in", "derived-arguments"}
)


def registrations(frame: Frame) -> dict[str, str]:
    """The closures of ``frame`` it hands to a call, stores in a subscript or decorates
    with a method's call (``@app.route(path)``), and does not return, by name, with what
    takes them (``app.add_url_rule()``, ``HANDLERS[...]``): a registration. A call that
    names what it registers (``endpoint=``, ``name=``) does not count: the registry then
    knows the function by that name (a hostile pass of stop 87)."""
    local = frame.local_defs
    if not local or all(returns_name(frame, name) for name in local):
        return {}  # a decorator's own closures are returned: none is left to register
    found: dict[str, str] = {}
    for call in frame.calls:
        handed = [
            value.id
            for value in (*call.args, *(keyword.value for keyword in call.keywords))
            if type(value) is ast.Name and value.id in local
        ]
        if not handed:
            continue  # most calls hand on no local def: looked at no further
        callee = dotted_source(call.func)
        if callee is None or callee in local or callee == "setattr":
            continue  # ``setattr(obj, name, closure)`` installs it: ``installed_wrapper``
        if any(keyword.arg in _NAMING_KEYWORDS for keyword in call.keywords):
            continue
        for name in handed:
            found.setdefault(name, f"{callee}()")
    for assign in frame.assigns:
        value = assign.value
        if not (type(value) is ast.Name and value.id in local):
            continue
        for target in assign.targets:
            if isinstance(target, ast.Subscript):
                owner = dotted_source(target.value)
                if owner is not None:
                    found.setdefault(value.id, f"{owner}[...]")
    for name, defs in frame.local_defs.items():
        for decorator in defs[-1].decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr not in _TRANSFORMERS
                and not any(keyword.arg in _NAMING_KEYWORDS for keyword in decorator.keywords)
            ):
                owner = dotted_source(decorator.func)
                if owner is not None:
                    found.setdefault(name, f"@{owner}()")
    return {name: how for name, how in found.items() if not returns_name(frame, name)}


#: Decorators that change a function and give it back, registering nothing
#: (``@functools.lru_cache(maxsize)`` on discogs_alert's ``_new``).
_TRANSFORMERS = frozenset({
    "lru_cache", "cache", "cached", "memoize", "wraps", "contextmanager",
    "asynccontextmanager", "jit", "njit", "retry", "timeout", "partial",
})

#: Keywords by which a registration names what it registers.
_NAMING_KEYWORDS = frozenset({"endpoint", "name"})
