"""Each code has a page in ``docs/rules/``, and the package ships those pages verbatim.

``flake8_wraps/rules.md`` holds every page in code order, so that ``flake8-wraps rule CODE``
works from a wheel. After editing a page, run ``python tests/test_rule_docs.py`` to copy
them. The other pages of ``docs/`` and the README link to each other: no link may be broken.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flake8_wraps.codes import RULES
from flake8_wraps.docs import documentation_url, rule_documentation

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
RULES_MD = ROOT / "flake8_wraps" / "rules.md"
CODES = sorted({rule.code for rule in RULES})
#: ruff's template for a rule's page, in its order ("Known problems" where there are some).
TEMPLATE = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "Options")


def pages_in_code_order() -> str:
    return "\n".join(
        (DOCS / "rules" / f"{code}.md").read_text(encoding="utf-8") for code in CODES
    )


def test_shipped_documentation_is_the_pages() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == pages_in_code_order(), (
        "run python tests/test_rule_docs.py"
    )


def test_one_page_per_code_and_no_other() -> None:
    assert sorted(path.stem for path in (DOCS / "rules").glob("*.md")) == CODES


@pytest.mark.parametrize("code", CODES)
def test_each_page_follows_the_template(code: str) -> None:
    page = (DOCS / "rules" / f"{code}.md").read_text(encoding="utf-8")
    names = [rule.name for rule in RULES if rule.code == code]
    assert page.splitlines()[0] == f"# {code} {', '.join(names)}"
    headings = [line[3:] for line in page.splitlines() if line.startswith("## ")]
    assert [heading for heading in headings if heading in TEMPLATE] == list(TEMPLATE)
    assert rule_documentation(code) == page
    assert documentation_url(code) == (
        f"https://github.com/flake8-wraps/flake8-wraps/blob/main/docs/rules/{code}.md"
    )


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def headings(document: Path) -> set[str]:
    """The anchors of a document's headings (not of ``#`` lines in its code blocks)."""
    found, in_code = set(), False
    for line in document.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif line.startswith("#") and not in_code:
            found.add(anchor(line.lstrip("#")))
    return found


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize(
    "document", [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))], ids=lambda path: path.name
)
def test_no_link_between_the_documents_is_broken(document: Path) -> None:
    for target in _LINK.findall(document.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, fragment = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        assert linked.exists(), f"{document.name}: {target}"
        if fragment and linked.is_file():
            assert fragment in headings(linked), f"{document.name}: {target}"


if __name__ == "__main__":
    RULES_MD.write_text(pages_in_code_order(), encoding="utf-8")
