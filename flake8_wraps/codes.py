"""The one table of flake8-wraps codes: name, message and fix safety of every rule.

Codes, names and message fields are part of the public interface: a retired code stays in
this table (marked retired) and is never reused. The README's table of codes is checked
against this one by a test, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    """One rule: what it is called, what it says, and how safely it can be fixed."""

    code: str
    #: kebab-case name that states the bad thing.
    name: str
    #: ``str.format`` template; its named fields are filled from a finding's fields.
    message: str
    #: ``"safe"`` or ``"unsafe"``: whether ``flake8-wraps fix`` applies it by default;
    #: ``"none"`` where the fix belongs to another finding (the decorator's WRP001), or
    #: where only a person can write it (WRP103's async variant of a wrapper).
    fix: str


#: Every rule, in code order. One code may have several variants (WRP004), each with its
#: own name, message and fix safety.
RULES: tuple[Rule, ...] = (
    Rule(
        "WRP001",
        "missing-wraps",
        "'{wrapper}' is returned by decorator '{decorator}' without"
        " @functools.wraps({wrapped}): it replaces the decorated function's name,"
        " docstring and signature",
        "safe",
    ),
    Rule(
        "WRP002",
        "discarded-wraps-call",
        "{call} is a bare statement: it builds a decorator and throws it away, so"
        " nothing is copied; decorate the wrapper with @{call} instead",
        "safe",
    ),
    Rule(
        "WRP003",
        "wraps-without-arguments",
        "@{spelling} without arguments turns '{wrapper}' into a functools.partial"
        " object; write @{spelling}({wrapped})",
        "safe",
    ),
    Rule(
        "WRP004",
        "reversed-update-wrapper",
        "{call} has its arguments reversed: it copies the metadata of '{wrapper}' onto"
        " '{wrapped}'; write {fixed_call}",
        "safe",
    ),
    Rule(
        "WRP004",
        "wraps-wrong-source",
        "@{spelling}({source}) copies the metadata of the wrong object: '{wrapper}'"
        " stands in for '{wrapped}'; write @{spelling}({wrapped})",
        "unsafe",
    ),
    Rule(
        "WRP005",
        "lambda-wrapper",
        "decorator '{decorator}' returns a lambda that calls '{wrapped}': a lambda"
        " cannot carry its name, docstring and signature; use a def with"
        " @functools.wraps({wrapped})",
        "unsafe",
    ),
    Rule(
        "WRP006",
        "class-decorator-missing-update-wrapper",
        "class-based decorator '{decorator}' keeps '{wrapped}' without copying its"
        " metadata: call functools.update_wrapper(self, {wrapped}) in __init__",
        "safe",
    ),
    Rule(
        "WRP101",
        "colliding-registrations",
        "'{function}' and '{other}' both become {kind} '{name}' on {registry} through"
        " @{decorator} ({where}): {consequence}",
        "none",
    ),
    Rule(
        "WRP102",
        "damaged-registration",
        "{framework} sees the wrapper of @{decorator} ({where}) instead of '{function}':"
        " {consequence}",
        "none",
    ),
    Rule(
        "WRP103",
        "plain-wrapper-on-coroutine-function",
        "@{decorator} ({where}) returns the plain def '{wrapper}', which calls coroutine"
        " function '{function}' without awaiting it: '{function}' is no longer a coroutine"
        " function (inspect.iscoroutinefunction is False), and what '{wrapper}' does around"
        " the call runs when the coroutine is created, not while it runs; make '{wrapper}'"
        " an async def that awaits {wrapped}(...), or return one chosen with"
        " inspect.iscoroutinefunction({wrapped})",
        "none",
    ),
)

#: Rules by their unique kebab-case name: what the analysis refers to.
RULE_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
