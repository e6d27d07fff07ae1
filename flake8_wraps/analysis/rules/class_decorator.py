"""WRP006: a class used as a decorator whose instance replaces the function without
``functools.update_wrapper(self, func)``: a class with ``__call__`` (or a descriptor with
``__get__``) that stores the function it is given. ``class_decorators`` reads the class."""

from __future__ import annotations

import ast
from typing import Iterable, Iterator, NamedTuple, Optional

from flake8_wraps.analysis.adapters import (
    names_a_class,
    names_djangos_handler,
    takes_a_server_protocol,
)
from flake8_wraps.analysis.class_builders import (
    builders_by_class,
    builds_this_class,
    copying_builder,
    passed_to_class,
    returns_name,
)
from flake8_wraps.analysis.class_decorators import (
    CLASS_THRESHOLD,
    CLASS_WEIGHTS,
    ClassJudgement,
    calls_stored_with_owner,
    class_signal,
    copied_and_lost,
    evaluated_on_the_class,
    hands_on_instance,
    has_instance_dict,
    metadata_copied_from,
    metadata_set_on_instance,
    named_by_set_name,
    refers_to_stored,
    says_it_is_a_decorator,
    says_it_is_no_decorator,
    slots_without_dict,
    wrapped_set_by_hand,
)
from flake8_wraps.analysis.class_forwarding import (
    binds_arguments,
    forwarded_through_method,
    forwarded_to_stored,
)
from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.collect import FUNCTION_TYPES
from flake8_wraps.analysis.context import ModuleContext
from flake8_wraps.analysis.copies import METADATA_ATTRIBUTES, copies_in_frame, metadata_set_on
from flake8_wraps.analysis.evidence import Signal, says_function, score_of
from flake8_wraps.analysis.findings import Finding, Fix, finding
from flake8_wraps.analysis.frames import (
    callable_parameters,
    positional_names,
    required_positional_count,
    top_level_calls,
)
from flake8_wraps.analysis.helper_copies import function_default
from flake8_wraps.analysis.names import terminal_name


class ClassDecorator(ModuleContext):
    """WRP006 and its variants (a half copy, a descriptor)."""

    __slots__ = ()

    # -- WRP006 ------------------------------------------------------------------------

    def judge_class(self, class_node: ast.ClassDef) -> Optional[ClassJudgement]:
        """Whether ``class_node`` is a decorator whose instances stand in for the function
        its ``__init__`` stores, and why; None where it has not that shape at all (no
        ``__init__`` storing a parameter, no ``__call__`` or ``__get__``).

        Exclusions come first and end the look, as for closures (``Decision.judge``)."""
        methods: dict[str, FunctionNode] = {
            statement.name: statement
            for statement in class_node.body
            if isinstance(statement, FUNCTION_TYPES)
        }
        init, call, get = methods.get("__init__"), methods.get("__call__"), methods.get("__get__")
        if init is None or (call is None and get is None):
            return None
        init_params = callable_parameters(init, True)
        if not init_params or not init.args.args:
            return None
        wrapped = init_params[0]
        builder = None
        if not takes_the_function_alone(init, wrapped):
            # ``RemoteFunction(view, f)``: applied through the decorator that builds it.
            builder = self._class_builder(class_node, init)
            if builder is not None:
                wrapped = builder.parameter
        init_self = init.args.args[0].arg
        init_frame = self.module.frame_of[init]
        storing = stores_of(init, init_self, wrapped)
        if not storing:
            return None
        stored = {attribute for _, attribute in storing}
        set_by_hand = frozenset(
            metadata_set_on_instance(init_frame, init_self, METADATA_ATTRIBUTES)
        )
        copied = metadata_copied_from(init_frame, init_self, wrapped, stored)
        if builder is not None:
            copied |= builder.by_hand
        # Only what the message names: the decision reads ``copied`` alone.
        copied_for_message = copied | (
            {"__wrapped__"}
            if copied and wrapped_set_by_hand(init_frame, init_self, wrapped, stored)
            else set()
        )
        copied_for_message |= named_by_set_name(methods.get("__set_name__"))
        forwarded = (
            forwarded_to_stored(call, stored, says_function(wrapped))
            or forwarded_through_method(call, methods, stored, says_function(wrapped))
            if call and call.args.args
            else set()
        )
        is_descriptor = (
            not forwarded and get is not None and calls_stored_with_owner(get, stored)
        )
        signals: list[Signal] = []
        judgement = ClassJudgement(
            class_node.name,
            class_node.lineno,
            wrapped,
            (),
            is_descriptor,
            init_self,
            min(assign.lineno for assign, _ in storing),
            set_by_hand,
            frozenset(copied_for_message),
        )
        built_or_copied = builder is not None or bool(copied)
        for exclusion in self._class_exclusions(
            class_node, init, wrapped, forwarded, is_descriptor, built_or_copied, call, stored
        ):
            return judgement._replace(signals=(exclusion,))
        if is_descriptor and get is not None and evaluated_on_the_class(get, stored):
            # ``classproperty``: what any reader reaches is the value, never the instance
            says = (
                f"read on the class too, __get__ returns what '{wrapped}' computes: the"
                " attribute is its value"
            )
            return judgement._replace(signals=(class_signal("class-property", says),))
        for init_call in top_level_calls(init_frame):
            if refers_to_stored(init_call, init_self, wrapped, stored) and (
                hands_on_instance(init_call, init_self)
                or terminal_name(init_call.func) == "__init__"
            ):
                # update_wrapper(self, func), update_wrapper(self, self.func),
                # wraps(func)(self), super().__init__(func)
                says = f"__init__ copies the metadata of '{wrapped}' onto the instance"
                return judgement._replace(signals=(class_signal("copies-metadata", says),))
        copier = builder.name if builder is not None and builder.copies else None
        if builder is None:
            parameters = positional_names(init)[1:]
            copier = copying_builder(
                self.module.frames, class_node, self.module.module_classes, parameters
            )
        if copier is not None:
            says = f"'{copier}' copies the metadata of the function onto what it builds"
            return judgement._replace(signals=(class_signal("copies-metadata", says),))
        if self._copies_onto_instance(methods.values()):
            # update_wrapper(self, ...) in another method (``_setup``, ``__set_name__``)
            says = "a method calls update_wrapper(self, ...)"
            return judgement._replace(signals=(class_signal("copies-metadata", says),))
        computes_an_attribute = is_descriptor or (
            get is not None and calls_stored_with_owner(get, stored)
        )
        if computes_an_attribute and "__doc__" in set_by_hand:
            # ``self.__doc__ = func.__doc__``: what ``help()`` shows is there, and what an
            # instance reads is the value (also where ``__call__`` passes calls through)
            says = "__init__ sets self.__doc__, which is what help() shows"
            return judgement._replace(signals=(class_signal("docstring-set", says),))
        if {"__name__", "__doc__", "__module__"} <= set_by_hand:
            # invoke's ``Task`` sets ``__name__``, ``__doc__`` and ``__module__``; with
            # ``__name__`` and ``__doc__`` alone, the half copy below weighs it
            says = "__init__ sets self.__name__ and self.__doc__ by hand"
            return judgement._replace(signals=(class_signal("copied-by-hand", says),))
        if class_node.name in self._decorator_names():
            signals.append(class_signal("applied-here", f"'@{class_node.name}' in this module"))
        if builder is not None:
            says = f"'{builder.name}' builds it from the function it decorates"
            signals.append(class_signal("built-by-decorator", says))
        if copied:
            names = " and ".join(sorted(copied))
            says = f"__init__ copies {names} from '{wrapped}' by hand: it stands in for it"
            signals.append(class_signal("half-copy", says))
        if says_it_is_a_decorator(class_node):
            signals.append(class_signal("class-docstring", "its docstring calls it a decorator"))
        if {"*", "**"} <= forwarded:
            says = f"__call__ passes its *args and **kwargs on to '{wrapped}'"
            signals.append(class_signal("forwards-everything", says))
        elif forwarded:
            says = f"__call__ passes its arguments on to '{wrapped}'"
            signals.append(class_signal("passes-its-arguments", says))
        if is_descriptor:
            says = f"__get__ calls '{wrapped}' with the instance, as cached_property does"
            signals.append(class_signal("descriptor", says))
        if class_node.name.lstrip("_")[:1].islower():
            says = f"'{class_node.name}' is named as a function, as decorator classes are"
            signals.append(class_signal("lowercase-name", says))
        if _has_only_plain_bases(class_node):
            signals.append(class_signal("plain-bases", "no base class to inherit a protocol from"))
        if builder is None and score_of(signals) < CLASS_THRESHOLD:
            built = self._applied_builder(class_node)
            if built is not None:
                says = f"'{built}' builds it from the function it decorates"
                signals.append(class_signal("built-by-decorator", says))
        score = score_of(signals)
        if (
            score < CLASS_THRESHOLD <= score + CLASS_WEIGHTS["applied-in-project"]
            and self.applied_elsewhere is not None
            and self.applied_elsewhere(class_node.name)
        ):
            # Asked only where it decides: the project's other modules are read once.
            says = f"'{class_node.name}' is applied as a decorator in another project module"
            signals.insert(0, class_signal("applied-in-project", says))
        return judgement._replace(signals=tuple(signals))

    def _applied_builder(self, class_node: ast.ClassDef) -> Optional[str]:
        """A function of this module that builds the class from its one parameter and is
        applied with ``@``, here or in another module of the project (funsor's
        ``debug_logged``, applied in ``delta.py``)."""
        if self._builders is None:
            self._builders = builders_by_class(self.module.frames)
        names = [
            frame.node.name
            for frame in self._builders.get(class_node.name, ())
            if builds_this_class(frame, class_node, self.module.module_classes)
        ]
        applied = self._decorator_names()
        here = next((name for name in names if name in applied), None)
        if here is not None or self.applied_elsewhere is None:
            return here
        return next((name for name in names if self.applied_elsewhere(name)), None)

    def _class_exclusions(
        self,
        class_node: ast.ClassDef,
        init: FunctionNode,
        wrapped: str,
        forwarded: set[str],
        is_descriptor: bool,
        built: bool,
        call: Optional[FunctionNode],
        stored: set[str],
    ) -> Iterator[Signal]:
        """What makes a class no decorator whatever else is true. ``built``: a decorator
        builds it, or ``__init__`` copies the function's metadata by hand; either way its
        other ``__init__`` arguments are no sign that code, not ``@``, builds it for
        something else."""
        if _manages_its_metadata(class_node):
            # ``update_wrapper(self, func)`` would raise there (a property without a
            # setter), or fight what the class does on purpose.
            yield class_signal("manages-metadata", "it defines its own metadata or __getattr__")
        if says_it_is_no_decorator(class_node):
            # numba's ``PickleCallableByPath``
            yield class_signal("says-no-decorator", "its docstring says it is no decorator")
        if not built and not takes_the_function_alone(init, wrapped):
            says = f"__init__ needs more than '{wrapped}': '@{class_node.name}' cannot apply it"
            yield class_signal("needs-more-arguments", says)
        if not built and call is not None:
            # schedula's ``run_model(func, *args, **kwargs)``: a partial, built by code
            instance = init.args.args[0].arg
            extra = [a.arg for a in (init.args.vararg, init.args.kwarg) if a is not None]
            kept = {attr for name in extra for _, attr in stores_of(init, instance, name)}
            if binds_arguments(call, stored, kept):
                says = (
                    f"__init__ keeps its other arguments for '{wrapped}',"
                    " as functools.partial does"
                )
                yield class_signal("binds-arguments", says)
        hook = function_default(self.module, self.module.frame_of[init].parent, init.args, wrapped)
        if hook is not None:
            # pioreactor's ``callable_stack(default_function_if_empty=lambda *args: None)``:
            # built without a function, it runs a fallback; what ``@`` gives has no default.
            yield class_signal("hook-by-default", f"'{wrapped}' defaults to {hook}: a hook")
        value_base = _value_base(class_node)
        if value_base is not None:
            # pygobject's ``Signal(str)``, a string declaring a signal: an instance of a
            # value type is a value, whatever its ``__call__`` does.
            yield class_signal("value-type", f"it is a '{value_base}', a value")
        if names_a_class(wrapped):
            # ``NotifyingRequestFactory(wrappedFactory)``: wraps a class, builds objects
            yield class_signal("wraps-a-class", f"'{wrapped}' is named as a class")
        if not forwarded and not is_descriptor:
            # ``__call__(self, signum, frame)`` that gives the function none of them: a
            # handler or a proxy with a protocol of its own. Without ``__call__``, a
            # ``__get__`` that calls it with something else (nonebot's classproperty).
            says = (
                f"__get__ does not call '{wrapped}' with the instance or the class alone"
                if call is None
                else f"__call__ passes none of its arguments on to '{wrapped}'"
            )
            yield class_signal("fixed-signature", says)
        django = names_djangos_handler(wrapped)
        if call is not None and takes_a_server_protocol(call, bound=True, django=django):
            # ``__call__(self, environ, start_response)``: WSGI or ASGI middleware around
            # an application object (instana's, applied as ``app = Middleware(app)``);
            # ``__call__(self, request)`` around Django's ``get_response``.
            says = (
                f"__call__ takes the request alone around '{wrapped}': Django middleware"
                if django
                else "__call__ takes a server protocol's arguments: middleware"
            )
            yield class_signal("server-protocol", says)

    def _class_builder(
        self, class_node: ast.ClassDef, init: FunctionNode
    ) -> Optional[Builder]:
        """The decorator that builds the class from the function it is given, and the
        ``__init__`` parameter it passes that function as: ``def remote_function(f):
        return RemoteFunction(view, f)`` returned by a factory ``remote(view)``, or a
        ``__call__(self, func)`` returning ``Dispatch(predicates, func)`` (directly or
        through a name bound to it), or a function applied with ``@`` here or, asked last,
        in another module of the project (helion's ``kernel(fn=None, *, configs=None)``,
        whose options are keywords). It takes the function alone and hands it on
        unchanged."""
        parameters = positional_names(init)[1:]
        module_classes = self.module.module_classes
        for frame in self.module.frames:
            function = frame.node
            taken = positional_names(function)[1 if frame.is_method else 0:]
            if len(taken) != 1 or required_positional_count(function) < 0:
                continue
            applied = (
                (frame.is_method and function.name == "__call__")
                or (frame.parent is not None and returns_name(frame.parent, function.name))
                or function.name in self._decorator_names()
            )
            elsewhere = self.applied_elsewhere if frame.at_module_level else None
            if not applied and elsewhere is None:
                continue
            passed = passed_to_class(frame, class_node.name, taken[0], parameters)
            if passed is None or not builds_this_class(frame, class_node, module_classes):
                continue
            if not applied and not (elsewhere is not None and elsewhere(function.name)):
                continue  # the project is asked last, and only for a builder's shape
            parameter, built = passed
            if built is None:
                return Builder(function.name, parameter, False, frozenset())
            return Builder(
                function.name, parameter, copies_in_frame(frame, built, taken[0]),
                metadata_set_on(frame, built, taken[0]),
            )
        return None

    def _class_decorator(self, class_node: ast.ClassDef) -> Iterator[Finding]:
        judgement = self.judge_class(class_node)
        if judgement is None or not judgement.is_decorator:
            return
        copied_by_hand = judgement.copied
        if not judgement.is_descriptor:
            # A descriptor takes a method's place in a class; nothing registers it.
            self._damaging.append((class_node, None, True, (), 0, ()))
        fix = None
        wrapped = judgement.wrapped
        if has_instance_dict(class_node):  # update_wrapper needs an instance __dict__
            # Before the store: update_wrapper copies the function's __dict__, and what
            # __init__ sets after it wins (a stacked decorator's ``func`` must not). Never
            # safe: the copy and the names update_wrapper sets reach whatever reads the
            # instance (vars(self), getattr, self.__doc__, a method the copy shadows, a
            # subclass's property, slots a class decorator adds), which no reading of the
            # class here can see whole.
            fix = Fix(
                "insert-before", judgement.stored_at, "__init__", wrapped, False,
                judgement.instance
            )
        fields = {"decorator": class_node.name, "wrapped": wrapped}
        if copied_by_hand:
            copied, lost = copied_and_lost(
                copied_by_hand, not judgement.is_descriptor, judgement.set_by_hand
            )
            rule = "class-decorator-half-copied-metadata"
            fields.update(copied=copied, lost=lost)
        elif slots_without_dict(class_node):
            # update_wrapper(self, func) would raise AttributeError on __module__, in a
            # descriptor (pygfx's ``cached``) as in a class called in the function's place
            rule = "slotted-class-decorator-missing-metadata"
        elif judgement.is_descriptor:
            rule = "descriptor-decorator-missing-update-wrapper"
        else:
            rule = "class-decorator-missing-update-wrapper"
        yield finding(class_node, rule, fix, **fields)

    def _copies_onto_instance(self, methods: Iterable[FunctionNode]) -> bool:
        """Whether a method calls ``update_wrapper(self, ...)`` or ``wraps(...)(self)``;
        in ``__new__``, onto the instance it returns (nox's ``Func``: ``self =
        super().__new__(cls)``, ``update_wrapper(self, func)``, ``return self``)."""
        for method in methods:
            positional = [*method.args.posonlyargs, *method.args.args]
            if method.name == "__new__":
                instances = {
                    node.value.id
                    for node in ast.walk(method)
                    if isinstance(node, ast.Return) and isinstance(node.value, ast.Name)
                }
            elif not positional or any(
                terminal_name(d) in ("staticmethod", "classmethod") for d in method.decorator_list
            ):
                continue  # no instance to copy onto
            else:
                instances = {positional[0].arg}
            for node in ast.walk(method):
                if not isinstance(node, ast.Call):
                    continue
                copying = self._is_update_wrapper(node.func) or (
                    isinstance(node.func, ast.Call) and self._is_wraps(node.func.func)
                )
                if copying and any(hands_on_instance(node, name) for name in instances):
                    return True
        return False


def takes_the_function_alone(init: FunctionNode, wrapped: str) -> bool:
    """``@Decorator`` calls ``Decorator(func)``: only self and func required (or func
    optional too: ``@cache_readonly`` and ``@cache_readonly(allow_setting=True)``)."""
    return wrapped in positional_names(init) and required_positional_count(init) in (1, 2)


class Builder(NamedTuple):
    """A function that builds the class from the function it decorates."""

    name: str
    #: The ``__init__`` parameter it passes the function as.
    parameter: str
    #: It copies the function's metadata onto what it builds (``update_wrapper(built,
    #: f)``), or sets some of it by hand (mlir-python-extras' ``func.__name__ =
    #: f.__name__``).
    copies: bool
    by_hand: frozenset[str]


def _manages_its_metadata(class_node: ast.ClassDef) -> bool:
    """Whether the class defines a metadata attribute (or ``__getattr__``) itself: as a
    method or property, a class attribute or descriptor, or a name in ``__slots__``."""
    managed = METADATA_ATTRIBUTES | {"__getattr__"}
    for statement in class_node.body:
        if isinstance(statement, FUNCTION_TYPES):
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
                # a '__dict__' slot gives instances a dict: it manages no metadata
                for node in ast.walk(value):
                    if (
                        isinstance(node, ast.Constant)
                        and node.value in managed
                        and node.value != "__dict__"
                    ):
                        return True
    return False


#: Base classes that add no behaviour a decorator class could inherit metadata from.
_PLAIN_BASES = frozenset({"object", "Generic", "ABC", "Protocol"})


#: Built-in scalar types: a subclass's instances are values, not functions. Not the
#: containers: ``class memoize(dict)`` with ``__missing__`` is the classic memoizer.
_VALUE_TYPES = frozenset({"str", "bytes", "int", "float", "complex"})


def _value_base(class_node: ast.ClassDef) -> Optional[str]:
    """The built-in value type the class derives from, if any."""
    return next(
        (base.id for base in class_node.bases
         if isinstance(base, ast.Name) and base.id in _VALUE_TYPES),
        None,
    )


def _has_only_plain_bases(class_node: ast.ClassDef) -> bool:
    for base in class_node.bases:
        if isinstance(base, ast.Subscript):
            base = base.value
        if terminal_name(base) not in _PLAIN_BASES:
            return False
    return True


def stores_of(init: FunctionNode, instance: str, wrapped: str) -> list[tuple[ast.stmt, str]]:
    """The statements of ``__init__`` that store ``wrapped`` on ``instance``, with the
    attribute: ``self.func = func``, ``self.func: Callable[..., T] = func`` (typed code)
    and ``self.func, self.calls = func, 0``, in any block of ``__init__`` but its nested
    definitions."""
    stores: list[tuple[ast.stmt, str]] = []
    pending: list[ast.AST] = list(init.body)
    while pending:
        node = pending.pop()
        pairs: list[tuple[ast.expr, ast.expr]] = []
        if isinstance(node, ast.Assign):
            for target in node.targets:
                value = node.value
                if isinstance(target, (ast.Tuple, ast.List)) and isinstance(
                    value, (ast.Tuple, ast.List)
                ) and len(target.elts) == len(value.elts):
                    pairs.extend(zip(target.elts, value.elts))
                else:
                    pairs.append((target, value))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            pairs.append((node.target, node.value))
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # a block's statements, an ``except``'s and a ``case``'s
            pending.extend(
                child
                for child in ast.iter_child_nodes(node)
                if isinstance(child, (ast.stmt, ast.ExceptHandler))
                or type(child).__name__ == "match_case"
            )
        for target, value in pairs:
            if (
                isinstance(value, ast.Name)
                and value.id == wrapped
                and isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == instance
            ):
                assert isinstance(node, ast.stmt)
                stores.append((node, target.attr))
    return stores
