"""Is this closure a wrapper? The evidence, as named signals, and the decision over them.

A closure's shape alone cannot tell a decorator's wrapper from a combinator, an adapter or
a callback: ``return func(*args).upper()`` is a wrapper in a decorator called ``loud`` and
a combinator in a function called ``compose``. How the function is used and named tells
them apart. Every piece of evidence is a :class:`Signal` with a weight: positive for a
wrapper, negative against one, or ``None`` for what excludes a wrapper whatever else is
true (a class called to build an object, a factory level, a complete copy of the
metadata). The decision is one sum over the signals (:func:`decide`), so that
``flake8-wraps explain`` can print it and a reader can change a weight in one place.

The weights, in words: applying the function as a decorator is strong evidence; a closure
that forwards ``*args, **kwargs`` is strong too; calling the parameter with the closure's
own arguments, and each name (``wrapper``, ``func``, ``decorator``), is weak evidence, and
one alone is not enough. Two names outweigh one adapter shape (a result that is
transformed, a docstring of the closure's own, a hook that is tested), while the shapes
that say "this is something else" (a proxy to a held object, partial application of
another parameter, a result fed back in) need more than names to overcome.
"""

from __future__ import annotations

import ast
import re
from typing import NamedTuple, Optional

#: Weights, named so that the adapters and the analysis speak one language.
APPLIED = 3
FORWARDS_EVERYTHING = 2
NAMED = 1
STANDS_IN = 1
HELPER = 0
DERIVED = 0
OTHER_VALUES = 0
#: Copying some of the metadata by hand says the closure is meant to stand in.
COPIED_BY_HAND = 1
#: A function that needs other arguments besides the function cannot be applied with ``@``.
NEEDS_MORE = -1
#: Every use of the function is in sight and keeps its result inside a computation, where
#: nobody reads the wrapper's name: the opposite of being applied, and as strong.
KEPT_INSIDE = -APPLIED
WEAK_SHAPE = -2
STRONG_SHAPE = -4

#: A closure is a wrapper when the signals add up to at least this: calling the parameter
#: with its own arguments is not enough alone; one more piece of evidence must say so.
THRESHOLD = 2

#: Closure names that say "wrapper" (compared without leading and trailing ``_`` and digits).
_WRAPPER_NAMES = frozenset(
    {
        "wrapper",
        "wrapped",
        "wrap",
        "inner",
        "decorated",
        "new_func",
        "newfunc",
        "new_function",
        "inner_func",
        "inner_function",
        "wrapper_func",
        "wrapped_func",
        "wrapped_function",
        "wrapper_function",
        "wrapped_f",
        "wrapped_fn",
        "wrapper_fn",
        "func_wrapper",
        "fn_wrapper",
        "decorated_function",
        "decorated_func",
        "wrapped_view",
        "wrapped_method",
        "wrapper_method",
    }
)
_WRAPPER_NAME_ENDINGS = ("wrapper", "_wrapped", "_decorated")
#: Parameter names that say "a function" (compared without leading and trailing ``_``).
_FUNCTION_NAMES = frozenset(
    {
        "func",
        "fn",
        "f",
        "fun",
        "funct",
        "function",
        "method",
        "meth",
        "view",
        "view_func",
        "view_function",
        "handler",
        "coro",
        "coroutine",
        "wrapped",
        "test_func",
        "original",
        "orig",
        "orig_func",
        "original_func",
        "original_function",
        "decorated",
        "target_func",
        "callable",
        "user_function",
    }
)
_FUNCTION_NAME_ENDINGS = ("_func", "_fn", "_function", "_method", "_view", "_handler", "_coro")
#: ``decorator``, ``log_decorator``, ``my_deco``, ``wrap``. Not ``wrap_callback``:
#: ``wrap_*`` functions more often adapt a callback than decorate.
_DECORATOR_NAME = re.compile(r"decorat|(^|_)deco($|_)|^_*wrap(s|per)?$", re.I)
_DECORATOR_LEVEL = re.compile(r"^_*(decorator|deco|real_decorator)_*$", re.I)
_DECORATOR_DOCSTRING = re.compile(r"\bdecorat", re.I)
#: "without preserving the name of the original function", "does not keep its signature":
#: the author says the loss is meant (twisted's loader tests need a decorator that loses it).
#: Only words that point at the decorated function may stand between the verb and the noun.
_LOSS_DOCUMENTED = re.compile(
    r"(?:\bwithout|\bnot|\bnever|n't)\s+(?:preserv|keep|retain|cop(?:y|ie))\w*\s+"
    r"(?:(?:the|its|their|original|decorated|wrapped|function|function's|func's|fn's|"
    r"callable's|of)\s+){0,4}"
    r"(?:name|__name__|metadata|signature)s?\b",
    re.I,
)
#: A sentence that speaks of another decorator, or of work to do, states no intent.
_NOT_THIS_ONE = re.compile(r"\b(?:which|unlike|instead|old|previous|todo|fixme|xxx)\b", re.I)
LOSS_DOCUMENTED = "loss-documented"


class Signal(NamedTuple):
    """One piece of evidence about a closure, in plain words."""

    #: kebab-case name, stable: tests and ``explain`` refer to it.
    name: str
    #: Positive for a wrapper, negative against; None excludes a wrapper outright.
    weight: Optional[int]
    #: What was seen, in words a user understands.
    says: str


class Judgement(NamedTuple):
    """The decision about one closure, with the evidence it was made from."""

    closure: str
    line: int
    #: The enclosing parameter the closure stands in for, if it calls exactly one.
    wrapped: Optional[str]
    signals: tuple[Signal, ...]

    @property
    def score(self) -> int:
        return sum(signal.weight for signal in self.signals if signal.weight is not None)

    @property
    def excluded_by(self) -> Optional[Signal]:
        return next((signal for signal in self.signals if signal.weight is None), None)

    @property
    def is_wrapper(self) -> bool:
        return decide(self.signals) and self.wrapped is not None

    @property
    def loss_documented(self) -> bool:
        """The author says the name is lost on purpose: WRP001 is not reported, but the
        wrapper still damages what it decorates, so the framework rules still count it."""
        return any(signal.name == LOSS_DOCUMENTED for signal in self.signals)


def decide(signals: tuple[Signal, ...]) -> bool:
    """The one decision: nothing excludes a wrapper, and the weights reach the threshold."""
    if any(signal.weight is None for signal in signals):
        return False
    return sum(signal.weight for signal in signals if signal.weight is not None) >= THRESHOLD


def says_wrapper(name: str) -> bool:
    """``wrapper``, ``_inner``, ``wrapped_view``, ``retry_wrapper``..."""
    bare = name.strip("_0123456789").lower()
    return (
        bare in _WRAPPER_NAMES
        or bare.endswith(_WRAPPER_NAME_ENDINGS)
        or (bare.startswith(("wrapper_", "wrapped_")))
    )


def says_function(name: str) -> bool:
    """``func``, ``fn``, ``view_func``, ``original_method``..."""
    bare = name.strip("_").lower()
    return bare in _FUNCTION_NAMES or bare.endswith(_FUNCTION_NAME_ENDINGS)


def names_a_decorator_level(name: str) -> bool:
    """A closure called ``decorator`` or ``deco`` is the level that takes the function."""
    return _DECORATOR_LEVEL.search(name) is not None


def says_decorator(name: str) -> bool:
    """``decorator``, ``my_deco``, ``wrap``, ``log_decorator``..."""
    return _DECORATOR_NAME.search(name) is not None


def docstring_says_decorator(function: ast.AST) -> bool:
    docstring = _docstring(function)
    return docstring is not None and _DECORATOR_DOCSTRING.search(docstring) is not None


def docstring_documents_loss(function: ast.AST) -> bool:
    """The docstring says the function's name or metadata is not preserved, on purpose."""
    docstring = _docstring(function)
    if docstring is None:
        return False
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", docstring):
        if _LOSS_DOCUMENTED.search(sentence) and not _NOT_THIS_ONE.search(sentence):
            return True
    return False


def _docstring(function: ast.AST) -> Optional[str]:
    body = getattr(function, "body", None)
    if not body or not isinstance(body[0], ast.Expr):
        return None
    value = body[0].value
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return None


def describe(judgement: Judgement) -> str:
    """The decision and its evidence, for ``flake8-wraps explain``."""
    lines = []
    if not judgement.is_wrapper:
        verdict = "not reported"
    elif judgement.loss_documented:
        verdict = "a wrapper, not reported: the loss is meant (framework rules still apply)"
    else:
        verdict = "a wrapper: reported"
    subject = f"'{judgement.closure}' (line {judgement.line})"
    if judgement.wrapped is not None:
        subject += f", standing in for '{judgement.wrapped}'"
    lines.append(f"{subject}: {verdict}")
    for signal in judgement.signals:
        weight = "excludes" if signal.weight is None else f"{signal.weight:+d}"
        lines.append(f"  {weight:>8}  {signal.name}: {signal.says}")
    excluded = judgement.excluded_by
    if excluded is not None:
        lines.append(f"  decision: excluded by {excluded.name}")
    elif judgement.wrapped is None:
        lines.append("  decision: it calls no single parameter of the enclosing function")
    else:
        lines.append(f"  decision: score {judgement.score} against a threshold of {THRESHOLD}")
    return "\n".join(lines)
