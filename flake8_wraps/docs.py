"""Each rule's documentation, shipped inside the package: ``flake8-wraps rule WRP001``,
and the address of the rule's section of the README for reports (SARIF, JSON).

``rules.md`` holds the README's sections on the codes, verbatim (``tests/test_rule_docs.py``
keeps the two equal), so an installed wheel can print them without the README.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from flake8_wraps.codes import PROJECT_URL

_HEADING = re.compile(r"^### (.+)$", re.M)
_CODE = re.compile(r"\bWRP\d{3}\b")


@lru_cache(maxsize=1)
def _sections() -> dict[str, tuple[str, str]]:
    """For each code: its section's heading and its text (heading included)."""
    from importlib.resources import files

    text = files("flake8_wraps").joinpath("rules.md").read_text(encoding="utf-8")
    starts = [match.start() for match in _HEADING.finditer(text)] + [len(text)]
    sections: dict[str, tuple[str, str]] = {}
    for start, end in zip(starts, starts[1:]):
        section = text[start:end].rstrip("\n") + "\n"
        heading = section.splitlines()[0][4:]
        for code in _CODE.findall(heading):
            sections.setdefault(code, (heading, section))
    return sections


def rule_documentation(code: str) -> Optional[str]:
    """The rule's section of the README (Markdown), or None for an unknown code."""
    found = _sections().get(code.upper())
    return found[1] if found else None


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped,
    spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@lru_cache(maxsize=None)
def documentation_url(code: str) -> str:
    """Where a person reads about ``code``: its section of the README on the project page."""
    found = _sections().get(code)
    return f"{PROJECT_URL}#{anchor(found[0])}" if found else PROJECT_URL
