"""Is this closure a wrapper? The evidence, as named signals, and the decision over them.

A closure's shape alone cannot tell a decorator's wrapper from a combinator, an adapter or
a callback: ``return func(*args).upper()`` is a wrapper in a decorator called ``loud`` and
a combinator in a function called ``compose``. How the function is used and named tells
them apart. Every piece of evidence is a :class:`Signal` with a weight: positive for a
wrapper, negative against one, or ``None`` for what excludes a wrapper whatever else is
true (a class called to build an object, a factory level, a complete copy of the
metadata). The decision is one sum over the signals (:func:`decide`), so that
``flake8-wraps explain`` can print it and a reader can change a weight in one place.

The weights, in words: applying the function as a decorator is strong evidence, and so
is taking and returning the same callable type (``(func: F) -> F``); a private builder
whose result an applied public function returns, and a closure that forwards ``*args,
**kwargs``, are strong too; calling the parameter with the closure's
own arguments, and each name (``wrapper``, ``func``, ``decorator``), is weak evidence.
Names alone reach WRP007, a possible wrapper (off by default), and so do two names
with one call: WRP001 needs all three names or evidence besides names worth two (a
closure that hands on its ``*args`` is one). Adapter shapes (a result that is transformed, a
docstring of the closure's own, a hook that is tested) cost as much as two names, while
the shapes that say "this is something else" (a proxy to a held object, partial
application of another parameter, a result fed back in) need more than names to overcome.
A decorator of test code that nothing in the project applies costs more than an adapter
shape: it helps a test or two, and nobody reads its metadata; a plain one is silent.
The numbers are fitted on labelled real code by ``benchmarks/fit_decision.py``.
"""

from __future__ import annotations

import ast
import re
from typing import NamedTuple, Optional, Sequence

#: The weight of each kind of evidence, fitted by ``benchmarks/fit_decision.py`` on the
#: maintainers' fixes and the labelled scans it names (its data is in ``benchmarks/data``):
#: refit there and copy its table here. One weight a kind, not a signal, so that a few
#: hundred labelled closures fit a dozen numbers.
WEIGHTS: dict[str, int] = {
    # applied with ``@`` in this module or the project
    "applied": 4,
    # built by a private helper for a public function that is applied with ``@``
    "built-for-applied": 2,
    # the parameter and the result are both annotated as callables: ``(F) -> F``
    "typed-as-decorator": 3,
    # forwards its ``*args, **kwargs``
    "forwards-everything": 2,
    # the enclosing function is named or documented as a decorator
    "named-decorator": 1,
    # the closure is named as a wrapper
    "named-wrapper": 1,
    # the parameter is named as a function
    "named-function": 1,
    # calls the parameter with the closure's own arguments
    "stands-in": 1,
    # copies some of the metadata by hand: it is meant to stand in
    "copied-by-hand": 1,
    # hands the parameter to a helper, calls it with derived or other values
    "helper": 1,
    "derived": 1,
    "other-values": 1,
    # needs other arguments besides the function, so cannot be applied with ``@``
    "needs-more": 0,
    # every use is in sight and keeps the result inside a computation
    "kept-inside": -3,
    # test code, and applied with ``@`` nowhere in the project: a helper of a few tests
    # (the fit's loss prefers -4, which silences a documented test decorator at WRP007 too)
    "test-helper": -3,
    # shapes of adapters (a transformed result, a tested hook, a docstring of its own)
    "weak-shape": -2,
    # shapes of something else (a proxy, a partial application, a result fed back)
    "strong-shape": -5,
    # forwards its ``*args, **kwargs`` to another callable than the parameter
    "forwards-elsewhere": -1,
    # the closure is given a name of its own (``wrapper.__name__ = name``): made to be
    # told apart, perhaps on purpose, and still losing the docstring and the rest
    "named-on-purpose": -4,
    # the two above, where the closure is no plain stand-in (it needs more than the
    # function, changes the arguments or the result): a combinator typed ``(F) -> F``
    # (``not_(fn: Filter) -> Filter``), an adapter that copies by hand on purpose
    "typed-in-adapter": -4,
    "copy-in-adapter": -2,
}

APPLIED = WEIGHTS["applied"]
BUILT_FOR_APPLIED = WEIGHTS["built-for-applied"]
TYPED_AS_DECORATOR = WEIGHTS["typed-as-decorator"]
FORWARDS_EVERYTHING = WEIGHTS["forwards-everything"]
NAMED_DECORATOR = WEIGHTS["named-decorator"]
NAMED_WRAPPER = WEIGHTS["named-wrapper"]
NAMED_FUNCTION = WEIGHTS["named-function"]
NAMED = NAMED_WRAPPER
STANDS_IN = WEIGHTS["stands-in"]
HELPER = WEIGHTS["helper"]
DERIVED = WEIGHTS["derived"]
OTHER_VALUES = WEIGHTS["other-values"]
COPIED_BY_HAND = WEIGHTS["copied-by-hand"]
NEEDS_MORE = WEIGHTS["needs-more"]
KEPT_INSIDE = WEIGHTS["kept-inside"]
TEST_HELPER = WEIGHTS["test-helper"]
WEAK_SHAPE = WEIGHTS["weak-shape"]
STRONG_SHAPE = WEIGHTS["strong-shape"]
FORWARDS_ELSEWHERE = WEIGHTS["forwards-elsewhere"]
TYPED_IN_ADAPTER = WEIGHTS["typed-in-adapter"]
COPY_IN_ADAPTER = WEIGHTS["copy-in-adapter"]
NAMED_ON_PURPOSE = WEIGHTS["named-on-purpose"]

#: The kind of evidence (a key of :data:`WEIGHTS`) of every signal that has a weight;
#: signals not here exclude a wrapper. ``tests/test_evidence.py`` keeps it true.
KIND_OF_SIGNAL: dict[str, str] = {
    "applied-here": "applied",
    "applied-in-project": "applied",
    "replaces-a-class": "applied",
    "proxies-an-attribute": "applied",
    "built-for-applied": "built-for-applied",
    "callable-annotations": "typed-as-decorator",
    "forwards-everything": "forwards-everything",
    "forwards-star-args": "forwards-everything",
    "runs-with-everything": "forwards-everything",
    "runs-with-star-args": "forwards-everything",
    "decorator-name": "named-decorator",
    "decorator-docstring": "named-decorator",
    "class-docstring": "named-decorator",
    "decorator-object": "named-decorator",
    "wrapper-name": "named-wrapper",
    "function-parameter": "named-function",
    "stands-in": "stands-in",
    "half-copy": "copied-by-hand",
    "half-copy-by-helper": "copied-by-hand",
    "handed-to-helper": "helper",
    "optional-callbacks": "helper",
    "loss-documented": "helper",
    "docstring-set": "helper",
    "derived-arguments": "derived",
    "other-values": "other-values",
    "needs-more-arguments": "needs-more",
    "kept-inside": "kept-inside",
    "unapplied-in-tests": "test-helper",
    "optional-hook": "weak-shape",
    "out-parameter": "weak-shape",
    "inspects-or-computes": "weak-shape",
    "unpacks-values": "weak-shape",
    "drops-arguments": "weak-shape",
    "picks-arguments": "strong-shape",
    "result-reshaped": "weak-shape",
    "reorders-arguments": "weak-shape",
    "retyped": "weak-shape",
    "own-docstring": "weak-shape",
    "tuple-to-arguments": "weak-shape",
    "ignores-a-parameter": "strong-shape",
    "declared-otherwise": "strong-shape",
    "takes-nothing": "strong-shape",
    "requires-keywords": "strong-shape",
    "returns-a-verdict": "strong-shape",
    "fixpoint": "strong-shape",
    "hook-by-default": "strong-shape",
    "result-called": "strong-shape",
    "method-from-function": "strong-shape",
    "forwards-elsewhere": "forwards-elsewhere",
    "proxy": "strong-shape",
    "partial-application": "strong-shape",
    "injects-keywords": "strong-shape",
    "binds-an-instance": "strong-shape",
    "result-fed-back": "strong-shape",
    "signature-by-hand": "strong-shape",
    "typed-in-adapter": "typed-in-adapter",
    "copy-in-adapter": "copy-in-adapter",
    "named-on-purpose": "named-on-purpose",
}

#: The shapes that say a closure is no plain stand-in for the function: where one is
#: there, the annotations and a copy by hand weigh as ``typed-in-adapter`` and
#: ``copy-in-adapter`` as well. ``other-values``: molten's middleware is typed ``(F) -> F``
#: but declares the dependencies it injects, and calls the handler with none of them.
#: ``ignores-a-parameter``: clize's help-text fixtures take parameters of their own for the
#: help they document, and copy only ``__name__``, on purpose. ``injects-keywords``:
#: starlette's test decorators are typed ``(Endpoint) -> Endpoint`` but fill the endpoint's
#: extra parameters from the factory's ``**kwargs``.
ADAPTER_SHAPES = frozenset(
    {
        "needs-more-arguments",
        "derived-arguments",
        "drops-arguments",
        "picks-arguments",
        "result-reshaped",
        "other-values",
        "reorders-arguments",
        "ignores-a-parameter",
        "injects-keywords",
    }
)

#: The kinds of evidence that are names. Two names and one call that hands the function
#: a value reach the threshold in every small helper that takes a function: gooey's
#: ``ifPresent(f)`` returns ``inner(value)``, which calls ``f(value)`` (a predicate
#: combinator); so does a textbook wrapper never applied in sight. Over the labelled scans
#: such findings were a quarter real bugs and a quarter false; no maintainers' fix rested
#: on them. WRP001 takes all three names, or evidence besides names worth
#: :data:`BEYOND_NAMES` (applied with ``@``, ``*args`` handed on, annotations...).
NAME_KINDS = frozenset({"named-decorator", "named-wrapper", "named-function"})
BEYOND_NAMES = 2

#: The two levels of confidence, fitted with the weights. At :data:`THRESHOLD` the closure
#: is a wrapper (WRP001, on by default); from :data:`POSSIBLE_THRESHOLD` up to it, possibly
#: one (WRP007, off by default). Names alone (``stands-in`` and ``function-parameter``)
#: stay below WRP001.
THRESHOLD = 3
POSSIBLE_THRESHOLD = 2

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
#: A comment that names ``wraps`` and says it is left out on purpose (django's
#: ``ConnectionRouter``-era ``DatabaseErrorWrapper.__call__``: "we are intentionally not
#: using @wraps here for performance reasons"). "Can't use functools.wraps() here" says
#: what is in the way, not that the loss is wanted: reprlib still copies by hand.
_WRAPS_NAMED = r"\b(?:wraps|update_wrapper)\b"
_ON_PURPOSE = (
    r"\b(?:intentional\w*|deliberate\w*|on purpose|purposely|purposefully|rather than"
    r"|instead of|we want|do(?:n't| not) want|avoid\w*)"
)
_WORK_TO_DO = r"\b(?:todo|fixme|xxx|should)\b"


class Signal(NamedTuple):
    """One piece of evidence about a closure, in plain words."""

    #: kebab-case name, stable: tests and ``explain`` refer to it.
    name: str
    #: Positive for a wrapper, negative against; None excludes a wrapper outright.
    weight: Optional[int]
    #: What was seen, in words a user understands.
    says: str


def score_of(signals: Sequence[Signal]) -> int:
    """The sum of the weights: the decision compares it with a threshold."""
    return sum(signal.weight for signal in signals if signal.weight is not None)


def exclusion_of(signals: Sequence[Signal]) -> Optional[Signal]:
    """The first signal that excludes, whatever the weights."""
    return next((signal for signal in signals if signal.weight is None), None)


class Judgement(NamedTuple):
    """The decision about one closure, with the evidence it was made from."""

    closure: str
    line: int
    #: The enclosing parameter the closure stands in for, if it calls exactly one.
    wrapped: Optional[str]
    signals: tuple[Signal, ...]

    @property
    def score(self) -> int:
        return score_of(self.signals)

    @property
    def excluded_by(self) -> Optional[Signal]:
        return exclusion_of(self.signals)

    @property
    def is_wrapper(self) -> bool:
        """Strong evidence: WRP001, and what the framework rules count as a wrapper."""
        return decide(self.signals) and self.wrapped is not None

    @property
    def is_possible_wrapper(self) -> bool:
        """Weaker evidence, below a wrapper's: WRP007, off by default."""
        return (
            self.wrapped is not None
            and not decide(self.signals)
            and decide(self.signals, POSSIBLE_THRESHOLD)
        )

    @property
    def loss_documented(self) -> bool:
        """The author says the name is lost on purpose: WRP001 is not reported, but the
        wrapper still damages what it decorates, so the framework rules still count it."""
        return any(signal.name == LOSS_DOCUMENTED for signal in self.signals)


def decide(signals: tuple[Signal, ...], threshold: int = THRESHOLD) -> bool:
    """The one decision: nothing excludes a wrapper, and the weights reach the threshold
    (:data:`THRESHOLD` for WRP001, :data:`POSSIBLE_THRESHOLD` for WRP007); for WRP001,
    the evidence does not rest on names alone (:func:`rests_on_names`)."""
    if any(signal.weight is None for signal in signals):
        return False
    if sum(signal.weight for signal in signals if signal.weight is not None) < threshold:
        return False
    return threshold < THRESHOLD or not rests_on_names(signals)


def rests_on_names(signals: Sequence[Signal]) -> bool:
    """Fewer than all three names, and less than :data:`BEYOND_NAMES` of other evidence
    for a wrapper: what reaches the threshold is mostly how things are named."""
    names = set()
    beyond = 0
    for signal in signals:
        if signal.weight is None:
            continue
        kind = KIND_OF_SIGNAL.get(signal.name)
        if kind in NAME_KINDS:
            names.add(kind)
        elif signal.weight > 0:
            beyond += signal.weight
    return len(names) < len(NAME_KINDS) and beyond < BEYOND_NAMES


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
    for sentence in _sentences(docstring):
        if _LOSS_DOCUMENTED.search(sentence) and not _NOT_THIS_ONE.search(sentence):
            return True
    return False


#: Words that say ``wraps`` is left out: "without functools.wraps", "failing to use wraps()".
_LEFT_OUT = r"\b(?:without|not|never|no|fail\w*|omit\w*|lack\w*)\b|n't\b|" + _ON_PURPOSE


def docstring_leaves_out_wraps(function: ast.AST) -> bool:
    """The docstring names ``wraps`` and says the function does without it: django-ninja's
    test decorator "Validate that decorators failing to using functools.wraps(), fail".
    A sentence about work to do ("should use functools.wraps") states no intent."""
    docstring = _docstring(function)
    if docstring is None or re.search(_WRAPS_NAMED, docstring) is None:
        return False
    return any(
        re.search(_WRAPS_NAMED, sentence)
        and re.search(_LEFT_OUT, sentence, re.I)
        and not re.search(_WORK_TO_DO, sentence, re.I)
        for sentence in _sentences(docstring)
    )


def comment_documents_loss(lines: Sequence[str], first: int, last: int) -> Optional[int]:
    """The first line of a comment in lines ``first`` to ``last`` (1-based) that says the
    metadata is left out on purpose: it names ``wraps`` and an intent, or says the name
    is not preserved. Consecutive comment lines are read as one comment."""
    run: list[str] = []
    start = 0
    for number in range(first, min(last, len(lines)) + 1):
        text = lines[number - 1].strip()
        if text.startswith("#"):
            if not run:
                start = number
            run.append(text.lstrip("#").strip())
            if number < last and number < len(lines):
                continue
        if run:
            comment = " ".join(run)
            run = []
            # Compiled on first use (re caches them): most runs read no comment at all.
            if re.search(_WORK_TO_DO, comment, re.I):
                continue
            if (
                re.search(_WRAPS_NAMED, comment) and re.search(_ON_PURPOSE, comment, re.I)
            ) or (_LOSS_DOCUMENTED.search(comment) and not _NOT_THIS_ONE.search(comment)):
                return start
    return None


def _sentences(docstring: str) -> list[str]:
    """A docstring's sentences and paragraphs: each is read for one statement of intent."""
    return re.split(r"(?<=[.!?])\s+|\n\s*\n", docstring)


def _docstring(function: ast.AST) -> Optional[str]:
    body = getattr(function, "body", None)
    if not body or not isinstance(body[0], ast.Expr):
        return None
    value = body[0].value
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return None


def signal_line(signal: Signal) -> str:
    """One signal as ``explain`` prints it: its weight (or that it excludes), name, words."""
    weight = "excludes" if signal.weight is None else f"{signal.weight:+d}"
    return f"  {weight:>8}  {signal.name}: {signal.says}"


def describe(judgement: Judgement) -> str:
    """The decision and its evidence, for ``flake8-wraps explain``."""
    lines = []
    if judgement.is_possible_wrapper and not judgement.loss_documented:
        verdict = "possibly a wrapper: WRP007 (off by default)"
    elif not judgement.is_wrapper:
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
        lines.append(signal_line(signal))
    excluded = judgement.excluded_by
    if excluded is not None:
        lines.append(f"  decision: excluded by {excluded.name}")
    elif judgement.wrapped is None:
        lines.append("  decision: it calls no single parameter of the enclosing function")
    else:
        lines.append(
            f"  decision: score {judgement.score} against thresholds of {THRESHOLD} (WRP001)"
            f" and {POSSIBLE_THRESHOLD} (WRP007)"
        )
        if judgement.score >= THRESHOLD and rests_on_names(judgement.signals):
            lines.append(
                "  but it rests on names: WRP001 needs all three (a decorator's, a wrapper's and"
                f" a function's) or other evidence worth {BEYOND_NAMES}"
            )
    return "\n".join(lines)
