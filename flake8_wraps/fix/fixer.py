"""The fixer: repairs findings with LibCST, keeping every byte it does not need to change.

Only files with something to fix are parsed with LibCST (ten times the cost of ``ast``).
Each fix is one edit (see ``analysis.findings.Fix``), applied twice by two different libraries: by
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
import io
import re
import tokenize
import warnings
from collections import Counter
from typing import NamedTuple, Optional, Sequence, Union

import libcst as cst
from libcst.metadata import MetadataWrapper

from flake8_wraps.analysis.findings import Finding, Fix
from flake8_wraps.analysis.fix_safety import getter_position
from flake8_wraps.config import Config
from flake8_wraps.errors import one_line
from flake8_wraps.fix.editor import Editor
from flake8_wraps.fix.import_position import with_import
from flake8_wraps.fix.index import FixError, TreeIndex
from flake8_wraps.fix.scopes import Scopes
from flake8_wraps.fix.spellings import Spellings, spell_all
from flake8_wraps.fix.verify import verify
from flake8_wraps.project.checker import check
from flake8_wraps.project.source import lines_with_ends, python_decoding

#: What the command line and the server use: ``fix_source``, which raises ``FixError``.
__all__ = ["FixError", "FixResult", "fix_source"]


class FixResult(NamedTuple):
    """The fixed source, and which findings the fixes repaired."""

    source: bytes
    fixed: list[Finding]
    #: Findings whose fix could not be made while the others' could, each with why.
    refused: tuple[tuple[Finding, str], ...] = ()


class _WholeFileError(FixError):
    """What no fix of this file can get past (its bytes, its parse, its depth): trying the
    findings one by one would fail the same way."""


def fix_source(
    source: bytes,
    findings: Sequence[Finding],
    config: Config,
    unsafe: bool = False,
    *,
    tree: Optional[ast.Module] = None,
    checked: Optional[Sequence[Finding]] = None,
    shadowed: frozenset[str] = frozenset(),
) -> FixResult:
    """Apply the fixes of ``findings`` (safe ones, unless ``unsafe``) to ``source``.

    ``tree`` (``source`` parsed; the fixer edits it into the expected result, so the
    caller must not use it afterwards) and ``checked`` (everything ``check`` found in it,
    before any selection) spare a parse and an analysis to a caller that has them.
    ``shadowed`` names the modules a module of the file's own folders would stand in for
    (``project.shadows``): a fix that needs to import one is not made.

    When the fixes cannot all be made together (one fix's shape is not foreseen, a piece
    LibCST cannot parse), the findings are tried in halves, and those found to fix
    together are fixed and verified; the others are returned as ``refused``, with why.
    A hostile pass found one ``@(wraps)`` leaving every other fix in its file undone.

    Raises FixError when no fix can be made or the result fails verification, and for
    any failure while fixing the whole file (bytes Python cannot decode, input deeper than
    LibCST's recursion allows): the file must then stay as it is.
    """
    collecting = gc.isenabled()
    # The trees of a large file are a million objects that hold no cycles: collecting
    # while they are alive doubled the cost of a fix.
    gc.disable()
    try:
        try:
            return _guarded(source, findings, config, unsafe, tree, checked, shadowed)
        except _WholeFileError:
            raise
        except FixError:
            chosen = [f for f in findings if f.fix is not None and (f.fix.safe or unsafe)]
            if len(chosen) < 2:
                raise
        return _fix_in_parts(source, chosen, config, unsafe, checked, shadowed)
    finally:
        if collecting:
            gc.enable()


def _guarded(
    source: bytes,
    findings: Sequence[Finding],
    config: Config,
    unsafe: bool,
    tree: Optional[ast.Module],
    checked: Optional[Sequence[Finding]],
    shadowed: frozenset[str],
) -> FixResult:
    """``_fix_source``, with any failure as a FixError."""
    try:
        return _fix_source(source, findings, config, unsafe, tree, checked, shadowed)
    except FixError:
        raise
    except (RecursionError, MemoryError) as error:
        raise _WholeFileError(
            f"the file is too deeply nested to fix ({type(error).__name__})"
        ) from error
    except Exception as error:
        raise FixError(f"internal error ({one_line(error)})") from error


def _fix_in_parts(
    source: bytes,
    chosen: list[Finding],
    config: Config,
    unsafe: bool,
    checked: Optional[Sequence[Finding]],
    shadowed: frozenset[str],
) -> FixResult:
    """The fixes of ``chosen`` that can be made together, found by halves: with one fix
    that cannot be made among n, about 2n findings' worth of fixing, not n fixes."""
    refused: list[tuple[Finding, str]] = []
    if checked is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            checked = check(ast.parse(source), None, config, source)

    def fixable(part: list[Finding]) -> list[Finding]:
        try:
            _guarded(source, part, config, unsafe, None, checked, shadowed)
        except _WholeFileError:
            raise
        except FixError as error:
            if len(part) == 1:
                refused.append((part[0], str(error)))
                return []
            half = len(part) // 2
            return fixable(part[:half]) + fixable(part[half:])
        return part

    half = len(chosen) // 2  # the whole failed already
    kept = fixable(chosen[:half]) + fixable(chosen[half:])
    while kept:
        try:
            result = _guarded(source, kept, config, unsafe, None, checked, shadowed)
        except _WholeFileError:
            raise
        except FixError as error:
            # Fixes made apart that clash together: the last one waits for the next run.
            refused.append((kept.pop(), str(error)))
        else:
            order = {id(finding): index for index, finding in enumerate(chosen)}
            refused.sort(key=lambda pair: order[id(pair[0])])
            return result._replace(refused=tuple(refused))
    raise FixError(refused[0][1])


def _fix_source(
    source: bytes,
    findings: Sequence[Finding],
    config: Config,
    unsafe: bool,
    tree: Optional[ast.Module],
    checked: Optional[Sequence[Finding]],
    shadowed: frozenset[str],
) -> FixResult:
    chosen = [f for f in findings if f.fix is not None and (f.fix.safe or unsafe)]
    if not chosen:
        return FixResult(source, [])
    plans = [f.fix for f in chosen if f.fix is not None]
    consumable = tree is not None
    decoded = python_decoding(source)
    if decoded is None:
        # flake8 and check read such a file as latin-1 (``project/source.py``); the fixed
        # bytes could not be checked as Python will decode them.
        raise _WholeFileError("Python cannot decode it (an unknown coding, or bytes it rejects)")
    encoding, text = decoded
    if text.encode(encoding) != source:
        # cp932 and euc_jp decode some characters from two byte sequences and encode
        # them to one: writing the text back would change lines the fix does not touch.
        raise _WholeFileError(
            f"its {encoding} bytes do not come back from their text: the fix would change"
            " lines it does not edit"
        )
    try:
        if tree is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the user's invalid escapes are not ours
                tree = ast.parse(source)
    except (SyntaxError, ValueError) as error:
        raise _WholeFileError(f"cannot parse ({one_line(error)})") from error
    # LibCST does not keep a lone CR as a line's end (it dropped blank lines): a file of
    # CR endings only is edited with LF ones, the same lines to ``ast``, and given back.
    cr_only = "\r" in text and "\n" not in text
    if cr_only:
        text = text.replace("\r", "\n")
    # Elsewhere it keeps a lone CR, but not one that ends the file: the file is edited
    # without it (no final newline, which LibCST keeps) and given it back.
    final_cr = not cr_only and text.endswith("\r")
    if final_cr:
        text = text[:-1]
    lines = lines_with_ends(text)
    index = TreeIndex(tree)
    spellings = Spellings(tree, Scopes(tree))
    spelled = spell_all(plans, index, spellings)
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
        if name in shadowed:
            raise FixError(
                f"it needs 'import {name}', and the file's folders hold a module '{name}'"
                " of their own that Python may import instead of the standard library's"
            )
        new_lines = regions.with_import(new_lines, name, asname)
        added_import = ast.Import(names=[ast.alias(name=name, asname=asname)])
    fixed_text = "".join(new_lines) + ("\r" if final_cr else "")
    fixed_source = (fixed_text.replace("\n", "\r") if cr_only else fixed_text).encode(encoding)
    if checked is None:
        checked = check(tree, None, config, source)
    # The tree is not needed any more: the verification may apply the plans to it.
    reusable = (tree, index) if consumable else None
    verify(source, checked, fixed_source, plans, spelled, added_import, config, reusable)
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
        self, plans: list[Fix], index: TreeIndex, spelled: dict[int, str], moved: dict[int, str]
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
                        # above the def's own decorators, or below them (``innermost``)
                        first = _first_line(index.function(plan.line, plan.name))
                        inserted[plan.line if plan.innermost else first] = line
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
        self, plan: Fix, index: TreeIndex, spelled: dict[int, str]
    ) -> Optional[str]:
        """``@wraps(func)`` as a line above the def, or None when the def's first line is
        not plain (the decorator is then LibCST's to place)."""
        function = index.function(plan.line, plan.name)
        if getter_position(function.decorator_list) and not plan.innermost:
            return None  # below @property, which LibCST finds
        above = plan.line if plan.innermost else _first_line(function)
        text = self.lines[above - 1]
        code = text.lstrip(" \t\f")
        plain = plan.innermost or not function.decorator_list
        starts = ("def ", "def\t", "async ") if plain else ("@",)
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
        editor = Editor(
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
        return lines_with_ends(edited.code)

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
        return lines_with_ends(_with_import(head, name, asname).code) + lines[last:]


def _parse(text: str, newline: str) -> cst.Module:
    try:
        module = cst.parse_module(text, config=cst.PartialParserConfig(default_newline=newline))
    except cst.ParserSyntaxError as error:
        raise FixError(f"cannot parse ({one_line(error)})") from error
    except ValueError as error:  # an indentation LibCST refuses (a form feed in it)
        raise FixError(f"LibCST cannot edit this code ({one_line(error)})") from error
    if module.code != text:
        # What LibCST would write back is not what it read: any edit would lose text.
        raise FixError("LibCST would not give this code back as it is")
    return module


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


def _with_import(module: cst.Module, name: str, asname: Optional[str]) -> cst.Module:
    """``module`` with ``import name [as asname]`` where isort and ruff would put it:
    in the standard library's section, in sorted position (see ``import_position``)."""
    return with_import(module, name, asname)


def _call_text(lines: list[str], index: TreeIndex, line: int) -> str:
    """Source of the bare call statement on ``line`` (what becomes a decorator)."""
    for _, node in index.statements.get((line, ast.Expr), []):
        assert isinstance(node, ast.Expr)
        if isinstance(node.value, ast.Call):
            return _as_decorator(lines, node.value)
    raise FixError(f"no call statement on line {line}")


def _as_decorator(lines: list[str], call: ast.Call) -> str:
    """The call's source, its continuation lines indented for its place after ``@``.

    LibCST indents each continuation line again by the block's indentation where it
    writes the decorator, so the statement's own indentation comes off first. A line
    aligned under an opening bracket of the first line moves one column right with it,
    as the ``@`` pushes that bracket; a hanging indent stays. Lines that start inside a
    string are text, and stay as they are.
    """
    text = _segment(lines, call)
    if call.end_lineno == call.lineno:
        return text
    first = lines[call.lineno - 1]
    indentation = first[: len(first) - len(first.lstrip(" \t"))]
    offset = len(first.encode()[: call.col_offset].decode())
    aligned: set[int] = set()
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            (start_row, start_column), (end_row, _) = token.start, token.end
            if token.type == tokenize.OP and token.string in "([{" and start_row == 1:
                aligned.add(offset + start_column + 1)
            inside.update(range(start_row + 1, end_row + 1))
    except (tokenize.TokenError, SyntaxError):  # not expected of a parsed call
        return text
    result = []
    for row, piece in enumerate(lines_with_ends(text), start=1):
        body = piece.lstrip(" \t")
        if row == 1 or row in inside or not body.strip():
            result.append(piece)
            continue
        leading = piece[: len(piece) - len(body)]
        if not leading.startswith(indentation):
            result.append(piece)
            continue
        shift = " " if len(leading) in aligned else ""
        result.append(leading[len(indentation):] + shift + body)
    return "".join(result)


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


# -- the LibCST side ---------------------------------------------------------------------


# -- the ast side, and the verification --------------------------------------------------
