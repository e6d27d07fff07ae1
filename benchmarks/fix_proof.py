"""Proof that the fixes are as safe as they say: real projects' own tests, before and after.

For each project below, its repository's newest commit (or the one it names) is laid out
in ``WORK/<name>`` from a mirror made by the search tool's ``fetch`` (a git directory
without a work tree, in ``MIRRORS/<owner>+<name>``), installed with its test dependencies
into a virtual environment of its own (``WORK/.venvs/<name>``, outside the tree that is fixed), and
then:

1. its tests run (the modules named below);
2. ``flake8-wraps fix`` (the safe fixes) runs over the tree, and the tests run again;
3. ``flake8-wraps fix --unsafe-fixes`` runs, and the tests run again.

A test that passed before and fails after a step is a fix that broke working code; for
the safe step there must be none. It prints one row a project: the findings that have a
fix, how many of them are safe and unsafe, what each ``fix`` run changed, and the tests
that passed and failed at each step (broken: passed before, failed after; flaky where the
step changed no file). Exit status 1 when a safe fix broke a test, 2 when a project proved
nothing (no test passed before the fixes: its setup went wrong).

Run from a checkout with the project installed (the ``flake8-wraps`` of the running
interpreter is used): ``python benchmarks/fix_proof.py [--work DIR] [--mirrors DIR]
[NAME ...]``. It takes minutes: each project is installed once, and its tests run three
times. Nothing of the projects is kept in this repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import NamedTuple, Optional


class Project(NamedTuple):
    name: str
    #: ``owner/name`` on GitHub.
    repository: str
    #: What to install besides the project itself (its test requirements).
    requirements: tuple[str, ...]
    #: The test modules or directories to run, relative to the project's root.
    tests: tuple[str, ...]
    #: Install the project in place (``-e .``); False where it cannot be built (its
    #: tests then import it from its root, put on ``PYTHONPATH``).
    installable: bool = True
    #: Options for pytest besides the defaults (the project's own ``addopts`` may need
    #: plugins that are not installed).
    pytest_options: tuple[str, ...] = ()
    #: The interpreter its virtual environment is made with, where the project needs
    #: another Python than the running one (a name on ``PATH``).
    python: str | None = None
    #: Its tests uninstall it when they end (pydocstyle's ``install_package`` fixture):
    #: it is installed again before each run.
    reinstall: bool = False
    #: The commit laid out: the newest, or where the maintainers have since fixed what
    #: is proven, the one before their fix (the findings are gone from the newest).
    commit: str = "HEAD"


#: Projects with WRP findings today whose tests run here in minutes. Each list of test
#: modules covers the decorated code the fixes touch.
PROJECTS = (
    # The plugin model's decorators (_manage_mmm and its siblings, static functions of the
    # class body) wrap every plugin's update, which test_core runs for each plugin.
    Project("glances", "nicolargo/glances", ("pytest",), ("tests/test_core.py",)),
    Project(
        "pyramid", "Pylons/pyramid", ("webtest", "zope.component", "pytest"), ("tests",)
    ),
    # Its test modules are not named test_*.py.
    Project("peewee", "coleifer/peewee", ("pytest",), ("tests",), pytest_options=(
        "-o", "python_files=*.py")),
    Project(
        "GitPython",
        "gitpython-developers/GitPython",
        # The gitdb in the tree, in place: its tests are in no wheel. A path entry
        # (compat mode), or the tree's gitdb/ folder shadows it as a namespace package.
        ("pytest", "ddt", "pytest-mock", "-e", "./gitdb", "--config-settings",
         "editable_mode=compat"),
        # test_refs reads the repository's own history, which an export has not: its
        # tests fail before as after. gitdb's tests use the decorators fixed in gitdb.
        ("test/test_config.py", "test/test_refs.py", "test/test_fun.py", "test/test_util.py",
         "gitdb/gitdb/test"),
        pytest_options=("-o", "addopts="),  # no coverage
    ),
    Project(
        "invoke", "pyinvoke/invoke", ("pytest", "pytest-relaxed", "icecream"),
        ("tests/task.py", "tests/collection.py", "tests/executor.py", "tests/context.py"),
    ),
    Project(
        "cornice",
        "Cornices/cornice",
        ("pytest", "webtest", "colander", "marshmallow<4", "pyramid"),
        ("tests",),
    ),
    # Its own runner is nose with doctests: the examples in unstdlib.standard's docstrings
    # are tests too. Its setup.py has a version today's setuptools rejects ('dev'), and
    # it imports collections.MutableMapping, gone since Python 3.10.
    Project(
        "unstdlib", "shazow/unstdlib.py", ("pytest",), ("test", "unstdlib/standard"),
        installable=False, pytest_options=("--doctest-modules",), python="python3.9",
    ),
    # The fix is in a test's own hook on a websocket's message handler. Tornado's test
    # modules are named *_test.py.
    Project(
        "tornado", "tornadoweb/tornado", ("pytest",), ("tornado/test/websocket_test.py",),
        pytest_options=("-o", "python_files=*_test.py"),
    ),
    # The fix is in dask.order's scheduling (a decorator local to order()), which
    # test_order runs on many graphs; numpy for its dask.array cases, pytest-timeout for
    # its configuration.
    Project(
        "dask", "dask/dask", ("pytest", "pytest-timeout", "numpy"),
        ("dask/tests/test_order.py",),
        pytest_options=("-o", "addopts="),  # no coverage
    ),
    # The fixes are in the hook chains (sync and asyncio) that a limited call runs
    # through: the modules that use hooks (the whole suite takes two minutes a run, its
    # rate limiters' modules sleeping most of it). Redis is fakeredis in its tests.
    Project(
        "throttled-py",
        "ZhuoZhuoCrayon/throttled-py",
        ("pytest", "pytest-asyncio", "fakeredis[lua]", "redis>3,<8", "opentelemetry-api",
         "opentelemetry-sdk", "fastapi<1", "httpx"),
        ("tests/test_hooks.py", "tests/test_throttled.py", "tests/contrib",
         "tests/asyncio/test_hooks.py", "tests/asyncio/test_hooks_concurrent.py",
         "tests/asyncio/test_throttled.py", "tests/asyncio/contrib"),
        # These time a second call that a fixed window of one wall-clock second must
        # delay: when the two calls straddle a second's boundary it is not delayed and
        # the test fails, with or without the fixes (seen once in the step that changed
        # nothing).
        pytest_options=tuple(
            f"--deselect=tests/{where}::TestOTelHook::test_duration__includes_retry_wait_time"
            for where in ("contrib/otel/test_otel_hook.py", "asyncio/contrib/otel/test_hook.py")
        ),
    ),
    # flag_calls (its unsafe fix: it copies __doc__ by hand), which IPython's pylab
    # support wraps matplotlib's draw_if_interactive in, is run by test_decorators_2 (and
    # test_pylabtools, which replaces activate_matplotlib, around it). The safe fix is in
    # the wx input hook, which nothing here runs (no wxPython).
    Project(
        "ipython",
        "ipython/ipython",
        ("pytest", "pytest-asyncio", "testpath", "matplotlib", "numpy"),
        ("tests/test_decorators.py", "tests/test_decorators_2.py", "tests/test_pylabtools.py"),
        # Its addopts load its own doctest plugin, which today's pytest cannot import.
        pytest_options=("-o", "addopts="),
    ),
    # JAX code: the fixes are in the solvers' objective adapters (which equinox then
    # closure-converts and jits) and the regularizers' penalized loss; the modules that
    # fit with each solver and regularizer.
    Project(
        "nemos",
        "flatironinstitute/nemos",
        ("pytest", "statsmodels", "matplotlib"),
        ("tests/test_regularizer.py", "tests/test_solvers.py",
         "tests/test_solver_validation.py", "tests/test_custom_solver_integration.py",
         "tests/test_fista_adjoint.py"),
        python="python3.12",  # it requires 3.12 or newer
    ),
    # Tests that compare the source of their own decorated fixtures (test_mixins.py):
    # the safe fix broke two of them until a module that reads source made it unsafe.
    Project(
        "dill",
        "uqfoundation/dill",
        ("pytest",),
        ("dill/tests/test_mixins.py", "dill/tests/test_sources.py",
         "dill/tests/test_source.py", "dill/tests/test_detect.py"),
        # The modules import each other as top-level modules, as ``python -m dill.tests``
        # runs them.
        pytest_options=("-o", "pythonpath=dill/tests"),
    ),
    # Projects of the blind sets with safe fixes (sets AH, AI, AP): a decorator in a
    # test that Chalice registers by its name, sqlparse's recursive ``recurse``,
    # pydocstyle's ``check_initialized`` on the configuration's methods.
    Project(
        "chalice",
        "aws/chalice",
        ("pytest", "hypothesis", "six", "boto3", "requests", "websocket-client"),
        ("tests/unit/test_app.py",),
        pytest_options=("-o", "addopts="),
    ),
    Project("sqlparse", "andialbrecht/sqlparse", ("pytest",), ("tests",)),
    Project(
        "pydocstyle", "PyCQA/pydocstyle", ("pytest", "tomli"), ("src/tests",),
        pytest_options=("-o", "addopts="),  # its own --cache-clear needs the cache plugin
        reinstall=True,
    ),
    # Closures installed in place of the method they call (installed-without-wraps):
    # transitions' with_model_definitions replaces the machine class's add_model, which
    # test_experimental runs for every typed model; huggingface_hub's strict dataclasses
    # replace the class's __setattr__ with a validating one; modeltranslation patches
    # every registered model's __init__, which its whole suite constructs.
    Project(
        "transitions", "pytransitions/transitions", ("pytest",),
        ("tests/test_experimental.py", "tests/test_core.py"),
    ),
    Project(
        "huggingface_hub", "huggingface/huggingface_hub", ("pytest", "pytest-mock", "jedi"),
        ("tests/test_utils_strict_dataclass.py",),
        pytest_options=("-o", "addopts="),
    ),
    Project(
        "modeltranslation",
        "deschler/django-modeltranslation",
        ("pytest", "pytest-django", "parameterized", "django-stubs-ext"),
        ("modeltranslation/tests",),
        pytest_options=("-o", "addopts="),  # no coverage, and no --maxfail
    ),
    # llm's Model.__init_subclass__ replaces every model class's __init__ with one that
    # records its arguments; the maintainers added wraps after this commit (fix set 73).
    # A plain forwarding closure: the one safe installed fix here. Every test makes models.
    Project(
        "llm", "simonw/llm",
        ("pytest", "numpy", "pytest-httpx>=0.33.0", "pytest-asyncio", "cogapp",
         "pytest-recording", "syrupy", "llm-echo==0.3a3"),
        ("tests",),
        commit="72da1dfc430678a3b1f39fcba2d78f75a30730fa",
    ),
    # Decorators of WSGI handler functions that take *args, **kwds besides environ and
    # start_response (reported since stop 77): test_decorate applies each one to a
    # handler and calls it. Its tests import ``py.test``.
    Project(
        "tiddlywebplugins.utils", "tiddlyweb/tiddlywebplugins.utils",
        ("pytest", "py", "tiddlyweb"), ("test/test_decorate.py",),
    ),
    # Its spectrum decorators hang their closure on the class with setattr() and copy
    # __name__ and __doc__ by hand: the safe fix adds wraps and removes the copies (fix
    # set 93, at the commit before the maintainers' own fix). 2022 code: pydantic 1.
    Project(
        "ramanchada2", "h2020charisma/ramanchada2",
        ("pytest", "pydantic<2", "numpy<2", "scipy", "matplotlib", "h5py", "uncertainties",
         "lmfit", "pandas<2.2"),
        ("tests",),
        commit="4d94f2342d91fbf21174cf80da105cd771ebd77d",
    ),
)


class Outcome(NamedTuple):
    passed: frozenset[str]
    failed: frozenset[str]


def run(command: list[str], cwd: Path, log: Path, importable: bool = False) -> int:
    """``command`` in ``cwd``, its output added to ``log``; with ``importable``, what is
    in ``cwd`` is importable (a project that is not installed)."""
    # setuptools-scm finds no git metadata in an exported tree. One hash seed, so that a
    # test whose outcome hangs on the order of a set of strings (dask's
    # test_string_ordering_dependents, an xfail that passes under most seeds) comes out
    # the same in the three runs.
    environment = dict(os.environ, SETUPTOOLS_SCM_PRETEND_VERSION="0", PYTHONHASHSEED="0")
    # As in an activated environment: the console scripts installed beside the program
    # are on PATH (pydocstyle's tests run ``pydocstyle``).
    if os.path.isabs(command[0]):
        environment["PATH"] = os.pathsep.join(
            [os.path.dirname(command[0]), environment.get("PATH", "")]
        )
    if importable:
        environment["PYTHONPATH"] = str(cwd)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        return subprocess.run(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=environment
        ).returncode


def lay_out(project: Project, mirrors: Path, root: Path) -> None:
    """The repository's commit (``Project.commit``), fresh in ``root``."""
    mirror = mirrors / project.repository.replace("/", "+") / "repo"
    git_dir = mirror / ".git" if (mirror / ".git").is_dir() else mirror
    if not (git_dir / "HEAD").is_file():
        raise SystemExit(f"{project.name}: no mirror at {mirror}"
                         f" (bring it with the search tool's fetch github:{project.repository})")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    archive = subprocess.run(
        ["git", f"--git-dir={git_dir}", "archive", project.commit], check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)


def interpreter(name: str) -> str:
    """The first ``name`` that runs: on ``PATH``, else one of pyenv's versions (whose
    shim on ``PATH`` runs only where that version is selected)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for candidate in [shutil.which(name), *sorted(map(str, pyenv.glob(f"*/bin/{name}")))]:
        if candidate and subprocess.run([candidate, "--version"],
                                        capture_output=True, check=False).returncode == 0:
            return candidate
    raise SystemExit(f"no {name} here")


def install(project: Project, root: Path, venv: Path, log: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        creator = interpreter(project.python) if project.python else sys.executable
        subprocess.run([creator, "-m", "venv", str(venv)], check=True)
    target = ["-e", str(root)] if project.installable else []
    status = run([str(python), "-m", "pip", "install", "-q", *target, *project.requirements],
                 root, log)
    if status != 0:
        raise SystemExit(f"{project.name}: installing failed (see {log})")
    return python


def tests(project: Project, python: Path, root: Path, report: Path, log: Path) -> Outcome:
    """Each test's outcome, from pytest's JUnit report: an error counts as a failure."""
    report.unlink(missing_ok=True)
    # A module that cannot be imported here (an optional driver) is left out, not fatal.
    run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "--continue-on-collection-errors", f"--junitxml={report}", *project.pytest_options,
         *project.tests], root, log, importable=not project.installable)
    passed, failed = set(), set()
    if report.exists():
        for case in ElementTree.parse(report).iter("testcase"):
            name = f"{case.get('classname')}::{case.get('name')}"
            if case.find("failure") is not None or case.find("error") is not None:
                failed.add(name)
            elif case.find("skipped") is None:
                passed.add(name)
    return Outcome(frozenset(passed), frozenset(failed - passed))


def findings(root: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("flake8-wraps")), "check", "--format", "json",
         "--no-cache", "."],
        cwd=root, capture_output=True, text=True,
    )
    found: list[dict[str, object]] = json.loads(result.stdout or "[]")
    return [f for f in found if f["fixable"]]


def fix(root: Path, unsafe: bool, log: Path) -> str:
    command = [str(Path(sys.executable).with_name("flake8-wraps")), "fix", "--no-cache", "."]
    if unsafe:
        command.insert(2, "--unsafe-fixes")
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}")
    summary = [line for line in result.stdout.splitlines() if line.startswith(("fixed", "would"))]
    return summary[-1] if summary else result.stdout.strip()


def prove(project: Project, mirrors: Path, work: Path) -> tuple[list[str], Optional[int]]:
    """The project's row, and how many tests the safe fixes broke; None when no test
    passed before the fixes (a setup that went wrong proves nothing)."""
    root = work / project.name
    log = work / ".logs" / f"{project.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")
    lay_out(project, mirrors, root)
    python = install(project, root, work / ".venvs" / project.name, log)
    fixable = findings(root)
    safe = sum(1 for f in fixable if f["fix_safety"] == "safe")
    report = work / ".logs" / f"{project.name}.xml"
    before = tests(project, python, root, report, log)
    cells = [project.name, str(len(fixable)), str(safe), str(len(fixable) - safe),
             f"{len(before.passed)}/{len(before.failed)}"]
    if not before.passed:
        return cells + [f"not run: no test passed before (see {log})"] * 2, None
    broken_by_safe = 0
    for unsafe in (False, True):
        sources = source_digest(root)
        fix(root, unsafe, log)
        if project.reinstall:
            install(project, root, work / ".venvs" / project.name, log)
        after = tests(project, python, root, report, log)
        broken = before.passed - after.passed
        step = "unsafe" if unsafe else "safe"
        if broken and source_digest(root) == sources:
            # No file changed: a test that fails now is flaky (peewee's threaded timeout
            # test), and says nothing about a fix.
            flaky = f"0 broken ({len(broken)} flaky, no file changed)"
            cells.append(f"{len(after.passed)}/{len(after.failed)}, {flaky}")
            with log.open("a", encoding="utf-8") as out:
                out.write("".join(f"FLAKY ({step}): {name}\n" for name in sorted(broken)))
            continue
        if not unsafe:
            broken_by_safe = len(broken)
        cells.append(f"{len(after.passed)}/{len(after.failed)}, {len(broken)} broken")
        with log.open("a", encoding="utf-8") as out:
            out.write("".join(f"BROKEN ({step}): {name}\n" for name in sorted(broken)))
    return cells, broken_by_safe


def source_digest(root: Path) -> str:
    """A digest of every Python file of the tree: whether a ``fix`` run changed any."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="projects to run (default: all)")
    parser.add_argument("--work", type=Path, default=Path("/work/proof"))
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    arguments = parser.parse_args()
    unknown = sorted(set(arguments.names) - {p.name for p in PROJECTS})
    if unknown:
        parser.error(f"no such project: {', '.join(unknown)} (choose from"
                     f" {', '.join(p.name for p in PROJECTS)})")
    chosen = [p for p in PROJECTS if not arguments.names or p.name in arguments.names]
    header = ["project", "fixable findings", "safe", "unsafe", "tests before (passed/failed)",
              "after safe fix", "after unsafe fix"]
    rows = []
    broken = 0
    unproved = []
    for project in chosen:
        cells, broken_here = prove(project, arguments.mirrors, arguments.work)
        rows.append(cells)
        if broken_here is None:
            unproved.append(project.name)
        else:
            broken += broken_here
        print(" | ".join(cells), file=sys.stderr, flush=True)
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    print(f"tests broken by safe fixes: {broken}")
    if unproved:
        print(f"proved nothing (no test passed before the fixes): {', '.join(unproved)}")
    return 1 if broken else 2 if unproved else 0


if __name__ == "__main__":
    sys.exit(main())
