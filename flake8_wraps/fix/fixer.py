"""The fixer: repairs findings with LibCST, keeping every byte it does not need to change.

Only files with something to fix are parsed with LibCST (ten times the cost of ``ast``).
Each fix is one edit (see ``analysis.Fix``), applied twice by two different libraries: by
LibCST to the concrete tree that is written, and by ``ast`` to the original abstract tree.
The result is written only when its abstract tree equals the expected one (plus the one
import the fix may add), and when the analysis no longer reports what was fixed.
Anything else leaves the file untouched and says why.

This module imports LibCST; nothing imports it but the command line's ``fix``.
"""

from __future__ import annotations

import ast
import bisect
import gc
import re
import warnings
from collections import Counter
from typing import Callable, NamedTuple, Optional, Sequence, Union

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from flake8_wraps.analysis.findings import Finding, Fix
from flake8_wraps.analysis.names import free_name
from flake8_wraps.project.checker import check
from flake8_wraps.config import Config
from flake8_wraps.errors import one_line
from flake8_wraps.analysis.names import ImportedNames, dotted_source
from flake8_wraps.fix.import_position import with_import
from flake8_wraps.fix.scopes import Scopes, ScopeNode


class FixError(Exception):
    """A fix that could not be made or verified: the file must stay as it is."""


class FixResult(NamedTuple):
    """The fixed source, and which findings the fixes repaired."""

    source: bytes
    fixed: list[Finding]


class Spellings:
    """How each edit spells ``functools.wraps`` and ``update_wrapper``, where it goes.

    The file's own spelling when it means the right thing at the edit's position:
    ``ft.wraps`` after ``import functools as ft``, ``w`` after ``from functools import
    wraps as w``. A parameter ``wraps=3`` or a local ``functools = "x"`` in an enclosing
    function rules it out there; the edit then uses an added ``import functools``, under a
    name bound nowhere in the file (``_functools`` when ``functools`` is).

    Only an import bound before the edit can run is the file's spelling: one at the top
    level, above the statement holding the edit or with nothing between them that can
    call anything (the statement's own function bodies aside). An import at the end of
    the module, below the ``@deco`` lines that call the decorator, or one under ``if
    TYPE_CHECKING:`` or ``if __name__ == "__main__":``, is not: the added import, at the
    top, binds the name instead, under another name than theirs (a second ``import
    functools`` would be pyflakes' F811).
    """

    def __init__(self, tree: ast.Module, scopes: Scopes):
        self.scopes = scopes
        body = tree.body
        #: First line of each top-level statement (its decorators included).
        self._starts = [_first_line_of(statement) for statement in body]
        #: ``_runs_from[i]``: the first top-level statement from ``i`` on that can call
        #: something (``len(body)`` when none can).
        self._runs_from = [len(body)] * (len(body) + 1)
        for number in range(len(body) - 1, -1, -1):
            self._runs_from[number] = (
                number if _runs_code(body[number]) else self._runs_from[number + 1]
            )
        self._imports = [
            (number, statement)
            for number, statement in enumerate(body)
            if isinstance(statement, (ast.Import, ast.ImportFrom))
        ]
        self._bound_before: dict[int, dict[str, str]] = {}
        #: Names that imports bind at the top level but not in time for every edit.
        self._late: set[str] = set()
        in_time = {id(statement) for number, statement in self._imports
                   if number < self._runs_from[0]}
        for statement in _module_level_imports(body):
            if id(statement) not in in_time:
                self._late.update(_bound_names(statement))
        #: The name of the ``import functools`` to add, once an edit needs it.
        self.added: Optional[str] = None

    def _bound_at(self, line: int) -> dict[str, str]:
        """What the imports bound before the edit at ``line`` can run bind."""
        holding = max(bisect.bisect_right(self._starts, line) - 1, 0)
        limit = self._runs_from[holding]
        bound = self._bound_before.get(limit)
        if bound is None:
            imports = ImportedNames()
            for number, statement in self._imports:
                if number < limit:
                    imports.add(statement)
            bound = self._bound_before[limit] = imports.bindings()
        return bound

    def spell(self, function: str, scope: ScopeNode, line: int) -> str:
        """``function`` (``wraps`` or ``update_wrapper``) as written in ``scope`` at ``line``."""
        target = f"functools.{function}"
        bound = self._bound_at(line)
        candidates = [local for local, dotted in bound.items() if dotted == target]
        candidates += [
            f"{local}.{function}" for local, dotted in bound.items() if dotted == "functools"
        ]
        for candidate in candidates:
            if self.scopes.resolve(candidate, scope, line) == target:
                return candidate
        if self.added is None:
            self.added = free_name("functools", self.scopes.taken_for("functools") | self._late)
        return f"{self.added}.{function}"

    @property
    def module_import(self) -> Optional[tuple[str, Optional[str]]]:
        """``(module, asname)`` to import, or None when no edit needs an import."""
        if self.added is None:
            return None
        return "functools", None if self.added == "functools" else self.added


def _first_line_of(statement: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(statement, "decorator_list", None) or []
    return min([statement.lineno] + [decorator.lineno for decorator in decorators])


def _runs_code(statement: ast.stmt) -> bool:
    """Whether running ``statement`` can call anything: a call or a decorator in it, or a
    class with bases (their ``__init_subclass__`` runs); function and lambda bodies aside
    (defining a function does not run it)."""
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.decorator_list:
                return True
            if isinstance(node, ast.ClassDef):
                if node.bases or node.keywords:
                    return True
                stack.extend(node.body)
            else:
                stack.extend(ast.iter_child_nodes(node.args))
                if node.returns is not None:
                    stack.append(node.returns)
            continue
        if isinstance(node, ast.Lambda):
            stack.extend(ast.iter_child_nodes(node.args))
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def _module_level_imports(body: list[ast.stmt]) -> list[Union[ast.Import, ast.ImportFrom]]:
    """The imports that bind names of the module: in its body, or under its ``if``,
    ``try``, ``with``... (not in a function or a class)."""
    found: list[Union[ast.Import, ast.ImportFrom]] = []
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # Statements, and the handlers and match cases that hold some.
            stack.extend(
                child for child in ast.iter_child_nodes(node)
                if isinstance(child, ast.stmt) or hasattr(child, "body")
            )
    return found


def _bound_names(statement: Union[ast.Import, ast.ImportFrom]) -> set[str]:
    imports = ImportedNames()
    imports.add(statement)
    return set(imports.bindings())


def fix_source(
    source: bytes,
    findings: Sequence[Finding],
    config: Config,
    unsafe: bool = False,
    *,
    tree: Optional[ast.Module] = None,
    checked: Optional[Sequence[Finding]] = None,
) -> FixResult:
    """Apply the fixes of ``findings`` (safe ones, unless ``unsafe``) to ``source``.

    ``tree`` (``source`` parsed; the fixer edits it into the expected result, so the
    caller must not use it afterwards) and ``checked`` (everything ``check`` found in it,
    before any selection) spare a parse and an analysis to a caller that has them.

    Raises FixError when a fix cannot be made or its result fails verification, and for
    any failure while fixing (a node shape not foreseen, input deeper than LibCST's
    recursion allows): the file must then stay as it is.
    """
    collecting = gc.isenabled()
    # The trees of a large file are a million objects that hold no cycles: collecting
    # while they are alive doubled the cost of a fix.
    gc.disable()
    try:
        return _fix_source(source, findings, config, unsafe, tree, checked)
    except FixError:
        raise
    except (RecursionError, MemoryError) as error:
        raise FixError(f"the file is too deeply nested to fix ({type(error).__name__})")
    except Exception as error:
        raise FixError(f"internal error ({one_line(error)})") from error
    finally:
        if collecting:
            gc.enable()


def _fix_source(
    source: bytes,
    findings: Sequence[Finding],
    config: Config,
    unsafe: bool,
    tree: Optional[ast.Module],
    checked: Optional[Sequence[Finding]],
) -> FixResult:
    chosen = [f for f in findings if f.fix is not None and (f.fix.safe or unsafe)]
    if not chosen:
        return FixResult(source, [])
    plans = [f.fix for f in chosen if f.fix is not None]
    consumable = tree is not None
    try:
        if tree is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the user's invalid escapes are not ours
                tree = ast.parse(source)
        encoding = _encoding(source)
        text = source.decode(encoding, errors="strict")
    except (SyntaxError, ValueError) as error:
        raise FixError(f"cannot parse ({one_line(error)})") from error
    lines = _lines(text)
    index = _TreeIndex(tree)
    spellings = Spellings(tree, Scopes(tree))
    spelled = {id(plan): _spell(plan, index, spellings) for plan in plans}
    moved = {
        plan.line: _call_text(lines, index, plan.line)
        for plan in plans
        if plan.edit == "move-to-decorator"
    }
    regions = _Regions(tree, lines, _first_newline(text))
    new_lines = regions.apply(plans, index, spelled, moved)
    added_import = None
    if spellings.module_import is not None:
        name, asname = spellings.module_import
        new_lines = regions.with_import(new_lines, name, asname)
        added_import = ast.Import(names=[ast.alias(name=name, asname=asname)])
    fixed_source = "".join(new_lines).encode(encoding)
    if checked is None:
        checked = check(tree, None, config)
    # The tree is not needed any more: the verification may apply the plans to it.
    reusable = (tree, index) if consumable else None
    _verify(source, checked, fixed_source, plans, spelled, added_import, config, reusable)
    return FixResult(fixed_source, chosen)


class _Regions:
    """Where the edits go: the file's top-level statements, each edited on its own.

    LibCST costs ten times ``ast`` to parse and more to walk, so the fixer never gives it
    the whole file: a new decorator is a line of text inserted above the def (what LibCST
    would write, at the def's indentation), and any other edit is made by LibCST on the
    top-level statement that holds it, parsed alone. The cost of a fix is then the size of
    what it edits, and a file with 10,000 findings costs little more than its check. (The
    result is verified as a whole, like any fix.)
    """

    def __init__(self, tree: ast.Module, lines: list[str], newline: str):
        self.lines = lines
        self.newline = newline
        #: ``(first line, last line)`` of groups of top-level statements, 1-based: those
        #: that share a line (``x = 1; y = 2``) are one group.
        self.groups: list[tuple[int, int]] = []
        #: Index of the first group after the docstring and the imports at the top.
        self.head = 0
        for number, statement in enumerate(tree.body):
            first = min([statement.lineno] + [d.lineno for d in _decorators(statement)])
            last = statement.end_lineno or statement.lineno
            if self.groups and first <= self.groups[-1][1]:
                self.groups[-1] = (self.groups[-1][0], max(last, self.groups[-1][1]))
            else:
                self.groups.append((first, last))
            leading = (isinstance(statement, (ast.Import, ast.ImportFrom))
                       or (number == 0 and _is_ast_docstring(statement)))
            if leading and self.head == len(self.groups) - 1:
                self.head = len(self.groups)
        self._starts = [first for first, _ in self.groups]
        #: Lines each group gained or lost, by group index.
        self.growth: dict[int, int] = {}

    def _group_of(self, line: int) -> int:
        position = bisect.bisect_right(self._starts, line) - 1
        if position < 0 or line > self.groups[position][1]:
            raise FixError(f"could not find what to edit on line {line}")
        return position

    def apply(
        self, plans: list[Fix], index: _TreeIndex, spelled: dict[int, str], moved: dict[int, str]
    ) -> list[str]:
        """The file's lines with every plan applied; FixError when one cannot be."""
        by_group: dict[int, list[Fix]] = {}
        inserted: dict[int, str] = {}  # line: the decorator line to insert above it
        decorated: Counter[tuple[int, str]] = Counter(
            (p.line, p.name) for p in plans if p.edit == "decorate"
        )
        for plan in plans:
            group = self._group_of(plan.line)
            if plan.edit == "move-to-decorator" and self._group_of(plan.target_line) != group:
                raise FixError(f"could not find what to edit on line {plan.line}")
            by_group.setdefault(group, []).append(plan)
        replaced: dict[int, list[str]] = {}
        for group, grouped in by_group.items():
            as_text = [
                plan for plan in grouped
                if plan.edit == "decorate"
                and not plan.removed
                and decorated[(plan.line, plan.name)] == 1
            ]
            if len(as_text) == len(grouped):
                lines = [self._decorator_line(plan, index, spelled) for plan in as_text]
                if all(line is not None for line in lines):
                    for plan, line in zip(as_text, lines):
                        assert line is not None
                        inserted[_first_line(index.function(plan.line, plan.name))] = line
                    continue
            replaced[group] = self._edited(group, grouped, spelled, moved)
        new_lines: list[str] = []
        group = 0
        number = 1
        while number <= len(self.lines):
            if group < len(self.groups) and self.groups[group][0] == number and group in replaced:
                first, last = self.groups[group]
                new_lines.extend(replaced[group])
                self.growth[group] = len(replaced[group]) - (last - first + 1)
                number = last + 1
                group += 1
                continue
            if group < len(self.groups) and number > self.groups[group][1]:
                group += 1
                continue
            line = inserted.get(number)
            if line is not None:
                new_lines.append(line)
                group_now = self._group_of(number)
                self.growth[group_now] = self.growth.get(group_now, 0) + 1
            new_lines.append(self.lines[number - 1])
            number += 1
        return new_lines

    def _decorator_line(
        self, plan: Fix, index: _TreeIndex, spelled: dict[int, str]
    ) -> Optional[str]:
        """``@wraps(func)`` as a line above the def, or None when the def's first line is
        not plain (the decorator is then LibCST's to place)."""
        function = index.function(plan.line, plan.name)
        text = self.lines[_first_line(function) - 1]
        code = text.lstrip(" \t\f")
        starts = ("@",) if function.decorator_list else ("def ", "def\t", "async ")
        if not code.startswith(starts) or "\f" in text[: len(text) - len(code)]:
            return None
        indent = text[: len(text) - len(code)]
        return f"{indent}@{spelled[id(plan)]}({plan.wrapped}){self.newline}"

    def _edited(
        self, group: int, plans: list[Fix], spelled: dict[int, str], moved: dict[int, str]
    ) -> list[str]:
        """The group's lines, edited by LibCST on the group alone."""
        first, last = self.groups[group]
        offset = first - 1
        snippet = "".join(self.lines[first - 1:last])
        module = _parse(snippet, self.newline)
        shifted = [
            plan._replace(
                line=plan.line - offset,
                target_line=plan.target_line - offset if plan.target_line else 0,
                removed=tuple(line - offset for line in plan.removed),
            )
            for plan in plans
        ]
        editor = _Editor(
            shifted,
            {id(new): spelled[id(old)] for new, old in zip(shifted, plans)},
            module,
            {line - offset: text for line, text in moved.items() if first <= line <= last},
        )
        edited = MetadataWrapper(module, unsafe_skip_copy=True).visit(editor)
        missing = [
            old
            for new, old in zip(shifted, plans)
            if id(new) not in editor.applied
            or (new.edit == "move-to-decorator" and id(new) not in editor.placed)
        ]
        missing += [
            old
            for new, old in zip(shifted, plans)
            if any(line not in editor.removed_lines for line in new.removed)
        ]
        if missing:
            raise FixError(f"could not find what to edit on line {missing[0].line}")
        return _lines(edited.code)

    def with_import(self, lines: list[str], name: str, asname: Optional[str]) -> list[str]:
        """``lines`` with the import added by ``_with_import``, which sees the head of the
        module: its docstring, its imports and the first statement after them."""
        if self.head < len(self.groups):
            last = self.groups[self.head][1] + sum(
                growth for group, growth in self.growth.items() if group <= self.head
            )
        else:
            last = len(lines)
        head = _parse("".join(lines[:last]), self.newline)
        return _lines(_with_import(head, name, asname).code) + lines[last:]


def _parse(text: str, newline: str) -> cst.Module:
    try:
        return cst.parse_module(text, config=cst.PartialParserConfig(default_newline=newline))
    except cst.ParserSyntaxError as error:
        raise FixError(f"cannot parse ({one_line(error)})") from error


def _decorators(statement: ast.stmt) -> list[ast.expr]:
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return statement.decorator_list
    return []


def _first_line(function: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> int:
    return min([function.lineno] + [d.lineno for d in function.decorator_list])


def _is_ast_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and \
        isinstance(statement.value.value, str)


def _first_newline(text: str) -> str:
    """The newline LibCST would use for new lines: the file's first."""
    found = re.search(r"\r\n|\r|\n", text)
    return found.group() if found else "\n"


#: The function each kind of edit writes a call of, when it writes one.
_WRITES = {"decorate": "wraps", "lambda-to-def": "wraps", "insert-after": "update_wrapper"}


def _spell(plan: Fix, index: _TreeIndex, spellings: Spellings) -> str:
    """How ``plan`` spells the function it writes, resolved in the scope it writes it in.

    A decorator is evaluated in the scope holding the def; ``update_wrapper(self, func)``
    in ``__init__``; the def a lambda becomes, in the function that returned the lambda.
    """
    function = _WRITES.get(plan.edit)
    if function is None:
        return ""  # the edit writes no new name: it moves or reorders what is there
    try:
        if plan.edit == "decorate":
            anchor: ast.stmt = index.function(plan.line, plan.name)
        elif plan.edit == "insert-after":
            anchor = index.statement(plan.line, ast.Assign)
        else:
            anchor = index.returned_lambda(plan.line)
    except FixError:
        raise FixError(f"could not find what to edit on line {plan.line}") from None
    return spellings.spell(function, spellings.scopes.scope_of(anchor), plan.line)


class _TreeIndex:
    """The nodes plans name, by line: one walk of the tree, so that a fix costs the same
    for each of its edits however many the file has."""

    def __init__(self, tree: ast.Module):
        self.functions: dict[tuple[int, str], Union[ast.FunctionDef, ast.AsyncFunctionDef]] = {}
        #: ``(line, kind)``: statements, with the list they are in.
        self.statements: dict[tuple[int, type], list[tuple[list[ast.stmt], ast.stmt]]] = {}
        #: Line of the lambda: ``return lambda ...`` statements, with their list.
        self.lambda_returns: dict[int, list[tuple[list[ast.stmt], ast.stmt]]] = {}
        self.calls: dict[int, list[ast.Call]] = {}
        self.decorated: dict[int, list[Union[ast.FunctionDef, ast.AsyncFunctionDef]]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                self.calls.setdefault(node.lineno, []).append(node)
                continue
            if isinstance(node, ast.expr) or not hasattr(node, "body"):
                continue  # only statements, handlers and cases hold blocks
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[(node.lineno, node.name)] = node
                for decorator in node.decorator_list:
                    self.decorated.setdefault(decorator.lineno, []).append(node)
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if not (isinstance(block, list) and block and isinstance(block[0], ast.stmt)):
                    continue
                for statement in block:
                    key = (statement.lineno, type(statement))
                    self.statements.setdefault(key, []).append((block, statement))
                    value = getattr(statement, "value", None)
                    if isinstance(statement, ast.Return) and isinstance(value, ast.Lambda):
                        self.lambda_returns.setdefault(value.lineno, []).append((block, statement))

    def function(self, line: int, name: str) -> Union[ast.FunctionDef, ast.AsyncFunctionDef]:
        found = self.functions.get((line, name))
        if found is None:
            raise FixError(f"no function {name} on line {line}")
        return found

    def statement(self, line: int, kind: type) -> ast.stmt:
        return self.statement_in_block(line, kind)[1]

    def statement_in_block(self, line: int, kind: type) -> tuple[list[ast.stmt], ast.stmt]:
        found = self.statements.get((line, kind))
        if not found:
            raise FixError(f"no statement to edit on line {line}")
        return found[0]

    def returned_lambda(self, line: int) -> ast.stmt:
        return self.returned_lambda_in_block(line)[1]

    def returned_lambda_in_block(self, line: int) -> tuple[list[ast.stmt], ast.stmt]:
        found = self.lambda_returns.get(line)
        if not found:
            raise FixError(f"no statement to edit on line {line}")
        return found[0]


def _with_import(module: cst.Module, name: str, asname: Optional[str]) -> cst.Module:
    """``module`` with ``import name [as asname]`` where isort and ruff would put it:
    in the standard library's section, in sorted position (see ``import_position``)."""
    return with_import(module, name, asname)


def _call_text(lines: list[str], index: _TreeIndex, line: int) -> str:
    """Source of the bare call statement on ``line`` (what becomes a decorator)."""
    for _, node in index.statements.get((line, ast.Expr), []):
        assert isinstance(node, ast.Expr)
        if isinstance(node.value, ast.Call):
            return _segment(lines, node.value)
    raise FixError(f"no call statement on line {line}")


def _lines(text: str) -> list[str]:
    """The lines as ``ast`` counts them (``\\n``, ``\\r\\n``, ``\\r``; not ``\\f``)."""
    return _LINE.findall(text)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _segment(lines: list[str], node: ast.expr) -> str:
    """``ast.get_source_segment`` without splitting the whole source again for each node.

    Columns are UTF-8 byte offsets, as ``ast`` gives them.
    """
    end_line, end_col = node.end_lineno, node.end_col_offset
    if end_line is None or end_col is None:
        raise FixError(f"no position for the call on line {node.lineno}")
    first = lines[node.lineno - 1].encode()
    if node.lineno == end_line:
        return first[node.col_offset:end_col].decode()
    last = lines[end_line - 1].encode()
    middle = lines[node.lineno:end_line - 1]
    return first[node.col_offset:].decode() + "".join(middle) + last[:end_col].decode()


def _encoding(source: bytes) -> str:
    import io
    import tokenize

    return tokenize.detect_encoding(io.BytesIO(source).readline)[0]


# -- the LibCST side ---------------------------------------------------------------------


class _Editor(cst.CSTTransformer):
    """Applies the plans to the concrete tree, each at the node on its line."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self, plans: list[Fix], spelled: dict[int, str], module: cst.Module, moved: dict[int, str]
    ):
        super().__init__()
        self.plans = plans
        #: ``id(plan)``: how the plan spells what it writes (see ``_spell``).
        self.spelled = spelled
        self.module = module
        self.moved = moved
        #: Plans by what finds their node, so that each node costs the same however many
        #: plans the file has.
        self.by_line: dict[tuple[str, int], list[Fix]] = {}
        self.by_function: dict[tuple[int, str], list[Fix]] = {}
        self.by_target: dict[tuple[int, str], list[Fix]] = {}
        #: First lines of the copies by hand that ``decorate`` plans remove.
        self.removals: set[int] = set()
        for plan in plans:
            if plan.edit == "decorate":
                self.by_function.setdefault((plan.line, plan.name), []).append(plan)
                self.removals.update(plan.removed)
            else:
                self.by_line.setdefault((plan.edit, plan.line), []).append(plan)
            if plan.edit == "move-to-decorator":
                self.by_target.setdefault((plan.target_line, plan.target_name), []).append(plan)
        self.applied: set[int] = set()
        #: move-to-decorator plans whose decorator is placed (the removal is ``applied``).
        self.placed: set[int] = set()
        #: Statements removed, to tidy the blank lines they leave at the top of a block.
        self.removed: set[int] = set()
        #: Lines of the copies by hand removed so far.
        self.removed_lines: set[int] = set()

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _plans(self, edit: str, line: int) -> list[Fix]:
        return [p for p in self.by_line.get((edit, line), ()) if id(p) not in self.applied]

    def _wraps(self, plan: Fix) -> cst.Decorator:
        expression = cst.parse_expression(f"{self.spelled[id(plan)]}({plan.wrapped})")
        return cst.Decorator(decorator=expression)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        line = self._line(original_node.name)
        name = original_node.name.value
        decorators = list(updated_node.decorators)
        for plan in self.by_function.get((line, name), ()):
            if id(plan) not in self.applied:
                decorators.insert(0, self._wraps(plan))
                self.applied.add(id(plan))
        for plan in self.by_target.get((line, name), ()):
            if id(plan) not in self.placed:
                expression = cst.parse_expression(self.moved[plan.line])
                decorators.insert(0, cst.Decorator(decorator=expression))
                self.placed.add(id(plan))
        return updated_node.with_changes(decorators=decorators)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        """The comments of a removed statement stay, on the statement that follows it.

        Its blank lines go when it stood at the top of the block.
        """
        removed = [id(statement) in self.removed for statement in original_node.body]
        if not any(removed):
            return updated_node
        remaining = iter(updated_node.body)
        if len(updated_node.body) != removed.count(False):
            raise FixError("a block was edited in two ways at once")
        body: list[cst.BaseStatement] = []
        carried: list[cst.EmptyLine] = []
        pending = False  # a statement was removed just before this one
        for original, was_removed in zip(original_node.body, removed):
            if was_removed:
                pending = True
                carried.extend(original.leading_lines)  # type: ignore[attr-defined]
                comment = original.trailing_whitespace.comment  # type: ignore[attr-defined]
                if comment is not None:
                    carried.append(cst.EmptyLine(comment=comment))
                continue
            statement = next(remaining)
            if pending:
                own = list(statement.leading_lines)  # type: ignore[attr-defined]
                lines = _joined_blank_runs(carried, own)
                if not body:
                    while lines and lines[0].comment is None:
                        lines.pop(0)
                statement = statement.with_changes(leading_lines=lines)
                carried, pending = [], False
            body.append(statement)
        if pending or not body:
            raise FixError("removing the statement would leave an empty block")
        return updated_node.with_changes(body=body)

    def leave_Decorator(
        self, original_node: cst.Decorator, updated_node: cst.Decorator
    ) -> cst.Decorator:
        for plan in self._plans("replace-decorator", self._line(original_node.decorator)):
            expression = updated_node.decorator
            callee = expression.func if isinstance(expression, cst.Call) else expression
            if self.module.code_for_node(callee) != plan.name:
                continue
            self.applied.add(id(plan))
            wrapped = cst.Arg(value=cst.Name(plan.wrapped))
            if isinstance(expression, cst.Call):
                arguments = list(expression.args)
                index = next(
                    (i for i, a in enumerate(arguments) if a.keyword is None or
                     a.keyword.value == "wrapped"),
                    None,
                )
                if index is None:
                    raise FixError(f"no wrapped argument on line {plan.line}")
                arguments[index] = arguments[index].with_changes(value=cst.Name(plan.wrapped))
                return updated_node.with_changes(decorator=expression.with_changes(args=arguments))
            return updated_node.with_changes(decorator=cst.Call(func=expression, args=[wrapped]))
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        line = self._line(original_node)
        for plan in self._plans("swap-arguments", line):
            if self.module.code_for_node(original_node.func) == plan.name and len(
                updated_node.args
            ) >= 2:
                self.applied.add(id(plan))
                first, second = updated_node.args[0], updated_node.args[1]
                arguments = [
                    first.with_changes(value=second.value),
                    second.with_changes(value=first.value),
                    *updated_node.args[2:],
                ]
                return updated_node.with_changes(args=arguments)
        for plan in self._plans("swap-application", line):
            inner = updated_node.func
            if (
                isinstance(inner, cst.Call)
                and inner.args
                and updated_node.args
                and self.module.code_for_node(inner.func) == plan.name
            ):
                self.applied.add(id(plan))
                outer_argument, inner_argument = updated_node.args[0], inner.args[0]
                inner = inner.with_changes(
                    args=[inner_argument.with_changes(value=outer_argument.value), *inner.args[1:]]
                )
                return updated_node.with_changes(
                    func=inner,
                    args=[outer_argument.with_changes(value=inner_argument.value),
                          *updated_node.args[1:]],
                )
        return updated_node

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> Union[
        cst.SimpleStatementLine, cst.FlattenSentinel[cst.BaseStatement], cst.RemovalSentinel
    ]:
        line = self._line(original_node)
        if line in self.removals and len(original_node.body) == 1:
            self.removed_lines.add(line)
            self.removed.add(id(original_node))
            return cst.RemovalSentinel.REMOVE
        for plan in self._plans("move-to-decorator", line):
            self.applied.add(id(plan))
            self.removed.add(id(original_node))
            return cst.RemovalSentinel.REMOVE
        for plan in self._plans("insert-after", line):
            self.applied.add(id(plan))
            inserted = cst.parse_statement(
                f"{self.spelled[id(plan)]}({plan.target_name}, {plan.wrapped})\n",
                config=self.module.config_for_parsing,
            )
            return cst.FlattenSentinel([updated_node, inserted])
        original = original_node.body[0] if len(original_node.body) == 1 else None
        returned = updated_node.body[0]
        if (
            isinstance(original, cst.Return)
            and isinstance(original.value, cst.Lambda)
            and isinstance(returned, cst.Return)
            and isinstance(returned.value, cst.Lambda)
        ):
            for plan in self._plans("lambda-to-def", self._line(original.value)):
                self.applied.add(id(plan))
                definition, new_return = self._lambda_as_def(returned.value, plan)
                # The return's comments stay: those above it go above the def, the one
                # at the end of its line to the new return.
                definition = definition.with_changes(leading_lines=updated_node.leading_lines)
                new_return = new_return.with_changes(
                    trailing_whitespace=updated_node.trailing_whitespace
                )
                return cst.FlattenSentinel([definition, new_return])
        return updated_node

    def _lambda_as_def(
        self, lambda_node: cst.Lambda, plan: Fix
    ) -> tuple[cst.FunctionDef, cst.SimpleStatementLine]:
        parameters = self.module.code_for_node(lambda_node.params)
        body = self.module.code_for_node(lambda_node.body)
        keyword = "async def" if _awaits(lambda_node.body) else "def"
        newline = self.module.default_newline
        indent = self.module.default_indent
        text = (
            f"@{self.spelled[id(plan)]}({plan.wrapped}){newline}"
            f"{keyword} {plan.target_name}({parameters}):{newline}"
            f"{indent}return {body}{newline}"
        )
        config = self.module.config_for_parsing
        definition = cst.parse_statement(text, config=config)
        new_return = cst.parse_statement(f"return {plan.target_name}{newline}", config=config)
        assert isinstance(definition, cst.FunctionDef)
        assert isinstance(new_return, cst.SimpleStatementLine)
        return definition, new_return


def _joined_blank_runs(
    carried: list[cst.EmptyLine], own: list[cst.EmptyLine]
) -> list[cst.EmptyLine]:
    """The lines of a removed statement above those of the next one, where blank lines
    that meet run no longer than either side's longest run (pycodestyle's E303)."""
    def longest(lines: list[cst.EmptyLine]) -> int:
        run = best = 0
        for line in lines:
            run = run + 1 if line.comment is None else 0
            best = max(best, run)
        return best

    limit = max(longest(carried), longest(own))
    joined: list[cst.EmptyLine] = []
    run = 0
    for line in carried + own:
        run = run + 1 if line.comment is None else 0
        if run <= limit:
            joined.append(line)
    return joined


def _awaits(node: cst.CSTNode) -> bool:
    found = False

    class Finder(cst.CSTVisitor):
        def visit_Await(self, node: cst.Await) -> None:
            nonlocal found
            found = True

    node.visit(Finder())
    return found


# -- the ast side, and the verification --------------------------------------------------


def _verify(
    source: bytes,
    checked: Sequence[Finding],
    fixed_source: bytes,
    plans: list[Fix],
    spelled: dict[int, str],
    added_import: Optional[ast.Import],
    config: Config,
    reusable: Optional[tuple[ast.Module, _TreeIndex]] = None,
) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fixed_tree = ast.parse(fixed_source)
    except SyntaxError as error:
        raise FixError(f"the fixed source does not parse ({one_line(error)})") from error
    expected, uses = _expected_tree(source, plans, spelled, reusable)
    fixed_imports, fixed_rest = _split_imports(fixed_tree)
    expected_imports, expected_rest = _split_imports(expected)
    if added_import is not None:
        expected_imports[ast.dump(added_import)] += 1
    if fixed_rest != expected_rest or fixed_imports != expected_imports:
        raise FixError("the fixed source is not the original plus the fix")
    _verify_names(expected, added_import, uses, config)
    # Lines move, so fixes are compared by what they do: each kind of fix made must be
    # reported that many times fewer than before.
    before = Counter(_fix_key(f.fix) for f in checked if f.fix)
    after = Counter(_fix_key(f.fix) for f in check(fixed_tree, None, config) if f.fix)
    made = Counter(_fix_key(plan) for plan in plans)
    for key, count in made.items():
        if after[key] > before[key] - count:
            raise FixError(f"a fix ({key[0]} {key[1]}) is still reported after it was made")


class _Use(NamedTuple):
    """A call of a metadata-copying function that the fix puts somewhere."""

    #: The statement it is evaluated with: the def it decorates, or the call statement.
    anchor: ast.stmt
    #: The callee as written (``functools.wraps``, ``_wraps``).
    callee: str
    #: ``wraps`` or ``update_wrapper``: what it must mean.
    function: str
    #: The line of the edit, in the original file.
    line: int


def _verify_names(
    expected: ast.Module, added_import: Optional[ast.Import], uses: list[_Use], config: Config
) -> None:
    """Each call the fix writes must mean, where it is evaluated, what the fix intends.

    The trees compared above are equal, so the fixed file's scopes are those of the
    expected tree (plus the added import): the name is resolved there, in the scope of the
    edit, by Python's rules. A name the file rebinds on the way (``def retry(wraps=3)``,
    ``functools = "x"``) resolves to something else, and the fix is refused.
    """
    if not uses:
        return
    body: list[ast.stmt] = [added_import] if added_import is not None else []
    scopes = Scopes(ast.Module(body=body + expected.body, type_ignores=[]))
    for use in uses:
        meant = scopes.resolve(use.callee, scopes.scope_of(use.anchor), use.line)
        allowed = (
            config.wraps_functions if use.function == "wraps" else config.update_wrapper_functions
        )
        if meant not in allowed:
            raise FixError(
                f"'{use.callee}' would not mean functools.{use.function} on line {use.line}"
            )


def _fix_key(fix: Fix) -> tuple[str, str, str]:
    return fix.edit, fix.name, fix.wrapped


def _split_imports(tree: ast.Module) -> tuple[Counter[str], str]:
    """Module-level imports (as a multiset) and the dump of everything else."""
    imports: Counter[str] = Counter()
    rest = []
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            imports[ast.dump(statement)] += 1
        else:
            rest.append(statement)
    return imports, ast.dump(ast.Module(body=rest, type_ignores=[]))


def _expected_tree(
    source: bytes,
    plans: list[Fix],
    spelled: dict[int, str],
    reusable: Optional[tuple[ast.Module, _TreeIndex]] = None,
) -> tuple[ast.Module, list[_Use]]:
    """The original tree with each plan applied by ``ast``: what the fix must produce, and
    the calls of ``wraps``/``update_wrapper`` the plans put in it.

    The original tree and its index when the caller is done with them, else a fresh
    parse (not a deep copy: ``copy.deepcopy`` recurses, the parser does not).
    """
    if reusable is not None:
        expected, index = reusable
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = ast.parse(source)
        index = _TreeIndex(expected)
    uses: list[_Use] = []
    for plan in plans:
        spelling = spelled[id(plan)]
        if plan.edit == "decorate":
            function = index.function(plan.line, plan.name)
            wraps = _call_node(spelling, plan.wrapped)
            function.decorator_list.insert(0, wraps)
            uses.append(_Use(function, spelling, "wraps", plan.line))
            for line in plan.removed:
                block, statement = _statement_on(index, line)
                block.remove(statement)
        elif plan.edit == "move-to-decorator":
            block, statement = index.statement_in_block(plan.line, ast.Expr)
            block.remove(statement)
            call = statement.value  # type: ignore[attr-defined]
            target = index.function(plan.target_line, plan.target_name)
            target.decorator_list.insert(0, call)
            callee = dotted_source(call.func) if isinstance(call, ast.Call) else None
            if callee is None:
                raise FixError(f"no call statement on line {plan.line}")
            uses.append(_Use(target, callee, "wraps", plan.line))
        elif plan.edit == "replace-decorator":
            _replace_decorator(index, plan)
        elif plan.edit == "swap-arguments":
            call = _call_at(index, plan.line, lambda c: dotted_source(c.func) == plan.name)
            call.args[0], call.args[1] = call.args[1], call.args[0]
        elif plan.edit == "swap-application":
            call = _call_at(
                index,
                plan.line,
                lambda c: isinstance(c.func, ast.Call)
                and bool(c.args and c.func.args)
                and dotted_source(c.func.func) == plan.name,
            )
            inner = call.func
            assert isinstance(inner, ast.Call)
            call.args[0], inner.args[0] = inner.args[0], call.args[0]
        elif plan.edit == "insert-after":
            block, statement = index.statement_in_block(plan.line, ast.Assign)
            inserted = ast.parse(f"{spelling}({plan.target_name}, {plan.wrapped})").body[0]
            block.insert(_position(block, statement) + 1, inserted)
            uses.append(_Use(inserted, spelling, "update_wrapper", plan.line))
        elif plan.edit == "lambda-to-def":
            block, statement = index.returned_lambda_in_block(plan.line)
            lambda_node = statement.value  # type: ignore[attr-defined]
            keyword = "async def" if any(
                isinstance(n, ast.Await) for n in ast.walk(lambda_node.body)
            ) else "def"
            replacement = ast.parse(
                f"@{spelling}({plan.wrapped})\n"
                f"{keyword} {plan.target_name}({ast.unparse(lambda_node.args)}):\n"
                f"    return {ast.unparse(lambda_node.body)}\n"
            ).body
            uses.append(_Use(replacement[0], spelling, "wraps", plan.line))
            replacement.append(ast.Return(value=ast.Name(id=plan.target_name, ctx=ast.Load())))
            position = _position(block, statement)
            block[position:position + 1] = replacement
    return expected, uses


def _statement_on(index: _TreeIndex, line: int) -> tuple[list[ast.stmt], ast.stmt]:
    """The copy by hand on ``line`` (an assignment or a ``__dict__.update`` call)."""
    for kind in (ast.Assign, ast.Expr):
        if (line, kind) in index.statements:
            return index.statement_in_block(line, kind)
    raise FixError(f"no statement to remove on line {line}")


def _call_node(callee: str, argument: str) -> ast.expr:
    """``callee(argument)`` as ``ast`` parses it; built, not parsed, when both are dotted
    names (a parse per edit would cost more than the rest of the fix)."""
    parts = callee.split(".")
    if all(part.isidentifier() for part in parts) and argument.isidentifier():
        function: ast.expr = ast.Name(id=parts[0], ctx=ast.Load())
        for attribute in parts[1:]:
            function = ast.Attribute(value=function, attr=attribute, ctx=ast.Load())
        return ast.Call(func=function, args=[ast.Name(id=argument, ctx=ast.Load())], keywords=[])
    return ast.parse(f"{callee}({argument})", mode="eval").body


def _position(block: list[ast.stmt], statement: ast.stmt) -> int:
    """Where ``statement`` is now: earlier edits may have moved it in its block."""
    return next(i for i, candidate in enumerate(block) if candidate is statement)


def _call_at(index: _TreeIndex, line: int, predicate: Callable[[ast.Call], bool]) -> ast.Call:
    for node in index.calls.get(line, ()):
        if predicate(node):
            return node
    raise FixError(f"no call to edit on line {line}")


def _replace_decorator(index: _TreeIndex, plan: Fix) -> None:
    for node in index.decorated.get(plan.line, ()):
        for position, decorator in enumerate(node.decorator_list):
            callee = decorator.func if isinstance(decorator, ast.Call) else decorator
            at = getattr(decorator, "lineno", None)
            if at != plan.line or dotted_source(callee) != plan.name:
                continue
            wrapped = ast.Name(id=plan.wrapped, ctx=ast.Load())
            if isinstance(decorator, ast.Call):
                if decorator.args:
                    decorator.args[0] = wrapped
                else:
                    for keyword in decorator.keywords:
                        if keyword.arg == "wrapped":
                            keyword.value = wrapped
            else:
                node.decorator_list[position] = ast.Call(
                    func=decorator, args=[wrapped], keywords=[]
                )
            return
    raise FixError(f"no decorator to edit on line {plan.line}")
