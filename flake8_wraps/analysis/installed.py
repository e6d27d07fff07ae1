"""Closures installed in place of the attribute they call: what a class decorator,
``__init_subclass__`` or a patching function does when it reads a method, defines a
closure that calls it, and sets the closure back under the same attribute::

    original_init = cls.__init__
    def wrapped_init(self, *args, **kwargs):
        ...
        original_init(self, *args, **kwargs)
    cls.__init__ = wrapped_init

Nothing returns the closure, so the returned-closure path never sees it; yet every caller
of ``cls.__init__`` now gets it, and ``inspect.signature(cls)`` its ``(self, *args,
**kwargs)``. simonw/llm and microsoft/agent-framework added ``functools.wraps`` to such
closures (fix set 73). Pure helpers over one function's own statements (``Frame``).
"""

from __future__ import annotations

import ast
from typing import Iterator, NamedTuple, Optional

from flake8_wraps.analysis.closures import FunctionNode
from flake8_wraps.analysis.collect import TRY_TYPES, Frame, simple_statements
from flake8_wraps.analysis.frames import returns_name
from flake8_wraps.analysis.names import dotted_source


class Installed(NamedTuple):
    """A closure set in place of the attribute whose old value it calls."""

    wrapper: FunctionNode
    #: The local that holds the attribute's old value (``original_init``).
    original: str
    #: What the attribute is set on, as written (``cls``, ``requests.Session``).
    target: str
    #: The attribute: its name, or the expression a ``setattr`` names it with.
    attribute: str
    #: Whether ``attribute`` is a name, not an expression (``setattr(cls, name, ...)``).
    literal: bool
    #: The line that installs the closure.
    install_line: int
    #: The statement that reads the old value.
    read: ast.Assign
    #: Whether the frame sets the old value back after the install (a temporary patch).
    restored: bool
    #: Whether the read runs before the closure's ``def`` on every path (not in a branch
    #: of its own, which may not run).
    read_first: bool = True


def installed_closures(frame: Frame) -> Iterator[Installed]:
    """The closures ``frame`` defines and installs in place of an attribute they call.

    Only the frame's own statements count: the old value read into a local, a def, and
    ``X.attr = closure`` or ``setattr(X, key, closure)`` with the same ``X`` and key."""
    installs = _installs(frame)
    if not installs:
        return
    # Each read of an old value into a local, in line order: one local may be read
    # twice (honeybadger's two branches, each reading ``original_event_handler``).
    reads: list[tuple[str, tuple[str, str, bool], ast.Assign]] = []
    for assign in frame.assigns:
        target = assign.targets[0]
        if len(assign.targets) == 1 and isinstance(target, ast.Name):
            place = _place_read(assign.value)
            if place is not None:
                reads.append((target.id, place, assign))
    if not reads:
        return
    reads.sort(key=lambda read: read[2].lineno, reverse=True)  # the nearest read first
    reported: set[int] = set()
    for place, value, line, node in installs:
        wrapper = _defined_before(frame, value, line)
        if wrapper is None or id(wrapper) in reported:
            continue  # one finding a closure, however many places it is set in
        called = _called_names(wrapper)
        for original, read_place, read in reads:
            if read_place == place and original in called and read.lineno < line:
                kept = _kept_names(frame, original, read)
                # put back after each time it is set there (put back, then set again,
                # stays: a hostile pass of stop 87)
                again = [at for where, put, _, at in installs if where == place and put == value]
                restored = all(
                    any(
                        where == place and put in kept and _runs_after(frame.node, set_at, at)
                        for where, put, _, at in installs
                    )
                    or _deleted_after(frame.node, place, set_at)
                    for set_at in again
                ) or _undone_later(frame, place, kept)
                reported.add(id(wrapper))
                yield Installed(
                    wrapper, original, place[0], place[1], place[2], line, read, restored,
                    _read_first(frame.node, read, wrapper),
                )
                break


Place = tuple[str, str, bool]


def _installs(frame: Frame) -> list[tuple[Place, str, int, ast.AST]]:
    """(place, name set there, line, statement or call) of ``X.attr = name``,
    ``X.a, X.b = name, other`` and ``setattr(X, k, name)``, in line order."""
    found: list[tuple[Place, str, int, ast.AST]] = []
    for assign in frame.assigns:
        kind = type(assign.value)
        if kind is ast.Name or kind is ast.Tuple:  # most assignments set neither
            for place, name in _assigned_places(assign):
                found.append((place, name, assign.lineno, assign))
    for call in frame.calls:
        if _is_setattr(call.func) and not call.keywords:
            set_there = _setattr_place(call.args)
            if set_there is not None and isinstance(set_there[1], ast.Name):
                found.append((set_there[0], set_there[1].id, call.lineno, call))
    found.sort(key=lambda install: install[2])
    return found


def _is_setattr(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "setattr"


def _setattr_place(arguments: list[ast.expr]) -> Optional[tuple[Place, ast.expr]]:
    """The place ``setattr(X, key, value)``'s three arguments set, and the value."""
    if len(arguments) != 3:
        return None
    place = _key_place(arguments[0], arguments[1])
    return None if place is None else (place, arguments[2])


def _assigned_places(assign: ast.Assign) -> Iterator[tuple[Place, str]]:
    """``obj.run = obj.walk = hook`` sets two places; ``obj.run, obj.walk = a, b`` too."""
    value = assign.value
    for target in assign.targets:
        if isinstance(value, ast.Name):
            place = _place(target)
            if place is not None:
                yield place, value.id
        elif (
            isinstance(target, ast.Tuple)
            and isinstance(value, ast.Tuple)
            and len(target.elts) == len(value.elts)
        ):
            for element, item in zip(target.elts, value.elts):
                place = _place(element)
                if place is not None and isinstance(item, ast.Name):
                    yield place, item.id


def _runs_after(function: FunctionNode, install: ast.AST, put_back: ast.AST) -> bool:
    """Whether ``put_back`` runs after ``install`` on every path that reaches the end of
    the function: a later statement of a block that holds the install (or of one around
    it), or a ``finally`` of its ``try``, reached through ``with``, ``try`` and
    ``finally`` only; not in an ``else`` of the install's ``if``, an ``except``, or under
    an ``if`` of its own (an on/off switch that sets the old value back when off: a
    hostile pass of stop 87)."""
    installed_at, put_at = _path(function, install), _path(function, put_back)
    if installed_at is None or put_at is None:
        return False
    depth = 0
    while (
        depth < min(len(installed_at), len(put_at))
        and installed_at[depth] == put_at[depth]
    ):
        depth += 1
    if depth >= len(installed_at) or depth >= len(put_at):
        return False
    node, installed_field, installed_index = installed_at[depth]
    _, put_field, put_index = put_at[depth]
    if installed_field == put_field:
        if put_index <= installed_index:
            return False
    elif not (type(node) in TRY_TYPES and put_field == "finalbody"):
        return False
    # ``if include_buffers:`` around the install and around its put-back (accelerate's
    # ``init_empty_weights``): the same test, so the put-back runs where the install did.
    guards = {
        ast.dump(step.test)
        for step, field, _ in installed_at
        if isinstance(step, ast.If) and field == "body"
    }
    for step, field, _ in put_at[depth + 1:]:
        if isinstance(step, (ast.With, ast.AsyncWith)) and field == "body":
            continue
        if type(step) in TRY_TYPES and field in ("body", "orelse", "finalbody"):
            continue
        if isinstance(step, ast.If) and field == "body" and ast.dump(step.test) in guards:
            continue
        return False
    return True


def _path(function: FunctionNode, target: ast.AST) -> Optional[list[tuple[ast.AST, str, int]]]:
    """The blocks from ``function`` down to the statement that is (or whose expression
    is) ``target``: (compound statement, field, index) each; nested functions are left
    out."""
    stack: list[tuple[ast.AST, list[tuple[ast.AST, str, int]]]] = [(function, [])]
    while stack:
        node, path = stack.pop()
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for index, statement in enumerate(block):
                here = [*path, (node, field, index)]
                if statement is target or (
                    isinstance(statement, ast.Expr) and statement.value is target
                ):
                    return here
                if not isinstance(statement, _DEFINITIONS):
                    stack.append((statement, here))
    return None


#: Built-ins that build a value from the old one: a call of what they give makes no stand-in.
_BUILTIN_NAMES = frozenset({
    "type", "getattr", "iter", "next", "len", "str", "repr", "id", "hash", "isinstance",
    "callable", "bool", "int", "float", "list", "tuple", "dict", "set", "frozenset", "vars",
    "dir", "super", "object", "sorted", "reversed", "enumerate", "zip", "map", "filter",
})

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _undone_later(frame: Frame, place: Place, kept: frozenset[str]) -> bool:
    """The old value put back by code that runs later for sure: a cleanup registered
    with ``setattr`` (``stack.callback(setattr, obj, "run", orig)``, unittest's
    ``addCleanup``), or an ``undo`` function the frame returns."""
    for call in frame.calls:
        if call.args and _is_setattr(call.args[0]):
            set_there = _setattr_place(call.args[1:])
            if set_there is not None and set_there[0] == place and (
                isinstance(set_there[1], ast.Name) and set_there[1].id in kept
            ):
                return True
    for name, defs in frame.local_defs.items():
        if returns_name(frame, name):
            assigns, _ = simple_statements(defs[-1].body)
            if any(
                where == place and put in kept
                for assign in assigns
                for where, put in _assigned_places(assign)
            ):
                return True
    return False


def _place(node: ast.expr) -> Optional[tuple[str, str, bool]]:
    """``X.attr`` as (``X``, ``attr``, True) when ``X`` is a dotted name."""
    if isinstance(node, ast.Attribute):
        owner = dotted_source(node.value)
        if owner is not None:
            return owner, node.attr, True
    return None


def _key_place(owner_node: ast.expr, key: ast.expr) -> Optional[tuple[str, str, bool]]:
    """``getattr(X, key)``'s and ``setattr(X, key, v)``'s place."""
    owner = dotted_source(owner_node)
    if owner is None:
        return None
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return owner, key.value, True
    name = dotted_source(key)
    return None if name is None else (owner, name, False)


def _place_read(value: ast.expr) -> Optional[tuple[str, str, bool]]:
    """The place ``value`` reads: ``X.attr`` or ``getattr(X, key[, default])``."""
    if isinstance(value, ast.Attribute):
        return _place(value)
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "getattr"
        and 2 <= len(value.args) <= 3
        and not value.keywords
    ):
        return _key_place(value.args[0], value.args[1])
    return None


def _kept_names(frame: Frame, original: str, read: Optional[ast.Assign] = None) -> frozenset[str]:
    """``original`` and the locals that hold the same old value (``saved = old``), by
    which a temporary patch may put it back (a hostile pass of stop 86); none that is
    bound to something else as well (``saved = run`` before ``obj.run = saved``, a
    hostile pass of stop 87). ``read``: the statement that reads the old value, which
    binds ``original`` of course."""
    names = {original}
    for assign in frame.assigns:
        if (
            len(assign.targets) == 1
            and isinstance(assign.targets[0], ast.Name)
            and isinstance(assign.value, ast.Name)
            and assign.value.id in names
        ):
            names.add(assign.targets[0].id)
    for assign in frame.assigns:
        if assign is read:
            continue
        for target in assign.targets:
            if (
                isinstance(target, ast.Name)
                and target.id in names
                and not (isinstance(assign.value, ast.Name) and assign.value.id in names)
                and _place_read(assign.value) is None
            ):
                names.discard(target.id)
    return frozenset(names)


def restored_by_sibling(frame: Frame, installed: Installed, owner: ast.ClassDef) -> bool:
    """A context manager's patch: ``__enter__`` keeps the old value on the instance
    (``self.old = old``) and another method of its class sets it back
    (``sys.excepthook = self.old`` in ``__exit__``), a temporary patch as one put back in
    ``finally`` is."""
    kept = _kept_names(frame, installed.original)
    stored = {
        dotted_source(assign.targets[0])
        for assign in frame.assigns
        if len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Attribute)
        and isinstance(assign.value, ast.Name)
        and assign.value.id in kept
    }
    stored.discard(None)
    if not stored:
        return False
    place = (installed.target, installed.attribute, installed.literal)
    for method in owner.body:
        if method is frame.node or not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(method):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                if _place(node.targets[0]) == place and dotted_source(node.value) in stored:
                    return True
            elif isinstance(node, ast.Call) and _is_setattr(node.func):
                set_there = _setattr_place(node.args)
                if set_there is not None and set_there[0] == place and (
                    dotted_source(set_there[1]) in stored
                ):
                    return True
    return False


def _deleted_after(function: FunctionNode, place: Place, install: ast.AST) -> bool:
    """``del self.send`` after ``self.send = send``: the instance's own attribute goes,
    and the class's method shows through again (a temporary patch, as setting the old
    value back is; a hostile pass of stop 86)."""
    owner, attribute, literal = place
    return literal and any(
        isinstance(node, ast.Delete)
        and any(
            isinstance(target, ast.Attribute)
            and target.attr == attribute
            and dotted_source(target.value) == owner
            for target in node.targets
        )
        and _runs_after(function, install, node)
        for node in ast.walk(function)
    )


def _read_first(function: FunctionNode, read: ast.stmt, wrapper: ast.stmt) -> bool:
    """Whether ``read`` runs before ``wrapper``'s ``def`` on every path through
    ``function``: the def is a later statement of the list that holds the read, or inside
    one (``orig = obj.run`` then ``if win32: def run``), not beside it in another branch
    (``if flag: orig = obj.run`` then ``def run``)."""
    lists: list[list[ast.stmt]] = [function.body]
    while lists:
        statements = lists.pop()
        index = next((i for i, s in enumerate(statements) if s is read), None)
        if index is not None:
            return any(
                node is wrapper
                for later in statements[index + 1:]
                for node in ast.walk(later)
            )
        for statement in statements:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if type(statement) in TRY_TYPES:
                # ``try: orig = spawn.f`` ... ``else: def f``: the else runs after the body
                tried: ast.Try = statement  # type: ignore[assignment]
                lists.extend((tried.body + tried.orelse, tried.finalbody))
                lists.extend(handler.body for handler in tried.handlers)
                continue
            for field in ("body", "orelse"):
                block = getattr(statement, field, None)
                if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                    lists.append(block)
            lists.extend(case.body for case in getattr(statement, "cases", ()))
    return False


def _defined_before(frame: Frame, name: str, line: int) -> Optional[FunctionNode]:
    """The last def of ``name`` in the frame before ``line``."""
    defs = [node for node in frame.local_defs.get(name, ()) if node.lineno < line]
    return max(defs, key=lambda node: node.lineno) if defs else None


def _called_names(function: FunctionNode) -> frozenset[str]:
    """The bare names ``function`` calls, in its nested functions too (a pipeline's final
    handler calls the original for it: agent-framework's middleware), the names handed to
    a call whose result is called at once (``_wrap_streaming(original)(*args, **kwargs)``:
    judgeval's dispatchers, set EH), and the names its called parameters default to
    (``def call(*args, __method=method, **kwargs)`` in a loop)."""
    called = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                called.add(node.func.id)
            elif (
                isinstance(node.func, ast.Call)
                and isinstance(node.func.func, ast.Name)
                and node.func.func.id not in _BUILTIN_NAMES
            ):
                # a helper of the project builds the callable (``type(orig)(value)``
                # builds a value, and never calls the old one: a hostile pass of stop 87)
                inner = node.func
                called.update(
                    argument.id
                    for argument in [*inner.args, *(k.value for k in inner.keywords)]
                    if isinstance(argument, ast.Name)
                )
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    pairs = [
        *zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults),
        *zip(arguments.kwonlyargs, arguments.kw_defaults),
    ]
    called.update(
        default.id
        for parameter, default in pairs
        if isinstance(default, ast.Name) and parameter.arg in called
    )
    return frozenset(called)
