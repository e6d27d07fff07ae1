"""The one table of flake8-wraps codes: name, message and fix safety of every rule.

Codes, names and message fields are part of the public interface: a retired code stays in
this table (marked retired) and is never reused. The README's table of codes is checked
against this one by a test, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import NamedTuple

#: The project's page; each rule's documentation is its page under docs/rules there
#: (``flake8_wraps.docs.documentation_url``).
PROJECT_URL = "https://github.com/flake8-wraps/flake8-wraps"


class Rule(NamedTuple):
    """One rule: what it is called, what it says, and how safely it can be fixed."""

    code: str
    #: kebab-case name that states the bad thing.
    name: str
    #: ``str.format`` template; its named fields are filled from a finding's fields.
    #: Short: under 120 characters with the code for usual names (``tests/test_messages.py``).
    message: str
    #: ``"safe"`` or ``"unsafe"``: whether ``flake8-wraps fix`` applies it by default;
    #: ``"depends"`` where each finding's fix says (``Fix.safe``, decided by
    #: ``fix_safety``); ``"none"`` where the fix belongs to another finding (the
    #: decorator's WRP001), or where only a person can write it (WRP103's async variant
    #: of a wrapper).
    fix: str
    #: What the message leaves out, shown by ``--show-source`` (same fields); the rule's
    #: documentation says the rest.
    detail: str = ""


#: Every rule, in code order. One code may have several variants (WRP004), each with its
#: own name, message and fix safety.
RULES: tuple[Rule, ...] = (
    Rule(
        "WRP001",
        "missing-wraps",
        "{kind} '{decorator}' returns '{wrapper}' without @functools.wraps({wrapped}):"
        " {wrapped}'s name and docstring are lost",
        "depends",
        "'{wrapper}' replaces the decorated function's name, qualified name, docstring,"
        " signature and __wrapped__; add @functools.wraps({wrapped}) above 'def {wrapper}'",
    ),
    Rule(
        "WRP001",
        "half-copied-metadata",
        "{kind} '{decorator}' copies {copied} onto '{wrapper}' by hand; {lost} lost",
        "depends",
        "a copy by hand must set __name__, __qualname__, __doc__, __module__ and"
        " __wrapped__; add @functools.wraps({wrapped}) above 'def {wrapper}' (it makes the"
        " plain copies from {wrapped} redundant)",
    ),
    Rule(
        "WRP002",
        "discarded-wraps-call",
        "{call} is a bare statement that copies nothing; decorate the wrapper with @{call}",
        "safe",
        "{call} builds a decorator and throws it away",
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
        "{call} is backwards; write {fixed_call}",
        "safe",
        "its arguments are reversed: it copies the metadata of '{wrapper}' onto '{wrapped}'",
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
        "decorator '{decorator}' returns a lambda calling '{wrapped}'; use a def with"
        " @functools.wraps({wrapped})",
        "unsafe",
        "a lambda cannot carry the name, docstring and signature of '{wrapped}'",
    ),
    Rule(
        "WRP006",
        "class-decorator-missing-update-wrapper",
        "class-based decorator '{decorator}' drops the metadata of '{wrapped}': call"
        " update_wrapper(self, {wrapped}) in __init__",
        "safe",
        "'{decorator}' instances stand in for '{wrapped}' without its name and docstring;"
        " call functools.update_wrapper(self, {wrapped}) in __init__",
    ),
    Rule(
        "WRP006",
        "class-decorator-half-copied-metadata",
        "class-based decorator '{decorator}' copies {copied} of '{wrapped}' by hand;"
        " {lost} lost",
        "unsafe",
        "call functools.update_wrapper(self, {wrapped}) in __init__ (the lines that set"
        " metadata by hand may stay)",
    ),
    Rule(
        "WRP006",
        "descriptor-decorator-missing-update-wrapper",
        "descriptor '{decorator}' drops the docstring and name of '{wrapped}': call"
        " update_wrapper(self, {wrapped}) in __init__",
        "unsafe",
        "'{decorator}' instances take the place of '{wrapped}' in its class; help() shows"
        " their own docstring; call functools.update_wrapper(self, {wrapped}) in __init__",
    ),
    Rule(
        "WRP007",
        "possible-missing-wraps",
        "{kind} '{decorator}' returns '{wrapper}' without @functools.wraps({wrapped}):"
        " {wrapped}'s name and docstring are lost",
        "unsafe",
        "the evidence that '{wrapper}' stands in for '{wrapped}' is weaker than WRP001's"
        " (flake8-wraps explain says why); if it does, add @functools.wraps({wrapped})"
        " above 'def {wrapper}'",
    ),
    Rule(
        "WRP007",
        "possible-half-copied-metadata",
        "{kind} '{decorator}' copies {copied} onto '{wrapper}' by hand; {lost} lost",
        "unsafe",
        "the evidence that '{wrapper}' stands in for '{wrapped}' is weaker than WRP001's"
        " (flake8-wraps explain says why); a copy by hand must set __name__, __qualname__,"
        " __doc__, __module__ and __wrapped__",
    ),
    Rule(
        "WRP007",
        "possible-lambda-wrapper",
        "decorator '{decorator}' returns a lambda calling '{wrapped}'; use a def with"
        " @functools.wraps({wrapped})",
        "unsafe",
        "the evidence that the lambda stands in for '{wrapped}' is weaker than WRP005's"
        " (flake8-wraps explain says why)",
    ),
    Rule(
        "WRP101",
        "colliding-registrations",
        "'{function}' and '{other}' both become {kind} '{name}' on {registry} through"
        " @{decorator} ({where})",
        "none",
        "{consequence}",
    ),
    Rule(
        "WRP102",
        "damaged-registration",
        "{framework} sees the wrapper of @{decorator} ({where}) instead of '{function}'",
        "none",
        "{consequence}",
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

#: Codes off by default, as flake8-bugbear keeps its opinionated B9 codes: reported only
#: when selected by name or by a prefix (``--extend-select WRP007``, ``--select WRP``).
OFF_BY_DEFAULT: tuple[str, ...] = ("WRP007",)
