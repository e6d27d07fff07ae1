"""The command line: ``flake8-wraps check`` reports, ``flake8-wraps fix`` repairs.

For people who do not run flake8 (ruff users, pre-commit hooks, scripts): the same findings
as the plugin, the same option, settings read from the project's configuration files, and
files spread over processes. LibCST is imported only by ``fix``, only for files with
something to fix.
"""

from __future__ import annotations

import argparse
import ast
import configparser
import difflib
import fnmatch
import io
import json
import os
import sys
import tokenize
import warnings
from contextlib import closing
from pathlib import Path
from typing import (
    Any,
    Callable,
    Generator,
    Iterable,
    NamedTuple,
    Optional,
    Sequence,
    TypeVar,
    Union,
)

from flake8_wraps.analysis import Finding
from flake8_wraps.checker import check
from flake8_wraps.config import Config
from flake8_wraps.errors import one_line
from flake8_wraps.files import (
    NotWritten,
    Rewrite,
    Snapshot,
    python_files,
    read_source,
    write_fixed,
)
from flake8_wraps.workers import (
    Interrupted,
    signals_deferred,
    start_pool,
    stop_pool,
    stop_signals_raise,
)

DEFAULT_EXCLUDE = (".git", ".venv", "venv", "build", "dist", "__pycache__", ".tox", ".eggs")
#: Below this many files, starting processes costs more than it saves.
_PARALLEL_THRESHOLD = 32
#: Above this many files, a terminal shows progress.
_PROGRESS_THRESHOLD = 300
#: Configuration files, in the order a project's settings are looked for.
_INI_FILES = ("setup.cfg", "tox.ini", ".flake8")

T = TypeVar("T")
R = TypeVar("R")


class Settings(NamedTuple):
    """What one run checks and reports: parsed once, passed to every worker."""

    config: Config
    select: tuple[str, ...]
    ignore: tuple[str, ...]

    def wants(self, finding: Finding) -> bool:
        code = finding.code
        if self.select and not code.startswith(self.select):
            return False
        return not (self.ignore and code.startswith(self.ignore))


class FileReport(NamedTuple):
    """What happened to one file."""

    path: str
    findings: list[Finding]
    #: ``fix``: the findings the fixes repaired (or would repair).
    fixed: list[Finding] = []
    #: ``fix --diff``: the unified diff.
    diff: str = ""
    #: Why the file could not be processed, or None.
    error: Optional[str] = None
    #: ``fix``: the verified fix, for the main process to write.
    rewrite: Optional[Rewrite] = None


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help(sys.stderr)
        return 2
    if arguments.command == "lsp":
        return _serve()
    with stop_signals_raise():
        try:
            return _run(arguments)
        except Interrupted as interruption:
            print(f"flake8-wraps: interrupted by {interruption.name}", file=sys.stderr)
            return interruption.exit_status


def _run(arguments: argparse.Namespace) -> int:
    try:
        settings, exclude = _settings(arguments)
        walk = python_files(arguments.paths, lambda path: _excluded(path, exclude))
    except (OSError, ValueError) as error:
        print(f"flake8-wraps: error: {error}", file=sys.stderr)
        return 2
    for skipped in walk.skipped:
        print(f"{skipped.path}: {skipped.reason}", file=sys.stderr)
    files = walk.files
    jobs = max(1, arguments.jobs or os.cpu_count() or 1)
    if arguments.command == "check":
        status = _check(files, settings, jobs, arguments.format)
    else:
        status = _fix(files, settings, jobs, arguments)
    return 2 if any(skipped.error for skipped in walk.skipped) else status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flake8-wraps",
        description="Find (and fix) decorators whose wrapper lacks functools.wraps.",
    )
    commands = parser.add_subparsers(dest="command")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    common.add_argument(
        "--wraps-functions",
        metavar="NAMES",
        help="comma-separated dotted names that copy metadata like functools.wraps",
    )
    common.add_argument("--select", metavar="CODES", help="report only these code prefixes")
    common.add_argument("--ignore", metavar="CODES", help="do not report these code prefixes")
    common.add_argument(
        "--exclude",
        metavar="GLOBS",
        help=f"comma-separated globs to skip (default: {','.join(DEFAULT_EXCLUDE)})",
    )
    common.add_argument(
        "--extend-exclude", metavar="GLOBS", help="globs to skip besides --exclude's"
    )
    common.add_argument(
        "-j", "--jobs", type=int, default=0, help="processes to use (default: CPUs)"
    )
    check_parser = commands.add_parser("check", parents=[common], help="report findings")
    check_parser.add_argument(
        "--format", choices=("text", "json", "github"), default="text", help="output format"
    )
    fix_parser = commands.add_parser("fix", parents=[common], help="repair findings in place")
    mode = fix_parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a diff, change nothing")
    mode.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a fix is pending"
    )
    fix_parser.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply the fixes marked unsafe"
    )
    commands.add_parser(
        "lsp", help="run the language server over stdio (needs flake8-wraps[lsp])"
    )
    return parser


def _serve() -> int:
    try:
        from flake8_wraps.lsp import create_server
    except ImportError as error:
        print(
            f"flake8-wraps: error: the language server needs pygls ({error}): "
            "pip install 'flake8-wraps[lsp]'",
            file=sys.stderr,
        )
        return 2
    found = _configured(Path.cwd())
    config = Config.from_extra_wraps_functions(_split(found.get("wraps-functions")))
    create_server(config).start_io()
    return 0


# -- settings ------------------------------------------------------------------------------


def _settings(arguments: argparse.Namespace) -> tuple[Settings, tuple[str, ...]]:
    """Command-line options over the project's configuration files."""
    found = _configured(Path.cwd())
    wraps_functions = _split(arguments.wraps_functions) or _split(found.get("wraps-functions"))
    select = _split(arguments.select) or _split(found.get("select"))
    ignore = _split(arguments.ignore) or _split(found.get("ignore"))
    exclude = _split(arguments.exclude) or _split(found.get("exclude")) or DEFAULT_EXCLUDE
    exclude += _split(arguments.extend_exclude) or _split(found.get("extend-exclude"))
    config = Config.from_extra_wraps_functions(wraps_functions)
    return Settings(config, select, ignore), exclude


def _configured(directory: Path) -> dict[str, str]:
    """Settings from ``[flake8]``/``[flake8-wraps]`` and ``[tool.flake8-wraps]``.

    ``[flake8]`` gives only ``wraps-functions`` (its other keys are flake8's own);
    ``[flake8-wraps]`` and ``pyproject.toml`` give every setting.
    """
    settings: dict[str, str] = {}
    for name in _INI_FILES:
        path = directory / name
        if not path.is_file():
            continue
        parser = configparser.RawConfigParser()
        parser.read(path, encoding="utf-8")
        if parser.has_option("flake8", "wraps-functions"):
            settings.setdefault("wraps-functions", parser.get("flake8", "wraps-functions"))
        if parser.has_section("flake8-wraps"):
            for key, value in parser.items("flake8-wraps"):
                settings[key.replace("_", "-")] = value
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        if sys.version_info >= (3, 11):
            import tomllib  # novermin: guarded by the version check above
        else:  # pragma: no cover - the 3.9 and 3.10 path
            import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
        with pyproject.open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("flake8-wraps", {})
        for key, value in table.items():
            text = ",".join(value) if isinstance(value, list) else str(value)
            settings[key.replace("_", "-")] = text
    return settings


def _split(value: Optional[str]) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())


def _excluded(path: str, exclude: tuple[str, ...]) -> bool:
    base = os.path.basename(path)
    return any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(path, p) for p in exclude)


# -- running over files ----------------------------------------------------------------------


def _map(
    function: Callable[[T], R], items: list[T], jobs: int
) -> Generator[R, None, None]:
    """``function`` over ``items``, in processes when it pays, with progress on a terminal."""
    show = sys.stderr.isatty() and len(items) > _PROGRESS_THRESHOLD
    if jobs > 1 and len(items) >= _PARALLEL_THRESHOLD:
        executor = start_pool(jobs)
        results: Iterable[R] = executor.map(function, items, chunksize=16)
    else:
        executor = None
        results = map(function, items)
    completed = False
    try:
        for done, result in enumerate(results, 1):
            if show and (done % 50 == 0 or done == len(items)):
                print(f"\r{done}/{len(items)} files", end="", file=sys.stderr, flush=True)
            yield result
        completed = True
    finally:
        if show:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
        if executor is not None:
            stop_pool(executor, completed)


def _read(path: str) -> tuple[bytes, Snapshot, ast.Module]:
    source, snapshot = read_source(path)
    return source, snapshot, parse_quietly(source, path)


def parse_quietly(source: bytes, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` without the compiler's warnings about the user's code (invalid
    escape sequences...): they are not this tool's to print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, filename=filename)


class _Checked(NamedTuple):
    source: bytes
    snapshot: Snapshot
    tree: ast.Module
    #: Everything ``check`` found, and the findings the settings want.
    everything: list[Finding]
    findings: list[Finding]


def _checked(path: str, settings: Settings) -> Union[_Checked, FileReport]:
    """A file's source, snapshot, tree and findings, or the report of why it has none.

    Whatever goes wrong with one file (input deeper than the parser's recursion allows, a
    bug of ours) is that file's one-line error; the other files are still done.
    """
    try:
        source, snapshot, tree = _read(path)
    except Exception as error:
        return FileReport(path, [], error=_describe(error))
    try:
        found = check(tree, path, settings.config)
    except Exception as error:  # one file's bug must not stop the others
        return FileReport(path, [], error=_internal(error))
    return _Checked(source, snapshot, tree, found, [f for f in found if settings.wants(f)])


class _CheckFile:
    """A picklable task: one file's findings."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, path: str) -> FileReport:
        checked = _checked(path, self.settings)
        return checked if isinstance(checked, FileReport) else FileReport(path, checked.findings)


def _internal(error: BaseException) -> str:
    return f"internal error ({one_line(error)}); left untouched, please report it"


def _describe(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        where = f"line {error.lineno}: " if error.lineno else ""
        return f"not valid Python ({where}{' '.join(str(error.msg).split())}); left untouched"
    if isinstance(error, (RecursionError, MemoryError)):
        return (
            f"too deeply nested for Python's parser ({type(error).__name__}); left untouched"
        )
    if isinstance(error, OSError):
        return f"cannot be read ({error.strerror or one_line(error)}); left untouched"
    if isinstance(error, (ValueError, UnicodeDecodeError)):
        return f"cannot be read ({one_line(error)}); left untouched"
    return _internal(error)


def _check(files: list[str], settings: Settings, jobs: int, output: str) -> int:
    reports = list(_map(_CheckFile(settings), files, jobs))
    findings = [(report.path, f) for report in reports for f in report.findings]
    if output == "json":
        print(json.dumps([_as_json(path, f) for path, f in findings], indent=2))
    else:
        for path, f in findings:
            if output == "github":
                print(_as_github(path, f))
            else:
                print(f"{path}:{f.line}:{f.col + 1}: {f.code} {f.message}")
    errors = [report for report in reports if report.error]
    for report in errors:
        print(f"{report.path}: {report.error}", file=sys.stderr)
    if errors:
        return 2
    return 1 if findings else 0


def _as_json(path: str, finding: Finding) -> dict[str, Any]:
    return {
        "path": path,
        "line": finding.line,
        "column": finding.col + 1,
        "code": finding.code,
        "message": finding.message,
        "fixable": finding.fix is not None,
    }


def _as_github(path: str, finding: Finding) -> str:
    def escape(text: str, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        if property_value:
            text = text.replace(":", "%3A").replace(",", "%2C")
        return text

    return (
        f"::warning file={escape(path, True)},line={finding.line},col={finding.col + 1},"
        f"title={finding.code}::{escape(f'{finding.code} {finding.message}')}"
    )


# -- fix ------------------------------------------------------------------------------------


class _FixFile:
    """A picklable task: one file's fixes, written (or shown) only once verified."""

    def __init__(self, settings: Settings, unsafe: bool, write: bool, diff: bool):
        self.settings = settings
        self.unsafe = unsafe
        self.write = write
        self.diff = diff

    def __call__(self, path: str) -> FileReport:
        try:
            return self._fix(path)
        except Exception as error:  # one file's bug must not stop the others
            return FileReport(path, [], error=_internal(error))

    def _fix(self, path: str) -> FileReport:
        checked = _checked(path, self.settings)
        if isinstance(checked, FileReport):
            return checked
        source, found = checked.source, checked.findings
        if not any(f.fix is not None and (f.fix.safe or self.unsafe) for f in found):
            return FileReport(path, found)
        from flake8_wraps.fixer import FixError, fix_source  # LibCST: only when fixing

        try:
            fixed_source, fixed = fix_source(
                source, found, self.settings.config, self.unsafe,
                tree=checked.tree, checked=checked.everything,
            )
        except FixError as error:
            return FileReport(path, found, error=f"not fixed: {error}; left untouched")
        left = [f for f in found if f not in fixed]
        diff = _unified_diff(path, source, fixed_source) if self.diff else ""
        rewrite = None
        if self.write and fixed_source != source:
            rewrite = Rewrite(fixed_source, checked.snapshot)  # written by the main process
        return FileReport(path, left, fixed, diff, rewrite=rewrite)


def _written(report: FileReport) -> FileReport:
    """The report once its fix is written over the file, or why it was not (only the main
    process writes)."""
    if report.rewrite is None:
        return report
    try:
        write_fixed(report.path, report.rewrite)
    except NotWritten as refusal:
        error = f"{refusal}; left untouched"
    except OSError as failure:
        error = f"cannot be written ({failure.strerror or one_line(failure)}); left untouched"
    else:
        return report._replace(rewrite=None)
    return FileReport(report.path, report.findings + report.fixed, error=error)


def _unified_diff(path: str, before: bytes, after: bytes) -> str:
    encoding = tokenize.detect_encoding(io.BytesIO(before).readline)[0]
    return "".join(
        difflib.unified_diff(
            before.decode(encoding).splitlines(keepends=True),
            after.decode(encoding).splitlines(keepends=True),
            fromfile=path,
            tofile=path,
        )
    )


def _fix(files: list[str], settings: Settings, jobs: int, arguments: argparse.Namespace) -> int:
    dry = arguments.check or arguments.diff
    task = _FixFile(settings, arguments.unsafe_fixes, write=not dry, diff=arguments.diff)
    reports: list[FileReport] = []
    try:
        with closing(_map(task, files, jobs)) as results:
            for report in results:
                with signals_deferred():  # a stop signal waits until the file is replaced
                    reports.append(_written(report))
    except Interrupted:
        rewritten = [r.path for r in reports if r.fixed and not dry]
        print(
            f"flake8-wraps: stopped; {len(rewritten)} file{'s' if len(rewritten) != 1 else ''}"
            f" already rewritten{':' if rewritten else ''}",
            file=sys.stderr,
        )
        for path in rewritten:
            print(f"  {path}", file=sys.stderr)
        raise
    verb = "would fix" if dry else "fixed"
    for report in reports:
        if report.diff:
            sys.stdout.write(report.diff)
        if report.fixed:
            count = len(report.fixed)
            print(f"{report.path}: {verb} {count} finding{'s' if count != 1 else ''}")
        if report.error:
            print(f"{report.path}: {report.error}", file=sys.stderr)
    fixed = sum(len(r.fixed) for r in reports)
    changed = sum(1 for r in reports if r.fixed)
    left = sum(len(r.findings) for r in reports if not r.error)  # not: refused, unwritten
    summary = f"{verb} {fixed} finding{'s' if fixed != 1 else ''} in {changed} file"
    summary += "s" if changed != 1 else ""
    if left:
        summary += f"; {left} left (no {'safe ' if not arguments.unsafe_fixes else ''}fix)"
    print(summary)
    if any(r.error for r in reports):
        return 2
    if left or (dry and fixed):
        return 1
    return 0
