"""What every rule asks of one module: its names resolved, the decorators it applies, the
parameters of its functions, and the damage its decorators do (for other files).

``ModuleContext`` is the base of the rule families (``rules/``) and of the decision over
evidence (``decision``): each family is a class of its own over the same module, and
``module.Rules`` puts them together.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterator, Optional, Sequence, Union

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.closures import FunctionNode, scope_info
from flake8_wraps.analysis.collect import Frame, Module, simple_statements
from flake8_wraps.analysis.copies import attribute_constants
from flake8_wraps.analysis.findings import Damage
from flake8_wraps.analysis.frames import (
    alias_locals,
    attribute_locals,
    parameter_set,
    returned_closures,
)
from flake8_wraps.analysis.frameworks.fixtures import is_fixture
from flake8_wraps.analysis.helper_copies import copied_by, definitions_in_sight
from flake8_wraps.analysis.names import is_name, module_aliases, terminal_name
from flake8_wraps.analysis.usage import Uses
from flake8_wraps.config import Config


class ModuleContext:
    """One module, as the rules see it after the traversal (``collect``)."""

    __slots__ = (
        "module",
        "config",
        "applied_elsewhere",
        "source_lines",
        "applied_to_classes",
        "test_code",
        "given_to_method_decorator",
        "_applied",
        "_builders",
        "_copied_by_caller",
        "_copying_names",
        "_other_wraps",
        "_delegators",
        "_damaging",
        "_setters",
        "_context_key",
        "_uses",
        "_named",
        "_copiers",
        "_fixtures",
        "_class_decorators",
        "_applications_by_name",
    )

    def __init__(
        self,
        module: Module,
        config: Config,
        applied_elsewhere: Optional[Callable[[str], bool]] = None,
        source_lines: Optional[Callable[[], Sequence[str]]] = None,
        applied_to_classes: Optional[Callable[[str], bool]] = None,
        test_code: Optional[Callable[[], bool]] = None,
        given_to_method_decorator: Optional[Callable[[str], bool]] = None,
    ):
        self.module = module
        self.config = config
        #: Whether a name is applied as a decorator in another module of the project;
        #: asked only for the few closures that this evidence would decide.
        self.applied_elsewhere = applied_elsewhere
        #: The module's source lines, for the comments the tree leaves out: asked only
        #: for the few closures whose comments are read.
        self.source_lines = source_lines
        #: Whether a name is applied with ``@`` to a class in another module: a function
        #: that builds instances of its parameter then replaces a class (``singleton``).
        self.applied_to_classes = applied_to_classes
        #: Whether the module is test code (``tests/``, ``test_*.py``): a decorator there
        #: that the project applies nowhere helps a few tests, and nobody reads its
        #: metadata. Asked only of the few closures judged wrappers.
        self.test_code = test_code
        #: Whether a name is handed to Django's ``method_decorator`` in a module of the
        #: project: asked only where nothing applies it with ``@``.
        self.given_to_method_decorator = given_to_method_decorator
        self._applied: Optional[frozenset[str]] = None
        #: The module's functions that build each class from their one parameter.
        self._builders: Optional[dict[str, tuple[Frame, ...]]] = None
        self._copied_by_caller: Optional[frozenset[str]] = None
        self._delegators: Optional[dict[str, frozenset[str]]] = None
        self._setters: Optional[dict[str, frozenset[str]]] = None
        self._context_key: Optional[tuple[object, ...]] = None
        #: What each scope does with the functions defined in it, built on first need.
        self._uses: dict[ast.AST, Uses] = {}
        #: Per function: the module's constants its ``setattr`` calls name attributes with.
        self._named: dict[ast.AST, frozenset[tuple[str, str]]] = {}
        #: The module's helpers that copy metadata onto their first argument and return it.
        self._copiers: Optional[frozenset[str]] = None
        self._fixtures: Optional[frozenset[str]] = None
        #: The names this module applies with ``@`` to its classes (``_replaces_a_class``).
        self._class_decorators: Optional[set[Optional[str]]] = None
        #: For each name the module applies with ``@``, each function it decorates and the
        #: first marking decorator below it there (``MissingWraps._applications``).
        self._applications_by_name: Optional[
            dict[str, list[tuple[FunctionNode, Optional[str]]]]
        ] = None
        # (function or class that damages, name it gives, its wrapper's arguments)
        #: (where, the wrapper's name, whether it takes any arguments, the keywords and
        #: how many leading positional arguments it supplies, what of the name it keeps).
        self._damaging: list[
            tuple[
                Union[Frame, ast.ClassDef], Optional[str], bool, tuple[str, ...], int,
                tuple[str, ...],
            ]
        ] = []
        # The last identifier of anything that may resolve to a wraps or update_wrapper
        # function: a set lookup rules out almost every call before any resolution.
        dotted = config.wraps_functions | config.update_wrapper_functions
        self._copying_names = frozenset(name.rpartition(".")[2] for name in dotted) | (
            module.imports.local_names_for(dotted)
        )
        #: Names bound by ``from x import wraps`` to a ``wraps`` not configured: the
        #: project's own, whose bare call is as dead as functools' (testplan's).
        self._other_wraps = module.imports.other_wraps_names(config.wraps_functions)

    # -- name resolution -------------------------------------------------------------

    def _is_wraps(self, expr: ast.expr) -> bool:
        if terminal_name(expr) not in self._copying_names:
            return False
        return self.module.imports.qualified_name(expr) in self.config.wraps_functions

    def _is_other_wraps(self, expr: ast.expr) -> bool:
        """A project's own ``wraps``, imported by that name from a module of its own."""
        return isinstance(expr, ast.Name) and expr.id in self._other_wraps

    def _is_any_wraps(self, expr: ast.expr) -> bool:
        """A configured ``wraps`` (``_is_wraps``) or a project's own (``_is_other_wraps``):
        what a bare call or a decorator of the wrapper is judged by."""
        return self._is_wraps(expr) or self._is_other_wraps(expr)

    def _is_update_wrapper(self, expr: ast.expr) -> bool:
        if terminal_name(expr) not in self._copying_names:
            return False
        qualified = self.module.imports.qualified_name(expr)
        return qualified in self.config.update_wrapper_functions

    def _callable_parameters(self, frame: Frame) -> frozenset[str]:
        """The parameters of ``frame``'s function that may hold a function."""
        key = ("parameters", frame.node, frame.is_method)
        parameters: frozenset[str] = node_memo.remembered(
            key, parameter_set, frame.node, frame.is_method
        )
        return parameters

    def _parameters(self, frame: Frame) -> frozenset[str]:
        """What may hold the function a returned closure wraps: the callable parameters,
        the locals bound to one of them (``alias_locals``), and in ``__getattr__`` the
        attributes it looks up."""
        parameters = self._callable_parameters(frame)
        if not parameters:
            return attribute_locals(frame)
        return parameters | frozenset(alias_locals(frame, parameters)) | attribute_locals(frame)

    def _constants_named(self, frame: Frame) -> frozenset[tuple[str, str]]:
        """``copies.attribute_constants`` of ``frame``, read once: the judgement's key,
        the copies and the message all take it."""
        named = self._named.get(frame.node)
        if named is None:
            named = self._named[frame.node] = attribute_constants(self.module, frame)
        return named

    def _module_fixtures(self) -> frozenset[str]:
        """The pytest fixtures this module defines (``@pytest.fixture``, ``@fixture``)."""
        if self._fixtures is None:
            self._fixtures = frozenset(
                function.name
                for function, _, _ in self.module.decorated
                if is_fixture(function)
            )
        return self._fixtures

    def _applied_here(self) -> frozenset[str]:
        """Names applied as decorators in this module: ``@name``, ``@mod.name(...)``,
        ``f = name(f)`` in the module's or a class's body, ``f = name(mod.f)`` in a class's
        body (flax's ``uniform = _function_to_method(random.uniform)`` makes a method of a
        function under its own name), and ``cls.apply = name(cls.apply)`` in a function (an
        attribute replaced by what it decorates). Inside a function, ``callback =
        _wrap_callback(callback)`` adapts a local value; it applies no decorator. At module
        level, ``fft = fft_wrap(np.fft.fft)`` (dask) builds a function of this module from
        another library's; its name, module and docstring are not that function's. A
        module-level ``decorate_all_tests(LargeObjectTests, skip_if_no_lo)`` hands names
        to a helper named for decorating, which applies them (psycopg2's tests)."""
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
            module_level = {id(a) for a in simple_statements(self.module.tree.body)[0]}
            for assign in assigns:
                value = assign.value
                if (
                    isinstance(value, ast.Call)
                    and len(value.args) == 1
                    and (
                        isinstance(value.args[0], ast.Name)
                        or isinstance(value.args[0], ast.Attribute)
                        and id(assign) not in module_level
                    )
                    and any(
                        isinstance(t, ast.Name) and t.id == terminal_name(value.args[0])
                        for t in assign.targets
                    )
                ):
                    callee = terminal_name(value.func)
                    if callee is not None:
                        names.add(callee)
            for rebind, frame in self.module.attribute_rebinds:
                call, target = rebind.value, rebind.targets[0]
                assert isinstance(call, ast.Call) and isinstance(target, ast.Attribute)
                argument, callee = call.args[0], terminal_name(call.func)
                assert isinstance(argument, ast.Attribute)
                if (
                    callee is not None
                    and target.attr == argument.attr
                    and ast.dump(target.value) == ast.dump(argument.value)
                    and not _defined_locally(call.func, frame)
                ):
                    names.add(callee)
            for statement in self.module.tree.body:
                if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
                    continue
                handed = statement.value
                if (terminal_name(handed.func) or "").startswith("decorate"):
                    names.update(a.id for a in handed.args if isinstance(a, ast.Name))
            self._applied = frozenset(names)
        return self._applied

    def _decorator_names(self) -> frozenset[str]:
        """Names used as bare decorators (``@name``) in this module."""
        return frozenset(
            decorator.id
            for function, _, _ in self.module.decorated
            for decorator in function.decorator_list
            if isinstance(decorator, ast.Name)
        )

    def returned_closures(self, frame: Frame) -> Iterator[Union[FunctionNode, ast.Lambda]]:
        """The closures ``frame``'s function returns (``frames.returned_closures``), also
        through the module's helpers that copy some metadata onto them on the way."""
        if self._copiers is None:
            self._copiers = _copying_helpers(self.module)
        return returned_closures(frame, self._copiers)

    def _decorator_candidates(self, frame: Frame) -> list[FunctionNode]:
        """The function that returns the closure, and the factory that returns it, if any."""
        functions = [frame.node]
        parent = frame.parent
        if parent is not None and any(c is frame.node for c in self.returned_closures(parent)):
            functions.append(parent.node)
        return functions

    def _applied_names(self, frame: Frame, importable: bool = False) -> list[str]:
        """The names whose use as a decorator makes ``frame``'s function one: its own,
        its factory's and, for a ``__call__`` method, its class's (``@Command("quit")``
        hands the function to the instance's ``__call__``). ``importable``: only those
        another module can name, not a function's local one (jedi's factories return a
        level called ``decorator``, a name ``@decorator`` elsewhere in the project means
        something else by)."""
        names = [
            function.name
            for function in self._decorator_candidates(frame)
            if not importable or self.module.frame_of[function].parent is None
        ]
        if frame.is_method and frame.node.name == "__call__":
            owner = self._owning_class(frame)
            if owner is not None:
                names.append(owner.name)
        return names

    def _name_applied_here(self, frame: Frame) -> Optional[str]:
        """The first of ``_applied_names`` that this module applies as a decorator."""
        applied = self._applied_here()
        return next((name for name in self._applied_names(frame) if name in applied), None)

    def _name_applied_elsewhere(self, frame: Frame) -> Optional[str]:
        """The first of the importable ``_applied_names`` that another module of the project
        applies as a decorator; None also where the project's applications are unknown."""
        if self.applied_elsewhere is None:
            return None
        names = self._applied_names(frame, importable=True)
        return next((name for name in names if self.applied_elsewhere(name)), None)

    def _owning_class(self, frame: Frame) -> Optional[ast.ClassDef]:
        """The module-level class whose body defines ``frame``'s method, if any."""
        return next(
            (c for c in self.module.module_classes if frame.node in c.body), None
        )

    def _is_decorator_level(self, function: FunctionNode) -> bool:
        """Whether ``function`` returns a closure itself: one level of a factory.

        A lambda that reads no name (``return lambda: None``, a do-nothing result in one
        branch) builds nothing from anything: it is not a level."""
        frame = self.module.frame_of[function]
        return any(not _is_constant_lambda(closure) for closure in self.returned_closures(frame))

    def damage(self) -> dict[str, Damage]:
        """The module-level decorators that damage what they decorate, after ``findings``.

        A function reported at module level damages as ``@name``; a function that a
        module-level factory returns damages as ``@factory(...)``.
        """
        damage: dict[str, Damage] = {}
        for source, wrapper, takes_any, supplies, first, keeps in self._damaging:
            if isinstance(source, ast.ClassDef):
                if source in self.module.module_classes:
                    entry = Damage(source.name, False, None, source.lineno, True)
                    damage.setdefault(source.name, entry)
                continue
            if source.at_module_level:
                entry = Damage(
                    source.node.name, False, wrapper, source.node.lineno, takes_any, supplies,
                    first, keeps,
                )
            elif (
                source.parent is not None
                and source.parent.at_module_level
                and any(closure is source.node for closure in self.returned_closures(source.parent))
            ):
                factory = source.parent.node
                entry = Damage(
                    factory.name, True, wrapper, factory.lineno, takes_any, supplies, first,
                    keeps,
                )
            else:
                continue
            previous = damage.get(entry.decorator)
            if previous is None or entry.line < previous.line:
                damage[entry.decorator] = entry
        for alias, name in module_aliases(self.module.tree) if damage else ():
            # ``alias = timeit``: applied as ``@alias`` (here or imported), the same damage
            if name in damage and alias not in damage:
                damage[alias] = damage[name]._replace(decorator=alias)
        return damage


def _is_constant_lambda(closure: ast.AST) -> bool:
    return isinstance(closure, ast.Lambda) and not any(
        isinstance(node, ast.Name) for node in ast.walk(closure.body)
    )


def _defined_locally(callee: ast.expr, frame: Optional[Frame]) -> bool:
    """Whether ``callee`` is a name that ``frame``, or a function around it, binds: a
    parameter, a local or a nested function. Applied names are matched by name across the
    module, and such names are shared by unrelated closures: tornado's test applies a
    local ``wrapper`` (``ws.protocol._handle_message = wrapper(...)``), torchbearer's
    callbacks a parameter ``decorator`` (``self.on_batch = decorator(self.on_batch)``)."""
    if not isinstance(callee, ast.Name):
        return False
    name = callee.id
    while frame is not None:
        if name in frame.local_defs or name in scope_info(frame.node).bound:
            return True
        frame = frame.parent
    return False


def _copying_helpers(module: Module) -> frozenset[str]:
    """The module's own ``helper(new, old)`` functions that copy some of ``old``'s metadata
    onto ``new`` and return ``new`` (``copies.copied_by``): what they hand back is the
    closure they are given. Only functions that return their first parameter and nothing
    else are read, which rules out almost every function without a walk."""
    names: set[str] = set()
    for frame in module.frames:
        positional = [*frame.node.args.posonlyargs, *frame.node.args.args]
        if not (frame.at_module_level and frame.returns and len(positional) >= 2):
            continue
        first = positional[0].arg
        if all(is_name(value, first) for value in frame.returns) and copied_by(frame.node):
            if definitions_in_sight(module, None, frame.node.name) == [frame.node]:
                names.add(frame.node.name)
    return frozenset(names)
