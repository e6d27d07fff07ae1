"""What the language server spends on a change to a large document.

On every ``didChange`` the server parses the document and runs the check. Over a
generated 5,000-line module (decorators, wrappers, classes, plain code) this prints the
analysis time of one change against the budget of 50 ms, and the time to compute one
quick fix. Run it with the project installed with the [lsp] extra:
``python benchmarks/bench_lsp.py``.
"""

from __future__ import annotations

import statistics
import time

from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.lsp import analyse

BLOCK = '''

def timed_{n}(func):
    """Time a call."""
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            print(time.perf_counter() - started)

    return wrapper


def retry_{n}(times):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
                except OSError:
                    continue
            raise RuntimeError("gave up")

        return wrapper

    return decorator


class Service{n}:
    def __init__(self, client, retries=3):
        self.client = client
        self.retries = retries

    def fetch(self, key):
        values = [self.client.get(key) for _ in range(self.retries)]
        return max(values, key=len) if values else None
'''


def document(lines: int) -> str:
    parts = ["import functools\nimport time\n"]
    number = 0
    while sum(part.count("\n") for part in parts) < lines:
        parts.append(BLOCK.format(n=number))
        number += 1
    return "".join(parts)


def main() -> None:
    text = document(5000)
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        findings = analyse(text, "/tmp/bench_lsp_document.py", DEFAULT_CONFIG)
        timings.append(time.perf_counter() - start)
    best, median = min(timings), statistics.median(timings)
    print(f"document: {text.count(chr(10))} lines, {len(findings)} findings")
    print(
        f"analysis of one change: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms; "
        f"median / 50 ms budget: {median / 0.05:.2f} (goal <= 1: "
        f"{'met' if median <= 0.05 else 'NOT MET'})"
    )

    from flake8_wraps.fixer import fix_source

    start = time.perf_counter()
    fix_source(text.encode(), [findings[0]], DEFAULT_CONFIG)
    print(f"one quick fix (LibCST, first use): {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
