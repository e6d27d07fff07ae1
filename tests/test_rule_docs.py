"""``flake8_wraps/rules.md`` is the README's documentation of the codes, verbatim.

It ships inside the package so that ``flake8-wraps rule CODE`` works from a wheel. After
editing a rule's section of the README, run ``python tests/test_rule_docs.py`` to copy it.
"""

from __future__ import annotations

from pathlib import Path

from flake8_wraps.codes import RULES
from flake8_wraps.docs import anchor, documentation_url

ROOT = Path(__file__).parent.parent
RULES_MD = ROOT / "flake8_wraps" / "rules.md"


def readme_rule_sections() -> str:
    """Every ``### WRP...`` section of the README, up to the next heading of its level."""
    kept, inside = [], False
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("### WRP"):
            inside = True
        elif line.startswith(("## ", "### ")):
            inside = False
        if inside:
            kept.append(line)
    return "".join(kept).rstrip("\n") + "\n"


def test_shipped_documentation_is_the_readmes() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == readme_rule_sections(), (
        "run python tests/test_rule_docs.py"
    )


def test_every_code_links_to_its_readme_heading() -> None:
    headings = {
        anchor(line[4:]) for line in readme_rule_sections().splitlines() if line.startswith("### ")
    }
    for rule in RULES:
        url = documentation_url(rule.code)
        assert url.startswith("https://github.com/flake8-wraps/flake8-wraps#"), url
        assert url.split("#", 1)[1] in headings


def test_anchors_are_githubs() -> None:
    assert anchor("WRP004 reversed-update-wrapper, wraps-wrong-source") == (
        "wrp004-reversed-update-wrapper-wraps-wrong-source"
    )


if __name__ == "__main__":
    RULES_MD.write_text(readme_rule_sections(), encoding="utf-8")
