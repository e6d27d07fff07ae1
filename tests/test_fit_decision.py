"""``benchmarks/fit_decision.py --keep-fixes``: the fit may not give up a maintainers' fix to
silence a labelled false positive of the same shape, which the plain loss (a false positive
weighs four misses) does."""

from __future__ import annotations

import sys
from pathlib import Path

from flake8_wraps.analysis import evidence

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import fit_decision  # noqa: E402  (a script of benchmarks/, not a package)


def test_keep_fixes_keeps_the_fix_the_plain_loss_gives_up() -> None:
    Item, Kinds = fit_decision.Item, fit_decision.Kinds
    shape = Kinds(("forwards-everything", "wrapper-name"))  # 2 + 1: WRP001 today
    fix = Item("mined_fixes_validation2", "training", "flag", "a fix", (shape,))
    false_positive = Item("blind_labels_p", "training", "clean", "a scan row", (shape,))
    items = [fix, false_positive]
    start = fit_decision.Model(
        dict(evidence.WEIGHTS), evidence.THRESHOLD, evidence.POSSIBLE_THRESHOLD
    )
    assert start.level(fix) == 2

    plain = fit_decision.fit(items, start)
    kept = fit_decision.fit(items, start, keep_fixes=True)

    assert plain.level(fix) < 2
    assert kept.level(fix) == 2
    assert fit_decision.fixes_found(kept, items) == {"mined": 1}
    assert fit_decision.fixes_found(plain, items) == {}


def test_keep_fixes_keeps_each_set_of_fixes() -> None:
    """A model that gives up a fix of the shared set for one more mined fix keeps the
    total, and loses the shared set's own recall: its loss is infinite."""
    Item, Kinds = fit_decision.Item, fit_decision.Kinds
    # 1 + 1 + 1: WRP001 with the weights below, silent once other-values weighs -1
    shared = Item("realworld", "training", "flag", "a shared fix",
                  (Kinds(("other-values", "stands-in", "function-parameter")),))
    # 2 + 1 - 1: WRP007 with the weights below, WRP001 once needs-more weighs 0
    mined = Item("mined_fixes_validation9", "training", "flag", "a mined fix",
                 (Kinds(("forwards-everything", "function-parameter", "needs-more-arguments")),))
    items = [shared, mined]
    weights = {**evidence.WEIGHTS, "other-values": 1, "needs-more": -1}
    start = fit_decision.Model(weights, 3, 2)
    traded = start._replace(weights={**start.weights, "other-values": -1, "needs-more": 0})
    assert [start.level(item) for item in items] == [2, 1]
    assert [traded.level(item) for item in items] == [0, 2]

    floor = fit_decision.fixes_found(start, items)
    assert floor == {"realworld": 1}
    assert fit_decision.loss(traded, items, start, dict(floor)) == float("inf")
    assert fit_decision.loss(traded, items, start) < float("inf")


def test_only_fix_sets_count_as_fixes() -> None:
    fix_sets = ["realworld", "mined", "mined-train", "mined-held-out", "mined_fixes_validation9"]
    assert all(fit_decision.is_fix_set(name) for name in fix_sets)
    others = ["blind_labels_y", "wild2", "examples", "unseen", "unseen2_labels"]
    assert not any(fit_decision.is_fix_set(name) for name in others)
