"""The partner in another module of a damaged registration: two views in two files of the
project on the one ``app`` they import, both registered as ``wrapper``.

``analysis/frameworks/shared.py`` hands on each damaged registration on a registry that
other modules can reach. The modules that may register there are found by their text
(they name the registry, or the framework's registrar of shared tasks), then parsed and
their registrations read as their own check reads them, never imported or run; each at
most once per process while its size and time stay the same. Only a damaged registration
with no partner in its own module asks, and each answer is noted for the cache. A def
named as a wrapper is a partner too: a view literally named ``wrapper`` takes the endpoint
that the damaged views are given.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Union

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.analysis.frameworks import might_register, registration_findings
from flake8_wraps.analysis.frameworks.fixtures import is_test_module
from flake8_wraps.analysis.frameworks.shared import SharedRegistration, across_files
from flake8_wraps.analysis.frameworks.table import FRAMEWORK_BY_KEY
from flake8_wraps.analysis.module import analyze_module
from flake8_wraps.config import Config
from flake8_wraps.project.applications import (
    MAX_BYTES,
    applied_names,
    class_applied_to,
    method_decorator_names,
    python_files,
    read_regular,
)
from flake8_wraps.project.dependencies import note
from flake8_wraps.project.lookup import (
    display_path,
    module_name,
    project_root,
    resolved,
    test_code_at,
)
from flake8_wraps.project.modules import ProjectModules
from flake8_wraps.project.source import parse_source


class Registered(NamedTuple):
    """A damaged registration of another module, as a partner is matched and named."""

    origin: str
    framework: str
    name: str
    path: str
    line: int
    function: str


#: Each module's damaged registrations, by path, size, time and settings.
_REGISTERED: dict[tuple[str, int, int, Config], tuple[Registered, ...]] = {}
#: A long-running process (the language server) starts afresh past this many.
_MAX_MODULES = 20_000


def pair_across_files(
    path: Path, config: Config, shared: list[SharedRegistration], project: ProjectModules
) -> tuple[list[Finding], list[Finding]]:
    """The WRP102 findings a partner in another module turns into WRP101, and those
    WRP101 findings. ``path`` is the checked file, resolved; ``shared`` its damaged
    registrations that other modules can reach."""
    replaced: list[Finding] = []
    added: list[Finding] = []
    for registration in shared:
        if not registration.asks:
            continue  # WRP101 in its own module already, or a partner only
        origin = project.registry_origin(registration.origin)
        if origin is None:
            continue
        partner = registered_elsewhere(
            str(path), origin, registration.registry.strip("'"), registration.framework,
            registration.name, config.key(),
        )
        if not partner:
            continue
        other, elsewhere = partner[0].rsplit(" ", 1)
        added.append(across_files(registration, other, elsewhere))
        if registration.damaged is not None:
            replaced.append(registration.damaged)
    return replaced, added


def registered_elsewhere(
    path: str, origin: str, binding: str, framework: str, name: str, config_key: str
) -> list[str]:
    """``function path:line`` of the first registration (damaged, or a def named as a
    wrapper) in another module of ``path``'s project that registers ``name`` on the
    registry bound at ``origin`` (``binding`` is its name in ``path``), or nothing; noted
    for the cache, which asks again (``cli/results.py``). One partner is named, and one
    is kept: the answer stays small however many modules collide."""
    root = project_root(Path(path).parent)
    joins_all = FRAMEWORK_BY_KEY[framework].shared_joins_all
    shared = f"shared:{framework}"
    registrations = _project_registrations(
        root, _tokens(origin, binding, framework), config_key
    )
    answer = []
    for registered in registrations.get((framework, name), ()):
        # A shared task meets any app's (Celery), and an app's meets the shared ones.
        meets = registered.origin == origin or joins_all and shared in (origin, registered.origin)
        if meets and registered.path != path:
            where = display_path(Path(registered.path))
            answer.append(f"{registered.function} {where}:{registered.line}")
            break
    noted: list[Union[str, int]] = list(answer)
    note(("registered-elsewhere", path, origin, binding, framework, name, config_key), noted)
    return answer


def forget() -> None:
    """Read the modules again when next asked (the language server, after edits)."""
    _project_registrations.cache_clear()
    _REGISTERED.clear()


@lru_cache(maxsize=256)
def _project_registrations(
    root: Path, tokens: tuple[bytes, ...], config_key: str
) -> dict[tuple[str, str], list[Registered]]:
    """The damaged registrations on reachable registries of the project's modules that
    name one of ``tokens``, by framework and name, in the order of their paths and lines:
    one scan per process (of each module's text, most of them), then a lookup."""
    config = Config.from_key(config_key)
    by_name: dict[tuple[str, str], list[Registered]] = {}
    for candidate in python_files(root):
        for registered in _registered_in(candidate, tokens, config):
            by_name.setdefault((registered.framework, registered.name), []).append(registered)
    for registrations in by_name.values():
        registrations.sort(key=lambda registered: (registered.path, registered.line))
    return by_name


def _tokens(origin: str, binding: str, framework: str) -> tuple[bytes, ...]:
    """What a module that registers there must contain, one of: the registry's name
    where it is bound, or in the asking module (an import may rename it); for a
    framework's one registry, its registrars (``shared_task``); and where a shared task
    meets any app's, the method that registers on an app (``.task``)."""
    table = FRAMEWORK_BY_KEY[framework]
    registrars = {dotted.rpartition(".")[2].encode() for dotted in table.module_registrars}
    if origin.startswith("shared:"):
        methods = table.registering_methods if table.shared_joins_all else frozenset()
        return tuple(sorted(registrars | {b"." + method.encode() for method in methods}))
    tokens = {binding.encode(), origin.rpartition(":")[2].encode()}
    return tuple(sorted(tokens | registrars if table.shared_joins_all else tokens))


def _registered_in(
    candidate: str, tokens: tuple[bytes, ...], config: Config
) -> tuple[Registered, ...]:
    """The damaged registrations of the module at ``candidate`` on reachable registries;
    none where its text names none of ``tokens`` (most modules), or it cannot be read."""
    data, status = read_regular(candidate)
    if status is None or status.st_size > MAX_BYTES or not any(t in data for t in tokens):
        return ()
    key = (candidate, status.st_size, status.st_mtime_ns, config)
    known = _REGISTERED.get(key)
    if known is None:
        known = _read_registrations(candidate, data, config)
        if len(_REGISTERED) >= _MAX_MODULES:
            _REGISTERED.clear()
        _REGISTERED[key] = known
    return known


def _read_registrations(candidate: str, data: bytes, config: Config) -> tuple[Registered, ...]:
    try:
        tree = parse_source(data, candidate)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    path = resolved(Path(candidate))
    root = project_root(path.parent)
    is_test_file = is_test_module(path.name)
    project = ProjectModules(path, config)
    try:
        analysis = analyze_module(
            tree,
            config,
            lambda name: name in applied_names(root),
            applied_to_classes=lambda name: class_applied_to(root, name, path),
            test_code=test_code_at(path, tree),
            given_to_method_decorator=lambda name: name in method_decorator_names(root),
        )
        if not might_register(analysis, is_test_file):
            return ()
        registered = registration_findings(analysis, module_name(path), project, is_test_file)
    except RecursionError:
        return ()  # too deeply nested: its own check says so, not the file asking
    found = []
    for registration in registered.shared:
        origin = project.registry_origin(registration.origin)
        if origin is not None:
            found.append(Registered(
                origin, registration.framework, registration.name, str(path),
                registration.line, registration.function,
            ))
    return tuple(found)
