"""The flake8 adapter: options in, ``(line, column, text, type)`` tuples out.

flake8 builds one checker per file and passes what ``__init__`` asks for by name: the
tree, and the parsed options (the file processor's ``options``), from which the analysis
config is built once per distinct setting. flake8 applies ``[flake8]`` itself; the
plugin applies what ``[tool.flake8-wraps]`` (or ``[flake8-wraps]``) says on top, so the
one configuration the README names is obeyed by flake8 as by ``flake8-wraps check``.
"""

from __future__ import annotations

import ast
import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator, Optional

from flake8_wraps.codes import OFF_BY_DEFAULT
from flake8_wraps.config import Config
from flake8_wraps.project.checker import check
from flake8_wraps.project.config_files import ConfigError
from flake8_wraps.project.settings import FileSettings, Options, SettingsFinder

if TYPE_CHECKING:  # flake8's options, only named in annotations
    import argparse


class WrapsChecker:
    """flake8 entry point for the ``WRP`` codes."""

    # flake8 reads the plugin's version from the distribution's metadata.
    name = "flake8-wraps"

    __slots__ = ("_tree", "_filename", "_lines", "_extra", "_places")

    def __init__(
        self, tree: ast.AST, filename: str, lines: list[str], options: argparse.Namespace
    ) -> None:
        self._tree = tree
        self._filename = filename
        self._lines = lines
        self._extra = tuple(getattr(options, "wraps_functions", None) or ())
        self._places = getattr(options, "flake8_wraps_places", None) or Options(ours_only=True)

    @staticmethod
    def add_options(option_manager: Any) -> None:
        # WRP007 stays silent unless selected, as flake8-bugbear's B9 codes do.
        option_manager.extend_default_ignore(OFF_BY_DEFAULT)
        option_manager.add_option(
            "--wraps-functions",
            default="",
            parse_from_config=True,
            comma_separated_list=True,
            help=(
                "Comma-separated dotted names that copy metadata like functools.wraps, "
                "besides functools.wraps and six.wraps (e.g. boltons.funcutils.wraps)."
            ),
        )

    @staticmethod
    def parse_options(option_manager: Any, options: argparse.Namespace, args: Any) -> None:
        """Once, in flake8's main process: note where flake8 reads its configuration,
        and say on stderr when ours cannot be used (then flake8's settings alone count)."""
        places = options.flake8_wraps_places = _places()
        try:
            _finder(places).for_path(".")
        except ConfigError as error:
            _warn(error)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        if not isinstance(self._tree, ast.Module):
            return
        settings = _settings(self._filename, self._places)
        if settings is not None and settings.force_excluded(self._filename):
            return
        extra = self._extra + (tuple(settings.config.wraps_functions) if settings else ())
        for finding in check(
            self._tree, self._filename, _config_for(tuple(sorted(extra))), self._lines
        ):
            if settings is None or settings.wants(finding, self._filename):
                yield finding.line, finding.col, f"{finding.code} {finding.message}", type(self)


def _places() -> Options:
    """Where flake8 was told to read its configuration: ``--config`` and ``--isolated``
    are parsed before the options plugins see, so they are read from flake8's command
    line (none when flake8 is driven through its API)."""
    places = Options(ours_only=True)
    program = sys.argv[0].replace(os.sep, "/") if sys.argv else ""
    if not program.endswith(("flake8", "flake8/__main__.py")):
        return places
    try:
        from flake8.main.options import stage1_arg_parser  # type: ignore[import-untyped]

        told, _ = stage1_arg_parser().parse_known_args(sys.argv[1:])
    except (ImportError, SystemExit):  # pragma: no cover - another flake8
        return places
    return places._replace(config_file=told.config, isolated=bool(told.isolated))


@lru_cache(maxsize=4)
def _finder(places: Options) -> SettingsFinder:
    return SettingsFinder(places, remember_directories=True)


def _settings(filename: str, places: Options) -> Optional[FileSettings]:
    """Our configuration of the file, or None when it cannot be used (said on stderr)."""
    try:
        return _finder(places).for_path(filename)
    except ConfigError as error:
        _warn(error)
        return None


#: The configuration errors this process has printed (a worker forked after
#: ``parse_options`` knows what the main process said).
_WARNED: set[str] = set()


def _warn(error: ConfigError) -> None:
    """Say once that a configuration cannot be used: flake8 goes on with its own."""
    if str(error) not in _WARNED:
        _WARNED.add(str(error))
        print(f"flake8-wraps: warning: {error}; checking without it", file=sys.stderr)


@lru_cache(maxsize=8)
def _config_for(extra_wraps_functions: tuple[str, ...]) -> Config:
    return Config.from_extra_wraps_functions(extra_wraps_functions)
