"""``flake8-wraps rule WRP001``: a rule's page of ``docs/rules``, as ``ruff rule`` prints it."""

from __future__ import annotations

import sys
from typing import Optional

from flake8_wraps.codes import RULE_BY_NAME, RULES
from flake8_wraps.docs import documentation_url, rule_documentation


def rule_command(code: Optional[str], every: bool) -> int:
    """``flake8-wraps rule WRP001`` (or ``missing-wraps``, or ``--all``): the rule's page
    of ``docs/rules``, as ``ruff rule``."""
    if every == (code is not None):
        print("flake8-wraps: error: rule takes a CODE or --all", file=sys.stderr)
        return 2
    if every:
        codes = sorted({rule.code for rule in RULES})
    else:
        assert code is not None
        named = RULE_BY_NAME.get(code.lower())
        codes = [named.code if named is not None else code.upper()]
    pages = []
    for each in codes:
        text = rule_documentation(each)
        if text is None:
            print(
                f"flake8-wraps: error: unknown code or name {code!r}"
                " (flake8-wraps rule --all prints them all)",
                file=sys.stderr,
            )
            return 2
        pages.append(f"{text}\n{documentation_url(each)}\n")
    sys.stdout.write("\n".join(dict.fromkeys(pages)))
    return 0
