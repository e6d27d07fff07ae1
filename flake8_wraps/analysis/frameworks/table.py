"""The one table of frameworks: how each registers functions, and what damage costs there.

A framework is one entry of ``FRAMEWORKS``. The ways a function gets registered are a few
general shapes, which entries name: a decorator on a registry object (``@app.route``), a
decorator that needs none (``@shared_task``), a call that takes the function
(``pool.submit(f)``, ``Route("/", endpoint=f)``), a list of functions in a class that is a
registry (``actions = [f, g]`` in a ``ModelAdmin``), and a decorator that marks the function
with attributes that the framework reads later (``@admin.action``).
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Optional

from flake8_wraps.analysis.names import ImportedNames


class CallShape(NamedTuple):
    """A call that takes the function as an argument and registers or sends it."""

    #: A method of a registry object (``submit``), or with ``method=False`` a dotted name
    #: (``starlette.routing.Route``, ``pickle.dumps``).
    callee: str
    method: bool
    #: Where the function is passed: position, and keyword.
    position: int
    keyword: str
    #: Where an explicit name can be passed instead of the derived one (-1 and "": nowhere).
    name_position: int = -1
    name_keyword: str = ""


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
    #: WRP102's consequence of a damaging decorator below the registration; None where a
    #: damaged function alone works.
    damage: Optional[str]
    #: Decorators that make the decorated function a registry (``click.group``).
    registry_decorators: frozenset[str] = frozenset()
    #: Calls that take the function (``pool.submit(f)``).
    registering_calls: tuple[CallShape, ...] = ()
    #: Those calls are looked for only in a module that can damage a function itself (a
    #: function its decorators damage, or a damaging decorator defined there): finding
    #: them walks every expression, which most modules importing pickle would pay for
    #: nothing. Left unreported: ``pickle.dumps(logged(f))`` with ``logged`` imported, in
    #: a module where no function is damaged.
    calls_need_damage_here: bool = False
    #: Classes whose subclasses are registries, and their class attributes that list the
    #: functions they register (``actions = [f, g]`` in a ``ModelAdmin``).
    registry_bases: frozenset[str] = frozenset()
    list_attributes: frozenset[str] = frozenset()
    #: WRP102's consequence of a damaging decorator *above* the registration, for
    #: decorators that store what the framework reads later as attributes of the function.
    damage_above: Optional[str] = None
    #: The derived name is qualified by the module that defines the function's
    #: ``__module__`` (the decorator's module, for a wrapper): Celery, Huey.
    module_qualified: bool = False
    #: The first positional argument (a path) is part of the derived name (Litestar).
    path_scoped: bool = False
    #: Only the bare form (``@fmt.register``) derives anything from the function;
    #: ``@fmt.register(int)`` says it all.
    bare_only: bool = False
    #: The damage is the wrapper's ``(*args, **kwargs)`` signature: a wrapper with
    #: parameters of its own is another problem.
    reads_signature: bool = False
    #: Registries are also made by ``with Factory() as name:``.
    used_as_context: bool = False
    #: What the module registrars register joins every registry (Celery adds a shared
    #: task to each app): their names collide with any registry's.
    shared_joins_all: bool = False
    #: The shared registry is the process's one (Celery's shared tasks, Dramatiq's global
    #: broker): registrations in two modules meet there. Not a DAG, a ``Definitions`` or
    #: a list of routes, which each module may make its own.
    shared_across_modules: bool = False
    #: Keywords of a registrar that put what it registers on a registry of its own
    #: (Dramatiq's ``broker=``): it meets only the registrations given the same.
    registry_keywords: frozenset[str] = frozenset()


_HTTP_METHODS = frozenset({"get", "post", "put", "delete", "patch"})
_FLASK_COLLISION = (
    "{display} raises AssertionError at start-up (View function mapping is overwriting an"
    " existing endpoint function: {name})"
)
_COMMAND_COLLISION = "the second command silently replaces '{other}'"
_POOL_METHODS = ("submit", "map", "imap", "imap_unordered", "starmap", "apply", "apply_async",
                 "map_async", "starmap_async")
_PICKLE_DAMAGE = (
    "pickle stores functions by reference and the wrapper is a local object, so sending"
    " it fails with AttributeError (Can't pickle local object '...<locals>.{name}')"
)

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
    registering_calls=(CallShape("add_url_rule", True, 2, "view_func", 1, "endpoint"),),
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
        module_qualified=True,
        shared_joins_all=True,
        shared_across_modules=True,
    ),
    Framework(
        "click",
        "click",
        frozenset(),
        frozenset({"command", "group"}),
        frozenset({"click.command", "click.group"}),
        None,
        frozenset({"name"}),
        True,
        "command",
        _COMMAND_COLLISION,
        "the command is called '{name}'",
        # A group's own ``@cli.group()`` makes one too: see registries.registries_of.
        registry_decorators=frozenset({"click.group"}),
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
        shared_across_modules=True,
        registry_keywords=frozenset({"broker"}),
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
        # A dependency's parameters are read the same way (``Depends(get_limit)``).
        registering_calls=(
            CallShape("fastapi.Depends", False, 0, "dependency"),
            CallShape("fastapi.Security", False, 0, "dependency"),
        ),
        reads_signature=True,
    ),
    Framework(
        "django-admin",
        "Django admin",
        frozenset(),
        frozenset(),
        frozenset({"django.contrib.admin.action", "django.contrib.admin.decorators.action"}),
        None,
        frozenset(),
        False,
        "action",
        "Django's system check fails (admin.E130: __name__ attributes of actions defined in"
        " {registry} must be unique; Name '{name}' is not unique) and one action is lost",
        None,
        registry_bases=frozenset(
            {"django.contrib.admin.ModelAdmin", "django.contrib.admin.options.ModelAdmin"}
        ),
        list_attributes=frozenset({"actions"}),
        damage_above=(
            "the wrapper has none of the attributes @admin.action set (allowed_permissions,"
            " short_description), so the admin offers the action to users without the"
            " permission and runs it for them"
        ),
    ),
    Framework(
        "drf",
        "Django REST framework",
        frozenset(),
        frozenset(),
        frozenset({"rest_framework.decorators.action"}),
        None,
        frozenset(),
        False,
        "action",
        None,
        "the router raises AssertionError (Expected function (`{name}`) to match its"
        " attribute name (`{function}`))",
        damage_above=(
            "the wrapper has no 'mapping' attribute, so the router does not see an @action"
            " and registers no route for it: requests get 404"
        ),
    ),
    Framework(
        "process-pool",
        "the process pool",
        frozenset(
            {
                "concurrent.futures.ProcessPoolExecutor",
                "concurrent.futures.process.ProcessPoolExecutor",
                "multiprocessing.Pool",
                "multiprocessing.pool.Pool",
                "multiprocessing.get_context().Pool",
            }
        ),
        frozenset(),
        frozenset(),
        None,
        frozenset(),
        False,
        "function",
        None,
        _PICKLE_DAMAGE,
        registering_calls=tuple(CallShape(method, True, 0, "fn") for method in _POOL_METHODS),
        used_as_context=True,
    ),
    Framework(
        "pickle",
        "pickle",
        frozenset(),
        frozenset(),
        frozenset(),
        None,
        frozenset(),
        False,
        "function",
        None,
        _PICKLE_DAMAGE,
        registering_calls=(
            CallShape("pickle.dumps", False, 0, "obj"),
            CallShape("pickle.dump", False, 0, "obj"),
        ),
        calls_need_damage_here=True,
    ),
    Framework(
        "singledispatch",
        "functools.singledispatch",
        frozenset(),
        frozenset({"register"}),
        frozenset(),
        None,
        frozenset(),
        False,
        "implementation",
        None,
        "register() reads the type to dispatch on from the annotations of the wrapper,"
        " which has none: TypeError at import (Invalid first argument to `register()`)",
        registry_decorators=frozenset({"functools.singledispatch"}),
        bare_only=True,
    ),
    Framework(
        "starlette",
        "Starlette",
        frozenset(),
        frozenset(),
        frozenset(),
        "the routes",
        frozenset(),
        False,
        "route name",
        "url_path_for('{function}') raises NoMatchFound, and '{name}' finds '{other}'",
        "url_path_for('{function}') raises NoMatchFound: the route is named '{name}'",
        registering_calls=tuple(
            CallShape(f"starlette.routing.{route}", False, 1, "endpoint", 2, "name")
            for route in ("Route", "WebSocketRoute")
        ),
    ),
    Framework(
        "huey",
        "Huey",
        frozenset(
            f"huey.{name}"
            for name in (
                "Huey",
                "MemoryHuey",
                "RedisHuey",
                "RedisExpireHuey",
                "PriorityRedisHuey",
                "PriorityRedisExpireHuey",
                "SqliteHuey",
                "FileHuey",
                "BlackHoleHuey",
            )
        ),
        frozenset({"task", "periodic_task", "context_task"}),
        frozenset(),
        None,
        frozenset({"name"}),
        False,
        "task",
        "Huey raises ValueError at import (Attempting to register a task with the same"
        " identifier as existing task: \"{name}\")",
        "the task is named '{name}'",
        module_qualified=True,
    ),
    Framework(
        "rq",
        "RQ",
        frozenset({"rq.Queue", "rq.queue.Queue"}),
        frozenset(),
        frozenset(),
        None,
        frozenset(),
        False,
        "job",
        None,
        "the job names the function by the wrapper's qualified name, which the worker"
        " cannot import: the enqueue succeeds and the worker fails the job (ValueError:"
        " Invalid attribute name: {name})",
        registering_calls=(
            CallShape("enqueue", True, 0, "f"),
            CallShape("enqueue_call", True, 0, "func"),
            CallShape("enqueue_at", True, 1, "f"),
            CallShape("enqueue_in", True, 1, "f"),
        ),
    ),
    Framework(
        "litestar",
        "Litestar",
        frozenset(),
        frozenset(),
        frozenset(
            f"litestar.{module}{method}"
            for module in ("", "handlers.")
            for method in ("get", "post", "put", "patch", "delete", "head", "route")
        ),
        "the OpenAPI schema",
        frozenset({"operation_id"}),
        False,
        "operation id",
        "/schema/openapi.json answers 500 (operation_ids must be unique)",
        "it passes the wrapper's *args and **kwargs on as parameters 'args' and 'kwargs',"
        " so every request answers 500",
        path_scoped=True,
        reads_signature=True,
    ),
    Framework(
        "airflow",
        "Airflow",
        frozenset(),
        frozenset(),
        frozenset({"airflow.decorators.task", "airflow.sdk.task"}),
        "the DAG",
        frozenset({"task_id"}),
        False,
        "task id",
        "Airflow silently renames them '{name}', '{name}__1'...: the tasks' history,"
        " XComs and UI entries change",
        "the task id is '{name}'",
    ),
    Framework(
        "dagster",
        "Dagster",
        frozenset(),
        frozenset(),
        frozenset({"dagster.op", "dagster.asset"}),
        "the Dagster definitions",
        frozenset({"name", "key"}),
        False,
        "node",
        "Dagster reads each op's name and inputs from the wrapper and raises"
        " DagsterInvalidDefinitionError at import (conflicting node definitions named"
        " \"{name}\", or the wrapper's *args rejected)",
        "Dagster reads the op's name and inputs from the wrapper: the node is named"
        " '{name}', and a (*args, **kwargs) wrapper is rejected at import"
        " (DagsterInvalidDefinitionError)",
    ),
    Framework(
        "prefect",
        "Prefect",
        frozenset(),
        frozenset(),
        frozenset({"prefect.task", "prefect.flow"}),
        "Prefect's result cache",
        # Not ``name=``: the cache key comes from the source of the wrapper, which two
        # damaged tasks share (observed with Prefect 3); only a key function of its own
        # tells them apart.
        frozenset({"cache_key_fn"}),
        False,
        "task",
        "they share one cache key, so with persisted results '{function}' is served the"
        " result of '{other}' (wrong data, no error)",
        "the task is named '{name}'",
    ),
)
FRAMEWORK_BY_KEY = {framework.key: framework for framework in FRAMEWORKS}

#: Every dotted name a framework is recognised by: a module that binds none of them
#: registers nothing.
ORIGINS = frozenset().union(
    *(
        framework.registry_factories
        | framework.module_registrars
        | framework.registry_decorators
        | framework.registry_bases
        | {shape.callee for shape in framework.registering_calls if not shape.method}
        for framework in FRAMEWORKS
    )
) | {"pytest"}
REGISTERING_METHODS = frozenset().union(*(f.registering_methods for f in FRAMEWORKS))
#: Top-level modules of the frameworks: never a project's own.
FRAMEWORK_MODULES = frozenset(dotted.partition(".")[0] for dotted in ORIGINS)
CALL_METHODS = frozenset(
    shape.callee for f in FRAMEWORKS for shape in f.registering_calls if shape.method
)

#: The last name of every call that may register a function it is given, or read its name
#: (``add_url_rule``, ``submit``, ``Route``, ``task``): a wrapper passed to one is named.
REGISTERING_NAMES = frozenset(
    dotted.rpartition(".")[2]
    for f in FRAMEWORKS
    for dotted in (
        *f.registering_methods,
        *f.module_registrars,
        *(shape.callee for shape in f.registering_calls),
    )
)


class Origins:
    """A set of dotted names, asked whether a module's imports bind any of them.

    Every file is asked, so the question costs one set lookup per import: ``import
    django`` and ``from django.contrib import admin`` bind modules that hold
    ``django.contrib.admin.action``, ``from django.contrib.admin import action`` binds it.
    """

    __slots__ = ("_prefixes",)

    def __init__(self, dotted_names: Iterable[str]):
        prefixes: set[str] = set()
        for dotted in dotted_names:
            parts = dotted.split(".")
            prefixes.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
        self._prefixes = frozenset(prefixes)

    def bound_by(self, imports: ImportedNames) -> bool:
        prefixes = self._prefixes
        return any(dotted in prefixes for dotted in imports.bindings().values())


ANY_ORIGIN = Origins(ORIGINS)


#: Indexes of the table, for the registrations: the calls that register by function,
#: by method, and what an import must bind for a module to hold one.
FUNCTION_CALLS = {
    shape.callee: (framework, shape)
    for framework in FRAMEWORKS
    for shape in framework.registering_calls
    if not shape.method
}
METHOD_CALLS = {
    (framework.key, shape.callee): shape
    for framework in FRAMEWORKS
    for shape in framework.registering_calls
    if shape.method
}
CALL_FRAMEWORKS = frozenset(
    framework.key
    for framework in FRAMEWORKS
    if any(shape.method for shape in framework.registering_calls)
)
FUNCTION_CALL_ORIGINS = Origins(FUNCTION_CALLS)
#: Calls looked for in every module that imports them; the rest only where a function
#: can be damaged.
ANYWHERE_CALL_ORIGINS = Origins(
    callee
    for callee, (framework, _) in FUNCTION_CALLS.items()
    if not framework.calls_need_damage_here
)
#: ``pickle`` and ``pickle.dumps`` for ``pickle.dumps``: what an import binds to name one.
FUNCTION_CALL_PREFIXES = frozenset(
    ".".join(parts[:end])
    for parts in (callee.split(".") for callee in FUNCTION_CALLS)
    for end in range(1, len(parts) + 1)
)
