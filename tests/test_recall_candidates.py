"""The crude candidate net of ``benchmarks/recall_candidates.py``, which measures what the
plugin leaves silent: the plain net sees closures returned as they are; ``--through-calls``
also sees a closure handed to a call in the ``return``, and marks those lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "recall_candidates.py"

SOURCE = '''\
from typing import cast


def plain(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def through_cast(func):
    def inner(*args):
        return func(*args)
    return cast(T, inner)


def through_registry(func):
    return register("name", lambda *a: func(*a))


def copied(func):
    def wrapper(*args):
        return func(*args)
    return memoize(functools.wraps(func)(wrapper))


def no_call_of_the_parameter(func):
    def inner():
        return 1
    return cast(T, inner)
'''


def _net(tmp_path: Path, *options: str) -> list[dict[str, object]]:
    path = tmp_path / "module.py"
    path.write_text(SOURCE)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), *options, str(path)],
        capture_output=True, text=True, check=True,
    )
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_the_plain_net_sees_closures_returned_as_they_are(tmp_path: Path) -> None:
    found = [(c["outer"], c["inner"], c["inner_line"], c.get("through")) for c in _net(tmp_path)]
    assert found == [("plain", "wrapper", 5, None)]


def test_through_calls_adds_closures_handed_to_a_call_in_the_return(tmp_path: Path) -> None:
    found = [
        (c["outer"], c["inner"], c["inner_line"], c["param"], c.get("through"))
        for c in _net(tmp_path, "--through-calls")
    ]
    assert found == [
        ("plain", "wrapper", 5, "func", None),
        ("through_cast", "inner", 11, "func", "call"),
        ("through_registry", "<lambda>", 17, "func", "call"),
    ]
