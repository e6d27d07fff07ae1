"""WRP103: a decorator whose wrapper is a plain ``def`` applied to an ``async def``.

Calling a coroutine function only creates the coroutine; a plain wrapper that calls it and
returns the result turns the decorated function into one that returns an un-awaited
coroutine. ``inspect.iscoroutinefunction`` is False for it (frameworks and test runners
that ask stop treating it as a coroutine function), and whatever the wrapper does around
the call (timing, ``try``/``except``, locks, retries) runs when the coroutine is created,
not while it runs. ``functools.wraps`` does not change that, so this is decided apart from
WRP001, from the decorator's own code: which module-level decorators return a plain
wrapper that calls the function without awaiting it or handing it to an event loop.
"""

from __future__ import annotations

import ast
from typing import NamedTuple, Optional, Protocol, Union

from flake8_wraps.analysis.findings import Finding, ModuleAnalysis, finding
from flake8_wraps.analysis.closures import parameter_names
from flake8_wraps.analysis.names import ImportedNames, dotted_source, module_aliases, terminal_name

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]

#: Names that say a decorator knows about coroutines: it branches on them, or hands the
#: coroutine to something that awaits or schedules it.
_COROUTINE_AWARE = frozenset(
    {
        "iscoroutinefunction",
        "iscoroutine",
        "isawaitable",
        "markcoroutinefunction",
        "run_until_complete",
        "ensure_future",
        "create_task",
        "run_coroutine_threadsafe",
        "gather",
        "wait_for",
        "async_to_sync",
        "run_sync",
    }
)
#: Event loop entry points named ``run``: only these, ``subprocess.run`` is no event loop.
_EVENT_LOOP_RUNS = frozenset({"asyncio.run", "anyio.run", "trio.run", "uvloop.run"})
_SCOPE_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class PlainWrapper(NamedTuple):
    """A module-level decorator that returns a plain wrapper calling the function."""

    decorator: str
    #: True for a factory, used as ``@decorator(...)``.
    called: bool
    wrapper: str
    #: The decorator's parameter that holds the function.
    wrapped: str
    line: int
    #: Whether the wrapper works around the call (``try``, ``with``, or uses its result),
    #: which then runs when the coroutine is created. A wrapper that only works before
    #: returning the call (a deprecation warning) harms only what inspects the function.
    works_around: bool


class ProjectWrappers(Protocol):
    """What WRP103 asks of the project's other modules (``ProjectModules``)."""

    def plain_wrapper(self, qualified: str, called: bool) -> Optional[tuple[PlainWrapper, str]]:
        """The decorator ``qualified`` names, and where it is defined."""


def plain_wrappers(analysis: ModuleAnalysis) -> dict[str, PlainWrapper]:
    """The module-level decorators whose wrapper is a plain def that calls the function."""
    found: dict[str, PlainWrapper] = {}
    for statement in analysis.tree.body:
        # A decorator defines its wrapper (or, for a factory, its decorator) in its body.
        if not isinstance(statement, ast.FunctionDef) or not any(
            isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) for inner in statement.body
        ):
            continue
        entry = _plain_wrapper_entry(statement, statement, False, analysis)
        if entry is None and not _knows_coroutines(statement, analysis.imports):
            for inner in _returned_defs(statement):
                if isinstance(inner, ast.FunctionDef):
                    entry = _plain_wrapper_entry(statement, inner, True, analysis)
                    if entry is not None:
                        break
        if entry is not None:
            found[statement.name] = entry
    for alias, name in module_aliases(analysis.tree) if found else ():
        if name in found and alias not in found:
            found[alias] = found[name]._replace(decorator=alias)
    return found


def _plain_wrapper_entry(
    decorator: ast.FunctionDef, level: ast.FunctionDef, called: bool, analysis: ModuleAnalysis
) -> Optional[PlainWrapper]:
    """``decorator``'s entry when ``level`` (itself, or the level a factory returns)
    returns a plain wrapper of the function."""
    found = _plain_wrapper(level, analysis.imports)
    if found is None:
        return None
    wrapper, wrapped = found
    return PlainWrapper(
        decorator.name,
        called,
        wrapper.name,
        wrapped,
        decorator.lineno,
        _works_around(wrapper, wrapped),
    )


def has_decorated_coroutines(analysis: ModuleAnalysis) -> bool:
    """A cheap first look: is there an ``async def`` with a decorator at all?"""
    return any(isinstance(f.node, ast.AsyncFunctionDef) for f in analysis.decorated)


def coroutine_findings(
    analysis: ModuleAnalysis, project: Optional[ProjectWrappers]
) -> list[Finding]:
    """WRP103 at each decorator that applies a plain wrapper directly to an ``async def``.

    Where the wrapper only works before returning the call, the finding is kept for
    functions that something inspects: one with another decorator (a route, a test mark)
    or a test.
    """
    local: Optional[dict[str, PlainWrapper]] = None
    results = []
    for function in analysis.decorated:
        node = function.node
        if not isinstance(node, ast.AsyncFunctionDef) or _is_generator(node):
            continue
        decorator = node.decorator_list[-1]  # the one that receives the coroutine function
        called = isinstance(decorator, ast.Call)
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        found: Optional[tuple[PlainWrapper, str]] = None
        if isinstance(target, ast.Name):
            if local is None:
                local = plain_wrappers(analysis)
            wrapper = local.get(target.id)
            if wrapper is not None and wrapper.called == called:
                found = wrapper, f"line {wrapper.line}"
        if found is None and project is not None:
            qualified = analysis.imports.qualified_name(target)
            if qualified is not None:
                found = project.plain_wrapper(qualified, called)
        if found is None:
            continue
        wrapper, where = found
        inspected = len(node.decorator_list) > 1 or node.name.startswith("test")
        if not (wrapper.works_around or inspected):
            continue
        results.append(
            finding(
                decorator,
                "plain-wrapper-on-coroutine-function",
                decorator=(dotted_source(target) or "...") + ("(...)" if called else ""),
                where=where,
                wrapper=wrapper.wrapper,
                function=node.name,
                wrapped=wrapper.wrapped,
            )
        )
    return results


def _plain_wrapper(
    decorator: ast.FunctionDef, imports: ImportedNames
) -> Optional[tuple[ast.FunctionDef, str]]:
    """The plain def ``decorator`` returns that calls its function, and that parameter."""
    parameters = [a.arg for a in (*decorator.args.posonlyargs, *decorator.args.args)]
    if not parameters:
        return None
    returned = _returned_defs(decorator)
    if not returned or _knows_coroutines(decorator, imports):
        return None
    wrapped = parameters[0]
    for inner in returned:
        if not isinstance(inner, ast.FunctionDef) or wrapped in parameter_names(inner.args):
            continue
        if _knows_coroutines(inner, imports) or not _calls(inner, wrapped):
            continue
        if _hands_on(inner, wrapped):
            return None
        return inner, wrapped
    return None


def _own_nodes(function: FunctionNode) -> list[ast.AST]:
    """The nodes of ``function``'s own scope: nested functions, lambdas and classes left out
    (their decorators, defaults and the nested def itself are kept)."""
    nodes: list[ast.AST] = []
    stack: list[ast.AST] = [*function.body]
    while stack:
        node = stack.pop()
        nodes.append(node)
        if isinstance(node, _SCOPE_TYPES):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return nodes


def _returned_defs(function: ast.FunctionDef) -> list[FunctionNode]:
    """The nested defs that ``function`` returns by name (``return wrapper``)."""
    nodes = _own_nodes(function)
    defs = {
        node.name: node
        for node in nodes
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    returned = []
    for node in nodes:
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            inner = defs.get(node.value.id)
            if inner is not None and inner not in returned:
                returned.append(inner)
    return returned


def _calls(wrapper: ast.FunctionDef, wrapped: str) -> bool:
    """Whether the wrapper calls ``wrapped`` itself (a rebound name is not the function)."""
    calls = False
    for node in _own_nodes(wrapper):
        if isinstance(node, ast.Name) and node.id == wrapped and isinstance(node.ctx, ast.Store):
            return False
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == wrapped
        ):
            calls = True
    return calls


def _hands_on(wrapper: ast.FunctionDef, wrapped: str) -> bool:
    """Whether the wrapper passes the coroutine to another call, directly or through a
    name (``Result(func(...))``, ``await_(func(...))``, ``loop.run_until_complete(coro)``):
    what it hands it to is there to await or schedule it."""
    nodes = _own_nodes(wrapper)
    holders = {
        target.id
        for node in nodes
        if isinstance(node, ast.Assign) and _is_call_of(node.value, wrapped)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in nodes:
        if isinstance(node, ast.Call):
            for argument in (*node.args, *(keyword.value for keyword in node.keywords)):
                if isinstance(argument, ast.Starred):
                    argument = argument.value
                if _is_call_of(argument, wrapped) or (
                    isinstance(argument, ast.Name) and argument.id in holders
                ):
                    return True
    return False


def _works_around(wrapper: ast.FunctionDef, wrapped: str) -> bool:
    """Whether the wrapper does something around or with the call, not only before it."""
    nodes = _own_nodes(wrapper)
    returned = {id(node.value) for node in nodes if isinstance(node, ast.Return)}
    for node in nodes:
        if isinstance(node, (ast.Try, ast.With)) or type(node).__name__ == "TryStar":
            if any(_is_call_of(inner, wrapped) for inner in ast.walk(node)):
                return True
        elif _is_call_of(node, wrapped) and id(node) not in returned:
            return True  # its result is kept, compared, logged...
    return False


def _is_call_of(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _knows_coroutines(function: FunctionNode, imports: ImportedNames) -> bool:
    """Whether ``function`` (all of it) branches on coroutines or hands one to a loop."""
    for node in ast.walk(function):
        if isinstance(node, ast.AsyncFunctionDef) and node is not function:
            return True  # an async variant of the wrapper, whatever chooses it
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = terminal_name(node)
            if name in _COROUTINE_AWARE:
                return True
            if name == "run" and imports.qualified_name(node) in _EVENT_LOOP_RUNS:
                return True
    return False


def _is_generator(function: ast.AsyncFunctionDef) -> bool:
    """An ``async def`` with ``yield`` is an async generator, not a coroutine function."""
    return any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node in _own_nodes(function))
