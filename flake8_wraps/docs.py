"""Each rule's documentation, shipped inside the package: ``flake8-wraps rule WRP001``,
and the address of the rule's page for reports (SARIF, JSON, the editor).

The pages are ``docs/rules/<CODE>.md`` in the repository. ``rules.md`` in the package holds
all of them, verbatim and in code order (``tests/test_rule_docs.py`` keeps the two equal,
and ``python tests/test_rule_docs.py`` copies them), so an installed wheel can print them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from flake8_wraps.codes import PROJECT_URL

#: A page starts with ``# WRP001 missing-wraps, half-copied-metadata``.
_PAGE_HEADING = re.compile(r"^# (WRP\d{3}) ", re.M)


@lru_cache(maxsize=1)
def _pages() -> dict[str, str]:
    """Each code's page (Markdown, heading included)."""
    from importlib.resources import files

    text = files("flake8_wraps").joinpath("rules.md").read_text(encoding="utf-8")
    starts = [(match.start(), match.group(1)) for match in _PAGE_HEADING.finditer(text)]
    bounds = [start for start, _ in starts[1:]] + [len(text)]
    return {
        code: text[start:end].rstrip("\n") + "\n" for (start, code), end in zip(starts, bounds)
    }


def rule_documentation(code: str) -> Optional[str]:
    """The rule's page (Markdown), or None for an unknown code."""
    return _pages().get(code.upper())


def documentation_url(code: str) -> str:
    """Where a person reads about ``code``: its page on the project's site."""
    return f"{PROJECT_URL}/blob/main/docs/rules/{code}.md" if code in _pages() else PROJECT_URL
