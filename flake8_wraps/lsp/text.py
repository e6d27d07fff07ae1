"""The language server's view of a document's text: lines, positions, diagnostics, edits.

Lines are counted as Python and editors count them (ended by ``\n``, ``\r\n`` or ``\r``,
never by form feeds or ``\u2028``, which ``str.splitlines`` also breaks at), and
positions are counted in the units the client chose (UTF-16 unless it chose otherwise),
while ``ast`` counts columns in UTF-8 bytes. Each line is measured once per diagnostic,
never the whole document.
"""

from __future__ import annotations

import ast
import io
import tokenize
from typing import Optional, Sequence, Tuple, TypeVar, Union

from flake8.defaults import NOQA_INLINE_REGEXP  # type: ignore[import-untyped]
from lsprotocol import types

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.docs import documentation_url
from flake8_wraps.fix.line_diff import changed_regions
from flake8_wraps.lsp.local_fix import LineEdit
from flake8_wraps.lsp.reparse import python_lines, statement_units

SOURCE = "flake8-wraps"
_Ranged = TypeVar("_Ranged", bound=Union[types.Diagnostic, types.TextEdit])
#: A byte order mark: editors may keep it in the text they send; Python never parses it.
BOM = "\ufeff"


def diagnostics_of(
    lines: list[str], findings: Sequence[Finding], encoding: str
) -> list[types.Diagnostic]:
    """A diagnostic per finding, from the end of the line the finding starts on."""
    diagnostics = []
    for finding in findings:
        line = finding.line - 1
        text = lines[line] if 0 <= line < len(lines) else ""
        content = text.rstrip("\r\n")
        # ast counts columns in UTF-8 bytes; the client counts in its own units.
        if content.isascii():
            start, end = min(finding.col, len(content)), len(content)
        else:
            before = content.encode("utf-8")[: finding.col].decode("utf-8", errors="ignore")
            start, end = client_units(before, encoding), client_units(content, encoding)
        diagnostics.append(types.Diagnostic(
            range=types.Range(
                start=types.Position(line=max(line, 0), character=start),
                end=types.Position(line=max(line, 0), character=end),
            ),
            message=finding.message,
            severity=types.DiagnosticSeverity.Warning,
            code=finding.code,
            code_description=types.CodeDescription(href=documentation_url(finding.code)),
            source=SOURCE,
        ))
    return diagnostics


def moved_diagnostics(
    diagnostics: Sequence[types.Diagnostic], before: list[str], after: list[str]
) -> list[types.Diagnostic]:
    """``diagnostics`` of ``before``, on the same lines of ``after``.

    Lines above and below the changed ones keep their diagnostics (those below move
    with them); a diagnostic on a changed line stays on the changed lines.
    """
    shortest = min(len(before), len(after))
    above = 0
    while above < shortest and before[above] == after[above]:
        above += 1
    below = 0
    while below < shortest - above and before[-1 - below] == after[-1 - below]:
        below += 1
    shift = len(after) - len(before)
    moved = []
    for diagnostic in diagnostics:
        line = diagnostic.range.start.line
        if line >= len(before) - below:
            line += shift
        elif line >= above:
            line = max(0, min(line, len(after) - below - 1))
        if line == diagnostic.range.start.line:
            moved.append(diagnostic)
            continue
        moved.append(types.Diagnostic(
            range=types.Range(
                start=types.Position(line=line, character=diagnostic.range.start.character),
                end=types.Position(line=line, character=diagnostic.range.end.character),
            ),
            message=diagnostic.message,
            severity=diagnostic.severity,
            code=diagnostic.code,
            code_description=diagnostic.code_description,
            source=diagnostic.source,
        ))
    return moved


def apply_change(
    lines: list[str], change: types.TextDocumentContentChangeEvent, encoding: str
) -> list[str]:
    """The document's lines after one change from the client."""
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return python_lines(change.text)
    start, end = change.range.start, change.range.end
    first = min(start.line, len(lines))
    last = min(end.line, len(lines))
    head = lines[first][: column(lines[first], start.character, encoding)] if first < len(
        lines) else ""
    tail = lines[last][column(lines[last], end.character, encoding):] if last < len(
        lines) else ""
    rest = last + 1
    if first == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        first -= 1  # past the end of a last line that has no line break
        head = lines[first]
    text = head + change.text + tail
    if first > 0 and text.startswith("\n") and lines[first - 1].endswith("\r"):
        first -= 1  # the line above ends with "\r": with this "\n", one line break
        text = lines[first] + text
    if text.endswith("\r") and rest < len(lines) and lines[rest].startswith("\n"):
        text += lines[rest]  # "\r" then "\n" is one line break
        rest += 1
    return lines[:first] + python_lines(text) + lines[rest:]


def column(line: str, character: int, encoding: str) -> int:
    """The index in ``line`` of a column counted in the client's units."""
    content = line.rstrip("\r\n")
    if content.isascii() or encoding == "utf-32":
        return min(character, len(content))
    if encoding == "utf-8":
        encoded = content.encode("utf-8")[:character]
        return len(encoded.decode("utf-8", errors="ignore"))
    units = 0
    for index, char in enumerate(content):
        if units >= character:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(content)


def client_units(text: str, encoding: str) -> int:
    """The length of ``text`` in the client's units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def text_edit(lines: list[str], edit: LineEdit, encoding: str = "utf-16") -> types.TextEdit:
    return types.TextEdit(
        range=types.Range(
            start=line_start(lines, edit.start, encoding),
            end=line_start(lines, edit.end, encoding),
        ),
        new_text=edit.text,
    )


def noqa_edit(
    lines: list[str], tree: ast.Module, finding: Finding, encoding: str
) -> types.TextEdit:
    """The edit that silences ``finding``: its code in the ``# noqa`` comment of its
    logical line, or a new comment at the end of that line."""
    last, comment = _noqa_span(lines, tree, finding.line)
    if comment is not None:
        row, column, text = comment
        match = NOQA_INLINE_REGEXP.search(text)
        assert match is not None and match.group("codes") is not None
        codes_end = match.start("codes") + len(match.group("codes").rstrip(", \t"))
        at = client_units(lines[row - 1][: column + codes_end], encoding)
        position = types.Position(line=row - 1, character=at)
        return types.TextEdit(
            range=types.Range(start=position, end=position), new_text=f",{finding.code}"
        )
    content = lines[last - 1].rstrip("\r\n")
    position = types.Position(line=last - 1, character=client_units(content, encoding))
    return types.TextEdit(
        range=types.Range(start=position, end=position),
        new_text=f"  # noqa: {finding.code}",
    )


def _noqa_span(
    lines: list[str], tree: ast.Module, line: int
) -> Tuple[int, Optional[Tuple[int, int, str]]]:
    """The last line of the span ``noqa`` searches for ``line``'s comment, and the
    first ``# noqa:`` comment with codes in that span (row, column, text).

    Only the top-level statement that holds the line is tokenized.
    """
    units = statement_units(tree.body, lines)
    start, end = next(((u[0], u[2]) for u in units if u[0] <= line < u[2]), (1, len(lines) + 1))
    source = io.StringIO("\n" * (start - 1) + "".join(lines[start - 1:end - 1]))
    first: Optional[int] = None
    comments: list[Tuple[int, int, str]] = []
    try:
        for token in tokenize.generate_tokens(source.readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            if first is None:
                first = token.start[0]
            if token.type == tokenize.COMMENT:
                comments.append((token.start[0], token.start[1], token.string))
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                if first <= line <= token.end[0]:
                    noqa = next((c for c in comments if _lists_codes(c[2])), None)
                    return token.end[0], noqa
                first, comments = None, []
    except (tokenize.TokenError, SyntaxError):
        pass
    return line, None


def _lists_codes(comment: str) -> bool:
    match = NOQA_INLINE_REGEXP.search(comment)
    return match is not None and match.group("codes") is not None


def text_edits(before: str, after: str, encoding: str = "utf-16") -> list[types.TextEdit]:
    """Line-wise edits from ``before`` to ``after`` (only the lines that change)."""
    old, new = python_lines(before), python_lines(after)
    edits = []
    for i1, i2, j1, j2 in changed_regions(old, new):
        edits.append(text_edit(old, LineEdit(i1, i2, "".join(new[j1:j2])), encoding))
    return edits


def line_start(lines: list[str], index: int, encoding: str) -> types.Position:
    """The position where line ``index`` starts (or the very end of the text)."""
    if index < len(lines) or not lines or lines[-1].endswith(("\n", "\r")):
        return types.Position(line=index, character=0)
    return types.Position(line=len(lines) - 1, character=client_units(lines[-1], encoding))


def without_bom(lines: list[str]) -> list[str]:
    """The lines Python parses: the first without the byte order mark that may lead it
    (``check`` decodes files as ``utf-8-sig``; ``ast.parse`` rejects the mark)."""
    if lines and lines[0].startswith(BOM):
        return [lines[0][len(BOM):], *lines[1:]]
    return lines


def after_bom(ranges: Sequence[_Ranged], encoding: str) -> list[_Ranged]:
    """``ranges`` (diagnostics or edits) counted in the lines ``without_bom`` gave, moved
    to the client's text, whose first line starts with the mark: positions on that line
    move right (in place) by the mark's width, so an edit there never lands before it."""
    width = client_units(BOM, encoding)

    def moved(position: types.Position) -> types.Position:
        if position.line != 0:
            return position
        return types.Position(line=0, character=position.character + width)

    for item in ranges:  # a new range: its start and end may be one object
        item.range = types.Range(start=moved(item.range.start), end=moved(item.range.end))
    return list(ranges)
