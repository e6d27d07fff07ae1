"""Fit the weights and the threshold of WRP006's decision on labelled class decorators.

WRP006 reports a class whose instances stand in for the function its ``__init__`` stores
(``class_decorators.CLASS_WEIGHTS``, ``CLASS_THRESHOLD``): a sum of weights over named
signals, as WRP001's decision is (``fit_decision.py`` fits that one). This script chooses
the class weights from ground truth and prints how they do on a part it did not fit on.

Data, named in ``benchmarks/data`` (its README says how each was made):

* ``class-train``: every class of the WRP006 shape (the class net of
  ``recall_candidates.py --classes``) in 11 installed packages and 26 of the 40 scanned ones,
  labelled by reading: ``data/wrp006_train_labels.csv``. Training.
* ``class-fixes``: maintainers' fixes that added ``update_wrapper(self, ...)`` (or a copy
  by hand) to a class: the class at the parent commit is a decorator that lost metadata
  (TP), the class at the fix is clean: ``data/class_fixes_train.json``, read from the
  fetched repositories (``--mirrors``). Training.
* ``--train LABELS=SITE``: the class rows of more labelled scans (``unseen2_labels.csv``,
  ``blind_labels_d.csv``, ``blind_labels_e.csv``: read and scored once, so training now);
  ``FP`` counts as ``NOT``. Training.
* ``--held-out LABELS=SITE``: the class rows of a set labelled blind on packages nobody
  tuning had read (the newest set, until it is read; F to L are ``--train`` now). Validation
  only: never fitted.

Every class is judged by the real analysis (``Rules.judge_class``), in its site-packages or
its checkout, so that evidence from other modules is there. A class that an exclusion
silences stays silent whatever the weights; the others are fitted by an exhaustive search
over small integer weights (signs fixed) and the threshold, minimising on the training part::

    loss = missed TP + 4 * false positives + 0.5 * acceptable reported + 0.2 * distance moved

Usage::

    python benchmarks/fit_class_decision.py --site SITE [--site SITE2] [--mirrors MIRRORS]
        [--train LABELS=SITE ...] [--held-out LABELS=SITE] [--evaluate] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import ast
import csv
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple, Optional

from flake8_wraps.analysis import class_decorators
from flake8_wraps.analysis.collect import collect
from flake8_wraps.analysis.module import Rules
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.project.checker import applications_around

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

#: Each weight's range: a sign is never fitted, and no single signal reaches the
#: threshold alone unless it says "decorator" in so many words (applied, documented).
BOUNDS = {
    "applied-here": range(2, 5),
    "applied-in-project": range(2, 5),
    "class-docstring": range(1, 5),
    "built-by-decorator": range(1, 5),
    "forwards-everything": range(0, 4),
    "passes-its-arguments": range(0, 3),
    "descriptor": range(0, 4),
    "plain-bases": range(0, 3),
    "lowercase-name": range(0, 3),
    "half-copy": range(0, 3),
}
THRESHOLDS = range(2, 6)


class Item(NamedTuple):
    dataset: str
    where: str
    label: str  # TP, ACCEPTABLE, NOT
    #: None: no class of the shape there (the rule cannot see it).
    signals: Optional[tuple[str, ...]]


#: What ``judge`` returns where no class starts at the line (a function's row).
NO_CLASS = ("<no class>",)
#: The prefix of the one signal ``judge`` returns for an excluded class.
EXCLUDED = "excluded by "


def judge(path: Path, source: bytes, line: int) -> Optional[tuple[str, ...]]:
    """The weighted signals of the class at ``line`` (the exclusion alone, prefixed with
    :data:`EXCLUDED`, when one silences it), None where the
    class has not the shape the rule reads, NO_CLASS where no class starts there."""
    tree = ast.parse(source)
    rules = Rules(collect(tree), DEFAULT_CONFIG, applications_around(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.lineno == line:
            judgement = rules.judge_class(node)
            if judgement is None:
                return None
            if judgement.excluded_by is not None:
                return (EXCLUDED + judgement.excluded_by.name,)
            return tuple(signal.name for signal in judgement.signals)
    return NO_CLASS


def labelled_classes(dataset: str, rows: list[dict[str, str]], sites: list[Path]) -> list[Item]:
    items = []
    for row in rows:
        for site in sites:
            path = site / row["path"]
            if path.exists():
                signals = judge(path, path.read_bytes(), int(row["line"]))
                if signals == NO_CLASS:
                    break  # a function's row in a file of both
                label = "NOT" if row["label"] == "FP" else row["label"]
                items.append(Item(dataset, f"{row['path']}:{row['line']}", label, signals))
                break
        else:
            print(f"  {dataset}: {row['path']} not found in any --site", file=sys.stderr)
    return items


def labelled_scan(dataset: str, pair: str) -> list[Item]:
    """The classes of a labels CSV (``LABELS=SITE``; rows without a class are left out)."""
    labels, _, site = pair.partition("=")
    rows = [row for row in csv.DictReader(line for line in Path(labels).open()
                                          if not line.startswith("#"))]
    return labelled_classes(dataset, rows, [Path(site)])


def class_fixes(mirrors: Path) -> list[Item]:
    """Each fix twice: the class at the parent (TP) and at the fixing commit (clean, NOT,
    unless ``after_label`` says the fix was itself a half copy)."""
    items = []
    for case in json.loads((DATA / "class_fixes_train.json").read_text()):
        git_dir = mirrors / case["repo"].replace("/", "+") / "repo"
        if not git_dir.exists():
            print(f"  class-fixes: {case['repo']} not fetched into {mirrors}", file=sys.stderr)
            continue
        for commit, line, label in (
            (case["parent"], case["class_line_before"], "TP"),
            (case["commit"], case["class_line_after"], case["after_label"]),
        ):
            source = subprocess.run(
                ["git", "--git-dir", str(git_dir), "show", f"{commit}:{case['path']}"],
                capture_output=True, check=True,
            ).stdout
            where = f"{case['repo']}@{commit[:8]}:{case['path']}:{line}"
            items.append(Item("class-fixes", where, label, judge(Path(case["path"]), source, line)))
    return items


def reported(signals: Optional[tuple[str, ...]], weights: dict[str, int], threshold: int) -> bool:
    if signals is None or any(name.startswith(EXCLUDED) for name in signals):
        return False
    return sum(weights.get(name, 0) for name in signals) >= threshold


def loss(
    items: list[Item], weights: dict[str, int], threshold: int, start: dict[str, int]
) -> float:
    total = 0.0
    for item in items:
        hit = reported(item.signals, weights, threshold)
        if item.label == "TP" and not hit:
            total += 1
        elif item.label == "NOT" and hit:
            total += 4
        elif item.label == "ACCEPTABLE" and hit:
            total += 0.5
    moved = sum(abs(weights[name] - start[name]) for name in start)
    moved += abs(threshold - class_decorators.CLASS_THRESHOLD)
    return total + 0.2 * moved


def figures(items: list[Item], weights: dict[str, int], threshold: int) -> str:
    counts = {"TP": [0, 0], "ACCEPTABLE": [0, 0], "NOT": [0, 0]}
    for item in items:
        counts[item.label][0] += reported(item.signals, weights, threshold)
        counts[item.label][1] += 1
    found = sum(hit for hit, _ in counts.values())
    return (
        f"TP reported {counts['TP'][0]}/{counts['TP'][1]}, acceptable reported"
        f" {counts['ACCEPTABLE'][0]}/{counts['ACCEPTABLE'][1]}, false positives"
        f" {counts['NOT'][0]} (of {counts['NOT'][1]} labelled not); {found} findings"
    )


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", type=Path, default=[],
                        help="site-packages holding the packages of wrp006_train_labels.csv")
    parser.add_argument("--mirrors", type=Path, default=HERE.parent.parent / ".mirror",
                        help="fetched repositories of class_fixes_train.json")
    parser.add_argument("--train", action="append", default=[], metavar="LABELS=SITE",
                        help="more labelled classes for training: a labels CSV and its site")
    parser.add_argument("--held-out", metavar="LABELS=SITE",
                        help="a labels CSV never fitted on and its site: print validation figures")
    parser.add_argument("--evaluate", action="store_true",
                        help="print the figures of the weights in the package only")
    parser.add_argument("--only", metavar="NAME,...",
                        help="move only these weights (and the threshold), keeping the others"
                        " as class_decorators.py has them: a new signal is fitted in seconds")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    with (DATA / "wrp006_train_labels.csv").open() as labels:
        training = labelled_classes("class-train", list(csv.DictReader(labels)), args.site)
    training += class_fixes(args.mirrors)
    for pair in args.train:
        training += labelled_scan("class-scan", pair)
    start = dict(class_decorators.CLASS_WEIGHTS)
    weights, threshold = start, class_decorators.CLASS_THRESHOLD
    if not args.evaluate:
        names = list(BOUNDS)
        moved = set(args.only.split(",")) if args.only else set(names)
        unknown = moved - set(names)
        if unknown:
            parser.error(f"no such weight: {', '.join(sorted(unknown))}")
        ranges = [BOUNDS[name] if name in moved else [start[name]] for name in names]
        candidates = (
            (dict(zip(names, values)), limit)
            for values in itertools.product(*ranges)
            for limit in THRESHOLDS
        )
        weights, threshold = min(candidates, key=lambda pair: loss(training, *pair, start))
        print("CLASS_WEIGHTS =", json.dumps(weights, indent=4))
        print("CLASS_THRESHOLD =", threshold)
    print(f"training ({len(training)} classes): {figures(training, weights, threshold)}")
    if args.verbose:
        for item in training:
            hit = reported(item.signals, weights, threshold)
            if (item.label == "TP") != hit and item.label != "ACCEPTABLE":
                kind = "missed" if item.label == "TP" else "false"
                print(f"  {kind}: {item.where} {item.signals}")
    if args.held_out:
        held_out = labelled_scan("class-held-out", args.held_out)
        print(f"held out ({len(held_out)} classes): {figures(held_out, weights, threshold)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
