"""Where the project applies decorators: evidence that a function defined elsewhere is one.

``@timeit`` in ``views.py`` tells the check of ``utils/decorators.py`` that ``timeit`` is
a decorator. The index is the set of names that appear as ``@name``, ``@mod.name(...)``,
``f = name(f)`` or ``obj.attr = name(obj.attr)`` anywhere in the project, and where a module
applies a name it imported (``from fk.core.strategy_factory import strategy``), which
module that name comes from. It is read from
the files' text, with patterns, never imported or parsed: a project of 2,000 modules is
scanned in a fraction of a second, once per process and project root, and only when a
closure's decision depends on it (``benchmarks/bench_analysis.py`` reports the cost). The
scan is bounded, skips the directories a check skips, and never follows links out of the
project.
"""

from __future__ import annotations

import os
import re
import stat
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping, NamedTuple, Optional

from flake8_wraps.project.cache import (
    changed_ns,
    is_int,
    is_settled,
    is_str_list,
    location,
    name_digest,
    read_json,
    tool_digest,
    write_json,
)
from flake8_wraps.project.lookup import is_marked

#: ``@name``, ``@module.name``, ``@name(...)``: the last dotted part is the decorator.
_DECORATOR_LINE = re.compile(rb"^[ \t]*@[ \t]*([A-Za-z_][\w.]*)", re.M)
#: An ``@name`` line above a ``class`` (other decorator lines may come between): ``name``
#: decorates classes. A function applied so that returns a closure replaces the class with
#: a function (glue's and sktime's ``singleton(cls)``).
_CLASS_DECORATOR_LINE = re.compile(
    rb"^[ \t]*@[ \t]*([A-Za-z_][\w.]*)[^\n]*\n(?=(?:[ \t]*@[^\n]*\n)*[ \t]*class\b)", re.M
)
#: ``view = login_required(view)`` at module level: a decorator applied by hand (an
#: indented one may be a local value adapted inside a function).
_APPLIED_BY_HAND = re.compile(rb"^(\w+)[ \t]*=[ \t]*([A-Za-z_][\w.]*)\([ \t]*\1[ \t]*\)", re.M)
#: ``model.refresh_from_db = build_refresh_from_db(model.refresh_from_db)`` at any depth:
#: an attribute replaced by what a function builds from it, as the module's own reading
#: takes ``cls.apply = name(cls.apply)`` (django-modeltranslation patches each registered
#: model's method so; build123d patches ``Vector.add``). Not ``self.x = name(self.x)``: an
#: object converting a value it was given (shap's ``self.model = Model(self.model)``,
#: stable-baselines3's ``FloatSchedule``, litestar's ``ensure_async_callable``).
_PATCHED_BY_HAND = re.compile(
    rb"^[ \t]*((?!self\.)[A-Za-z_][\w.]*\.[A-Za-z_]\w*)[ \t]*=[ \t]*([A-Za-z_][\w.]*)"
    rb"\([ \t]*\1[ \t]*\)",
    re.M,
)
#: ``from module import (name as alias, ...)``: what a module applies as ``@alias`` is
#: ``name`` (pyspeckit's ``from ..config import ConfigDescriptor as cfgdec``), and it
#: comes from ``module``.
_IMPORT_FROM = re.compile(
    rb"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M
)
_IMPORTED_AS = re.compile(rb"\b([A-Za-z_]\w*)[ \t]+as[ \t]+([A-Za-z_]\w*)")
_IMPORTED_NAME = re.compile(rb"^[ \t(]*([A-Za-z_]\w*)(?:[ \t]+as[ \t]+([A-Za-z_]\w*))?[ \t)]*$")
#: ``decorate_all_tests(LargeObjectTests, skip_if_no_lo)`` as a statement: a helper named
#: for decorating applies the names it is handed (psycopg2's test decorators).
_HANDED_TO_DECORATE = re.compile(rb"^[ \t]*(?:[\w.]+\.)?decorate\w*\(([^()\n]*)\)", re.M)
_BARE_NAME = re.compile(rb"^[ \t]*([A-Za-z_][\w.]*)[ \t]*$")
#: ``@method_decorator(require_staff, name="dispatch")``, ``method_decorator([never_cache,
#: login_required])``: Django applies what it is handed to a bound method, once per call,
#: and gives the class the method's own name and docstring (``update_wrapper``).
_HANDED_TO_METHOD_DECORATOR = re.compile(
    rb"\bmethod_decorator\([ \t\n]*([\[(][^\])]*|[A-Za-z_][\w.]*)"
)
#: ``decorators = [never_cache, login_required]`` at any depth: a list that a module hands
#: to ``method_decorator`` by its name (Django's documentation does so).
_LISTED = re.compile(rb"^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*[\[(]([^\])]*)", re.M)
#: Directories no project's own decorators live in.
_SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "env",
        "build",
        "dist",
        "__pycache__",
        ".eggs",
        "node_modules",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
    }
)
#: At most this many files are read, and at most this much of each.
MAX_FILES = 20_000
MAX_BYTES = 2_000_000


def applied_names(root: Path) -> frozenset[str]:
    """Every name applied as a decorator in the Python files under ``root``."""
    return _applications(root).names


def class_decorator_names(root: Path) -> frozenset[str]:
    """Every name applied with ``@`` to a class in the Python files under ``root``."""
    return _applications(root).of_classes


def class_applied_to(root: Path, name: str, path: Path) -> bool:
    """Whether the project under ``root`` applies ``name`` to a class in a way that can
    mean the one defined in ``path``, as :func:`applied_to` reads applications: a hostile
    pass's ``b.py`` applied a ``deco`` imported from another module to a class, and
    ``a.py``'s own ``deco`` lost its safe fix ("'func' is a class")."""
    index = _applications(root)
    return _can_mean(index.of_classes, index.class_imported_only, root, name, path)


def method_decorator_names(root: Path) -> frozenset[str]:
    """Every name handed to Django's ``method_decorator`` in the Python files under
    ``root``, alone or in a list (a list's name counts for what it lists)."""
    return _applications(root).handed


def applied_to(root: Path, name: str, path: Path) -> bool:
    """Whether the project under ``root`` applies ``name`` as a decorator in a way that
    can mean the one defined in ``path``.

    An application counts unless every module that applies ``name`` imports it from a
    module that is neither ``path``'s module nor one of its packages: fk-desktop applies
    ``@strategy`` seven times, each imported ``from fk.core.strategy_factory``, and that
    says nothing of the callback factory ``strategy`` of ``fk/tools/cli.py``. A package
    counts, as it may re-export the name (``from fk.core import strategy``)."""
    index = _applications(root)
    return _can_mean(index.names, index.imported_only, root, name, path)


def _can_mean(
    applied: frozenset[str],
    imported_only: Mapping[str, frozenset[str]],
    root: Path,
    name: str,
    path: Path,
) -> bool:
    """``name`` is among ``applied``, and not only as imported from modules other than
    ``path``'s and its packages (``imported_only``: where every application imports it)."""
    if name not in applied:
        return False
    sources = imported_only.get(name)
    return sources is None or not sources.isdisjoint(_module_parts(root, path))


def _module_parts(root: Path, path: Path) -> frozenset[str]:
    """The last name of ``path``'s module and the names of the packages around it, up to
    ``root``: the names an import of it can end with."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    parts = {*relative.parts[:-1], relative.stem}
    parts.discard("__init__")
    return frozenset(parts)


def forget_applications() -> None:
    """Scan the projects again when next asked (the language server, after edits)."""
    _applications.cache_clear()
    python_files.cache_clear()


@lru_cache(maxsize=64)
def python_files(root: Path) -> tuple[str, ...]:
    """The Python files under ``root`` that the index reads, in the order found."""
    return tuple(_project_files(root))


class _Index(NamedTuple):
    """What a project applies, read from its files."""

    #: The names applied as decorators.
    names: frozenset[str]
    #: Those applied to classes.
    of_classes: frozenset[str]
    #: For each name that every applying module imports, the last names of the modules
    #: it is imported from.
    imported_only: Mapping[str, frozenset[str]]
    #: The names handed to ``method_decorator``.
    handed: frozenset[str]
    #: ``imported_only`` of the modules that apply a name to a class.
    class_imported_only: Mapping[str, frozenset[str]]


@lru_cache(maxsize=64)
def _applications(root: Path) -> _Index:
    """What the project under ``root`` applies (``_Index``).

    What each file applies is kept in the cache (``cache.py``) by its size and time: a
    later run, or another of flake8's processes, reads only the files that changed.
    """
    kept = _load_index(root)
    scanned: dict[str, _Scanned] = {}
    names: set[str] = set()
    of_classes: set[str] = set()
    sources: dict[str, set[str]] = {}
    unimported: set[str] = set()
    class_sources: dict[str, set[str]] = {}
    class_unimported: set[str] = set()
    handed: set[str] = set()
    for path in _project_files(root):
        relative = os.path.relpath(path, root)
        entry = kept.get(relative)
        if entry is None or not _still(path, entry):
            entry = _scan(path)
        scanned[relative] = entry
        names.update(entry[3])
        of_classes.update(entry[4])
        handed.update(entry[6])
        imported = {}
        for pair in entry[5]:
            name, _, source = pair.partition(":")
            imported[name] = source
            sources.setdefault(name, set()).add(source)
        unimported.update(name for name in entry[3] if name not in imported)
        for name in entry[4]:
            if name in imported:
                class_sources.setdefault(name, set()).add(imported[name])
            else:
                class_unimported.add(name)
    if scanned != kept:
        _save_index(root, scanned)
    imported_only = {
        name: frozenset(found) for name, found in sources.items() if name not in unimported
    }
    class_imported_only = {
        name: frozenset(found)
        for name, found in class_sources.items()
        if name not in class_unimported
    }
    return _Index(
        frozenset(names), frozenset(of_classes), imported_only, frozenset(handed),
        class_imported_only,
    )


#: What one file applies, as the index keeps it: size, time, whether they were settled
#: when the file was read (``cache.is_settled``), the names, those applied to classes, and
#: ``name:module`` for each name applied bare that the file imports (``module`` the last
#: name of the module it comes from), and the names handed to ``method_decorator``.
_Scanned = tuple[int, int, bool, list[str], list[str], list[str], list[str]]


def _project_files(root: Path) -> Iterator[str]:
    seen = 0
    # A folder that no marker makes a project and that is no package (``/tmp``, a home
    # folder holding a scratch file) gives its own files and the packages in it, not
    # every folder below: a hostile review's scratch buffer in ``/tmp`` waited 6 s for
    # 326,000 files before its first diagnostics.
    bare = not is_marked(root) and not os.path.isfile(os.path.join(root, "__init__.py"))
    for directory, subdirectories, files in os.walk(root, onerror=lambda error: None):
        subdirectories[:] = [
            name
            for name in subdirectories
            if name not in _SKIPPED_DIRECTORIES and not name.endswith(".egg-info")
            and not (bare and not os.path.isfile(os.path.join(directory, name, "__init__.py")))
        ]
        for name in files:
            if not name.endswith(".py"):
                continue
            seen += 1
            if seen > MAX_FILES:
                return
            yield os.path.join(directory, name)


def _named_as_a_function(dotted: bytes) -> bool:
    """``build_refresh_from_db``, not ``ReverseProxied``: a class called on an attribute
    wraps an object in another (``app.wsgi_app = ReverseProxied(app.wsgi_app)``, a WSGI
    middleware; SMAC3's test spy), which says nothing of the class as a decorator."""
    last = dotted.rsplit(b".", 1)[-1].lstrip(b"_")
    return last[:1].islower()


def _scan(path: str) -> _Scanned:
    read_at = time.time_ns()
    text, status = read_regular(path)
    names: set[bytes] = set()
    of_classes: set[bytes] = set()
    imported: list[str] = []
    if b"@" in text:
        names.update(match.group(1) for match in _DECORATOR_LINE.finditer(text))
        if b"class" in text:
            of_classes.update(match.group(1) for match in _CLASS_DECORATOR_LINE.finditer(text))
    if b"=" in text:
        names.update(match.group(2) for match in _APPLIED_BY_HAND.finditer(text))
        names.update(
            match.group(2)
            for match in _PATCHED_BY_HAND.finditer(text)
            if _named_as_a_function(match.group(2))
        )
    if b"decorate" in text:
        for match in _HANDED_TO_DECORATE.finditer(text):
            for argument in match.group(1).split(b","):
                bare = _BARE_NAME.match(argument)
                if bare is not None:
                    names.add(bare.group(1))
    if names and b" as " in text:
        names.update(_originals(text, names))
    if names and b"import" in text:
        imported = _imported_from(text, names)
    handed = _handed_to_method_decorator(text) if b"method_decorator" in text else set()
    if status is None:
        return (-1, 0, False, [], [], [], [])
    return (
        status.st_size,
        changed_ns(status),
        is_settled(changed_ns(status), read_at),
        _last_parts(names),
        _last_parts(of_classes),
        imported,
        _last_parts(handed),
    )


def _handed_to_method_decorator(text: bytes) -> set[bytes]:
    """The names ``method_decorator`` is handed in ``text``: alone, in a list written in
    the call, or in a list the file binds to a name it hands (``decorators``)."""
    handed: set[bytes] = set()
    lists: set[bytes] = set()
    for match in _HANDED_TO_METHOD_DECORATOR.finditer(text):
        if b"#" in text[text.rfind(b"\n", 0, match.start()) + 1:match.start()]:
            continue  # commented out: ``# @method_decorator(user_is_instructor)``
        given = match.group(1)
        if given[:1] in (b"[", b"("):
            handed.update(_bare_items(given[1:]))
        else:
            handed.add(given)
            lists.add(given)
    if lists:
        for listed in _LISTED.finditer(text):
            if listed.group(1) in lists:
                handed.update(_bare_items(listed.group(2)))
    return handed


def _bare_items(items: bytes) -> set[bytes]:
    """The bare (dotted) names among comma-separated items; a call among them ends the
    text at its parenthesis and is left out."""
    found = set()
    for item in items.split(b","):
        bare = _BARE_NAME.match(item.strip())
        if bare is not None:
            found.add(bare.group(1))
    return found


def _originals(text: bytes, names: set[bytes]) -> set[bytes]:
    """The names imported under an alias that ``names`` holds: ``@cfgdec`` applies
    ``ConfigDescriptor`` where the module imports it ``as cfgdec``."""
    originals = set()
    for statement in _IMPORT_FROM.finditer(text):
        for pair in _IMPORTED_AS.finditer(statement.group(2)):
            if pair.group(2) in names:
                originals.add(pair.group(1))
    return originals


def _imported_from(text: bytes, names: set[bytes]) -> list[str]:
    """``name:module`` for each of ``names`` that the file applies bare and imports with
    ``from ... module import name``: which module's ``name`` it applies. A name applied
    as ``mod.name`` too, or imported from a package's own ``__init__`` by a relative
    ``from . import``, is left out: it may be any module's."""
    dotted = {name.rpartition(b".")[2] for name in names if b"." in name}
    found: dict[bytes, bytes] = {}
    for statement in _IMPORT_FROM.finditer(text):
        module = statement.group(1).rpartition(b".")[2]
        for item in statement.group(2).split(b"#", 1)[0].split(b","):
            match = _IMPORTED_NAME.match(item.strip())
            if match is None:
                continue
            original, bound = match.group(1), match.group(2) or match.group(1)
            if bound in names and bound not in dotted and module:
                found[original] = module
    return sorted(
        f"{name.decode('ascii', 'replace')}:{module.decode('ascii', 'replace')}"
        for name, module in found.items()
    )


def _last_parts(names: set[bytes]) -> list[str]:
    """``mod.name`` is ``name``: the index keeps what a module's own name would be."""
    return sorted({name.rpartition(b".")[2].decode("ascii", "replace") for name in names})


def _still(path: str, entry: _Scanned) -> bool:
    if not entry[2]:
        return False
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return False
    return (status.st_size, changed_ns(status)) == entry[:2]


def _index_file(root: Path) -> Optional[Path]:
    directory = location()
    if directory is None:
        return None
    return directory / f"index-{tool_digest()}-{name_digest(str(root))}.json"


def _load_index(root: Path) -> dict[str, _Scanned]:
    where = _index_file(root)
    stored: Any = None if where is None else read_json(where)
    if not (isinstance(stored, dict) and stored.get("root") == str(root)):
        return {}  # none kept, not ours, or another root's: scan every file
    files = stored.get("files")
    if not isinstance(files, dict):
        return {}
    kept: dict[str, _Scanned] = {}
    for path, entry in files.items():
        if not (isinstance(entry, list) and len(entry) == 7):
            return {}  # damaged, or kept by a version that did not index as much
        size, mtime, settled, names, of_classes, imported, handed = entry
        if not (is_int(size) and is_int(mtime) and isinstance(settled, bool)):
            return {}
        if not all(is_str_list(found) for found in (names, of_classes, imported, handed)):
            return {}
        kept[path] = (size, mtime, settled, names, of_classes, imported, handed)
    return kept


def _save_index(root: Path, scanned: dict[str, _Scanned]) -> None:
    where = _index_file(root)
    if where is not None:
        write_json(where, {"root": str(root), "files": scanned})


def read_regular(path: str) -> tuple[bytes, Optional[os.stat_result]]:
    """The start of a regular file (``MAX_BYTES``) and its status; nothing for anything
    else (a FIFO named ``x.py`` would block a plain ``open``)."""
    try:
        with open(path, "rb", opener=_open_regular) as handle:
            return handle.read(MAX_BYTES), os.fstat(handle.fileno())
    except (OSError, ValueError):
        return b"", None


def _open_regular(path: str, flags: int) -> int:
    descriptor = os.open(path, flags | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError("not a regular file")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor
