"""The layout is the architecture (issue 21): each layer is a package that imports only the
layers below it, no module imports itself back through others, and no module is so long
that a reader cannot hold it. Read from the source with ``ast``, nothing imported.

The layers, bottom to top (``docs/how-it-works.md`` draws them):

- beside every layer: ``codes`` (the one table of codes), ``config``, ``docs``, ``errors``;
- ``analysis``: an ``ast.Module`` and what other modules say in, findings out; no I/O;
- ``project``: the project on disk (settings, module lookup, applications index, cache);
- ``fix``: the LibCST fixes;
- ``lsp``: the language server;
- ``cli``: the command line, which starts the server (``flake8-wraps lsp``).

``plugin`` (flake8's entry point), ``__init__`` and ``__main__`` sit on the layers they need.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Iterator, Optional

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "flake8_wraps"

#: The layers, bottom to top; top-level modules not named here are in ``BESIDE``.
LAYERS = ("analysis", "project", "fix", "lsp", "cli")
BESIDE = "beside"
#: The top-level modules that import layers: each with the layers it may import.
ENTRY_POINTS = {
    "flake8_wraps": {"analysis"},
    "flake8_wraps.plugin": {"analysis", "project"},
    "flake8_wraps.__main__": {"cli"},
}
#: What the server may know of the analysis: what it reports, the memo it keeps between
#: versions of a document (the one seam through which the memo reaches the analysis), and
#: the names of a module's imports (for the local fix). The rest it reaches through
#: ``project.checker``.
LSP_SEES_OF_ANALYSIS = {
    "flake8_wraps.analysis.findings",
    "flake8_wraps.analysis.names",
    "flake8_wraps.analysis.node_memo",
}
#: The standard library modules the pure analysis may import: no I/O, no third party.
ANALYSIS_STDLIB = {
    "__future__",
    "ast",
    "bisect",
    "collections",
    "contextlib",
    "contextvars",
    "functools",
    "itertools",
    "re",
    "typing",
}
#: Lines a module may have; a longer one is split by what its parts do.
MAX_LINES = 600
#: Imports of this package made inside a function, each for a reason; any other would be
#: dodging an import cycle, or hiding a dependency from this test.
LAZY_IMPORTS = {
    # LibCST costs a tenth of a second or more to import: only when something is fixed.
    ("flake8_wraps.cli.command", "flake8_wraps.fix.fixer"),
    ("flake8_wraps.lsp.analyses", "flake8_wraps.fix.fixer"),
    ("flake8_wraps.lsp.local_fix", "flake8_wraps.fix.fixer"),
    # pygls is an optional dependency: ``flake8-wraps lsp`` says how to install it.
    ("flake8_wraps.cli.command", "flake8_wraps.lsp.server"),
    # ``__version__`` scans the installed distributions: only for ``--version``.
    ("flake8_wraps.cli.parser", "flake8_wraps"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else BESIDE


class Import:
    """One ``import`` or ``from ... import`` of a module, where it is made."""

    def __init__(self, target: str, line: int, in_function: bool, type_checking: bool):
        self.target = target
        self.line = line
        self.in_function = in_function
        self.type_checking = type_checking


def imports(module: str) -> Iterator[Import]:
    """Every module ``module`` imports, with ``from package import submodule`` resolved to
    the submodule."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def walk(node: ast.AST, in_function: bool, type_checking: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(alias.name, child.lineno, in_function, type_checking)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parent, *([child.module] if child.module else [])])
                for alias in child.names:
                    submodule = f"{base}.{alias.name}"
                    target = submodule if submodule in MODULES else base
                    yield Import(target, child.lineno, in_function, type_checking)
            else:
                inner = in_function or isinstance(
                    child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
                )
                guarded = type_checking or (
                    isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
                )
                yield from walk(child, inner, guarded)

    yield from walk(tree, False, False)


def own_imports(module: str) -> Iterator[Import]:
    return (i for i in imports(module) if i.target.split(".")[0] == "flake8_wraps")


def allowed(module: str) -> set[str]:
    """The layers ``module`` may import."""
    if module in ENTRY_POINTS:
        return {BESIDE, *ENTRY_POINTS[module]}
    own = layer(module)
    if own == BESIDE:
        return {BESIDE}
    return {BESIDE, *LAYERS[: LAYERS.index(own) + 1]}


def test_every_module_is_in_a_layer_or_beside_them() -> None:
    """A top-level module is an entry point or something every layer may use (the table
    of codes); anything else belongs in the package of its layer."""
    beside = {m for m in MODULES if m.count(".") == 1 and layer(m) == BESIDE}
    assert beside - set(ENTRY_POINTS) == {
        "flake8_wraps.codes",
        "flake8_wraps.config",
        "flake8_wraps.docs",
        "flake8_wraps.errors",
    }
    assert set(LAYERS) <= {m.split(".")[1] for m in MODULES if m.count(".") >= 1}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_layer_imports_only_the_layers_below_it(module: str) -> None:
    """No module of the analysis imports the project, the fixer, the server or the
    command line; the project knows nothing of the fixer; and so on up."""
    wrong = [
        f"line {i.line}: {i.target}"
        for i in own_imports(module)
        if i.target != "flake8_wraps" and layer(i.target) not in allowed(module)
        and (module, i.target) not in LAZY_IMPORTS
    ]
    assert not wrong, f"{module} ({layer(module)}) imports a layer above it: {wrong}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "analysis"))
def test_the_analysis_does_no_io_and_imports_no_third_party(module: str) -> None:
    """Pure: ``ast`` in, findings out. Neither flake8, LibCST nor ``os`` or ``pathlib``."""
    outside = sorted(
        {i.target for i in imports(module) if i.target.split(".")[0] != "flake8_wraps"}
        - ANALYSIS_STDLIB
    )
    assert not outside, f"{module} imports {outside}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "lsp"))
def test_the_server_reaches_the_analysis_through_a_narrow_seam(module: str) -> None:
    """The server keeps a memo between versions of a document; it hands it to the analysis
    through ``node_memo`` alone, never by reaching into the rules or the decision."""
    seen = {i.target for i in own_imports(module) if layer(i.target) == "analysis"}
    assert seen <= LSP_SEES_OF_ANALYSIS, f"{module} imports {seen - LSP_SEES_OF_ANALYSIS}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if ".analysis.rules." in m))
def test_a_rule_family_knows_nothing_of_the_memo(module: str) -> None:
    """The memo's keys live in the decision and the traversal; a rule only asks them."""
    assert "flake8_wraps.analysis.node_memo" not in {i.target for i in own_imports(module)}


def test_no_import_cycle() -> None:
    """Among module-level imports (``if TYPE_CHECKING:`` ones do not run)."""
    graph = {
        module: sorted(
            {
                i.target
                for i in own_imports(module)
                if not i.in_function and not i.type_checking and i.target in MODULES
            }
            - {module}
        )
        for module in MODULES
    }

    def cycle_from(start: str) -> Optional[list[str]]:
        path: list[str] = []
        on_path: set[str] = set()
        # Iterative depth-first search: each entry is a module and the index of the next
        # of its imports to follow.
        stack = [(start, 0)]
        while stack:
            module, index = stack.pop()
            if index == 0:
                if module in on_path:
                    return [*path[path.index(module):], module]
                if module in done:
                    continue
                path.append(module)
                on_path.add(module)
            if index < len(graph[module]):
                stack.append((module, index + 1))
                stack.append((graph[module][index], 0))
            else:
                done.add(path.pop())
                on_path.discard(module)
        return None

    done: set[str] = set()
    for module in graph:
        cycle = cycle_from(module)
        assert cycle is None, " -> ".join(cycle)


def test_no_import_inside_a_function_but_the_listed_ones() -> None:
    """An import inside a function hides a dependency, or dodges a cycle: each one left is
    listed in ``LAZY_IMPORTS`` with its reason (an import that costs, an optional
    dependency)."""
    lazy = {
        (module, i.target)
        for module in MODULES
        for i in own_imports(module)
        if i.in_function
    }
    assert lazy <= LAZY_IMPORTS, sorted(lazy - LAZY_IMPORTS)
    assert LAZY_IMPORTS <= lazy, f"listed but gone: {sorted(LAZY_IMPORTS - lazy)}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_too_long(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


def test_every_package_ships() -> None:
    """``pyproject.toml`` lists the packages explicitly: a layer left out of the list is
    missing from the wheel (and from pre-commit's install), while the tests, which run
    from the checkout, pass."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the 3.9 and 3.10 path
        import tomli as tomllib
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    assert listed == {m for m, path in MODULES.items() if path.name == "__init__.py"}
