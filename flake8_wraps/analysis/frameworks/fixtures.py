"""What pytest asks of a test's signature: the fixtures a wrapper's signature hides.

pytest fills a test's (or a fixture's) parameters without a default with fixtures of
those names, read from the signature of what it collects. A wrapper whose signature is
``(*args, **kwargs)`` asks for none, so they are not injected, unless the wrapper gives
them itself: by keyword (vkbottle's ``with_mocked_api`` calls each test with ``api=``) or
as its first arguments (``func(db, *args, **kwargs)``).
"""

from __future__ import annotations

import ast
from typing import Callable, Optional, Protocol, TypeVar, Union

from flake8_wraps.analysis.findings import Damage
from flake8_wraps.analysis.names import terminal_name

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]

#: A registration damaged by a decorator that leaves no name at all.
NAMELESS = "what it registers has no __name__, docstring or signature"
_NOT_INJECTED = "the wrapper's signature asks for no fixtures, so {fixtures} not injected"


def fixture_parameters(function: FunctionNode, class_node: Optional[ast.ClassDef]) -> list[str]:
    """The parameters pytest fills with fixtures: those without a default, less a
    method's ``self``; none for a method of a class pytest does not collect, or of a
    ``unittest.TestCase`` (unittest gives its methods no fixtures)."""
    arguments = function.args
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    parameters = positional[: len(positional) - len(arguments.defaults)]
    keywords = zip(arguments.kwonlyargs, arguments.kw_defaults)
    parameters.extend(a.arg for a, default in keywords if default is None)
    if class_node is None:
        return parameters
    if not class_node.name.startswith("Test") or _is_unittest_case(class_node):
        return []
    return parameters[1:]


def fixtures_lost(
    parameters: list[str], damage: Damage, is_method: bool = False
) -> Optional[str]:
    """What is lost when the wrapper of ``damage`` stands for a test asking for
    ``parameters`` (a method's, less ``self``, which the wrapper hands on first);
    None when the wrapper gives every one of them itself."""
    first = max(damage.supplies_first - is_method, 0)
    asked = [name for name in parameters[first:] if name not in damage.supplies]
    if not asked:
        return None
    fixtures = ", ".join(f"'{name}'" for name in asked)
    return _NOT_INJECTED.format(fixtures=fixtures + (" is" if len(asked) == 1 else " are"))


def is_fixture(function: FunctionNode) -> bool:
    """Decorated as a pytest fixture (``@pytest.fixture``, ``@fixture(scope=...)``)."""
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call):
            decorator = decorator.func
        name = terminal_name(decorator)
        if name is not None and name.endswith("fixture"):
            return True
    return False


def _is_unittest_case(class_node: ast.ClassDef) -> bool:
    """A ``unittest.TestCase`` (or a ``...TestCase``)."""
    return any((terminal_name(base) or "").endswith("TestCase") for base in class_node.bases)


def is_test_module(file_name: str) -> bool:
    """Whether pytest collects a module of this file name by default (``test_*.py``,
    ``*_test.py``), whatever it imports."""
    return file_name.startswith("test_") or file_name.endswith("_test.py")


def defines_tests(tree: ast.Module) -> bool:
    """Whether the module defines a test: a function, or a method of a class, whose name
    starts with ``test``. A library's ``test_utils.py`` or ``test_runner.py`` defines
    none: a helper there serves other projects' tests. Tests defined under a module-level
    ``if``, ``try``, ``with``, ``for`` or ``match``, in a class's ``if`` or in a nested class
    (pytest collects them all) count too; a function's own nested functions do not."""
    statements: list[ast.AST] = list(tree.body)
    while statements:
        statement = statements.pop()
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if statement.name.startswith("test"):
                return True
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(statement, field, None)
            if isinstance(block, list):
                statements.extend(block)
    return False


class Applied(Protocol):
    """A damaging decorator as a registration sees it applied (``_Applied``)."""

    @property
    def damage(self) -> Damage: ...


AppliedT = TypeVar("AppliedT", bound=Applied)


def hidden_fixtures(
    function: FunctionNode,
    class_node: Optional[ast.ClassDef],
    qualified_name: Callable[[ast.expr], Optional[str]],
    applied_of: Callable[[ast.expr], Optional[AppliedT]],
) -> Optional[tuple[ast.expr, AppliedT, str]]:
    """Where a test or fixture asks for fixtures through a signature that a damaging
    decorator hides: the node to report (``@pytest.fixture``, or the decorator), the
    damaging decorator as ``applied_of`` finds it, and what is lost."""
    parameters = fixture_parameters(function, class_node)
    if not parameters:
        return None
    decorators = function.decorator_list
    fixture_at = next(
        (
            index
            for index, d in enumerate(decorators)
            if qualified_name(d.func if isinstance(d, ast.Call) else d) == "pytest.fixture"
        ),
        None,
    )
    if fixture_at is None and not function.name.startswith("test"):
        return None
    start = 0 if fixture_at is None else fixture_at + 1
    for decorator in decorators[start:]:
        applied = applied_of(decorator)
        if applied is None:
            continue
        damage = applied.damage
        consequence = fixtures_lost(parameters, damage, class_node is not None)
        if consequence is None:
            return None
        node = decorator if fixture_at is None else decorators[fixture_at]
        return node, applied, NAMELESS if damage.wrapper is None else consequence
    return None
