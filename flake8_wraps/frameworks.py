"""Framework registrations that a damaging decorator breaks (WRP101, WRP102).

A *registration* records a function under a name derived from ``__name__`` (a Flask
endpoint, a Celery task, a click command) or reads its signature (a FastAPI route, a
pytest test). It is *damaged* when a decorator applied before it (below it) returns a
wrapper without the function's metadata. Frameworks are recognised from the file's
imports and from where the registry object comes from (``app = Flask(...)``, in this
file or in a project module), never from a method name alone: ``cache.get(...)`` on an
unknown object is not a route.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, NamedTuple, Optional, Union

from flake8_wraps.analysis import Damage, Finding, ModuleAnalysis, finding, simple_statements
from flake8_wraps.names import dotted_source

if TYPE_CHECKING:
    from flake8_wraps.project import ProjectModules

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]


class Framework(NamedTuple):
    """How one framework registers functions, and what a damaged function costs there."""

    key: str
    display: str
    #: Calls that create a registry object (``flask.Flask``).
    registry_factories: frozenset[str]
    #: Methods of a registry that register the function below them (``route``).
    registering_methods: frozenset[str]
    #: Decorators that register without a registry object (``celery.shared_task``).
    module_registrars: frozenset[str]
    #: Where those register, for messages (``Celery's shared tasks``); None where each
    #: stands alone (``click.command()`` makes a command no group holds).
    shared_registry: Optional[str]
    #: Keywords that give the registration a name of its own (``endpoint=``).
    name_keywords: frozenset[str]
    #: Whether a first positional string argument is the name (``@cli.command("hello")``).
    positional_name: bool
    #: What the derived name is called (an endpoint, a task...).
    kind: str
    #: WRP101's consequence, or None where names cannot collide.
    collision: Optional[str]
    #: WRP102's consequence.
    damage: str


_HTTP_METHODS = frozenset({"get", "post", "put", "delete", "patch"})
_FLASK_COLLISION = (
    "{display} raises AssertionError at start-up (View function mapping is overwriting an"
    " existing endpoint function: {name})"
)
_COMMAND_COLLISION = "the second command silently replaces '{other}'"

_FLASK = Framework(
    "flask",
    "Flask",
    frozenset({"flask.Flask", "flask.Blueprint"}),
    _HTTP_METHODS | {"route"},
    frozenset(),
    None,
    frozenset({"endpoint"}),
    False,
    "endpoint",
    _FLASK_COLLISION,
    "url_for() cannot find '{function}': the endpoint is '{name}'",
)

FRAMEWORKS: tuple[Framework, ...] = (
    _FLASK,
    # Quart implements Flask's registration (and its failure) for asyncio.
    _FLASK._replace(
        key="quart",
        display="Quart",
        registry_factories=frozenset({"quart.Quart", "quart.Blueprint"}),
        registering_methods=_HTTP_METHODS | {"route", "websocket"},
    ),
    Framework(
        "celery",
        "Celery",
        frozenset({"celery.Celery"}),
        frozenset({"task"}),
        frozenset({"celery.shared_task"}),
        "Celery's shared tasks",
        frozenset({"name"}),
        False,
        "task",
        "Celery keeps one task under that name, so messages for '{function}' and '{other}'"
        " run the same body",
        "the task is named '{name}'",
    ),
    Framework(
        "click",
        "click",
        frozenset(),  # groups are decorated functions: see _Registrations._click_groups
        frozenset({"command", "group"}),
        frozenset({"click.command", "click.group"}),
        None,
        frozenset({"name"}),
        True,
        "command",
        _COMMAND_COLLISION,
        "the command is called '{name}'",
    ),
    Framework(
        "typer",
        "Typer",
        frozenset({"typer.Typer"}),
        frozenset({"command"}),
        frozenset(),
        None,
        frozenset({"name"}),
        True,
        "command",
        _COMMAND_COLLISION,
        "the command is called '{name}'",
    ),
    Framework(
        "dramatiq",
        "Dramatiq",
        frozenset(),
        frozenset(),
        frozenset({"dramatiq.actor"}),
        "the Dramatiq broker",
        frozenset({"actor_name"}),
        False,
        "actor",
        "Dramatiq raises ValueError at import (An actor named '{name}' is already"
        " registered)",
        "the actor is named '{name}'",
    ),
    Framework(
        "sanic",
        "Sanic",
        frozenset({"sanic.Sanic", "sanic.Blueprint"}),
        _HTTP_METHODS | {"route", "websocket"},
        frozenset(),
        None,
        frozenset({"name"}),
        False,
        "route name",
        "Sanic raises ServerError at start-up (Duplicate route names detected)",
        "the route is named '{name}'",
    ),
    Framework(
        "fastapi",
        "FastAPI",
        frozenset({"fastapi.FastAPI", "fastapi.APIRouter"}),
        _HTTP_METHODS | {"api_route", "websocket", "options", "head", "trace"},
        frozenset(),
        None,
        frozenset(),
        False,
        "route",
        None,
        "it reads the wrapper's *args and **kwargs as required query parameters, so every"
        " request gets 422",
    ),
)
FRAMEWORK_BY_KEY = {framework.key: framework for framework in FRAMEWORKS}
_FRAMEWORK_MODULES = frozenset(
    dotted.partition(".")[0]
    for framework in FRAMEWORKS
    for dotted in framework.registry_factories | framework.module_registrars
) | {"click", "pytest"}
_REGISTERING_METHODS = frozenset().union(*(f.registering_methods for f in FRAMEWORKS))
_CLICK_PARAMETERS = frozenset({"click.option", "click.argument"})
#: A registration damaged by a decorator that leaves no name at all.
_NAMELESS = "what it registers has no __name__, docstring or signature"
_PYTEST_DAMAGE = "the wrapper's signature asks for no fixtures, so {fixtures} not injected"
_CLICK_OPTIONS_LOST = (
    "the click options below it are lost (__click_params__ stays on the undecorated"
    " function)"
)


def registries_of(
    analysis: ModuleAnalysis, assigns: Optional[list[ast.Assign]] = None
) -> dict[str, str]:
    """Framework registries that a module creates, by name (``app = Flask(__name__)``).

    ``assigns``: the module's assignments (all scopes), if the caller has them already.
    """
    if not any(analysis.imports.imports_module(m) for m in _FRAMEWORK_MODULES):
        return {}
    factories = {
        dotted: framework.key
        for framework in FRAMEWORKS
        for dotted in framework.registry_factories
    }
    registries: dict[str, str] = {}
    if assigns is None:
        assigns, _ = simple_statements(analysis.tree.body, into_definitions=True)
    for assign in assigns:
        value = assign.value
        if isinstance(value, ast.Call):
            key = factories.get(analysis.imports.qualified_name(value.func) or "")
            if key is not None:
                for target in assign.targets:
                    if isinstance(target, ast.Name):
                        registries[target.id] = key
    for function in analysis.decorated:
        for decorator in function.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            qualified = analysis.imports.qualified_name(target)
            if qualified == "click.group" or (
                isinstance(target, ast.Attribute)
                and target.attr == "group"
                and isinstance(target.value, ast.Name)
                and registries.get(target.value.id) == "click"
            ):
                registries[function.node.name] = "click"
    return registries


def registration_findings(
    analysis: ModuleAnalysis,
    module: str,
    project: Optional[ProjectModules],
    is_test_file: bool,
) -> list[Finding]:
    """WRP101 and WRP102 in one module.

    ``module`` is the module's dotted name (Celery derives task names from it),
    ``project`` finds decorators and registries in other project files (None: this file
    only), ``is_test_file`` says pytest collects it.
    """
    uses_pytest = is_test_file or analysis.imports.imports_module("pytest")
    return _Registrations(analysis, module, project, uses_pytest).findings()


def might_register(analysis: ModuleAnalysis, is_test_file: bool) -> bool:
    """A cheap first look: could this module hold a registration at all?"""
    return (
        is_test_file
        or any(analysis.imports.imports_module(m) for m in _FRAMEWORK_MODULES)
        or _may_use_imported_registry(analysis)
    )


def _may_use_imported_registry(analysis: ModuleAnalysis) -> bool:
    """``@app.route`` where ``app`` comes from a project module (``from myapp import app``)."""
    bindings = analysis.imports.bindings()
    for function in analysis.decorated:
        for decorator in function.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if (
                isinstance(target, ast.Attribute)
                and target.attr in _REGISTERING_METHODS | {"add_url_rule"}
                and isinstance(target.value, ast.Name)
                and target.value.id in bindings
            ):
                return True
    return False


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


class _Registrations:
    """The registrations of one module, and what damages them."""

    __slots__ = ("analysis", "module", "project", "uses_pytest", "bare_calls", "registries")

    def __init__(
        self,
        analysis: ModuleAnalysis,
        module: str,
        project: Optional[ProjectModules],
        uses_pytest: bool,
    ):
        self.analysis = analysis
        self.module = module
        self.project = project
        self.uses_pytest = uses_pytest
        assigns, self.bare_calls = simple_statements(analysis.tree.body, into_definitions=True)
        self.registries = registries_of(analysis, assigns)

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
                if _names_itself(decorator, framework):
                    continue
                registry = registry or f"'{function.node.name}'"
                applied, lost_options = self._damage_below(decorators[index + 1:])
                registrations.append(
                    _Registration(
                        decorator, function.node.name, framework, registry, applied, lost_options
                    )
                )
        registrations.extend(self._url_rules())
        results.extend(self._collisions(registrations))
        return results

    # -- what registers --------------------------------------------------------------

    def _registration(self, decorator: ast.expr) -> Optional[tuple[Framework, str]]:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        qualified = self.analysis.imports.qualified_name(target)
        for framework in FRAMEWORKS:
            if qualified in framework.module_registrars:
                # No shared registry: a registry of its own, which nothing collides with.
                return framework, framework.shared_registry or ""
        if not (
            isinstance(target, ast.Attribute)
            and target.attr in _REGISTERING_METHODS
            and isinstance(target.value, ast.Name)
        ):
            return None
        key = self._registry(target.value)
        if key is None:
            return None
        framework = FRAMEWORK_BY_KEY[key]
        if target.attr not in framework.registering_methods:
            return None
        return framework, f"'{target.value.id}'"

    def _registry(self, name: ast.Name) -> Optional[str]:
        key = self.registries.get(name.id)
        if key is None and self.project is not None:
            qualified = self.analysis.imports.qualified_name(name)
            if qualified is not None and qualified.partition(".")[0] not in _FRAMEWORK_MODULES:
                key = self.project.registry(qualified)
        return key

    def _url_rules(self) -> list[_Registration]:
        """``app.add_url_rule(rule, view_func=view)``: Flask's registration by call."""
        registrations = []
        for call in self.bare_calls:
            target = call.func
            if not (
                isinstance(target, ast.Attribute)
                and target.attr == "add_url_rule"
                and isinstance(target.value, ast.Name)
            ):
                continue
            key = self._registry(target.value)
            if key not in ("flask", "quart"):
                continue
            arguments = {keyword.arg: keyword.value for keyword in call.keywords}
            for position, name in enumerate(("rule", "endpoint", "view_func")):
                if position < len(call.args):
                    arguments[name] = call.args[position]
            endpoint = arguments.get("endpoint")
            if endpoint is not None and not (
                isinstance(endpoint, ast.Constant) and endpoint.value is None
            ):
                continue
            view = arguments.get("view_func")
            applied = None
            function = None
            if isinstance(view, ast.Call) and len(view.args) == 1:
                applied = self._damaging(view.func, called=False)
                function = dotted_source(view.args[0])
            elif isinstance(view, ast.Name):
                function = view.id
                applied = self._damage_of_defined(view.id)
            if function is None:
                continue
            framework = FRAMEWORK_BY_KEY[key]
            registrations.append(
                _Registration(call, function, framework, f"'{target.value.id}'", applied, False)
            )
        return registrations

    # -- what damages ------------------------------------------------------------------

    def _damage_below(self, below: list[ast.expr]) -> tuple[Optional[_Applied], bool]:
        """The damaging decorator nearest below a registration, and whether click options
        sit below that one (their ``__click_params__`` stay on the inner function)."""
        for index, decorator in enumerate(below):
            applied = self._applied(decorator)
            if applied is not None:
                lost = any(
                    self.analysis.imports.qualified_name(
                        d.func if isinstance(d, ast.Call) else d
                    )
                    in _CLICK_PARAMETERS
                    for d in below[index + 1:]
                )
                return applied, lost
        return None, False

    def _applied(self, decorator: ast.expr) -> Optional[_Applied]:
        called = isinstance(decorator, ast.Call)
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        return self._damaging(target, called)

    def _damaging(self, target: ast.expr, called: bool) -> Optional[_Applied]:
        text = (dotted_source(target) or "...") + ("(...)" if called else "")
        if isinstance(target, ast.Name):
            damage = self.analysis.damage.get(target.id)
            if damage is not None:
                if damage.called != called:
                    return None
                return _Applied(damage, text, f"line {damage.line}", self.module)
        if self.project is None:
            return None
        qualified = self.analysis.imports.qualified_name(target)
        if qualified is None:
            return None
        resolved = self.project.decorator(qualified, called)
        if resolved is None:
            return None
        return _Applied(resolved.damage, text, resolved.where, resolved.module)

    def _damage_of_defined(self, name: str) -> Optional[_Applied]:
        for function in self.analysis.decorated:
            if function.node.name == name and function.class_node is None:
                return self._damage_below(list(function.node.decorator_list))[0]
        return None

    # -- pytest ------------------------------------------------------------------------

    def _pytest(
        self, function: FunctionNode, class_node: Optional[ast.ClassDef]
    ) -> list[Finding]:
        """Tests and fixtures that ask for fixtures through a signature the wrapper hides."""
        if not self.uses_pytest:
            return []
        parameters = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        parameters.extend(a.arg for a in function.args.kwonlyargs)
        if class_node is not None:
            if not class_node.name.startswith("Test"):
                return []
            parameters = parameters[1:]
        if not parameters:
            return []
        decorators = function.decorator_list
        fixture_at = next(
            (
                index
                for index, d in enumerate(decorators)
                if self.analysis.imports.qualified_name(d.func if isinstance(d, ast.Call) else d)
                == "pytest.fixture"
            ),
            None,
        )
        if fixture_at is None and not function.name.startswith("test"):
            return []
        start = 0 if fixture_at is None else fixture_at + 1
        for decorator in decorators[start:]:
            applied = self._applied(decorator)
            if applied is None:
                continue
            node = decorator if fixture_at is None else decorators[fixture_at]
            fixtures = ", ".join(f"'{name}'" for name in parameters)
            consequence = _PYTEST_DAMAGE.format(
                fixtures=fixtures + (" is" if len(parameters) == 1 else " are")
            )
            if applied.damage.wrapper is None:
                consequence = _NAMELESS
            return [
                finding(
                    node,
                    "damaged-registration",
                    framework="pytest",
                    decorator=applied.text,
                    where=applied.where,
                    function=function.name,
                    consequence=consequence,
                )
            ]
        return []

    # -- WRP101 and WRP102 -------------------------------------------------------------

    def _collisions(self, registrations: list[_Registration]) -> list[Finding]:
        results = []
        first_by_name: dict[tuple[str, str, str], _Registration] = {}
        collided: set[int] = set()
        registrations.sort(key=_position)
        for registration in registrations:
            name = self._derived_name(registration)
            if name is None or registration.framework.collision is None:
                continue
            key = (registration.framework.key, registration.registry, name)
            first = first_by_name.setdefault(key, registration)
            if first is registration or not (first.applied or registration.applied):
                continue
            collided.update((id(first), id(registration)))
            applied = registration.applied or first.applied
            assert applied is not None
            consequence = registration.framework.collision.format(
                display=registration.framework.display,
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
        for registration in registrations:
            if registration.applied is None or id(registration) in collided:
                continue
            damage_consequence = self._damage_consequence(registration)
            if damage_consequence is None:
                continue
            results.append(
                finding(
                    registration.node,
                    "damaged-registration",
                    framework=registration.framework.display,
                    decorator=registration.applied.text,
                    where=registration.applied.where,
                    function=registration.function,
                    consequence=damage_consequence,
                )
            )
        return results

    def _derived_name(self, registration: _Registration) -> Optional[str]:
        if registration.applied is not None:
            base = registration.applied.damage.wrapper
            module = registration.applied.module
        else:
            base, module = registration.function, self.module
        if base is None:
            return None
        return f"{module}.{base}" if registration.framework.key == "celery" else base

    def _damage_consequence(self, registration: _Registration) -> Optional[str]:
        applied = registration.applied
        assert applied is not None
        if applied.damage.wrapper is None:
            return _NAMELESS
        if registration.lost_options:
            return _CLICK_OPTIONS_LOST
        if registration.framework.key == "fastapi" and not applied.damage.takes_any_arguments:
            return None  # the wrapper's own parameters: not the 422 this rule knows
        return registration.framework.damage.format(
            function=registration.function, name=self._derived_name(registration)
        )


def _position(registration: _Registration) -> tuple[int, int]:
    node = registration.node
    return node.lineno, node.col_offset  # type: ignore[attr-defined]


def _names_itself(decorator: ast.expr, framework: Framework) -> bool:
    """``endpoint="..."``, ``name="..."``, ``@cli.command("hello")``: an explicit name."""
    if not isinstance(decorator, ast.Call):
        return False
    for keyword in decorator.keywords:
        if keyword.arg in framework.name_keywords and not (
            isinstance(keyword.value, ast.Constant) and keyword.value.value is None
        ):
            return True
    return (
        framework.positional_name
        and bool(decorator.args)
        and isinstance(decorator.args[0], ast.Constant)
        and isinstance(decorator.args[0].value, str)
    )
