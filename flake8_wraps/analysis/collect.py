"""The single traversal of a module, and what it records of each function.

The whole module is traversed once, and only through statement lists: functions and
classes are only ever statements, so expressions are never visited on the way. The pass
records, per function, what the rules need (its nested defs, its returns, its assignments
and bare calls) together with the file's imports. The rules then look closely, with
scope-aware walks, only at the few functions that return a closure.
"""

from __future__ import annotations

import ast
from typing import Optional

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.names import ImportedNames, identifiers_in, terminal_name

FUNCTION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)


_DEFINITION_TYPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})


#: Statements with a ``body`` and an ``orelse``; with a ``body`` only; and ``try``.
_BRANCHING_TYPES = frozenset({ast.If, ast.For, ast.AsyncFor, ast.While})


_WITH_TYPES = frozenset({ast.With, ast.AsyncWith})


TRY_TYPES = frozenset(
    getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name)  # TryStar: 3.11+
)


_MATCH_TYPE = getattr(ast, "Match", None)  # Python 3.10+


#: What a function without nested functions, or without returns, shares (see ``Frame``).
_NO_DEFS: dict[str, list[FunctionNode]] = {}
_NO_RETURNS: list[ast.expr] = []


class Frame:
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
        "local_classes",
        "returns",
        "imports",
        "_assigns",
        "_calls",
    )

    def __init__(
        self,
        node: FunctionNode,
        is_method: bool,
        parent: Optional[Frame],
        at_module_level: bool,
        imports: ImportedNames,
    ):
        self.node = node
        self.is_method = is_method
        self.parent = parent
        #: Defined in the module's own statements (not in a function or class).
        self.at_module_level = at_module_level
        #: The module's imports (all of them once the traversal is done).
        self.imports = imports
        #: Its nested functions by name, and its return values: most functions have no
        #: nested function, so they share one empty dict, which only ``collect`` replaces
        #: (read-only everywhere else); the same for returns.
        self.local_defs: dict[str, list[FunctionNode]] = _NO_DEFS
        #: The classes its own statements define, by name; None where there are none
        #: (most functions: no dict is made for them).
        self.local_classes: Optional[dict[str, list[ast.ClassDef]]] = None
        self.returns: list[ast.expr] = _NO_RETURNS
        #: Set, with ``_calls``, on first use.
        self._assigns: Optional[list[ast.Assign]] = None

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


class Module:
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
        "attribute_rebinds",
        "source_readers",
        "_identifiers",
    )

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.imports = ImportedNames()
        self.frames: list[Frame] = []
        self.frame_of: dict[ast.AST, Frame] = {}
        #: Classes with a ``__call__`` or ``__get__`` method: the only ones WRP006 looks at.
        self.callable_classes: list[ast.ClassDef] = []
        self.decorated: list[tuple[FunctionNode, Optional[Frame], Optional[ast.ClassDef]]] = []
        #: Classes defined in the module's own statements.
        self.module_classes: set[ast.ClassDef] = set()
        #: Functions in class bodies that take no ``self``, with their class.
        self.class_decorator_candidates: list[tuple[Frame, ast.ClassDef]] = []
        #: ``X.attr = f(X.attr)`` inside functions (maybe: the two sides not compared yet).
        self.attribute_rebinds: list[tuple[ast.Assign, Frame]] = []
        #: The functions that read source text the module calls (``fix_safety``), once
        #: a fix asks; None until then.
        self.source_readers: Optional[tuple[str, ...]] = None
        self._identifiers: dict[ast.AST, frozenset[str]] = {}

    def identifiers(self, statement: ast.AST) -> frozenset[str]:
        """The identifiers in one of the module's statements (``identifiers_in``): a
        statement that lacks a name is not walked again to look for its uses."""
        found = self._identifiers.get(statement)
        if found is None:
            key = ("identifiers", statement)
            found = self._identifiers[statement] = node_memo.remembered(
                key, identifiers_in, statement
            )
        return found


def _note_attribute_rebind(module: Module, statement: ast.Assign, frame: Frame) -> None:
    """``cls.apply = return_empty_on_apply(cls.apply)`` in a metaclass (MDAnalysis): a
    decorator applied inside a function, to the attribute it replaces; with settings
    after it, as tensordict's ``cls.__init__ = _init_wrapper(cls.__init__, keys)``."""
    targets, value = statement.targets, statement.value
    if (
        len(targets) == 1
        and type(value) is ast.Call
        and value.args
        and type(value.args[0]) is ast.Attribute
    ):
        module.attribute_rebinds.append((statement, frame))


def collect(tree: ast.Module) -> Module:
    """The single pass: statement lists only, in one loop with the common cases first."""
    module = Module(tree)
    function_def, async_function_def = ast.FunctionDef, ast.AsyncFunctionDef
    class_def, attribute_type = ast.ClassDef, ast.Attribute
    expr_statement, assign, return_statement = ast.Expr, ast.Assign, ast.Return
    import_statement, import_from = ast.Import, ast.ImportFrom
    branching_types, with_types = _BRANCHING_TYPES, _WITH_TYPES
    try_types, match_type = TRY_TYPES, _MATCH_TYPE
    frames, frame_of = module.frames, module.frame_of
    # Each entry: a statement list, the function whose own statements these are, and
    # the class whose body they are (for methods).
    stack: list[tuple[list[ast.stmt], Optional[Frame], Optional[ast.ClassDef]]] = [
        (tree.body, None, None)
    ]
    push, pop = stack.append, stack.pop
    while stack:
        body, frame, in_class = pop()
        for statement in body:
            kind = type(statement)
            if kind is expr_statement:
                pass  # the most frequent statements: nothing to record
            elif kind is assign:
                # An attribute target first: far rarer than a call on the right.
                if (
                    frame is not None
                    and type(statement.targets[0]) is attribute_type  # type: ignore[attr-defined]
                ):
                    _note_attribute_rebind(module, statement, frame)  # type: ignore[arg-type]
            elif kind is function_def or kind is async_function_def:
                function: FunctionNode = statement  # type: ignore[assignment]
                if frame is not None:
                    defs = frame.local_defs
                    if defs is _NO_DEFS:
                        defs = frame.local_defs = {}
                    defs.setdefault(function.name, []).append(function)
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
                inner = Frame(
                    function, is_method, frame, frame is None and in_class is None, module.imports
                )
                frames.append(inner)
                frame_of[function] = inner
                if is_method and not _takes_self(function):
                    candidates = module.class_decorator_candidates
                    candidates.append((inner, in_class))  # type: ignore[arg-type]
                push((function.body, inner, None))
            elif kind is return_statement:
                if frame is not None:
                    if statement.value is not None:  # type: ignore[attr-defined]
                        if frame.returns is _NO_RETURNS:
                            frame.returns = []
                        frame.returns.append(statement.value)  # type: ignore[attr-defined]
                    # What follows in this block never runs: dragonfly's ``trace_compile``
                    # starts with ``return func``, leaving its ``dec`` dead debugging code.
                    break
            elif kind is class_def:
                if frame is None and in_class is None:
                    module.module_classes.add(statement)  # type: ignore[arg-type]
                elif frame is not None:
                    local: ast.ClassDef = statement  # type: ignore[assignment]
                    if frame.local_classes is None:
                        frame.local_classes = {}
                    frame.local_classes.setdefault(local.name, []).append(local)
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
    # Asked of every method: the first positional parameter, without building a list.
    arguments = function.args
    positional = arguments.posonlyargs or arguments.args
    return bool(positional) and positional[0].arg in ("self", "cls", "mcs", "metacls")


def _find_class_body_decorators(module: Module) -> None:
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
            # ``failUnlessEqual = _deprecate(assertEqual)``; ``_manage = staticmethod(_manage)``
            # makes ``_manage`` static, as ``@staticmethod`` would (glances' plugin model).
            if (
                isinstance(statement, ast.Assign)
                and isinstance(statement.value, ast.Call)
                and isinstance(statement.value.func, ast.Name)
                and len(statement.value.args) == 1
                and isinstance(statement.value.args[0], ast.Name)
            ):
                called = statement.value.func.id
                names.add(statement.value.args[0].id if called == "staticmethod" else called)
    for frame, class_node in module.class_decorator_candidates:
        if frame.node.name in applied.get(class_node, ()):
            frame.is_method = False


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
        elif kind is ast.Return or kind is ast.Raise:
            break  # what follows in this block never runs
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
            elif kind in _BRANCHING_TYPES or kind in TRY_TYPES:
                stack.append(statement.body)  # type: ignore[attr-defined]
                stack.append(statement.orelse)  # type: ignore[attr-defined]
                if kind in TRY_TYPES:
                    stack.append(statement.finalbody)  # type: ignore[attr-defined]
                    stack.extend(h.body for h in statement.handlers)  # type: ignore[attr-defined]
            elif kind in _WITH_TYPES:
                stack.append(statement.body)  # type: ignore[attr-defined]
            elif kind is _MATCH_TYPE:
                stack.extend(case.body for case in statement.cases)  # type: ignore[attr-defined]
            elif kind is ast.Return or kind is ast.Raise:
                break  # a copy after ``return wrapper`` never runs (a hostile pass)
            elif (into_definitions and kind in _DEFINITION_TYPES) or (
                into_classes and kind is ast.ClassDef
            ):
                stack.append(statement.body)  # type: ignore[attr-defined]
    return assigns, calls
