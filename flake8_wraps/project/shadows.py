"""Modules of the project that an ``import`` the fixer adds could find before the standard
library's.

``fix`` adds ``import functools`` to a file that has none. Python looks the name up on
``sys.path``, whose first entry is the directory of the script it runs, or the directory
it was started from: a ``functools.py`` there is imported instead, and the fixed file
fails with ``AttributeError: module 'functools' has no attribute 'wraps'`` (a hostile
pass of stop 49 made one). Where such a module may stand in the way and lacks what the
fixes call, the fix that needs the import is not made, and ``fix`` says why. A copy of
the standard library's own (a vendored or copied tree) has it, and is no obstacle.
"""

from __future__ import annotations

import ast
from pathlib import Path

#: The standard modules the fixer may import, with the names its fixes call in each.
IMPORTED_BY_FIXES = {"functools": frozenset({"wraps", "update_wrapper"})}


def shadowed_modules(path: str) -> frozenset[str]:
    """Which of ``IMPORTED_BY_FIXES`` a module of the file's own folders would shadow: in
    the file's folder, and up through its packages (folders with ``__init__.py``) to the
    first folder that is none, where a source root's entry on ``sys.path`` would be."""
    folder = Path(path).resolve().parent
    folders = [folder]
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        folder = folder.parent
        folders.append(folder)
    return frozenset(
        name
        for name, called in IMPORTED_BY_FIXES.items()
        if any(
            module.is_file() and not _binds(module, called)
            for place in folders
            for module in (place / f"{name}.py", place / name / "__init__.py")
        )
    )


def _binds(module: Path, names: frozenset[str]) -> bool:
    """Whether ``module`` binds every one of ``names`` in its own top-level statements
    (a ``def``, a class, an assignment or an import); read, never run."""
    try:
        tree = ast.parse(module.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return False
    bound: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(statement.name)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in statement.names)
        elif isinstance(statement, ast.Assign):
            bound.update(
                target.id for target in statement.targets if isinstance(target, ast.Name)
            )
    return names <= bound
