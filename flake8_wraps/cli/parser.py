"""The command line's arguments: ``check``, ``fix``, ``explain``, ``rule`` and ``lsp``,
with flake8's and ruff's names for what they share."""

from __future__ import annotations

import argparse
from typing import Any, Sequence

from flake8_wraps.cli.report import FORMATS
from flake8_wraps.project.cache import CACHE_DIRECTORY
from flake8_wraps.project.settings import DEFAULT_EXCLUDE


def build_parser() -> argparse.ArgumentParser:
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
    check_parser = commands.add_parser(
        "check",
        parents=[common],
        help="report findings",
        description="Report decorators that lose the decorated function's metadata, and what"
        " that breaks.",
        epilog="exit status: 0 nothing found; 1 findings; 2 a usage or configuration error, or"
        " a file that could not be read or is not valid Python",
    )
    check_parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=FORMATS,
        default="text",
        help="output format (default: text)",
    )
    fix_parser = commands.add_parser(
        "fix",
        parents=[common],
        help="repair findings in place",
        description="Add the missing @functools.wraps in place (the fixes marked safe, unless"
        " --unsafe-fixes), and print what is left.",
        epilog="exit status: 0 nothing left; 1 findings left, or with --diff/--check a fix"
        " pending; 2 as check's",
    )
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
    rule_parser = commands.add_parser(
        "rule", help="print a code's documentation", description="Print a code's documentation."
    )
    rule_parser.add_argument(
        "code", metavar="CODE", nargs="?", help="a code or a name: WRP001, missing-wraps"
    )
    rule_parser.add_argument("--all", action="store_true", help="print every code's documentation")
    commands.add_parser(
        "lsp", help="run the language server over stdio (needs flake8-wraps[lsp])"
    )
    explain_parser = commands.add_parser(
        "explain",
        help="say why the function at PATH:LINE is, or is not, reported",
        description="Print the findings at a line (and whether they are reported, or why not)"
        " and the evidence for the function or class there, with its weights.",
        epilog="exit status: 0 something is there; 1 nothing to explain at that line; 2 the"
        " file cannot be read",
    )
    explain_parser.add_argument(
        "location",
        metavar="PATH:LINE",
        help="a line of a file, as check prints it (PATH:LINE or PATH:LINE:COLUMN)",
    )
    explain_parser.add_argument(
        "--isolated",
        action="store_true",
        help="read no configuration file (as check --isolated; also past a broken one)",
    )
    return parser


class _Version(argparse.Action):
    """``--version``, looked up only when asked for (it scans the installed packages)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        print(f"flake8-wraps {tool_version()}")
        parser.exit()


def tool_version() -> str:
    # Here: looking the version up scans the installed distributions (see ``__init__``).
    from flake8_wraps import __version__

    return str(__version__)
