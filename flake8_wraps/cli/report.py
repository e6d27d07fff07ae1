"""How findings are shown: text (with colour and source on request), JSON, GitHub
annotations, SARIF 2.1.0, and per-code statistics.

Columns: the text, GitHub and JSON formats count as flake8 does (the analysis' UTF-8
byte offset, plus one); SARIF counts UTF-16 code units, as its default ``columnKind``
says and GitHub code scanning reads it.

Every field is shown as printable text: a path or a message may hold control characters
(a file named by a stranger, a message from elsewhere), and each format writes them as
escapes (``\x1b``, ``\n``) where it renders them, JSON by its own escaping, so that none
reaches a terminal or a GitHub annotation as written.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.codes import PROJECT_URL, RULES, Rule
from flake8_wraps.docs import documentation_url
from flake8_wraps.project.source import source_text

FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

#: (path, finding) pairs, in the order they are shown.
Located = Sequence[tuple[str, Finding]]
#: The text of a file's line (1-based), without its line ending; "" when unknown.
LineReader = Callable[[str, int], str]

_BOLD, _RED, _CYAN, _RESET = "\x1b[1m", "\x1b[1;31m", "\x1b[36m", "\x1b[0m"
#: Control characters (the C0 and C1 sets and DEL; not tab) and the Unicode line and
#: paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with each control character written as its Python escape (``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


class SourceLines:
    """Reads the lines of the files findings are in, once each, for ``--show-source``,
    end positions and SARIF columns. ``known`` holds sources that are not files (stdin)."""

    def __init__(self, known: Optional[dict[str, bytes]] = None):
        self._known = dict(known or {})
        self._lines: dict[str, list[str]] = {}

    def __call__(self, path: str, line: int) -> str:
        lines = self._lines.get(path)
        if lines is None:
            lines = self._lines[path] = self._read(path)
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def _read(self, path: str) -> list[str]:
        try:
            source = self._known[path] if path in self._known else Path(path).read_bytes()
            text = source_text(source)
        except OSError:
            return []
        # source_text drops a BOM, as Python and flake8 do. Lines as Python counts them:
        # \n, \r\n and \r only (not str.splitlines' \x0c...).
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def use_colour(choice: str, stream: Any) -> bool:
    """``--color``: "always", "never", or "auto": a terminal, unless NO_COLOR is set."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def text_line(path: str, finding: Finding, colour: bool = False) -> str:
    """flake8's line: ``path:line:column: CODE message``."""
    path, message = printable(path), printable(finding.message)
    if not colour:
        return f"{path}:{finding.line}:{finding.col + 1}: {finding.code} {message}"
    colon = f"{_CYAN}:{_RESET}"
    return (
        f"{_BOLD}{path}{_RESET}{colon}{finding.line}{colon}{finding.col + 1}{colon}"
        f" {_RED}{finding.code}{_RESET} {message}"
    )


def source_excerpt(line_text: str, finding: Finding) -> str:
    """flake8's ``--show-source``: the line, and a caret under the reported column; then
    what the short message leaves out."""
    before = printable(_characters_before(line_text, finding.col))
    caret = "".join(character if character == "\t" else " " for character in before) + "^"
    excerpt = f"{printable(line_text)}\n{caret}"
    note = printable(detail(finding))
    return f"{excerpt}\n= note: {note}" if note else excerpt


def detail(finding: Finding) -> str:
    """The rule's detail template, filled from the finding's fields ("" without one)."""
    template = finding.rule.detail
    return template.format(**dict(finding.fields)) if template else ""


def render_text(
    located: Located, lines: LineReader, colour: bool = False, show_source: bool = False
) -> str:
    out = []
    for path, finding in located:
        out.append(text_line(path, finding, colour))
        if show_source:
            out.append(source_excerpt(lines(path, finding.line), finding))
    return "".join(f"{line}\n" for line in out)


def render_statistics(located: Located) -> str:
    """How many findings of each rule, most first, as ``ruff --statistics`` shows them:
    ``[*]`` marks a rule whose findings ``fix`` repairs by default."""
    counts = Counter((finding.code, finding.rule.name) for _, finding in located)
    fixable = {
        (finding.code, finding.rule.name)
        for _, finding in located
        if finding.fix is not None and finding.fix.safe
    }
    if not counts:
        return ""
    width = len(str(max(counts.values())))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(
        f"{count:>{width}}\t{code}\t{'[*] ' if (code, name) in fixable else '    '}{name}\n"
        for (code, name), count in rows
    )


def render_statistics_json(located: Located) -> str:
    """``--statistics`` with ``--format json``: ruff's list of code, name, count and
    whether ``fix`` repairs them by default."""
    counts = Counter((finding.code, finding.rule.name) for _, finding in located)
    fixable = {
        (finding.code, finding.rule.name)
        for _, finding in located
        if finding.fix is not None and finding.fix.safe
    }
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = [
        {"code": code, "name": name, "count": count, "fixable": (code, name) in fixable}
        for (code, name), count in rows
    ]
    return json.dumps(shown, indent=2) + "\n"


def render_summary(located: Located) -> str:
    """ruff's last line: how many findings, how many ``fix`` repairs by default and how
    many more with ``--unsafe-fixes``; ``All checks passed!`` when there are none."""
    if not located:
        return "All checks passed!\n"
    safe = sum(1 for _, f in located if f.fix is not None and f.fix.safe)
    unsafe = sum(1 for _, f in located if f.fix is not None and not f.fix.safe)
    parts = []
    if safe:
        parts.append(f"{safe} fixable with `fix`")
    if unsafe:
        parts.append(f"{unsafe} {'more' if safe else 'fixable'} with `--unsafe-fixes`")
    count = len(located)
    fixable = f" ({', '.join(parts)})" if parts else ""
    return f"Found {count} error{'' if count == 1 else 's'}{fixable}\n"


def render_json(located: Located, lines: LineReader) -> str:
    shown = [_as_json(path, finding, lines) for path, finding in located]
    return json.dumps(shown, indent=2) + "\n"


def _as_json(path: str, finding: Finding, lines: LineReader) -> dict[str, Any]:
    text = lines(path, finding.line)
    return {
        "path": path,
        "line": finding.line,
        "column": finding.col + 1,
        # The finding spans the rest of its line, as the language server shows it.
        "end_line": finding.line,
        "end_column": max(len(text.encode("utf-8")), finding.col) + 1,
        "code": finding.code,
        "name": finding.rule.name,
        "message": finding.message,
        "detail": detail(finding),
        "fixable": finding.fix is not None,
        "fix_safety": None if finding.fix is None else ("safe" if finding.fix.safe else "unsafe"),
        "url": documentation_url(finding.code),
    }


def render_github(located: Located, problems: Sequence[tuple[str, str]] = ()) -> str:
    def escape(text: str, property_value: bool = False) -> str:
        text = printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        if property_value:
            text = text.replace(":", "%3A").replace(",", "%2C")
        return text

    return "".join(
        f"::warning file={escape(path, True)},line={f.line},col={f.col + 1},"
        f"title={f.code}::{escape(f'{f.code} {f.message}')}\n"
        for path, f in located
    ) + "".join(
        f"::error file={escape(path, True)},title=flake8-wraps::{escape(f'{path}: {why}')}\n"
        for path, why in problems
    )


def render_sarif(
    located: Located,
    lines: LineReader,
    version: str,
    problems: Sequence[tuple[str, str]] = (),
) -> str:
    """A SARIF 2.1.0 log with one run: every rule (one entry per code, with its
    documentation address), each finding as a result pointing at its rule, and each file
    that could not be checked as a tool execution notification of its invocation."""
    codes = sorted({rule.code for rule in RULES})
    index = {code: position for position, code in enumerate(codes)}
    rules = []
    for code in codes:
        variants = [rule for rule in RULES if rule.code == code]
        names = ", ".join(rule.name for rule in variants)
        rules.append(
            {
                "id": code,
                "name": _pascal_case(variants[0].name),
                "shortDescription": {"text": f"{code} {names}"},
                "fullDescription": {"text": " ".join(_described(rule) for rule in variants)},
                "helpUri": documentation_url(code),
                "help": {"text": f"See {documentation_url(code)}"},
                "defaultConfiguration": {"level": "warning"},
                "properties": {"tags": ["maintainability", "correctness"]},
            }
        )
    results = []
    for path, finding in located:
        text = lines(path, finding.line)
        start = len(_characters_before(text, finding.col).encode("utf-16-le")) // 2 + 1
        end = len(text.encode("utf-16-le")) // 2 + 1
        results.append(
            {
                "ruleId": finding.code,
                "ruleIndex": index[finding.code],
                "level": "warning",
                "message": {"text": printable(finding.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _artifact(path),
                            "region": {
                                "startLine": finding.line,
                                "startColumn": start,
                                "endLine": finding.line,
                                "endColumn": max(end, start),
                            },
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "flake8-wraps",
                        "version": version,
                        "informationUri": PROJECT_URL,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "utf16CodeUnits",
                "invocations": [
                    {
                        "executionSuccessful": not problems,
                        "toolExecutionNotifications": [
                            {
                                "level": "error",
                                "message": {"text": printable(why)},
                                "locations": [
                                    {"physicalLocation": {"artifactLocation": _artifact(path)}}
                                ],
                            }
                            for path, why in problems
                        ],
                    }
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _artifact(path: str) -> dict[str, str]:
    """A relative path stays relative to the working directory (%SRCROOT%), as code
    scanning wants it; an absolute one becomes a file URI. Either is the path's bytes,
    percent-encoded: a file name need not be valid UTF-8."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return {"uri": candidate.as_uri()}
    posix = candidate.as_posix()
    posix = posix[2:] if posix.startswith("./") else posix
    from urllib.parse import quote

    return {"uri": quote(os.fsencode(posix)), "uriBaseId": "%SRCROOT%"}


def _characters_before(text: str, byte_offset: int) -> str:
    """The characters before an ``ast`` column (a UTF-8 byte offset)."""
    return text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")


def _pascal_case(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _described(rule: Rule) -> str:
    """What a rule finds, in words: its summary (never the unfilled message template)."""
    return rule.summary or f"{rule.name.replace('-', ' ').capitalize()}."
