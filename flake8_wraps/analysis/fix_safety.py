"""Whether adding ``@functools.wraps(P)`` to a closure can break code that worked.

``functools.wraps`` does more than copy a name and a docstring. It sets ``__wrapped__``,
through which ``inspect.signature`` (pytest's fixtures, numba, click, dependency
injection) now reports ``P``'s signature instead of the closure's; it updates the
closure's ``__dict__`` with ``P``'s (pytest's marks, registrations); and, as the
outermost decorator, it applies to whatever the closure's own decorators made of it (a
numba ``Dispatcher``, a pytest mark). Each is harmless on a plain wrapper only, so the
WRP001 fix is safe where all of these hold, and unsafe anywhere else:

- the closure hands its own arguments, unchanged, to ``P`` (``*args, **kwargs``, or
  exactly its parameters), so ``P``'s signature is the right one to report;
- it has no decorator of its own (``@njit``, ``@pytest.mark.parametrize``);
- it has no docstring of its own, and nothing reads its attributes (its own ``__name__``)
  or sets or changes them by hand (``__signature__``, ``pytestmark``,
  ``setattr(wrapper, ...)``), except a plain copy from ``P`` (``wrapper.__doc__ =
  P.__doc__``, ``wrapper.__signature__ = inspect.signature(P)``), which ``wraps`` makes
  anyway;
- it is not passed to anything before it is returned (``jit(wrapper)`` compiles it),
  directly, in a display or under another name (``kw = {"wrapped": wrapper}`` handed to
  ``update_wrapper(func, **kw)`` copies the wrong way round);
- ``P`` is not rebound in the function, so ``wraps(P)`` copies from the ``P`` it calls;
- the function's docstring does not say ``P`` is compiled (numba, JIT): a plain closure
  around a compiled function is an indirection that hides it (stumpy's ``deco_ray_tor``,
  for Ray's pickling), and ``wraps`` would hand it back through ``__wrapped__`` and the
  copied ``__dict__``.
- the module does not read source text (``inspect.getsource``, ``getsourcelines``,
  ``findsource``): those unwrap through ``__wrapped__``, so ``wraps`` changes the source
  they find for a decorated function, and the fix changes the text itself. dill's and
  IPython's tests compare the source of their own decorated fixtures (a test of dill
  failed after the fix).

Two real fixes broke tests before these rules: matplotlib's ``check_figures_equal``
(a parametrized closure that sets ``__signature__`` and hoists ``pytestmark``; ``wraps``
copied the marks, and pytest saw the parametrization twice) and a numba test adapter (a
compiled closure that inserts an argument; ``wraps`` above the compiling decorator made
every call a signature mismatch).

The plain copies become redundant once the decorator is there: the fix removes them,
where each is a statement of its own lines in the block of the ``def``.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, NamedTuple, Optional, Union

from flake8_wraps.analysis import node_memo
from flake8_wraps.analysis.claimed_signature import claimed_result_reasons
from flake8_wraps.analysis.closures import local_aliases, scope_info
from flake8_wraps.analysis.forwarding import relayed_through
from flake8_wraps.analysis.names import GETTER_DESCRIPTORS, dotted_source, terminal_name
from flake8_wraps.analysis.packed_copies import changed_in_place
from flake8_wraps.analysis.signature_reading import is_signature_of

if TYPE_CHECKING:
    from flake8_wraps.analysis.collect import Module

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]

#: What ``functools.wraps`` copies with a plain assignment, so that a copy by hand of any
#: of these from ``P`` repeats it.
COPIED_BY_WRAPS = frozenset(
    {"__name__", "__qualname__", "__doc__", "__module__", "__annotations__"}
)


#: Functions that read a function's source text, unwrapping it first (``inspect``'s, and
#: the libraries that mirror them: ``dill.source``).
SOURCE_READERS = frozenset({"getsource", "getsourcelines", "findsource"})

#: "A `numba` JIT-compiled function", "jitted", "compiled with numba".
_COMPILED = re.compile(r"\b(?:numba|jit|jitted|compiled)\b", re.I)


class FixSafety(NamedTuple):
    """Whether adding the decorator is safe, why not, and what it makes redundant."""

    safe: bool
    #: Why the fix is unsafe, one phrase each; empty when it is safe.
    reasons: tuple[str, ...]
    #: First lines of the plain copies by hand that the fix removes.
    removed: tuple[int, ...]


def decorate_safety(
    factory: FunctionNode,
    wrapper: FunctionNode,
    wrapped: str,
    of_a_class: bool = False,
    module: Optional[Module] = None,
    shape: frozenset[int] = frozenset(),
) -> FixSafety:
    """The safety of adding ``@functools.wraps(wrapped)`` to ``wrapper``, a closure that
    ``factory`` defines and returns; ``of_a_class`` when ``wrapped`` is a class that the
    closure replaces (``singleton(cls)``). ``module``, what ``collect`` made of the file
    holding them, is read (once) only when the fix is otherwise safe. The statements on
    the lines of ``shape`` are not uses of the closure or bindings of ``wrapped``: for a
    closure installed in place of an attribute (``installed``), the read of the old value
    into ``wrapped`` and the install itself.

    All but that module-wide question is about ``factory`` alone, and is kept for the
    next version of an edited document (``node_memo``): the lines of the removed copies
    are read from their statements each time, since a statement moves."""
    reasons, removable = node_memo.remembered(
        ("decorate_safety", factory, wrapper, wrapped, of_a_class, shape),
        _safety_within, factory, wrapper, wrapped, of_a_class, shape,
    )
    if not reasons and module is not None:
        reasons = _module_reasons(module, factory.name)
    removed = tuple(statement.lineno for statement in removable)
    return FixSafety(not reasons, reasons, removed)


def _module_reasons(module: Module, factory: str) -> tuple[str, ...]:
    """Why the whole module makes the fix unsafe: it reads source text, or a star import
    may bind the name the fix writes."""
    reader = source_reader(module)
    if reader is not None:
        return (
            f"the module calls {reader}(), which unwraps: wraps would change the source it"
            f" finds for what '{factory}' decorates",
        )
    star = next((m for m in module.imports.star_modules() if m != "functools"), None)
    if star is not None:
        return (
            f"'from {star} import *' may bind 'wraps' or 'functools' to something else"
            " where the fix writes it",
        )
    return ()


def _safety_within(
    factory: FunctionNode, wrapper: FunctionNode, wrapped: str, of_a_class: bool,
    shape: frozenset[int],
) -> tuple[tuple[str, ...], tuple[ast.stmt, ...]]:
    """Why the fix is unsafe, from ``factory`` alone, and the copies it removes."""
    reasons: list[str] = []
    name = wrapper.name
    if of_a_class:
        reasons.append(
            f"'{wrapped}' is a class: wraps would also copy its attributes onto '{name}'"
        )
    if wrapper.decorator_list:
        decorators = ", ".join(f"@{_short(d)}" for d in wrapper.decorator_list)
        reasons.append(
            f"'{name}' has decorators of its own ({decorators}): wraps would apply to"
            " what they return"
            if getter_position(wrapper.decorator_list) == 0
            else f"'{name}' has decorators of its own ({decorators}): wraps goes below"
            " the getter's, onto the function it takes"
        )
    after_return = _after_return(factory)
    copies = _plain_copies(factory, wrapper, wrapped, after_return)
    if ast.get_docstring(wrapper, clean=False) is not None and not any(
        isinstance(copy, ast.Assign) and _is_attribute(copy.targets[0], name, "__doc__")
        for copy in copies
    ):  # ``wrapper.__doc__ = P.__doc__`` replaces it already
        reasons.append(f"'{name}' has a docstring of its own, which wraps would replace")
    if not forwards_its_arguments(wrapper, wrapped):
        alias = next(iter(local_aliases(wrapper, frozenset({wrapped}))), None)
        relay = relayed_through(factory, wrapper, frozenset({wrapped}))
        if relay is not None:
            reasons.append(
                f"'{name}' calls '{wrapped}' only through the local function"
                f" '{relay.function.name}'"
                + (
                    ", whose decorators may change what it takes"
                    if relay.function.decorator_list
                    else f": check that the signature of '{wrapped}' is the one to report"
                )
            )
        elif alias is not None:
            reasons.append(
                f"'{name}' calls '{wrapped}' through the local '{alias}', which may hold"
                " something else"
            )
        else:
            reasons.append(
                f"'{name}' does not hand its arguments unchanged to '{wrapped}': through"
                f" __wrapped__ it would report the signature of '{wrapped}'"
            )
    else:
        reasons += claimed_result_reasons(wrapper, wrapped)
    kept = _signature_copies(factory, wrapper, wrapped)
    dead = [node for node in ast.walk(factory) if id(node) in after_return] if after_return else []
    copy_nodes = {
        id(node) for statement in copies + kept + dead for node in ast.walk(statement)
    }
    for node in ast.walk(factory):
        if id(node) in copy_nodes or getattr(node, "lineno", None) in shape:
            continue
        reason = _touches(node, name)
        if reason is not None and reason not in reasons:
            reasons.append(reason)
    other = _used_otherwise(factory, name, shape)
    if other is not None and other not in reasons:
        reasons.append(other)
    if _rebinds(factory, wrapped, shape):
        reasons.append(f"'{wrapped}' is rebound in '{factory.name}'")
    docstring = ast.get_docstring(factory, clean=False)
    if docstring is not None and _COMPILED.search(docstring):
        reasons.append(
            f"the docstring of '{factory.name}' says it wraps compiled code: wraps would"
            f" hand the compiled '{wrapped}' on through __wrapped__ and __dict__"
        )
    return tuple(reasons), tuple(_removable(factory, wrapper, copies))


def getter_position(decorators: list[ast.expr]) -> int:
    """Where ``@functools.wraps`` goes among a closure's ``decorators``: just below the
    last of ``GETTER_DESCRIPTORS`` (``@property``), else at the top (0)."""
    position = 0
    for index, decorator in enumerate(decorators):
        if isinstance(decorator, ast.Call):
            decorator = decorator.func
        if terminal_name(decorator) in GETTER_DESCRIPTORS:
            position = index + 1
    return position


def source_reader(module: Module) -> Optional[str]:
    """The first function of ``SOURCE_READERS`` that the module calls, by its last name
    (``inspect.getsource``, ``ds.getsource``), or None; looked for once a module, and
    only in a module that names one."""
    if module.source_readers is None:
        named = any(not SOURCE_READERS.isdisjoint(module.identifiers(s)) for s in module.tree.body)
        module.source_readers = _source_readers_called(module.tree) if named else ()
    return module.source_readers[0] if module.source_readers else None


def _source_readers_called(tree: ast.Module) -> tuple[str, ...]:
    """Each call in ``tree`` of a function of ``SOURCE_READERS``, by its last name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = (
                function.attr if isinstance(function, ast.Attribute)
                else function.id if isinstance(function, ast.Name) else None
            )
            if name in SOURCE_READERS:
                found.append(name)
    return tuple(found)


def forwards_its_arguments(wrapper: FunctionNode, wrapped: str) -> bool:
    """Whether ``wrapper`` calls ``wrapped`` with exactly its own parameters, each once
    and unchanged: positional ones in order (or by keyword), ``*args`` and ``**kwargs``
    as themselves. A default of the wrapper's own is a change of signature too."""
    arguments = wrapper.args
    if arguments.defaults or any(d is not None for d in arguments.kw_defaults):
        return False
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    keyword_only = {a.arg for a in arguments.kwonlyargs}
    star = arguments.vararg.arg if arguments.vararg else None
    double_star = arguments.kwarg.arg if arguments.kwarg else None
    handed = {*positional, *keyword_only} | {n for n in (star, double_star) if n is not None}
    if changed_in_place(wrapper, handed):
        return False  # ``kwargs.pop("timeout")``: not the caller's
    rebound = handed - scope_info(wrapper).untouched_params
    for node in ast.walk(wrapper):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == wrapped
        ):
            continue
        if _passes_exactly(node, positional, keyword_only, star, double_star) and (
            not rebound or _rebound_only_by(wrapper, rebound, node)
        ):
            return True
    return False


#: Statements whose bodies a rebinding in may run again, or never run as the wrapper's.
_LOOPS_AND_SCOPES = (
    ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef
)


def _rebound_only_by(wrapper: FunctionNode, names: set[str], call: ast.Call) -> bool:
    """Whether each of ``names`` is rebound only to the result of ``call``, outside any
    loop (``node = method(self, node)``: the call still gets the caller's value; ``args
    = args[:2]`` before it, or the same line in a loop, does not)."""
    allowed: set[int] = set()
    pending: list[ast.stmt] = list(wrapper.body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, _LOOPS_AND_SCOPES):
            continue
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            value = statement.value
            if isinstance(value, ast.Await):
                value = value.value
            target = statement.targets[0]
            if value is call and isinstance(target, ast.Name):
                allowed.add(id(target))
        for field in ("body", "orelse", "finalbody"):
            pending.extend(getattr(statement, field, ()))
        for handler in getattr(statement, "handlers", ()):
            pending.extend(handler.body)
    stores = [
        node for node in ast.walk(wrapper)
        if isinstance(node, ast.Name) and node.id in names and not isinstance(node.ctx, ast.Load)
    ]
    return all(id(store) in allowed for store in stores)


def _passes_exactly(
    call: ast.Call,
    positional: list[str],
    keyword_only: set[str],
    star: Union[str, None],
    double_star: Union[str, None],
) -> bool:
    given: list[str] = []
    starred = None
    for argument in call.args:
        if isinstance(argument, ast.Starred) and isinstance(argument.value, ast.Name):
            if starred is not None:
                return False
            starred = argument.value.id
        elif isinstance(argument, ast.Name) and starred is None:
            given.append(argument.id)
        else:
            return False
    if given != positional[: len(given)] or starred != star:
        return False
    by_keyword: set[str] = set()
    double_starred = None
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg is None and isinstance(value, ast.Name) and double_starred is None:
            double_starred = value.id
        elif keyword.arg is not None and isinstance(value, ast.Name) and value.id == keyword.arg:
            by_keyword.add(keyword.arg)
        else:
            return False
    return (
        double_starred == double_star
        and by_keyword == set(positional[len(given):]) | keyword_only
    )


def _plain_copies(
    factory: FunctionNode, wrapper: FunctionNode, wrapped: str, dead: set[int]
) -> list[ast.stmt]:
    """``wrapper.__doc__ = P.__doc__``, ``wrapper.__wrapped__ = P`` and
    ``wrapper.__dict__.update(P.__dict__)`` statements: what ``wraps`` does anyway."""
    copies: list[ast.stmt] = []
    for node in ast.walk(factory):
        if id(node) in dead:
            continue  # never runs: no copy, and left as it is
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if not _is_attribute(target, wrapper.name):
                continue
            assert isinstance(target, ast.Attribute)
            if (target.attr in COPIED_BY_WRAPS and _is_attribute(value, wrapped, target.attr)) or (
                target.attr == "__wrapped__" and isinstance(value, ast.Name)
                and value.id == wrapped
            ):
                copies.append(node)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if (
                isinstance(call.func, ast.Attribute)
                and call.func.attr == "update"
                and _is_attribute(call.func.value, wrapper.name, "__dict__")
                and len(call.args) == 1
                and not call.keywords
                and _is_attribute(call.args[0], wrapped, "__dict__")
            ):
                copies.append(node)
    return copies


def _after_return(function: FunctionNode) -> set[int]:
    """The statements of ``function``'s blocks that come after a ``return`` or ``raise``
    in the same block: a copy there never runs (a hostile pass saw one counted, and its
    removal, the block's last statement, refused). Statements only are walked."""
    dead: set[int] = set()
    blocks: list[list[ast.stmt]] = [function.body]
    while blocks:
        ended = False
        for statement in blocks.pop():
            if ended:
                dead.add(id(statement))
            ended = ended or isinstance(statement, (ast.Return, ast.Raise))
            for field in ("body", "orelse", "finalbody"):
                block = getattr(statement, field, None)
                if isinstance(block, list):
                    blocks.append(block)
            blocks.extend(handler.body for handler in getattr(statement, "handlers", ()))
            blocks.extend(case.body for case in getattr(statement, "cases", ()))
    return dead


def _signature_copies(
    factory: FunctionNode, wrapper: FunctionNode, wrapped: str
) -> list[ast.stmt]:
    """``wrapper.__signature__ = inspect.signature(P)``: the signature that
    ``inspect.signature(wrapper)`` finds through the ``__wrapped__`` that wraps sets, so
    no change; the fix keeps the line (it may be the file's only use of ``inspect``)."""
    return [
        node
        for node in ast.walk(factory)
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and _is_attribute(node.targets[0], wrapper.name, "__signature__")
        and is_signature_of(node.value, wrapped)
    ]


def _removable(
    factory: FunctionNode, wrapper: FunctionNode, copies: list[ast.stmt]
) -> list[ast.stmt]:
    """The copies that stand after the ``def`` in its block, alone on their lines, and
    each on one line: the comments inside a copy that spans lines would go with it."""
    wanted = {id(copy) for copy in copies}
    for node in ast.walk(factory):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list) or not any(s is wrapper for s in block):
                continue
            after = block[next(i for i, s in enumerate(block) if s is wrapper) + 1:]
            removable = []
            for position, statement in enumerate(after):
                if id(statement) not in wanted or statement.end_lineno != statement.lineno:
                    continue
                neighbours = after[position - 1: position] + after[position + 1: position + 2]
                if not any(_shares_a_line(statement, other) for other in neighbours):
                    removable.append(statement)
            return removable
    return []


def _shares_a_line(first: ast.stmt, second: ast.stmt) -> bool:
    first_end = first.end_lineno or first.lineno
    second_end = second.end_lineno or second.lineno
    return first.lineno <= second_end and second.lineno <= first_end


def _touches(node: ast.AST, name: str) -> Union[str, None]:
    """Why ``node`` makes the fix unsafe, when it sets, changes or hands on ``name``."""
    if isinstance(node, ast.Attribute) and _is_attribute(node, name):
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            return f"'{name}.{node.attr}' is set by hand"
        # Read: its own name, say, registered or printed, which wraps would change.
        return f"'{name}.{node.attr}' is read, and wraps would change what it reads"
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    if (
        isinstance(function, ast.Attribute)
        and isinstance(function.value, ast.Attribute)
        and _is_attribute(function.value, name)
    ):
        return f"'{name}.{function.value.attr}' is changed by hand"
    handed = [a.value if isinstance(a, ast.Starred) else a for a in node.args]
    handed += [keyword.value for keyword in node.keywords]
    is_setattr = isinstance(function, ast.Name) and function.id == "setattr"
    if is_setattr and len(node.args) == 3:
        # setattr(owner, key, name) installs it, as ``owner.key = name`` does, and reads
        # nothing of it; setattr(name, key, value) sets an attribute by hand (below).
        handed = handed[:2]
    if any(isinstance(a, ast.Name) and a.id == name for a in handed):
        if is_setattr:
            return f"attributes of '{name}' are set by hand (setattr)"
        callee = _short(function)
        return f"'{name}' is handed to {callee}(), which may read its signature or attributes"
    return None


def _used_otherwise(
    factory: FunctionNode, name: str, skipped: frozenset[int] = frozenset()
) -> Union[str, None]:
    """Where ``name`` is used other than in the ways wraps cannot change: returned by the
    factory (through ``x if c else y`` and ``or``), called, tested, stored into a cache
    the factory does not own (``_CACHE[key] = wrapper``), or in the uses _touches reads
    (``wrapper.attr``, ``f(wrapper)``). Anything else may read its metadata out of sight:
    ``register(wrapper if c else None)``, ``kw = {"wrapped": wrapper}`` handed to
    ``update_wrapper(func, **kw)`` (which copies the wrong way round), ``f"{wrapper!r}"``,
    a lambda default, a helper that returns it. One walk of the factory; uses on the
    lines ``skipped`` are passed over."""
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(factory):
        for inner in ast.iter_child_nodes(node):
            parents[id(inner)] = node
    owned: Union[frozenset[str], None] = None
    for node in ast.walk(factory):
        if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
            continue
        if node.lineno in skipped:
            continue
        child: ast.AST = node
        parent = parents.get(id(child))
        while isinstance(parent, (ast.IfExp, ast.BoolOp)) and child is not getattr(
            parent, "test", None
        ):
            child, parent = parent, parents.get(id(parent))
        if isinstance(parent, ast.Return) and _function_of(parent, parents) is factory:
            continue
        direct = child is node
        if direct and isinstance(parent, (ast.Attribute, ast.keyword, ast.Starred)):
            continue  # read by _touches
        if isinstance(parent, ast.Call) and (parent.func is child or direct):
            continue  # called, or handed on as it is (_touches)
        if direct and isinstance(parent, (ast.Compare, ast.If, ast.While, ast.Assert)):
            continue  # tested: nothing keeps it
        if direct and isinstance(parent, ast.Assign) and parent.value is node:
            if owned is None:
                owned = scope_info(factory).bound
            roots = [_root(target) for target in parent.targets]
            if all(
                isinstance(target, (ast.Subscript, ast.Attribute)) and root not in owned
                for target, root in zip(parent.targets, roots)
            ):
                continue  # a cache of the module's: it keeps what the caller gets
        statement: ast.AST = node
        while not isinstance(statement, ast.stmt) and id(statement) in parents:
            statement = parents[id(statement)]
        return f"'{name}' is used in '{_short(statement)}', where wraps may change what is read"
    return None


def _function_of(node: ast.AST, parents: dict[int, ast.AST]) -> Union[ast.AST, None]:
    """The function or lambda whose body holds ``node``."""
    current = parents.get(id(node))
    while current is not None and not isinstance(
        current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    ):
        current = parents.get(id(current))
    return current


def _root(target: ast.expr) -> Union[str, None]:
    """``cache`` of ``cache[key]`` or ``self.cache[key]``'s ``self``."""
    while isinstance(target, (ast.Subscript, ast.Attribute)):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def _rebinds(factory: FunctionNode, name: str, skipped: frozenset[int] = frozenset()) -> bool:
    """Whether anything in ``factory`` binds ``name`` again: an assignment, a loop, ``with``
    or ``except ... as``, an import, a ``case`` capture, a nested ``def`` or ``class``
    (an assignment on the lines ``skipped`` aside)."""
    for node in ast.walk(factory):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            if node.lineno in skipped:
                continue
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node is not factory and node.name == name:
                return True
        elif isinstance(node, ast.ExceptHandler) and node.name == name:
            return True
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and any(
            (alias.asname or alias.name.partition(".")[0]) == name for alias in node.names
        ):
            return True
        elif type(node).__name__.startswith("Match") and name in (
            getattr(node, "name", None), getattr(node, "rest", None)
        ):
            return True  # a ``case`` capture (MatchAs, MatchStar, a mapping's rest)
    return False


def _is_attribute(node: ast.expr, owner: str, attribute: Union[str, None] = None) -> bool:
    """``owner.attribute`` (any attribute when ``attribute`` is None)."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == owner
        and (attribute is None or node.attr == attribute)
    )


def _short(node: ast.AST) -> str:
    """The source of a decorator or callee, cut to one short line for a message."""
    shown = node.func if isinstance(node, ast.Call) else node
    try:
        text = ast.unparse(shown)
    except RecursionError:  # ``@x[0][0]...`` hundreds deep: PEP 614 allows any expression
        text = (dotted_source(shown) if isinstance(shown, ast.expr) else None) or "..."
    if isinstance(node, ast.Call):
        text += "(...)"
    lines = text.splitlines() or [""]
    text = lines[0] + (" ..." if len(lines) > 1 else "")
    return text if len(text) <= 40 else text[:37] + "..."
