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
    #: Short: under 120 characters with the code for usual names, the rest in ``detail``
    #: (``tests/test_helpful_messages.py``).
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
    #: What the rule finds, in general (no fields): SARIF's rule description.
    summary: str = ""


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
        summary="A decorator returns a wrapper without @functools.wraps(func): the decorated"
        " function's name, docstring, signature and __wrapped__ are lost.",
    ),
    Rule(
        "WRP001",
        "half-copied-metadata",
        "{kind} '{decorator}' copies only {copied} by hand; {lost} lost",
        "depends",
        "a copy by hand must set __name__, __qualname__, __doc__, __module__ and"
        " __wrapped__; add @functools.wraps({wrapped}) above 'def {wrapper}' (it makes the"
        " plain copies from {wrapped} redundant)",
        summary="A decorator copies some of the metadata onto its wrapper by hand and loses"
        " the rest.",
    ),
    Rule(
        "WRP001",
        "helper-copied-metadata",
        "{kind} '{decorator}' copies metadata with {helper}(), which loses {lost}",
        "unsafe",
        "{helper}() copies only {copied} onto '{wrapper}'; make it set the rest as"
        " functools.update_wrapper does, or add @functools.wraps({wrapped}) above"
        " 'def {wrapper}'",
        summary="A decorator copies some of the metadata onto its wrapper with a helper of"
        " its own, and loses the rest.",
    ),
    Rule(
        "WRP001",
        "renamed-without-wraps",
        "{kind} '{decorator}' gives '{wrapper}' a name of its own; {lost} lost",
        "unsafe",
        "'{wrapper}' is named by hand, not by @functools.wraps({wrapped}); add"
        " @functools.wraps({wrapped}) above 'def {wrapper}': the line that names it runs"
        " after, and keeps the name",
        summary="A decorator names its wrapper by hand instead of copying the function's"
        " metadata: the docstring, module, qualified name and __wrapped__ are lost.",
    ),
    Rule(
        "WRP001",
        "installed-without-wraps",
        "'{wrapper}' replaces {place} without @functools.wraps({wrapped}): {lost} lost",
        "depends",
        "'{wrapper}' is set in place of {place} and calls its old value '{wrapped}': callers,"
        " help() and inspect.signature() see '{wrapper}'; add @functools.wraps({wrapped})"
        " above 'def {wrapper}'{order}",
        summary="A class decorator, __init_subclass__ or a patch sets a function in place of"
        " a method it calls, without @functools.wraps: the method's name, docstring and"
        " signature are lost.",
    ),
    Rule(
        "WRP001",
        "registered-without-wraps",
        "'{wrapper}' of '{decorator}' is registered with {registrar} without"
        " @functools.wraps({wrapped})",
        "unsafe",
        "{registrar} is given '{wrapper}', whose name and docstring are its own, not the"
        " decorated function's; add @functools.wraps({wrapped}) above 'def {wrapper}'",
        summary="A decorator registers a wrapper with a framework or a registry, not"
        " returning it, without @functools.wraps(func): the registry sees the wrapper's name"
        " and docstring.",
    ),
    Rule(
        "WRP002",
        "discarded-wraps-call",
        "{call} is a bare statement that copies nothing; decorate the wrapper with @{suggested}",
        "depends",
        "{call} builds a decorator and throws it away",
        summary="functools.wraps(func) called as a bare statement: it builds a decorator and"
        " copies nothing.",
    ),
    Rule(
        "WRP002",
        "redundant-wraps-call",
        "{call} is a bare statement that copies nothing; '{wrapper}' already has"
        " @{decorator}: remove it",
        "none",
        "{call} builds a decorator and throws it away; the one above 'def {wrapper}' copies"
        " the metadata",
        summary="functools.wraps(func) called as a bare statement beside a wrapper that is"
        " already decorated with it.",
    ),
    Rule(
        "WRP002",
        "copied-wraps-call",
        "{call} does nothing here: {copier}() already copies onto '{wrapper}'; remove it",
        "none",
        "{call} is a bare statement: it builds a decorator and throws it away; {copy}"
        " copies the metadata",
        summary="functools.wraps(func) called as a bare statement beside a wrapper whose"
        " metadata update_wrapper already copies.",
    ),
    Rule(
        "WRP002",
        "wraps-call-without-wrapper",
        "{call} is a bare statement that copies nothing; '{function}' returns '{wrapped}'"
        " itself: remove it",
        "none",
        "{call} builds a decorator and throws it away; '{function}' hands back '{wrapped}'"
        " unchanged, so no wrapper loses its metadata",
        summary="functools.wraps(func) called as a bare statement in a decorator that returns"
        " the function itself.",
    ),
    Rule(
        "WRP003",
        "wraps-without-arguments",
        "@{spelling} without arguments makes '{wrapper}' a functools.partial object;"
        " write @{spelling}({wrapped})",
        "safe",
        "@{spelling} needs the function whose metadata it copies: @{spelling}({wrapped})",
        summary="@functools.wraps without arguments: the wrapper becomes a functools.partial"
        " object.",
    ),
    Rule(
        "WRP004",
        "reversed-update-wrapper",
        "{call} is backwards; write {fixed_call}",
        "safe",
        "its arguments are reversed: it copies the metadata of '{wrapper}' onto '{wrapped}'",
        summary="update_wrapper(func, wrapper): the metadata is copied the wrong way, from"
        " the wrapper onto the function.",
    ),
    Rule(
        "WRP004",
        "wraps-wrong-source",
        "@{spelling}({source}) copies the wrong metadata: '{wrapper}' stands in for"
        " '{wrapped}'; write @{spelling}({wrapped})",
        "unsafe",
        "'{wrapper}' calls '{wrapped}' but takes the name and docstring of {source}",
        summary="@functools.wraps(X) where X is not the function the wrapper calls.",
    ),
    Rule(
        "WRP005",
        "lambda-wrapper",
        "decorator '{decorator}' returns a lambda calling '{wrapped}'; use a def with"
        " @functools.wraps({wrapped})",
        "unsafe",
        "a lambda cannot carry the name, docstring and signature of '{wrapped}'",
        summary="A decorator returns a lambda that calls the function: a lambda cannot carry"
        " its metadata.",
    ),
    Rule(
        "WRP006",
        "class-decorator-missing-update-wrapper",
        "class-based decorator '{decorator}' drops the metadata of '{wrapped}': call"
        " update_wrapper(self, {wrapped}) in __init__",
        "unsafe",
        "'{decorator}' instances stand in for '{wrapped}' without its name and docstring;"
        " call functools.update_wrapper(self, {wrapped}) in __init__",
        summary="A class-based decorator whose instances stand in for the function without"
        " functools.update_wrapper(self, func).",
    ),
    Rule(
        "WRP006",
        "slotted-class-decorator-missing-metadata",
        "class-based decorator '{decorator}' drops the metadata of '{wrapped}', and its"
        " __slots__ leave no room for it",
        "none",
        "'{decorator}' instances stand in for '{wrapped}' without its name and docstring, and"
        " without '__dict__' in __slots__ update_wrapper(self, {wrapped}) would raise; add"
        " '__dict__' to __slots__, then call functools.update_wrapper(self, {wrapped}) in"
        " __init__",
        summary="A class-based decorator whose __slots__ leave no room for the function's"
        " metadata.",
    ),
    Rule(
        "WRP006",
        "class-decorator-half-copied-metadata",
        "class-based decorator '{decorator}' copies {copied} by hand; {lost} lost",
        "unsafe",
        "call functools.update_wrapper(self, {wrapped}) in __init__ (the lines that set"
        " metadata by hand may stay)",
        summary="A class-based decorator copies some of the function's metadata by hand and"
        " loses the rest.",
    ),
    Rule(
        "WRP006",
        "descriptor-decorator-missing-update-wrapper",
        "descriptor '{decorator}' drops the docstring and name of '{wrapped}': call"
        " update_wrapper(self, {wrapped}) in __init__",
        "unsafe",
        "'{decorator}' instances take the place of '{wrapped}' in its class; help() shows"
        " their own docstring; call functools.update_wrapper(self, {wrapped}) in __init__",
        summary="A descriptor decorator whose instances take the place of a method without"
        " its name and docstring.",
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
        summary="Off by default: a closure that probably stands in for the function returns"
        " without @functools.wraps(func), on weaker evidence than WRP001's.",
    ),
    Rule(
        "WRP007",
        "possible-renamed-without-wraps",
        "{kind} '{decorator}' gives '{wrapper}' a name of its own; {lost} lost",
        "unsafe",
        "the evidence that '{wrapper}' stands in for '{wrapped}' is weaker than WRP001's"
        " (flake8-wraps explain says why); if it does, add @functools.wraps({wrapped})"
        " above 'def {wrapper}'",
        summary="Off by default: a probable wrapper is named by hand instead of copying the"
        " function's metadata.",
    ),
    Rule(
        "WRP007",
        "possible-half-copied-metadata",
        "{kind} '{decorator}' copies only {copied} by hand; {lost} lost",
        "unsafe",
        "the evidence that '{wrapper}' stands in for '{wrapped}' is weaker than WRP001's"
        " (flake8-wraps explain says why); a copy by hand must set __name__, __qualname__,"
        " __doc__, __module__ and __wrapped__",
        summary="Off by default: a probable wrapper copies some of the metadata by hand and"
        " loses the rest.",
    ),
    Rule(
        "WRP007",
        "possible-helper-copied-metadata",
        "{kind} '{decorator}' copies metadata with {helper}(), which loses {lost}",
        "unsafe",
        "the evidence that '{wrapper}' stands in for '{wrapped}' is weaker than WRP001's"
        " (flake8-wraps explain says why); {helper}() copies only {copied}",
        summary="Off by default: a probable wrapper copies some of the metadata with a"
        " helper of its own, and loses the rest.",
    ),
    Rule(
        "WRP007",
        "possible-lambda-wrapper",
        "decorator '{decorator}' returns a lambda calling '{wrapped}'; use a def with"
        " @functools.wraps({wrapped})",
        "unsafe",
        "the evidence that the lambda stands in for '{wrapped}' is weaker than WRP005's"
        " (flake8-wraps explain says why)",
        summary="Off by default: a decorator probably returns a lambda standing in for the"
        " function.",
    ),
    Rule(
        "WRP007",
        "possible-installed-without-wraps",
        "'{wrapper}' replaces {place} without @functools.wraps({wrapped}): {lost} lost",
        "unsafe",
        "'{wrapper}' is set in place of {place} and calls its old value '{wrapped}'{order};"
        " on a class from elsewhere, an instance or a module, or in test code, possibly"
        " nobody reads what it loses",
        summary="A function set in place of a method or function it calls, on a library"
        " class, an instance or a module, or in test code, without @functools.wraps:"
        " possibly a wrapper whose lost metadata someone reads.",
    ),
    Rule(
        "WRP007",
        "possible-registered-without-wraps",
        "'{wrapper}' of '{decorator}' is registered with {registrar} without"
        " @functools.wraps({wrapped})",
        "unsafe",
        "the evidence that '{wrapper}' stands in for '{wrapped}' is weaker than WRP001's"
        " (flake8-wraps explain says why); if it does, add @functools.wraps({wrapped})"
        " above 'def {wrapper}'",
        summary="Off by default: a decorator registers a probable wrapper with a framework"
        " or a registry without @functools.wraps(func).",
    ),
    Rule(
        "WRP101",
        "colliding-registrations",
        "'{function}' and '{other}' both become {kind} '{name}' on {registry} through"
        " @{decorator} ({where})",
        "none",
        "{consequence}",
        summary="Two registrations get the same name (endpoint, task, command...) through a"
        " decorator that drops the function's name.",
    ),
    Rule(
        "WRP101",
        "colliding-registrations-across-files",
        "'{function}' and '{other}' ({elsewhere}) both become {kind} '{name}' on {registry}"
        " through @{decorator}",
        "none",
        "{consequence}; @{decorator} is defined at {where}",
        summary="Two registrations in two modules get the same name on one registry through a"
        " decorator that drops the function's name.",
    ),
    Rule(
        "WRP102",
        "damaged-registration",
        "{framework} sees the wrapper of @{decorator} ({where}) instead of '{function}'",
        "none",
        "{consequence}",
        summary="A framework registration that a decorator without functools.wraps breaks.",
    ),
    Rule(
        "WRP103",
        "plain-wrapper-on-coroutine-function",
        "@{decorator} ({where}): plain def '{wrapper}' calls coroutine function"
        " '{function}' without await",
        "none",
        "'{function}' is no longer a coroutine function (inspect.iscoroutinefunction is"
        " False), and what '{wrapper}' does around the call runs when the coroutine is"
        " created, not while it runs; make '{wrapper}' an async def that awaits"
        " {wrapped}(...), or return one chosen with inspect.iscoroutinefunction({wrapped})",
        summary="A decorator's plain def wrapper applied to an async def: the coroutine is"
        " created, not awaited, inside the wrapper.",
    ),
)

#: Rules by their unique kebab-case name: what the analysis refers to.
RULE_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}

#: Codes off by default, as flake8-bugbear keeps its opinionated B9 codes: reported only
#: when selected by name or by a prefix (``--extend-select WRP007``, ``--select WRP``).
OFF_BY_DEFAULT: tuple[str, ...] = ("WRP007",)
