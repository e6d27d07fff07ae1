"""What the cache saves, as ratios against reading and parsing the same files (issue #13).

Over a copy of a corpus (default: the running interpreter's standard library without its
tests), in rounds that each measure everything once (the best round counts), this prints
against its goal:

1. a cold ``check -j 1`` (empty cache) / the read-and-parse floor: at most 1.3;
2. a cold ``check -j 2`` / the floor: at most 0.75;
3. a warm ``check -j 1`` (nothing changed) / the floor: at most 0.2;
4. a warm ``check -j 1`` after one file changed / the floor: at most 0.25, for a leaf
   module and for ``functools.py``, which other modules import;
5. the size of the cache: under 5 MB;

and, for reference, ``check -j 1 --no-cache``: what writing the cache adds to a cold run.

``--scale DIR`` also runs over a large tree in place (the cache goes to a temporary
directory; the tree is only read): cold and warm ``check -j 2`` wall time and peak memory
of the largest process, for every other file of the tree and for all of it (time should
grow linearly), and the cost of the project index (where decorators are applied) cold and
from the cache.

``--shared N`` measures a cache shared by many projects (``FLAKE8_WRAPS_CACHE_DIR``): the
results of N other files (default 200,000) put in it through the cache's own API, then a
warm ``check`` of a 2-file project against the same check without a cache, in wall time
and peak memory: a run must read only the entries it needs.

Run it from a checkout with the project installed: ``python benchmarks/bench_cache.py``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from bench_cli import SCRIPT, SKIPPED, read_and_parse

#: Runs a command and prints its wall time and the peak memory of its largest process.
MEASURED = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""

#: Builds the project index of a tree, with or without the cache, and prints its cost.
INDEX = """
import sys, time
from pathlib import Path
from flake8_wraps.project.cache import choose_location
from flake8_wraps.project.applications import applied_names
choose_location(sys.argv[2] or None, enabled=bool(sys.argv[2]))
start = time.perf_counter()
names = applied_names(Path(sys.argv[1]))
print(time.perf_counter() - start, len(names))
"""

#: Fills a cache directory with the results of ``sys.argv[2]`` files that are not there.
FILL = """
import sys
from flake8_wraps.project.cache import Digest, choose_location
from flake8_wraps.cli.results import Result, ResultCache
choose_location(sys.argv[1])
cache = ResultCache.open()
kept = Result(Digest(10, 0, "0" * 64, True), "settings", [], None, {})
for number in range(int(sys.argv[2])):
    cache.keep(f"/shared/project-{number // 100}/module_{number % 100}.py", kept)
cache.save()
"""


def measured(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds of ``command`` and the peak resident memory of its largest process (KB)."""
    return measured_with_cpu(command, cwd)[:2]


def measured_with_cpu(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """``measured``, and the CPU seconds of its processes (steadier on a busy machine)."""
    output = subprocess.run(
        [sys.executable, "-c", MEASURED, str(cwd), *command],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return float(output[0]), int(output[1]), float(output[2])


def check(cwd: Path, cache: Path, jobs: int, *paths: str) -> float:
    return measured(
        [SCRIPT, "check", "--exit-zero", "-j", str(jobs), "--cache-dir", str(cache), *paths],
        cwd,
    )[0]


def touch(path: Path, round_number: int) -> None:
    """A real edit: one more comment line (the content changes, the findings do not)."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\n# edited in round {round_number}\n")


def size_of(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


def verdict(ratio: float, goal: float) -> str:
    return f"{ratio:.3f} (goal <= {goal}: {'met' if ratio <= goal else 'NOT MET'})"


def stdlib_ratios(corpus: Path, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / "corpus"
        shutil.copytree(corpus, copy, ignore=SKIPPED, symlinks=True)
        cache = Path(directory) / "cache"
        files = len(list(copy.rglob("*.py")))
        best: dict[str, float] = {}
        cache_size = 0
        for round_number in range(repeats):
            figures = {"floor": read_and_parse(copy)}
            shutil.rmtree(cache, ignore_errors=True)
            figures["cold -j 1"] = check(copy, cache, 1, ".")
            cache_size = size_of(cache)
            figures["warm -j 1"] = check(copy, cache, 1, ".")
            touch(copy / "json" / "decoder.py", round_number)
            figures["touched json/decoder.py"] = check(copy, cache, 1, ".")
            touch(copy / "functools.py", round_number)
            figures["touched functools.py"] = check(copy, cache, 1, ".")
            shutil.rmtree(cache, ignore_errors=True)
            figures["cold -j 2"] = check(copy, cache, 2, ".")
            figures["no cache -j 1"] = measured(
                [SCRIPT, "check", "--exit-zero", "-j", "1", "--no-cache", "."], copy
            )[0]
            for name, seconds in figures.items():
                best[name] = min(best.get(name, seconds), seconds)
    floor = best["floor"]
    print(f"corpus: {corpus} ({files} files); best of {repeats} rounds")
    print(f"read + ast.parse in one process: {floor:.2f} s")
    goals = {
        "cold -j 1": 1.3,
        "cold -j 2": 0.75,
        "warm -j 1": 0.2,
        "touched json/decoder.py": 0.25,
        "touched functools.py": 0.25,
    }
    for name, goal in goals.items():
        print(f"check {name} / floor: {verdict(best[name] / floor, goal)} ({best[name]:.2f} s)")
    print(f"check no cache -j 1 / floor: {best['no cache -j 1'] / floor:.3f} "
          f"({best['no cache -j 1']:.2f} s; what a cold run costs without writing the cache)")
    megabytes = cache_size / 1e6
    print(f"cache after a cold run: {megabytes:.2f} MB "
          f"(goal < 5 MB: {'met' if megabytes < 5 else 'NOT MET'})")


def every_other_file(tree: Path) -> list[str]:
    """Half of the tree's Python files, taken alternately: the same mix as the whole."""
    return [str(path.relative_to(tree)) for path in sorted(tree.rglob("*.py"))[::2]]


def scale(tree: Path) -> None:
    files = len(list(tree.rglob("*.py")))
    lines = sum(
        path.read_bytes().count(b"\n") for path in tree.rglob("*.py") if path.is_file()
    )
    half = every_other_file(tree)
    half_files = len(half)
    print(f"\nscale: {tree} ({files} files, {lines / 1e6:.2f} million lines)")
    print(f"read + ast.parse of every file in one process: {read_and_parse(tree):.2f} s")
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for label, paths, count in (("half", half, half_files), ("all", ["."], files)):
            cache = Path(directory) / label
            arguments = [SCRIPT, "check", "--exit-zero", "-j", "2", "--cache-dir", str(cache)]
            cold, cold_memory = measured([*arguments, *paths], tree)
            warm, warm_memory = measured([*arguments, *paths], tree)
            rows.append((label, count, cold, warm))
            print(f"check -j 2, {label} ({count} files): cold {cold:.2f} s "
                  f"(peak {cold_memory / 1024:.0f} MB), warm {warm:.2f} s "
                  f"(peak {warm_memory / 1024:.0f} MB); cache {size_of(cache) / 1e6:.2f} MB")
        (_, half_count, half_cold, half_warm), (_, all_count, all_cold, all_warm) = rows
        growth = (all_cold / half_cold) / (all_count / half_count)
        print(f"cold time per file, all / half: {growth:.2f} (1.00 is linear); "
              f"warm: {(all_warm / half_warm) / (all_count / half_count):.2f}")
        cache = Path(directory) / "index"
        for label, where in (("cold", str(cache)), ("from the cache", str(cache))):
            seconds, names = json.loads(
                "[" + ",".join(subprocess.run(
                    [sys.executable, "-c", INDEX, str(tree), where],
                    capture_output=True, text=True, check=True,
                ).stdout.split()) + "]"
            )
            print(f"project index of the whole tree, {label}: {seconds * 1000:.0f} ms "
                  f"({names} decorator names)")


def shared(entries: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        project = Path(directory) / "project"
        project.mkdir()
        (project / "pyproject.toml").write_text("")
        (project / "app.py").write_text(
            "from helpers import timed\n\n@timed\ndef run():\n    pass\n"
        )
        (project / "helpers.py").write_text(
            "def timed(f):\n    def inner():\n        return f()\n    return inner\n"
        )
        cache = Path(directory) / "cache"
        subprocess.run([sys.executable, "-c", FILL, str(cache), str(entries)], check=True)
        arguments = [SCRIPT, "check", "--exit-zero", "-j", "1"]
        measured([*arguments, "--cache-dir", str(cache), "app.py", "helpers.py"], project)
        best: dict[str, tuple[float, int, float]] = {}
        for _ in range(repeats):
            for label, option in (("shared cache", ["--cache-dir", str(cache)]),
                                  ("no cache", ["--no-cache"])):
                figures = measured_with_cpu(
                    [*arguments, *option, "app.py", "helpers.py"], project
                )
                before = best.get(label, figures)
                best[label] = (
                    min(before[0], figures[0]),
                    min(before[1], figures[1]),
                    min(before[2], figures[2]),
                )
        print(f"\nshared cache of {entries} other files' results ({size_of(cache) / 1e6:.1f} MB),"
              f" warm check of a 2-file project; best of {repeats}:")
        for label, (seconds, memory, cpu) in best.items():
            print(f"  {label}: {seconds:.2f} s ({cpu:.2f} s CPU), peak {memory / 1024:.0f} MB")
        (with_cache, with_memory, with_cpu), (without, without_memory, without_cpu) = (
            best.values()
        )
        print(f"  shared / no cache: time {with_cache / without:.2f}, CPU "
              f"{with_cpu / without_cpu:.2f}, memory {with_memory / without_memory:.2f}"
              " (goal: close to 1)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=Path(sysconfig.get_paths()["stdlib"])
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scale", type=Path, help="a large tree to measure in place")
    parser.add_argument("--scale-only", action="store_true", help="only the --scale part")
    parser.add_argument("--shared", type=int, metavar="N", help="a shared cache of N entries")
    parser.add_argument("--shared-only", action="store_true", help="only the --shared part")
    arguments = parser.parse_args()
    if not (arguments.scale_only or arguments.shared_only):
        stdlib_ratios(arguments.corpus, arguments.repeats)
    if arguments.shared or arguments.shared_only:
        shared(arguments.shared or 200_000, arguments.repeats)
    if arguments.scale:
        scale(arguments.scale)


if __name__ == "__main__":
    main()
