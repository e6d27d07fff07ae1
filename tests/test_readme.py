"""The README is the user's manual: its commands and its table of codes stay true."""

from __future__ import annotations

import re
from pathlib import Path

from flake8_wraps.codes import RULES

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The commands of the README's first code block."""
    block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    return block.strip().splitlines()


def test_readme_opens_with_the_two_commands() -> None:
    assert README.startswith("# flake8-wraps\n\n```sh\n")
    main_job, tests = readme_commands()
    assert "flake8 --select WRP examples/flask_app" in main_job
    assert tests.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    _, tests = readme_commands()
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_table_of_codes_matches_the_rules() -> None:
    rows = re.findall(
        r"^\| (WRP\d{3}) \| ([a-z0-9-]+) \| .* \| (safe|unsafe|depends|none) \|$", README, re.M
    )
    assert rows == [(rule.code, rule.name, rule.fix) for rule in RULES]


def test_readme_shows_the_first_commands_real_output() -> None:
    """The output quoted in the README is what flake8 prints on the bundled example."""
    from conftest import run_flake8

    result = run_flake8("--select", "WRP", "examples/flask_app", cwd=ROOT)
    assert result.returncode == 1
    why = README.split("## Install and use", 1)[0]
    shown = [line for line in why.splitlines() if line.startswith("examples/flask_app/")]
    assert shown == result.stdout.splitlines()
