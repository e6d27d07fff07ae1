"""A document's analysis: one version's findings and diagnostics, made from the last
version's tree and memo, and the edits of its fixes.

Needs no server: the server (``server``) keeps one analysis per open document and asks
for the next on each change.
"""

from __future__ import annotations

import gc
from typing import Any, Callable, Dict, NamedTuple, Optional, Sequence, Tuple

from lsprotocol import types

from flake8_wraps.analysis.findings import Finding, Fix
from flake8_wraps.analysis.node_memo import NodeMemo, Superseded, reusing
from flake8_wraps.codes import OFF_BY_DEFAULT
from flake8_wraps.config import Config
from flake8_wraps.lsp.local_fix import declared_encoding, local_fix
from flake8_wraps.lsp.reparse import Parsed, parse, python_lines, statement_units
from flake8_wraps.lsp.text import (
    BOM, after_bom, diagnostics_of, moved_diagnostics, text_edit, text_edits, without_bom,
)
from flake8_wraps.project.checker import check
from flake8_wraps.project.config_files import ConfigError
from flake8_wraps.project.noqa import file_noqa_line, unsuppressed
from flake8_wraps.project.settings import settings_for


class Snapshot(NamedTuple):
    """One version of an open document, as the client sent it."""

    uri: str
    version: int
    lines: list[str]


class Analysis(NamedTuple):
    """What the server knows about one version of a document."""

    version: int
    #: The version's lines, less the byte order mark that may lead the first.
    lines: list[str]
    #: The last version that parsed (this one, or an earlier one when this does not).
    parsed: Optional[Parsed]
    #: Whether this version parsed; when not, ``diagnostics`` are the last ones, moved.
    parses: bool
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    #: Edits of this version's code actions, computed once (None: cannot be made).
    edits: Dict[Tuple[Any, ...], Optional[list[types.TextEdit]]]
    #: What the analysis learned about the statements the next change will not touch.
    memo: NodeMemo
    #: Whether a newer version stopped the check (``diagnostics`` are the last ones,
    #: moved): it is the base of the next parse, and is never published.
    stopped: bool = False
    #: Whether the client's text starts with a byte order mark: positions on the first
    #: line, counted in ``lines``, move right by its width on the way out (``after_bom``).
    bom: bool = False


def _on_by_default(finding: Finding) -> bool:
    """What a document without a configuration reports: every code but WRP007's."""
    return not finding.code.startswith(OFF_BY_DEFAULT)


class DocumentSettings(NamedTuple):
    """What one document is checked with: the analysis' settings, and which findings its
    configuration reports (``select``, ``ignore``, ``per-file-ignores``); None: all."""

    config: Config
    wants: Optional[Callable[[Finding], bool]]


def document_settings(
    path: Optional[str], config: Config
) -> Tuple[DocumentSettings, Optional[ConfigError]]:
    """The settings that apply to the document at ``path``: the nearest configuration
    above it, as for the command line (read again when it changes on disk), and the
    error of a configuration that cannot be used. A document without a path, or whose
    configuration is broken, gets the server's own (``config``)."""
    if path is None:
        return DocumentSettings(config, _on_by_default), None
    try:
        found = settings_for(path)
    except ConfigError as error:
        return DocumentSettings(config, _on_by_default), error
    if found.sources and found.force_excluded(path):
        # An excluded file shows nothing, as check and flake8 report nothing there; the
        # default excludes need a configuration to say where the project starts.
        return DocumentSettings(found.config, lambda finding: False), None
    return DocumentSettings(found.config, lambda finding: found.wants(finding, path)), None


def analyse_lines(
    version: int,
    lines: list[str],
    path: Optional[str],
    config: Config,
    encoding: str,
    previous: Optional[Analysis] = None,
    wants: Optional[Callable[[Finding], bool]] = None,
    stoppable: bool = False,
) -> Analysis:
    """The findings and diagnostics of one version of a document.

    A version that does not parse (the user is typing) keeps the last diagnostics,
    moved with the lines around them. The cyclic garbage collector is paused meanwhile:
    the syntax tree has no cycles, and a collection of everything else in the middle of
    a keystroke would cost the editor a third more.

    What the check learns about each closure is kept (``node_memo``): the statements
    ``reparse`` kept from ``previous`` are the same nodes, and the answers about them
    still hold. ``stoppable``: ``memo.supersede()`` stops the check; the analysis is
    then ``stopped``, with the last diagnostics moved, and its tree for the next parse.
    """
    bom = bool(lines) and lines[0].startswith(BOM)
    lines = without_bom(lines)
    paused = gc.isenabled()
    gc.disable()
    try:
        base = previous.parsed if previous is not None else None
        memo = previous.memo if previous is not None else NodeMemo()
        try:
            parsed: Optional[Parsed] = parse(lines, base)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            parsed = None
        if parsed is None:
            if previous is None:
                return Analysis(version, lines, None, False, [], [], {}, memo, bom=bom)
            moved = moved_diagnostics(previous.diagnostics, previous.lines, lines)
            return Analysis(version, lines, base, False, [], moved, {}, memo, bom=bom)
        try:
            with reusing(memo, stoppable):
                findings = check(parsed.tree, path, config, lines)
        except RecursionError:
            findings = []
        except Superseded:
            moved = [] if previous is None else moved_diagnostics(
                previous.diagnostics, previous.lines, lines
            )
            return Analysis(version, lines, parsed, False, [], moved, {}, memo, True, bom)
        if wants is not None:
            findings = [finding for finding in findings if wants(finding)]
        findings = _unsuppressed(parsed, findings)
        diagnostics = diagnostics_of(lines, findings, encoding)
        if bom:
            after_bom(diagnostics, encoding)
        return Analysis(
            version, lines, parsed, True, findings, diagnostics, {}, memo, bom=bom
        )
    finally:
        if paused:
            gc.enable()


def _unsuppressed(parsed: Parsed, findings: list[Finding]) -> list[Finding]:
    """The findings no ``# noqa`` silences, each looked up in its statement only
    (tokenizing a whole long file costs more than parsing it)."""
    lines = parsed.lines
    if not findings or not any("noqa" in line.lower() for line in lines):
        return findings
    if file_noqa_line(lines) is not None:
        return []  # ``# flake8: noqa``
    units = statement_units(parsed.tree.body, lines)
    kept = []
    index = 0
    for finding in findings:  # sorted by line, as the units are
        while index < len(units) and units[index][2] <= finding.line:
            index += 1
        if index < len(units) and units[index][0] <= finding.line:
            start, end = units[index][0] - 1, units[index][2] - 1
        else:
            start, end = 0, len(lines)
        region = "\n" * start + "".join(lines[start:end])
        kept.extend(unsuppressed(region, [finding]))
    return kept


def fix_edits(
    analysis: Analysis,
    findings: Sequence[Finding],
    config: Config,
    units: str = "utf-16",
    shadowed: frozenset[str] = frozenset(),
) -> Optional[list[types.TextEdit]]:
    """The edits that turn the document into what ``fix`` writes for ``findings``.

    LibCST reads only the statements the fix edits (``local_fix``); the whole
    document only where that cannot tell. ``shadowed``: as ``fix_source`` takes it.
    """
    from flake8_wraps.fix.fixer import FixError, fix_source  # LibCST: only when asked to fix

    if analysis.parsed is None or not findings:
        return None
    lines = analysis.lines
    try:
        local = local_fix(lines, analysis.parsed.tree, findings, config, shadowed)
    except (FixError, UnicodeEncodeError):
        # Text the declared encoding cannot hold (an em dash under ``coding: latin-1``):
        # the whole document cannot be saved either, so no fix; the Ignore action stays.
        local = None
    if local is not None:
        return [text_edit(lines, edit, units) for edit in local]
    text = "".join(lines)
    encoding = declared_encoding(lines)
    try:
        fixed = fix_source(
            text.encode(encoding), findings, config, unsafe=True, shadowed=shadowed
        ).source
    except (FixError, UnicodeEncodeError):
        return None
    return text_edits(text, fixed.decode(encoding), units)


def action_title(fix: Fix) -> str:
    """What the quick fix says it will do."""
    titles = {
        "decorate": f"Add @functools.wraps({fix.wrapped})",
        "move-to-decorator": f"Decorate '{fix.target_name}' with {fix.name}",
        "replace-decorator": f"Write @{fix.name}({fix.wrapped})",
        "swap-arguments": f"Swap the arguments of {fix.name}",
        "swap-application": f"Copy from '{fix.wrapped}', not onto it",
        "insert-before": f"Call functools.update_wrapper({fix.target_name}, {fix.wrapped})",
        "lambda-to-def": f"Replace the lambda with a def decorated with @functools.wraps"
        f"({fix.wrapped})",
    }
    title = titles[fix.edit]
    if fix.removed:
        title += " and remove the copies by hand" if fix.removed[1:] else (
            " and remove the copy by hand"
        )
    return title if fix.safe else f"{title} (unsafe)"


def analyse(source: str, path: Optional[str], config: Config) -> list[Finding]:
    """The findings of a document's text, parsed whole (what a first open costs)."""
    return analyse_lines(0, python_lines(source), path, config, "utf-16").findings
