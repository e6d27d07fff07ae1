"""The fitted table of weights is the one the analysis uses: every weighted signal the
analysis gives carries its kind's weight from ``evidence.WEIGHTS``, so that
``benchmarks/fit_decision.py`` refits what is really summed."""

from __future__ import annotations

import ast

from flake8_wraps.analysis import evidence
from flake8_wraps.analysis.collect import collect as _collect
from flake8_wraps.analysis.module import Rules as _Rules
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.project.checker import applications_around
from flake8_wraps.project.lookup import test_code_at as is_test_code_at

from conftest import example_files


def test_every_weighted_signal_has_its_kinds_weight() -> None:
    seen: set[str] = set()
    for path in example_files():
        tree = ast.parse(path.read_bytes())
        module = _collect(tree)
        # As a check sees the file: the project's applications, and whether it is tests.
        applied, tests = applications_around(path), is_test_code_at(path, tree)
        rules = _Rules(module, DEFAULT_CONFIG, applied, None, None, tests)
        for frame in module.frames:
            params = rules._parameters(frame) if frame.returns else frozenset()
            for closure in rules.returned_closures(frame) if params else ():
                for signal in rules.judge(frame, closure, params, complete=True).signals:
                    if signal.weight is None:
                        continue
                    kind = evidence.KIND_OF_SIGNAL[signal.name]
                    assert signal.weight == evidence.WEIGHTS[kind], signal
                    seen.add(signal.name)
    # The examples exercise most of the table; a kind no signal has would be dead weight.
    assert {evidence.KIND_OF_SIGNAL[name] for name in seen} == set(evidence.WEIGHTS)


def test_names_alone_stay_below_wrp001() -> None:
    names_alone = evidence.WEIGHTS["stands-in"] + evidence.WEIGHTS["named-function"]
    assert evidence.POSSIBLE_THRESHOLD <= names_alone < evidence.THRESHOLD
