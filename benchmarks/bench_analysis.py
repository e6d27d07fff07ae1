"""How much the analysis costs, as ratios to what any tool pays anyway.

Over a corpus (default: the running interpreter's standard library without its tests),
every file is read and parsed once, then this prints:

1. the analysis' own time over all trees / one ``ast.walk`` over the same trees
   (goal: at most 0.25), and
2. the analysis' own time / a full single-process ``flake8`` run over the same files
   (goal: at most 1%).

It also times what the plugin runs per file (the analysis plus the framework rules) beside
what the previous release ran (``PREVIOUS_RELEASE``, taken from this checkout's git history
and imported in its place for its turn), both as ratios to one ``ast.walk`` timed in the
same rounds over the same trees (goal: at most 0.25), the
cross-file resolution on a generated project of a few hundred modules whose views import
their decorators from a shared module, and checks that importing the plugin stays cheap
(no LibCST). Run it from a checkout with the project installed:
``python benchmarks/bench_analysis.py [CORPUS]``.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import io
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Callable, Iterator, Optional, Sequence

from flake8_wraps.project import modules as project, shared_registries
from flake8_wraps.analysis.module import analyze
from flake8_wraps.project.applications import applied_names, forget_applications
from flake8_wraps.project.checker import check

#: The release before the framework rules grew (main before issue 12's nine frameworks
#: were merged): the plugin's cost is compared with what it was there.
PREVIOUS_RELEASE = "2dfb0d5"
PACKAGE = "flake8_wraps"
CheckFunction = Callable[..., Sequence[object]]

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


def check_all(
    trees: list[ast.Module], paths: list[Path], check_file: CheckFunction = check
) -> int:
    return sum(len(check_file(tree, str(path))) for tree, path in zip(trees, paths))


def best_times(actions: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The fastest of ``repeats`` rounds of each action, the actions taking turns in each
    round, so that a busy spell of the machine weighs on all of them alike."""
    best = dict.fromkeys(actions, float("inf"))
    for _ in range(repeats):
        for label, action in actions.items():
            start = time.perf_counter()
            action()
            best[label] = min(best[label], time.perf_counter() - start)
    return best


#: The module that holds ``check``, now and before the package was split into layers.
CHECKER_MODULES = (f"{PACKAGE}.project.checker", f"{PACKAGE}.checker")


class PreviousRelease:
    """The package as it was at ``commit``, importable beside the current one.

    Its files are taken from git into a temporary directory and imported under the same
    name; the modules of each version are swapped into ``sys.modules`` for its turn, so
    the imports either version makes while it runs find its own modules.
    """

    def __init__(self, commit: str, directory: Path, modules: dict[str, ModuleType]):
        self.commit = commit
        self.directory = directory
        self.modules = modules
        checker = next(modules[name] for name in CHECKER_MODULES if name in modules)
        self.check: CheckFunction = checker.check

    @classmethod
    def load(cls, commit: str, directory: Path) -> PreviousRelease:
        checkout = Path(__file__).resolve().parent.parent
        archive = subprocess.run(
            ["git", "-C", str(checkout), "archive", "--format=tar", commit, PACKAGE],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(directory)
        current = _package_modules()
        for name in current:
            del sys.modules[name]
        sys.path.insert(0, str(directory))
        try:
            # Where ``check`` is: the project layer since the package became layers.
            layered = (directory / PACKAGE / "project" / "checker.py").exists()
            importlib.import_module(CHECKER_MODULES[0 if layered else 1])
            previous = _package_modules()
        finally:
            sys.path.remove(str(directory))
            for name in _package_modules():
                del sys.modules[name]
            sys.modules.update(current)
        return cls(commit, directory, previous)

    @contextmanager
    def active(self) -> Iterator[None]:
        current = _package_modules()
        for name in current:
            del sys.modules[name]
        sys.modules.update(self.modules)
        try:
            yield
        finally:
            self.modules = _package_modules()
            for name in self.modules:
                del sys.modules[name]
            sys.modules.update(current)

    def check_all(self, trees: list[ast.Module], paths: list[Path]) -> int:
        with self.active():
            return check_all(trees, paths, self.check)


def _package_modules() -> dict[str, ModuleType]:
    return {
        name: module
        for name, module in sys.modules.items()
        if name == PACKAGE or name.startswith(PACKAGE + ".")
    }


def load_previous(commit: str, directory: Path) -> Optional[PreviousRelease]:
    """The previous release, or None (with the reason printed) outside a git checkout."""
    try:
        return PreviousRelease.load(commit, directory)
    except (OSError, subprocess.CalledProcessError, ImportError, tarfile.TarError) as error:
        print(f"previous release {commit}: not available ({error})")
        return None


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
            shared_registries.forget()
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
            forget_applications()
            return len(applied_names(root))

        index_seconds = best_time(cold, repeats)
        parse_seconds = best_time(
            lambda: [ast.parse(path.read_bytes()) for path in root.rglob("*.py")], 1
        )
    print(
        f"index of decorator applications, {len(trees)} modules: {index_seconds * 1000:.1f} ms"
        f" once per process ({index_seconds / parse_seconds:.2f}x of parsing those modules)"
    )


def plugin_against_previous(
    trees: list[ast.Module], paths: list[Path], commit: str, directory: Path, repeats: int
) -> None:
    """What the plugin runs per file, now and in the previous release, each against one
    ``ast.walk`` timed in the same rounds."""
    previous = load_previous(commit, directory)
    actions: dict[str, Callable[[], object]] = {
        "walk": lambda: walk_all(trees),
        "current": lambda: check_all(trees, paths),
    }
    if previous is not None:
        previous_findings = previous.check_all(trees, paths)  # also reads what it caches
        actions["previous"] = lambda: previous.check_all(trees, paths)
    current_findings = check_all(trees, paths)
    seconds = best_times(actions, repeats)
    walk = seconds["walk"]
    print(f"one ast.walk, timed in the same rounds: {walk:.3f} s")
    ratio = seconds["current"] / walk
    print(
        f"the plugin (analysis + framework rules): {seconds['current']:.3f} s, "
        f"{ratio:.3f} of ast.walk (goal <= 0.25: {_verdict(ratio <= 0.25)}), "
        f"{current_findings} findings"
    )
    if previous is not None:
        print(
            f"the plugin in the previous release {commit}: {seconds['previous']:.3f} s, "
            f"{seconds['previous'] / walk:.3f} of ast.walk, {previous_findings} findings"
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
    parser.add_argument(
        "--previous",
        default=PREVIOUS_RELEASE,
        metavar="COMMIT",
        help=f"the release to compare the plugin with (default: {PREVIOUS_RELEASE})",
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
    with tempfile.TemporaryDirectory() as directory:
        plugin_against_previous(
            trees, paths, arguments.previous, Path(directory), arguments.repeats
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
