"""What WRP006 reads in a class that stores a function: its docstring, what ``__init__``
copies onto the instance, and whether ``__get__`` makes it a descriptor decorator; and the
decision over that evidence, as named signals with weights like the closures' (``evidence``).

A class that stores the function its ``__init__`` is given and calls it from ``__call__``
may be a decorator or a proxy, a handler, a middleware: only how it is used and named
tells them apart. Pure helpers over ``ast`` nodes; ``rules.class_decorator`` gathers the
signals and reports.
"""

from __future__ import annotations

import ast
import re
from typing import AbstractSet, Iterable, Iterator, NamedTuple, Optional, Union

from flake8_wraps.analysis.collect import FUNCTION_TYPES, Frame
from flake8_wraps.analysis.copies import METADATA_ATTRIBUTES
from flake8_wraps.analysis.evidence import Signal, exclusion_of, score_of, signal_line
from flake8_wraps.analysis.names import terminal_name

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]

#: ``"Do not use this as a decorator"`` (numba), ``"not meant to be a decorator"``: a
#: negation before the word in the same sentence.
_NOT_A_DECORATOR = re.compile(r"\b(?:not|never|n't)\b[^.!?]*\bdecorat", re.I)
#: The docstring calls the class itself a decorator: the head of its first sentence does
#: ("A memoization decorator that...", "Decorator class that...", "Decorates..."), or it
#: is used "as a decorator". Not a mention of another one: weblate's "Middleware that
#: applies the login_required decorator to matching URL patterns" is a middleware.
_SELF_DESCRIBED = re.compile(
    r"\A\s*(?:(?!\b(?:that|which|to|for|with)\b)[^,.:;!?])*?\bdecorat(?:or|es|ing)\b"
    r"|\bas\s+an?\s+(?:\w+\s+)?decorator\b",
    re.I,
)

#: The attributes whose loss the messages name, in the order they name them.
_NAMED_METADATA = ("__name__", "__qualname__", "__doc__", "__module__")


#: The weight of each signal about a class, fitted by ``benchmarks/fit_decision.py
#: --classes`` on the labelled class decorators it names; signals not here exclude one.
CLASS_WEIGHTS: dict[str, int] = {
    # applied with ``@Name`` in this module, or in another module of the project
    "applied-here": 3,
    "applied-in-project": 3,
    # the class docstring calls it a decorator
    "class-docstring": 3,
    # a decorator builds it from the function it is given, with other arguments
    # (``def remote_function(f): return RemoteFunction(view, f)`` in a factory)
    "built-by-decorator": 3,
    # ``__call__`` passes both its ``*args`` and ``**kwargs`` on to the stored function
    "forwards-everything": 1,
    # ``__call__`` passes its other arguments on (all its named ones, or ``*args`` alone)
    "passes-its-arguments": 1,
    # ``__get__`` calls the stored function with the instance alone (``cached_property``):
    # no evidence on its own (fitted: the labelled ones nobody applies are class properties
    # whose lost docstring nobody reads); applied, documented or built, it is reported
    "descriptor": 0,
    # named in lower case, as a function: ``cached_property``, ``deferred``, ``vectorize``
    "lowercase-name": 1,
    # no base class but ``object``, ``Generic``, ``ABC`` or ``Protocol``: nothing else to be
    "plain-bases": 1,
    # ``__init__`` copies some of the function's metadata onto the instance by hand
    # (``self.__name__ = score_func.__name__``): it is meant to stand in for the function
    "half-copy": 1,
}

#: From this score a class that stores a function is a decorator: WRP006.
CLASS_THRESHOLD = 3


class ClassJudgement(NamedTuple):
    """The decision about one class that stores the function it is given."""

    name: str
    line: int
    #: The ``__init__`` parameter that holds the function.
    wrapped: str
    signals: tuple[Signal, ...]
    is_descriptor: bool
    #: What the fix and the message need: ``self``'s name, the line that stores the
    #: function, and the metadata ``__init__`` sets on the instance by hand.
    instance: str
    stored_at: int
    set_by_hand: frozenset[str]
    #: Of ``set_by_hand``, what is read from the function (``self.__doc__ = func.__doc__``):
    #: the message says only these are copied; a value of the class's own is no copy.
    copied: frozenset[str] = frozenset()

    @property
    def score(self) -> int:
        return score_of(self.signals)

    @property
    def excluded_by(self) -> Optional[Signal]:
        return exclusion_of(self.signals)

    @property
    def is_decorator(self) -> bool:
        return self.excluded_by is None and self.score >= CLASS_THRESHOLD


def class_signal(name: str, says: str) -> Signal:
    """A signal with its weight from :data:`CLASS_WEIGHTS` (None: it excludes)."""
    return Signal(name, CLASS_WEIGHTS.get(name), says)


def describe_class(judgement: ClassJudgement) -> str:
    """The decision and its evidence, for ``flake8-wraps explain``."""
    verdict = "a decorator: reported (WRP006)" if judgement.is_decorator else "not reported"
    kind = "descriptor" if judgement.is_descriptor else "class"
    lines = [
        f"{kind} '{judgement.name}' (line {judgement.line}), standing in for"
        f" '{judgement.wrapped}': {verdict}"
    ]
    for signal in judgement.signals:
        lines.append(signal_line(signal))
    excluded = judgement.excluded_by
    if excluded is not None:
        lines.append(f"  decision: excluded by {excluded.name}")
    else:
        lines.append(f"  decision: score {judgement.score} against a threshold of"
                     f" {CLASS_THRESHOLD} (WRP006)")
    return "\n".join(lines)


def says_it_is_no_decorator(class_node: ast.ClassDef) -> bool:
    """Whether the class docstring says the class is not to be used as a decorator."""
    docstring = ast.get_docstring(class_node, clean=False)
    return bool(docstring and _NOT_A_DECORATOR.search(docstring))


def says_it_is_a_decorator(class_node: ast.ClassDef) -> bool:
    """Whether the class docstring calls the class a decorator (and does not deny it)."""
    docstring = ast.get_docstring(class_node, clean=False)
    return bool(
        docstring
        and _SELF_DESCRIBED.search(docstring)
        and not _NOT_A_DECORATOR.search(docstring)
    )


def refers_to_stored(node: ast.AST, instance: str, wrapped: str, stored: AbstractSet[str]) -> bool:
    """Whether ``node`` reads the wrapped function: the parameter ``wrapped`` itself or an
    attribute ``instance.<stored>`` that ``__init__`` set to it."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and inner.id == wrapped:
            return True
        if (
            isinstance(inner, ast.Attribute)
            and inner.attr in stored
            and isinstance(inner.value, ast.Name)
            and inner.value.id == instance
        ):
            return True
    return False


def hands_on_instance(call: ast.Call, instance: str) -> bool:
    """Whether ``call`` passes the instance itself on as an argument: ``update_wrapper(self,
    ...)``, ``wraps(...)(self)``, ``_copy_metadata(self, func)``. Not an attribute of it,
    nor an expression of it (``SimLog(name, id(self))`` copies nothing onto it)."""
    return any(
        isinstance(argument, ast.Name) and argument.id == instance
        for argument in [*call.args, *(keyword.value for keyword in call.keywords)]
    )


def metadata_set_on_instance(
    frame: Frame, instance: str, metadata: AbstractSet[str]
) -> set[str]:
    """The metadata attributes ``__init__`` assigns on the instance (``self.__doc__ =
    getattr(body, "__doc__", "")``, or ``self.__name__, self.__doc__ = ...``), from the
    function or of its own: either way the class sets them on purpose."""
    return {attribute for attribute, _ in _set_on_instance(frame, instance, metadata)}


def _set_on_instance(
    frame: Frame, instance: str, metadata: AbstractSet[str]
) -> Iterator[tuple[str, Optional[ast.expr]]]:
    """Each ``self.<attribute> = value`` of ``metadata``, with its value (None where a
    tuple target takes it from something else than a tuple of values), and each keyword
    of ``self.__dict__.update(__name__=...)`` or ``vars(self).update(...)``."""
    for call in frame.calls:
        if _updates_dict_of(call, instance):
            for keyword in call.keywords:
                if keyword.arg is not None and keyword.arg in metadata:
                    yield keyword.arg, keyword.value
    for assign in frame.assigns:
        for assigned in assign.targets:
            if isinstance(assigned, ast.Tuple):
                values: list[Optional[ast.expr]] = (
                    list(assign.value.elts)
                    if isinstance(assign.value, ast.Tuple)
                    and len(assign.value.elts) == len(assigned.elts)
                    else [None] * len(assigned.elts)
                )
                pairs = list(zip(assigned.elts, values))
            else:
                pairs = [(assigned, assign.value)]
            for target, value in pairs:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr in metadata
                    and isinstance(target.value, ast.Name)
                    and target.value.id == instance
                ):
                    yield target.attr, value


def named_by_set_name(method: Optional[FunctionNode]) -> set[str]:
    """``__name__``/``__qualname__`` that ``__set_name__(self, owner, name)`` sets from the
    attribute's name: a descriptor's is then the method's, the same as a copy's."""
    positional = [] if method is None else [*method.args.posonlyargs, *method.args.args]
    if method is None or len(positional) != 3:
        return set()
    instance, name = positional[0].arg, positional[2].arg
    return {
        node.targets[0].attr
        for node in ast.walk(method)
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Attribute)
        and node.targets[0].attr in ("__name__", "__qualname__")
        and isinstance(node.targets[0].value, ast.Name)
        and node.targets[0].value.id == instance
        and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.value))
    }


def _updates_dict_of(call: ast.Call, instance: str) -> bool:
    """``self.__dict__.update(...)`` or ``vars(self).update(...)``."""
    function = call.func
    if not (isinstance(function, ast.Attribute) and function.attr == "update"):
        return False
    owner = function.value
    if isinstance(owner, ast.Attribute) and owner.attr == "__dict__":
        return isinstance(owner.value, ast.Name) and owner.value.id == instance
    return (
        isinstance(owner, ast.Call)
        and terminal_name(owner.func) == "vars"
        and len(owner.args) == 1
        and isinstance(owner.args[0], ast.Name)
        and owner.args[0].id == instance
    )


def copied_and_lost(
    copied: AbstractSet[str], called: bool, set_otherwise: AbstractSet[str] = frozenset()
) -> tuple[str, str]:
    """``("__doc__", "__name__, __qualname__, __module__ and __wrapped__ are")`` for a
    half copy. ``__wrapped__`` is named only where the instance is called in the
    function's place (``inspect.signature`` follows it); a descriptor's attribute is read.
    What ``__init__`` sets to a value of its own (type_enforced's ``self.__name__ =
    fn.__name__ + "_type_enforced"``) is the class's choice, not lost."""
    listed = (*_NAMED_METADATA, "__wrapped__") if called else _NAMED_METADATA
    named = [attribute for attribute in listed if attribute in copied]
    named.extend(sorted(set(copied) - set(listed)))
    lost = [a for a in listed if a not in copied and a not in set_otherwise]
    verb = "is" if len(lost) == 1 else "are"
    return _and_list(named), f"{_and_list(lost)} {verb}"


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def evaluated_on_the_class(get_method: FunctionNode, stored: AbstractSet[str]) -> bool:
    """Whether ``__get__(self, obj, owner)`` calls a stored function with ``owner`` and
    never with ``obj``: a class property (``return self.fget(owner)``).

    Read on the class or on an instance, the attribute is the value the function
    computes; the instance of the descriptor stays in the class ``__dict__``, where
    neither ``help()``, pydoc nor Sphinx looks for a docstring: nothing reads the metadata
    ``update_wrapper`` would give it. A descriptor that also calls it with ``obj``
    (sqlalchemy's hybrid, astroquery's ``class_or_instance``) has an attribute of its own
    on one side and is judged as a descriptor. So is one that, read on the class, calls
    the function on an instance it makes of the class (meltano's
    ``DefaultInstanceProperty``: ``if instance is None: instance = owner()``)."""
    positional = _positional(get_method)
    if len(positional) < 3:
        return False
    obj, owner = positional[1:3]
    called_with = {first for _, first in _stored_calls(get_method, stored, positional)}
    if owner in called_with and obj not in called_with:
        return True
    return called_with == {obj} and _made_from_the_class(get_method, obj, owner)


def _made_from_the_class(get_method: FunctionNode, obj: str, owner: str) -> bool:
    """``if obj is None: obj = owner()``: read on the class, the instance is made of it."""
    for node in ast.walk(get_method):
        if not (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name)
            and node.test.left.id == obj
            and len(node.test.ops) == 1
            and isinstance(node.test.ops[0], ast.Is)
            and isinstance(node.test.comparators[0], ast.Constant)
            and node.test.comparators[0].value is None
        ):
            continue
        for statement in node.body:
            if (
                isinstance(statement, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == obj for t in statement.targets)
                and any(isinstance(n, ast.Name) and n.id == owner
                        for n in ast.walk(statement.value))
            ):
                return True
    return False


def calls_stored_with_owner(
    get_method: FunctionNode, stored: AbstractSet[str]
) -> bool:
    """Whether ``__get__(self, obj, owner)`` calls a stored function with ``obj`` or
    ``owner`` alone: ``self.func(obj)``, as ``cached_property`` and ``reify`` do.

    Such a class turns a method into an attribute; its instances sit in the class in the
    method's place, and ``help()`` shows their docstring. A stored function called with
    more (``self.__wrapper(obj, self)``, cachetools) builds something else, and the
    metadata is the business of whoever builds the descriptor.
    """
    positional = _positional(get_method)
    if len(positional) < 2:
        return False
    owners = set(positional[1:3])
    return any(
        len(call.args) == 1 and not call.keywords and first in owners
        for call, first in _stored_calls(get_method, stored, positional)
    )


def _positional(method: FunctionNode) -> list[str]:
    return [arg.arg for arg in (*method.args.posonlyargs, *method.args.args)]


def _stored_calls(
    method: FunctionNode, stored: AbstractSet[str], positional: list[str]
) -> Iterable[tuple[ast.Call, str]]:
    """``self.func(name, ...)`` in ``method``, with ``name``: a stored function called with
    a plain name first (``self`` being the method's first parameter)."""
    for node in ast.walk(method):
        if (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Name)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in stored
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == positional[0]
        ):
            yield node, node.args[0].id


def metadata_copied_from(
    frame: Frame, instance: str, wrapped: str, stored: AbstractSet[str]
) -> set[str]:
    """The metadata ``__init__`` copies onto the instance from the function it stores:
    ``self.__name__ = score_func.__name__``, ``self.__doc__ = getattr(self.func, "__doc__",
    None)`` (pycaret's score functions, built by code with their settings). Values of the
    class's own (``self.__name__ = "task"``) are not copies."""
    return {
        attribute
        for attribute, value in _set_on_instance(frame, instance, METADATA_ATTRIBUTES)
        if value is not None and reads_from(value, instance, wrapped, stored)
    }


def wrapped_set_by_hand(
    frame: Frame, instance: str, wrapped: str, stored: AbstractSet[str]
) -> bool:
    """``self.__wrapped__ = func`` (or ``= self.func``): what update_wrapper would set,
    so a half copy's message does not name it as lost."""
    return any(
        value is not None and _is_the_function(value, instance, wrapped, stored)
        for _, value in _set_on_instance(frame, instance, {"__wrapped__"})
    )


def _is_the_function(
    value: ast.expr, instance: str, wrapped: str, stored: AbstractSet[str]
) -> bool:
    """``func`` or ``self.func``: the function itself."""
    if isinstance(value, ast.Name):
        return value.id == wrapped
    return (
        isinstance(value, ast.Attribute)
        and value.attr in stored
        and isinstance(value.value, ast.Name)
        and value.value.id == instance
    )


def reads_from(value: ast.expr, instance: str, wrapped: str, stored: AbstractSet[str]) -> bool:
    """``func.__name__`` or ``getattr(self.func, "__name__", ...)``: read from the function."""
    if isinstance(value, ast.Call) and terminal_name(value.func) == "getattr" and value.args:
        value = value.args[0]
    elif isinstance(value, ast.Attribute) and value.attr in METADATA_ATTRIBUTES:
        value = value.value
    else:
        return False
    return _is_the_function(value, instance, wrapped, stored)


def slots_without_dict(class_node: ast.ClassDef) -> bool:
    """Whether the class's ``__slots__`` is a literal that names no ``__dict__``, and no
    base can give its instances one (``object`` alone): they can take no attribute it
    does not name (False when it cannot tell)."""
    names = _slot_names(class_node)
    return (
        names is not None
        and "__dict__" not in names
        and all(terminal_name(base) == "object" for base in class_node.bases)
        and not class_node.keywords
    )


def has_instance_dict(class_node: ast.ClassDef) -> bool:
    """Whether instances surely have a ``__dict__`` for update_wrapper to fill: no
    ``__slots__`` anywhere in the class body, or a literal one that names ``'__dict__'``
    (a base may give one too, which it cannot tell: then no)."""
    if _slots_value(class_node) is None:  # none, not even under an if
        return True
    names = _slot_names(class_node)
    return names is not None and "__dict__" in names


def _slots_in_a_block(class_node: ast.ClassDef) -> bool:
    """``__slots__`` set under an ``if``, ``try`` or ``with`` of the class body, or
    changed by ``+=``: what the class gets cannot be read."""
    for statement in class_node.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) or isinstance(
            statement, FUNCTION_TYPES + (ast.ClassDef,)
        ):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and node.id == "__slots__" and not isinstance(
                node.ctx, ast.Load
            ):
                return True
    return False


def _slot_names(class_node: ast.ClassDef) -> Optional[list[str]]:
    """The names of a literal ``__slots__`` (a string, or a tuple, list or set of
    strings); None when there is none or it cannot tell."""
    value = _slots_value(class_node)
    names = [value] if isinstance(value, ast.Constant) else getattr(value, "elts", None)
    if names is None:
        return None
    strings = [name.value for name in names if isinstance(name, ast.Constant)]
    if len(strings) != len(names) or not all(isinstance(name, str) for name in strings):
        return None
    return [str(name) for name in strings]


def _slots_value(class_node: ast.ClassDef) -> Optional[ast.expr]:
    """What the class body assigns to ``__slots__`` last (a bare annotation counts, as an
    ``Ellipsis``; an ``if``/``try`` in the body makes it unknown, also an Ellipsis), or
    None. The last one is what the class gets."""
    found: Optional[ast.expr] = ast.Constant(...) if _slots_in_a_block(class_node) else None
    for statement in class_node.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value or ast.Constant(...)
        else:
            continue
        if any(isinstance(target, ast.Name) and target.id == "__slots__" for target in targets):
            found = value
    return found
