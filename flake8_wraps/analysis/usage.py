"""How a module uses a function it defines: is its result ever given a name someone sees?

A decorator's wrapper matters because it replaces a function that others find by name:
a decorated ``def``, a module or class attribute, something returned to a caller or
registered. A helper whose every call keeps the wrapper inside a computation, as a local
variable (``f = _wrap_nan_raise(f)`` in a solver), an argument
(``Thread(target=log_exceptions(feed))``) or an entry of a table of kernels, builds
a callable whose metadata nobody reads: ``functools.wraps`` there is harmless and
useless.

This is evidence only where every use can be seen: a function nested in another (its
uses are in that function) or a private one (``_name``) of the module. The wrapper is
followed a few steps: through locals (every read must keep it too), out of literals (a
list of functions goes where the list goes; a row of data or a keyed entry keeps it) and
through enclosing calls (``path("", csrf_exempt(F(view)))`` registers it). What is not
followed is the result of an unknown call it is given: ``np.apply_along_axis(F(f), ...)``
is taken to compute with it. Anything else this module does not recognise as "kept
inside" counts as a name given, so the answer errs towards reporting.
"""

from __future__ import annotations

import ast
from collections import deque
from typing import Optional

from flake8_wraps.analysis.names import terminal_name

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
#: Calls that read every local, so a nested function's uses can no longer be seen.
_SCOPE_READERS = frozenset({"locals", "vars"})
#: Beside the framework table's: calls that store what they are given where others find
#: it by name (a registry list, a signal, a URL pattern, a click command, a scheduler).
_NAMING_CALLS = frozenset(
    {
        "setattr",
        "append",
        "extend",
        "insert",
        "add",
        "setdefault",
        "update",
        "connect",
        "subscribe",
        "path",
        "re_path",
        "url",
        "include",
        "mount",
        "schedule",
        "Command",
        "Group",
        "Rule",
    }
)
_NAMING_PREFIXES = ("add_", "register", "on_")
#: Calls that build a container of what they are given, like a literal.
_CONTAINERS = frozenset({"dict", "list", "tuple", "set", "frozenset"})
#: Elements that make a tuple or list a row of data rather than a list of functions.
_DATA = (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.JoinedStr)
#: How far a wrapper is followed through locals, and out through enclosing calls.
_FOLLOWED_LOCALS = 3
_FOLLOWED_CALLS = 3


class Uses:
    """Every occurrence of each identifier in ``scope``, with the parent of every node.

    ``scope`` is one statement: a function that holds the nested helper, or one top-level
    statement of the module (so that the language server asks again only about the
    statements an edit changed). Built on first need, for the few functions whose
    decision this evidence can change. ``registering`` holds the last names of calls that
    register what they are given, or read its name (``add_url_rule``, ``submit``): an
    argument of one of them is named.
    """

    __slots__ = ("registering", "_parents", "_occurrences", "_scope_readers", "_declarations")

    def __init__(self, scope: ast.AST, registering: frozenset[str]) -> None:
        self.registering = registering
        self._parents: dict[ast.AST, ast.AST] = {}
        self._occurrences: dict[str, list[ast.AST]] = {}
        #: ``locals()`` and ``vars()`` calls: they hand every local on.
        self._scope_readers: list[ast.AST] = []
        #: ``global`` and ``nonlocal`` statements.
        self._declarations: list[ast.Global | ast.Nonlocal] = []
        parents, occurrences = self._parents, self._occurrences
        # ``ast.walk``'s order, with each node's children listed once, not twice (once to
        # walk them, once to record their parent), taken from the node's fields as stored
        # (``names.identifiers_in`` does so too): ``ast.iter_child_nodes`` makes two
        # generators a node, and this runs over whole functions.
        todo = deque([scope])
        pop, append, node_type = todo.popleft, todo.append, ast.AST
        while todo:
            node = pop()
            for value in node.__dict__.values():
                if type(value) is list:
                    for item in value:
                        if isinstance(item, node_type):
                            parents[item] = node
                            append(item)
                elif isinstance(value, node_type):
                    parents[value] = node
                    append(value)
            if isinstance(node, ast.Name):
                occurrences.setdefault(node.id, []).append(node)
                if node.id in _SCOPE_READERS and isinstance(parents.get(node), ast.Call):
                    self._scope_readers.append(node)
            elif isinstance(node, ast.Attribute):
                occurrences.setdefault(node.attr, []).append(node)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                self._declarations.append(node)

    @property
    def reads_scope(self) -> bool:
        """``locals()`` or ``vars()`` is called: every local is handed on."""
        return bool(self._scope_readers)

    def kept_inside(self, name: str) -> Optional[bool]:
        """None when ``name`` is not used here; else whether every use is a call whose
        result stays inside a computation."""
        uses = [
            node
            for node in self._occurrences.get(name, ())
            if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store))
        ]
        if not uses:
            return None
        return all(self._kept(use) for use in uses)

    def given_only_lambdas(
        self, name: str, position: Optional[int], keyword: str
    ) -> Optional[bool]:
        """None when ``name`` is not used here; else whether every use is a call that
        gives it a lambda where the function goes: the argument at ``position`` (None for
        a keyword-only parameter) or the keyword ``keyword`` (``_wrap(lambda: app())``).
        A lambda has no name or docstring to keep, so the wrapper loses nothing."""
        uses = [
            node
            for node in self._occurrences.get(name, ())
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store)
        ]
        if not uses:
            return None
        for use in uses:
            call = self._parents.get(use)
            if not (isinstance(call, ast.Call) and call.func is use):
                return False
            given = next((k.value for k in call.keywords if k.arg == keyword), None)
            if given is None:
                if position is None:
                    return False
                leading = call.args[: position + 1]
                if len(leading) <= position or any(isinstance(a, ast.Starred) for a in leading):
                    return False
                given = leading[position]
            if not isinstance(given, ast.Lambda):
                return False
        return True

    def _kept(self, use: ast.AST) -> bool:
        call = self._parents.get(use)
        if not (isinstance(call, ast.Call) and call.func is use):
            return False  # applied with @, handed on uncalled, returned, stored...
        return self._value_kept(call, _FOLLOWED_LOCALS)

    def _value_kept(self, value: ast.AST, depth: int) -> bool:
        """Whether the wrapper ``value`` evaluates to stays inside a computation."""
        holder = self._parents.get(value)
        if isinstance(holder, ast.keyword):
            holder = self._parents.get(holder)
        if isinstance(holder, ast.Call):
            if holder.func is value:
                return True  # called at once
            if terminal_name(holder.func) in _CONTAINERS:
                return self._value_kept(holder, depth)  # ``dict(handler=w)``: as a literal
            return self._argument_kept(holder)
        if isinstance(holder, ast.Dict):
            if any(v is value for v in holder.values) and None not in holder.keys:
                return True  # looked up by its key (a table of kernels)
            return self._value_kept(holder, depth)
        if isinstance(holder, (ast.List, ast.Tuple, ast.Set)):
            if any(isinstance(e, _DATA) for e in holder.elts):
                return True  # a row of data beside it (a test case)
            return self._value_kept(holder, depth)  # a list of functions: where does it go?
        if isinstance(holder, (ast.Assign, ast.AnnAssign)) and holder.value is value:
            targets = holder.targets if isinstance(holder, ast.Assign) else [holder.target]
            if not all(isinstance(target, ast.Name) for target in targets):
                return False  # ``obj.attr = F(obj.attr)``: a patch others see
            function = self._enclosing_function(holder)
            if function is None or depth == 0:
                return False  # a module or class attribute: a name others see
            names = {target.id for target in targets}  # type: ignore[attr-defined]
            return self._local_kept(function, names, depth - 1)
        # A bare ``F(f)`` statement keeps nothing: F must register what it builds.
        return False

    def _argument_kept(self, call: ast.Call) -> bool:
        """An argument of ``call``: kept, unless the call registers what it is given, or
        gives it a name (``setattr``, ``deco(...)(F(f))``), or is itself handed to such a
        call (``path("", csrf_exempt(F(view)))``)."""
        for _ in range(_FOLLOWED_CALLS):
            if _names_what_it_is_given(call.func, self.registering):
                return False
            outer = self._parents.get(call)
            if isinstance(outer, ast.keyword):
                outer = self._parents.get(outer)
            if not (isinstance(outer, ast.Call) and outer.func is not call):
                # ``dashboard = login_required(F(dashboard))`` at module level: the outer
                # decorator copies the wrapper's name onto a module attribute.
                return not (
                    isinstance(outer, (ast.Assign, ast.AnnAssign))
                    and self._enclosing_function(outer) is None
                )
            call = outer
        return True

    def _local_kept(self, function: ast.AST, names: set[str], depth: int) -> bool:
        """A local holding the wrapper: kept when every read of it keeps it (called,
        an argument, another local that is kept), and nothing hands every local on."""
        declared_here = (
            statement
            for statement in self._declarations
            if names.intersection(statement.names) and self._inside(statement, function)
        )
        if any(declared_here) or any(self._inside(r, function) for r in self._scope_readers):
            return False
        for name in names:
            for load in self._occurrences.get(name, ()):
                if not (isinstance(load, ast.Name) and isinstance(load.ctx, ast.Load)):
                    continue
                if not self._inside(load, function):
                    continue
                if not self._value_kept(load, depth):
                    return False
        return True

    def _inside(self, node: ast.AST, function: ast.AST) -> bool:
        parent = self._parents.get(node)
        while parent is not None:
            if parent is function:
                return True
            parent = self._parents.get(parent)
        return False

    def _enclosing_function(self, node: ast.AST) -> Optional[ast.AST]:
        parent = self._parents.get(node)
        while parent is not None:
            if isinstance(parent, _FUNCTIONS):
                return parent
            if isinstance(parent, (ast.ClassDef, ast.Module)):
                return None
            parent = self._parents.get(parent)
        return None


def _names_what_it_is_given(callee: ast.expr, registering: frozenset[str]) -> bool:
    """``setattr``, ``deco(...)(value)``, ``app.add_url_rule``, ``registry.append``..."""
    if isinstance(callee, ast.Call):
        return True
    last = terminal_name(callee)
    if last is None:
        return False
    return (
        last in registering
        or last in _NAMING_CALLS
        or last.startswith(_NAMING_PREFIXES)
    )


def is_private(name: str) -> bool:
    """``_helper``, not ``__call__``: a name other modules are not meant to use."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


#: Django's decorator that applies a function decorator to a method.
METHOD_DECORATOR = frozenset({"django.utils.decorators.method_decorator"})


def handed_to_method_decorator(statement: ast.AST, local_names: frozenset[str]) -> frozenset[str]:
    """The decorators ``statement`` hands to ``method_decorator`` (its ``local_names``):
    ``require_staff`` in ``method_decorator(require_staff)``, ``permission_required`` in
    ``method_decorator(permission_required("x"))``, both in ``method_decorator([never_cache,
    require_staff])``."""
    given = set()
    for node in ast.walk(statement):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in local_names
            and node.args
        ):
            first = node.args[0]
            for item in first.elts if isinstance(first, (ast.List, ast.Tuple)) else [first]:
                name = terminal_name(item.func if isinstance(item, ast.Call) else item)
                if name is not None:
                    given.add(name)
    return frozenset(given)
