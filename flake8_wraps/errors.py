"""One-line descriptions of exceptions, safe to build from any exception.

A run reports each file's failure on one line and goes on with the next file, so the
description must never fail itself: LibCST's errors may hold a node whose ``repr`` recurses
as deep as the code it came from (a 1,000-long attribute chain), and its parser's messages
span several lines (the source line and a caret).
"""

from __future__ import annotations

#: Longest description printed; the rest of a message is noise on one line.
_LIMIT = 200


def one_line(error: BaseException) -> str:
    """``TypeName: message`` on one line, or ``TypeName`` when the message cannot be made."""
    name = type(error).__name__
    try:
        text = _message(error)
    except Exception:  # RecursionError, MemoryError, or a broken __str__: the name will do
        return name
    text = " ".join(text.split())
    if len(text) > _LIMIT:
        text = text[: _LIMIT - 3] + "..."
    return f"{name}: {text}" if text else name


def _message(error: BaseException) -> str:
    # LibCST's ParserSyntaxError: its message and position, not the source line it quotes.
    message = getattr(error, "message", None)
    line = getattr(error, "raw_line", None)
    if isinstance(message, str) and isinstance(line, int):
        column = getattr(error, "raw_column", None)
        where = f"line {line}" + (f", column {column + 1}" if isinstance(column, int) else "")
        return f"{message} ({where})" if line > 0 else message
    return str(error)
