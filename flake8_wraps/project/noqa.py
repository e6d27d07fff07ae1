"""``# noqa`` comments, honoured exactly as flake8 honours them.

The flake8 plugin needs none of this: flake8 applies ``# noqa`` itself. The command line,
the fixer and the language server do, and a user expects one comment to silence a finding
everywhere. flake8's rules, reproduced: the comment is looked for in the whole logical
line that holds the finding (a multi-line string or statement counts as one), a bare
``# noqa`` silences every code, and ``# noqa: WRP0,E501`` silences the codes that start
with one of the listed prefixes; a line that starts with ``# flake8: noqa`` silences the
whole file. flake8's own patterns are used, so the spelling that flake8 accepts
(``# NOQA:WRP001``, ``# noqa : ...`` does not count) is the one accepted here.

Tokenizing costs about as much as parsing, so it happens only for files with findings.
"""

from __future__ import annotations

import io
import re
from typing import Iterable, Optional, Sequence

from flake8_wraps.analysis.findings import Finding

_SEPARATORS = re.compile(r"[,\s]+")


def noqa_lines(source: str) -> dict[int, str]:
    """For each line number, the text flake8 searches for ``# noqa``: its logical line.

    Lines the tokenizer cannot reach (a file that does not tokenize) map to themselves.
    """
    # Here, not at the top: only a file with findings is tokenized, and the flake8 plugin,
    # which imports this module through the settings, never is (flake8 applies noqa).
    import tokenize

    # Python's own lines: ``str.splitlines`` would also split at ``\x0c`` and ``\u2028``.
    lines = io.StringIO(source, newline="").readlines()
    mapping: dict[int, str] = {}
    first, last = len(lines) + 2, -1
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            kind = token.type
            if kind == tokenize.ENDMARKER or kind == tokenize.DEDENT:
                continue
            first = min(first, token.start[0])
            last = max(last, token.end[0])
            if kind == tokenize.NL or kind == tokenize.NEWLINE:
                joined = "".join(lines[first - 1:last])
                for number in range(first, last + 1):
                    mapping[number] = joined
                first, last = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError):
        pass
    for number, line in enumerate(lines, start=1):
        mapping.setdefault(number, line)
    return mapping


def suppresses(text: Optional[str], code: str) -> bool:
    """Whether a ``# noqa`` comment in ``text`` silences ``code``."""
    if not text or "noqa" not in text.lower():
        return False
    # flake8's own pattern, imported only once a line mentions noqa (flake8 costs 10 ms).
    from flake8.defaults import NOQA_INLINE_REGEXP  # type: ignore[import-untyped]

    match = NOQA_INLINE_REGEXP.search(text)
    if match is None:
        return False
    codes = match.group("codes")
    if codes is None:
        return True  # a blanket ``# noqa``
    listed = tuple(code for code in _SEPARATORS.split(codes) if code)
    return code in listed or code.startswith(listed)


def file_noqa_line(lines: Iterable[str]) -> Optional[int]:
    """The first line that silences the whole file as flake8 reads it, or None: a line
    that starts (after blanks) with ``# flake8: noqa``, codes after it or not, even
    inside a string; flake8 ignores the comment after code."""
    # flake8's own pattern, imported only once a file mentions it.
    from flake8.defaults import NOQA_FILE

    return next((n for n, line in enumerate(lines, start=1) if NOQA_FILE.match(line)), None)


def silenced_file(source: str) -> Optional[int]:
    """``file_noqa_line`` of a file's text, read with flake8's line ends."""
    lowered = source.lower()
    if "flake8" not in lowered or "noqa" not in lowered:
        return None
    return file_noqa_line(io.StringIO(source, newline=None))


def unsuppressed(source: str, findings: Sequence[Finding]) -> list[Finding]:
    """The findings that no ``# noqa`` comment silences (all of them, cheaply, if the
    file has no such comment; none in a file that ``# flake8: noqa`` silences)."""
    if not findings or "noqa" not in source.lower():
        return list(findings)
    if silenced_file(source) is not None:
        return []
    mapping = noqa_lines(source)
    return [
        finding
        for finding in findings
        if not suppresses(mapping.get(finding.line), finding.code)
    ]
