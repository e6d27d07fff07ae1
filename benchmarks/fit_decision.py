"""Fit the weights and the two thresholds of the wrapper decision on labelled real code.

The decision ``evidence.decide`` is a sum of weights over named signals, compared with
``THRESHOLD`` (WRP001, on by default) and ``POSSIBLE_THRESHOLD`` (WRP007, off by default).
This script chooses those numbers from ground truth instead of by hand, and prints how well
they do on a part of the data it did not fit on.

Data, all named in ``benchmarks/data``:

* ``realworld``: the maintainers' fixes of ``../shared/realworld/cases.json`` (a function
  whose wrapper lacked ``functools.wraps`` until a maintainer added it: flag at the parent
  commit, clean at the fix; and look-alikes, clean). The repositories listed in
  ``data/realworld_split.json`` (a seeded third, drawn before any tuning) are validation.
* ``wild2``: every WRP001 finding of the labelled scan ``../shared/wild2/labels.md`` on the
  site-packages of ``data/wild2_packages.txt`` (TP, ACCEPTABLE, FP), its seeded sample of
  silent candidates (right to be silent) and its misses (TP): ``data/wild2_labels.csv``.
  Training.
* ``examples``: the project's own marker files (``tests/examples``): a closure marked
  ``# error: WRP001`` (WRP004, WRP005, WRP007) is a wrapper, every other one is not.
  Training.
* ``mined``: maintainers' fixes mined from other repositories' history for this fit
  (``data/mined_fixes.json``, same fields as cases.json, by ``mine_fixes.py``). Validation
  only.
* ``mined-train``: more maintainers' fixes, mined later from 33 other repositories
  (``data/mined_fixes_train.json``; ``data/README.md`` says how). Training.
* ``mined-held-out``: maintainers' fixes mined last, from 19 repositories nobody had
  used, with the tool never run on them until the decision was done
  (``data/mined_fixes_validation.json``). Validation only.
* ``--held-out-fixes CASES``: maintainers' fixes mined later the same way from other
  repositories and held out until scored (``data/mined_fixes_validation7.json`` to
  ``data/mined_fixes_validation9.json``, unread). Validation only; each file is its own
  dataset, named after it.
* ``--train-fixes CASES``: such fix sets once they were scored and read: training
  (``data/mined_fixes_validation2.json`` to ``data/mined_fixes_validation6.json``, and
  ``data/mined_fixes_validation10.json`` since stop 34, ``mined_fixes_validation11.json``
  since stop 36, ``mined_fixes_validation12.json`` since stop 37,
  ``mined_fixes_validation13.json`` and ``mined_fixes_validation14.json`` since stop 38,
  ``mined_fixes_validation15.json`` to ``mined_fixes_validation17.json`` since stop 39,
  ``mined_fixes_validation18.json`` and ``mined_fixes_validation19.json`` since stop 40,
  ``mined_fixes_validation20.json`` and ``mined_fixes_validation21.json`` since stop 41,
  ``mined_fixes_validation22.json`` and ``mined_fixes_validation23.json`` since stop 42,
  ``mined_fixes_validation24.json`` and ``mined_fixes_validation25.json`` since stop 43,
  ``mined_fixes_validation26.json`` and ``mined_fixes_validation27.json`` since stop 44,
  ``mined_fixes_validation28.json`` since stop 45, ``mined_fixes_validation29.json`` and
  ``mined_fixes_validation30.json`` since stop 46, ``mined_fixes_validation31.json``
  and ``mined_fixes_validation32.json`` since stop 47, ``mined_fixes_validation33.json``
  to ``mined_fixes_validation35.json`` since stop 48, ``mined_fixes_validation36.json``
  and ``mined_fixes_validation37.json`` since stop 49, ``mined_fixes_validation38.json``
  to ``mined_fixes_validation41.json`` since stop 50, ``mined_fixes_validation42.json``
  and ``mined_fixes_validation43.json`` since stop 51, ``mined_fixes_validation44.json``
  and ``mined_fixes_validation45.json`` since stop 52, ``mined_fixes_validation46.json``
  and ``mined_fixes_validation47.json`` since stop 53, ``mined_fixes_validation48.json``
  and ``mined_fixes_validation49.json`` since stop 54, ``mined_fixes_validation50.json``
  and ``mined_fixes_validation51.json`` since stop 55, ``mined_fixes_validation52.json``
  and ``mined_fixes_validation53.json`` since stop 56, ``mined_fixes_validation54.json``
  and ``mined_fixes_validation55.json`` since stop 57, ``mined_fixes_validation56.json``
  since stop 58, ``mined_fixes_validation57.json`` and ``mined_fixes_validation58.json``
  since stop 59, ``mined_fixes_validation59.json`` since stop 60,
  ``mined_fixes_validation60.json`` and ``mined_fixes_validation61.json`` since stop 61,
  ``mined_fixes_validation62.json`` since stop 62, ``mined_fixes_validation63.json``
  since stop 63, ``mined_fixes_validation64.json`` since stop 64,
  ``mined_fixes_validation65.json`` since stop 65, ``mined_fixes_validation66.json``
  since stop 66, ``mined_fixes_validation67.json`` since stop 67,
  ``mined_fixes_validation68.json`` since stop 68, ``mined_fixes_validation69.json``
  since stop 69, ``mined_fixes_validation70.json`` since stop 70,
  ``mined_fixes_validation71.json`` since stop 71, ``mined_fixes_validation72.json``
  since stop 72, ``mined_fixes_validation73.json`` since stop 73,
  ``mined_fixes_validation74.json`` since stop 74, ``mined_fixes_validation75.json``
  since stop 75, ``mined_fixes_validation76.json`` and ``mined_fixes_validation77.json``
  since stop 76, ``mined_fixes_validation78.json`` since stop 77,
  ``mined_fixes_validation79.json`` and ``mined_fixes_validation80.json`` since stop 78,
  ``mined_fixes_validation81.json`` to ``mined_fixes_validation83.json`` since stop 79,
  ``mined_fixes_validation84.json`` and ``mined_fixes_validation85.json`` since stop 80,
  ``mined_fixes_validation86.json`` to ``mined_fixes_validation88.json`` since stop 81,
  ``mined_fixes_validation89.json`` to ``mined_fixes_validation102.json`` since stops 82
  to 85: ``data/README.md`` says which).
* ``--scan LABELS=SITE``: labelled scans that were read and scored once, and so are
  training now: ``data/unseen2_labels.csv`` (every finding on 60 distributions),
  ``data/blind_labels_d.csv`` with ``blind_labels_d_sympy_findings.csv``, and
  ``data/blind_labels_e.csv`` to ``blind_labels_y.csv``, ``blind_labels_z.csv`` and
  ``blind_labels_aa.csv`` to ``blind_labels_az.csv``, ``blind_labels_ba.csv`` to
  ``blind_labels_bu.csv``, ``blind_labels_bw.csv``, ``blind_labels_bx.csv``,
  ``blind_labels_by.csv``, ``blind_labels_bz.csv``, ``blind_labels_cc.csv``,
  ``blind_labels_ce.csv``, ``blind_labels_cg.csv``, ``blind_labels_ci.csv``,
  ``blind_labels_ck.csv``, ``blind_labels_cm.csv``, ``blind_labels_co.csv``,
  ``blind_labels_cq.csv``, ``blind_labels_cs.csv``, ``blind_labels_cu.csv``,
  ``blind_labels_cw.csv``, ``blind_labels_cy.csv``, ``blind_labels_cz.csv``,
  ``blind_labels_da.csv``, ``blind_labels_db.csv``, ``blind_labels_dc.csv``,
  ``blind_labels_dd.csv``, ``blind_labels_de.csv``, ``blind_labels_df.csv``,
  ``blind_labels_dg.csv``, ``blind_labels_dh.csv``, ``blind_labels_di.csv``,
  ``blind_labels_dj.csv`` to ``blind_labels_dn.csv`` (crude
  candidates and findings labelled blind, each read after its first look).
  ``--held-out LABELS=SITE``: a set labelled blind that nobody tuned on (the newest, until
  it is read). Validation only.
* ``unseen``: every finding (WRP001 and WRP007) on the site-packages of
  ``data/unseen_packages.txt``, packages in neither wild2 nor the reserved list, labelled
  after the fit: ``data/unseen_labels.csv``. Validation only.

Each case's signals are extracted with the real analysis (``analysis.module.Rules.judge`` with
``complete=True``: every signal, whatever the weights), from the file inside its full
checkout (realworld, mined) or site-packages (wild2), so that evidence from other modules
is there. The fit is a coordinate search (one weight, then two at a time) over integer
weights, one per kind of evidence (``evidence.WEIGHTS``), and the two thresholds,
minimising on the training part::

    loss = missed at WRP001 + 4 * false at WRP001 + 0.5 * acceptable at WRP001
         + 0.5 * missed at WRP007 + 0.1 * false at WRP007 (2 in the project's examples)
         + 0.2 * distance moved

within ``BOUNDS`` (a sign is never fitted) and under one hard constraint: names alone
(``stands-in`` + ``named-function``) stay below WRP001. ``--keep-fixes`` adds another: no
fewer of the training maintainers' fixes reported at WRP001 than with ``evidence.py``'s
weights, in ``../shared/realworld`` and in the mined sets each (with every labelled scan as
training, the loss alone buys precision with the fixes that the recall goals count: 33 of
384 for 17 false positives, stop 34). It starts from the
weights in ``evidence.py`` and prints the table to copy there.

Usage (the repositories of cases.json fetched into MIRRORS, one ``owner+name`` folder
each; the wheels of wild2_packages.txt unzipped into SITE)::

    python benchmarks/fit_decision.py --mirrors MIRRORS --wild2 SITE [--unseen SITE2]
        [--out CACHE]
    python benchmarks/fit_decision.py ... --evaluate     # the weights in evidence.py only
    python benchmarks/fit_decision.py ... --only KIND,strong,possible  # a new signal alone
    python benchmarks/fit_decision.py ... --keep-fixes   # no maintainers' fix given up
"""

from __future__ import annotations

import argparse
import ast
import collections
import csv
import itertools
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterator, NamedTuple, Optional

from flake8_wraps.analysis import evidence
from flake8_wraps.analysis.collect import collect as _collect
from flake8_wraps.analysis.module import Rules as _Rules
from flake8_wraps.project.checker import (
    applications_around,
    class_applications_around,
    source_lines,
)
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.project.lookup import test_code_at

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SHARED = HERE.parent.parent / "shared"


class Kinds(NamedTuple):
    """A closure's evidence: its weighted signals by name, or what excludes a wrapper."""

    signals: tuple[str, ...]
    excluded: Optional[str] = None

    def __str__(self) -> str:
        return f"excluded by {self.excluded}" if self.excluded else ", ".join(self.signals)


class Item(NamedTuple):
    """One labelled function: flag (a wrapper at ``line``), clean (nothing inside
    ``span`` may be reported) or acceptable (reporting it is neither right nor wrong)."""

    dataset: str
    split: str
    label: str
    ident: str
    #: Evidence of each closure that counts: the one at the line, or all in the span.
    closures: tuple[Optional[Kinds], ...]


# -- extraction ------------------------------------------------------------------------------


def closures_of(path: Path, cache: dict[Path, dict[int, Kinds]]) -> dict[int, Kinds]:
    """Every closure returned by a function of the file, by line, with its evidence."""
    if path in cache:
        return cache[path]
    found: dict[int, Kinds] = {}
    cache[path] = found
    try:
        source = path.read_bytes()
        tree = ast.parse(source, filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return found
    module = _collect(tree)
    rules = _Rules(
        module,
        DEFAULT_CONFIG,
        applications_around(path),
        source_lines(source),
        class_applications_around(path),
        test_code_at(path, tree),
    )
    for frame in module.frames:
        if not frame.returns:
            continue
        params = rules._parameters(frame)
        if not params:
            continue
        for closure in rules.returned_closures(frame):
            if isinstance(closure, ast.Lambda) and not _lambda_may_wrap(closure):
                found[closure.lineno] = Kinds((), "lambda-shape")
                continue
            judgement = rules.judge(frame, closure, params, complete=True)
            if isinstance(closure, ast.Lambda) and judgement.wrapped != _called(closure):
                found[closure.lineno] = Kinds((), "lambda-shape")
                continue
            found[closure.lineno] = _kinds(judgement)
    return found


def _lambda_may_wrap(node: ast.Lambda) -> bool:
    """``analysis.rules.lambda_wrapper``'s own conditions, before the evidence."""
    return node.args.vararg is not None and _called(node) is not None


def _called(node: ast.Lambda) -> Optional[str]:
    body = node.body.value if isinstance(node.body, ast.Await) else node.body
    if isinstance(body, ast.Call) and isinstance(body.func, ast.Name):
        return body.func.id
    return None


def _kinds(judgement: evidence.Judgement) -> Kinds:
    # A wrong source is reported as WRP004 on the other signals' decision.
    signals = [s for s in judgement.signals if s.name != "wraps-wrong-source"]
    if judgement.wrapped is None:
        return Kinds((), next((s.name for s in signals if s.weight is None), "no-parameter"))
    if judgement.loss_documented:
        return Kinds((), evidence.LOSS_DOCUMENTED)
    excluding = next((s.name for s in signals if s.weight is None), None)
    if excluding is not None:
        return Kinds((), excluding)
    unknown = [s.name for s in signals if s.name not in evidence.KIND_OF_SIGNAL]
    if unknown:
        raise SystemExit(f"signals without a kind in evidence.KIND_OF_SIGNAL: {unknown}")
    return Kinds(tuple(s.name for s in signals))


def _load_realworld_module(path: Path) -> Any:
    """The shared harness, laying out each commit as a checkout (``score_fixes.py``
    says why: before stop 37 a partial snapshot laid out nothing, and the fixes of such
    repositories were fitted without the evidence of the project's other modules)."""
    from score_fixes import load_realworld

    return load_realworld(path.parent)


def maintainers_fixes(
    dataset: str, cases_file: Path, validation: frozenset[str], args: argparse.Namespace,
    cache: dict[Path, dict[int, Kinds]],
) -> tuple[list[Item], list[str]]:
    """The cases of a cases.json, laid out as full checkouts under ``--out``."""
    realworld = _load_realworld_module(Path(args.realworld) / "realworld.py")
    cases = realworld.load_cases(str(cases_file))
    out = os.path.join(args.out, dataset)
    git_dirs = realworld.locate_repos(cases, args.mirrors, False)
    marker = os.path.join(out, ".laid-out")
    if not os.path.exists(marker):
        realworld.lay_out_trees(cases, git_dirs, out)
        os.makedirs(out, exist_ok=True)
        if all(git_dirs.values()):  # laid out again once a missing mirror is fetched
            Path(marker).touch()
    realworld.materialise(cases, git_dirs, args.stdlib or realworld.default_stdlib(), out)
    realworld.analyse_cases(cases, out)
    items, skipped = [], []
    # A clean function may hold another case's fixed wrapper (a factory whose inner level
    # was fixed): that closure is judged by its own case, not counted against this one.
    flagged = {(case.file, case.wrapper_line) for case in cases if case.expect == "flag"}
    for case in cases:
        ident = f"{case.repo}@{(case.commit or 'stdlib')[:8]}:{case.path}:{case.function}"
        if not case.usable or case.kind == "borderline":
            skipped.append(f"{ident} ({case.unavailable or case.error or case.kind})")
            continue
        if case.expect == "flag" and (case.wrapper_line is None or case.kind == "misuse"):
            skipped.append(f"{ident} (not a closure decision: {case.expected_code})")
            continue
        found = closures_of(Path(out, case.file), cache)
        if case.expect == "flag":
            closures: tuple[Optional[Kinds], ...] = (found.get(case.wrapper_line),)
        else:
            first, last = case.span
            closures = tuple(
                kinds
                for line, kinds in found.items()
                if first <= line <= last and (case.file, line) not in flagged
            )
        split = "validation" if case.repo in validation else "training"
        items.append(Item(dataset, split, case.expect, f"{ident}:{case.wrapper_line}", closures))
    return items, skipped


#: Rows of the blind sets before EH read again by maintainers' practice (stop 87): the
#: adapters the brief had labelled NOT, each with its ``label_b``.
RELABELS = DATA / "adapter_relabels_87.csv"


def practice_labels() -> dict[tuple[str, str, str, str], str]:
    """``label_b`` of each row of :data:`RELABELS`, by (label file, path, wrapper line,
    function)."""
    with RELABELS.open(encoding="utf-8") as handle:
        return {
            (row["csv"], row["path"], row["wrapper_line"], row["function"]): row["label_b"]
            for row in csv.DictReader(handle)
        }


def labelled_scan(
    dataset: str,
    labels: Path,
    site: Path,
    split: str,
    cache: dict[Path, dict[int, Kinds]],
    practice: Optional[dict[tuple[str, str, str, str], str]] = None,
) -> list[Item]:
    """A labelled scan: one closure per row, at ``path:line`` below ``site`` (at
    ``wrapper_line`` in the blind sets, whose ``line`` is the outer function's). Rows of
    classes (WRP006, fitted by ``fit_class_decision.py``) are left out. With ``practice``
    each row is taken by maintainers' practice: its ``label_b`` (sets since EH), or its
    relabel there, or its label."""
    as_label = {"TP": "flag", "FP": "clean", "NOT": "clean", "SILENT-RIGHT": "clean",
                "ACCEPTABLE": "acceptable"}
    items = []
    with labels.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            if row.get("code") == "WRP006":
                continue
            path = site / row["path"]
            line = int(row.get("wrapper_line") or row["line"])
            if "wrapper_line" in row and _class_at(path, int(row["line"])):
                continue
            found = closures_of(path, cache)
            ident = f"{row['path']}:{line} ({row.get('source') or row.get('function')})"
            label = row["label"]
            if practice is not None:
                key = (labels.name, row["path"], row.get("wrapper_line") or "",
                       row.get("function", ""))
                label = row.get("label_b") or practice.get(key, label)
            items.append(Item(dataset, split, as_label[label], ident, (found.get(line),)))
    return items


def _class_at(path: Path, line: int) -> bool:
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return False
    return any(isinstance(node, ast.ClassDef) and node.lineno == line for node in ast.walk(tree))


def marker_files(dataset: str, folder: Path, cache: dict[Path, dict[int, Kinds]]) -> list[Item]:
    """The project's own example files: a closure marked on its line or its decorators'
    with a code of the closure decision (WRP001, WRP004, WRP005, WRP007, or their
    ``# noqa``) is a wrapper, every other returned closure is not."""
    items = []
    for path in sorted(folder.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for line, kinds in closures_of(path, cache).items():
            above = line - 1
            while above > 0 and lines[above - 1].lstrip().startswith("@"):
                above -= 1
            marked = any(
                re.search(r"# (error:.*|noqa: )\bWRP00[1457]\b", text)
                for text in lines[above:line]
            )
            ident = f"{path.relative_to(folder)}:{line}"
            items.append(Item(dataset, "training", "flag" if marked else "clean", ident, (kinds,)))
    return items


# -- the model -------------------------------------------------------------------------------


class Model(NamedTuple):
    weights: dict[str, int]
    strong: int
    possible: int

    def score(self, kinds: Optional[Kinds]) -> Optional[int]:
        if kinds is None or kinds.excluded:
            return None
        return sum(self.weights[evidence.KIND_OF_SIGNAL[name]] for name in kinds.signals)

    def level(self, item: Item) -> int:
        """2: WRP001, 1: WRP007, 0: silent (the strongest closure of the item)."""
        best = 0
        for kinds in item.closures:
            score = self.score(kinds)
            if score is not None:
                strong = score >= self.strong and not self.rests_on_names(kinds)
                best = max(best, 2 if strong else 1 if score >= self.possible else 0)
        return best

    def rests_on_names(self, kinds: Optional[Kinds]) -> bool:
        """``evidence.rests_on_names`` with this model's weights."""
        if kinds is None:
            return False
        return evidence.rests_on_names(
            [
                evidence.Signal(name, self.weights[evidence.KIND_OF_SIGNAL[name]], "")
                for name in kinds.signals
            ]
        )

    def names_alone(self) -> int:
        return self.weights["stands-in"] + self.weights["named-function"]


#: The range of each weight: evidence for a wrapper stays evidence for it (a sign is not
#: fitted, only a size), which keeps a few hundred cases from teaching nonsense.
BOUNDS: dict[str, tuple[int, int]] = {
    "applied": (1, 5),
    "built-for-applied": (0, 4),
    "typed-as-decorator": (0, 3),
    "forwards-everything": (0, 4),
    "named-decorator": (0, 2),
    "named-wrapper": (0, 2),
    "named-function": (0, 2),
    "stands-in": (0, 2),
    "copied-by-hand": (0, 2),
    "helper": (-1, 1),
    "derived": (-1, 1),
    "other-values": (-1, 1),
    "needs-more": (-3, 0),
    "kept-inside": (-6, 0),
    "test-helper": (-6, 0),
    "weak-shape": (-4, -1),
    "strong-shape": (-8, -2),
    "forwards-elsewhere": (-8, -1),
    "typed-in-adapter": (-4, 0),
    "copy-in-adapter": (-3, 0),
    "named-on-purpose": (-6, -1),
    "strong": (1, 8),
    "possible": (1, 8),
}


def loss(
    model: Model, items: list[Item], start: Model, fix_floor: Optional[dict[str, int]] = None
) -> float:
    if model.names_alone() >= model.strong or model.possible > model.strong:
        return float("inf")
    if fix_floor:
        found = fixes_found(model, items)
        if any(found[group] < least for group, least in fix_floor.items()):
            return float("inf")
    total = 0.0
    for item in items:
        level = model.level(item)
        if item.label == "flag":
            total += (level < 2) + 0.5 * (level < 1)
        elif item.label == "clean":
            # The project's examples of what is not a wrapper are regressions it fixed,
            # at both levels.
            curated = 2.0 if item.dataset == "examples" else 0.1
            total += 4 * (level == 2) + curated * (level >= 1)
        else:
            total += 0.5 * (level == 2)
    moved = sum(abs(model.weights[k] - start.weights[k]) for k in model.weights)
    moved += abs(model.strong - start.strong) + abs(model.possible - start.possible)
    return total + 0.2 * moved


def fixes_found(model: Model, items: list[Item]) -> collections.Counter[str]:
    """The maintainers' fixes (not the scans' real wrappers) reported at WRP001, in
    ``../shared/realworld`` and in the mined sets apart: each has its own recall goal, and
    one total would let a fit give up the one for the other (stop 51: the shared set's
    magic-constraints for one more mined fix)."""
    return collections.Counter(
        "realworld" if item.dataset == "realworld" else "mined"
        for item in items
        if item.label == "flag" and is_fix_set(item.dataset) and model.level(item) == 2
    )


def is_fix_set(dataset: str) -> bool:
    """A dataset of maintainers' fixes (``maintainers_fixes``), not a scan or the examples."""
    return dataset in {"realworld", "mined", "mined-train", "mined-held-out"} or (
        dataset.startswith("mined_fixes")
    )


def fit(
    items: list[Item], start: Model, only: Optional[list[str]] = None, keep_fixes: bool = False
) -> Model:
    """Coordinate search: change one number at a time to the value of least loss, until
    no change helps; then two at a time (an interaction's weight and its main weight move
    together, where one alone would not pass the loss's hump), and again. With
    ``keep_fixes``, no model that reports fewer maintainers' fixes at WRP001 than ``start``,
    in the shared set or in the mined ones, is taken: the loss weighs a false positive as
    four misses, and with many labelled scans it would buy precision with the fixes the
    recall goals count."""
    floor = dict(fixes_found(start, items)) if keep_fixes else None
    best, best_loss = start, loss(start, items, start, floor)
    keys = only if only else [*start.weights, "strong", "possible"]
    improved = True
    while improved:
        improved = False
        for key in keys:
            for candidate in _moves(best, [key]):
                candidate_loss = loss(candidate, items, start, floor)
                if candidate_loss < best_loss - 1e-9:
                    best, best_loss, improved = candidate, candidate_loss, True
        if improved:
            continue
        for first, second in itertools.combinations(keys, 2):
            for candidate in _moves(best, [first, second]):
                candidate_loss = loss(candidate, items, start, floor)
                if candidate_loss < best_loss - 1e-9:
                    best, best_loss, improved = candidate, candidate_loss, True
    return best


def _moves(model: Model, keys: list[str]) -> Iterator[Model]:
    """Every model that differs from ``model`` in ``keys`` alone, within ``BOUNDS``."""
    for values in itertools.product(*(range(BOUNDS[k][0], BOUNDS[k][1] + 1) for k in keys)):
        candidate = model
        for key, value in zip(keys, values):
            if key == "strong":
                candidate = candidate._replace(strong=value)
            elif key == "possible":
                candidate = candidate._replace(possible=value)
            else:
                candidate = candidate._replace(weights={**candidate.weights, key: value})
        yield candidate


# -- reporting -------------------------------------------------------------------------------


def figures(model: Model, items: list[Item], at: int) -> str:
    """Recall, false positives and precision when reporting from level ``at``."""
    flags = [item for item in items if item.label == "flag"]
    found = sum(model.level(item) >= at for item in flags)
    false = sum(model.level(item) >= at for item in items if item.label == "clean")
    acceptable = sum(model.level(item) >= at for item in items if item.label == "acceptable")
    recall = found / len(flags) if flags else 0.0
    precision = found / (found + false) if found + false else 0.0
    text = f"recall {recall:.2f} ({found}/{len(flags)}), false positives {false}"
    text += f", precision {precision:.2f}"
    if acceptable:
        text += f", acceptable {acceptable}"
    return text


def report(model: Model, items: list[Item], verbose: bool) -> None:
    groups: dict[tuple[str, str], list[Item]] = collections.defaultdict(list)
    for item in items:
        groups[(item.dataset, item.split)].append(item)
    for (dataset, split), group in sorted(groups.items()):
        print(f"{dataset} ({split}, {len(group)} labelled):")
        print(f"  default (WRP001):  {figures(model, group, 2)}")
        print(f"  with WRP007:       {figures(model, group, 1)}")
        if verbose and split == "training":
            # Not the validation part's: nobody tunes on what it gets wrong.
            for item in group:
                level = model.level(item)
                wrong = (item.label == "flag" and level < 2) or (
                    item.label != "flag" and level == 2
                )
                if wrong or (item.label == "clean" and level == 1):
                    scores = [model.score(kinds) for kinds in item.closures]
                    print(f"    {item.label:10} level {level} scores {scores} {item.ident}")
                    for kinds in item.closures:
                        print(f"      {kinds if kinds is not None else 'no closure found there'}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realworld", default=str(SHARED / "realworld"),
                        help="the folder of realworld.py and cases.json")
    parser.add_argument("--mirrors", default=str(HERE.parent.parent / ".mirror"),
                        help="fetched repositories, one owner+name folder each")
    parser.add_argument("--wild2", help="site-packages of data/wild2_packages.txt")
    parser.add_argument("--unseen", help="site-packages of data/unseen_packages.txt")
    parser.add_argument("--scan", action="append", default=[], metavar="LABELS=SITE",
                        help="a labelled scan read and scored before, for training: a labels"
                             " CSV of benchmarks/data and its site-packages")
    parser.add_argument("--held-out", action="append", default=[], metavar="LABELS=SITE",
                        help="a labelled scan nobody tuned on, for validation")
    parser.add_argument("--held-out-fixes", action="append", default=[], metavar="CASES",
                        help="more maintainers' fixes nobody tuned on (mine_fixes.py's"
                             " format), for validation")
    parser.add_argument("--train-fixes", action="append", default=[], metavar="CASES",
                        help="fix sets that were held out, scored once and read since: training")
    parser.add_argument("--stdlib", help="CPython 3.11 stdlib (default: this Python's)")
    parser.add_argument("--out", default=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                      "flake8-wraps-fit"),
                        help="where the file versions are laid out (kept between runs)")
    parser.add_argument("--evaluate", action="store_true",
                        help="print the figures of the weights in evidence.py; fit nothing")
    parser.add_argument("--only", metavar="KIND,...",
                        help="move only these kinds of evidence (or the thresholds 'strong',"
                        " 'possible'), keeping the others as evidence.py has them")
    parser.add_argument("--keep-fixes", action="store_true",
                        help="take no weights that report fewer of the training maintainers'"
                             " fixes at WRP001 than evidence.py's, in the shared set or in"
                             " the mined ones")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="print every error on the training part")
    parser.add_argument("--validate", action="store_true",
                        help="also print the validation part's figures (look once, at the end)")
    parser.add_argument("--practice", action="store_true",
                        help="label the scans by maintainers' practice (label_b, and"
                             " data/adapter_relabels_87.csv), not by the brief's label")
    args = parser.parse_args(argv)
    practice = practice_labels() if args.practice else None

    split = json.loads((DATA / "realworld_split.json").read_text(encoding="utf-8"))
    validation = frozenset(split["validation_repositories"])
    cache: dict[Path, dict[int, Kinds]] = {}
    items, skipped = maintainers_fixes(
        "realworld", Path(args.realworld) / "cases.json", validation, args, cache
    )
    mined = DATA / "mined_fixes.json"
    if mined.exists():
        more, more_skipped = maintainers_fixes("mined", mined, frozenset(), args, cache)
        items += [item._replace(split="validation") for item in more]
        skipped += more_skipped
    mined_train = DATA / "mined_fixes_train.json"
    if mined_train.exists():
        more, more_skipped = maintainers_fixes("mined-train", mined_train, frozenset(), args,
                                               cache)
        items += more
        skipped += more_skipped
    held_out = DATA / "mined_fixes_validation.json"
    if held_out.exists():
        more, more_skipped = maintainers_fixes("mined-held-out", held_out, frozenset(), args,
                                               cache)
        items += [item._replace(split="validation") for item in more]
        skipped += more_skipped
    for cases in args.held_out_fixes:
        more, more_skipped = maintainers_fixes(Path(cases).stem, Path(cases), frozenset(), args,
                                               cache)
        items += [item._replace(split="validation") for item in more]
        skipped += more_skipped
    for cases in args.train_fixes:
        more, more_skipped = maintainers_fixes(Path(cases).stem, Path(cases), frozenset(), args,
                                               cache)
        items += [item._replace(split="training") for item in more]
        skipped += more_skipped
    items += marker_files("examples", HERE.parent / "tests" / "examples", cache)
    if args.wild2:
        items += labelled_scan("wild2", DATA / "wild2_labels.csv", Path(args.wild2),
                               "training", cache)
    if args.unseen:
        items += labelled_scan("unseen", DATA / "unseen_labels.csv", Path(args.unseen),
                               "validation", cache)
    for pairs, split_name in ((args.scan, "training"), (args.held_out, "validation")):
        for pair in pairs:
            labels, _, site = pair.partition("=")
            items += labelled_scan(Path(labels).stem, Path(labels), Path(site), split_name,
                                   cache, practice)
    print(f"{len(items)} labelled functions; {len(skipped)} left out (borderline, not a"
          " closure decision, unavailable)")
    if args.verbose:
        for line in skipped:
            print(f"  left out: {line}")
    start = Model(dict(evidence.WEIGHTS), evidence.THRESHOLD, evidence.POSSIBLE_THRESHOLD)
    model = start
    if not args.evaluate:
        only = args.only.split(",") if args.only else None
        model = fit([item for item in items if item.split == "training"], start, only,
                    args.keep_fixes)
        print("fitted (coordinate search over integer weights, from evidence.py's):")
        print("WEIGHTS = {")
        for kind, weight in model.weights.items():
            moved = "" if weight == start.weights[kind] else f"  # was {start.weights[kind]}"
            print(f"    {kind!r}: {weight},{moved}")
        print("}")
        print(f"THRESHOLD = {model.strong}  # WRP001; was {start.strong}")
        print(f"POSSIBLE_THRESHOLD = {model.possible}  # WRP007; was {start.possible}")
    shown = items if args.validate else [item for item in items if item.split == "training"]
    report(model, shown, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
