"""WRP001 and WRP007 on a closure installed in place of the attribute it calls: a class
decorator, ``__init_subclass__`` or a patching function reads a method, defines a closure
that calls it, and sets the closure under the method's name (``installed``). Every
caller, ``help()`` and ``inspect.signature()`` then get the closure's name, docstring and
``(*args, **kwargs)``.

The decision is a sum of named signals, as for returned closures (``evidence``): the
shape itself, and what the attribute is set on. The class a decorator or
``__init_subclass__`` is given is what maintainers fixed (simonw/llm's ``__init__``,
microsoft/agent-framework's ``run``); a library class patched from outside, and an
instance, a module or a value patched outside test code, are possibly wrappers (WRP007):
read in stop 86, such patches were real stand-ins (19 of 76, typeguard's ``check_type``
replaced by torchtyping, ``anyio.open_process`` by huggingface_hub) or hooks and one
object's methods whose metadata nobody reads (52), seldom no wrapper at all (5). In test
code they are test doubles, and not reported. A patch that puts the old value back (or
deletes the attribute again) is temporary, and excluded.
"""

from __future__ import annotations

import ast
from typing import Iterator, NamedTuple, Optional

from flake8_wraps.analysis.adapters import tests_the_hook
from flake8_wraps.analysis.closure_facts import ClosureFacts
from flake8_wraps.analysis.collect import Frame, Module
from flake8_wraps.analysis.context import ModuleContext
from flake8_wraps.analysis.copies import IDENTITY_ATTRIBUTES, copies_in_frame, metadata_set_on
from flake8_wraps.analysis.evidence import (
    POSSIBLE_THRESHOLD,
    THRESHOLD,
    Signal,
    exclusion_of,
    score_of,
    signal_line,
)
from flake8_wraps.analysis.findings import Finding, Fix, finding
from flake8_wraps.analysis.fix_safety import FixSafety, decorate_safety
from flake8_wraps.analysis.frames import positional_names, returns_name
from flake8_wraps.analysis.installed import Installed, installed_closures, restored_by_sibling
from flake8_wraps.analysis.names import dotted_source

#: The weight of each signal about an installed closure; signals not here exclude one.
#: Chosen by hand, not fitted: the maintainers' fixes hold a handful of such closures and
#: the labelled scans few, too few for ``benchmarks/fit_decision.py``. Read against the fixes
#: and the scans' installs (stop 74): the shape on the class it is given reaches WRP001;
#: on a class named from elsewhere, or in test code, WRP007; on anything else, nothing.
INSTALLED_WEIGHTS: dict[str, int] = {
    # set in place of the attribute whose old value it calls
    "replaces-what-it-calls": 2,
    # set on the class the function is given, defines or builds
    "on-its-class": 2,
    # set on a class named from elsewhere (``requests.Session.request``): a monkey patch
    "on-a-library-class": 0,
    # set on an instance, a module or a value (``typeguard.check_type = check_type``,
    # ``setattr(self, name, cached)``): WRP007 outside test code, read in stop 86
    # (``benchmarks/data/installed_labels_86.csv``: 19 TP, 52 ACCEPTABLE, 5 NOT)
    "on-something-else": 0,
    # in test code: a test class's patched method is read by nobody but its tests
    # (cloud-custodian's ``requires_arm_polling``), so at most WRP007
    "test-code": -2,
}

#: First parameters that hold a class: a class decorator's, a metaclass's.
_CLASS_NAMES = frozenset(
    {"cls", "klass", "kls", "clazz", "class_", "cls_", "klass_", "mcs", "new_cls", "new_class"}
)
_CLASS_NAME_ENDINGS = ("_cls", "_class", "_klass")


class InstalledJudgement(NamedTuple):
    """The decision about one installed closure, with its evidence."""

    installed: Installed
    signals: tuple[Signal, ...]

    @property
    def score(self) -> int:
        return score_of(self.signals)

    @property
    def excluded(self) -> bool:
        return exclusion_of(self.signals) is not None

    @property
    def is_wrapper(self) -> bool:
        return not self.excluded and self.score >= THRESHOLD

    @property
    def is_possible_wrapper(self) -> bool:
        return not self.excluded and POSSIBLE_THRESHOLD <= self.score < THRESHOLD


class InstalledWrappers(ModuleContext):
    """WRP001 (WRP007 on weaker evidence) on closures installed in place of a method."""

    __slots__ = ()

    def _installed_wrappers(self, frame: Frame) -> Iterator[Finding]:
        for judgement in self.judge_installed(frame):
            found = self._installed_finding(frame, judgement)
            if found is not None:
                yield found

    def judge_installed(self, frame: Frame) -> Iterator[InstalledJudgement]:
        """The judgement of every closure ``frame`` installs in place of what it calls."""
        for installed in installed_closures(frame):
            if returns_name(frame, installed.wrapper.name):
                continue  # the returned closure's own decision (``missing_wraps``) holds
            yield InstalledJudgement(installed, tuple(self._installed_signals(frame, installed)))

    def _installed_signals(self, frame: Frame, installed: Installed) -> Iterator[Signal]:
        wrapper, original = installed.wrapper, installed.original
        place = _place_text(installed)
        yield Signal(
            "replaces-what-it-calls",
            INSTALLED_WEIGHTS["replaces-what-it-calls"],
            f"'{wrapper.name}' is set in place of {place}, whose old value '{original}' it"
            " calls",
        )
        kind = _target_kind(self, frame, installed)
        if kind == "on-its-class":
            says = f"{installed.target} is a class that '{frame.node.name}' is given or makes"
        elif kind == "on-a-library-class":
            says = f"{installed.target} names a class from elsewhere: a monkey patch"
        else:
            says = f"{installed.target} is no class in sight (an instance, a module, a value)"
        yield Signal(kind, INSTALLED_WEIGHTS[kind], says)
        if self.test_code is not None and self.test_code():
            yield Signal("test-code", INSTALLED_WEIGHTS["test-code"], "the module is test code")
        if installed.restored:
            yield Signal(
                "restored",
                None,
                f"'{frame.node.name}' sets {place} back (to '{original}', or deletes it):"
                " a temporary patch",
            )
        elif frame.is_method and self._restored_by_sibling(frame, installed):
            yield Signal(
                "restored",
                None,
                f"another method of its class sets {place} back to the old value it keeps"
                " on the instance: a temporary patch",
            )
        if wrapper.decorator_list:
            copies = any(
                isinstance(d, ast.Call) and self._is_any_wraps(d.func)
                for d in wrapper.decorator_list
            )
            yield Signal(
                "copied" if copies else "own-decorators",
                None,
                f"'{wrapper.name}' has @functools.wraps" if copies
                else f"'{wrapper.name}' has decorators of its own: no plain function",
            )
        elif copies_in_frame(frame, wrapper.name, original):
            yield Signal(
                "copied",
                None,
                f"a call such as update_wrapper() is given '{wrapper.name}' and '{original}'",
            )
        if "__signature__" in metadata_set_on(frame, installed.target):
            # sklearn's deprecated class: ``cls.__signature__ = sig`` keeps what users read
            yield Signal(
                "signature-kept",
                None,
                f"'{frame.node.name}' sets {installed.target}.__signature__ by hand",
            )
        by_hand = metadata_set_on(frame, wrapper.name)
        if by_hand >= set(IDENTITY_ATTRIBUTES):
            yield Signal("copied", None, f"the metadata of '{original}' is copied by hand")

    def _restored_by_sibling(self, frame: Frame, installed: Installed) -> bool:
        owner = self._owning_class(frame)
        return owner is not None and restored_by_sibling(frame, installed, owner)

    def _installed_finding(
        self, frame: Frame, judgement: InstalledJudgement
    ) -> Optional[Finding]:
        possible = judgement.is_possible_wrapper
        if not (judgement.is_wrapper or possible):
            return None
        installed = judgement.installed
        wrapper, original = installed.wrapper, installed.original
        # Safe where it would be safe on a returned closure, the read and the install
        # aside (llm's own tests before and after its safe fix; transitions',
        # huggingface_hub's and modeltranslation's after their unsafe ones:
        # benchmarks/fix_proof.py). Never on weaker evidence.
        fix = None
        order = ""
        if installed.read.lineno >= wrapper.lineno:
            read_at = installed.read.lineno
            order = f", once '{original}' is read before it (it is read on line {read_at})"
        elif unfixable_installed(installed) is not None:
            pass  # no fix: ``explain`` says why
        else:
            # A possible wrapper's fix is unsafe whatever the module holds (see
            # ``missing_wraps``): its module-wide reasons are left to ``explain``.
            safety = install_safety(frame, installed, None if possible else self.module)
            fix = Fix(
                "decorate", wrapper.lineno, wrapper.name, original,
                safety.safe and not possible, removed=safety.removed,
            )
        return finding(
            wrapper,
            "possible-installed-without-wraps" if possible else "installed-without-wraps",
            fix,
            wrapper=wrapper.name,
            place=_place_text(installed),
            wrapped=original,
            lost=_lost_text(installed, metadata_set_on(frame, wrapper.name)),
            order=order,
        )


def unfixable_installed(installed: Installed) -> Optional[str]:
    """Why no ``@functools.wraps(original)`` can go above the closure: the old value is
    read after its ``def`` (``def logged_run`` first, then ``original_run = cls.run``), and
    a decorator runs with the ``def``, before the name is bound: UnboundLocalError. So it
    may where the read sits in a block of its own (``if flag: orig = obj.run``): the
    ``def`` runs on every path. And a read with a default (``getattr(obj, "hook", None)``)
    that the closure tests may give it no function to copy from: ``wraps(None)`` sets
    ``__wrapped__`` to None, and ``inspect.signature`` fails on it (a hostile pass of
    stop 86)."""
    read, wrapper, original = installed.read, installed.wrapper, installed.original
    if read.lineno >= wrapper.lineno:
        return (
            f"'{original}' is bound after 'def {wrapper.name}' (line {read.lineno}), and"
            f" @functools.wraps({original}) would run before it"
        )
    if not installed.read_first:
        return (
            f"'{original}' is bound in a block of its own (line {read.lineno}), and"
            f" @functools.wraps({original}) runs with 'def {wrapper.name}' on every path"
        )
    value = read.value
    if isinstance(value, ast.Call) and len(value.args) == 3 and tests_the_hook(
        ClosureFacts(wrapper), original
    ):
        return (
            f"'{original}' may hold getattr()'s default (line {read.lineno}), as"
            f" '{wrapper.name}' expects, and @functools.wraps({original}) would copy from it"
        )
    return None


def install_safety(
    frame: Frame, installed: Installed, module: Optional[Module]
) -> FixSafety:
    """The safety of adding ``@functools.wraps(original)`` to an installed closure:
    ``decorate_safety``'s, with the statements that read the old value and install the
    closure counted as neither uses of the closure nor bindings of the original."""
    shape = frozenset({installed.read.lineno, installed.install_line})
    return decorate_safety(frame.node, installed.wrapper, installed.original, False, module, shape)


def describe_installed(judgement: InstalledJudgement) -> str:
    """The decision and its evidence, for ``flake8-wraps explain``."""
    installed = judgement.installed
    if judgement.is_wrapper:
        verdict = "a wrapper: reported"
    elif judgement.is_possible_wrapper:
        verdict = "possibly a wrapper: WRP007 (off by default)"
    else:
        verdict = "not reported"
    lines = [
        f"'{installed.wrapper.name}' (line {installed.wrapper.lineno}), set in place of"
        f" {_place_text(installed)} (line {installed.install_line}): {verdict}"
    ]
    lines.extend(signal_line(signal) for signal in judgement.signals)
    excluded = exclusion_of(judgement.signals)
    lines.append(
        f"  decision: excluded by {excluded.name}" if excluded is not None
        else f"  decision: score {judgement.score} against thresholds of {THRESHOLD} (WRP001)"
        f" and {POSSIBLE_THRESHOLD} (WRP007)"
    )
    return "\n".join(lines)


def _place_text(installed: Installed) -> str:
    """``cls.__init__``; ``getattr(cls, name)`` where a ``setattr`` names it."""
    if installed.literal:
        return f"{installed.target}.{installed.attribute}"
    return f"getattr({installed.target}, {installed.attribute})"


def _lost_text(installed: Installed, by_hand: frozenset[str]) -> str:
    """``"its name and docstring are"``, less what is copied by hand (and the name, where
    the closure is named as the attribute); the detail names the signature."""
    named = installed.literal and installed.wrapper.name == installed.attribute
    lost = [
        word
        for word, kept in (
            ("name", named or "__name__" in by_hand),
            ("docstring", "__doc__" in by_hand),
        )
        if not kept
    ]
    if lost:
        return f"its {' and '.join(lost)} {'is' if len(lost) == 1 else 'are'}"
    if {"__signature__", "__wrapped__"} & by_hand:
        return "its __qualname__ and __module__ are"
    return "its signature is"


def _target_kind(context: ModuleContext, frame: Frame, installed: Installed) -> str:
    """``on-its-class``, ``on-a-library-class`` or ``on-something-else``.

    A parameter holds a class where it is named as one (``cls``, ``model_class``) or where
    a special method is set on it (``obj.__init__``: on an instance, Python would never
    look there). Returning it says nothing: a builder returns the instance it patched
    (pyparsing's ``self._parse``, a parser's ``add_argument``)."""
    target = installed.target
    head, _, last = target.rpartition(".")
    if target == "self" and frame.is_method:
        return "on-something-else"  # ``self.__call__ = ...`` in ``__init__``: an instance
    if not head:
        if target in positional_names(frame.node):
            special = installed.literal and _is_special(installed.attribute)
            if target in _CLASS_NAMES or target.endswith(_CLASS_NAME_ENDINGS) or special:
                return "on-its-class"
            return "on-something-else"
        if any(node.name == target for node in context.module.module_classes):
            return "on-its-class"
        if any(_makes_a_class(assign, target) for assign in frame.assigns):
            return "on-its-class"
    if head == "self" or target == "self":
        return "on-something-else"
    if last[:1].isupper() and any(character.islower() for character in last):
        return "on-a-library-class"
    return "on-something-else"


def _is_special(attribute: str) -> bool:
    return len(attribute) > 4 and attribute.startswith("__") and attribute.endswith("__")


def _makes_a_class(assign: ast.Assign, name: str) -> bool:
    """``name = super().__new__(mcs, ...)`` or ``name = type(...)`` in a metaclass."""
    value = assign.value
    if not (
        len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
        and assign.targets[0].id == name
        and isinstance(value, ast.Call)
    ):
        return False
    return dotted_source(value.func) == "type" or (
        isinstance(value.func, ast.Attribute) and value.func.attr == "__new__"
    )
