"""A file's text and tree, read the way flake8 reads them.

flake8 decodes a file as Python does (its coding cookie or BOM, else UTF-8) and, where that
fails, reads it as latin-1 and parses that text: a codec Python does not know (``# -*-
coding: future_fstrings -*-``, registered at run time by a package) or bytes the declared
codec cannot decode. ``check``, the cross-file summaries, the report and ``explain`` read
files here, so that they find what the flake8 plugin finds, on the same lines and columns.
The fixer does not take the fallback: it writes bytes back, and cannot know how Python will
decode the result (``encoding_of``).
"""

from __future__ import annotations

import ast
import re
import warnings
from typing import Optional


def encoding_of(source: bytes) -> Optional[str]:
    """The codec Python decodes ``source`` with, or None where it cannot: the codec is
    unknown, or cannot decode these bytes."""
    decoded = python_decoding(source)
    return None if decoded is None else decoded[0]


#: A line as ``ast`` and ``patch`` count them: up to a newline, a CR LF or a lone CR.
#: Not ``str.splitlines``, which also ends a line at a form feed or a file separator.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


_BYTE_LINE = re.compile(_LINE.pattern.encode())


def lines_with_ends(text: str) -> list[str]:
    """``text``'s lines, each with its line end, as ``ast`` numbers them."""
    return _LINE.findall(text)


def byte_lines_with_ends(source: bytes) -> list[bytes]:
    """``source``'s lines in its own bytes (encoding, byte order mark), each with its end."""
    return _BYTE_LINE.findall(source)


def source_text(source: bytes) -> str:
    """``source`` as flake8 reads it: decoded as Python decodes it, else as latin-1."""
    decoded = python_decoding(source)
    return _as_latin1(source) if decoded is None else decoded[1]


def parse_source(source: bytes, filename: str = "<unknown>") -> ast.Module:
    """``source``'s tree as flake8 builds it, without the compiler's warnings about the
    user's code (invalid escape sequences...): they are not this tool's to print.

    Raises what ``ast.parse`` raises for a file that is not valid Python."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source, filename=filename)
        except SyntaxError:
            # Bytes are parsed first: decoding every file to text would cost each one a copy.
            if encoding_of(source) is not None:
                raise
        return ast.parse(_as_latin1(source), filename=filename)


def python_decoding(source: bytes) -> Optional[tuple[str, str]]:
    """The codec Python decodes ``source`` with and the text it gives, or None."""
    # tokenize is imported here: the flake8 plugin imports this module in every worker.
    import io
    import tokenize

    try:
        encoding = tokenize.detect_encoding(io.BytesIO(source).readline)[0]
        return encoding, source.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None


def _as_latin1(source: bytes) -> str:
    """flake8's fallback: the bytes as latin-1, less a UTF-8 BOM (which flake8 strips
    from the first line, whatever the file was decoded with)."""
    if source.startswith(b"\xef\xbb\xbf"):
        source = source[3:]
    return source.decode("latin-1")
