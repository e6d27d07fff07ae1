"""A run over many files: which files, spread over processes, each file's failure on one
line, results kept in the cache, and what a run prints at the end."""

from __future__ import annotations

import argparse
import ast
import difflib
import os
import sys
from pathlib import Path
from typing import Callable, Generator, Iterable, NamedTuple, Optional, Sequence, TextIO, TypeVar

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.cli.files import NotWritten, Rewrite, Snapshot, Walk, python_files, write_fixed
from flake8_wraps.cli.parser import tool_version
from flake8_wraps.cli.report import (
    SourceLines,
    render_github,
    render_json,
    render_sarif,
    render_statistics,
    render_statistics_json,
    render_summary,
    render_text,
    use_colour,
)
from flake8_wraps.cli.results import Result, ResultCache
from flake8_wraps.cli.workers import start_pool, stop_pool
from flake8_wraps.errors import one_line
from flake8_wraps.project.cache import Digest, choose_location, is_settled, location
from flake8_wraps.project.config_files import check_codes, per_file_ignores_option
from flake8_wraps.project.lookup import display_path
from flake8_wraps.project.settings import Options, SettingsFinder
from flake8_wraps.project.source import byte_lines_with_ends

#: Below this many files, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 32


#: Above this many files, a terminal shows progress.
PROGRESS_THRESHOLD = 300


T = TypeVar("T")


R = TypeVar("R")


class FileReport(NamedTuple):
    """What happened to one file."""

    path: str
    findings: list[Finding]
    #: ``fix``: the findings the fixes repaired (or would repair).
    fixed: list[Finding] = []
    #: ``fix --diff``: the unified diff, in the file's own bytes.
    diff: bytes = b""
    #: Why the file could not be processed, or None.
    error: Optional[str] = None
    #: ``fix``: the verified fix, for the main process to write.
    rewrite: Optional[Rewrite] = None
    #: The result to keep in the cache, when there is one.
    kept: Optional[Result] = None
    #: ``fix``: ``(line, why)`` of each fix that could not be made while others were.
    refused: tuple[tuple[int, str], ...] = ()


def read_only(message: str) -> str:
    """A file's error as a command that changes nothing says it (not "left untouched")."""
    message = message.replace("; left untouched, please report it", "; please report it")
    return message[: -len("; left untouched")] if message.endswith("; left untouched") else message


def options_from(arguments: argparse.Namespace) -> Options:
    """The command line's settings; what it leaves out, each file's configuration gives."""

    def listed(value: Optional[str]) -> Optional[tuple[str, ...]]:
        return None if value is None else split_list(value)

    select, ignore = listed(arguments.select), listed(arguments.ignore)
    extend_select = split_list(arguments.extend_select)
    extend_ignore = split_list(arguments.extend_ignore)
    check_codes(select or (), "--select", "select")
    check_codes(ignore or (), "--ignore")
    check_codes(extend_select, "--extend-select", "select")
    check_codes(extend_ignore, "--extend-ignore")
    per_file_ignores = None
    if arguments.per_file_ignores is not None:
        per_file_ignores = per_file_ignores_option(arguments.per_file_ignores)
    return Options(
        wraps_functions=listed(arguments.wraps_functions),
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        extend_ignore=extend_ignore,
        per_file_ignores=per_file_ignores,
        exclude=listed(arguments.exclude),
        extend_exclude=split_list(arguments.extend_exclude),
        force_exclude=arguments.force_exclude,
        config_file=arguments.config,
        isolated=arguments.isolated,
    )


def split_list(value: Optional[str]) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())


def files_to_check(paths: Iterable[str], finder: SettingsFinder) -> Walk:
    """The files named, and the ``*.py`` files below the directories named, less the
    excluded ones (each directory's nearest configuration says which; a file named is
    left out only with force-exclude)."""
    named = []
    for name in paths:
        if not os.path.lexists(name):
            raise ValueError(f"{name}: no such file or directory")
        settings = finder.for_path(name)
        if not (settings.force_exclude and settings.force_excluded(name)):
            named.append(name)

    def excluded(path: str) -> bool:
        return finder.for_path(os.path.dirname(path) or ".").excluded(path)

    return python_files(named, excluded)


def map_files(
    function: Callable[[T], R], items: list[T], jobs: int
) -> Generator[R, None, None]:
    """``function`` over ``items``, in processes when it pays, with progress on a terminal."""
    show = sys.stderr.isatty() and len(items) > PROGRESS_THRESHOLD
    if jobs > 1 and len(items) >= PARALLEL_THRESHOLD:
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


class Checked(NamedTuple):
    source: bytes
    snapshot: Snapshot
    tree: ast.Module
    #: Everything ``check`` found, and the findings the settings and noqa let through.
    everything: list[Finding]
    findings: list[Finding]
    kept: Optional[Result] = None


def result_digest(snapshot: Snapshot, read_at_ns: int) -> Digest:
    settled = is_settled(snapshot.mtime_ns, read_at_ns)
    return Digest(snapshot.size, snapshot.mtime_ns, snapshot.sha256, settled)


def use_cache(directory: Optional[str]) -> None:
    """In a worker process: the cache directory the main process chose."""
    if location() != (None if directory is None else Path(directory)):
        choose_location(directory, enabled=directory is not None)


def kept_results(
    files: list[str], finder: SettingsFinder
) -> tuple[Optional[ResultCache], dict[str, Result], Optional[str]]:
    """The cache, the results it holds that still stand, and its directory for workers."""
    cache = ResultCache.open()
    kept: dict[str, Result] = {}
    if cache is not None:
        for path in files:
            result = cache.result(path, finder.for_path(path))
            if result is not None:
                kept[path] = result
    directory = location()
    return cache, kept, None if directory is None else str(directory)


def cache_line(files: int, answered: int, directory: Optional[str]) -> None:
    """``--verbose``: how much work the cache saved, on standard error."""
    where = "no cache" if directory is None else f"cache: {display_path(Path(directory))}"
    print(
        f"flake8-wraps: {files} file{plural_s(files)}, {files - answered} checked,"
        f" {answered} from the cache ({where})",
        file=sys.stderr,
    )


#: How every report of a failure of ours begins (``internal_error``).
_INTERNAL = "internal error"


def internal_error(error: BaseException) -> str:
    return f"{_INTERNAL} ({one_line(error)}); left untouched, please report it"


def is_internal(error: str) -> bool:
    """Whether a file's error is a failure of ours, not of the file (not valid Python,
    unreadable): ``check --exit-zero`` forgives the file's, never ours."""
    return error.startswith(_INTERNAL)


def describe_error(error: BaseException) -> str:
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
    return internal_error(error)


class OutputNotWritten(Exception):
    """``--output-file`` names a place that cannot be written: an error of ours (status 2),
    never the findings' status 1, which ``--exit-zero`` would hide."""


def show_findings(
    findings: list[tuple[str, Finding]],
    arguments: argparse.Namespace,
    output: str,
    lines: SourceLines,
    stream: Optional[TextIO] = None,
    passed: bool = True,
    problems: Sequence[tuple[str, str]] = (),
) -> None:
    """Print the findings in the chosen format, to ``--output-file`` or ``stream``; for
    ``check`` as text, ruff's closing line (``passed``: "All checks passed!" may close it,
    no file having failed). ``problems``, the files that could not be checked and why,
    go on standard error, and also into a GitHub or SARIF report, whose reader (a pull
    request, code scanning) never sees standard error."""
    stream = stream or sys.stdout
    if arguments.statistics:
        text = (render_statistics_json if output == "json" else render_statistics)(findings)
    elif output == "json":
        text = render_json(findings, lines)
    elif output == "github":
        text = render_github(findings, problems)
    elif output == "sarif":
        text = render_sarif(findings, lines, tool_version(), problems)
    else:
        colour = arguments.output_file is None and use_colour(arguments.color, stream)
        text = render_text(findings, lines, colour, arguments.show_source)
        if arguments.command == "check" and not arguments.quiet and (findings or passed):
            text += render_summary(findings)
    if arguments.output_file is not None:
        # As flake8 and ruff do, the file's directory is made when missing.
        directory = os.path.dirname(os.path.abspath(arguments.output_file))
        try:
            os.makedirs(directory, exist_ok=True)
        except FileExistsError:
            shown = os.path.dirname(arguments.output_file) or directory
            raise OutputNotWritten(
                f"cannot write {arguments.output_file}: {shown} is not a directory"
            ) from None
        except OSError:
            pass  # open() below says why
        try:
            with open(arguments.output_file, "w", encoding="utf-8", errors="surrogateescape",
                      newline="\n") as handle:
                handle.write(text)
        except OSError as failure:
            reason = failure.strerror or one_line(failure)
            raise OutputNotWritten(f"cannot write {arguments.output_file}: {reason}") from None
    else:
        stream.write(text)
    if arguments.count:
        # flake8's --count: the number, last; on stderr when stdout holds JSON or SARIF.
        machine = output != "text" and arguments.output_file is None
        print(len(findings), file=sys.stderr if machine else stream)


def written(report: FileReport) -> FileReport:
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


def without_repaired_registrations(reports: list[FileReport]) -> list[FileReport]:
    """``--diff``/``--check``: what is left, without writing. A WRP101/WRP102 finding goes
    with the fix of its decorator (named in its ``decorator`` and ``where`` fields)."""
    repaired = {
        (os.path.realpath(report.path), dict(finding.fields).get("decorator"))
        for report in reports
        for finding in report.fixed
    }

    def goes(finding: Finding) -> bool:
        if finding.code not in ("WRP101", "WRP102"):
            return False
        fields = dict(finding.fields)
        decorator = fields.get("decorator", "").split("(")[0].rpartition(".")[2]
        where = fields.get("where", "").rpartition(":")[0]
        return (os.path.realpath(where), decorator) in repaired

    return [r._replace(findings=[f for f in r.findings if not goes(f)]) for r in reports]


def unified_diff(path: str, before: bytes, after: bytes) -> bytes:
    """The fix as a diff that ``patch`` applies: in the file's own bytes (its encoding,
    its byte order mark), as ``diff -u`` writes it, and a last line without a newline
    marked as ``diff`` marks it. A line that ends in a lone CR (old Mac files, which
    ``patch`` cannot take in any case) is shown ending in a newline, one line under the
    other."""
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        byte_lines_with_ends(before),
        byte_lines_with_ends(after),
        fromfile=os.fsencode(path),
        tofile=os.fsencode(path),
    )
    return b"".join(_ended(line) for line in lines)


def write_bytes(data: bytes) -> None:
    """Write ``data`` to standard output as it is, after any text written before it."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _ended(line: bytes) -> bytes:
    if line.endswith(b"\n"):
        return line
    if line.endswith(b"\r"):
        return line[:-1] + b"\n"
    return line + b"\n\\ No newline at end of file\n"


def plural_s(count: int) -> str:
    return "" if count == 1 else "s"


def show_summary(
    verb: str,
    fixed: int,
    changed: int,
    left: Sequence[Finding],
    arguments: argparse.Namespace,
    stream: TextIO,
    elsewhere: Sequence[str] = (),
    refused: int = 0,
    blocked: Sequence[str] = (),
) -> None:
    """``fixed 1 finding in 1 file; 2 left (...)``: why each finding left is left, and
    what would fix it (the flag, or the file of the decorator behind it); ``refused``
    fixes could not be made (each said why above); ``blocked`` are in a file that was
    given but not written (read-only, changed meanwhile: said above)."""
    if arguments.quiet:
        return
    summary = f"{verb} {fixed} finding{plural_s(fixed)} in {changed} file{plural_s(changed)}"
    if left:
        unsafe = sum(1 for f in left if f.fix is not None and not f.fix.safe)
        reasons = [f"no {'safe ' if not arguments.unsafe_fixes else ''}fix"]
        if refused:
            reasons = reasons if refused < len(left) else []
            reasons.append(f"{refused} could not be fixed")
        if unsafe and not arguments.unsafe_fixes:
            reasons.append(f"`--unsafe-fixes` applies {unsafe} more")
        for places, why in ((elsewhere, "not given"), (blocked, "not written")):
            if places:
                reasons = reasons if len(places) < len(left) else []
                where = ", ".join(dict.fromkeys(places))
                reasons.append(f"the fix of {len(places)} is in {where}, {why}")
        summary += f"; {len(left)} left ({'; '.join(reasons)})"
    print(summary, file=stream)


def fix_status(left: Sequence[object], pending: bool, arguments: argparse.Namespace) -> int:
    return 1 if (left or pending) and not arguments.exit_zero else 0
