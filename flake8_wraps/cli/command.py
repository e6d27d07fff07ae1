"""The command line: ``flake8-wraps check`` reports, ``flake8-wraps fix`` repairs.

For people who do not run flake8 (ruff users, pre-commit hooks, scripts): the same findings
as the plugin, the same option, settings read from each file's nearest configuration
(``settings.py``), findings shown in the chosen format (``report.py``), and files spread
over processes. LibCST is imported only by ``fix``, only for files with something to fix.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import io
import os
import sys
import time
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
    TextIO,
    TypeVar,
    Union,
)

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.project.cache import (
    CACHE_DIRECTORY,
    Digest,
    choose_location,
    is_settled,
    location,
)
from flake8_wraps.project.checker import check
from flake8_wraps.project.dependencies import note, recording
from flake8_wraps.codes import RULE_BY_NAME, RULES
from flake8_wraps.docs import documentation_url, rule_documentation
from flake8_wraps.errors import one_line
from flake8_wraps.cli.explain import explain, findings_at
from flake8_wraps.cli.files import (
    NotWritten,
    Walk,
    Rewrite,
    Snapshot,
    python_files,
    read_source,
    write_fixed,
)
from flake8_wraps.project.lookup import display_path, project_root
from flake8_wraps.cli.report import (
    FORMATS,
    SourceLines,
    printable,
    render_github,
    render_json,
    render_sarif,
    render_statistics,
    render_statistics_json,
    render_summary,
    render_text,
    use_colour,
)
from flake8_wraps.cli.results import Result, ResultCache, settings_key
from flake8_wraps.project.settings import (
    DEFAULT_EXCLUDE,
    ConfigError,
    Options,
    SettingsFinder,
    check_codes,
    per_file_ignores_option,
    settings_for,
)
from flake8_wraps.cli.workers import (
    Interrupted,
    collect_rarely,
    signals_deferred,
    start_pool,
    stop_pool,
    stop_signals_raise,
)

#: Below this many files, starting processes costs more than it saves.
_PARALLEL_THRESHOLD = 32
#: Above this many files, a terminal shows progress.
_PROGRESS_THRESHOLD = 300

T = TypeVar("T")
R = TypeVar("R")


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
    #: The result to keep in the cache, when there is one.
    kept: Optional[Result] = None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The console script. A reader that stops early (``| head -1``) ends the output
    quietly, with status 1, as Python's documentation recommends: no traceback, and no
    second error when the interpreter flushes standard output at exit."""
    try:
        status = _main(argv)
        if not sys.stdout.closed:  # the language server closes it when it exits
            sys.stdout.flush()
    except BrokenPipeError:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # standard output is not a file: nothing to flush
            pass
        return 1
    return status


def _main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help(sys.stderr)
        return 2
    if arguments.command == "lsp":
        return _serve()
    if arguments.command == "explain":
        return _explain(arguments.location)
    if arguments.command == "rule":
        return _rule(arguments.code, arguments.all)
    collect_rarely()
    with stop_signals_raise():
        try:
            return _run(arguments)
        except Interrupted as interruption:
            print(f"flake8-wraps: interrupted by {interruption.name}", file=sys.stderr)
            return interruption.exit_status


def _run(arguments: argparse.Namespace) -> int:
    try:
        finder = SettingsFinder(_options(arguments), remember_directories=True)
        if arguments.paths == ["-"]:
            return _stdin(arguments, finder)
        walk = _python_files(arguments.paths, finder)
    except (OSError, ValueError, ConfigError) as error:
        print(f"flake8-wraps: error: {error}", file=sys.stderr)
        return 2
    _warn_once(walk.files, finder)
    for skipped in walk.skipped:
        reason = skipped.reason if arguments.command == "fix" else _read_only(skipped.reason)
        print(printable(f"{skipped.path}: {reason}"), file=sys.stderr)
    choose_location(
        None if arguments.no_cache else _cache_directory(arguments, finder),
        enabled=not arguments.no_cache,
    )
    jobs = max(1, arguments.jobs or os.cpu_count() or 1)
    if arguments.command == "check":
        failed = any(skipped.error for skipped in walk.skipped)
        status = _check(walk.files, finder, jobs, arguments, failed)
    else:
        status = _fix(walk.files, finder, jobs, arguments)
    return 2 if any(skipped.error for skipped in walk.skipped) else status


def _warn_once(files: list[str], finder: SettingsFinder) -> None:
    """Say, once each, what of the configurations one entry point obeys and another not."""
    said = set()
    for settings in {id(s): s for s in map(finder.for_path, files)}.values():
        for warning in settings.warnings:
            if warning not in said:
                said.add(warning)
                print(f"flake8-wraps: warning: {warning}", file=sys.stderr)


def _cache_directory(arguments: argparse.Namespace, finder: SettingsFinder) -> Optional[str]:
    """``--cache-dir``, else ``cache-dir`` of the configuration if it stays inside the
    project, else None (the default). A checkout's configuration is the checkout's
    author's: it must not send the cache's writes to another directory of the user's."""
    if arguments.cache_dir:
        return str(arguments.cache_dir)
    configured = finder.for_path(".").cache_dir
    if not configured:
        return None
    root = os.path.realpath(project_root(Path.cwd()))
    real = os.path.realpath(configured)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return configured
    print(
        printable(
            f"flake8-wraps: cache-dir {configured} is outside the project ({root}); ignored"
            " (--cache-dir or FLAKE8_WRAPS_CACHE_DIR can name it)"
        ),
        file=sys.stderr,
    )
    return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flake8-wraps",
        description="Find (and fix) decorators whose wrapper lacks functools.wraps.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    commands = parser.add_subparsers(dest="command")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="files or directories (default: .); - reads standard input",
    )
    common.add_argument(
        "--wraps-functions",
        metavar="NAMES",
        help="comma-separated dotted names that copy metadata like functools.wraps",
    )
    common.add_argument("--select", metavar="CODES", help="report only these code prefixes")
    common.add_argument("--ignore", metavar="CODES", help="do not report these code prefixes")
    common.add_argument(
        "--extend-select",
        metavar="CODES",
        help="also report these code prefixes (besides --select's, or a code off by default)",
    )
    common.add_argument(
        "--extend-ignore", metavar="CODES", help="do not report these either (besides --ignore's)"
    )
    common.add_argument(
        "--per-file-ignores",
        metavar="PAIRS",
        help="'GLOB:CODES' pairs, flake8's syntax, in place of the configuration's",
    )
    common.add_argument(
        "--config",
        metavar="FILE",
        help="read the settings from FILE alone, not from each file's nearest configuration",
    )
    common.add_argument(
        "--isolated", action="store_true", help="read no configuration file"
    )
    common.add_argument(
        "--exclude",
        metavar="GLOBS",
        help=f"comma-separated globs to skip (default: {','.join(DEFAULT_EXCLUDE)})",
    )
    common.add_argument(
        "--extend-exclude", metavar="GLOBS", help="globs to skip besides --exclude's"
    )
    common.add_argument(
        "--force-exclude",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply the excludes to the files named too (default: on under pre-commit)",
    )
    common.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with -, the input's path: for messages and the configuration",
    )
    common.add_argument(
        "-j", "--jobs", type=int, default=0, help="processes to use (default: CPUs)"
    )
    common.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings remain"
    )
    common.add_argument(
        "--statistics", action="store_true", help="print only how many findings of each code"
    )
    common.add_argument(
        "--count", action="store_true", help="print the number of findings last, on its own line"
    )
    common.add_argument(
        "--show-source", action="store_true", help="print each finding's line, with a caret"
    )
    common.add_argument(
        "-o", "--output-file", metavar="FILE", help="write the findings to FILE, not stdout"
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", help="print the findings only, no status lines"
    )
    common.add_argument(
        "--cache-dir",
        metavar="DIR",
        help=f"where to keep results between runs (default: {CACHE_DIRECTORY} at the project root)",
    )
    common.add_argument(
        "--no-cache", action="store_true", help="check every file, read and write no cache"
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", help="also say how many files the cache answered"
    )
    common.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text (auto: on a terminal, unless NO_COLOR is set)",
    )
    check_parser = commands.add_parser("check", parents=[common], help="report findings")
    check_parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=FORMATS,
        default="text",
        help="output format (default: text)",
    )
    fix_parser = commands.add_parser("fix", parents=[common], help="repair findings in place")
    fix_parser.add_argument(
        "--diff",
        action="store_true",
        help="print the diff on stdout, change nothing; exit 1 if a fix is pending",
    )
    fix_parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a fix is pending"
    )
    fix_parser.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply the fixes marked unsafe"
    )
    rule_parser = commands.add_parser("rule", help="print a code's documentation")
    rule_parser.add_argument(
        "code", metavar="CODE", nargs="?", help="a code or a name: WRP001, missing-wraps"
    )
    rule_parser.add_argument("--all", action="store_true", help="print every code's")
    commands.add_parser(
        "lsp", help="run the language server over stdio (needs flake8-wraps[lsp])"
    )
    explain_parser = commands.add_parser(
        "explain", help="say why the function at PATH:LINE is, or is not, reported"
    )
    explain_parser.add_argument("location", metavar="PATH:LINE")
    return parser


def _explain(location: str) -> int:
    """Print the findings at ``PATH:LINE`` (or ``PATH:LINE:COLUMN``, as ``check`` prints
    it) and the evidence for the function there: exit 0, or 1 when there is neither, or
    2 when the file cannot be read."""
    import re

    parsed = re.match(r"^(.+?):(\d+)(?::(\d+))?:?$", location)
    if parsed is None:
        print(f"flake8-wraps: error: expected PATH:LINE, got {location!r}", file=sys.stderr)
        return 2
    path_text, line_text, column_text = parsed.groups()
    path, line = Path(path_text), int(line_text)
    try:
        source, _, tree = _read(path_text)
    except Exception as error:
        print(f"flake8-wraps: error: {path}: {_read_only(_describe(error))}", file=sys.stderr)
        return 2
    try:
        settings = settings_for(path)
    except ConfigError as error:
        print(f"flake8-wraps: error: {error}", file=sys.stderr)
        return 2
    found = check(tree, path_text, settings.config)
    text = source.decode(tokenize.detect_encoding(io.BytesIO(source).readline)[0], "replace")
    column = int(column_text) if column_text else None
    parts = [
        part
        for part in (
            findings_at(found, line, column, path_text, text, settings),
            explain(tree, line, path, settings.config),
        )
        if part is not None
    ]
    if not parts:
        print(printable(f"{path}:{line_text}: no function that returns a closure is there"))
        return 1
    print("\n".join(parts))
    return 0


def _read_only(message: str) -> str:
    """A file's error as a command that changes nothing says it (not "left untouched")."""
    message = message.replace("; left untouched, please report it", "; please report it")
    return message[: -len("; left untouched")] if message.endswith("; left untouched") else message


class _Version(argparse.Action):
    """``--version``, looked up only when asked for (it scans the installed packages)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        print(f"flake8-wraps {_version()}")
        parser.exit()


def _version() -> str:
    # Here: looking the version up scans the installed distributions (see ``__init__``).
    from flake8_wraps import __version__

    return str(__version__)


def _serve() -> int:
    try:
        # Here: pygls is optional, and only the server needs it.
        from flake8_wraps.lsp.server import create_server
    except ImportError as error:
        print(
            f"flake8-wraps: error: the language server needs pygls ({error}): "
            "pip install 'flake8-wraps[lsp]'",
            file=sys.stderr,
        )
        return 2
    try:
        config = settings_for(os.getcwd()).config
    except ConfigError as error:
        print(f"flake8-wraps: error: {error}", file=sys.stderr)
        return 2
    create_server(config).start_io()
    return 0


def _rule(code: Optional[str], every: bool) -> int:
    """``flake8-wraps rule WRP001`` (or ``missing-wraps``, or ``--all``): the rule's page
    of ``docs/rules``, as ``ruff rule``."""
    if every == (code is not None):
        print("flake8-wraps: error: rule takes a CODE or --all", file=sys.stderr)
        return 2
    if every:
        codes = sorted({rule.code for rule in RULES})
    else:
        assert code is not None
        named = RULE_BY_NAME.get(code.lower())
        codes = [named.code if named is not None else code.upper()]
    pages = []
    for each in codes:
        text = rule_documentation(each)
        if text is None:
            print(
                f"flake8-wraps: error: unknown code or name {code!r}"
                " (flake8-wraps rule --all prints them all)",
                file=sys.stderr,
            )
            return 2
        pages.append(f"{text}\n{documentation_url(each)}\n")
    sys.stdout.write("\n".join(dict.fromkeys(pages)))
    return 0


# -- settings ------------------------------------------------------------------------------


def _options(arguments: argparse.Namespace) -> Options:
    """The command line's settings; what it leaves out, each file's configuration gives."""

    def listed(value: Optional[str]) -> Optional[tuple[str, ...]]:
        return None if value is None else _split(value)

    select, ignore = listed(arguments.select), listed(arguments.ignore)
    extend_select, extend_ignore = _split(arguments.extend_select), _split(arguments.extend_ignore)
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
        extend_exclude=_split(arguments.extend_exclude),
        force_exclude=arguments.force_exclude,
        config_file=arguments.config,
        isolated=arguments.isolated,
    )


def _split(value: Optional[str]) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())


def _python_files(paths: Iterable[str], finder: SettingsFinder) -> Walk:
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
    #: Everything ``check`` found, and the findings the settings and noqa let through.
    everything: list[Finding]
    findings: list[Finding]
    kept: Optional[Result] = None


def _checked(
    path: str, settings: SettingsFinder, keep: bool = False
) -> Union[_Checked, FileReport]:
    """A file's source, snapshot, tree and findings, or the report of why it has none.

    Whatever goes wrong with one file (input deeper than the parser's recursion allows, a
    bug of ours) is that file's one-line error; the other files are still done. With
    ``keep``, the report also holds what the cache keeps of the check (``results.py``).
    """
    read_at = time.time_ns()  # what settles the file is when it was read (``cache.py``)
    try:
        source, snapshot = read_source(path)
    except Exception as error:
        return FileReport(path, [], error=_describe(error))
    try:
        tree = parse_quietly(source, path)
    except Exception as error:
        if keep and isinstance(error, (SyntaxError, RecursionError, MemoryError)):
            key = settings_key(settings.for_path(path))
            invalid = Result(_digest(snapshot, read_at), key, [], _describe(error), {})
            return FileReport(path, [], error=invalid.error, kept=invalid)
        return FileReport(path, [], error=_describe(error))
    try:
        file_settings = settings.for_path(path)
        with recording() as dependencies:
            # What the check learns is about the file's real path: through a symbolic
            # link retargeted later, the same name is another file in another package.
            note(("resolve", os.path.abspath(path)), os.path.realpath(path))
            found = check(tree, path, file_settings.config)
    except Exception as error:  # one file's bug must not stop the others
        return FileReport(path, [], error=_internal(error))
    reported = file_settings.reported(found, path, source)
    kept = None
    if keep:
        key = settings_key(file_settings)
        kept = Result(_digest(snapshot, read_at), key, reported, None, dependencies.answers)
    return _Checked(source, snapshot, tree, found, reported, kept)


def _digest(snapshot: Snapshot, read_at_ns: int) -> Digest:
    settled = is_settled(snapshot.mtime_ns, read_at_ns)
    return Digest(snapshot.size, snapshot.mtime_ns, snapshot.sha256, settled)


def _use_cache(directory: Optional[str]) -> None:
    """In a worker process: the cache directory the main process chose."""
    if location() != (None if directory is None else Path(directory)):
        choose_location(directory, enabled=directory is not None)


def _kept_results(
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


class _CheckFile:
    """A picklable task: one file's findings, and what the cache keeps of them."""

    def __init__(self, settings: SettingsFinder, cache: Optional[str] = None):
        self.settings = settings
        #: The cache directory, or None for none (``fix`` keeps no result: it changes files).
        self.cache = cache

    def __call__(self, path: str) -> FileReport:
        _use_cache(self.cache)
        checked = _checked(path, self.settings, keep=self.cache is not None)
        if isinstance(checked, FileReport):
            return checked
        return FileReport(path, checked.findings, kept=checked.kept)


def _cache_line(files: int, answered: int, directory: Optional[str]) -> None:
    """``--verbose``: how much work the cache saved, on standard error."""
    where = "no cache" if directory is None else f"cache: {display_path(Path(directory))}"
    print(
        f"flake8-wraps: {files} file{_s(files)}, {files - answered} checked,"
        f" {answered} from the cache ({where})",
        file=sys.stderr,
    )


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


def _check(
    files: list[str],
    finder: SettingsFinder,
    jobs: int,
    arguments: argparse.Namespace,
    failed: bool = False,
) -> int:
    cache, kept, directory = _kept_results(files, finder)
    known = {path: FileReport(path, r.findings, error=r.error) for path, r in kept.items()}
    task = _CheckFile(finder, directory)
    checked = {
        report.path: report for report in _map(task, [p for p in files if p not in known], jobs)
    }
    if cache is not None:
        for report in checked.values():
            if report.kept is not None:
                cache.keep(report.path, report.kept)
        cache.save()
    if arguments.verbose:
        _cache_line(len(files), len(known), directory)
    reports = [known.get(path) or checked[path] for path in files]
    findings = [(report.path, f) for report in reports for f in report.findings]
    errors = [report for report in reports if report.error]
    _show(findings, arguments, arguments.format, SourceLines(), passed=not (errors or failed))
    for report in errors:
        print(printable(f"{report.path}: {_read_only(report.error or '')}"), file=sys.stderr)
    if errors:
        return 2
    return 1 if findings and not arguments.exit_zero else 0


def _show(
    findings: list[tuple[str, Finding]],
    arguments: argparse.Namespace,
    output: str,
    lines: SourceLines,
    stream: Optional[TextIO] = None,
    passed: bool = True,
) -> None:
    """Print the findings in the chosen format, to ``--output-file`` or ``stream``; for
    ``check`` as text, ruff's closing line (``passed``: "All checks passed!" may close it,
    no file having failed)."""
    stream = stream or sys.stdout
    if arguments.statistics:
        text = (render_statistics_json if output == "json" else render_statistics)(findings)
    elif output == "json":
        text = render_json(findings, lines)
    elif output == "github":
        text = render_github(findings)
    elif output == "sarif":
        text = render_sarif(findings, lines, _version())
    else:
        colour = arguments.output_file is None and use_colour(arguments.color, stream)
        text = render_text(findings, lines, colour, arguments.show_source)
        if arguments.command == "check" and not arguments.quiet and (findings or passed):
            text += render_summary(findings)
    if arguments.output_file is not None:
        # As flake8 and ruff do, the file's directory is made when missing.
        os.makedirs(os.path.dirname(os.path.abspath(arguments.output_file)), exist_ok=True)
        with open(arguments.output_file, "w", encoding="utf-8", errors="surrogateescape",
                  newline="\n") as handle:
            handle.write(text)
    else:
        stream.write(text)
    if arguments.count:
        # flake8's --count: the number, last; on stderr when stdout holds JSON or SARIF.
        machine = output != "text" and arguments.output_file is None
        print(len(findings), file=sys.stderr if machine else stream)


# -- fix ------------------------------------------------------------------------------------


class _FixFile:
    """A picklable task: one file's fixes, written (or shown) only once verified."""

    def __init__(
        self,
        settings: SettingsFinder,
        unsafe: bool,
        write: bool,
        diff: bool,
        cache: Optional[str] = None,
    ):
        self.settings = settings
        self.unsafe = unsafe
        self.write = write
        self.diff = diff
        #: The cache directory, or None: a file left as it was keeps its result there.
        self.cache = cache

    def __call__(self, path: str) -> FileReport:
        _use_cache(self.cache)
        try:
            return self._fix(path)
        except Exception as error:  # one file's bug must not stop the others
            return FileReport(path, [], error=_internal(error))

    def _fix(self, path: str) -> FileReport:
        checked = _checked(path, self.settings, keep=self.cache is not None)
        if isinstance(checked, FileReport):
            return checked
        source, found = checked.source, checked.findings
        if not any(f.fix is not None and (f.fix.safe or self.unsafe) for f in found):
            return FileReport(path, found, kept=checked.kept)
        from flake8_wraps.fix.fixer import FixError, fix_source  # LibCST: only when fixing

        config = self.settings.for_path(path).config
        try:
            fixed_source, fixed = fix_source(
                source, found, config, self.unsafe, tree=checked.tree, checked=checked.everything
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


def _recounted(
    reports: list[FileReport], settings: SettingsFinder, jobs: int
) -> list[FileReport]:
    """The reports with what is left after the fixes: checked again where findings remain.

    A fixed decorator takes the route findings (WRP101, WRP102) of other files with it.
    """
    again = [r.path for r in reports if r.findings and not r.error]
    if not again:
        return reports
    findings = {r.path: r.findings for r in _map(_CheckFile(settings), again, jobs) if not r.error}
    return [r._replace(findings=findings.get(r.path, r.findings)) for r in reports]


def _without_repaired_registrations(reports: list[FileReport]) -> list[FileReport]:
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


def _fix(
    files: list[str], finder: SettingsFinder, jobs: int, arguments: argparse.Namespace
) -> int:
    dry = arguments.check or arguments.diff
    cache, kept, directory = _kept_results(files, finder)
    # A file whose kept result has no finding has nothing to fix: it is not read.
    clean = {path for path, r in kept.items() if not r.findings and r.error is None}
    task = _FixFile(
        finder, arguments.unsafe_fixes, write=not dry, diff=arguments.diff, cache=directory
    )
    reports: list[FileReport] = []
    try:
        with closing(_map(task, [p for p in files if p not in clean], jobs)) as results:
            for report in results:
                with signals_deferred():  # a stop signal waits until the file is replaced
                    reports.append(_written(report))
                if cache is not None and report.kept is not None:
                    cache.keep(report.path, report.kept)
    except Interrupted:
        rewritten = [r.path for r in reports if r.fixed and not r.error and not dry]
        print(
            f"flake8-wraps: stopped; {len(rewritten)} file{_s(len(rewritten))}"
            f" already rewritten{':' if rewritten else ''}",
            file=sys.stderr,
        )
        for path in rewritten:
            print(f"  {path}", file=sys.stderr)
        raise
    finally:
        if cache is not None:
            cache.save()
    if arguments.verbose:
        _cache_line(len(files), len(clean), directory)
    # With --diff, standard output holds the diff alone.
    status = sys.stderr if arguments.diff else sys.stdout
    verb = "would fix" if dry else "fixed"
    for report in reports:
        if report.diff:
            sys.stdout.write(report.diff)
        if report.fixed and not arguments.quiet:
            count = len(report.fixed)
            print(printable(f"{report.path}: {verb} {count} finding{_s(count)}"), file=status)
        if report.error:
            print(printable(f"{report.path}: {report.error}"), file=sys.stderr)
    fixed = sum(len(r.fixed) for r in reports)
    changed = sum(1 for r in reports if r.fixed)
    if not dry and changed:
        reports = _recounted(reports, finder, jobs)
    elif changed:
        reports = _without_repaired_registrations(reports)
    # Files the fix refused or could not write say so; their findings are not "left".
    remaining = [(r.path, f) for r in reports if not r.error for f in r.findings]
    _show(remaining, arguments, "text", SourceLines(), status)
    elsewhere = _fixes_elsewhere(remaining, {os.path.realpath(path) for path in files}, finder)
    _summary(verb, fixed, changed, [f for _, f in remaining], arguments, status, elsewhere)
    if any(r.error for r in reports):
        return 2
    return _fix_status(remaining, dry and fixed > 0, arguments)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _summary(
    verb: str,
    fixed: int,
    changed: int,
    left: Sequence[Finding],
    arguments: argparse.Namespace,
    stream: TextIO,
    elsewhere: Sequence[str] = (),
) -> None:
    """``fixed 1 finding in 1 file; 2 left (...)``: why each finding left is left, and
    what would fix it (the flag, or the file of the decorator behind it)."""
    if arguments.quiet:
        return
    summary = f"{verb} {fixed} finding{_s(fixed)} in {changed} file{_s(changed)}"
    if left:
        unsafe = sum(1 for f in left if f.fix is not None and not f.fix.safe)
        reasons = [f"no {'safe ' if not arguments.unsafe_fixes else ''}fix"]
        if unsafe and not arguments.unsafe_fixes:
            reasons.append(f"`--unsafe-fixes` applies {unsafe} more")
        if elsewhere:
            count = len(elsewhere)
            reasons = reasons if count < len(left) else []
            reasons.append(
                f"the fix of {count} is in {', '.join(dict.fromkeys(elsewhere))}, not given"
            )
        summary += f"; {len(left)} left ({'; '.join(reasons)})"
    print(summary, file=stream)


#: Findings at a route whose fix is the decorator's (in the decorator's file).
_ROUTE_CODES = ("WRP101", "WRP102")


def _fixes_elsewhere(
    left: Sequence[tuple[str, Finding]], given: set[str], finder: SettingsFinder
) -> list[str]:
    """For each finding left whose fix is its decorator's, in a file that was not given
    (pre-commit passes only the staged files): where that fix is, ``path:line``."""
    places = []
    decorator_findings: dict[str, list[Finding]] = {}
    for _, finding in left:
        fields = dict(finding.fields)
        path, _, line = fields.get("where", "").rpartition(":")
        if finding.code not in _ROUTE_CODES or not path or not line.isdigit():
            continue
        if os.path.realpath(path) in given or not os.path.isfile(path):
            continue
        if path not in decorator_findings:
            checked = _checked(path, finder)
            found = checked.findings if isinstance(checked, _Checked) else []
            decorator_findings[path] = [f for f in found if f.fix is not None]
        name = fields.get("decorator", "").split("(")[0].rpartition(".")[2]
        fixes = [
            f
            for f in decorator_findings[path]
            if f.line >= int(line) and dict(f.fields).get("decorator") in (name, None)
        ]
        if fixes:
            places.append(f"{path}:{min(fixes, key=lambda f: f.line).line}")
    return places


def _fix_status(left: Sequence[object], pending: bool, arguments: argparse.Namespace) -> int:
    return 1 if (left or pending) and not arguments.exit_zero else 0


def _stdin(arguments: argparse.Namespace, finder: SettingsFinder) -> int:
    """``-``: the source from standard input. ``check`` reports it; ``fix`` writes the
    fixed source (or, with ``--diff``, the diff) to standard output, status to stderr."""
    name = arguments.stdin_filename or "-"
    settings = finder.for_path(arguments.stdin_filename or os.path.join(os.getcwd(), "-"))
    source = sys.stdin.buffer.read()
    fixing = arguments.command == "fix"
    echo = fixing and not (arguments.diff or arguments.check)
    named = arguments.stdin_filename
    if named and settings.force_exclude and settings.force_excluded(named):
        if echo:
            sys.stdout.buffer.write(source)
        return 0
    try:
        found = check(parse_quietly(source, name), named, settings.config)
    except (SyntaxError, ValueError, UnicodeDecodeError) as error:
        message = _describe(error)
        print(printable(f"{name}: {message if fixing else _read_only(message)}"), file=sys.stderr)
        if echo:
            sys.stdout.buffer.write(source)
        return 2
    findings = settings.reported(found, name, source)
    if not fixing:
        lines = SourceLines({name: source})
        _show([(name, f) for f in findings], arguments, arguments.format, lines)
        return 1 if findings and not arguments.exit_zero else 0
    fixed_source, failed = source, False
    fixed: list[Finding] = []
    if any(f.fix is not None and (f.fix.safe or arguments.unsafe_fixes) for f in findings):
        from flake8_wraps.fix.fixer import FixError, fix_source  # LibCST: only when fixing

        try:
            fixed_source, fixed = fix_source(
                source, findings, settings.config, arguments.unsafe_fixes
            )
        except FixError as error:
            print(printable(f"{name}: not fixed: {error}; left untouched"), file=sys.stderr)
            failed = True
    left = findings
    if fixed:
        after = check(parse_quietly(fixed_source, name), named, settings.config)
        left = settings.reported(after, name, fixed_source)
    if arguments.diff:
        sys.stdout.write(_unified_diff(name, source, fixed_source))
    elif echo:
        sys.stdout.buffer.write(fixed_source)
    after_lines = SourceLines({name: fixed_source})
    _show([(name, f) for f in left], arguments, "text", after_lines, sys.stderr)
    dry = arguments.diff or arguments.check
    _summary("would fix" if dry else "fixed", len(fixed), int(bool(fixed)), left,
             arguments, sys.stderr)
    return 2 if failed else _fix_status(left, dry and bool(fixed), arguments)
