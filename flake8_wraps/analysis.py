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
from typing import Iterator, NamedTuple, Optional, Union

from flake8_wraps.adapters import is_adapter, names_a_class
from flake8_wraps.closures import (
    HANDED_ON,
    OTHER_CALL,
    STAND_IN_CALL,
    CallableUse,
    FunctionNode,
    callable_uses,
    mentions,
    parameter_names,
    passes_on,
    scope_info,
)
from flake8_wraps.codes import RULE_BY_NAME, Rule
from flake8_wraps.config import DEFAULT_CONFIG, Config
from flake8_wraps.names import ImportedNames, dotted_source, terminal_name

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
            self._assigns, self._calls = simple_statements(self.node.body)
        return self._assigns

    @property
    def calls(self) -> list[ast.Call]:
        """The function's own calls that are whole statements."""
        if self._assigns is None:
            self._assigns, self._calls = simple_statements(self.node.body)
        return self._calls


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
    )

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.imports = ImportedNames()
        self.frames: list[_Frame] = []
        self.frame_of: dict[ast.AST, _Frame] = {}
        #: Classes with a ``__call__`` method: the only ones WRP006 looks at.
        self.callable_classes: list[ast.ClassDef] = []
        self.decorated: list[tuple[FunctionNode, Optional[_Frame], Optional[ast.ClassDef]]] = []
        #: Classes defined in the module's own statements.
        self.module_classes: set[ast.ClassDef] = set()


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


def analyze_module(tree: ast.Module, config: Config = DEFAULT_CONFIG) -> ModuleAnalysis:
    """The findings of ``tree`` and what its decorators do to the functions they decorate."""
    module = _collect(tree)
    rules = _Rules(module, config)
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
                if is_method and function.name == "__call__":
                    # Once per class, however many ``__call__`` overloads it declares.
                    if not module.callable_classes or module.callable_classes[-1] is not in_class:
                        module.callable_classes.append(in_class)  # type: ignore[arg-type]
                inner = _Frame(function, is_method, frame, frame is None and in_class is None)
                frames.append(inner)
                frame_of[function] = inner
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
    return module


class _Rules:
    """The rules, applied to what the traversal collected."""

    __slots__ = (
        "module",
        "config",
        "_copied_by_caller",
        "_copying_names",
        "_damaging",
        "_setters",
        "_applied",
    )

    def __init__(self, module: _Module, config: Config):
        self.module = module
        self.config = config
        self._applied: Optional[frozenset[Optional[str]]] = None
        self._copied_by_caller: Optional[frozenset[str]] = None
        self._setters: Optional[frozenset[str]] = None
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
        if self._is_decorator_level(wrapper) or _decorated_with_a_parameter(wrapper, params):
            return None
        wrapped, uses = self._stands_in_for(frame, wrapper, params)
        if wrapped is None:
            return None
        for decorator in wrapper.decorator_list:
            if not isinstance(decorator, ast.Call):
                if self._is_wraps(decorator) or terminal_name(decorator) == "wraps":
                    return None  # WRP003 says what is wrong with it (if wraps is known).
                continue
            if mentions(decorator, wrapped):
                return None  # @wraps(func), or a helper of the project's that gets func.
            if self._is_wraps(decorator.func):
                if _is_other_object(decorator, frame, wrapped) and not self._adapts(
                    frame, wrapper, wrapped, uses
                ):
                    spelling = dotted_source(decorator.func) or "functools.wraps"
                    return finding(
                        decorator,
                        "wraps-wrong-source",
                        Fix("replace-decorator", decorator.lineno, spelling, wrapped, False),
                        spelling=dotted_source(decorator.func) or "functools.wraps",
                        source=_short_source(_wraps_source(decorator)),  # type: ignore[arg-type]
                        wrapper=wrapper.name,
                        wrapped=wrapped,
                    )
                return None
        if _copies_in_frame(frame, wrapper.name, wrapped):
            return None
        wrapper_calls = self.module.frame_of[wrapper].calls
        if any(self._is_wraps(call.func) for call in (*frame.calls, *wrapper_calls)):
            return None  # WRP002: the wraps call is there, but thrown away.
        if _sets_identity_by_hand(frame, wrapper.name, wrapped):
            return None
        if frame.node.name in self._functions_copied_by_caller():
            return None
        if self._passed_to_metadata_setter(frame, wrapper.name):
            return None
        if frame.parent is not None and _replaces_a_local(frame.parent, frame.node.name):
            return None
        if self._adapts(frame, wrapper, wrapped, uses):
            return None
        self._damaging.append((frame, wrapper.name, _takes_any_arguments(wrapper)))
        applied = frame  # a factory's message names what the user applies: @retry(3)
        while applied.parent is not None and _returns_name(applied.parent, applied.node.name):
            applied = applied.parent
        by_name = applied is not frame or wrapped in _DECORATED_PARAMETER_NAMES
        by_name = by_name or applied.node.name in self._applied_names()
        return finding(
            wrapper,
            "missing-wraps",
            Fix("decorate", wrapper.lineno, wrapper.name, wrapped, True),
            kind="decorator" if by_name else "function",
            wrapper=wrapper.name,
            decorator=applied.node.name,
            wrapped=wrapped,
        )

    def _applied_names(self) -> frozenset[Optional[str]]:
        """Names applied as decorators in this module: ``@name``, ``@x.name``, ``@name(...)``."""
        if self._applied is None:
            self._applied = frozenset(
                terminal_name(decorator.func if isinstance(decorator, ast.Call) else decorator)
                for function, _, _ in self.module.decorated
                for decorator in function.decorator_list
            )
        return self._applied

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
        wrapped, uses = self._stands_in_for(frame, lambda_node, params)
        if wrapped is None or wrapped != body.func.id:
            return None
        if frame.node.name in self._functions_copied_by_caller():
            return None
        if self._adapts(frame, lambda_node, wrapped, uses):
            return None
        self._damaging.append((frame, "<lambda>", True))
        fix = None
        if any(value is lambda_node for value in frame.returns):
            # Not a name the function binds or reads: the lambda may read a global one.
            taken = {n.id for n in ast.walk(frame.node) if isinstance(n, ast.Name)}
            taken |= scope_info(frame.node).bound
            name = free_name("wrapper", taken)
            fix = Fix("lambda-to-def", lambda_node.lineno, frame.node.name, wrapped, False, name)
        return finding(
            lambda_node, "lambda-wrapper", fix, decorator=frame.node.name, wrapped=wrapped
        )

    def _stands_in_for(
        self, frame: _Frame, closure: Union[FunctionNode, ast.Lambda], params: frozenset[str]
    ) -> tuple[Optional[str], list[CallableUse]]:
        """The parameter ``closure`` calls as a wrapper would, and how it uses it."""
        if _is_fixture(frame.node):
            return None, []  # a pytest fixture that returns a helper: the helper is the point
        return _stood_in_parameter_and_uses(closure, params)

    @staticmethod
    def _adapts(
        frame: _Frame,
        closure: Union[FunctionNode, ast.Lambda],
        wrapped: str,
        uses: list[CallableUse],
    ) -> bool:
        """Whether the closure is an adapter, proxy or combinator after all (the costly
        check, so it comes after the cheap ones)."""
        arguments = frame.node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        implicit_first = positional[0].arg if frame.is_method and positional else None
        return is_adapter(
            closure,
            wrapped,
            uses,
            frame.node,
            frozenset(parameter_names(arguments)),
            implicit_first,
        )

    def _passed_to_metadata_setter(self, frame: _Frame, wrapper: str) -> bool:
        """``_tidy(wrapper)``: a function of this module sets the closure's metadata.

        SQLAlchemy's collection instrumentation gives each closure the docstring of the
        ``list`` method it replaces this way.
        """
        helpers = {
            call.func.id
            for call in frame.calls
            if isinstance(call.func, ast.Name)
            and call.args
            and isinstance(call.args[0], ast.Name)
            and call.args[0].id == wrapper
        }
        return bool(helpers) and bool(helpers & self._metadata_setters())

    def _metadata_setters(self) -> frozenset[str]:
        """Functions of this module that assign metadata attributes of their first argument."""
        if self._setters is not None:
            return self._setters
        names = set()
        for frame in self.module.frames:
            positional = [*frame.node.args.posonlyargs, *frame.node.args.args]
            if not positional:
                continue
            first = positional[0].arg
            if any(
                isinstance(target, ast.Attribute)
                and target.attr in _METADATA_ATTRIBUTES
                and isinstance(target.value, ast.Name)
                and target.value.id == first
                for assign in frame.assigns
                for target in assign.targets
            ):
                names.add(frame.node.name)
        self._setters = frozenset(names)
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
        return frozenset(_parameters(frame.node, frame.is_method))

    # -- WRP006 ------------------------------------------------------------------------

    def _class_decorator(self, class_node: ast.ClassDef) -> Iterator[Finding]:
        methods: dict[str, FunctionNode] = {}
        for statement in class_node.body:
            if isinstance(statement, _FUNCTION_TYPES):
                methods[statement.name] = statement
            elif isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in ("__wrapped__", "__name__", "__getattr__")
                for t in statement.targets
            ):
                return
        init, call = methods.get("__init__"), methods.get("__call__")
        if init is None or call is None or "__getattr__" in methods:
            return
        init_params = _parameters(init, True)
        if not init_params or not init.args.args or not call.args.args:
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
        forwarded = _forwarded_to_stored(call, stored)
        if not forwarded:
            return
        if not (
            class_node.name in self._decorator_names()
            or (forwarded == {"*", "**"} and _has_only_plain_bases(class_node))
        ):
            # Not shown to be a decorator: a proxy or handler object with a protocol of
            # its own (``CallableDefaultdict(defaultdict)``, ``scoped_session(**kw)``).
            return
        for init_call in _top_level_calls(init_frame):
            if mentions(init_call, wrapped) and (
                mentions(init_call, init_self) or terminal_name(init_call.func) == "__init__"
            ):
                return  # update_wrapper(self, func), wraps(func)(self), super().__init__(func)
        self._damaging.append((class_node, None, True))
        stored_at = min(
            assign.lineno
            for assign in init_frame.assigns
            if isinstance(assign.value, ast.Name) and assign.value.id == wrapped
        )
        fix = None
        if not _declares_slots(class_node):  # update_wrapper needs an instance __dict__
            fix = Fix("insert-after", stored_at, "__init__", wrapped, True, init_self)
        yield finding(
            class_node,
            "class-decorator-missing-update-wrapper",
            fix,
            decorator=class_node.name,
            wrapped=wrapped,
        )

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


#: Parameter names that say a function is a decorator (what WRP001 messages call it).
_DECORATED_PARAMETER_NAMES = frozenset(
    {"func", "fn", "f", "function", "fun", "method", "meth", "wrapped", "view", "view_func"}
)


def _returns_name(frame: _Frame, name: str) -> bool:
    """Whether the function of ``frame`` returns its local function ``name``."""
    return name in frame.local_defs and any(
        isinstance(value, ast.Name) and value.id == name for value in frame.returns
    )


def simple_statements(
    body: list[ast.stmt], into_definitions: bool = False
) -> tuple[list[ast.Assign], list[ast.Call]]:
    """Assignments and bare calls of a statement list, through its blocks.

    Nested functions and classes are left out, unless ``into_definitions`` asks for the
    whole module.
    """
    assigns: list[ast.Assign] = []
    calls: list[ast.Call] = []
    stack = [body]
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
            elif into_definitions and kind in _DEFINITION_TYPES:
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


def _parameters(function: FunctionNode, is_method: bool) -> list[str]:
    """Parameters that may hold the decorated callable, in order.

    Leaves out the implicit ``self``/``cls`` of a method, ``*args``/``**kwargs``, and
    parameters whose annotation or default says they hold data.
    """
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[Optional[ast.expr]] = [None] * (len(positional) - len(arguments.defaults))
    defaults.extend(arguments.defaults)
    pairs: list[tuple[ast.arg, Optional[ast.expr]]] = list(zip(positional, defaults))
    if is_method:
        pairs = pairs[1:]
    pairs.extend(zip(arguments.kwonlyargs, arguments.kw_defaults))
    return [arg.arg for arg, default in pairs if not _holds_data(arg, default)]


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
    aliases: dict[str, list[str]] = {}
    rebound: set[str] = set()
    for assign in frame.assigns:
        for target in assign.targets:
            if isinstance(target, ast.Name):
                if isinstance(assign.value, ast.Name):
                    aliases.setdefault(target.id, []).append(assign.value.id)
                else:
                    rebound.add(target.id)
    seen: set[str] = set()
    values = list(frame.returns)
    while values:
        value = values.pop()
        if isinstance(value, ast.IfExp):
            values.extend((value.body, value.orelse))
        elif isinstance(value, ast.Lambda):
            yield value
        elif isinstance(value, ast.Name) and value.id not in seen and value.id not in rebound:
            seen.add(value.id)
            yield from frame.local_defs.get(value.id, ())
            values.extend(ast.Name(alias, ast.Load()) for alias in aliases.get(value.id, ()))


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


def _sets_identity_by_hand(frame: _Frame, wrapper: str, wrapped: str) -> bool:
    """Whether the function sets the closure's metadata attributes itself, on purpose.

    Any such assignment counts (``wrapper.__doc__ = ...``, ``wrapper.__name__ = name``,
    ``reprlib``'s attribute-by-attribute copy where ``functools`` cannot be imported)
    except one: copying the name alone (``wrapper.__name__ = func.__name__``), the
    half-fix that still loses the docstring, qualname and signature.
    """
    for assign in frame.assigns:
        for target in assign.targets:
            if isinstance(target, ast.Subscript):
                target = target.value  # ``wrapper.__annotations__["return"] = ...``
            if (
                isinstance(target, ast.Attribute)
                and target.attr in _METADATA_ATTRIBUTES
                and isinstance(target.value, ast.Name)
                and target.value.id == wrapper
                and not (target.attr == "__name__" and mentions(assign.value, wrapped))
            ):
                return True
    return False


def free_name(base: str, taken: set[str]) -> str:
    """``base``, or the first of ``_base``, ``base_``, ``base_2``... that is not taken."""
    candidates = itertools.chain(
        (base, f"_{base}", f"{base}_"), (f"{base}_{n}" for n in itertools.count(2))
    )
    return next(name for name in candidates if name not in taken)


def _decorated_with_a_parameter(function: FunctionNode, params: frozenset[str]) -> bool:
    """``@wraps(func)``, ``@copy_signature(func)``: a decorator given one of the enclosing
    function's parameters copies from it, or may; either way nothing is missing."""
    return any(
        isinstance(decorator, ast.Call)
        and any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(decorator))
        for decorator in function.decorator_list
    )


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
