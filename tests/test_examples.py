"""Every example file, through a real flake8 run: exactly the marked findings, no others."""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_wraps.codes import RULES

from conftest import EXAMPLES, example_files, expected_markers


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_example_file(path: Path, flake8_on_examples: dict[str, set[tuple[int, int, str]]]) -> None:
    name = path.relative_to(EXAMPLES).as_posix()
    assert flake8_on_examples.get(name, set()) == expected_markers(path)


def test_every_code_has_an_example_file() -> None:
    """Each code is exercised, positively, by at least one marker."""
    marked = {code for path in example_files() for _, _, code in expected_markers(path)}
    assert marked == {rule.code for rule in RULES}
