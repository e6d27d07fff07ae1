"""The project's own modules, found on disk and read without importing them.

A decorator that damages a Flask view is usually defined in another file of the same
project (``from utils.decorators import timeit``). To know what it does, the module that
defines it is found the way Python would find it from the importing file (relative
imports through the package, absolute ones from the file's directory and its parents up
to the project root, and ``src/``), parsed and analysed, never imported or executed.
Each module is read at most once per process while its size and modification time stay
the same, and how many modules and how deep re-exports are followed is bounded, so a run
over a large project stays fast. Third-party packages are never looked at.
"""

from __future__ import annotations

import ast
import os
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional

from flake8_wraps.analysis.findings import Damage
from flake8_wraps.analysis.module import analyze_module
from flake8_wraps.analysis.names import member
from flake8_wraps.project.applications import forget_applications
from flake8_wraps.project.cache import (
    changed_ns,
    Digest,
    digest_from,
    digest_of,
    location,
    name_digest,
    is_str_list,
    read_json,
    record_from,
    tool_digest,
    unchanged,
    write_json,
)
from flake8_wraps.config import Config
from flake8_wraps.analysis.frameworks.coroutines import PlainWrapper, plain_wrappers
from flake8_wraps.project.dependencies import note
from flake8_wraps.project.source import parse_source
from flake8_wraps.project.lookup import _locate, clear_lookups, display_path, module_name
from flake8_wraps.analysis.frameworks.registries import registries_of

#: How many re-exports (``from .decorators import timeit`` in ``__init__.py``) are followed.
MAX_REEXPORT_DEPTH = 4
#: How many other modules one file's check may read.
MAX_MODULES_PER_FILE = 32


class ModuleSummary(NamedTuple):
    """What other files need to know about a module: small, so it can be cached."""

    path: Path
    #: Dotted module name, as far as the package structure tells.
    name: str
    damage: dict[str, Damage]
    #: Names bound by imports, to follow re-exports.
    imported: dict[str, str]
    #: Framework registries the module creates, by name (``app = Flask(...)``).
    registries: dict[str, str]
    #: Decorators whose wrapper is a plain def that calls the function (WRP103).
    plain_wrappers: dict[str, PlainWrapper]
    #: Modules imported with ``*`` (``from .sub import *`` in a package's ``__init__``),
    #: to follow what they re-export.
    star_imported: tuple[str, ...] = ()


class Resolved(NamedTuple):
    """A decorator found in another module."""

    damage: Damage
    #: Dotted name of the module that defines it.
    module: str
    #: Where it is defined, for messages: ``utils/decorators.py:5``.
    where: str


#: Summaries by path and config, with the size and modification time they were read at.
_SUMMARIES: dict[tuple[Path, Config], tuple[Digest, Optional[ModuleSummary]]] = {}
#: A long-running process (the language server) starts afresh past this many.
_MAX_SUMMARIES = 20_000


def clear_caches() -> None:
    """Forget every module read and every lookup on disk."""
    _SUMMARIES.clear()
    forget_applications()
    clear_lookups()


class ProjectModules:
    """Finds and reads the project modules that one file imports."""

    __slots__ = ("path", "config", "_read")

    def __init__(self, path: Path, config: Config):
        """``path``: the checked file, absolute and resolved."""
        self.path = path
        self.config = config
        #: The modules this file's check has read: at most MAX_MODULES_PER_FILE, counted
        #: whether they were read from disk or were known already, so that what a file
        #: is told does not depend on which files the process checked before it.
        self._read: set[Path] = set()

    def decorator(self, qualified: str, called: bool) -> Optional[Resolved]:
        """The damage done by the decorator that ``qualified`` names, if it is known."""
        return self._lookup(qualified, self.path, called, 0)

    def registry(self, qualified: str) -> Optional[str]:
        """The framework of the registry that ``qualified`` names, if a project module made it."""
        found = self._find_attribute(qualified, self.path, 0)
        if found is None:
            return None
        summary, attribute = found
        return summary.registries.get(attribute)

    def registry_origin(self, origin: tuple[str, str]) -> Optional[str]:
        """Where a registry is bound, the same string from every module that reaches it:
        ``/project/myapp.py:app`` for the module's own (``("own", "app")``) and for one
        that an import binds (``("imported", "myapp.app")``, re-exports followed), or
        ``shared:celery`` for a framework's registry of shared tasks."""
        kind, value = origin
        if kind == "own":
            return f"{self.path}:{value}"
        if kind == "shared":
            return f"shared:{value}"
        found = self._find_attribute(value, self.path, 0)
        if found is None:
            return None
        summary, attribute = found
        return f"{summary.path}:{attribute}" if attribute in summary.registries else None

    def plain_wrapper(self, qualified: str, called: bool) -> Optional[tuple[PlainWrapper, str]]:
        """The plain-wrapper decorator that ``qualified`` names, and where it is defined."""
        found = self._find_attribute(qualified, self.path, 0)
        if found is None:
            return None
        summary, attribute = found
        wrapper = summary.plain_wrappers.get(attribute)
        if wrapper is None or wrapper.called != called:
            return None
        return wrapper, f"{display_path(summary.path)}:{wrapper.line}"

    def _lookup(
        self, qualified: str, importer: Path, called: bool, depth: int
    ) -> Optional[Resolved]:
        found = self._find_attribute(qualified, importer, depth)
        if found is None:
            return None
        summary, attribute = found
        damage = summary.damage.get(attribute)
        if damage is None or damage.called != called:
            return None
        return Resolved(damage, summary.name, f"{display_path(summary.path)}:{damage.line}")

    def _find_attribute(
        self, qualified: str, importer: Path, depth: int
    ) -> Optional[tuple[ModuleSummary, str]]:
        """The module that defines ``qualified``'s last part, following re-exports."""
        while depth <= MAX_REEXPORT_DEPTH:
            level = len(qualified) - len(qualified.lstrip("."))
            parts = qualified[level:].split(".")
            if not parts[-1]:
                return None
            module_path = self._find_module(parts[:-1], level, importer)
            if module_path is None:
                return None
            summary = self._summary(module_path)
            if summary is None:
                return None
            attribute = parts[-1]
            if (
                attribute in summary.damage
                or attribute in summary.registries
                or attribute in summary.plain_wrappers
            ):
                return summary, attribute
            reexported = summary.imported.get(attribute)
            if reexported is None:
                return self._star_exported(summary, attribute, depth)
            qualified, importer, depth = reexported, module_path, depth + 1
        return None

    def _star_exported(
        self, summary: ModuleSummary, attribute: str, depth: int
    ) -> Optional[tuple[ModuleSummary, str]]:
        """``attribute`` as a module's ``from .sub import *`` re-exports it (the last
        such import first: it binds over the others); never a private name."""
        if attribute.startswith("_"):
            return None
        for star in reversed(summary.star_imported):
            found = self._find_attribute(member(star, attribute), summary.path, depth + 1)
            if found is not None:
                return found
        return None

    def _find_module(self, parts: list[str], level: int, importer: Path) -> Optional[Path]:
        found = _locate(importer.parent, tuple(parts), level)
        where = None if found is None else str(found)
        note(("locate", str(importer.parent), ".".join(parts), level), where)
        return found

    def _summary(self, path: Path) -> Optional[ModuleSummary]:
        if path not in self._read:
            if len(self._read) >= MAX_MODULES_PER_FILE:
                return None
            self._read.add(path)
        try:
            status = path.stat()
        except (OSError, ValueError):
            note(("module", str(path)), None)
            return None
        key = (path, self.config)
        cached = _SUMMARIES.get(key)
        if cached is not None and cached[0][:2] == (status.st_size, changed_ns(status)):
            note(("module", str(path)), list(cached[0]))
            known = cached[1]
            # Its name comes from the packages around it, which may have changed since.
            return None if known is None else known._replace(name=module_name(path))
        read = _read_summary(path, self.config)
        if read is None:
            note(("module", str(path)), None)
            return None
        digest, summary = read
        if len(_SUMMARIES) >= _MAX_SUMMARIES:
            _SUMMARIES.clear()
        _SUMMARIES[key] = (digest, summary)
        note(("module", str(path)), list(digest))
        return summary


def _read_summary(path: Path, config: Config) -> Optional[tuple[Digest, Optional[ModuleSummary]]]:
    """The module's digest and summary, from the cache when its content is unchanged;
    None when it cannot be read (a summary of None: it is not valid Python)."""
    stored = load_summary(path, config)
    if stored is not None:
        return stored
    read_at = time.time_ns()
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            data = handle.read()
    except (OSError, ValueError):
        return None
    digest = digest_of(data, status, read_at)
    try:
        tree = parse_source(data, str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return digest, None
    # A summary is asked about the decorators that a registration in another module
    # applies: each is applied in the project, evidence that the module's own check has
    # from the project's index (a decorator reported there damages here too).
    analysis = analyze_module(tree, config, applied_elsewhere=_applied)
    summary = ModuleSummary(
        path,
        module_name(path),
        analysis.damage,
        _with_aliases(tree, analysis.imports.bindings()),
        registries_of(analysis),
        plain_wrappers(analysis),
        analysis.imports.star_modules(),
    )
    store_summary(digest, summary, config)
    return digest, summary


def _with_aliases(tree: ast.Module, imported: dict[str, str]) -> dict[str, str]:
    """What imports bind, and the module-level aliases of those names (``from deco import
    timeit`` then ``measure = timeit``): another module's ``from deco2 import measure`` is
    followed to ``deco.timeit``. The last binding of a name counts, as when it runs."""
    bindings = dict(imported)
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            name, value = statement.targets[0].id, statement.value
            if isinstance(value, ast.Name) and value.id in bindings:
                bindings[name] = bindings[value.id]
            else:
                bindings.pop(name, None)  # bound to something else after the import
    return bindings


def _applied(name: str) -> bool:
    """What a summary assumes of each name: it is applied as a decorator elsewhere."""
    return True


def _summary_file(path: Path) -> Optional[Path]:
    directory = location()
    if directory is None:
        return None
    return directory / f"modules-{tool_digest()}" / f"{name_digest(str(path))}.json"


def load_summary(path: Path, config: Config) -> Optional[tuple[Digest, ModuleSummary]]:
    """The summary a run kept of the module at ``path``, if its content is unchanged."""
    where = _summary_file(path)
    stored: Any = None if where is None else read_json(where)
    if not (
        isinstance(stored, dict)
        and stored.get("path") == str(path)
        and stored.get("config") == config.key()
    ):
        return None  # none kept, not ours, or another module's or config's
    recorded = digest_from(stored.get("digest"))
    kept = stored.get("summary")
    if recorded is None or not isinstance(kept, dict):
        return None
    damage = _table(kept.get("damage"), partial(record_from, Damage))
    imported = _table(kept.get("imported"), _text)
    registries = _table(kept.get("registries"), _text)
    wrappers = _table(kept.get("plain_wrappers"), partial(record_from, PlainWrapper))
    stars: Any = kept.get("star_imported")
    if (
        damage is None or imported is None or registries is None or wrappers is None
        or not is_str_list(stars)
    ):
        return None  # damaged, or of another shape: read the module again
    digest = unchanged(str(path), recorded)
    if digest is None:
        return None
    return digest, ModuleSummary(
        path, module_name(path), damage, imported, registries, wrappers, tuple(stars)
    )


def _table(value: Any, item: Callable[[Any], Any]) -> Optional[dict[str, Any]]:
    """A kept mapping of names to what ``item`` makes of each value; None if one fails."""
    if not isinstance(value, dict):
        return None
    table = {}
    for name, kept in value.items():
        made = item(kept)
        if made is None:
            return None
        table[name] = made
    return table


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def store_summary(digest: Digest, summary: ModuleSummary, config: Config) -> None:
    """Keep ``summary`` for the next run (and the other processes of this one)."""
    where = _summary_file(summary.path)
    if where is None:
        return
    write_json(
        where,
        {
            "path": str(summary.path),
            "config": config.key(),
            "digest": list(digest),
            "summary": {
                "damage": {name: list(damage) for name, damage in summary.damage.items()},
                "imported": summary.imported,
                "registries": summary.registries,
                "plain_wrappers": {
                    name: list(wrapper) for name, wrapper in summary.plain_wrappers.items()
                },
                "star_imported": list(summary.star_imported),
            },
        },
    )
