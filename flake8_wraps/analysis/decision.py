"""The decision "is this closure a wrapper?": its signals gathered (``signals``), weighed
and decided (``evidence``), and kept in the server's memo between two versions of a
document. The memo is reached only through ``node_memo``: ``judge`` keys a closure's
judgement by its nodes and by what the rest of the module says (``_context``).
"""

from __future__ import annotations

import ast
from typing import Iterable, Optional, Union

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.adapters import adapter_signals, names_djangos_handler
from flake8_wraps.analysis.call_shapes import fills_from_a_factory
from flake8_wraps.analysis.calling import use_signal
from flake8_wraps.analysis.closures import (
    HANDED_ON,
    HELPER_CALL,
    STAND_IN_CALL,
    FunctionNode,
    callable_uses,
    forwards_unpacked,
    parameter_names,
    scope_info,
)
from flake8_wraps.analysis.collect import FUNCTION_TYPES, Frame
from flake8_wraps.analysis.copies import set_by_hand
from flake8_wraps.analysis.evidence import (
    ADAPTER_SHAPES,
    APPLIED,
    BUILT_FOR_APPLIED,
    COPY_IN_ADAPTER,
    HELPER,
    KIND_OF_SIGNAL,
    POSSIBLE_THRESHOLD,
    TEST_HELPER,
    TYPED_IN_ADAPTER,
    Judgement,
    Signal,
    names_a_decorator_level,
)
from flake8_wraps.analysis.forwarding import (
    forwarded_beside_callbacks,
    only_returned_call,
    relayed_through,
)
from flake8_wraps.analysis.frames import alias_locals, attribute_locals, bound_once
from flake8_wraps.analysis.frameworks.fixtures import is_fixture
from flake8_wraps.analysis.helper_copies import module_helper_copies
from flake8_wraps.analysis.names import is_name, terminal_name
from flake8_wraps.analysis.signals import Signals


#: Signals that already say the function is applied: the project's applications add
#: nothing to them.
_APPLIED_SIGNALS = frozenset({"applied-here", "replaces-a-class"})
#: The kinds of evidence that say the function is applied, or built for a function that is.
_APPLIED_KINDS = frozenset({"applied", "built-for-applied"})


class Decision(Signals):
    """Whether each closure that a function of the module returns is a wrapper, and why."""

    __slots__ = ()

    # -- the evidence --------------------------------------------------------------------

    def judge(
        self,
        frame: Frame,
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
            # evidence (and the same constants for what a ``setattr`` copies), is judged
            # the same; only its line may have moved.
            named = self._constants_named(frame)
            key = (
                "judge", closure, frame.node, frame.is_method, params, self._context(memo), named
            )
            judgement = memo.get(key, self._judged, frame, closure, params)
            if judgement.line != closure.lineno:
                judgement = judgement._replace(line=closure.lineno)
        exclusion = judgement.excluded_by
        if exclusion is not None and exclusion.name == "builds-an-object":
            replaced = self._replaces_a_class(frame)
            if replaced is not None:
                signals = tuple(replaced if s is exclusion else s for s in judgement.signals)
                judgement = judgement._replace(signals=signals)
            elif judgement.wrapped is not None:
                applied = self._applied_to_functions(frame, judgement.wrapped)
                if applied is not None:
                    signals = tuple(
                        s
                        for s in judgement.signals
                        if s is not exclusion and s.name != applied.name
                    )
                    judgement = judgement._replace(signals=(*signals, applied))
        elif exclusion is not None and exclusion.name == "server-protocol":
            applied = self._applied_around_views(frame, judgement.wrapped)
            if applied is not None:
                signals = tuple(applied if s is exclusion else s for s in judgement.signals)
                judgement = judgement._replace(signals=signals)
        undecided = complete and judgement.wrapped is not None and judgement.excluded_by is None
        if judgement.is_wrapper or judgement.is_possible_wrapper or undecided:
            kept = self._kept_inside(frame)
            if kept is not None:
                judgement = judgement._replace(signals=(*judgement.signals, kept))
            if judgement.wrapped is not None:
                lambdas = self._given_only_lambdas(frame, judgement.wrapped)
                if lambdas is not None:
                    judgement = judgement._replace(signals=(*judgement.signals, lambdas))
            through = self._through_method_decorator(frame)
            if through is not None:
                judgement = judgement._replace(signals=(*judgement.signals, through))
        if (
            judgement.wrapped is not None
            and judgement.excluded_by is None
            and (complete or not judgement.is_wrapper)
            and (complete or judgement.score + APPLIED >= POSSIBLE_THRESHOLD)
            and not any(signal.name in _APPLIED_SIGNALS for signal in judgement.signals)
        ):
            name = self._name_applied_elsewhere(frame)
            if name is not None:
                applied = Signal(
                    "applied-in-project",
                    APPLIED,
                    f"'{name}' is applied as a decorator in another project module",
                )
                return judgement._replace(signals=(*judgement.signals, applied))
        if (
            judgement.wrapped is not None
            and judgement.excluded_by is None
            and (complete or not judgement.is_wrapper)
            and (complete or judgement.score + BUILT_FOR_APPLIED >= POSSIBLE_THRESHOLD)
            and not any(signal.name in _APPLIED_SIGNALS for signal in judgement.signals)
        ):
            built = self._built_for_applied(frame)
            if built is not None:
                return judgement._replace(signals=(*judgement.signals, built))
        if (
            self.test_code is not None
            and judgement.wrapped is not None
            and judgement.excluded_by is None
            and (complete or judgement.is_wrapper or judgement.is_possible_wrapper)
            and self.test_code()
        ):
            unapplied = self._unapplied_in_tests(frame, judgement)
            if unapplied is not None:
                return judgement._replace(signals=(*judgement.signals, unapplied))
        return judgement

    def _unapplied_in_tests(self, frame: Frame, judgement: Judgement) -> Optional[Signal]:
        """A decorator of test code that nothing in the project applies with ``@``: a
        helper that a few tests call (``wrapper = make_wrapper(func)``), or a fake of the
        code under test, whose name and docstring nobody reads. Over the labelled scans such
        findings were 2 real bugs, 19 wrappers whose metadata nobody reads and 7 false
        positives of 28; a test decorator that is applied (a retry, a skip) keeps its
        weight. Said only where the project's applications are known."""
        if self.applied_elsewhere is None or any(
            KIND_OF_SIGNAL.get(signal.name) in _APPLIED_KINDS for signal in judgement.signals
        ):
            return None
        if self._name_applied_elsewhere(frame) is not None:
            return None
        if self._built_for_applied(frame) is not None:
            return None
        return Signal(
            "unapplied-in-tests",
            TEST_HELPER,
            f"'{frame.node.name}' is test code that nothing in the project applies with @",
        )

    def _applied_to_functions(self, frame: Frame, wrapped: str) -> Optional[Signal]:
        """``@checkAccessPoint`` above the methods of this module: the parameter holds a
        function, whatever its capital says (argopy's ``checkAccessPoint(AccessPoint)``).
        Asked only of closures excluded as building an object; only ``@`` above a def
        counts, as an assignment may hand the decorator a class."""
        decorating = _decorator_names(function for function, _, _ in self.module.decorated)
        name = next((n for n in self._applied_names(frame) if n in decorating), None)
        if name is None:
            return None
        says = (
            f"'{name}' is applied as a decorator to functions in this module: '{wrapped}'"
            " holds a function, not a class"
        )
        return Signal("applied-here", APPLIED, says)

    def _applied_around_views(self, frame: Frame, wrapped: Optional[str]) -> Optional[Signal]:
        """``@is_allowed`` above views: a factory around ``get_response`` that is applied
        with ``@``, here or in another module, decorates views with a guard that takes the
        request alone (University-Result-Management-System's login checks). Django builds
        its middleware from the settings, never with ``@``. Asked only of closures excluded
        as Django middleware."""
        if wrapped is None or not names_djangos_handler(wrapped):
            return None
        name = self._name_applied_here(frame)
        if name is not None:
            says = f"'{name}' is applied as a decorator in this module: not Django middleware"
            return Signal("applied-here", APPLIED, says)
        name = self._name_applied_elsewhere(frame)
        if name is not None:
            says = (
                f"'{name}' is applied as a decorator in another project module:"
                " not Django middleware"
            )
            return Signal("applied-in-project", APPLIED, says)
        return None

    def _replaces_a_class(self, frame: Frame) -> Optional[Signal]:
        """``@singleton`` above a class: a function that builds instances of its parameter
        and returns a closure is a decorator that replaces the class with that closure (glue's,
        sktime's ``singleton(cls)``), not a factory of objects. Asked only of closures
        excluded as building an object, in this module's classes, then in the project's."""
        here = self._class_decorators
        if here is None:  # asked once a finding: found once a module
            here = self._class_decorators = _decorator_names(self.module.module_classes)
        for function in self._decorator_candidates(frame):
            name = function.name
            if name in here or (
                self.applied_to_classes is not None and self.applied_to_classes(name)
            ):
                says = f"'{name}' is applied to a class, which becomes the function it returns"
                return Signal("replaces-a-class", APPLIED, says)
        return None

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
                module_helper_copies(self.module),
                self._module_fixtures(),
            )
            self._context_key = memo.get(("context", context), _same, context)
        return self._context_key

    def _fixtures_asked(self, closure: Union[FunctionNode, ast.Lambda]) -> list[str]:
        """The parameters of ``closure``, all named for this module's pytest fixtures and
        taking neither ``*args`` nor ``**kwargs``; empty otherwise."""
        arguments = closure.args
        if isinstance(closure, ast.Lambda) or arguments.vararg or arguments.kwarg:
            return []
        fixtures = self._module_fixtures()
        if not fixtures:
            return []
        names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
        names = [n for n in names if n not in ("self", "cls", "request")]
        return names if names and all(n in fixtures for n in names) else []

    def _judged(
        self, frame: Frame, closure: Union[FunctionNode, ast.Lambda], params: frozenset[str]
    ) -> Judgement:
        """``judge``, without the evidence from other modules."""
        name = "<lambda>" if isinstance(closure, ast.Lambda) else closure.name
        signals: list[Signal] = []
        if is_fixture(frame.node):
            signals.append(
                Signal(
                    "fixture", None, f"'{frame.node.name}' is a pytest fixture returning a helper"
                )
            )
        asked = self._fixtures_asked(closure)
        if asked:
            # knittingpattern's ``rows_test(function)`` returns ``test(rows)``, which pytest
            # gives the module's fixture ``rows``; with wraps, pytest would read the
            # function's ``(row_id, row)`` through __wrapped__ and find no such fixtures.
            says = " and ".join(f"'{parameter}'" for parameter in asked)
            signals.append(
                Signal(
                    "asks-for-fixtures",
                    None,
                    f"'{name}' takes this module's pytest fixtures {says}: pytest reads its"
                    " signature, which wraps would make the function's",
                )
            )
        uses = callable_uses(closure, params)
        if (
            not isinstance(closure, ast.Lambda)
            and self._is_decorator_level(closure)
            and not _defers_the_call(closure, params)
        ):
            signals.append(
                Signal("factory-level", None, f"'{name}' returns a closure: a level of a factory")
            )
        elif (
            names_a_decorator_level(name)
            and not _takes_anything(closure)
            and not any(use.kind == STAND_IN_CALL for use in uses)
        ):
            # A 'decorator' that returns no closure and takes *args and **kwargs, or calls
            # the function with its own arguments, is a wrapper with a misleading name
            # (accelerate's find_executable_batch_size, silver's view decorator).
            signals.append(
                Signal("factory-level", None, f"'{name}' is named as the level of a factory")
            )
        if params != self._callable_parameters(frame):
            aliases = alias_locals(frame, params)
            unsure = {
                use.name
                for use in uses
                if use.name in aliases
                # bound after the def, where ``wraps`` could not name it yet, or twice
                and (aliases[use.name] > closure.lineno or not bound_once(frame.node, use.name))
            }
            if unsure:
                params = params - unsure
                uses = callable_uses(closure, params)
        used = sorted({use.name for use in uses})
        callbacks: list[str] = []
        if len(used) > 1:
            forwarded = forwarded_beside_callbacks(frame.node, closure, uses)
            if forwarded is not None:
                callbacks = [name for name in used if name != forwarded]
                uses = [use for use in uses if use.name == forwarded]
                used = [forwarded]
        relay = None
        if not used and not isinstance(closure, ast.Lambda):
            relay = relayed_through(frame.node, closure, params)
            if relay is not None:
                uses = [
                    use._replace(name=relay.parameter)
                    for use in callable_uses(closure, frozenset({relay.function.name}))
                ]
                used = [relay.parameter]
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
        use = use_signal(closure, wrapped, uses)
        if relay is not None:
            says = f"{use.says}, through its local function '{relay.function.name}'"
            use = use._replace(says=says)
        signals.append(use)
        if wrapped in attribute_locals(frame):
            if _only_delegates(closure, wrapped):
                # frontik's ``Delegator``: a method of a proxy that adds nothing of its own
                says = f"it only hands its arguments on to the attribute '{wrapped}': a proxy"
                signals.append(Signal("only-delegates", None, says))
                return Judgement(name, closure.lineno, wrapped, tuple(signals))
            unlike = _unlike_the_attribute(closure, self.module.frame_of.get(closure), wrapped)
            if unlike is not None:
                signals.append(Signal("unlike-the-attribute", None, unlike))
                return Judgement(name, closure.lineno, wrapped, tuple(signals))
            says = f"'{frame.node.name}' hands it out in place of the attribute '{wrapped}'"
            signals.append(Signal("proxies-an-attribute", APPLIED, says))
        if callbacks:
            says = " and ".join(f"'{name}'" for name in callbacks)
            signals.append(
                Signal(
                    "optional-callbacks",
                    HELPER,
                    f"it also calls {says}: callbacks, checks or a key function, not what it wraps",
                )
            )
        signals.extend(self._name_signals(frame, name, wrapped))
        if not isinstance(closure, ast.Lambda):
            signals.extend(self._copy_signals(frame, closure, wrapped))
        if not any(signal.weight is None for signal in signals):
            arguments = frame.node.args
            positional = [*arguments.posonlyargs, *arguments.args]
            implicit_first = positional[0].arg if frame.is_method and positional else None
            shapes = adapter_signals(
                closure,
                wrapped,
                uses,
                frame.node,
                frozenset(parameter_names(arguments)),
                implicit_first,
            )
            if not any(s.name == "partial-application" for s in shapes):
                factory = fills_from_a_factory(
                    [use.call for use in uses if use.kind not in (HANDED_ON, HELPER_CALL)],
                    _outer_parameters(frame, wrapped),
                    closure,
                )
                shapes += [factory] if factory is not None else []
            shown = {s.name for s in shapes}
            if "method-from-function" in shown and "proxy" not in shown and (
                self._applied_to_methods(frame)
            ):
                shapes = [s for s in shapes if s.name != "method-from-function"]
            if "own-docstring" in shown and "__doc__" in set_by_hand(
                frame, name, wrapped, self._constants_named(frame)
            )[0]:
                # ``decorator.__doc__ = f.__doc__``: the docstring is a note for the reader
                # of the source, replaced by the function's own (pyspeckit's ConfigDescriptor).
                shapes = [s for s in shapes if s.name != "own-docstring"]
            signals.extend(shapes)
            signals.extend(_in_an_adapter(signals))
        return Judgement(name, closure.lineno, wrapped, tuple(signals))

    def _applied_to_methods(self, frame: Frame) -> bool:
        """``@affects_shader_info_id`` on ``def fix_in_frame(self)`` in manim's class body: the
        function it is given is a method, so a closure taking ``self`` that calls it with
        another instance (``func(mob)`` for each member of the family) is no method built
        from a plain function. Not where the closure hands the method an object it holds:
        django's ``@new_method_proxy`` on ``def __radd__(self, other)`` makes ``self`` the
        proxied object (a proxy, as ``new_method_proxy(operator.add)`` is)."""
        names = set(self._applied_names(frame))
        for function, _, class_node in self.module.decorated:
            positional = [*function.args.posonlyargs, *function.args.args]
            if class_node is None or not positional or positional[0].arg != "self":
                continue
            for decorator in function.decorator_list:
                if isinstance(decorator, ast.Call):
                    decorator = decorator.func
                if terminal_name(decorator) in names:
                    return True
        return False


def _decorator_names(
    nodes: Iterable[Union[FunctionNode, ast.ClassDef]],
) -> set[Optional[str]]:
    """The names the decorators above ``nodes`` are called by (``@mod.name(...)``: name)."""
    return {
        terminal_name(decorator.func if isinstance(decorator, ast.Call) else decorator)
        for node in nodes
        for decorator in node.decorator_list
    }


def _in_an_adapter(signals: list[Signal]) -> list[Signal]:
    """What the annotations and a copy by hand weigh where the closure is no plain stand-in
    (``dogpile``'s ``length_conditional_mangler(length, mangler) -> Callable[[str], str]``,
    ``pyparsing``'s ``_trim_arity``, which copies the name and changes the arguments)."""
    names = {signal.name for signal in signals}
    shape = next((signal.name for signal in signals if signal.name in ADAPTER_SHAPES), None)
    if shape is None:
        return []
    added = []
    if "callable-annotations" in names:
        says = f"annotated as a decorator, but no plain stand-in ({shape}): combinators are too"
        added.append(Signal("typed-in-adapter", TYPED_IN_ADAPTER, says))
    if names & {"half-copy", "half-copy-by-helper"}:
        says = f"copies by hand, but no plain stand-in ({shape}): adapters may do it on purpose"
        added.append(Signal("copy-in-adapter", COPY_IN_ADAPTER, says))
    return added


def _unlike_the_attribute(
    closure: Union[FunctionNode, ast.Lambda], own: Optional[Frame], wrapped: str
) -> Optional[str]:
    """Why a closure that ``__getattr__`` builds on the attribute ``wrapped`` is no stand-in
    for it, if it is not: a decorator of its own (trio's ``@async_wraps(cls, wrapped_cls,
    name)`` names it itself), or a result other than what the attribute returns, called or
    run by a helper (``retry(orig_attr, *args)``), directly or through a local (disco's
    ``Chain`` spawns the call and returns the chain). ``own`` is the closure's frame (none
    for a lambda)."""
    values: list[ast.expr] = [closure.body] if isinstance(closure, ast.Lambda) else []
    bound: dict[str, list[ast.expr]] = {}
    if isinstance(closure, FUNCTION_TYPES):
        if closure.decorator_list:
            return "it has decorators of its own, which may name it"
        if own is not None:
            values = own.returns
            for assign in own.assigns:
                if len(assign.targets) == 1 and isinstance(assign.targets[0], ast.Name):
                    bound.setdefault(assign.targets[0].id, []).append(assign.value)

    def its_result(value: ast.expr, seen: frozenset[str] = frozenset()) -> bool:
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(value, ast.Name) and value.id in bound and value.id not in seen:
            seen |= {value.id}  # ``value = value.result()`` ends here
            return any(its_result(v, seen) for v in bound[value.id])
        return isinstance(value, ast.Call) and (
            is_name(value.func, wrapped) or any(is_name(a, wrapped) for a in value.args)
        )

    if values and all(its_result(value) for value in values):
        return None
    return f"it does not return what the attribute '{wrapped}' returns: an adapter"


def _only_delegates(closure: Union[FunctionNode, ast.Lambda], wrapped: str) -> bool:
    """The closure's whole body returns ``wrapped`` called with its own arguments, as they
    came (``return await attr(*args, **kwargs)``)."""
    value = only_returned_call(closure)
    if value is None or not isinstance(value.func, ast.Name):
        return False
    arguments = closure.args
    own = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    star = arguments.vararg.arg if arguments.vararg else None
    double = arguments.kwarg.arg if arguments.kwarg else None
    return (
        value.func.id == wrapped
        and all(
            isinstance(a, ast.Name) and a.id in own
            or isinstance(a, ast.Starred) and isinstance(a.value, ast.Name) and a.value.id == star
            for a in value.args
        )
        and all(
            isinstance(k.value, ast.Name)
            and (k.value.id == double if k.arg is None else k.value.id == k.arg and k.arg in own)
            for k in value.keywords
        )
    )


def _same(value: tuple[object, ...]) -> tuple[object, ...]:
    return value


def _takes_anything(closure: Union[FunctionNode, ast.Lambda]) -> bool:
    """``(*args, **kwargs)``: what a wrapper takes, not a decorator's one function."""
    return closure.args.vararg is not None and closure.args.kwarg is not None


def _defers_the_call(closure: FunctionNode, params: frozenset[str]) -> bool:
    """``wrapper(*args, **kwargs)`` that returns ``lambda tbl: fn(tbl, *args, **kwargs)``
    (or a decorator made by ``fn(*args, **kwargs)``): it takes what the function takes and
    hands it on whole, so it stands in for the function, though it returns a closure. A
    level of a decorator factory takes one function, or the factory's options, and hands
    neither on whole (a maintainers' fix, TileDB-Cloud-Py's ``df_transform``)."""
    vararg, kwarg = closure.args.vararg, closure.args.kwarg
    if vararg is None or kwarg is None:
        return False
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in params
        and forwards_unpacked(node, {vararg.arg})
        and forwards_unpacked(node, {kwarg.arg})
        for node in ast.walk(closure)
    )


def _outer_parameters(frame: Frame, wrapped: str) -> frozenset[str]:
    """The parameters of the functions around the one that returns the closure, less
    the names that function binds itself (its parameters and locals shadow them)."""
    outer: set[str] = set()
    above = frame.parent
    while above is not None:
        outer.update(parameter_names(above.node.args))
        above = above.parent
    return frozenset(outer - scope_info(frame.node).bound - {wrapped})
