"""A quick fix on a long document: LibCST reads only the statements the fix touches.

``fix_source`` parses the whole file with LibCST, about a second for 5,000 lines, and an
editor asks for the fix of one finding. The fix edits the top-level statement that holds
the wrapper and perhaps adds an import after the import block: this module hands the
fixer a small module made of those pieces only (the import block, with the docstring and
comments above it, and the statements), and moves the fixer's edits back to the lines
the pieces came from.

The small module gets the same edit as the whole file would when the fixer makes the
same choices on both, and its only choice that looks beyond the edited statement is how
to spell ``functools.wraps`` (an import elsewhere, a name taken elsewhere): it is
compared on the two trees, and any difference, or an edit that falls between two pieces,
gives None, for the caller to fix the whole file.
"""

from __future__ import annotations

import ast
import functools
import io
import tokenize
import warnings
from typing import NamedTuple, Optional, Sequence

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.project.checker import check
from flake8_wraps.config import Config
from flake8_wraps.analysis.names import ImportedNames
from flake8_wraps.fix.line_diff import changed_regions
from flake8_wraps.lsp.reparse import python_lines, statement_units


class LineEdit(NamedTuple):
    """Lines ``start`` to ``end`` (0-based, end exclusive) become ``text``."""

    start: int
    end: int
    text: str


class _Piece(NamedTuple):
    """Lines ``start`` to ``end`` of the document (0-based), at ``at`` in the module."""

    start: int
    end: int
    at: int


def local_fix(
    lines: list[str],
    tree: ast.Module,
    findings: Sequence[Finding],
    config: Config,
    shadowed: frozenset[str] = frozenset(),
) -> Optional[list[LineEdit]]:
    """The edits ``fix_source`` makes for ``findings``, or None where only fixing the
    whole document can tell. Raises ``FixError`` as ``fix_source`` does."""
    from flake8_wraps.fix.fixer import fix_source  # LibCST

    pieces = _pieces(lines, tree, findings)
    if pieces is None:
        return None
    small_lines = [line for piece in pieces for line in lines[piece.start:piece.end]]
    small_text = "".join(small_lines)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            small_tree = ast.parse(small_text)
    except (SyntaxError, ValueError):
        return None
    if _spelling_of(small_tree) != _spelling_of(tree):
        return None
    moved = [_moved(finding, pieces) for finding in findings]
    small_checked = check(small_tree, None, config, small_text)
    reported = {(f.line, f.code, f.fix) for f in small_checked}
    if any((f.line, f.code, f.fix) not in reported for f in moved):
        # What made the finding lies outside the pieces (the decorator applied further
        # down, the copy that makes its fix unsafe): only the whole file can tell.
        return None
    encoding = declared_encoding(small_lines)
    fixed = fix_source(
        small_text.encode(encoding), moved, config, unsafe=True,
        tree=small_tree, checked=small_checked, shadowed=shadowed,
    ).source
    fixed_lines = python_lines(fixed.decode(encoding))
    edits = []
    for i1, i2, j1, j2 in changed_regions(small_lines, fixed_lines):
        piece = _piece_holding(pieces, i1, i2, len(small_lines))
        if piece is None and i1 == i2 and i1 == pieces[0].end - pieces[0].start:
            # An insertion where the header meets the next piece: an import the fix adds
            # belongs to the header (a decorator added to the next statement would not).
            if _only_imports(fixed_lines[j1:j2]):
                piece = pieces[0]
        if piece is None:
            return None
        offset = piece.start - piece.at
        edits.append(LineEdit(i1 + offset, i2 + offset, "".join(fixed_lines[j1:j2])))
    return edits


@functools.lru_cache(maxsize=4)
def _spelling_of(tree: ast.Module) -> object:
    """What decides how a fix spells ``functools.wraps``: the module's own imports, and
    which of the names they bind (and the names an added import would take) are bound
    anywhere else. The small module and the whole document must agree on it for the
    small fix to be the whole one. One walk per version; trees hash by identity."""
    imports = ImportedNames()
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            imports.add(statement)
    bound = imports.bindings()
    watched = set(bound) | {"functools", "_functools", "functools_", "wraps", "update_wrapper"}
    elsewhere = set()
    module_aliases = {id(alias) for alias in _module_aliases(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            name = node.id
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = node.name
        elif isinstance(node, ast.arg):
            name = node.arg
        elif isinstance(node, ast.alias) and id(node) not in module_aliases:
            name = (node.asname or node.name).partition(".")[0]
        else:
            continue
        if name in watched or name.startswith("functools_"):
            elsewhere.add(name)
    return tuple(sorted(bound.items())), frozenset(elsewhere)


def _module_aliases(tree: ast.Module) -> list[ast.alias]:
    return [
        alias
        for statement in tree.body
        if isinstance(statement, (ast.Import, ast.ImportFrom))
        for alias in statement.names
    ]


def _pieces(
    lines: list[str], tree: ast.Module, findings: Sequence[Finding]
) -> Optional[list[_Piece]]:
    units = statement_units(tree.body, lines)
    header = 0
    for index, (_, _, _, statements) in enumerate(units):
        if all(
            isinstance(statement, (ast.Import, ast.ImportFrom))
            or (index == 0 and position == 0 and _is_docstring(statement))
            for position, statement in enumerate(statements)
        ):
            header = index + 1
        else:
            break
    header_end = units[header][0] - 1 if header < len(units) else len(lines)
    ranges = [(0, header_end)]
    if header < len(units) and not any(
        isinstance(statement, (ast.Import, ast.ImportFrom))
        for unit in units[:header]
        for statement in unit[3]
    ):
        # A first import keeps the statement after it one or two blank lines away, by
        # what that statement is (a def, or other code): the small module needs it too.
        ranges.append((units[header][0] - 1, units[header][2] - 1))
    for finding in findings:
        touched = [finding.line]
        if finding.fix is not None:
            touched += [finding.fix.line, finding.fix.target_line or finding.fix.line]
        for line in touched:
            holding = [i for i, unit in enumerate(units) if unit[0] <= line < unit[2]]
            if not holding:
                return None
            index = holding[0]
            if index >= header:
                ranges.append((units[index][0] - 1, units[index][2] - 1))
    pieces: list[_Piece] = []
    for start, end in sorted(set(ranges)):
        if pieces and start <= pieces[-1].end:
            last = pieces.pop()
            pieces.append(last._replace(end=max(end, last.end)))
        else:
            at = pieces[-1].at + pieces[-1].end - pieces[-1].start if pieces else 0
            pieces.append(_Piece(start, end, at))
    return pieces


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _moved(finding: Finding, pieces: list[_Piece]) -> Finding:
    """The finding with its lines where they are in the small module."""

    def moved(line: int) -> int:
        if not line:
            return line
        piece = next(p for p in pieces if p.start < line <= p.end)
        return line - piece.start + piece.at

    fix = finding.fix
    if fix is not None:
        fix = fix._replace(
            line=moved(fix.line),
            target_line=moved(fix.target_line),
            removed=tuple(moved(line) for line in fix.removed),
        )
    return finding._replace(line=moved(finding.line), fix=fix)


def _piece_holding(
    pieces: list[_Piece], first: int, end: int, total: int
) -> Optional[_Piece]:
    """The piece that lines ``first`` to ``end`` of the small module lie in.

    An insertion where two pieces meet could belong to the end of one or the start of
    the other, which are different lines of the document: None.
    """
    for piece in pieces:
        piece_end = piece.at + piece.end - piece.start
        if first == end == piece_end and end != total:
            return None
        if piece.at <= first and end <= piece_end and (first < piece_end or end == total):
            return piece
    return None


def _only_imports(lines: list[str]) -> bool:
    """Whether ``lines`` are import statements and blank lines, and at least one."""
    try:
        body = ast.parse("".join(lines)).body
    except (SyntaxError, ValueError):
        return False
    return bool(body) and all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in body)


def declared_encoding(lines: list[str]) -> str:
    """The PEP 263 encoding the text declares, for the fixer, which reads bytes."""
    head = "".join(lines[:2]).encode("utf-8", errors="ignore")
    try:
        return tokenize.detect_encoding(io.BytesIO(head).readline)[0]
    except SyntaxError:
        return "utf-8"
