"""Score the wrapper decision on blind labels: precision and recall on code nobody tuned for.

``benchmarks/data/blind_labels_*.csv`` label every crude candidate (``recall_candidates.py``)
in packages that nobody working on the decision read, by reading the code, never by running
this tool (``benchmarks/data/README.md`` says how). This script runs the real console script
over each labelled package in a site-packages directory and joins its findings with the
labels, at two selections: the default codes, and with WRP007.

- recall: labelled TP (and TP + ACCEPTABLE) candidates that are reported, of all of them;
- false positives: findings on a candidate labelled NOT;
- unlabelled: findings on no candidate (a finding the crude net did not catch), printed so
  that a person labels them before any precision is claimed.

A closure whose ``wraps`` is misused (a bare ``functools.wraps(f)`` statement, ``@wraps``
without arguments) is reported by WRP002 or WRP003, at the statement or the decorator, not
at its ``def``: such a finding counts for the labelled closure it names (``misuse_lines``).
Before stop 76 it did not: three TP rows of sets BL, CM and CY that the tool reported so
were counted as missed.

A SITE of repositories is scored as checkouts: each repository folder holds a ``.git``
(``build_sites.py`` writes an empty one; add it to a folder made by hand), as where a user
lints it, so that a repository with no packaging file at its top is one project.

``python benchmarks/score_blind.py SITE_PACKAGES benchmarks/data/blind_labels_a.csv ...``
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

#: WRP001/WRP007 are reported at the wrapper's def, WRP005 at the lambda, WRP006 at the class.
DECISION_CODES = ("WRP001", "WRP005", "WRP006", "WRP007")
#: Misuses of ``wraps`` that leave a closure's metadata lost: reported at the bare statement
#: (WRP002) or at the decorator (WRP003), credited through :func:`misuse_lines`.
MISUSE_CODES = ("WRP002", "WRP003")
SELECTIONS = {
    "default codes": ["--select", "WRP", "--ignore", "WRP007"],
    "with WRP007": ["--select", "WRP"],
}


def findings(
    site_packages: Path, packages: list[str], selection: list[str]
) -> set[tuple[str, int, str]]:
    """(path relative to site-packages, line, code) of each decision finding."""
    tool = Path(sys.executable).with_name("flake8-wraps")
    roots = sorted({package for package in packages})
    result = subprocess.run(
        # --isolated: an application's own flake8 settings must not change what is scored.
        [str(tool), "check", "--isolated", "--no-cache", "--format", "json", *selection,
         *roots],
        cwd=site_packages, capture_output=True, text=True, timeout=3600,
    )
    # 2 with findings on standard output: some file could not be checked (a test file
    # of the package that is not valid Python on purpose); the others were.
    if result.returncode not in (0, 1) and not result.stdout.startswith("["):
        sys.exit(f"flake8-wraps failed: {result.stderr}")
    for line in result.stderr.splitlines():
        print(f"  not checked: {line}")
    found = set()
    for finding in json.loads(result.stdout):
        if finding["code"] in DECISION_CODES + MISUSE_CODES:
            found.add((finding["path"], finding["line"], finding["code"]))
    return found


def misuse_lines(source: str, wrapper_line: int) -> set[int]:
    """The lines where a misuse of ``wraps`` names the closure defined at ``wrapper_line``:
    the closure's own lines with its decorators (``@wraps`` without arguments), and the
    lines of the function around it that no other function holds (a bare
    ``functools.wraps(f)`` statement before ``def wrapper``). Empty where the file does not
    parse or no function starts there."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    functions = [
        node for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
    ]
    closure = next((node for node in functions if node.lineno == wrapper_line), None)
    if closure is None:
        return set()

    def span(node: ast.AST) -> range:
        decorators = getattr(node, "decorator_list", [])
        start = min([node.lineno, *(d.lineno for d in decorators)])
        return range(start, (node.end_lineno or node.lineno) + 1)

    def innermost(line: int) -> Optional[ast.AST]:
        holding = [node for node in functions if line in span(node)]
        return max(holding, key=lambda node: span(node).start, default=None)

    lines = set(span(closure))
    around = [
        node for node in functions
        if node is not closure and span(closure).start in span(node)
        and span(closure).stop <= span(node).stop
    ]
    if around:
        parent = max(around, key=lambda node: span(node).start)
        lines |= {line for line in span(parent) if innermost(line) is parent}
    return lines


def read_labels(path: Path) -> list[dict[str, str]]:
    """The rows of a label file, in the blind sets' columns.

    ``unseen2_labels.csv`` labels findings only: a ``#`` header, ``line`` at the finding, no
    ``function``, and ``FP`` where the blind sets say ``NOT``.
    """
    with path.open() as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    for row in rows:
        row.setdefault("wrapper_line", row["line"])
        row.setdefault("function", "")
        if row["label"] == "FP":
            row["label"] = "NOT"
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_packages", type=Path)
    parser.add_argument("labels", type=Path, nargs="+")
    arguments = parser.parse_args()
    rows = [row for path in arguments.labels for row in read_labels(path)]
    by_line = {}
    for row in rows:
        for line in {row["line"], row["wrapper_line"]}:
            by_line[(row["path"], int(line))] = row
    top_level = sorted({row["path"].split("/", 1)[0] for row in rows})
    print(f"{len(rows)} labelled candidates: {dict(Counter(row['label'] for row in rows))}")
    for name, selection in SELECTIONS.items():
        everything = findings(arguments.site_packages, top_level, selection)
        found = {finding for finding in everything if finding[2] in DECISION_CODES}
        labelled = {}
        unlabelled = []
        for path, line, code in sorted(found):
            row = by_line.get((path, line))
            if row is None:
                unlabelled.append(f"{path}:{line} {code}")
            else:
                labelled[id(row)] = (row, code)
        misuses = {(path, line): code for path, line, code in everything if code in MISUSE_CODES}
        credited = 0
        for row in rows:
            if id(row) in labelled or not any(path == row["path"] for path, _ in misuses):
                continue
            file = arguments.site_packages / row["path"]
            if not row["wrapper_line"].isdigit() or not file.is_file():
                continue
            source = file.read_text(errors="replace")
            for line in sorted(misuse_lines(source, int(row["wrapper_line"]))):
                if (row["path"], line) in misuses:
                    labelled[id(row)] = (row, misuses[(row["path"], line)])
                    credited += 1
                    break
        reported = Counter(row["label"] for row, _ in labelled.values())
        total = Counter(row["label"] for row in rows)
        print(f"\n{name}: {len(found)} findings")
        if credited:
            print(f"  and {credited} labelled closures reported by a misuse of wraps"
                  f" ({', '.join(MISUSE_CODES)})")
        print(f"  recall, TP: {reported['TP']}/{total['TP']}; TP + ACCEPTABLE:"
              f" {reported['TP'] + reported['ACCEPTABLE']}/{total['TP'] + total['ACCEPTABLE']}")
        print(f"  on labelled candidates: {reported['TP']} TP, {reported['ACCEPTABLE']}"
              f" ACCEPTABLE, {reported['NOT']} false positives")
        for row, code in labelled.values():
            if row["label"] == "NOT":
                where = f"{row['path']}:{row['wrapper_line']}"
                print(f"    false positive: {where} {code} {row['function']}")
        for label in ("TP", "ACCEPTABLE"):
            for row in rows:
                if row["label"] == label and id(row) not in labelled:
                    where = f"{row['path']}:{row['wrapper_line']}"
                    print(f"    missed {label}: {where} {row['function']}")
        print(f"  findings on no candidate (label them by reading): {len(unlabelled)}")
        for item in unlabelled:
            print(f"    {item}")


if __name__ == "__main__":
    main()
