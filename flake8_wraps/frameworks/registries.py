"""Where a module's framework registry objects come from: ``app = Flask(__name__)``.

Kept apart from the registrations so that the project's module summaries can ask for a
module's registries without the rules that use them.
"""

from __future__ import annotations

import ast
from typing import Optional

from flake8_wraps.analysis import ModuleAnalysis, simple_statements
from flake8_wraps.frameworks.table import FRAMEWORKS, ORIGINS

_FACTORIES = {
    dotted: framework.key for framework in FRAMEWORKS for dotted in framework.registry_factories
}
_DECORATORS = {
    dotted: framework.key
    for framework in FRAMEWORKS
    for dotted in framework.registry_decorators
}
#: Registries used as context managers (``with ProcessPoolExecutor() as pool``).
_CONTEXT_FACTORIES = frozenset(
    dotted
    for framework in FRAMEWORKS
    if framework.used_as_context
    for dotted in framework.registry_factories
)


def registries_of(
    analysis: ModuleAnalysis, assigns: Optional[list[ast.Assign]] = None
) -> dict[str, str]:
    """Framework registries that a module creates, by name, with their framework's key.

    ``assigns``: the module's assignments (all scopes), if the caller has them already.
    """
    imports = analysis.imports
    if not imports.binds_any_of(ORIGINS):
        return {}
    registries: dict[str, str] = {}
    if assigns is None:
        assigns, _ = simple_statements(analysis.tree.body, into_definitions=True)
    for assign in assigns:
        key = factory_key(analysis, assign.value)
        if key is not None:
            for target in assign.targets:
                if isinstance(target, ast.Name):
                    registries[target.id] = key
    if imports.binds_any_of(_CONTEXT_FACTORIES):
        for node in ast.walk(analysis.tree):
            if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
                key = factory_key(analysis, node.context_expr)
                if key is not None:
                    registries[node.optional_vars.id] = key
    for function in analysis.decorated:
        for decorator in function.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            key = _DECORATORS.get(imports.qualified_name(target) or "")
            if key is None and (
                # ``@cli.group()`` on a click group makes a group of its own.
                isinstance(target, ast.Attribute)
                and target.attr == "group"
                and isinstance(target.value, ast.Name)
                and registries.get(target.value.id) == "click"
            ):
                key = "click"
            if key is not None:
                registries[function.node.name] = key
    return registries


def factory_key(analysis: ModuleAnalysis, value: ast.expr) -> Optional[str]:
    """The framework whose registry ``value`` creates (``Flask(__name__)``), if any."""
    if not isinstance(value, ast.Call):
        return None
    function = value.func
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Call):
        # ``multiprocessing.get_context("spawn").Pool()``, in the table as
        # ``multiprocessing.get_context().Pool``.
        maker = analysis.imports.qualified_name(function.value.func)
        return _FACTORIES.get(f"{maker}().{function.attr}") if maker else None
    return _FACTORIES.get(analysis.imports.qualified_name(function) or "")
