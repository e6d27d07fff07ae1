"""Parsing a changed document again, without parsing what did not change.

The language server parses the document on every keystroke, and ``ast.parse`` costs as
much as the whole check on a long file. A keystroke changes a few lines: the top-level
statements above and below them are the same nodes as before. This module parses only
the top-level statements the change touches and puts the tree together from the old
statements and the new ones. When the change adds or removes lines, the old statements
below it move to their new lines (a fifth of the cost of parsing them again): they are
moved in place, so the tree of ``previous`` is spent, and ``parse`` must not run on the
same ``previous`` twice, nor while another thread reads its tree.

Why the tree is the one ``ast.parse`` gives for the whole text: every top-level statement
starts at column 0 on a line of its own, so a run of whole statements parses the same
alone as in the file, with one exception, text that runs on into what follows (an open
bracket or string, a backslash, a dangling decorator), and that text does not parse
alone: then, and for the ``__future__`` import that changes the grammar, the whole text
is parsed. The parsed piece is preceded by as many empty lines as there are lines above
it, so its line numbers are those of the file (columns count within a line).
"""

from __future__ import annotations

import ast
import io
import warnings
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

#: The one ``__future__`` import that changes how the rest of a file parses.
_GRAMMAR_FUTURE = "barry_as_FLUFL"


class Parsed(NamedTuple):
    """A document's lines and its tree: what the next parse starts from."""

    lines: list[str]
    tree: ast.Module


def python_lines(text: str) -> list[str]:
    """Lines as Python and editors count them: ended by ``\\n``, ``\\r\\n`` or ``\\r``.

    (``str.splitlines`` also breaks at form feeds, ``\\x85`` and ``\\u2028``.)
    """
    return io.StringIO(text, newline="").readlines()


def parse(lines: list[str], previous: Optional[Parsed] = None) -> Parsed:
    """The tree of ``lines``, reusing the top-level statements of ``previous`` (whose
    tree is then spent when the line count changed).

    Raises what ``ast.parse`` raises for text that does not parse.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the user's invalid escapes are not ours
        if previous is not None:
            tree = _reparse(previous, lines)
            if tree is not None:
                return Parsed(lines, tree)
        return Parsed(lines, ast.parse("".join(lines)))


def _reparse(previous: Parsed, lines: list[str]) -> Optional[ast.Module]:
    old = previous.lines
    shortest = min(len(old), len(lines))
    same_above = 0
    while same_above < shortest and old[same_above] == lines[same_above]:
        same_above += 1
    same_below = 0
    while (
        same_below < shortest - same_above
        and old[-1 - same_below] == lines[-1 - same_below]
    ):
        same_below += 1
    if same_above == len(old) == len(lines):
        return previous.tree
    units = statement_units(previous.tree.body, old)
    # Units wholly within the unchanged lines above, and wholly within those below.
    first_changed, last_changed = same_above + 1, len(old) - same_below  # 1-based
    kept_above = 0
    while kept_above < len(units) and units[kept_above][2] <= first_changed:
        kept_above += 1
    kept_below = len(units)
    while kept_below > kept_above and units[kept_below - 1][0] > last_changed:
        kept_below -= 1
    start = units[kept_above][0] if kept_above < len(units) else len(old) + 1
    if kept_above == 0:
        start = 1
    shift = len(lines) - len(old)
    # 1-based, exclusive: where the unit below starts in the new text.
    end = units[kept_below][0] + shift if kept_below < len(units) else len(lines) + 1
    piece = lines[start - 1:end - 1]
    if any(_GRAMMAR_FUTURE in line for line in lines):
        return None
    try:
        parsed = ast.parse("\n" * (start - 1) + "".join(piece))
    except (SyntaxError, ValueError):
        return None  # perhaps text that runs on below the piece: parse it all
    body: list[ast.stmt] = []
    for unit in units[:kept_above]:
        body.extend(unit[3])
    body.extend(parsed.body)
    for unit in units[kept_below:]:
        for statement in unit[3]:
            if shift:
                _move(statement, shift)
            body.append(statement)
    return ast.Module(body=body, type_ignores=[])


#: Fields that never hold a node with a line: context and operator singletons, names,
#: numbers and flags. Not looking into them halves the cost of moving a statement.
_NOT_LINED_FIELDS = frozenset({
    "ctx", "op", "ops", "id", "attr", "arg", "name", "asname", "module", "level", "kind",
    "type_comment", "conversion", "is_async", "simple", "tag", "rest", "kwd_attrs",
})
#: By node type: the fields that may hold nodes, and whether the type has a line.
_MOVED_FIELDS: Dict[type, Tuple[Tuple[str, ...], bool]] = {}


def _move(statement: ast.stmt, shift: int) -> None:
    """``ast.increment_lineno(statement, shift)``, in half the time: the walk is a loop
    over the fields that may hold nodes, without ``ast.walk``'s generators."""
    node_type = ast.AST
    moved_fields = _MOVED_FIELDS
    stack: list[ast.AST] = [statement]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        kind = type(node)
        known = moved_fields.get(kind)
        if known is None:
            fields = tuple(f for f in kind._fields if f not in _NOT_LINED_FIELDS)
            known = moved_fields[kind] = (fields, "end_lineno" in kind._attributes)
        fields, lined = known
        if lined:
            node.lineno += shift  # type: ignore[attr-defined]
            end = node.end_lineno  # type: ignore[attr-defined]
            if end is not None:
                node.end_lineno = end + shift  # type: ignore[attr-defined]
        for field in fields:
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, node_type):
                        push(item)
            elif isinstance(value, node_type):
                push(value)


#: A run of top-level statements that share no line: first line, last line, the line
#: the next run starts on (all 1-based), and the statements.
Unit = Tuple[int, int, int, List[ast.stmt]]


def statement_units(body: Sequence[ast.stmt], lines: list[str]) -> list[Unit]:
    """The document's top-level statements, in runs that share no line."""
    units: list[Unit] = []
    for statement in body:
        start = _first_line(statement, lines)
        end = statement.end_lineno or statement.lineno
        if units and units[-1][1] >= start:
            first, last, _, statements = units.pop()
            units.append((first, max(last, end), 0, statements + [statement]))
        else:
            units.append((start, end, 0, [statement]))
    # A unit reaches down to the next one: the comments and blank lines between belong
    # to the unit above, and the last one to the end of the text.
    return [
        (first, last, units[index + 1][0] if index + 1 < len(units) else len(lines) + 1,
         statements)
        for index, (first, last, _, statements) in enumerate(units)
    ]


def _first_line(statement: ast.stmt, lines: list[str]) -> int:
    """The statement's first line, its first decorator's ``@`` included.

    A decorator's node starts after the ``@``, which may stand on an earlier line
    (``@(`` then the expression): the ``@`` is the nearest line above that starts
    with one.
    """
    if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return statement.lineno
    if not statement.decorator_list:
        return statement.lineno
    line = min(decorator.lineno for decorator in statement.decorator_list)
    while line > 1 and not lines[line - 1].startswith("@"):
        line -= 1
    return line
