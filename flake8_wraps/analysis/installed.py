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
from flake8_wraps.analysis.collect import TRY_TYPES, Frame
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
    installs = list(_installs(frame))
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
    for place, value, line in installs:
        wrapper = _defined_before(frame, value, line)
        if wrapper is None:
            continue
        called = _called_names(wrapper)
        for original, read_place, read in reads:
            if read_place == place and original in called and read.lineno < line:
                kept = _kept_names(frame, original)
                restored = any(
                    where == place and put in kept and at > line
                    for where, put, at in installs
                ) or _deleted_after(frame.node, place, line)
                yield Installed(
                    wrapper, original, place[0], place[1], place[2], line, read, restored,
                    _read_first(frame.node, read, wrapper),
                )
                break


def _installs(frame: Frame) -> Iterator[tuple[tuple[str, str, bool], str, int]]:
    """(place, name set there, line) of ``X.attr = name`` and ``setattr(X, k, name)``."""
    for assign in frame.assigns:
        value = assign.value
        if isinstance(value, ast.Name):
            for target in assign.targets:  # ``obj.run = obj.walk = hook`` installs it twice
                place = _place(target)
                if place is not None:
                    yield place, value.id, assign.lineno
    for call in frame.calls:
        if (
            isinstance(call.func, ast.Name)
            and call.func.id == "setattr"
            and len(call.args) == 3
            and not call.keywords
            and isinstance(call.args[2], ast.Name)
        ):
            place = _key_place(call.args[0], call.args[1])
            if place is not None:
                yield place, call.args[2].id, call.lineno


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


def _kept_names(frame: Frame, original: str) -> frozenset[str]:
    """``original`` and the locals that hold the same old value (``saved = old``), by
    which a temporary patch may put it back (a hostile pass of stop 86)."""
    names = {original}
    for assign in frame.assigns:
        if (
            len(assign.targets) == 1
            and isinstance(assign.targets[0], ast.Name)
            and isinstance(assign.value, ast.Name)
            and assign.value.id in names
        ):
            names.add(assign.targets[0].id)
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
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "setattr"
                and len(node.args) == 3
                and _key_place(node.args[0], node.args[1]) == place
                and dotted_source(node.args[2]) in stored
            ):
                return True
    return False


def _deleted_after(function: FunctionNode, place: tuple[str, str, bool], line: int) -> bool:
    """``del self.send`` after ``self.send = send``: the instance's own attribute goes,
    and the class's method shows through again (a temporary patch, as setting the old
    value back is; a hostile pass of stop 86)."""
    owner, attribute, literal = place
    return literal and any(
        isinstance(node, ast.Delete)
        and node.lineno > line
        and any(
            isinstance(target, ast.Attribute)
            and target.attr == attribute
            and dotted_source(target.value) == owner
            for target in node.targets
        )
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
            elif isinstance(node.func, ast.Call):
                called.update(
                    argument.id
                    for argument in node.func.args
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
