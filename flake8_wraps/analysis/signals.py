"""The evidence for and against "this closure is a wrapper", each signal named and
weighed in ``evidence``: what the names and docstrings say, what already copies the
metadata, how the closure calls the function, and how the module uses what it builds."""

from __future__ import annotations

import ast
from typing import Iterator, Optional

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.annotations import callable_annotations
from flake8_wraps.analysis.closures import FunctionNode, mentions
from flake8_wraps.analysis.collect import Frame
from flake8_wraps.analysis.context import ModuleContext
from flake8_wraps.analysis.copies import (
    copies_in_frame,
    manual_copy_signal_tuple,
    metadata_set_on_first,
)
from flake8_wraps.analysis.evidence import (
    APPLIED,
    BUILT_FOR_APPLIED,
    COPIED_BY_HAND,
    HELPER,
    KEPT_INSIDE,
    LOSS_DOCUMENTED,
    NAMED_DECORATOR,
    NAMED_FUNCTION,
    NAMED_WRAPPER,
    STRONG_SHAPE,
    TYPED_AS_DECORATOR,
    WEAK_SHAPE,
    Signal,
    comment_documents_loss,
    docstring_documents_loss,
    docstring_leaves_out_wraps,
    docstring_says_decorator,
    says_decorator,
    says_function,
    says_wrapper,
)
from flake8_wraps.analysis.findings import call_source, wraps_source
from flake8_wraps.analysis.frames import (
    assigned_call,
    block_holding,
    callable_parameters,
    parameter_names_of,
    positional_names,
    top_level_calls,
)
from flake8_wraps.analysis.frameworks.table import REGISTERING_NAMES
from flake8_wraps.analysis.helper_copies import function_default, helper_half_copy
from flake8_wraps.analysis.names import hands_over, is_name, terminal_name, uncast
from flake8_wraps.analysis.usage import (
    METHOD_DECORATOR,
    Uses,
    handed_to_method_decorator,
    is_private,
)


class Signals(ModuleContext):
    """The signals that need the whole module, not only the closure."""

    __slots__ = ()

    def _built_for_applied(self, frame: Frame) -> Optional[Signal]:
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

    def _uses_in_sight(self, frame: Frame) -> Optional[list[ast.AST]]:
        """The statements that hold every use of a nested or private function, or None
        where uses may be elsewhere."""
        name = frame.node.name
        if frame.parent is not None:
            function = frame.parent.node
            if node_memo.remembered(("reads-scope", function), self._reads_scope, function):
                return None
            return [function]
        if is_private(name):
            # Only the statements that name it can use it.
            module = self.module
            return [s for s in module.tree.body if name in module.identifiers(s)]
        return None

    def _given_only_lambdas(self, frame: Frame, wrapped: str) -> Optional[Signal]:
        """Evidence that excludes: every use of a nested or private function, all in
        sight, gives it a lambda where the function goes (pytermgui's ``_wrap(lambda *_,
        app=app: app())`` for its buttons). ``functools.wraps`` would copy the name
        ``<lambda>``: there is nothing to lose."""
        statements = self._uses_in_sight(frame)
        if not statements or frame.is_method:
            return None
        node = frame.node
        positional = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
        position = positional.index(wrapped) if wrapped in positional else None
        name = node.name
        verdicts = [
            node_memo.remembered(
                ("given-only-lambdas", statement, name, position, wrapped),
                self._lambdas_in, statement, name, position, wrapped,
            )
            for statement in statements
        ]
        if False in verdicts or True not in verdicts:
            return None
        return Signal(
            "given-only-lambdas",
            None,
            f"each use of '{name}' gives it a lambda, which has no name or docstring to lose",
        )

    def _lambdas_in(
        self, statement: ast.AST, name: str, position: Optional[int], keyword: str
    ) -> Optional[bool]:
        return self._statement_uses(statement).given_only_lambdas(name, position, keyword)

    def _kept_inside(self, frame: Frame) -> Optional[Signal]:
        """Evidence against: the function is nested or private, so all its uses are in
        sight, and each keeps the wrapper inside a computation (``usage``)."""
        name = frame.node.name
        statements = self._uses_in_sight(frame)
        if statements is None:
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

    def _through_method_decorator(self, frame: Frame) -> Optional[Signal]:
        """Evidence that excludes: the project applies the decorator only through
        Django's ``@method_decorator(require_staff)`` (edx-proctoring's staff checks; the
        ownership checks that CafeForYou's views hand over in a list), which gives the
        class the method's own name and docstring (``update_wrapper``): the closure is
        seen only inside it. Not where ``@`` applies the name, here or elsewhere."""
        names = self._applied_names(frame)
        applied = self._applied_here()
        if not names or any(name in applied for name in names):
            return None
        name = None
        local = self.module.imports.local_names_for(METHOD_DECORATOR)
        if local:
            given: set[str] = set()
            for statement in self.module.tree.body:
                key = ("given-to-method-decorator", statement, local)
                handed = node_memo.remembered(key, handed_to_method_decorator, statement, local)
                given.update(handed)
            name = next((name for name in names if name in given), None)
        if name is None and self.given_to_method_decorator is not None:
            importable = self._applied_names(frame, importable=True)
            name = next((n for n in importable if self.given_to_method_decorator(n)), None)
        if name is None or self._name_applied_elsewhere(frame) is not None:
            return None
        says = (
            f"'{name}' is applied only through Django's method_decorator, which copies the"
            " method's name and docstring onto what it returns"
        )
        return Signal("applied-by-method-decorator", None, says)

    def _reads_scope(self, function: ast.AST) -> bool:
        return self._statement_uses(function).reads_scope

    def _kept_in(self, statement: ast.AST, name: str) -> Optional[bool]:
        return self._statement_uses(statement).kept_inside(name)

    def _statement_uses(self, statement: ast.AST) -> Uses:
        uses = self._uses.get(statement)
        if uses is None:
            uses = self._uses[statement] = Uses(statement, REGISTERING_NAMES)
        return uses

    def _name_signals(self, frame: Frame, closure: str, wrapped: str) -> Iterator[Signal]:
        functions = self._decorator_candidates(frame)
        documented_loss = next((f for f in functions if docstring_documents_loss(f)), None)
        if documented_loss is not None:
            yield Signal(
                LOSS_DOCUMENTED,
                HELPER,
                f"the docstring of '{documented_loss.name}' says the name is not preserved",
            )
        elif (
            without_wraps := next((f for f in functions if docstring_leaves_out_wraps(f)), None)
        ) is not None:
            yield Signal(
                LOSS_DOCUMENTED,
                HELPER,
                f"the docstring of '{without_wraps.name}' says it does without functools.wraps",
            )
        elif self.source_lines is not None:
            node = frame.node
            line = comment_documents_loss(
                self.source_lines(), node.lineno, node.end_lineno or node.lineno
            )
            if line is not None:
                yield Signal(
                    LOSS_DOCUMENTED,
                    HELPER,
                    f"the comment on line {line} says the metadata is left out on purpose",
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
                elif _takes_the_function_alone(frame.node, wrapped):
                    # orange-widget-base's ``Input.__call__(self, method)``: an instance
                    # applied as ``@Inputs.data``, shaped as a decorator named as one.
                    says = f"'__call__' takes '{wrapped}' alone: its instances are decorators"
                    yield Signal("decorator-object", NAMED_DECORATOR, says)
        if says_wrapper(closure):
            yield Signal("wrapper-name", NAMED_WRAPPER, f"'{closure}' is named as a wrapper")
        if says_function(wrapped):
            yield Signal(
                "function-parameter", NAMED_FUNCTION, f"'{wrapped}' is named as a function"
            )
        typed = callable_annotations(frame.node, wrapped)
        if typed:
            yield Signal(
                "callable-annotations",
                TYPED_AS_DECORATOR,
                f"'{wrapped}' and the result of '{frame.node.name}' are annotated as callables",
            )
        elif typed is False:
            yield Signal(
                "retyped",
                WEAK_SHAPE,
                f"'{frame.node.name}' is annotated to return another kind of callable",
            )
        hook = function_default(self.module, frame.parent, frame.node.args, wrapped)
        if hook == "a lambda":
            says = f"'{wrapped}' defaults to a lambda: a hook, not what is decorated"
            yield Signal("hook-by-default", STRONG_SHAPE, says)
        elif hook is not None:
            # pyscaffold's ``no_overwrite(file_op: FileOp = create)``: a modifier of an
            # operation, called as ``no_overwrite()``. A default is read where the def
            # stands: in the enclosing function, or the module.
            says = (
                f"'{wrapped}' defaults to {hook}: an operation the result modifies, not what"
                " is decorated"
            )
            yield Signal("hook-by-default", STRONG_SHAPE, says)
        name = self._name_applied_here(frame)
        if name is not None:
            says = f"'{name}' is applied as a decorator in this module"
            yield Signal("applied-here", APPLIED, says)

    def _documented_decorator_class(self, frame: Frame) -> Optional[ast.ClassDef]:
        """The module-level class that ``frame``'s method belongs to, if its docstring
        says it is a decorator (astropy's ``SAMPMsgReplierWrapper``: "Function decorator
        that...")."""
        owner = self._owning_class(frame)
        return owner if owner is not None and docstring_says_decorator(owner) else None

    def _meant_for(self, frame: Frame, call: ast.Call, wrapper: FunctionNode) -> bool:
        """Whether the bare ``wraps(...)`` statement ``call`` in ``frame`` was written for
        ``wrapper``: the one closure ``frame`` returns, or the def just below it (of a
        sync and an async wrapper, the other one is judged as any is: a hostile pass saw
        it reported only once WRP002's fix had removed the statement)."""
        if sum(1 for _ in self.returned_closures(frame)) <= 1:
            return True
        held = block_holding(frame.node, call)
        return held is not None and _meant_for_first(held[1], held[0], wrapper)

    def _copy_signals(self, frame: Frame, wrapper: FunctionNode, wrapped: str) -> Iterator[Signal]:
        """What already copies ``wrapped``'s metadata onto the wrapper, or names it."""
        given = Signal(
            "copied-by-decorator", None, f"a decorator of '{wrapper.name}' is given '{wrapped}'"
        )
        for decorator in map(uncast, wrapper.decorator_list):
            if not isinstance(decorator, ast.Call):
                if self._is_wraps(decorator) or terminal_name(decorator) == "wraps":
                    yield Signal(
                        "wraps-without-arguments", None, "@wraps without arguments (WRP003)"
                    )
                    return
                continue
            copying = self._is_wraps(decorator.func)
            if hands_over(decorator, wrapped) or (copying and mentions(decorator, wrapped)):
                yield given
                return
            if copying:
                if not _is_other_object(decorator, frame, wrapped, wrapper):
                    yield Signal("copied-by-decorator", None, "@wraps copies from another name")
                elif any(
                    isinstance(other, ast.Call) and hands_over(other, wrapped)
                    for other in wrapper.decorator_list
                ):
                    # Two stacked copies, each of some attributes (jinja2's async variants
                    # take the name from one function, the rest from the other).
                    yield given
                else:
                    yield Signal("wraps-wrong-source", None, "@wraps copies from another object")
                return
        key = ("copies_in_frame", frame.node, wrapper.name, wrapped)
        if node_memo.remembered(key, copies_in_frame, frame, wrapper.name, wrapped):
            by_helper = helper_half_copy(
                self.module, frame, wrapper.name, wrapped, self._constants_named(frame)
            )
            if by_helper is not None:
                copied_text, lost_text = by_helper.texts()
                yield Signal(
                    "half-copy-by-helper",
                    COPIED_BY_HAND,
                    f"'{by_helper.helper}' copies {copied_text}; {lost_text} still lost",
                )
                return
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
        if any(self._is_any_wraps(call.func) for call in wrapper_calls) or any(
            self._is_any_wraps(call.func) and self._meant_for(frame, call, wrapper)
            for call in frame.calls
        ):
            yield Signal("discarded-wraps-call", None, "a bare wraps() call is there (WRP002)")
            return
        named = self._constants_named(frame)
        copy_key = ("manual_copy_signals", frame.node, wrapper.name, wrapped, named)
        yield from node_memo.remembered(
            copy_key, manual_copy_signal_tuple, frame, wrapper.name, wrapped, named
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

    def _is_view_deriver(self, frame: Frame) -> bool:
        """``def deriver(view, info)`` in a module that imports pyramid:
        pyramid's ``wraps_view`` / ``preserve_view_attrs`` copy the metadata of what a
        deriver returns."""
        arguments = frame.node.args
        names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
        if names != ["view", "info"]:
            return False
        return self.module.imports.imports_module("pyramid")

    def _copied_from_another(self, frame: Frame, wrapper: str) -> Optional[str]:
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
                return call_source(call)
        return None

    def _metadata_set_by_helper(self, frame: Frame, wrapper: str) -> frozenset[str]:
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
            attributes = node_memo.remembered(key, metadata_set_on_first, frame)
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
            copying_decorators: set[str] = set()
            for frame in self.module.frames:
                for call in top_level_calls(frame):
                    target = self._copy_target(call)
                    if isinstance(target, ast.Name):
                        target = assigned_call(frame, target.id)
                    if isinstance(target, ast.Call):
                        callee = terminal_name(target.func)
                        if callee is not None:
                            names.add(callee)
                            copying_decorators.update(_taking(frame, callee))
            # ``@preserve_metadata`` whose closure returns ``update_wrapper(deco(f), f)``,
            # ``deco`` its parameter: what the functions it decorates return is copied.
            names.update(
                function.name
                for function, _, _ in self.module.decorated
                if any(terminal_name(d) in copying_decorators for d in function.decorator_list)
            )
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


def _taking(frame: Frame, parameter: str) -> list[str]:
    """The module-level function around ``frame`` (or ``frame`` itself) whose parameter
    ``parameter`` is, if any: a decorator that is given the function to copy for."""
    scope: Optional[Frame] = frame
    while scope is not None:
        if parameter in parameter_names_of(scope.node):
            return [scope.node.name] if scope.at_module_level else []
        scope = scope.parent
    return []


def _replaces_a_local(frame: Frame, function: str) -> bool:
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


def _meant_for_first(block: list[ast.stmt], statement: ast.stmt, wrapper: FunctionNode) -> bool:
    return block[block.index(statement) + 1:block.index(statement) + 2] == [wrapper]


def _is_other_object(
    decorator: ast.Call, frame: Frame, wrapped: str, wrapper: FunctionNode
) -> bool:
    """Whether ``@wraps(X)`` clearly names something other than the wrapped callable.

    Clear means a literal, or a parameter of an enclosing factory (``def route(path):
    def decorator(func): @wraps(path)``). Another parameter of the decorator itself may be
    the original function on purpose (pydantic's ``update_wrapper_attributes(wrapped,
    wrapper)`` wraps ``wrapper`` and copies from ``wrapped``); so is one the closure hands
    to what it calls (``patch(target)``: ``replacement(target, *args, **kwargs)`` is set
    in place of ``target``, a hostile pass found it WRP004); anything else may be the
    callable under another name. Those are left alone.
    """
    source = wraps_source(decorator)
    if isinstance(source, ast.Constant):
        return True
    if not isinstance(source, ast.Name) or source.id == wrapped:
        return False
    if source.id in parameter_names_of(frame.node) or any(
        isinstance(node, ast.Call)
        and is_name(node.func, wrapped)
        and any(is_name(argument, source.id) for argument in node.args)
        for node in ast.walk(wrapper)
    ):
        return False
    enclosing = frame.parent
    while enclosing is not None:
        if source.id in callable_parameters(enclosing.node, enclosing.is_method):
            return True
        enclosing = enclosing.parent
    return False


def _takes_the_function_alone(call_method: FunctionNode, wrapped: str) -> bool:
    """``__call__(self, func)``: one parameter after the instance, the function, and no
    ``*args`` or ``**kwargs``. WSGI middleware's ``__call__(self, environ,
    start_response)`` returns callbacks of another shape."""
    arguments = call_method.args
    return (
        positional_names(call_method)[1:] == [wrapped]
        and not arguments.kwonlyargs
        and arguments.vararg is None
        and arguments.kwarg is None
    )
