"""The analysis: an ``ast.Module`` in, findings out. No flake8 here.

The whole module is traversed once, and only through statement lists: functions and
classes are only ever statements, so expressions are never visited on the way. The pass
records, per function, what the rules need (its nested defs, its returns, its assignments
and bare calls) together with the file's imports. The rules then look closely, with
scope-aware walks, only at the few functions that return a closure.
"""

from __future__ import annotations

import ast
import itertools
from typing import AbstractSet, Callable, Iterable, Iterator, NamedTuple, Optional, Union

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.adapters import adapter_signals, names_a_class
from flake8_wraps.analysis.closures import (
    HANDED_ON,
    HELPER_CALL,
    OTHER_CALL,
    STAND_IN_CALL,
    CallableUse,
    FunctionNode,
    callable_uses,
    mentions,
    parameter_defaults,
    parameter_names,
    passes_on,
    scope_info,
)
from flake8_wraps.analysis.class_decorators import (
    calls_stored_with_owner,
    copied_and_lost,
    hands_on_instance,
    metadata_set_on_instance,
    refers_to_stored,
    says_it_is_a_decorator,
    says_it_is_no_decorator,
)
from flake8_wraps.codes import RULE_BY_NAME, Rule
from flake8_wraps.config import DEFAULT_CONFIG, Config
from flake8_wraps.analysis.evidence import (
    APPLIED,
    BUILT_FOR_APPLIED,
    COPIED_BY_HAND,
    DERIVED,
    FORWARDS_EVERYTHING,
    HELPER,
    KEPT_INSIDE,
    LOSS_DOCUMENTED,
    NAMED_DECORATOR,
    NAMED_FUNCTION,
    NAMED_WRAPPER,
    OTHER_VALUES,
    POSSIBLE_THRESHOLD,
    STANDS_IN,
    STRONG_SHAPE,
    TYPED_AS_DECORATOR,
    Judgement,
    Signal,
    decide,
    docstring_documents_loss,
    docstring_says_decorator,
    names_a_decorator_level,
    says_decorator,
    says_function,
    says_wrapper,
)
from flake8_wraps.analysis.fix_safety import decorate_safety
from flake8_wraps.analysis.names import ImportedNames, dotted_source, terminal_name
from flake8_wraps.analysis.usage import Uses, is_private

_FUNCTION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITION_TYPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})

#: Statements with a ``body`` and an ``orelse``; with a ``body`` only; and ``try``.
_BRANCHING_TYPES = frozenset({ast.If, ast.For, ast.AsyncFor, ast.While})
_WITH_TYPES = frozenset({ast.With, ast.AsyncWith})
_TRY_TYPES = frozenset(
    getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name)  # TryStar: 3.11+
)
_MATCH_TYPE = getattr(ast, "Match", None)  # Python 3.10+

#: Annotation names that say a parameter holds data, never a function to call.
_DATA_TYPE_NAMES = frozenset(
    {
        "str",
        "bytes",
        "bytearray",
        "bool",
        "int",
        "float",
        "complex",
        "list",
        "dict",
        "set",
        "frozenset",
        "tuple",
        "List",
        "Dict",
        "Set",
        "FrozenSet",
        "Tuple",
        "Sequence",
        "Mapping",
        "Iterable",
        "Path",
        "PurePath",
        "Decimal",
        "Fraction",
    }
)
#: Annotation names that only combine other types.
_TYPE_COMBINATORS = frozenset({"Optional", "Union", "typing", "t", "None"})
#: Metadata attributes that a function sets by hand when it manages them on purpose.
_METADATA_ATTRIBUTES = frozenset(
    {
        "__name__",
        "__qualname__",
        "__doc__",
        "__module__",
        "__wrapped__",
        "__dict__",
        "__annotations__",
        "__signature__",
    }
)


class Fix(NamedTuple):
    """How the fixer repairs a finding: one edit, at a node both ``ast`` and LibCST find.

    Nodes are found by line and name, never by column: ``ast`` counts columns in UTF-8
    bytes, LibCST in characters.
    """

    #: ``decorate``, ``replace-decorator``, ``swap-arguments``, ``swap-application``,
    #: ``move-to-decorator``, ``insert-after`` or ``lambda-to-def``.
    edit: str
    #: Line of the node to edit: the def, decorator, call, statement or lambda.
    line: int
    #: The def's name, or the callee as written (``functools.update_wrapper``).
    name: str
    #: The wrapped callable, to copy the metadata from.
    wrapped: str
    #: Whether ``fix`` applies it without ``--unsafe-fixes``.
    safe: bool
    #: ``move-to-decorator``: the def that gets the decorator; ``insert-after``: the
    #: instance (``self``); ``lambda-to-def``: the new def's name.
    target_name: str = ""
    #: ``move-to-decorator``: the line of that def.
    target_line: int = 0
    #: ``decorate``: first lines of the statements that copy metadata by hand, which the
    #: new decorator makes redundant: the fix removes them (``fix_safety``).
    removed: tuple[int, ...] = ()


class Finding(NamedTuple):
    """One reported problem: where it is, which rule, and the names its message quotes."""

    line: int
    col: int
    rule: Rule
    fields: tuple[tuple[str, str], ...]
    #: How ``flake8-wraps fix`` repairs it; None when it cannot.
    fix: Optional[Fix] = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def message(self) -> str:
        return self.rule.message.format(**dict(self.fields))


class _Frame:
    """What one function's own statements contain (nested functions have their own).

    The traversal records nested defs and returns, which every rule needs. Assignments
    and bare calls are frequent and needed only for the few functions the rules look at
    closely, so they are gathered on first use.
    """

    __slots__ = (
        "node",
        "is_method",
        "parent",
        "at_module_level",
        "local_defs",
        "returns",
        "_assigns",
        "_calls",
    )

    def __init__(
        self,
        node: FunctionNode,
        is_method: bool,
        parent: Optional[_Frame],
        at_module_level: bool = False,
    ):
        self.node = node
        self.is_method = is_method
        self.parent = parent
        #: Defined in the module's own statements (not in a function or class).
        self.at_module_level = at_module_level
        self.local_defs: dict[str, list[FunctionNode]] = {}
        self.returns: list[ast.expr] = []
        self._assigns: Optional[list[ast.Assign]] = None
        self._calls: list[ast.Call] = []

    @property
    def assigns(self) -> list[ast.Assign]:
        """The function's own assignment statements."""
        if self._assigns is None:
            self._assigns, self._calls = _own_statements(self.node)
        return self._assigns

    @property
    def calls(self) -> list[ast.Call]:
        """The function's own calls that are whole statements."""
        if self._assigns is None:
            self._assigns, self._calls = _own_statements(self.node)
        return self._calls


def _own_statements(function: FunctionNode) -> tuple[list[ast.Assign], list[ast.Call]]:
    """``simple_statements`` of the function's body (kept for the next version)."""
    memo = node_memo.active()
    if memo is None:
        return simple_statements(function.body)
    assigns, calls = memo.get(("own_statements", function), simple_statements, function.body)
    return list(assigns), list(calls)


class _Module:
    """What the single traversal collects from a module."""

    __slots__ = (
        "tree",
        "imports",
        "frames",
        "frame_of",
        "callable_classes",
        "decorated",
        "module_classes",
        "class_decorator_candidates",
    )

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.imports = ImportedNames()
        self.frames: list[_Frame] = []
        self.frame_of: dict[ast.AST, _Frame] = {}
        #: Classes with a ``__call__`` or ``__get__`` method: the only ones WRP006 looks at.
        self.callable_classes: list[ast.ClassDef] = []
        self.decorated: list[tuple[FunctionNode, Optional[_Frame], Optional[ast.ClassDef]]] = []
        #: Classes defined in the module's own statements.
        self.module_classes: set[ast.ClassDef] = set()
        #: Functions in class bodies that take no ``self``, with their class.
        self.class_decorator_candidates: list[tuple[_Frame, ast.ClassDef]] = []


class Damage(NamedTuple):
    """How a module-level decorator damages the functions it decorates.

    What other files and the framework rules need to know about a decorator that the
    analysis reports (WRP001, WRP003, WRP005, WRP006), at its own level or as a factory.
    """

    #: The decorator's module-level name.
    decorator: str
    #: True for a factory, used as ``@decorator(...)``; False for ``@decorator``.
    called: bool
    #: The ``__name__`` the decorated function ends up with; None when it has none (an
    #: instance of a class-based decorator, a ``functools.partial``).
    wrapper: Optional[str]
    #: Line of the decorator's ``def`` or ``class``.
    line: int
    #: Whether the wrapper's signature is ``(*args, **kwargs)``-like.
    takes_any_arguments: bool


class DecoratedFunction(NamedTuple):
    """A decorated def and where it stands."""

    node: FunctionNode
    #: The class whose body holds it, for methods.
    class_node: Optional[ast.ClassDef]


class ModuleAnalysis(NamedTuple):
    """Everything the per-module analysis learned, for the rules that look further."""

    tree: ast.Module
    imports: ImportedNames
    findings: list[Finding]
    #: Module-level decorators that damage what they decorate, by name.
    damage: dict[str, Damage]
    decorated: list[DecoratedFunction]


def analyze(tree: ast.Module, config: Config = DEFAULT_CONFIG) -> list[Finding]:
    """Every finding in ``tree``, sorted by position."""
    return analyze_module(tree, config).findings


def analyze_module(
    tree: ast.Module,
    config: Config = DEFAULT_CONFIG,
    applied_elsewhere: Optional[Callable[[str], bool]] = None,
) -> ModuleAnalysis:
    """The findings of ``tree`` and what its decorators do to the functions they decorate.

    ``applied_elsewhere`` tells whether a name is applied as a decorator in another module
    of the project (``@timeit`` in a views module): evidence that a function defined here
    is a decorator. Without it, only this module's own applications count.
    """
    module = _collect(tree)
    rules = _Rules(module, config, applied_elsewhere)
    findings = list(rules.findings())
    findings.sort(key=lambda finding: (finding.line, finding.col, finding.rule.code))
    return ModuleAnalysis(
        tree,
        module.imports,
        findings,
        rules.damage(),
        [DecoratedFunction(node, class_node) for node, _, class_node in module.decorated],
    )


def _collect(tree: ast.Module) -> _Module:
    """The single pass: statement lists only, in one loop with the common cases first."""
    module = _Module(tree)
    function_def, async_function_def = ast.FunctionDef, ast.AsyncFunctionDef
    class_def = ast.ClassDef
    expr_statement, assign, return_statement = ast.Expr, ast.Assign, ast.Return
    import_statement, import_from = ast.Import, ast.ImportFrom
    branching_types, with_types = _BRANCHING_TYPES, _WITH_TYPES
    try_types, match_type = _TRY_TYPES, _MATCH_TYPE
    frames, frame_of = module.frames, module.frame_of
    # Each entry: a statement list, the function whose own statements these are, and
    # the class whose body they are (for methods).
    stack: list[tuple[list[ast.stmt], Optional[_Frame], Optional[ast.ClassDef]]] = [
        (tree.body, None, None)
    ]
    push, pop = stack.append, stack.pop
    while stack:
        body, frame, in_class = pop()
        for statement in body:
            kind = type(statement)
            if kind is expr_statement or kind is assign:
                pass  # the most frequent statements: nothing to record
            elif kind is function_def or kind is async_function_def:
                function: FunctionNode = statement  # type: ignore[assignment]
                if frame is not None:
                    frame.local_defs.setdefault(function.name, []).append(function)
                is_method = in_class is not None
                if function.decorator_list:
                    module.decorated.append((function, frame, in_class))
                    if is_method:
                        is_method = not any(
                            terminal_name(d) == "staticmethod" for d in function.decorator_list
                        )
                if is_method and function.name in ("__call__", "__get__"):
                    # Once per class, however many ``__call__`` overloads it declares.
                    if not module.callable_classes or module.callable_classes[-1] is not in_class:
                        module.callable_classes.append(in_class)  # type: ignore[arg-type]
                inner = _Frame(function, is_method, frame, frame is None and in_class is None)
                frames.append(inner)
                frame_of[function] = inner
                if is_method and not _takes_self(function):
                    candidates = module.class_decorator_candidates
                    candidates.append((inner, in_class))  # type: ignore[arg-type]
                push((function.body, inner, None))
            elif kind is return_statement:
                if frame is not None and statement.value is not None:  # type: ignore[attr-defined]
                    frame.returns.append(statement.value)  # type: ignore[attr-defined]
            elif kind is class_def:
                if frame is None and in_class is None:
                    module.module_classes.add(statement)  # type: ignore[arg-type]
                push((statement.body, None, statement))  # type: ignore[arg-type, attr-defined]
            elif kind is import_statement or kind is import_from:
                module.imports.add(statement)  # type: ignore[arg-type]
            elif kind in branching_types:
                push((statement.body, frame, in_class))  # type: ignore[attr-defined]
                if statement.orelse:  # type: ignore[attr-defined]
                    push((statement.orelse, frame, in_class))  # type: ignore[attr-defined]
            elif kind in with_types:
                push((statement.body, frame, in_class))  # type: ignore[attr-defined]
            elif kind in try_types:
                push((statement.body, frame, in_class))  # type: ignore[attr-defined]
                for handler in statement.handlers:  # type: ignore[attr-defined]
                    push((handler.body, frame, in_class))
                if statement.orelse:  # type: ignore[attr-defined]
                    push((statement.orelse, frame, in_class))  # type: ignore[attr-defined]
                if statement.finalbody:  # type: ignore[attr-defined]
                    push((statement.finalbody, frame, in_class))  # type: ignore[attr-defined]
            elif kind is match_type:
                for case in statement.cases:  # type: ignore[attr-defined]
                    push((case.body, frame, in_class))
    if module.class_decorator_candidates:
        _find_class_body_decorators(module)
    return module


def _takes_self(function: FunctionNode) -> bool:
    positional = [*function.args.posonlyargs, *function.args.args]
    return bool(positional) and positional[0].arg in ("self", "cls", "mcs", "metacls")


def _find_class_body_decorators(module: _Module) -> None:
    """``@_synchronized`` in a class body: the function it names is a plain function.

    A function in a class body whose first parameter is not ``self``, and that the
    class's own methods are decorated with, runs while the class body executes, as a
    decorator: its first parameter is the decorated function, not an instance.
    """
    applied: dict[ast.ClassDef, set[str]] = {}
    for function, _, class_node in module.decorated:
        if class_node is not None:
            names = applied.setdefault(class_node, set())
            for decorator in function.decorator_list:
                if isinstance(decorator, ast.Call):
                    decorator = decorator.func
                if isinstance(decorator, ast.Name):
                    names.add(decorator.id)
    for class_node in {class_node for _, class_node in module.class_decorator_candidates}:
        names = applied.setdefault(class_node, set())
        for statement in class_node.body:
            # ``failUnlessEqual = _deprecate(assertEqual)``
            if (
                isinstance(statement, ast.Assign)
                and isinstance(statement.value, ast.Call)
                and isinstance(statement.value.func, ast.Name)
                and len(statement.value.args) == 1
                and isinstance(statement.value.args[0], ast.Name)
            ):
                names.add(statement.value.func.id)
    for frame, class_node in module.class_decorator_candidates:
        if frame.node.name in applied.get(class_node, ()):
            frame.is_method = False


class _Rules:
    """The rules, applied to what the traversal collected."""

    __slots__ = (
        "module",
        "config",
        "applied_elsewhere",
        "_applied",
        "_copied_by_caller",
        "_copying_names",
        "_delegators",
        "_damaging",
        "_setters",
        "_context_key",
        "_uses",
    )

    def __init__(
        self,
        module: _Module,
        config: Config,
        applied_elsewhere: Optional[Callable[[str], bool]] = None,
    ):
        self.module = module
        self.config = config
        #: Whether a name is applied as a decorator in another module of the project;
        #: asked only for the few closures that this evidence would decide.
        self.applied_elsewhere = applied_elsewhere
        self._applied: Optional[frozenset[str]] = None
        self._copied_by_caller: Optional[frozenset[str]] = None
        self._delegators: Optional[dict[str, frozenset[str]]] = None
        self._setters: Optional[dict[str, frozenset[str]]] = None
        self._context_key: Optional[tuple[object, ...]] = None
        #: What each scope does with the functions defined in it, built on first need.
        self._uses: dict[ast.AST, Uses] = {}
        # (function or class that damages, name it gives, its wrapper's arguments)
        self._damaging: list[tuple[Union[_Frame, ast.ClassDef], Optional[str], bool]] = []
        # The last identifier of anything that may resolve to a wraps or update_wrapper
        # function: a set lookup rules out almost every call before any resolution.
        dotted = config.wraps_functions | config.update_wrapper_functions
        self._copying_names = frozenset(name.rpartition(".")[2] for name in dotted) | (
            module.imports.local_names_for(dotted)
        )

    def findings(self) -> Iterator[Finding]:
        # Most modules import nothing that copies metadata: then WRP002-WRP004 cannot
        # apply, and the calls need not be looked at.
        imports_copying = self.module.imports.binds_any_of(
            self.config.wraps_functions | self.config.update_wrapper_functions
        )
        if imports_copying:
            yield from self._discarded_wraps_calls()
            yield from self._wraps_without_arguments()
        for frame in self.module.frames:
            if imports_copying:
                yield from self._reversed_update_wrapper(frame)
            if frame.returns and (frame.local_defs or _returns_lambda(frame)):
                yield from self._returned_wrappers(frame)
        for class_node in self.module.callable_classes:
            yield from self._class_decorator(class_node)

    # -- name resolution -------------------------------------------------------------

    def _is_wraps(self, expr: ast.expr) -> bool:
        if terminal_name(expr) not in self._copying_names:
            return False
        return self.module.imports.qualified_name(expr) in self.config.wraps_functions

    def _is_update_wrapper(self, expr: ast.expr) -> bool:
        if terminal_name(expr) not in self._copying_names:
            return False
        qualified = self.module.imports.qualified_name(expr)
        return qualified in self.config.update_wrapper_functions

    # -- WRP002 ------------------------------------------------------------------------

    def _discarded_wraps_calls(self) -> Iterator[Finding]:
        _, bare_calls = simple_statements(self.module.tree.body, into_definitions=True)
        frame_of_call = {
            id(call): frame for frame in self.module.frames for call in frame.calls
        }
        for call in bare_calls:
            if self._is_wraps(call.func):
                text = "{}({})".format(
                    dotted_source(call.func), _short_source(call.args[0]) if call.args else ""
                )
                fix = None
                frame = frame_of_call.get(id(call))
                if frame is not None and call.args and isinstance(call.args[0], ast.Name):
                    target = self._wrapper_of(frame, call.args[0].id)
                    if target is not None:
                        fix = Fix(
                            "move-to-decorator",
                            call.lineno,
                            text,
                            call.args[0].id,
                            True,
                            target.name,
                            target.lineno,
                        )
                yield finding(call, "discarded-wraps-call", fix, call=text)

    def _wrapper_of(self, frame: _Frame, wrapped: str) -> Optional[FunctionNode]:
        """The def that stands in for ``wrapped``: ``frame``'s own, or one it returns."""
        parent = frame.parent
        if parent is not None and any(c is frame.node for c in _returned_closures(parent)):
            if _stood_in_parameter(frame.node, self._parameters(parent)) == wrapped:
                return frame.node
        for closure in _returned_closures(frame):
            if not isinstance(closure, ast.Lambda):
                if _stood_in_parameter(closure, self._parameters(frame)) == wrapped:
                    return closure
        return None

    # -- WRP003 ------------------------------------------------------------------------

    def _wraps_without_arguments(self) -> Iterator[Finding]:
        for function, frame, _ in self.module.decorated:
            for decorator in function.decorator_list:
                if not isinstance(decorator, ast.Call) and self._is_wraps(decorator):
                    wrapped = None
                    if frame is not None:
                        wrapped = _stood_in_parameter(function, self._parameters(frame))
                        # A functools.partial has no name: what the decorator returns
                        # hides the decorated function completely.
                        self._damaging.append((frame, None, True))
                    spelling = dotted_source(decorator) or "functools.wraps"
                    fix = None
                    if wrapped is not None:
                        fix = Fix("replace-decorator", decorator.lineno, spelling, wrapped, True)
                    yield finding(
                        decorator,
                        "wraps-without-arguments",
                        fix,
                        spelling=spelling,
                        wrapper=function.name,
                        wrapped=wrapped or "func",
                    )

    # -- WRP004 (reversed arguments) -----------------------------------------------------

    def _reversed_update_wrapper(self, frame: _Frame) -> Iterator[Finding]:
        """``update_wrapper(func, wrapper)`` and ``wraps(wrapper)(func)``."""
        calls = [
            call
            for call in _top_level_calls(frame)
            if terminal_name(call.func) in self._copying_names or type(call.func) is ast.Call
        ]
        if not calls:
            return
        params = set(_parameters(frame.node, False))
        instance = None
        if frame.is_method and frame.node.name == "__init__" and frame.node.args.args:
            instance = frame.node.args.args[0].arg
        for call in calls:
            target = source = None
            edit = "swap-arguments"
            if self._is_update_wrapper(call.func) and len(call.args) >= 2:
                target, source = call.args[0], call.args[1]
                spelling = dotted_source(call.func)
                fixed = "{}({}, {})".format(spelling, _short_source(source), _short_source(target))
            elif (
                isinstance(call.func, ast.Call)
                and self._is_wraps(call.func.func)
                and call.func.args
                and call.args
            ):
                source, target = call.func.args[0], call.args[0]
                spelling = dotted_source(call.func.func)
                fixed = "{}({})({})".format(spelling, _short_source(target), _short_source(source))
                edit = "swap-application"
            if (
                isinstance(target, ast.Name)
                and isinstance(source, ast.Name)
                and target.id in params
                and self._stands_in(frame, source.id, target.id, instance)
            ):
                # As a statement the swap only changes what is copied where; returned or
                # assigned, it also changes which object the caller gets: unsafe.
                safe = any(call is statement for statement in frame.calls)
                yield finding(
                    call,
                    "reversed-update-wrapper",
                    Fix(edit, call.lineno, spelling or "", target.id, safe),
                    call=_call_source(call),
                    wrapper=source.id,
                    wrapped=target.id,
                    fixed_call=fixed,
                )

    @staticmethod
    def _stands_in(frame: _Frame, name: str, wrapped: str, instance: Optional[str]) -> bool:
        """Whether ``name`` is the wrapper of ``wrapped`` in ``frame``.

        True for a nested def that stands in for ``wrapped``, and for the ``self`` of a
        class-based decorator's ``__init__``. Django's ``update_wrapper(_wrapper, dummy)``
        copies from a def that wraps nothing onto a parameter, on purpose.
        """
        if name == instance:
            return True
        return any(
            _stood_in_parameter(definition, frozenset((wrapped,))) == wrapped
            for definition in frame.local_defs.get(name, ())
        )

    # -- WRP001, WRP004 (wrong source), WRP005 ----------------------------------------

    def _returned_wrappers(self, frame: _Frame) -> Iterator[Finding]:
        params = self._parameters(frame)
        if not params:
            return
        for value in _returned_closures(frame):
            if isinstance(value, ast.Lambda):
                finding = self._lambda_wrapper(frame, value, params)
            else:
                finding = self._missing_wraps(frame, value, params)
            if finding is not None:
                yield finding

    def _missing_wraps(
        self, frame: _Frame, wrapper: FunctionNode, params: frozenset[str]
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
                source=_short_source(_wraps_source(decorator)),  # type: ignore[arg-type]
                wrapper=wrapper.name,
                wrapped=wrapped,
            )
        possible = judgement.is_possible_wrapper
        if not (judgement.is_wrapper or possible):
            return None
        if not possible:
            self._damaging.append((frame, wrapper.name, _takes_any_arguments(wrapper)))
        if judgement.loss_documented:
            return None
        applied = frame  # a factory's message names what the user applies: @retry(3)
        while applied.parent is not None and _returns_name(applied.parent, applied.node.name):
            applied = applied.parent
        safety = decorate_safety(frame.node, wrapper, wrapped)
        fix = Fix(
            "decorate", wrapper.lineno, wrapper.name, wrapped, safety.safe, removed=safety.removed
        )
        rule, fields = "missing-wraps", {}
        if any(signal.name == "half-copy" for signal in judgement.signals):
            copied, _, _, _ = _set_by_hand(frame, wrapper.name, wrapped)
            copied_text, lost_text = _copied_and_lost(copied)
            rule, fields = "half-copied-metadata", {"copied": copied_text, "lost": lost_text}
        if possible:
            # The same finding on weaker evidence: off by default, and its fix is unsafe.
            rule, fix = f"possible-{rule}", fix._replace(safe=False)
        return finding(
            wrapper,
            rule,
            fix,
            kind="decorator" if _named_a_decorator(judgement, applied is not frame) else "function",
            wrapper=wrapper.name,
            decorator=applied.node.name,
            wrapped=wrapped,
            **fields,
        )

    def _lambda_wrapper(
        self, frame: _Frame, lambda_node: ast.Lambda, params: frozenset[str]
    ) -> Optional[Finding]:
        if lambda_node.args.vararg is None:
            # ``lambda v: m(v)``: a lambda with a fixed signature adapts a callback; a
            # decorator's lambda must accept whatever the function accepts.
            return None
        body = lambda_node.body
        if isinstance(body, ast.Await):
            body = body.value
        if not (isinstance(body, ast.Call) and isinstance(body.func, ast.Name)):
            # A lambda that builds something from the result (``cls(loader(*a))``) or
            # is itself a decorator (``lambda f: lambda *a: f(*a)``) stands in for nothing.
            return None
        judgement = self.judge(frame, lambda_node, params)
        wrapped = judgement.wrapped
        possible = judgement.is_possible_wrapper
        if not (judgement.is_wrapper or possible) or wrapped != body.func.id:
            return None
        if not possible:
            self._damaging.append((frame, "<lambda>", True))
        if judgement.loss_documented:
            return None
        fix = None
        if any(value is lambda_node for value in frame.returns):
            # Not a name the function binds or reads: the lambda may read a global one.
            taken = {n.id for n in ast.walk(frame.node) if isinstance(n, ast.Name)}
            taken |= scope_info(frame.node).bound
            name = free_name("wrapper", taken)
            fix = Fix("lambda-to-def", lambda_node.lineno, frame.node.name, wrapped, False, name)
        rule = "possible-lambda-wrapper" if possible else "lambda-wrapper"
        return finding(lambda_node, rule, fix, decorator=frame.node.name, wrapped=wrapped)

    # -- the evidence --------------------------------------------------------------------

    def judge(
        self,
        frame: _Frame,
        closure: Union[FunctionNode, ast.Lambda],
        params: frozenset[str],
        complete: bool = False,
    ) -> Judgement:
        """Whether ``closure``, returned by ``frame``'s function, is a wrapper, and why.

        Exclusions come first and end the look early; the costly shape checks run only
        for closures that nothing has excluded, and the evidence from uses and from other
        modules only where it can change the decision. ``complete`` gathers all of it
        whatever the weights, for ``benchmarks/fit_decision.py`` to fit them.
        """
        memo = node_memo.active()
        if memo is None:
            judgement = self._judged(frame, closure, params)
        else:
            # The same closure in the same function, in a module that gives the same
            # evidence, is judged the same; only its line may have moved.
            key = ("judge", closure, frame.node, frame.is_method, params, self._context(memo))
            judgement = memo.get(key, self._judged, frame, closure, params)
            if judgement.line != closure.lineno:
                judgement = judgement._replace(line=closure.lineno)
        undecided = complete and judgement.wrapped is not None and judgement.excluded_by is None
        if judgement.is_wrapper or judgement.is_possible_wrapper or undecided:
            kept = self._kept_inside(frame)
            if kept is not None:
                judgement = judgement._replace(signals=(*judgement.signals, kept))
        if (
            judgement.wrapped is not None
            and judgement.excluded_by is None
            and (complete or not judgement.is_wrapper)
            and (complete or judgement.score + APPLIED >= POSSIBLE_THRESHOLD)
            and self.applied_elsewhere is not None
            and not any(signal.name == "applied-here" for signal in judgement.signals)
        ):
            for function in self._decorator_candidates(frame):
                if self.applied_elsewhere(function.name):
                    applied = Signal(
                        "applied-in-project",
                        APPLIED,
                        f"'{function.name}' is applied as a decorator in another project module",
                    )
                    return judgement._replace(signals=(*judgement.signals, applied))
        if (
            judgement.wrapped is not None
            and judgement.excluded_by is None
            and (complete or not judgement.is_wrapper)
            and (complete or judgement.score + BUILT_FOR_APPLIED >= POSSIBLE_THRESHOLD)
            and not any(signal.name == "applied-here" for signal in judgement.signals)
        ):
            built = self._built_for_applied(frame)
            if built is not None:
                return judgement._replace(signals=(*judgement.signals, built))
        return judgement

    def _built_for_applied(self, frame: _Frame) -> Optional[Signal]:
        """Evidence for: a private builder (``_build(f)``) whose result a public function
        of this module returns (``def deco(f): return _build(f)``, or hands it on,
        ``return dispatch(args, _build)``), and that public function is applied with
        ``@`` here or in another module of the project."""
        if not frame.at_module_level or not is_private(frame.node.name):
            return None
        if self._delegators is None:
            self._delegators = self._returning_functions()
        for delegator in sorted(self._delegators.get(frame.node.name, ())):
            if delegator in self._applied_here() or (
                self.applied_elsewhere is not None and self.applied_elsewhere(delegator)
            ):
                return Signal(
                    "built-for-applied",
                    BUILT_FOR_APPLIED,
                    f"'{delegator}' returns what '{frame.node.name}' builds"
                    f" and is applied as a decorator",
                )
        return None

    def _returning_functions(self) -> dict[str, frozenset[str]]:
        """For each name, the public module-level functions whose ``return`` mentions it."""
        found: dict[str, set[str]] = {}
        for frame in self.module.frames:
            if not frame.at_module_level or is_private(frame.node.name):
                continue
            for returned in frame.returns:
                for node in ast.walk(returned):
                    if isinstance(node, ast.Name) and node.id != frame.node.name:
                        found.setdefault(node.id, set()).add(frame.node.name)
        return {name: frozenset(functions) for name, functions in found.items()}

    def _kept_inside(self, frame: _Frame) -> Optional[Signal]:
        """Evidence against: the function is nested or private, so all its uses are in
        sight, and each keeps the wrapper inside a computation (``usage``)."""
        name = frame.node.name
        statements: list[ast.AST]
        if frame.parent is not None:
            function = frame.parent.node
            if node_memo.remembered(("reads-scope", function), self._reads_scope, function):
                return None
            statements = [function]
        elif is_private(name):
            statements = list(self.module.tree.body)
        else:
            return None
        verdicts = [
            node_memo.remembered(("kept-inside", statement, name), self._kept_in, statement, name)
            for statement in statements
        ]
        if False in verdicts or True not in verdicts:
            return None
        return Signal(
            "kept-inside",
            KEPT_INSIDE,
            f"each use of '{name}' keeps its result inside a computation"
            " (a local, an argument, a table): no one sees the wrapper's name",
        )

    def _reads_scope(self, function: ast.AST) -> bool:
        return self._statement_uses(function).reads_scope

    def _kept_in(self, statement: ast.AST, name: str) -> Optional[bool]:
        return self._statement_uses(statement).kept_inside(name)

    def _statement_uses(self, statement: ast.AST) -> Uses:
        uses = self._uses.get(statement)
        if uses is None:
            # Here, not at the top: the frameworks package imports this module.
            from flake8_wraps.analysis.frameworks.table import REGISTERING_NAMES

            uses = self._uses[statement] = Uses(statement, REGISTERING_NAMES)
        return uses

    def _context(self, memo: node_memo.NodeMemo) -> tuple[object, ...]:
        """Everything outside the closure's own top-level statement that ``_judged``
        reads: the settings, the imports, and what the module's other functions show.

        The same object as the last analysis' when equal (kept in ``memo``), so that
        comparing keys costs nothing.
        """
        if self._context_key is None:
            setters = self._metadata_setters()
            context = (
                self.config,
                self._copying_names,
                self.module.imports.key(),
                self._applied_here(),
                self._functions_copied_by_caller(),
                frozenset(setters.items()),
            )
            self._context_key = memo.get(("context", context), _same, context)
        return self._context_key

    def _judged(
        self, frame: _Frame, closure: Union[FunctionNode, ast.Lambda], params: frozenset[str]
    ) -> Judgement:
        """``judge``, without the evidence from other modules."""
        name = "<lambda>" if isinstance(closure, ast.Lambda) else closure.name
        signals: list[Signal] = []
        if _is_fixture(frame.node):
            signals.append(
                Signal(
                    "fixture", None, f"'{frame.node.name}' is a pytest fixture returning a helper"
                )
            )
        if not isinstance(closure, ast.Lambda) and self._is_decorator_level(closure):
            signals.append(
                Signal("factory-level", None, f"'{name}' returns a closure: a level of a factory")
            )
        elif names_a_decorator_level(name):
            signals.append(
                Signal("factory-level", None, f"'{name}' is named as the level of a factory")
            )
        uses = callable_uses(closure, params)
        used = sorted({use.name for use in uses})
        callbacks: list[str] = []
        if len(used) > 1:
            forwarded = _forwarded_beside_callbacks(frame.node, closure, uses)
            if forwarded is not None:
                callbacks = [name for name in used if name != forwarded]
                uses = [use for use in uses if use.name == forwarded]
                used = [forwarded]
        if len(used) != 1:
            if used:
                says = (
                    "it calls " + " and ".join(f"'{u}'" for u in used) + ": parts, not one function"
                )
                signals.append(Signal("calls-several", None, says))
            else:
                signals.append(
                    Signal(
                        "calls-no-parameter",
                        None,
                        "it calls no parameter of the enclosing function",
                    )
                )
            return Judgement(name, closure.lineno, None, tuple(signals))
        wrapped = used[0]
        signals.append(_use_signal(closure, wrapped, uses))
        if callbacks:
            says = " and ".join(f"'{name}'" for name in callbacks)
            signals.append(
                Signal("optional-callbacks", HELPER, f"it also calls {says}, optional callbacks")
            )
        signals.extend(self._name_signals(frame, name, wrapped))
        if not isinstance(closure, ast.Lambda):
            signals.extend(self._copy_signals(frame, closure, wrapped))
        if not any(signal.weight is None for signal in signals):
            arguments = frame.node.args
            positional = [*arguments.posonlyargs, *arguments.args]
            implicit_first = positional[0].arg if frame.is_method and positional else None
            signals.extend(
                adapter_signals(
                    closure,
                    wrapped,
                    uses,
                    frame.node,
                    frozenset(parameter_names(arguments)),
                    implicit_first,
                )
            )
        return Judgement(name, closure.lineno, wrapped, tuple(signals))

    def _decorator_candidates(self, frame: _Frame) -> list[FunctionNode]:
        """The function that returns the closure, and the factory that returns it, if any."""
        functions = [frame.node]
        parent = frame.parent
        if parent is not None and any(c is frame.node for c in _returned_closures(parent)):
            functions.append(parent.node)
        return functions

    def _name_signals(self, frame: _Frame, closure: str, wrapped: str) -> Iterator[Signal]:
        functions = self._decorator_candidates(frame)
        documented_loss = next((f for f in functions if docstring_documents_loss(f)), None)
        if documented_loss is not None:
            yield Signal(
                LOSS_DOCUMENTED,
                HELPER,
                f"the docstring of '{documented_loss.name}' says the name is not preserved",
            )
        named = next((f for f in functions if says_decorator(f.name)), None)
        if named is not None:
            yield Signal(
                "decorator-name", NAMED_DECORATOR, f"'{named.name}' is named as a decorator"
            )
        else:
            documented = next((f for f in functions if docstring_says_decorator(f)), None)
            if documented is not None:
                yield Signal(
                    "decorator-docstring",
                    NAMED_DECORATOR,
                    f"'{documented.name}' is documented as a decorator",
                )
            elif frame.is_method and frame.node.name == "__call__":
                owner = self._documented_decorator_class(frame)
                if owner is not None:
                    yield Signal(
                        "class-docstring",
                        NAMED_DECORATOR,
                        f"class '{owner.name}', whose '__call__' this is, is documented"
                        " as a decorator",
                    )
        if says_wrapper(closure):
            yield Signal("wrapper-name", NAMED_WRAPPER, f"'{closure}' is named as a wrapper")
        if says_function(wrapped):
            yield Signal(
                "function-parameter", NAMED_FUNCTION, f"'{wrapped}' is named as a function"
            )
        if _typed_as_decorator(frame.node, wrapped):
            yield Signal(
                "callable-annotations",
                TYPED_AS_DECORATOR,
                f"'{wrapped}' and the result of '{frame.node.name}' are annotated as callables",
            )
        applied = self._applied_here()
        function = next((f for f in functions if f.name in applied), None)
        if function is not None:
            yield Signal(
                "applied-here",
                APPLIED,
                f"'{function.name}' is applied as a decorator in this module",
            )

    def _documented_decorator_class(self, frame: _Frame) -> Optional[ast.ClassDef]:
        """The module-level class that ``frame``'s method belongs to, if its docstring
        says it is a decorator (astropy's ``SAMPMsgReplierWrapper``: "Function decorator
        that...")."""
        for class_node in self.module.module_classes:
            if frame.node in class_node.body:
                return class_node if docstring_says_decorator(class_node) else None
        return None

    def _applied_here(self) -> frozenset[str]:
        """Names applied as decorators in this module: ``@name``, ``@mod.name(...)``, and
        ``f = name(f)`` in the module's or a class's body. Inside a function, ``callback =
        _wrap_callback(callback)`` adapts a local value; it applies no decorator."""
        if self._applied is None:
            names: set[str] = set()
            for function, _, _ in self.module.decorated:
                for decorator in function.decorator_list:
                    if isinstance(decorator, ast.Call):
                        decorator = decorator.func
                    decorator_name = terminal_name(decorator)
                    if decorator_name is not None:
                        names.add(decorator_name)
            assigns, _ = simple_statements(self.module.tree.body, into_classes=True)
            for assign in assigns:
                value = assign.value
                if (
                    isinstance(value, ast.Call)
                    and len(value.args) == 1
                    and isinstance(value.args[0], ast.Name)
                    and any(
                        isinstance(t, ast.Name) and t.id == value.args[0].id
                        for t in assign.targets
                    )
                ):
                    callee = terminal_name(value.func)
                    if callee is not None:
                        names.add(callee)
            self._applied = frozenset(names)
        return self._applied

    def _copy_signals(self, frame: _Frame, wrapper: FunctionNode, wrapped: str) -> Iterator[Signal]:
        """What already copies ``wrapped``'s metadata onto the wrapper, or names it."""
        for decorator in wrapper.decorator_list:
            if not isinstance(decorator, ast.Call):
                if self._is_wraps(decorator) or terminal_name(decorator) == "wraps":
                    yield Signal(
                        "wraps-without-arguments", None, "@wraps without arguments (WRP003)"
                    )
                    return
                continue
            if mentions(decorator, wrapped):
                yield Signal(
                    "copied-by-decorator",
                    None,
                    f"a decorator of '{wrapper.name}' is given '{wrapped}'",
                )
                return
            if self._is_wraps(decorator.func):
                if _is_other_object(decorator, frame, wrapped):
                    yield Signal("wraps-wrong-source", None, "@wraps copies from another object")
                else:
                    yield Signal("copied-by-decorator", None, "@wraps copies from another name")
                return
        key = ("copies_in_frame", frame.node, wrapper.name, wrapped)
        if node_memo.remembered(key, _copies_in_frame, frame, wrapper.name, wrapped):
            yield Signal(
                "copied-by-call", None, f"a call is given both '{wrapper.name}' and '{wrapped}'"
            )
            return
        if self._is_view_deriver(frame):
            yield Signal(
                "copied-by-framework",
                None,
                f"'{frame.node.name}(view, info)' is a pyramid view deriver: pyramid applies"
                " it through wraps_view, which copies the view's metadata",
            )
            return
        source = self._copied_from_another(frame, wrapper.name)
        if source is not None:
            yield Signal(
                "copied-from-another",
                None,
                f"{source} copies another function's metadata onto '{wrapper.name}'",
            )
            return
        wrapper_calls = self.module.frame_of[wrapper].calls
        if any(self._is_wraps(call.func) for call in (*frame.calls, *wrapper_calls)):
            yield Signal("discarded-wraps-call", None, "a bare wraps() call is there (WRP002)")
            return
        key = ("manual_copy_signals", frame.node, wrapper.name, wrapped)
        yield from node_memo.remembered(
            key, _manual_copy_signal_tuple, frame, wrapper.name, wrapped
        )
        if frame.node.name in self._functions_copied_by_caller():
            yield Signal(
                "copied-by-caller", None, f"a caller copies onto what '{frame.node.name}' returns"
            )
        elif self._metadata_set_by_helper(frame, wrapper.name) - {"__doc__"}:
            yield Signal(
                "metadata-set-by-helper", None, "a helper of this module sets its metadata"
            )
        elif self._metadata_set_by_helper(frame, wrapper.name):
            yield Signal(
                "docstring-set", HELPER, "a helper sets its docstring; its qualified name is lost"
            )
        elif frame.parent is not None and _replaces_a_local(frame.parent, frame.node.name):
            yield Signal("local-plumbing", None, "a local callable is reshaped in place")

    def _is_view_deriver(self, frame: _Frame) -> bool:
        """``def deriver(view, info)`` in a module that imports pyramid:
        pyramid's ``wraps_view`` / ``preserve_view_attrs`` copy the metadata of what a
        deriver returns."""
        arguments = frame.node.args
        names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
        if names != ["view", "info"]:
            return False
        return self.module.imports.imports_module("pyramid")

    def _copied_from_another(self, frame: _Frame, wrapper: str) -> Optional[str]:
        """``update_wrapper(wrapper, wrapped)`` with ``wrapped`` a parameter of a factory
        around the decorator, or an attribute (``self.func``): the metadata is copied on
        purpose from something else than the function called (trio's ``_wraps_async``
        gives each wrapper the pathlib method's). The call, as written; None if none."""
        for call in frame.calls:
            if (
                self._is_update_wrapper(call.func)
                and len(call.args) >= 2
                and isinstance(call.args[0], ast.Name)
                and call.args[0].id == wrapper
                and isinstance(call.args[1], (ast.Name, ast.Attribute))
            ):
                return _call_source(call)
        return None

    def _metadata_set_by_helper(self, frame: _Frame, wrapper: str) -> frozenset[str]:
        """``_tidy(wrapper)``: the metadata attributes a function of this module sets on
        the closure it is given.

        SQLAlchemy's collection instrumentation gives each closure the docstring of the
        ``list`` method it replaces this way: the docstring is set, the qualified name and
        ``__wrapped__`` are still lost.
        """
        helpers = {
            call.func.id
            for call in frame.calls
            if isinstance(call.func, ast.Name)
            and call.args
            and isinstance(call.args[0], ast.Name)
            and call.args[0].id == wrapper
        }
        if not helpers:
            return frozenset()
        setters = self._metadata_setters()
        return frozenset(a for helper in helpers for a in setters.get(helper, ()))

    def _metadata_setters(self) -> dict[str, frozenset[str]]:
        """Functions of this module that assign metadata attributes of their first argument,
        and which attributes they assign."""
        if self._setters is not None:
            return self._setters
        setters: dict[str, set[str]] = {}
        for frame in self.module.frames:
            key = ("metadata_set_on_first", frame.node)
            attributes = node_memo.remembered(key, _metadata_set_on_first, frame)
            if attributes:
                setters.setdefault(frame.node.name, set()).update(attributes)
        self._setters = {name: frozenset(attributes) for name, attributes in setters.items()}
        return self._setters

    def _functions_copied_by_caller(self) -> frozenset[str]:
        """Functions whose result a caller in this module passes to ``update_wrapper``.

        ``functools.lru_cache`` builds its wrapper in ``_lru_cache_wrapper`` and copies
        the metadata in the caller: ``update_wrapper(_lru_cache_wrapper(func, ...), func)``
        or through a local name. Such a helper is not missing anything.
        """
        if self._copied_by_caller is None:
            names: set[str] = set()
            for frame in self.module.frames:
                for call in _top_level_calls(frame):
                    target = self._copy_target(call)
                    if isinstance(target, ast.Name):
                        target = _assigned_call(frame, target.id)
                    if isinstance(target, ast.Call):
                        callee = terminal_name(target.func)
                        if callee is not None:
                            names.add(callee)
            self._copied_by_caller = frozenset(names)
        return self._copied_by_caller

    def _copy_target(self, call: ast.Call) -> Optional[ast.expr]:
        """What ``update_wrapper(X, f)`` or ``wraps(f)(X)`` copies metadata onto: X.

        Matched by name as well as by import: ``functools`` itself calls its own
        ``update_wrapper``, and silence is the safe side of being unsure.
        """
        if not call.args:
            return None
        if self._is_update_wrapper(call.func) or terminal_name(call.func) == "update_wrapper":
            return call.args[0]
        if isinstance(call.func, ast.Call) and (
            self._is_wraps(call.func.func) or terminal_name(call.func.func) == "wraps"
        ):
            return call.args[0]
        return None

    def _is_decorator_level(self, function: FunctionNode) -> bool:
        """Whether ``function`` returns a closure itself: one level of a factory."""
        frame = self.module.frame_of[function]
        return any(True for _ in _returned_closures(frame))

    def _parameters(self, frame: _Frame) -> frozenset[str]:
        key = ("parameters", frame.node, frame.is_method)
        return node_memo.remembered(key, _parameter_set, frame.node, frame.is_method)

    # -- WRP006 ------------------------------------------------------------------------

    def _class_decorator(self, class_node: ast.ClassDef) -> Iterator[Finding]:
        methods: dict[str, FunctionNode] = {}
        if _manages_its_metadata(class_node) or says_it_is_no_decorator(class_node):
            # ``update_wrapper(self, func)`` would raise there (a property without a
            # setter), or fight what the class does on purpose; or its docstring says it
            # is no decorator (numba's ``PickleCallableByPath``).
            return
        for statement in class_node.body:
            if isinstance(statement, _FUNCTION_TYPES):
                methods[statement.name] = statement
        init, call, get = methods.get("__init__"), methods.get("__call__"), methods.get("__get__")
        if init is None or (call is None and get is None) or "__getattr__" in methods:
            return
        init_params = _parameters(init, True)
        if not init_params or not init.args.args:
            return
        wrapped = init_params[0]
        if wrapped not in _positional_names(init) or _required_positional_count(init) != 2:
            return  # ``@Decorator`` calls ``Decorator(func)``: only self and func required.
        if names_a_class(wrapped):
            return  # ``NotifyingRequestFactory(wrappedFactory)``: wraps a class, builds objects
        init_self = init.args.args[0].arg
        init_frame = self.module.frame_of[init]
        stored = {
            target.attr
            for assign in init_frame.assigns
            if isinstance(assign.value, ast.Name) and assign.value.id == wrapped
            for target in assign.targets
            if isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == init_self
        }
        if not stored:
            return
        forwarded = _forwarded_to_stored(call, stored) if call and call.args.args else set()
        is_descriptor = (
            not forwarded and get is not None and calls_stored_with_owner(get, stored)
        )
        if not forwarded and not is_descriptor:
            return
        if not (
            class_node.name in self._decorator_names()
            or says_it_is_a_decorator(class_node)
            or (forwarded in ({"*", "**"}, set()) and _has_only_plain_bases(class_node))
        ):
            # Not shown to be a decorator: a proxy or handler object with a protocol of
            # its own (``CallableDefaultdict(defaultdict)``, ``scoped_session(**kw)``), or
            # a descriptor that is a value too (toolz's ``_InstanceAnnotations(dict)``).
            return
        for init_call in _top_level_calls(init_frame):
            if refers_to_stored(init_call, init_self, wrapped, stored) and (
                hands_on_instance(init_call, init_self)
                or terminal_name(init_call.func) == "__init__"
            ):
                # update_wrapper(self, func), update_wrapper(self, self.func),
                # wraps(func)(self), super().__init__(func)
                return
        if self._copies_onto_instance(methods.values()):
            return  # update_wrapper(self, ...) in another method (``_setup``, ``__set_name__``)
        set_by_hand = metadata_set_on_instance(
            init_frame.assigns, init_self, _METADATA_ATTRIBUTES
        )
        if is_descriptor and "__doc__" in set_by_hand:
            return  # ``self.__doc__ = func.__doc__``: what ``help()`` shows is there
        if {"__name__", "__doc__"} <= set_by_hand:
            return  # invoke's ``Task`` sets ``__name__``, ``__doc__`` and ``__module__``
        if not is_descriptor:
            # A descriptor takes a method's place in a class; nothing registers it.
            self._damaging.append((class_node, None, True))
        stored_at = min(
            assign.lineno
            for assign in init_frame.assigns
            if isinstance(assign.value, ast.Name) and assign.value.id == wrapped
        )
        fix = None
        if not _declares_slots(class_node):  # update_wrapper needs an instance __dict__
            safe = not set_by_hand and not is_descriptor
            fix = Fix("insert-after", stored_at, "__init__", wrapped, safe, init_self)
        fields = {"decorator": class_node.name, "wrapped": wrapped}
        if set_by_hand:
            copied, lost = copied_and_lost(set_by_hand)
            rule = "class-decorator-half-copied-metadata"
            fields.update(copied=copied, lost=lost)
        elif is_descriptor:
            rule = "descriptor-decorator-missing-update-wrapper"
        else:
            rule = "class-decorator-missing-update-wrapper"
        yield finding(class_node, rule, fix, **fields)

    def _copies_onto_instance(self, methods: Iterable[FunctionNode]) -> bool:
        """Whether a method calls ``update_wrapper(self, ...)`` or ``wraps(...)(self)``."""
        for method in methods:
            positional = [*method.args.posonlyargs, *method.args.args]
            if not positional or any(
                terminal_name(d) in ("staticmethod", "classmethod") for d in method.decorator_list
            ):
                continue  # no instance to copy onto
            instance = positional[0].arg
            for node in ast.walk(method):
                if not isinstance(node, ast.Call):
                    continue
                copying = self._is_update_wrapper(node.func) or (
                    isinstance(node.func, ast.Call) and self._is_wraps(node.func.func)
                )
                if copying and hands_on_instance(node, instance):
                    return True
        return False

    def damage(self) -> dict[str, Damage]:
        """The module-level decorators that damage what they decorate, after ``findings``.

        A function reported at module level damages as ``@name``; a function that a
        module-level factory returns damages as ``@factory(...)``.
        """
        damage: dict[str, Damage] = {}
        for source, wrapper, takes_any in self._damaging:
            if isinstance(source, ast.ClassDef):
                if source in self.module.module_classes:
                    entry = Damage(source.name, False, None, source.lineno, True)
                    damage.setdefault(source.name, entry)
                continue
            if source.at_module_level:
                entry = Damage(source.node.name, False, wrapper, source.node.lineno, takes_any)
            elif (
                source.parent is not None
                and source.parent.at_module_level
                and any(closure is source.node for closure in _returned_closures(source.parent))
            ):
                factory = source.parent.node
                entry = Damage(factory.name, True, wrapper, factory.lineno, takes_any)
            else:
                continue
            previous = damage.get(entry.decorator)
            if previous is None or entry.line < previous.line:
                damage[entry.decorator] = entry
        return damage

    def _decorator_names(self) -> frozenset[str]:
        """Names used as bare decorators (``@name``) in this module."""
        return frozenset(
            decorator.id
            for function, _, _ in self.module.decorated
            for decorator in function.decorator_list
            if isinstance(decorator, ast.Name)
        )


def _typed_as_decorator(function: FunctionNode, parameter: str) -> bool:
    """``def timed(task: Callable[..., T]) -> Callable[..., T]`` or ``(func: F) -> F``:
    the same callable type in and out, a decorator's signature. Combinators change the
    type (``flip(f: Callable[[A, B], C]) -> Callable[[B, A], C]``)."""
    arguments = function.args
    annotation = next(
        (
            argument.annotation
            for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
            if argument.arg == parameter
        ),
        None,
    )
    taken, returned = _annotation(annotation), _annotation(function.returns)
    if taken is None or returned is None or ast.dump(taken) != ast.dump(returned):
        return False
    if isinstance(taken, ast.Subscript):
        return terminal_name(taken.value) == "Callable"
    name = terminal_name(taken)
    return name is not None and name not in _NOT_TYPE_VARIABLES


def _annotation(annotation: Optional[ast.expr]) -> Optional[ast.expr]:
    """The annotation, parsed if it is a string."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            return ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    return annotation


#: Bare annotations that are no type variable of a function: the same one on the parameter
#: and the result says nothing about decorating.
_NOT_TYPE_VARIABLES = frozenset(
    {"Any", "object", "None", "str", "int", "float", "bool", "bytes", "dict", "list", "tuple"}
)


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


def _metadata_set_on_first(frame: _Frame) -> frozenset[str]:
    """The metadata attributes the function assigns on its first parameter."""
    positional = [*frame.node.args.posonlyargs, *frame.node.args.args]
    if not positional:
        return frozenset()
    first = positional[0].arg
    return frozenset(
        target.attr
        for assign in frame.assigns
        for target in assign.targets
        if isinstance(target, ast.Attribute)
        and target.attr in _METADATA_ATTRIBUTES
        and isinstance(target.value, ast.Name)
        and target.value.id == first
    )


def _same(value: tuple[object, ...]) -> tuple[object, ...]:
    return value


def _named_a_decorator(judgement: Judgement, is_a_factory: bool) -> bool:
    """Whether WRP001 calls the function a decorator, or a plain 'function'."""
    return is_a_factory or any(s.name in _DECORATOR_EVIDENCE for s in judgement.signals)


def _returns_name(frame: _Frame, name: str) -> bool:
    """Whether the function of ``frame`` returns its local function ``name``."""
    return name in frame.local_defs and any(
        isinstance(value, ast.Name) and value.id == name for value in frame.returns
    )


def simple_statements(
    body: list[ast.stmt], into_definitions: bool = False, into_classes: bool = False
) -> tuple[list[ast.Assign], list[ast.Call]]:
    """Assignments and bare calls of a statement list, through its blocks.

    Nested functions and classes are left out, unless ``into_definitions`` asks for the
    whole module, or ``into_classes`` for the bodies of classes (not functions).
    """
    memo = node_memo.active()
    if memo is None:
        return _drained([body], into_definitions, into_classes)
    # The same lists, from what each compound statement gives alone (kept for the next
    # version): the list's own assignments and calls come first, in order, then the
    # blocks, the last statement's first (they are taken from the top of a stack).
    assigns: list[ast.Assign] = []
    calls: list[ast.Call] = []
    compound = []
    for statement in body:
        kind = type(statement)
        if kind is ast.Assign:
            assigns.append(statement)  # type: ignore[arg-type]
        elif kind is ast.Expr:
            if type(statement.value) is ast.Call:  # type: ignore[attr-defined]
                calls.append(statement.value)  # type: ignore[attr-defined]
        else:
            compound.append(statement)
    for statement in reversed(compound):
        inner_assigns, inner_calls = memo.get(
            ("simple_statements", statement, into_definitions, into_classes),
            _drained, [[statement]], into_definitions, into_classes,
        )
        assigns.extend(inner_assigns)
        calls.extend(inner_calls)
    return assigns, calls


def _drained(
    stack: list[list[ast.stmt]], into_definitions: bool, into_classes: bool
) -> tuple[list[ast.Assign], list[ast.Call]]:
    """``simple_statements`` of the statement lists on ``stack``, the top one first."""
    assigns: list[ast.Assign] = []
    calls: list[ast.Call] = []
    while stack:
        for statement in stack.pop():
            kind = type(statement)
            if kind is ast.Assign:
                assigns.append(statement)  # type: ignore[arg-type]
            elif kind is ast.Expr:
                if type(statement.value) is ast.Call:  # type: ignore[attr-defined]
                    calls.append(statement.value)  # type: ignore[attr-defined]
            elif kind in _BRANCHING_TYPES or kind in _TRY_TYPES:
                stack.append(statement.body)  # type: ignore[attr-defined]
                stack.append(statement.orelse)  # type: ignore[attr-defined]
                if kind in _TRY_TYPES:
                    stack.append(statement.finalbody)  # type: ignore[attr-defined]
                    stack.extend(h.body for h in statement.handlers)  # type: ignore[attr-defined]
            elif kind in _WITH_TYPES:
                stack.append(statement.body)  # type: ignore[attr-defined]
            elif kind is _MATCH_TYPE:
                stack.extend(case.body for case in statement.cases)  # type: ignore[attr-defined]
            elif (into_definitions and kind in _DEFINITION_TYPES) or (
                into_classes and kind is ast.ClassDef
            ):
                stack.append(statement.body)  # type: ignore[attr-defined]
    return assigns, calls


def finding(node: ast.AST, rule_name: str, fix: Optional[Fix] = None, **fields: str) -> Finding:
    return Finding(
        node.lineno,  # type: ignore[attr-defined]
        node.col_offset,  # type: ignore[attr-defined]
        RULE_BY_NAME[rule_name],
        tuple(fields.items()),
        fix,
    )


def _parameter_set(function: FunctionNode, is_method: bool) -> frozenset[str]:
    return frozenset(_parameters(function, is_method))


def _parameters(function: FunctionNode, is_method: bool) -> list[str]:
    """Parameters that may hold the decorated callable, in order.

    Leaves out the implicit ``self``/``cls`` of a method, ``*args``/``**kwargs``, and
    parameters whose annotation or default says they hold data.
    """
    arguments = function.args
    pairs = parameter_defaults(arguments)
    if is_method and (arguments.posonlyargs or arguments.args):
        pairs = pairs[1:]
    return [arg.arg for arg, default in pairs if not _holds_data(arg, default)]


def _manages_its_metadata(class_node: ast.ClassDef) -> bool:
    """Whether the class defines a metadata attribute (or ``__getattr__``) itself: as a
    method or property, a class attribute or descriptor, or a name in ``__slots__``."""
    managed = _METADATA_ATTRIBUTES | {"__getattr__"}
    for statement in class_node.body:
        if isinstance(statement, _FUNCTION_TYPES):
            if statement.name in managed:
                return True
            continue
        if isinstance(statement, ast.Assign):
            targets = statement.targets
            value: Optional[ast.expr] = statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if target.id in managed:
                return True
            if target.id == "__slots__" and value is not None:
                for node in ast.walk(value):
                    if isinstance(node, ast.Constant) and node.value in managed:
                        return True
    return False


def _declares_slots(class_node: ast.ClassDef) -> bool:
    return any(
        isinstance(statement, (ast.Assign, ast.AnnAssign))
        and any(
            isinstance(target, ast.Name) and target.id == "__slots__"
            for target in (
                statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            )
        )
        for statement in class_node.body
    )


def _forwarded_to_stored(call_method: FunctionNode, stored: set[str]) -> set[str]:
    """Which of ``*args`` / ``**kwargs`` ``__call__`` passes on to a stored attribute.

    A decorator's ``__call__`` must accept whatever the decorated function accepts; one
    with a fixed signature (``__call__(self, signum, frame)``) is a handler or a proxy
    with a protocol of its own. Returns a subset of ``{"*", "**"}``.
    """
    self_name = call_method.args.args[0].arg
    unchanged = scope_info(call_method).unchanged_params
    star = call_method.args.vararg.arg if call_method.args.vararg else None
    double_star = call_method.args.kwarg.arg if call_method.args.kwarg else None
    forwarded: set[str] = set()
    for node in ast.walk(call_method):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in stored
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == self_name
        ):
            if star in unchanged and passes_on(node, frozenset((star,))):
                forwarded.add("*")
            if double_star in unchanged and passes_on(node, frozenset((double_star,))):
                forwarded.add("**")
    return forwarded


#: Base classes that add no behaviour a decorator class could inherit metadata from.
_PLAIN_BASES = frozenset({"object", "Generic", "ABC", "Protocol"})


def _has_only_plain_bases(class_node: ast.ClassDef) -> bool:
    for base in class_node.bases:
        if isinstance(base, ast.Subscript):
            base = base.value
        if terminal_name(base) not in _PLAIN_BASES:
            return False
    return True


def _parameter_names(function: FunctionNode) -> set[str]:
    return set(parameter_names(function.args))


def _positional_names(function: FunctionNode) -> list[str]:
    return [arg.arg for arg in (*function.args.posonlyargs, *function.args.args)]


def _required_positional_count(function: FunctionNode) -> int:
    arguments = function.args
    required_keyword_only = sum(default is None for default in arguments.kw_defaults)
    if required_keyword_only:
        return -1  # cannot be called with positional arguments alone
    return len(arguments.posonlyargs) + len(arguments.args) - len(arguments.defaults)


def _holds_data(arg: ast.arg, default: Optional[ast.expr]) -> bool:
    if default is not None:
        if isinstance(default, ast.Constant) and default.value not in (None, Ellipsis):
            return True
        if isinstance(default, (ast.List, ast.Tuple, ast.Dict, ast.Set, ast.JoinedStr)):
            return True
    if arg.annotation is None:
        return False
    names: set[str] = set()
    for node in ast.walk(arg.annotation):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)
    return bool(names & _DATA_TYPE_NAMES) and names <= _DATA_TYPE_NAMES | _TYPE_COMBINATORS


def _returned_closures(frame: _Frame) -> Iterator[Union[FunctionNode, ast.Lambda]]:
    """The nested defs and lambdas that ``frame``'s function returns as they are.

    A value counts when it is returned directly, as a branch of a conditional expression,
    or through local aliases (``inner = wrapper; return inner``). A name that the function
    rebinds to anything else (``wrapper = something(wrapper)``) is no longer known to be
    the def, and is left out.
    """
    memo = node_memo.active()
    if memo is None:
        return _returned_closures_of(frame)
    key = ("returned_closures", frame.node)
    return iter(memo.get(key, _returned_closures_list, frame))


def _returned_closures_list(frame: _Frame) -> list[Union[FunctionNode, ast.Lambda]]:
    return list(_returned_closures_of(frame))


def _returned_closures_of(frame: _Frame) -> Iterator[Union[FunctionNode, ast.Lambda]]:
    aliases: dict[str, list[str]] = {}
    rebound: set[str] = set()
    for assign in frame.assigns:
        for target in assign.targets:
            if isinstance(target, ast.Name):
                value = _uncast(assign.value)
                if isinstance(value, ast.Name):
                    aliases.setdefault(target.id, []).append(value.id)
                else:
                    rebound.add(target.id)
    seen: set[str] = set()
    values = list(frame.returns)
    while values:
        value = _uncast(values.pop())
        if isinstance(value, ast.IfExp):
            values.extend((value.body, value.orelse))
        elif isinstance(value, ast.Lambda):
            yield value
        elif isinstance(value, ast.Name) and value.id not in seen and value.id not in rebound:
            seen.add(value.id)
            yield from frame.local_defs.get(value.id, ())
            values.extend(ast.Name(alias, ast.Load()) for alias in aliases.get(value.id, ()))


def _uncast(value: ast.expr) -> ast.expr:
    """``cast(T, inner)`` is ``inner`` at run time (bokeh's validation decorators)."""
    if (
        isinstance(value, ast.Call)
        and terminal_name(value.func) == "cast"
        and len(value.args) == 2
        and not value.keywords
    ):
        return value.args[1]
    return value


def _returns_lambda(frame: _Frame) -> bool:
    return any(isinstance(value, (ast.Lambda, ast.IfExp)) for value in frame.returns)


def _stood_in_parameter(
    closure: Union[FunctionNode, ast.Lambda], params: frozenset[str]
) -> Optional[str]:
    """The one parameter of the enclosing function that ``closure`` calls as a wrapper.

    None when the closure calls no parameter, calls several (it assembles parts, it does
    not stand in for one function), or only applies a hook to values of its own.
    """
    wrapped, _ = _stood_in_parameter_and_uses(closure, params)
    return wrapped


def _stood_in_parameter_and_uses(
    closure: Union[FunctionNode, ast.Lambda], params: frozenset[str]
) -> tuple[Optional[str], list[CallableUse]]:
    uses = callable_uses(closure, params)
    used = {use.name for use in uses}
    if len(used) != 1:
        return None, uses
    if not any(use.kind in (STAND_IN_CALL, HANDED_ON) for use in uses):
        return None, uses
    if any(use.kind == OTHER_CALL for use in uses) and not any(
        use.kind == STAND_IN_CALL for use in uses
    ):
        return None, uses
    return used.pop(), uses


def _top_level_calls(frame: _Frame) -> list[ast.Call]:
    """Calls that are whole statements, assigned values or returned values of ``frame``."""
    memo = node_memo.active()
    if memo is None:
        return _top_level_calls_of(frame)
    key = ("top_level_calls", frame.node)
    return list(memo.get(key, _top_level_calls_of, frame))


def _top_level_calls_of(frame: _Frame) -> list[ast.Call]:
    calls = list(frame.calls)
    calls.extend(a.value for a in frame.assigns if isinstance(a.value, ast.Call))
    calls.extend(value for value in frame.returns if isinstance(value, ast.Call))
    return calls


def _copies_in_frame(frame: _Frame, wrapper: str, wrapped: str) -> bool:
    """``update_wrapper(wrapper, func)``, ``wrapper = wraps(func)(wrapper)`` and the like.

    Any call of the enclosing function that gets both names counts: projects have their
    own helpers for this, and an unsure rule stays silent.
    """
    return any(
        mentions(call, wrapper) and mentions(call, wrapped) for call in _top_level_calls(frame)
    )


def _assigned_call(frame: _Frame, name: str) -> Optional[ast.Call]:
    """The call whose result ``frame`` assigns to ``name`` (``wrapper = helper(func)``)."""
    for assign in frame.assigns:
        if isinstance(assign.value, ast.Call) and any(
            isinstance(target, ast.Name) and target.id == name for target in assign.targets
        ):
            return assign.value
    return None


#: The metadata that ``functools.wraps`` copies and a hand-made copy must not leave out.
_IDENTITY_ATTRIBUTES = ("__name__", "__qualname__", "__doc__", "__module__", "__wrapped__")


def _use_signal(
    closure: Union[FunctionNode, ast.Lambda], wrapped: str, uses: list[CallableUse]
) -> Signal:
    """How the closure calls ``wrapped``: forwarding everything, as a stand-in, handing it
    to a helper, with arguments derived from its own, or with values of its own."""
    memo = node_memo.active()
    if memo is None:
        return _use_signal_of(closure, wrapped, uses)
    key = ("use_signal", closure, wrapped, tuple(uses))
    return memo.get(key, _use_signal_of, closure, wrapped, uses)


def _use_signal_of(
    closure: Union[FunctionNode, ast.Lambda], wrapped: str, uses: list[CallableUse]
) -> Signal:
    kinds = {use.kind for use in uses}
    arguments = closure.args
    if arguments.vararg is not None and arguments.kwarg is not None:
        unchanged = scope_info(closure).unchanged_params
        star, double = arguments.vararg.arg, arguments.kwarg.arg
        if {star, double} <= unchanged and any(
            use.kind in (STAND_IN_CALL, HANDED_ON) and _passes_both(use.call, star, double)
            for use in uses
        ):
            return Signal(
                "forwards-everything",
                FORWARDS_EVERYTHING,
                f"it passes its *{star} and **{double} on to '{wrapped}'",
            )
    if STAND_IN_CALL in kinds or HANDED_ON in kinds:
        return Signal("stands-in", STANDS_IN, f"it calls '{wrapped}' with its own arguments")
    if HELPER_CALL in kinds:
        return Signal(
            "handed-to-helper", HELPER, f"it hands '{wrapped}' and its arguments to a helper"
        )
    derived = _derived_from_arguments(closure)
    if any(mentions_any(use.call, derived) for use in uses):
        return Signal(
            "derived-arguments",
            DERIVED,
            f"it calls '{wrapped}' with values made from its arguments",
        )
    return Signal("other-values", OTHER_VALUES, f"it calls '{wrapped}' with values of its own")


def _forwarded_beside_callbacks(
    function: FunctionNode, closure: Union[FunctionNode, ast.Lambda], uses: list[CallableUse]
) -> Optional[str]:
    """``fun(*args, **kwargs)`` beside ``errback(exc, interval)``: the one parameter given
    everything the closure takes, when every other one it calls is an optional callback
    (a parameter with a default) given none of the closure's arguments.

    Kombu's ``ensure(obj, fun, errback=None, on_revive=None)`` retries ``fun`` and tells
    the callbacks; several parameters called as parts (``compose(f, g)``) need them all.
    """
    arguments = closure.args
    if arguments.vararg is None or arguments.kwarg is None:
        return None
    star, double = arguments.vararg.arg, arguments.kwarg.arg
    forwarded = {use.name for use in uses if _passes_both(use.call, star, double)}
    if len(forwarded) != 1:
        return None
    (name,) = forwarded
    own = frozenset(parameter_names(arguments))
    defaults = parameter_defaults(function.args)
    optional = {arg.arg for arg, default in defaults if default is not None}
    for use in uses:
        if use.name != name and (use.name not in optional or mentions_any(use.call, own)):
            return None
    return name


def _passes_both(call: ast.Call, star: str, double: str) -> bool:
    values = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
    values.extend(keyword.value for keyword in call.keywords)
    names = {value.id for value in values if isinstance(value, ast.Name)}
    return star in names and double in names


def _derived_from_arguments(closure: Union[FunctionNode, ast.Lambda]) -> frozenset[str]:
    """The closure's parameters, and the names it assigns from expressions that read them
    (``a, b = args``; ``value = int(value)``), in order of assignment."""
    derived = set(parameter_names(closure.args))
    if isinstance(closure, ast.Lambda):
        return frozenset(derived)
    assigns, _ = simple_statements(closure.body)
    for assign in assigns:
        if mentions_any(assign.value, derived):
            for target in assign.targets:
                derived.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return frozenset(derived)


def mentions_any(node: ast.AST, names: AbstractSet[str]) -> bool:
    """Whether any of ``names`` is read anywhere in ``node``."""
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _set_by_hand(
    frame: _Frame, wrapper: str, wrapped: str
) -> tuple[set[str], set[str], bool, bool]:
    """The metadata attributes the function sets on the closure: those copied from
    ``wrapped``, those set to something else, whether a ``setattr`` loop copies them, and
    whether something is taken from another parameter (a mixed identity, on purpose)."""
    copied: set[str] = set()
    others: set[str] = set()
    # ``func_name = func.__name__`` ... ``call.__name__ = func_name`` copies too; a name
    # made from it (``f"<{fn.__name__} on fileno>"``) is a new one.
    sources = {wrapped}
    for assign in frame.assigns:
        if _is_attribute_of(assign.value, wrapped):
            sources.update(t.id for t in assign.targets if isinstance(t, ast.Name))
    sources.discard(wrapper)
    other_parameters = frozenset(parameter_names(frame.node.args)) - {wrapped}
    mixed = False
    # ``_ensured.__name__ = f"{fun.__name__}(ensured)"`` beside ``__doc__`` copied from
    # ``fun``: a copy with a marked name (kombu), not a name of its own.
    renamed: set[str] = set()
    for assign in frame.assigns:
        for target in assign.targets:
            if isinstance(target, ast.Subscript):
                target = target.value  # ``wrapper.__annotations__["return"] = ...``
            if (
                isinstance(target, ast.Attribute)
                and target.attr in _METADATA_ATTRIBUTES
                and isinstance(target.value, ast.Name)
                and target.value.id == wrapper
            ):
                value = assign.value
                is_copy = _is_attribute_of(value, wrapped) or (
                    isinstance(value, ast.Name) and value.id in sources
                )
                if is_copy:
                    copied.add(target.attr)
                elif target.attr in ("__name__", "__qualname__") and mentions_any(value, sources):
                    renamed.add(target.attr)
                else:
                    others.add(target.attr)
                mixed = mixed or mentions_any(value, other_parameters)
    (copied if copied else others).update(renamed)
    loop = any(
        terminal_name(call.func) == "setattr"
        and call.args
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == wrapper
        and any(mentions(argument, wrapped) for argument in call.args[1:])
        for call in frame.calls
    )
    return copied, others, loop, mixed


def _is_attribute_of(value: ast.expr, name: str) -> bool:
    """``func.__doc__``, ``getattr(func, "__doc__", None)``."""
    if isinstance(value, ast.Attribute):
        return isinstance(value.value, ast.Name) and value.value.id == name
    return (
        isinstance(value, ast.Call)
        and terminal_name(value.func) == "getattr"
        and bool(value.args)
        and isinstance(value.args[0], ast.Name)
        and value.args[0].id == name
    )


def _manual_copy_signal_tuple(frame: _Frame, wrapper: str, wrapped: str) -> tuple[Signal, ...]:
    return tuple(_manual_copy_signals(frame, wrapper, wrapped))


def _manual_copy_signals(frame: _Frame, wrapper: str, wrapped: str) -> Iterator[Signal]:
    """What the function sets by hand on the closure, and what a hand-made copy leaves out.

    A complete copy (every attribute ``functools.wraps`` sets, or a ``setattr`` loop over
    them) and a new name (``wrapper.__name__ = name``) are deliberate: silence. A signature
    set by hand weighs strongly against a wrapper. A half copy (``wrapper.__doc__ =
    func.__doc__``) or a docstring of its own still loses the name and qualname: it is
    reported, and says what is lost.
    """
    copied, others, loop, mixed = _set_by_hand(frame, wrapper, wrapped)
    if loop or all(attribute in copied for attribute in _IDENTITY_ATTRIBUTES):
        yield Signal("copied-by-hand", None, f"the metadata of '{wrapped}' is copied by hand")
    elif mixed:
        yield Signal(
            "identity-from-another", None, "its metadata is taken from another parameter"
        )
    elif others & {"__name__", "__qualname__"}:
        yield Signal("named-on-purpose", None, f"'{wrapper}' is given a name of its own")
    elif others & {"__signature__", "__annotations__", "__dict__"}:
        yield Signal(
            "signature-by-hand", STRONG_SHAPE, f"the signature of '{wrapper}' is set by hand"
        )
    elif copied:
        copied_text, lost_text = _copied_and_lost(copied)
        yield Signal(
            "half-copy",
            COPIED_BY_HAND,
            f"it copies {copied_text} by hand; {lost_text} still lost",
        )
    elif others:
        yield Signal(
            "docstring-set", HELPER, "its docstring is set by hand; its qualified name is lost"
        )


def _copied_and_lost(copied: set[str]) -> tuple[str, str]:
    """``("__name__ and __doc__", "__qualname__, __module__ and __wrapped__ are")``."""
    lost = [attribute for attribute in _IDENTITY_ATTRIBUTES if attribute not in copied]
    ordered = [a for a in _IDENTITY_ATTRIBUTES if a in copied]
    ordered.extend(sorted(copied - set(_IDENTITY_ATTRIBUTES)))
    verb = "is" if len(lost) == 1 else "are"
    return _and_list(ordered), f"{_and_list(lost)} {verb}"


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def free_name(base: str, taken: set[str]) -> str:
    """``base``, or the first of ``_base``, ``base_``, ``base_2``... that is not taken."""
    candidates = itertools.chain(
        (base, f"_{base}", f"{base}_"), (f"{base}_{n}" for n in itertools.count(2))
    )
    return next(name for name in candidates if name not in taken)


def _takes_any_arguments(function: FunctionNode) -> bool:
    return function.args.vararg is not None or function.args.kwarg is not None


def _replaces_a_local(frame: _Frame, function: str) -> bool:
    """``pred = filter_iter(pred)``: a helper that reshapes a local callable in place.

    NetworkX filters a graph's neighbour function this way; the helper is plumbing
    inside one function, not a decorator anyone applies.
    """
    for assign in frame.assigns:
        value = assign.value
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == function
            and len(value.args) == 1
            and isinstance(value.args[0], ast.Name)
            and any(
                isinstance(target, ast.Name) and target.id == value.args[0].id
                for target in assign.targets
            )
        ):
            return True
    return False


def _is_fixture(function: FunctionNode) -> bool:
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call):
            decorator = decorator.func
        name = terminal_name(decorator)
        if name is not None and name.endswith("fixture"):
            return True
    return False


def _wraps_source(decorator: ast.Call) -> Optional[ast.expr]:
    if decorator.args:
        return decorator.args[0]
    for keyword in decorator.keywords:
        if keyword.arg == "wrapped":
            return keyword.value
    return None


def _is_other_object(decorator: ast.Call, frame: _Frame, wrapped: str) -> bool:
    """Whether ``@wraps(X)`` clearly names something other than the wrapped callable.

    Clear means a literal, or a parameter of an enclosing factory (``def route(path):
    def decorator(func): @wraps(path)``). Another parameter of the decorator itself may be
    the original function on purpose (pydantic's ``update_wrapper_attributes(wrapped,
    wrapper)`` wraps ``wrapper`` and copies from ``wrapped``); anything else may be the
    callable under another name. Those are left alone.
    """
    source = _wraps_source(decorator)
    if isinstance(source, ast.Constant):
        return True
    if not isinstance(source, ast.Name) or source.id == wrapped:
        return False
    if source.id in _parameter_names(frame.node):
        return False
    enclosing = frame.parent
    while enclosing is not None:
        if source.id in _parameters(enclosing.node, enclosing.is_method):
            return True
        enclosing = enclosing.parent
    return False


def _short_source(expr: ast.expr) -> str:
    """A short rendering of an argument for a message (never recursive)."""
    dotted = dotted_source(expr)
    if dotted is not None:
        return dotted
    if isinstance(expr, ast.Constant):
        text = repr(expr.value)
        return text if len(text) <= 40 else text[:37] + "..."
    return "..."


def _call_source(call: ast.Call) -> str:
    if isinstance(call.func, ast.Call):
        return "{}({})({})".format(
            dotted_source(call.func.func),
            ", ".join(_short_source(a) for a in call.func.args),
            ", ".join(_short_source(a) for a in call.args),
        )
    return "{}({})".format(
        dotted_source(call.func), ", ".join(_short_source(a) for a in call.args)
    )
