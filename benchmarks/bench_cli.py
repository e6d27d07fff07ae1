"""What ``flake8-wraps check`` and ``fix`` cost over a tree, as ratios.

Over a copy of a corpus (default: the running interpreter's standard library without its
tests), this prints:

1. ``flake8-wraps check -j 1`` wall time / reading and ``ast.parse``-ing the same files in
   one process, the floor for any Python tool (goal: at most 1.3);
2. the same with ``-j 2`` (goal on a 2-core machine: at most 0.75);
3. ``flake8-wraps fix -j 1`` wall time / ``check``'s (goal: at most 1.5), and how much
   text ``fix`` parsed with LibCST against the size of the files with a fixable finding
   (goal: at most 1.5: LibCST parses only the top-level statements it edits);
4. on one generated file of 10,000 findings (50,000 lines), ``fix`` / ``check``, in wall
   time and in CPU time (goal: at most 3; before the fixer was made linear, more than 200).

Every run here is cold (``--no-cache``): ``bench_cache.py`` measures what the cache saves.

Run it from a checkout with the project installed: ``python benchmarks/bench_cli.py``.
"""

from __future__ import annotations

import argparse
import ast
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable

SCRIPT = str(Path(sys.executable).with_name("flake8-wraps"))
SKIPPED = shutil.ignore_patterns("test", "tests", "idle_test", "site-packages", "__pycache__")

#: Counts LibCST parses inside a ``fix`` run, in a process of its own.
COUNT_PARSES = """
import sys
import libcst
from flake8_wraps.cli import command as cli

parses = 0
parsed = 0
parse_module = libcst.parse_module


def counting(source, *args, **kwargs):
    global parses, parsed
    parses += 1
    parsed += len(source)
    return parse_module(source, *args, **kwargs)


libcst.parse_module = counting
import flake8_wraps.fix.fixer
flake8_wraps.fix.fixer.cst.parse_module = counting
cli.main(["fix", "--no-cache", "--diff", "-j", "1", "."])
print("PARSES", parses, parsed, file=sys.stderr)
"""


def many_findings(count: int) -> str:
    """A module of ``count`` decorators, none with functools.wraps."""
    return "import functools\n" + "".join(
        f"\n\ndef deco{n}(func):\n    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n    return wrapper\n"
        for n in range(count)
    )


def timed(arguments: list[str], cwd: Path, before: Callable[[], None]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``arguments`` (``before`` runs first, untimed)."""
    before()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(arguments, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    return elapsed, cpu


def many_findings_ratio(directory: Path, repeats: int) -> tuple[float, float, float, float]:
    """Best wall and CPU seconds of ``check`` and ``fix`` over a 10,000-finding file."""
    source = many_findings(10_000)
    target = directory / "many.py"

    def fresh() -> None:
        target.write_text(source)

    checks = [timed([SCRIPT, "check", "--no-cache", "-j", "1", "many.py"], directory, fresh)
              for _ in range(repeats)]
    fixes = [timed([SCRIPT, "fix", "--no-cache", "-j", "1", "many.py"], directory, fresh)
             for _ in range(repeats)]
    return (min(w for w, _ in checks), min(c for _, c in checks),
            min(w for w, _ in fixes), min(c for _, c in fixes))


def read_and_parse(root: Path) -> float:
    """Seconds to read and parse every file in one process (warnings silenced)."""
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in sorted(root.rglob("*.py")):
            try:
                ast.parse(path.read_bytes())
            except (SyntaxError, ValueError):
                pass
    return time.perf_counter() - start


def wall(arguments: list[str], cwd: Path, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(arguments, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=Path(sysconfig.get_paths()["stdlib"])
    )
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / "corpus"
        shutil.copytree(arguments.corpus, copy, ignore=SKIPPED, symlinks=True)
        files = len(list(copy.rglob("*.py")))
        floor = min(read_and_parse(copy) for _ in range(arguments.repeats))
        one = wall([SCRIPT, "check", "--no-cache", "-j", "1", "."], copy, arguments.repeats)
        two = wall([SCRIPT, "check", "--no-cache", "-j", "2", "."], copy, arguments.repeats)
        fix = wall(
            [SCRIPT, "fix", "--no-cache", "--diff", "-j", "1", "."], copy, arguments.repeats
        )
        counted = subprocess.run(
            [sys.executable, "-c", COUNT_PARSES], cwd=copy, capture_output=True, text=True
        )
        parses, parsed = map(int, counted.stderr.rsplit("PARSES", 1)[1].split())
        fixable = subprocess.run(
            [SCRIPT, "check", "--no-cache", "--format", "json", "."],
            cwd=copy, capture_output=True, text=True,
        )
        import json

        findings = json.loads(fixable.stdout)
        fixable_files = {f["path"] for f in findings if f["fixable"]}
        fixable_size = sum(len((copy / path).read_text(encoding="utf-8", errors="replace"))
                           for path in fixable_files)
        many = many_findings_ratio(Path(directory), arguments.repeats)
    print(f"corpus: {arguments.corpus} ({files} files)")
    print(f"read + ast.parse in one process: {floor:.2f} s")
    print(f"ratio 1, check -j 1 / that: {one / floor:.2f} ({one:.2f} s; goal <= 1.3: "
          f"{_verdict(one / floor <= 1.3)})")
    print(f"ratio 2, check -j 2 / that: {two / floor:.2f} ({two:.2f} s; goal <= 0.75: "
          f"{_verdict(two / floor <= 0.75)})")
    print(f"ratio 3, fix -j 1 / check -j 1: {fix / one:.2f} ({fix:.2f} s; goal <= 1.5: "
          f"{_verdict(fix / one <= 1.5)})")
    text_ratio = parsed / max(1, fixable_size)
    print(f"LibCST during fix: {parses} parses of {parsed} characters; files with a fixable "
          f"finding: {len(fixable_files)} of {fixable_size} characters; ratio "
          f"{text_ratio:.2f} (goal <= 1.5: {_verdict(text_ratio <= 1.5)})")
    check_wall, check_cpu, fix_wall, fix_cpu = many
    print(f"ratio 4, 10,000 findings in one file, fix / check: wall {fix_wall / check_wall:.2f} "
          f"({fix_wall:.2f} s / {check_wall:.2f} s), CPU {fix_cpu / check_cpu:.2f} "
          f"({fix_cpu:.2f} s / {check_cpu:.2f} s); goal <= 3: "
          f"{_verdict(fix_cpu / check_cpu <= 3)}")


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


if __name__ == "__main__":
    main()
