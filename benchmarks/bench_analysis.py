"""How much the analysis costs, as ratios to what any tool pays anyway.

Over a corpus (default: the running interpreter's standard library without its tests),
every file is read and parsed once, then this prints:

1. the analysis' own time over all trees / one ``ast.walk`` over the same trees
   (goal: at most 0.25), and
2. the analysis' own time / a full single-process ``flake8`` run over the same files
   (goal: at most 1%).

It also times what the plugin runs per file (the analysis plus the framework rules), the
cross-file resolution on a generated project of a few hundred modules whose views import
their decorators from a shared module, and checks that importing the plugin stays cheap
(no LibCST). Run it from a checkout with the project installed:
``python benchmarks/bench_analysis.py [CORPUS]``.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable

from flake8_wraps import project
from flake8_wraps.analysis import analyze
from flake8_wraps.applications import applied_names
from flake8_wraps.checker import check

#: Directory names left out of a corpus: tests, and packages installed into the stdlib.
EXCLUDED_DIRECTORIES = frozenset({"test", "tests", "idle_test", "site-packages", "__pycache__"})


def corpus_files(root: Path, with_tests: bool = False) -> list[Path]:
    excluded = EXCLUDED_DIRECTORIES - {"test", "tests", "idle_test"} if with_tests else (
        EXCLUDED_DIRECTORIES
    )
    return sorted(
        path
        for path in root.rglob("*.py")
        if not excluded.intersection(path.relative_to(root).parts)
    )


def parse_all(paths: list[Path]) -> tuple[list[ast.Module], list[Path]]:
    trees, parsed = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # printing the corpus' own warnings is not parsing
        for path in paths:
            try:
                trees.append(ast.parse(path.read_bytes(), filename=str(path)))
            except (SyntaxError, ValueError):
                continue
            parsed.append(path)
    return trees, parsed


def best_time(action: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs: the least disturbed by the rest of the machine."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def walk_all(trees: list[ast.Module]) -> None:
    for tree in trees:
        for _ in ast.walk(tree):
            pass


def analyze_all(trees: list[ast.Module]) -> int:
    return sum(len(analyze(tree)) for tree in trees)


def check_all(trees: list[ast.Module], paths: list[Path]) -> int:
    return sum(len(check(tree, str(path))) for tree, path in zip(trees, paths))


DECORATORS = """\
import functools


def timeit(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper
"""
VIEWS = """\
from flask import Blueprint

from shop.decorators import logged, timeit

pages = Blueprint("pages{number}", __name__)


@pages.route("/a")
@timeit
def first():
    return "a"


@pages.route("/b")
@timeit
def second():
    return "b"


@pages.route("/c")
@logged
def third():
    return "c"
"""


def generated_project(root: Path, modules: int) -> list[Path]:
    """A project whose view modules all import their decorators from one shared module."""
    (root / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    package = root / "shop"
    (package / "views").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "views" / "__init__.py").write_text("")
    (package / "decorators.py").write_text(DECORATORS)
    paths = []
    for number in range(modules):
        path = package / "views" / f"view{number}.py"
        path.write_text(VIEWS.format(number=number))
        paths.append(path)
    return paths


def cross_file(modules: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        paths = generated_project(Path(directory), modules)
        trees = [ast.parse(path.read_bytes()) for path in paths]
        analysis_seconds = best_time(lambda: analyze_all(trees), repeats)

        def cold() -> int:
            project.clear_caches()
            return check_all(trees, paths)

        cold_seconds = best_time(cold, repeats)
        warm_seconds = best_time(lambda: check_all(trees, paths), repeats)
        findings = check_all(trees, paths)
    print(f"project of {modules} view modules: analysis {analysis_seconds * 1000:.1f} ms,")
    print(
        f"  with cross-file resolution {cold_seconds * 1000:.1f} ms (cold cache, "
        f"{cold_seconds / analysis_seconds:.2f}x), {warm_seconds * 1000:.1f} ms (warm, "
        f"{warm_seconds / analysis_seconds:.2f}x), {findings} findings"
    )


def project_index(modules: int, repeats: int) -> None:
    """The cost of the index of decorator applications on a project of ``modules`` modules,
    built once per process when a closure's decision needs it."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        generated_project(root, modules)
        trees = [ast.parse(path.read_bytes()) for path in sorted(root.rglob("*.py"))]

        def cold() -> int:
            applied_names.cache_clear()
            return len(applied_names(root))

        index_seconds = best_time(cold, repeats)
        parse_seconds = best_time(
            lambda: [ast.parse(path.read_bytes()) for path in root.rglob("*.py")], 1
        )
    print(
        f"index of decorator applications, {len(trees)} modules: {index_seconds * 1000:.1f} ms"
        f" once per process ({index_seconds / parse_seconds:.2f}x of parsing those modules)"
    )


def flake8_time(paths: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "flake8", "-j1", "--isolated", "--exit-zero", *map(str, paths)],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def import_check() -> tuple[float, bool]:
    """Seconds to import the plugin in a fresh interpreter, and whether LibCST came along."""
    code = (
        "import sys, time; start = time.perf_counter(); import flake8_wraps.plugin; "
        "print(time.perf_counter() - start, 'libcst' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(output[0]), output[1] == "True"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=Path(sysconfig.get_paths()["stdlib"])
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-flake8", action="store_true", help="skip the slow ratio 2")
    parser.add_argument("--project-modules", type=int, default=300)
    parser.add_argument("--index-modules", type=int, default=2000)
    parser.add_argument(
        "--with-tests", action="store_true", help="keep the corpus' test directories"
    )
    arguments = parser.parse_args()

    start = time.perf_counter()
    trees, paths = parse_all(corpus_files(arguments.corpus, arguments.with_tests))
    parse_seconds = time.perf_counter() - start
    lines = sum(len(path.read_bytes().splitlines()) for path in paths)
    print(f"corpus: {arguments.corpus} ({len(paths)} files, {lines} lines)")
    print(f"read + ast.parse: {parse_seconds:.3f} s")

    walk_seconds = best_time(lambda: walk_all(trees), arguments.repeats)
    analysis_seconds = best_time(lambda: analyze_all(trees), arguments.repeats)
    print(f"one ast.walk over all trees: {walk_seconds:.3f} s")
    print(f"analysis over all trees: {analysis_seconds:.3f} s ({analyze_all(trees)} findings)")
    ratio = analysis_seconds / walk_seconds
    print(f"ratio 1, analysis / ast.walk: {ratio:.3f} (goal <= 0.25: {_verdict(ratio <= 0.25)})")
    check_seconds = best_time(lambda: check_all(trees, paths), arguments.repeats)
    print(
        f"with the framework rules (what the plugin runs): {check_seconds:.3f} s, "
        f"{check_seconds / walk_seconds:.3f} of ast.walk"
    )

    if not arguments.skip_flake8:
        flake8_seconds = flake8_time(paths)
        share = analysis_seconds / flake8_seconds
        print(f"flake8 -j1 over the same files: {flake8_seconds:.1f} s")
        verdict = _verdict(share <= 0.01)
        print(f"ratio 2, analysis / flake8 -j1: {share:.2%} (goal <= 1%: {verdict})")

    cross_file(arguments.project_modules, arguments.repeats)
    project_index(arguments.index_modules, arguments.repeats)

    import_seconds, imports_libcst = import_check()
    print(
        f"import flake8_wraps.plugin: {import_seconds * 1000:.1f} ms, "
        f"LibCST imported: {imports_libcst} (goal: False: {_verdict(not imports_libcst)})"
    )


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


if __name__ == "__main__":
    main()
