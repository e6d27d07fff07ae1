"""The registrations of one module, and the damaging decorators that break them.

A *registration* records a function under a name derived from ``__name__`` (a Flask
endpoint, a Celery task, a click command), reads its signature (a FastAPI route, a
pytest test) or its attributes (a Django admin action), or pickles it by reference (a
process pool). It is *damaged* when a decorator applied before it (below it; above it for
attributes) returns a wrapper without the function's metadata. Frameworks are recognised
from the file's imports and from where the registry object comes from
(``app = Flask(...)``, in this file or in a project module), never from a method name
alone: ``cache.get(...)`` on an unknown object is not a route.
"""

from __future__ import annotations

import ast
from typing import NamedTuple, Optional, Union

from flake8_wraps.analysis.collect import FUNCTION_TYPES
from flake8_wraps.analysis.evidence import says_wrapper
from flake8_wraps.analysis.findings import Damage, Finding, ModuleAnalysis, finding
from flake8_wraps.analysis.frameworks.expressions import (
    argument,
    assigned_values,
    binding_before,
    bound_call,
    calls_in,
    names_itself,
    possible_damage,
    registry_given,
    root_name,
    route_path,
    view_name,
)
from flake8_wraps.analysis.frameworks.fixtures import NAMELESS, hidden_fixtures
from flake8_wraps.analysis.frameworks.registries import (
    ProjectLookup,
    calls_imported_registry,
    factory_key,
    function_bodies,
    in_function_body,
    listed_functions,
    registries_of,
    registry_scopes,
)
from flake8_wraps.analysis.frameworks.shared import Origin, SharedRegistration
from flake8_wraps.analysis.frameworks.table import (
    ANYWHERE_CALL_ORIGINS,
    CALL_FRAMEWORKS,
    CALL_METHODS,
    FUNCTION_CALL_ORIGINS,
    FUNCTION_CALL_PREFIXES,
    FUNCTION_CALLS,
    METHOD_CALLS,
    FRAMEWORK_BY_KEY,
    FRAMEWORK_MODULES,
    FRAMEWORKS,
    REGISTERING_METHODS,
    CallShape,
    Framework,
)
from flake8_wraps.analysis.names import dotted_source

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]


_CLICK_PARAMETERS = frozenset({"click.option", "click.argument"})
_CLICK_OPTIONS_LOST = (
    "the click options below it are lost (__click_params__ stays on the undecorated"
    " function)"
)
_REGISTRARS = {dotted: fw for fw in FRAMEWORKS for dotted in fw.module_registrars}


class ModuleRegistrations(NamedTuple):
    """WRP101 and WRP102 in one module, and its registrations that another module's
    damaged ones may collide with (the project layer looks there: ``shared``)."""

    findings: list[Finding]
    shared: list[SharedRegistration]


def registration_findings(
    analysis: ModuleAnalysis,
    module: str,
    project: Optional[ProjectLookup],
    is_test_file: bool,
) -> ModuleRegistrations:
    """WRP101 and WRP102 in one module.

    ``module`` is the module's dotted name (Celery derives task names from it),
    ``project`` finds decorators and registries in other project files (None: this file
    only), ``is_test_file`` says pytest collects it.
    """
    uses_pytest = is_test_file or analysis.imports.imports_module("pytest")
    registrations = _Registrations(analysis, module, project, uses_pytest)
    return ModuleRegistrations(registrations.findings(), registrations.shared)


class _Applied(NamedTuple):
    """A damaging decorator as it is applied to one function."""

    damage: Damage
    #: ``timeit`` or ``retry(...)``, as written.
    text: str
    #: ``line 5`` in this file, or ``utils/decorators.py:5``.
    where: str
    #: Dotted module of the decorator's definition.
    module: str


class _Registration(NamedTuple):
    node: ast.AST
    function: str
    framework: Framework
    #: The registry as the message names it (``'app'``, ``shared tasks``).
    registry: str
    applied: Optional[_Applied]
    lost_options: bool
    #: The def registered with ``@``, if so: stacked registrations register one object.
    defined: Optional[ast.AST] = None


class _Registrations:
    """The registrations of one module, and what damages them."""

    __slots__ = (
        "analysis", "module", "project", "uses_pytest", "registries", "imported", "shared",
        "bodies", "assigned",
    )

    def __init__(
        self,
        analysis: ModuleAnalysis,
        module: str,
        project: Optional[ProjectLookup],
        uses_pytest: bool,
    ):
        self.analysis = analysis
        self.module = module
        self.project = project
        self.uses_pytest = uses_pytest
        self.registries = registries_of(analysis)
        #: The registries found in project modules, by name: what the import binds.
        self.imported: dict[str, str] = {}
        self.shared: list[SharedRegistration] = []
        #: Where the functions' bodies are (read once, where a registration is shared).
        self.bodies: Optional[list[tuple[tuple[int, int], tuple[int, int]]]] = None
        #: The values each name is assigned, read at the first call that passes a name.
        self.assigned: Optional[dict[str, list[ast.expr]]] = None

    def findings(self) -> list[Finding]:
        registrations: list[_Registration] = []
        results: list[Finding] = []
        for function in self.analysis.decorated:
            results.extend(self._pytest(function.node, function.class_node))
            decorators = function.node.decorator_list
            for index, decorator in enumerate(decorators):
                found = self._registration(decorator)
                if found is None:
                    continue
                framework, registry = found
                if names_itself(decorator, framework):
                    # ``@cli.command("six")``: no collision, but options below are lost
                    applied, lost_options = self._damage_below(decorators[index + 1:])
                    if applied is not None and lost_options:
                        results.append(_damaged(
                            decorator, framework.display, applied, function.node.name,
                            _CLICK_OPTIONS_LOST,
                        ))
                    continue
                if framework.bare_only and isinstance(decorator, ast.Call):
                    continue
                name = function.node.name
                if framework.path_scoped:
                    path = route_path(decorator)
                    registry = f"'{path}'" if path is not None else f"'{name}'"
                registry = registry or f"'{name}'"
                applied, lost_options = self._damage_below(decorators[index + 1:])
                registrations.append(
                    _Registration(
                        decorator, name, framework, registry, applied, lost_options,
                        function.node,
                    )
                )
                if framework.damage_above is not None:
                    results.extend(
                        self._damaged_from_above(decorators[:index], decorator, name, framework)
                    )
        registrations.extend(self._call_registrations())
        registrations.extend(self._list_registrations())
        results.extend(self._collisions(registrations))
        return results

    # -- what registers --------------------------------------------------------------

    def _registration(self, decorator: ast.expr) -> Optional[tuple[Framework, str]]:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        qualified = self.analysis.imports.qualified_name(target)
        registrar = _REGISTRARS.get(qualified or "")
        if registrar is not None:
            given = registry_given(decorator, registrar)
            if given is not None:
                return registrar, f"'{given}'"  # ``@dramatiq.actor(broker=other)``
            # No shared registry: a registry of its own, which nothing collides with.
            return registrar, registrar.shared_registry or ""
        if not (
            isinstance(target, ast.Attribute)
            and target.attr in REGISTERING_METHODS
            and isinstance(target.value, (ast.Name, ast.Attribute))
        ):
            return None
        key = self._registry(target.value)
        if key is None:
            return None
        framework = FRAMEWORK_BY_KEY[key]
        if target.attr not in framework.registering_methods:
            return None
        return framework, f"'{dotted_source(target.value)}'"

    def _registry(self, name: Union[ast.Name, ast.Attribute]) -> Optional[str]:
        """The framework of the registry ``name`` holds: the module's own, or a project
        module's that an import binds (``app``), or that a module names (``shop.app``
        with ``import shop``)."""
        written = dotted_source(name)
        key = self.registries.get(name.id) if isinstance(name, ast.Name) else None
        if key is None and self.project is not None and written is not None:
            for qualified in self._candidates(name):
                if qualified.partition(".")[0] not in FRAMEWORK_MODULES:
                    key = self.project.registry(qualified)
                    if key is not None:
                        self.imported[written] = qualified
                        break
        return key

    def _candidates(self, target: ast.expr) -> tuple[str, ...]:
        """What ``target`` may name: what an import binds it to, or else what a star
        import may (``from .extensions import *``)."""
        imports = self.analysis.imports
        qualified = imports.qualified_name(target)
        return (qualified,) if qualified is not None else imports.star_candidates(target)

    def _call_registrations(self) -> list[_Registration]:
        """Calls that take the function: ``pool.submit(f)``, ``Route("/", endpoint=f)``."""
        imports = self.analysis.imports
        if not CALL_FRAMEWORKS.intersection(self.registries.values()) and not (
            ANYWHERE_CALL_ORIGINS.bound_by(imports)
            or (FUNCTION_CALL_ORIGINS.bound_by(imports) and self._can_damage_here())
            or (self.project is not None and calls_imported_registry(self.analysis))
        ):
            return []
        # Only a name an import binds to a registering function, or to a module on the
        # way to one, can start its callee (``pickle`` for ``pickle.dumps``).
        callee_roots = frozenset(
            local
            for local, dotted in imports.bindings().items()
            if dotted in FUNCTION_CALL_PREFIXES
        )
        registrations = []
        for node in calls_in(self.analysis.tree):
            target = node.func
            if root_name(target) not in callee_roots and not (
                isinstance(target, ast.Attribute) and target.attr in CALL_METHODS
            ):
                continue
            found = self._call_shape(node)
            if found is None:
                continue
            framework, shape, registry = found
            registration = self._called_registration(node, framework, shape, registry)
            if registration is not None:
                registrations.append(registration)
        return registrations

    def _can_damage_here(self) -> bool:
        """Whether a function passed in this module can be damaged by this module: a
        decorator defined here, or a function outside a class that its decorators damage
        (wherever they come from)."""
        return bool(self.analysis.damage) or any(
            function.class_node is None
            and self._damage_below(function.node.decorator_list)[0] is not None
            for function in self.analysis.decorated
        )

    def _call_shape(self, call: ast.Call) -> Optional[tuple[Framework, CallShape, str]]:
        target = call.func
        if isinstance(target, ast.Attribute) and target.attr in CALL_METHODS:
            owner = target.value
            if isinstance(owner, ast.Name):
                key = self._registry(owner)
                registry = f"'{owner.id}'"
            elif isinstance(owner, ast.Call):
                key = factory_key(self.analysis, owner)
                registry = f"{dotted_source(owner.func) or '...'}(...)"
            else:
                return None
            if key is None:
                return None
            shape = METHOD_CALLS.get((key, target.attr))
            if shape is None:
                return None
            framework = FRAMEWORK_BY_KEY[key]
            return framework, shape, registry
        found = FUNCTION_CALLS.get(self.analysis.imports.qualified_name(target) or "")
        if found is None:
            return None
        framework, shape = found
        return framework, shape, framework.shared_registry or ""

    def _called_registration(
        self, call: ast.Call, framework: Framework, shape: CallShape, registry: str
    ) -> Optional[_Registration]:
        name_given = argument(call, shape.name_position, shape.name_keyword)
        if name_given is not None and not (
            isinstance(name_given, ast.Constant) and name_given.value is None
        ):
            return None
        passed = argument(call, shape.position, shape.keyword)
        applied = None
        function = None
        # What is registered, where two registrations can be seen to pass one object
        defined: Optional[ast.AST] = None
        if isinstance(passed, ast.Name):
            # ``we = timeit(e)`` ... ``view_func=we``: the one value the module gives it
            if self.assigned is None:
                self.assigned = assigned_values(self.analysis.tree)
            bound = bound_call(self.assigned, passed.id)
            if bound is not None:
                applied = self._damaging(bound.func, called=False)
                if applied is not None:
                    passed = defined = bound
        if isinstance(passed, ast.Call) and len(passed.args) == 1 and not passed.keywords:
            applied = applied or self._damaging(passed.func, False, bool(framework.collision))
            function = dotted_source(passed.args[0]) or view_name(passed.args[0])
        elif isinstance(passed, ast.Name):
            function = passed.id
            applied = self._damage_of_defined(passed.id)
            defined = self._defined(passed.id)
        if function is None:
            return None
        return _Registration(
            call, function, framework, registry or f"'{function}'", applied, False, defined
        )

    def _list_registrations(self) -> list[_Registration]:
        """``actions = [f, g]`` in a class that is a registry (a ``ModelAdmin``)."""
        return [
            _Registration(
                element, element.id, framework, f"'{owner}'",
                self._damage_of_defined(element.id), False,
            )
            for element, framework, owner in listed_functions(self.analysis)
        ]

    # -- what damages ------------------------------------------------------------------

    def _damage_below(self, below: list[ast.expr]) -> tuple[Optional[_Applied], bool]:
        """The damaging decorator nearest below a registration, and whether click options
        sit below that one (their ``__click_params__`` stay on the inner function)."""
        for index, decorator in enumerate(below):
            applied = self._applied(decorator)
            if applied is not None:
                lost = "__dict__" not in applied.damage.keeps and any(
                    self.analysis.imports.qualified_name(
                        d.func if isinstance(d, ast.Call) else d
                    )
                    in _CLICK_PARAMETERS
                    for d in below[index + 1:]
                )
                return applied, lost
        return None, False

    def _damaged_from_above(
        self, above: list[ast.expr], decorator: ast.expr, function: str, framework: Framework
    ) -> list[Finding]:
        """A damaging decorator above one that stores attributes the framework reads."""
        for candidate in reversed(above):
            applied = self._applied(candidate)
            if applied is not None:
                consequence = framework.damage_above
                assert consequence is not None
                return [_damaged(decorator, framework.display, applied, function, consequence)]
        return []

    def _applied(self, decorator: ast.expr) -> Optional[_Applied]:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        return self._damaging(target, isinstance(decorator, ast.Call))

    def _damaging(self, target: ast.expr, called: bool, maybe: bool = False) -> Optional[_Applied]:
        """``maybe``: a WRP007 decorator too (``view_func=audit(view)``: possible_damage)."""
        text = (dotted_source(target) or "...") + ("(...)" if called else "")
        if isinstance(target, ast.Name):
            # What the name holds where it is used: the module's last binding above it
            binding = binding_before(self.analysis.tree, target.id, target.lineno)
            damage = self.analysis.damage.get(target.id)
            if damage is None and maybe:
                damage = possible_damage(self.analysis, target, binding)
            if damage is not None and not isinstance(binding, (ast.Import, ast.ImportFrom)):
                if damage.called != called:
                    return None
                return _Applied(damage, text, f"line {damage.line}", self.module)
            if isinstance(binding, ast.Assign) and isinstance(binding.value, ast.Name):
                target = binding.value  # ``trace = timeit``, ``timeit`` imported
            elif isinstance(binding, FUNCTION_TYPES):
                return None  # a def of this module's that does no damage
        if self.project is None:
            return None
        for candidate in self._candidates(target):
            resolved = self.project.decorator(candidate, called)
            if resolved is not None:
                return _Applied(resolved.damage, text, resolved.where, resolved.module)
        return None

    def _damage_of_defined(self, name: str) -> Optional[_Applied]:
        defined = self._defined(name)
        return None if defined is None else self._damage_below(defined.decorator_list)[0]

    def _defined(self, name: str) -> Optional[FunctionNode]:
        """The decorated def ``name`` outside a class, if the module has one."""
        return next((f.node for f in self.analysis.decorated
                     if f.node.name == name and f.class_node is None), None)

    # -- pytest ------------------------------------------------------------------------

    def _pytest(
        self, function: FunctionNode, class_node: Optional[ast.ClassDef]
    ) -> list[Finding]:
        """Tests and fixtures that ask for fixtures through a signature the wrapper hides."""
        if not self.uses_pytest:
            return []
        found = hidden_fixtures(
            function, class_node, self.analysis.imports.qualified_name, self._applied
        )
        if found is None:
            return []
        node, applied, consequence = found
        return [_damaged(node, "pytest", applied, function.name, consequence)]

    # -- WRP101 and WRP102 -------------------------------------------------------------

    def _collisions(self, registrations: list[_Registration]) -> list[Finding]:
        results = []
        first_by_name: dict[tuple[str, str, int, str], _Registration] = {}
        collided: set[int] = set()
        registrations.sort(key=_position)
        # Where each registry is bound: read only where a damaged one may collide.
        scopes = registry_scopes(
            self.analysis.tree, [r.node for r in registrations],
            [r.registry.strip("'").partition(".")[0] for r in registrations],
        ) if len(registrations) > 1 and any(r.applied for r in registrations) else [
            0
        ] * len(registrations)
        names = [self._derived_name(registration) for registration in registrations]
        for registration, scope, name in zip(registrations, scopes, names):
            if name is None or registration.framework.collision is None:
                continue
            framework = registration.framework
            key = (framework.key, registration.registry, scope, name)
            first = first_by_name.setdefault(key, registration)
            if framework.shared_joins_all and first is registration:
                # A shared task joins every app (Celery): it meets any app's, and an app's
                # meets the shared ones; two apps keep their tasks apart.
                shared = registration.registry == framework.shared_registry
                first = next(
                    (other for (fw, registry, *rest), other in first_by_name.items()
                     if (fw, *rest) == (framework.key, scope, name) and other is not registration
                     and (shared or registry == framework.shared_registry)),
                    registration,
                )
            if first is registration or not (first.applied or registration.applied):
                continue
            if registration.defined is not None and registration.defined is first.defined:
                continue  # ``@app.route("/a")`` over ``@app.route("/b")``: one function twice
            collided.update((id(first), id(registration)))
            applied = registration.applied or first.applied
            assert applied is not None
            consequence = registration.framework.collision.format(
                display=registration.framework.display,
                registry=registration.registry,
                name=name,
                function=registration.function,
                other=first.function,
            )
            results.append(
                finding(
                    registration.node,
                    "colliding-registrations",
                    function=registration.function,
                    other=first.function,
                    kind=registration.framework.kind,
                    name=name,
                    registry=registration.registry,
                    decorator=applied.text,
                    where=applied.where,
                    consequence=consequence,
                )
            )
        for registration, name in zip(registrations, names):
            damaged = None
            if registration.applied is not None and id(registration) not in collided:
                damage_consequence = self._damage_consequence(registration)
                if damage_consequence is not None:
                    results.append(damaged := _damaged(
                        registration.node, registration.framework.display,
                        registration.applied, registration.function, damage_consequence,
                    ))
            if name is not None:
                self._share(registration, name, id(registration) in collided, damaged)
        return results

    def _share(
        self, registration: _Registration, name: str, collided: bool, damaged: Optional[Finding]
    ) -> None:
        """Hand on a registration another module may collide with: a damaged one, or a
        def named as a wrapper (a view named ``wrapper`` meets the damaged ones), on a
        registry bound at module level here or in a project module, or on a framework's one
        registry (Celery's shared tasks, Dramatiq's broker); registered outside functions."""
        framework, applied = registration.framework, registration.applied
        if framework.collision is None or framework.path_scoped:
            return
        if applied is None and not says_wrapper(registration.function):
            return  # an undamaged one meets a damaged one elsewhere only by such a name
        binding = registration.registry.strip("'")
        origin: Optional[Origin] = None
        if registration.registry == framework.shared_registry:
            if framework.shared_across_modules:
                origin = ("shared", framework.key)
        elif binding in self.registries:
            origin = ("own", binding)
        elif binding in self.imported:
            origin = ("imported", self.imported[binding])
        if origin is None:
            return
        if self.bodies is None:
            self.bodies = function_bodies(self.analysis.tree)
        if in_function_body(self.bodies, registration.node):
            return
        line, col = _position(registration)
        self.shared.append(SharedRegistration(
            line, col, registration.function, framework.key, framework.display,
            framework.kind, framework.collision, registration.registry, origin, name,
            applied.text if applied else "", applied.where if applied else "", collided,
            damaged, applied is None,
        ))

    def _derived_name(self, registration: _Registration) -> Optional[str]:
        """The name the registry gives what it registers: the wrapper's, in the
        decorator's module, but what the wrapper copies by hand of the function's."""
        base: Optional[str] = registration.function
        module = self.module
        if registration.applied is not None:
            keeps = registration.applied.damage.keeps
            if "?__name__" in keeps:
                return None  # a name made from the function's: not known here
            if "__name__" not in keeps:
                base = registration.applied.damage.wrapper
            if "__module__" not in keeps:
                module = registration.applied.module
        if base is None:
            return None
        return f"{module}.{base}" if registration.framework.module_qualified else base

    def _damage_consequence(self, registration: _Registration) -> Optional[str]:
        applied = registration.applied
        assert applied is not None
        if applied.damage.wrapper is None:
            return NAMELESS
        if registration.lost_options:
            return _CLICK_OPTIONS_LOST
        damage = registration.framework.damage
        if damage is None:
            return None
        if registration.framework.reads_signature and (
            not applied.damage.takes_any_arguments or "__signature__" in applied.damage.keeps
        ):
            return None  # the wrapper's own parameters, or the function's copied by hand
        own = registration._replace(applied=None)
        if not registration.framework.reads_signature and self._derived_name(
            registration
        ) == self._derived_name(own):
            return None  # the name it reads is copied by hand: nothing it reads is lost
        name = self._derived_name(registration)
        if name is None:
            # A name the wrapper makes from the function's (``"view_" + f.__name__``).
            damage = damage.replace("'{name}'", f"the __name__ that @{applied.text} sets")
        return damage.format(function=registration.function, name=name)


def _damaged(
    node: ast.AST, framework: str, applied: _Applied, function: str, consequence: str
) -> Finding:
    """WRP102: what ``framework`` registers is the wrapper of ``applied``."""
    return finding(
        node, "damaged-registration", framework=framework, decorator=applied.text,
        where=applied.where, function=function, consequence=consequence,
    )


def _position(registration: _Registration) -> tuple[int, int]:
    node = registration.node
    return node.lineno, node.col_offset  # type: ignore[attr-defined]
