"""Where the project and its modules are on disk: the project's root, the file an import
names, a file's dotted module name, and a path as a message shows it.

Each answer is looked up once per process (``modules.clear_caches`` starts afresh) and
noted for the cache (``dependencies``), which asks the same questions on the next run.
"""

from __future__ import annotations

import ast
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, Union

from flake8_wraps.analysis.frameworks.fixtures import defines_tests, is_test_module
from flake8_wraps.project.dependencies import note


#: Files or folders that mark a project's root directory.
PROJECT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")
#: Where installed distributions live; no project marker above one counts for them.
INSTALLED_PACKAGE_DIRECTORIES = frozenset({"site-packages", "dist-packages"})


# Directories and files are looked up once per process: flake8 runs are short, and every
# file of a directory asks the same questions. clear_caches() starts afresh (the
# language server calls it when files are saved).
@lru_cache(maxsize=4096)
def _project_root_of(directory: Path) -> Path:
    for candidate in (directory, *directory.parents):
        if candidate.name in INSTALLED_PACKAGE_DIRECTORIES:
            # An installed distribution: the project whose environment holds it (a
            # ``.venv`` inside a checkout) is not its project.
            break
        if is_marked(candidate):
            return candidate
    # No marker (an installed package, a copied tree): the outermost package around the
    # directory is the project. Each of its subpackages being one would index the same
    # files once per level, and a run over a deep tree would cost more than linear time.
    top = directory
    while _exists(top / "__init__.py", file=True) and _exists(
        top.parent / "__init__.py", file=True
    ):
        top = top.parent
    return top


def project_root(directory: Path) -> Path:
    """The nearest directory at or above ``directory`` with a project marker, not looking
    above a ``site-packages`` directory; without one, the outermost package that holds
    ``directory``, or else ``directory`` itself."""
    return _project_root_of(directory)


def is_marked(directory: Path) -> bool:
    """Whether ``directory`` holds a project marker."""
    return any(_exists(directory / marker) for marker in PROJECT_MARKERS)


def _exists(path: Path, file: bool = False) -> bool:
    """``path.exists()`` (``is_file()``), False where the system refuses to say: a name too
    long, a directory without permission. Looking around must never stop a check."""
    try:
        return path.is_file() if file else path.exists()
    except (OSError, ValueError):
        return False


def resolved(path: Path) -> Path:
    """``path.resolve()``, with the directory's part looked up once per process: every file
    of a directory resolves through the same links, and resolving each component again
    cost a plugin run over the standard library a tenth of its framework rules. A file
    that is a link itself is resolved whole."""
    try:
        absolute = path if path.is_absolute() else Path.cwd() / path
        if absolute.name in ("", ".", "..") or absolute.is_symlink():
            return absolute.resolve()
    except OSError:  # a name too long, a directory without permission: as resolve() does
        return path.resolve()
    return _resolved_directory(absolute.parent) / absolute.name


@lru_cache(maxsize=4096)
def _resolved_directory(directory: Path) -> Path:
    return directory.resolve()


#: Folders whose files are test code, below the project's root.
TEST_DIRECTORIES = frozenset({"test", "tests"})


def in_test_folder(path: Path) -> bool:
    """Whether the file at ``path`` (resolved) is a ``conftest.py`` or in a ``test`` or
    ``tests`` folder of its project: test code, whatever it defines. A folder of that
    name above the project's root says nothing (a checkout kept in ``~/tests/``)."""
    answer = _in_test_folder(path)
    note(("test-folder", str(path)), answer)
    return answer


@lru_cache(maxsize=4096)
def _in_test_folder(path: Path) -> bool:
    if path.name == "conftest.py":
        return True
    directory = path.parent
    root = _project_root_of(directory)
    if directory != root and root not in directory.parents:
        return False
    inside = directory.parts[len(root.parts):]
    return any(part.lower() in TEST_DIRECTORIES for part in inside)


def test_code_at(
    path: Union[Path, str, None], tree: ast.Module
) -> Optional[Callable[[], bool]]:
    """Whether the module ``tree`` at ``path`` is test code, asked lazily: in a test folder
    (``lookup.in_test_folder``), or a module pytest collects, or Django's and unittest's
    ``tests.py``, that defines tests."""
    if path is None:
        return None
    answers: list[bool] = []

    def asked() -> bool:
        if not answers:
            file = resolved(Path(path))
            answers.append(
                in_test_folder(file)
                or (
                    (is_test_module(file.name) or file.name == "tests.py")
                    and defines_tests(tree)
                )
            )
        return answers[0]

    return asked


def module_name(path: Path) -> str:
    """Dotted module name of ``path``, from the packages (``__init__.py``) around it."""
    name = _module_name(path)
    note(("module-name", str(path)), name)
    return name


@lru_cache(maxsize=4096)
def _module_name(path: Path) -> str:
    parts = [] if path.name == "__init__.py" else [path.stem]
    directory = path.parent
    while _exists(directory / "__init__.py", file=True) and directory.parent != directory:
        parts.append(directory.name)
        directory = directory.parent
    return ".".join(reversed(parts)) or path.stem


@lru_cache(maxsize=4096)
def _locate(directory: Path, parts: tuple[str, ...], level: int) -> Optional[Path]:
    """The file of module ``parts`` imported ``level`` dots deep from ``directory``."""
    if level:
        base = directory
        for _ in range(level - 1):
            base = base.parent
        if level > 1 and not _exists(base / "__init__.py", file=True):
            # ``from ..decos import x`` in a top-level package: Python stops with
            # "attempted relative import beyond top-level package". Below the root, a
            # directory without ``__init__.py`` may be a namespace package.
            root = _project_root_of(directory)
            if root not in base.parents:
                return None
        return _module_file(base, parts)
    if not parts:
        return None
    root = _project_root_of(directory)
    around = [directory]
    if root in directory.parents:
        for parent in directory.parents:
            around.append(parent)
            if parent == root:
                break
    # A directory that is a package is on ``sys.path`` only where a script in it runs
    # directly: ``from decos import x`` in ``pkg/views.py`` imports the top-level
    # ``decos``, not ``pkg/decos.py``, which is looked at last.
    packages = [base for base in around if _exists(base / "__init__.py", file=True)]
    search = [base for base in around if base not in packages]
    search.append(root / "src")
    if parts[0] == root.name and root in packages:
        # No marker: the root is the outermost package, imported by its own name from the
        # directory that holds it (``from pkg.decos import timed`` inside ``pkg/``).
        search.append(root.parent)
    search.extend(packages)
    for base in search:
        found = _module_file(base, parts)
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4096)
def _module_file(base: Path, parts: tuple[str, ...]) -> Optional[Path]:
    """The file Python imports for ``parts`` under ``base``: a package (``deco/__init__.py``)
    before a module of the same name beside it (``deco.py``), as the import system does."""
    target = base.joinpath(*parts)
    package = target / "__init__.py"
    if _exists(package, file=True):
        return package
    if parts:
        candidate = target.with_name(target.name + ".py")
        if _exists(candidate, file=True):
            return candidate
    return None


def display_path(path: Path) -> str:
    """``path`` as flake8 users read paths: relative to the working directory if below it."""
    shown = _display_path(path)
    note(("display", str(path)), shown)
    return shown


@lru_cache(maxsize=4096)
def _display_path(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def clear_lookups() -> None:
    """Forget every lookup on disk."""
    _project_root_of.cache_clear()
    _module_name.cache_clear()
    _in_test_folder.cache_clear()
    _locate.cache_clear()
    _module_file.cache_clear()
    _display_path.cache_clear()
    _resolved_directory.cache_clear()
