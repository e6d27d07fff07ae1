"""The flake8 adapter: options in, ``(line, column, text, type)`` tuples out.

flake8 builds one checker per file and passes what ``__init__`` asks for by name: the
tree, and the parsed options (the file processor's ``options``), from which the analysis
config is built once per distinct setting.
"""

from __future__ import annotations

import argparse
import ast
from functools import lru_cache
from typing import Any, Iterator

from flake8_wraps.checker import check
from flake8_wraps.codes import OFF_BY_DEFAULT
from flake8_wraps.config import Config


class WrapsChecker:
    """flake8 entry point for the ``WRP`` codes."""

    # flake8 reads the plugin's version from the distribution's metadata.
    name = "flake8-wraps"

    __slots__ = ("_tree", "_filename", "_config")

    def __init__(self, tree: ast.AST, filename: str, options: argparse.Namespace) -> None:
        self._tree = tree
        self._filename = filename
        extra = getattr(options, "wraps_functions", None) or ()
        self._config = _config_for(tuple(extra))

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

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        if not isinstance(self._tree, ast.Module):
            return
        for finding in check(self._tree, self._filename, self._config):
            yield finding.line, finding.col, f"{finding.code} {finding.message}", type(self)


@lru_cache(maxsize=8)
def _config_for(extra_wraps_functions: tuple[str, ...]) -> Config:
    return Config.from_extra_wraps_functions(extra_wraps_functions)
