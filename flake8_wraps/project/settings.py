"""Each checked file's settings, found the way flake8 and ruff find theirs.

Two places have a say, each found on its own from the file's directory upwards: ours in
the nearest directory whose ``pyproject.toml`` has a ``[tool.flake8-wraps]`` table or whose
``setup.cfg``, ``tox.ini`` or ``.flake8`` has a ``[flake8-wraps]`` section, and the nearest
``[flake8]`` section (``--config`` names one file instead, ``--isolated`` none). A finding
is reported only when both let it through, so that flake8 (which reads ``[flake8]``
itself, while the plugin reads ours) and ``check`` report the same:

- ``[flake8]``, from the first of ``setup.cfg``, ``tox.ini`` and ``.flake8`` that has
  one, as flake8 picks it: ``select``, ``extend-select``, ``ignore``, ``extend-ignore``,
  ``per-file-ignores``, ``exclude``, ``extend-exclude`` and ``wraps-functions``, read
  as flake8 reads them (codes of other plugins are theirs);
- ours: ``[tool.flake8-wraps]`` in ``pyproject.toml``, ``[flake8-wraps]`` in the others,
  a key set in ``pyproject.toml`` winning over ``setup.cfg``, then ``tox.ini``, then
  ``.flake8``.

In each place, select and ignore are decided as flake8 decides them: the longest code
prefix that matches wins (``select = WRP101`` with ``ignore = WRP1`` reports WRP101), a
tie ignores. Options from the command line replace ``select``, ``ignore`` and
``per-file-ignores`` in both places and add to the ``extend-`` lists; with the command
line's ``select``, each place's ``extend-select`` counts in both.

A configuration that cannot be used (a file that does not parse, an unknown key, a value
of the wrong type, an unknown code) raises :class:`ConfigError`, which names the file and
what is wrong: the command line prints it and exits 2, the language server shows it.

Files are parsed once per modification: a long-running process (the language server)
calls :func:`settings_for` for each document and sees a changed file the next time.
"""

from __future__ import annotations

import os
from fnmatch import fnmatch
from typing import Any, Iterable, NamedTuple, Optional, Union

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.codes import OFF_BY_DEFAULT, RULES
from flake8_wraps.config import Config
from flake8_wraps.project.config_files import ConfigError, ParsedFile, display_name, parsed_file
from flake8_wraps.project.noqa import unsuppressed
from flake8_wraps.project.source import source_text

#: Skipped unless ``exclude`` says otherwise (flake8's ``exclude`` replaces its default too):
#: flake8's default, and the virtual environments and build output that ruff skips too.
DEFAULT_EXCLUDE = (
    ".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg",
    ".venv", "venv", "build", "dist",
)
#: The files a directory's configuration is read from, the winning one first.
CONFIG_FILES = ("pyproject.toml", "setup.cfg", "tox.ini", ".flake8")


PathLike = Union[str, "os.PathLike[str]"]


class Options(NamedTuple):
    """What the command line says; None where it says nothing (the files decide)."""

    wraps_functions: Optional[tuple[str, ...]] = None
    select: Optional[tuple[str, ...]] = None
    ignore: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    #: flake8's ``pattern: CODES`` pairs, replacing the files'.
    per_file_ignores: Optional[tuple[tuple[str, tuple[str, ...]], ...]] = None
    exclude: Optional[tuple[str, ...]] = None
    extend_exclude: tuple[str, ...] = ()
    force_exclude: Optional[bool] = None
    #: ``--config``: the one configuration file of every path.
    config_file: Optional[str] = None
    #: ``--isolated``: no configuration file at all.
    isolated: bool = False
    #: The plugin's settings: flake8 applies ``[flake8]`` and its defaults itself, so
    #: only our places count (their excludes and codes, none by default).
    ours_only: bool = False


class Choice(NamedTuple):
    """What one place (``[flake8]``, or ours) says about which codes are reported, decided
    as flake8's ``DecisionEngine`` decides: the longest matching prefix wins."""

    #: Code prefixes to report; None: all.
    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    #: (pattern, code prefixes): codes ignored in the files a pattern matches.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def allows(self, code: str, path: str) -> bool:
        """Whether this place lets ``code`` through in the file at ``path``."""
        chosen = (*(("",) if self.select is None else self.select), *self.extend_select)
        selected = max((len(prefix) for prefix in chosen if code.startswith(prefix)), default=-1)
        if selected < 0:
            return False
        # As flake8: only the matching pattern that is longest (the first of equals)
        # adds its codes; ``tests/*: E501`` beside ``test_*.py: WRP001`` ignores E501 alone.
        matching = [item for item in self.per_file_ignores if _matches(path, item[0])]
        per_file = max(matching, key=lambda item: len(item[0]))[1] if matching else ()
        ignored = max(
            (
                len(prefix)
                for prefix in (*self.ignore, *self.extend_ignore, *per_file)
                if code.startswith(prefix)
            ),
            default=-1,
        )
        return selected > ignored

    def names(self, code: str) -> bool:
        """Whether ``select`` or ``extend-select`` names ``code`` (or a prefix of it)."""
        return code.startswith((*(self.select or ()), *self.extend_select))


class FileSettings(NamedTuple):
    """The effective settings of the files one configuration governs. Immutable, picklable.

    Patterns are normalised as flake8 normalises them: one with a ``/`` is made absolute
    from the directory of the file that gave it (the working directory for the command
    line); one without matches a file's (or a directory's) name.
    """

    #: What the analysis counts as copying metadata.
    config: Config
    #: What ``[flake8]`` and ours say about codes: a finding must pass every one.
    choices: tuple[Choice, ...] = ()
    #: Codes reported only when a ``select`` or ``extend-select`` names them.
    off_by_default: tuple[str, ...] = OFF_BY_DEFAULT
    #: Patterns of files and directories to skip.
    exclude: tuple[str, ...] = tuple(DEFAULT_EXCLUDE)
    #: Whether ``exclude`` also applies to files named on the command line.
    force_exclude: bool = False
    #: The configuration files read, as the user would name them.
    sources: tuple[str, ...] = ()
    #: The directory of the configuration (the working directory if there is none):
    #: ``force_exclude`` looks at a file's directories up to here.
    root: str = ""
    #: ``cache-dir``, absolute; empty for the default (``cache.py``).
    cache_dir: str = ""
    #: What one entry point obeys and another does not, to say once on stderr.
    warnings: tuple[str, ...] = ()

    def wants(self, finding: Union[Finding, str], path: PathLike) -> bool:
        """Whether ``finding`` (or a code) in the file at ``path`` is reported:
        ``select``, ``ignore`` and ``per-file-ignores`` (``# noqa`` is ``noqa.py``'s)."""
        code = finding if isinstance(finding, str) else finding.code
        where = os.fspath(path)
        if not all(choice.allows(code, where) for choice in self.choices):
            return False
        return not code.startswith(self.off_by_default) or any(
            choice.names(code) for choice in self.choices
        )

    def reported(
        self, findings: Iterable[Finding], path: PathLike, source: Union[str, bytes]
    ) -> list[Finding]:
        """The findings a user sees for the file at ``path`` whose content is ``source``:
        those :meth:`wants`, less those a ``# noqa`` comment silences (as flake8 does)."""
        wanted = [finding for finding in findings if self.wants(finding, path)]
        if not wanted:
            return wanted
        if isinstance(source, bytes):
            if b"noqa" not in source.lower():
                return wanted
            source = source_text(source)
        return unsuppressed(source, wanted)

    def excluded(self, path: PathLike) -> bool:
        """Whether ``exclude`` names this file or directory itself (for the walk)."""
        return _matches_any(os.fspath(path), self.exclude)

    def force_excluded(self, path: PathLike) -> bool:
        """Whether ``exclude`` names this file or one of its directories below the root:
        the test for files named on the command line (ruff's ``force-exclude``)."""
        absolute = os.path.abspath(os.fspath(path))
        if self.excluded(absolute):
            return True
        root = self.root or os.getcwd()
        directory = os.path.dirname(absolute)
        while directory != root and directory.startswith(root + os.sep):
            if self.excluded(directory):
                return True
            directory = os.path.dirname(directory)
        return False


class SettingsFinder:
    """Finds the settings of each path: parsed files are shared by every finder of the
    process and re-read when they change; ``remember_directories`` also keeps which
    directory holds the configuration (for one run over many files, not for a server)."""

    def __init__(self, options: Options = Options(), remember_directories: bool = False):
        self.options = options
        self._remember = remember_directories
        self._directories: dict[str, tuple[ParsedFile, ...]] = {}
        self._settings: dict[tuple[object, ...], FileSettings] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Sent to worker processes without what this process found (they find their own)."""
        return {"options": self.options, "_remember": self._remember}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["options"], state["_remember"])  # type: ignore[misc]

    def for_path(self, path: PathLike) -> FileSettings:
        """The effective settings of the file (or directory) ``path``."""
        absolute = os.path.abspath(os.fspath(path))
        directory = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        files = self._files_for(directory)
        key = (tuple((f.path, f.stamp) for f in files), os.getcwd())
        found = self._settings.get(key)
        if found is None:
            if len(self._settings) > 256:
                self._settings.clear()
            found = self._settings[key] = _combine(files, self.options)
        return found

    def _files_for(self, directory: str) -> tuple[ParsedFile, ...]:
        if self.options.isolated:
            return ()
        if self.options.config_file is not None:
            named = parsed_file(os.path.abspath(self.options.config_file))
            if named is None:
                raise ConfigError(self.options.config_file, "no such file")
            return (named,)
        # Each place is found as its tool finds it: ours in the nearest directory that has
        # our section, ``[flake8]`` in the nearest that has one (a package's own
        # ``[tool.flake8-wraps]`` does not hide the repository's ``[flake8]``).
        visited: list[str] = []
        ours: Optional[tuple[ParsedFile, ...]] = None
        flake8: Optional[ParsedFile] = None
        # How many of the visited directories lie at or below where each was found: only
        # those below both share the answer.
        ours_at = flake8_at = None
        candidate = directory
        while True:
            if self._remember and candidate in self._directories:
                above = self._directories[candidate]
                if ours is None:
                    ours = tuple(parsed for parsed in above if parsed.has_own)
                if flake8 is None:
                    flake8 = next((p for p in above if p.flake8 is not None), None)
                break
            visited.append(candidate)
            here = [
                parsed
                for parsed in (parsed_file(os.path.join(candidate, name)) for name in CONFIG_FILES)
                if parsed is not None and parsed.relevant
            ]
            if ours is None and any(parsed.has_own for parsed in here):
                ours, ours_at = tuple(here), len(visited)
            if flake8 is None:
                flake8 = next((parsed for parsed in here if parsed.flake8 is not None), None)
                flake8_at = len(visited) if flake8 is not None else None
            parent = os.path.dirname(candidate)
            if (ours is not None and flake8 is not None) or parent == candidate:
                break
            candidate = parent
        found = tuple(ours or ())
        if flake8 is not None and flake8 not in found:
            found += (flake8,)
        if self._remember:
            shared = min(ours_at or len(visited), flake8_at or len(visited))
            for seen in visited[:shared]:
                self._directories[seen] = found
        return found


_DEFAULT_FINDER = SettingsFinder()


def settings_for(path: PathLike, options: Options = Options()) -> FileSettings:
    """The effective settings of the file at ``path``: its nearest configuration, read
    again when a configuration file changes. Raises :class:`ConfigError`."""
    finder = _DEFAULT_FINDER if options == _DEFAULT_FINDER.options else SettingsFinder(options)
    return finder.for_path(path)


# -- combining -------------------------------------------------------------------------------


def _combine(files: tuple[ParsedFile, ...], options: Options) -> FileSettings:
    def own(key: str) -> Any:
        return next((parsed.own[key] for parsed in files if key in parsed.own), None)

    # flake8 reads the first of setup.cfg, tox.ini and .flake8 with a [flake8] section.
    flake8_file = next((parsed for parsed in files if parsed.flake8 is not None), None)
    flake8 = {} if flake8_file is None or options.ours_only else flake8_file.flake8 or {}

    cwd = os.getcwd()
    # Patterns are taken from the directory of the file that gives them.
    root = os.path.dirname(files[0].path) if files else cwd
    flake8_root = os.path.dirname(flake8_file.path) if flake8_file is not None else root
    wraps_functions = options.wraps_functions
    if wraps_functions is None:
        wraps_functions = own("wraps-functions") or flake8.get("wraps-functions") or ()
    if options.exclude is not None:
        exclude = _normalised(options.exclude, cwd)
    else:
        # Each place that sets ``exclude`` has it obeyed: flake8 its own, the plugin ours.
        configured = [(own("exclude"), root), (flake8.get("exclude"), flake8_root)]
        exclude = tuple(
            pattern
            for patterns, parent in configured
            if patterns is not None
            for pattern in _normalised(patterns, parent)
        )
        if all(patterns is None for patterns, _ in configured) and not options.ours_only:
            exclude = DEFAULT_EXCLUDE
    exclude += _normalised(own("extend-exclude") or (), root)
    exclude += _normalised(flake8.get("extend-exclude", ()), flake8_root)
    exclude += _normalised(options.extend_exclude, cwd)
    force_exclude = options.force_exclude
    if force_exclude is None:
        force_exclude = own("force-exclude")
    if force_exclude is None:
        # pre-commit names each file: its excludes must apply as ruff's do there.
        force_exclude = os.environ.get("PRE_COMMIT") == "1"

    def choice(setting: Any, parent: str, empty_selects_nothing: bool = False) -> Choice:
        per_file_ignores = tuple(
            (_normalised((pattern,), parent)[0], codes)
            for pattern, codes in setting("per-file-ignores") or ()
        )
        if options.per_file_ignores is not None:
            per_file_ignores = tuple(
                (_normalised((pattern,), cwd)[0], codes)
                for pattern, codes in options.per_file_ignores
            )
        select = options.select if options.select is not None else setting("select")
        ignore = options.ignore if options.ignore is not None else setting("ignore")
        # The command line's select is one for the run: every place's extend-select adds
        # to it, as the one ``[flake8]`` section's does in flake8.
        extend_select = (
            (*(own("extend-select") or ()), *flake8.get("extend-select", ()))
            if options.select is not None
            else setting("extend-select") or ()
        )
        return Choice(
            # ``select =`` with nothing after it: flake8 then reports nothing at all.
            select=select if empty_selects_nothing and select is not None else select or None,
            extend_select=(*extend_select, *options.extend_select),
            ignore=ignore or (),
            extend_ignore=(*(setting("extend-ignore") or ()), *options.extend_ignore),
            per_file_ignores=per_file_ignores,
        )

    choices: tuple[Choice, ...] = (choice(own, root),)
    if not options.ours_only:
        choices += (choice(flake8.get, flake8_root, empty_selects_nothing=True),)
    warnings: tuple[str, ...] = ()
    if flake8_file is not None and not options.ours_only:
        warnings = _flake8_warnings(display_name(flake8_file.path), flake8, options, choices)
    return FileSettings(
        config=Config.from_extra_wraps_functions(wraps_functions),
        warnings=warnings,
        choices=choices,
        off_by_default=() if options.ours_only else OFF_BY_DEFAULT,
        exclude=exclude,
        force_exclude=force_exclude,
        sources=tuple(display_name(parsed.path) for parsed in files),
        root=root,
        cache_dir=os.path.join(root, own("cache-dir")) if own("cache-dir") else "",
    )


def _flake8_warnings(
    name: str, flake8: dict[str, Any], options: Options, choices: tuple[Choice, ...]
) -> tuple[str, ...]:
    """What the ``[flake8]`` section of ``name`` makes this run do that a user would not
    guess: report no code of ours at all, or leave off a code flake8 reports."""
    if options.select is None and "select" in flake8:
        named = Choice(select=tuple(flake8["select"]),
                       extend_select=(*flake8.get("extend-select", ()), *options.extend_select))
        if not any(named.names(rule.code) for rule in RULES):
            return (
                f"{name}: [flake8] select names no WRP code, so flake8 and this run report"
                " none; add WRP to its extend-select",
            )
    if "ignore" not in flake8 or options.ignore is not None:
        return ()
    # flake8's ``ignore`` replaces its default list, and with it the plugin's codes off
    # by default: flake8 reports them; this run does too only where something selects them.
    unnamed = [
        code
        for code in OFF_BY_DEFAULT
        if not code.startswith(tuple(flake8["ignore"]))
        and not any(choice.names(code) for choice in choices)
    ]
    if not unnamed:
        return ()
    codes = ", ".join(unnamed)
    return (
        f"{name}: [flake8] ignore replaces flake8's default ignore list, so flake8 reports"
        f" {codes} (off by default) and check does not; add {codes} to that ignore to"
        " keep it off in both, or to extend-select to report it in both",
    )


def _normalised(patterns: Iterable[str], parent: str) -> tuple[str, ...]:
    """flake8's ``normalize_path``: a pattern with a separator is made absolute."""
    separators = os.sep + (os.altsep or "")
    normalised = []
    for pattern in patterns:
        if pattern == "." or any(separator in pattern for separator in separators):
            pattern = os.path.abspath(os.path.join(parent, pattern))
        normalised.append(pattern.rstrip(separators))
    return tuple(normalised)


def _matches(path: str, pattern: str) -> bool:
    return _matches_any(path, (pattern,))


def _matches_any(path: str, patterns: tuple[str, ...]) -> bool:
    """flake8's ``matches_filename``: the name, or the absolute path, matches a pattern."""
    if not patterns:
        return False
    name = os.path.basename(path)
    if name not in (".", "..") and any(fnmatch(name, pattern) for pattern in patterns):
        return True
    absolute = os.path.abspath(path)
    return any(fnmatch(absolute, pattern) for pattern in patterns)


__all__ = [
    "Choice",
    "FileSettings",
    "Options",
    "SettingsFinder",
    "settings_for",
]
