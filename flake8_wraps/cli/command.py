"""The command line: ``flake8-wraps check`` reports, ``flake8-wraps fix`` repairs.

For people who do not run flake8 (ruff users, pre-commit hooks, scripts): the same findings
as the plugin, the same option, settings read from each file's nearest configuration
(``settings.py``), findings shown in the chosen format (``report.py``), and files spread
over processes. LibCST is imported only by ``fix``, only for files with something to fix.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Optional, Sequence, Union

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.cli.explain import explain_command
from flake8_wraps.cli.files import Rewrite, read_source
from flake8_wraps.cli.parser import build_parser
from flake8_wraps.cli.report import SourceLines, printable
from flake8_wraps.cli.results import Result, settings_key
from flake8_wraps.cli.rule import rule_command
from flake8_wraps.cli.running import (
    Checked,
    FileReport,
    OutputNotWritten,
    cache_line,
    describe_error,
    files_to_check,
    fix_status,
    internal_error,
    is_internal,
    kept_results,
    map_files,
    options_from,
    plural_s,
    read_only,
    result_digest,
    show_findings,
    show_summary,
    unified_diff,
    write_bytes,
    use_cache,
    without_repaired_registrations,
    written,
)
from flake8_wraps.cli.workers import (
    Interrupted,
    collect_rarely,
    signals_deferred,
    stop_signals_raise,
)
from flake8_wraps.config import DEFAULT_CONFIG
from flake8_wraps.fix.line_diff import changed_regions, line_after
from flake8_wraps.project.cache import choose_location, refusal
from flake8_wraps.project.checker import check
from flake8_wraps.project.config_files import ConfigError
from flake8_wraps.project.dependencies import note, recording
from flake8_wraps.project.lookup import project_root
from flake8_wraps.project.settings import SettingsFinder, settings_for
from flake8_wraps.project.shadows import shadowed_modules
from flake8_wraps.project.source import parse_source


def _files_as_paths(argv: Sequence[str], taking_values: frozenset[str]) -> list[str]:
    """The arguments, with a Python file whose name starts with ``-`` written as
    ``./-v.py`` (and ``explain``'s ``-v.py:2`` as ``./-v.py:2``): pre-commit hands
    staged files on after the options, with no ``--``, and argparse would read ``-v.py``
    as an option. The value of an option (``-o -v.py``) is left as it is."""
    arguments = list(argv)
    for index, argument in enumerate(arguments):
        if not argument.startswith("-") or (index and arguments[index - 1] in taking_values):
            continue
        path, colon, line = argument.rpartition(":")
        if not (colon and line.isdigit()):
            path = argument
        if path.endswith((".py", ".pyi")) and os.path.isfile(path):
            arguments[index] = f".{os.sep}{argument}"
    return arguments


def _options_taking_values(parser: argparse.ArgumentParser) -> frozenset[str]:
    """Every option string of the parser and its subcommands that takes a value."""
    found: set[str] = set()
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
            elif action.option_strings and action.nargs != 0:
                found.update(action.option_strings)
    return frozenset(found)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The console script. A reader that stops early (``| head -1``) ends the output
    quietly, with status 1, as Python's documentation recommends: no traceback, and no
    second error when the interpreter flushes standard output at exit. A name the
    output's encoding cannot write (``décorer`` to an ASCII terminal, a Windows console's
    code page) is written as its escape, not a UnicodeEncodeError (a hostile pass)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
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
    parser = build_parser()
    arguments = parser.parse_args(
        _files_as_paths(sys.argv[1:] if argv is None else argv, _options_taking_values(parser))
    )
    if arguments.command is None:
        parser.print_help(sys.stderr)
        return 2
    if getattr(arguments, "statistics", False) and arguments.format in ("github", "sarif"):
        # Counts are text or JSON: a SARIF file or annotations made of them would be
        # neither, and the step that reads the file fails later, elsewhere.
        parser.error(f"--statistics prints text or JSON, not --format {arguments.format}")
    if arguments.command == "lsp":
        return _serve()
    if arguments.command == "explain":
        return explain_command(arguments.location, arguments.isolated)
    if arguments.command == "rule":
        return rule_command(arguments.code, arguments.all)
    collect_rarely()
    with stop_signals_raise():
        try:
            return _run(arguments)
        except OutputNotWritten as error:
            print(printable(f"flake8-wraps: error: {error}"), file=sys.stderr)
            return 2
        except Interrupted as interruption:
            print(f"flake8-wraps: interrupted by {interruption.name}", file=sys.stderr)
            return interruption.exit_status


def _run(arguments: argparse.Namespace) -> int:
    try:
        finder = SettingsFinder(options_from(arguments), remember_directories=True)
        if arguments.paths == ["-"]:
            return _stdin(arguments, finder)
        walk = files_to_check(arguments.paths, finder)
    except (OSError, ValueError, ConfigError) as error:
        print(f"flake8-wraps: error: {error}", file=sys.stderr)
        return 2
    _warn_once(walk.files, finder)
    for skipped in walk.skipped:
        reason = skipped.reason if arguments.command == "fix" else read_only(skipped.reason)
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
    why = refusal(configured, str(project_root(Path.cwd())))
    if why is None:
        return configured
    print(
        printable(
            f"flake8-wraps: cache-dir {configured} {why}; ignored"
            " (--cache-dir or FLAKE8_WRAPS_CACHE_DIR can name it)"
        ),
        file=sys.stderr,
    )
    return None


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
        # The editor gets its diagnostics anyway; each document under that configuration
        # says why its settings are the defaults (showMessage).
        print(f"flake8-wraps: warning: {error}; serving with the defaults", file=sys.stderr)
        config = DEFAULT_CONFIG
    try:
        create_server(config).start_io()
    except SystemExit as stop:  # ``exit`` without ``shutdown`` first
        status = stop.code if isinstance(stop.code, int) else 1
    else:
        status = 0
    # A quick fix may still run on a worker thread, which the interpreter would wait for
    # (seconds on a long file) although nobody reads it after ``exit``: leave at once.
    for stream in (sys.stdout, sys.stderr):
        if not stream.closed:  # pygls closes standard output when it exits
            stream.flush()
    os._exit(status)


# -- running over files ----------------------------------------------------------------------


def _checked(
    path: str, settings: SettingsFinder, keep: bool = False
) -> Union[Checked, FileReport]:
    """A file's source, snapshot, tree and findings, or the report of why it has none.

    Whatever goes wrong with one file (input deeper than the parser's recursion allows, a
    bug of ours) is that file's one-line error; the other files are still done. With
    ``keep``, the report also holds what the cache keeps of the check (``results.py``).
    """
    read_at = time.time_ns()  # what settles the file is when it was read (``cache.py``)
    try:
        source, snapshot = read_source(path)
    except Exception as error:
        return FileReport(path, [], error=describe_error(error))
    try:
        tree = parse_source(source, path)
    except Exception as error:
        if keep and isinstance(error, (SyntaxError, RecursionError, MemoryError)):
            key = settings_key(settings.for_path(path))
            invalid = Result(result_digest(snapshot, read_at), key, [], describe_error(error), {})
            return FileReport(path, [], error=invalid.error, kept=invalid)
        return FileReport(path, [], error=describe_error(error))
    try:
        file_settings = settings.for_path(path)
        with recording() as dependencies:
            # What the check learns is about the file's real path: through a symbolic
            # link retargeted later, the same name is another file in another package.
            note(("resolve", os.path.abspath(path)), os.path.realpath(path))
            found = check(tree, path, file_settings.config, source)
    except Exception as error:  # one file's bug must not stop the others
        return FileReport(path, [], error=internal_error(error))
    reported = file_settings.reported(found, path, source)
    kept = None
    if keep:
        key = settings_key(file_settings)
        kept = Result(result_digest(snapshot, read_at), key, reported, None, dependencies.answers)
    return Checked(source, snapshot, tree, found, reported, kept)


class _CheckFile:
    """A picklable task: one file's findings, and what the cache keeps of them."""

    def __init__(self, settings: SettingsFinder, cache: Optional[str] = None):
        self.settings = settings
        #: The cache directory, or None for none (``fix`` keeps no result: it changes files).
        self.cache = cache

    def __call__(self, path: str) -> FileReport:
        use_cache(self.cache)
        checked = _checked(path, self.settings, keep=self.cache is not None)
        if isinstance(checked, FileReport):
            return checked
        return FileReport(path, checked.findings, kept=checked.kept)


def _check(
    files: list[str],
    finder: SettingsFinder,
    jobs: int,
    arguments: argparse.Namespace,
    failed: bool = False,
) -> int:
    cache, kept, directory = kept_results(files, finder)
    known = {path: FileReport(path, r.findings, error=r.error) for path, r in kept.items()}
    task = _CheckFile(finder, directory)
    unknown = [p for p in files if p not in known]
    checked = {report.path: report for report in map_files(task, unknown, jobs)}
    if cache is not None:
        for report in checked.values():
            if report.kept is not None:
                cache.keep(report.path, report.kept)
        cache.save()
    if arguments.verbose:
        cache_line(len(files), len(known), directory)
    reports = [known.get(path) or checked[path] for path in files]
    findings = [(report.path, f) for report in reports for f in report.findings]
    errors = [report for report in reports if report.error]
    passed = not (errors or failed)
    problems = [(report.path, read_only(report.error or "")) for report in errors]
    show_findings(
        findings, arguments, arguments.format, SourceLines(), passed=passed, problems=problems
    )
    for path, why in problems:
        print(printable(f"{path}: {why}"), file=sys.stderr)
    if failed or any(is_internal(report.error or "") for report in errors):
        return 2
    if arguments.exit_zero:
        # A report-only run (``--exit-zero --format sarif -o ...``) must not fail on the
        # project's one file in newer syntax: flake8 (E999) and ruff report such a file and
        # exit 0 too. It is still named on standard error; our own failures still fail.
        return 0
    return 2 if errors else (1 if findings else 0)


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
        use_cache(self.cache)
        try:
            return self._fix(path)
        except Exception as error:  # one file's bug must not stop the others
            return FileReport(path, [], error=internal_error(error))

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
            result = fix_source(
                source, found, config, self.unsafe, tree=checked.tree,
                checked=checked.everything, shadowed=shadowed_modules(path),
            )
        except FixError as error:
            return FileReport(path, found, error=f"not fixed: {error}; left untouched")
        fixed_source, fixed = result.source, result.fixed
        left = [f for f in found if f not in fixed]
        diff = unified_diff(path, source, fixed_source) if self.diff else b""
        rewrite = None
        if self.write and fixed_source != source:
            rewrite = Rewrite(fixed_source, checked.snapshot)  # written by the main process
        refused = tuple((finding.line, why) for finding, why in result.refused)
        if rewrite is not None and refused:
            # The findings left are printed from the rewritten file: so are these.
            regions = changed_regions(source.splitlines(), fixed_source.splitlines())
            refused = tuple((line_after(regions, line), why) for line, why in refused)
        return FileReport(path, left, fixed, diff, rewrite=rewrite, refused=refused)


def _recounted(
    reports: list[FileReport], settings: SettingsFinder, jobs: int
) -> list[FileReport]:
    """The reports with what is left after the fixes: checked again where findings remain.

    A fixed decorator takes the route findings (WRP101, WRP102) of other files with it.
    """
    again = [r.path for r in reports if r.findings and not r.error]
    if not again:
        return reports
    rechecked = map_files(_CheckFile(settings), again, jobs)
    findings = {r.path: r.findings for r in rechecked if not r.error}
    return [r._replace(findings=findings.get(r.path, r.findings)) for r in reports]


def _fix(
    files: list[str], finder: SettingsFinder, jobs: int, arguments: argparse.Namespace
) -> int:
    dry = arguments.check or arguments.diff
    cache, kept, directory = kept_results(files, finder)
    # A file whose kept result has no finding has nothing to fix: it is not read.
    clean = {path for path, r in kept.items() if not r.findings and r.error is None}
    task = _FixFile(
        finder, arguments.unsafe_fixes, write=not dry, diff=arguments.diff, cache=directory
    )
    reports: list[FileReport] = []
    try:
        with closing(map_files(task, [p for p in files if p not in clean], jobs)) as results:
            for report in results:
                with signals_deferred():  # a stop signal waits until the file is replaced
                    reports.append(written(report))
                if cache is not None and report.kept is not None:
                    cache.keep(report.path, report.kept)
    except Interrupted:
        rewritten = [r.path for r in reports if r.fixed and not r.error and not dry]
        print(
            f"flake8-wraps: stopped; {len(rewritten)} file{plural_s(len(rewritten))}"
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
        cache_line(len(files), len(clean), directory)
    # With --diff, standard output holds the diff alone.
    status = sys.stderr if arguments.diff else sys.stdout
    verb = "would fix" if dry else "fixed"
    for report in reports:
        if report.diff:
            write_bytes(report.diff)
        if report.fixed and not arguments.quiet:
            count = len(report.fixed)
            print(printable(f"{report.path}: {verb} {count} finding{plural_s(count)}"), file=status)
        if report.error:
            print(printable(f"{report.path}: {report.error}"), file=sys.stderr)
        for line, why in report.refused:
            print(printable(f"{report.path}:{line}: not fixed: {why}"), file=sys.stderr)
    fixed = sum(len(r.fixed) for r in reports)
    changed = sum(1 for r in reports if r.fixed)
    if not dry and changed:
        reports = _recounted(reports, finder, jobs)
    elif changed:
        reports = without_repaired_registrations(reports)
    # Files the fix refused or could not write say so; their findings are not "left".
    remaining = [(r.path, f) for r in reports if not r.error for f in r.findings]
    show_findings(remaining, arguments, "text", SourceLines(), status)
    unwritten = {os.path.realpath(r.path) for r in reports if r.error}
    given = {os.path.realpath(path) for path in files} - unwritten
    elsewhere: list[str] = []
    blocked: list[str] = []
    for place in _fixes_elsewhere(remaining, given, finder):
        unwritable = os.path.realpath(place.rpartition(":")[0]) in unwritten
        (blocked if unwritable else elsewhere).append(place)
    refused = sum(len(r.refused) for r in reports)
    show_summary(
        verb, fixed, changed, [f for _, f in remaining], arguments, status, elsewhere, refused,
        blocked,
    )
    if any(r.error for r in reports):
        return 2
    return fix_status(remaining, dry and fixed > 0, arguments)


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
            found = checked.findings if isinstance(checked, Checked) else []
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
        found = check(parse_source(source, name), named, settings.config, source)
    except (SyntaxError, ValueError, UnicodeDecodeError) as error:
        message = describe_error(error)
        print(printable(f"{name}: {message if fixing else read_only(message)}"), file=sys.stderr)
        if echo:
            sys.stdout.buffer.write(source)
        return 0 if arguments.exit_zero and not fixing else 2
    findings = settings.reported(found, name, source)
    if not fixing:
        lines = SourceLines({name: source})
        show_findings([(name, f) for f in findings], arguments, arguments.format, lines)
        return 1 if findings and not arguments.exit_zero else 0
    fixed_source, failed = source, False
    fixed: list[Finding] = []
    refused = 0
    if any(f.fix is not None and (f.fix.safe or arguments.unsafe_fixes) for f in findings):
        from flake8_wraps.fix.fixer import FixError, fix_source  # LibCST: only when fixing

        try:
            where = arguments.stdin_filename or os.path.join(os.getcwd(), "-")
            result = fix_source(
                source, findings, settings.config, arguments.unsafe_fixes,
                shadowed=shadowed_modules(where),
            )
        except FixError as error:
            print(printable(f"{name}: not fixed: {error}; left untouched"), file=sys.stderr)
            failed = True
        else:
            fixed_source, fixed = result.source, result.fixed
            for finding, why in result.refused:
                print(printable(f"{name}:{finding.line}: not fixed: {why}"), file=sys.stderr)
            refused = len(result.refused)
    left = findings
    if fixed:
        after = check(
            parse_source(fixed_source, name), named, settings.config, fixed_source
        )
        left = settings.reported(after, name, fixed_source)
    if arguments.diff:
        write_bytes(unified_diff(name, source, fixed_source))
    elif echo:
        write_bytes(fixed_source)
    after_lines = SourceLines({name: fixed_source})
    show_findings([(name, f) for f in left], arguments, "text", after_lines, sys.stderr)
    dry = arguments.diff or arguments.check
    show_summary("would fix" if dry else "fixed", len(fixed), int(bool(fixed)), left,
                 arguments, sys.stderr, refused=refused)
    return 2 if failed else fix_status(left, dry and bool(fixed), arguments)
