"""Each checked file's settings, found the way flake8 and ruff find theirs.

The nearest directory above a file (the file's own first) whose ``pyproject.toml`` has a
``[tool.flake8-wraps]`` table, or whose ``setup.cfg``, ``tox.ini`` or ``.flake8`` has a
``[flake8-wraps]`` or ``[flake8]`` section, holds the file's configuration (``--config``
names one file instead, ``--isolated`` none). Two places have a say, and a finding is
reported only when both let it through, so that flake8 (which reads ``[flake8]`` itself,
while the plugin reads ours) and ``check`` report the same:

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
``per-file-ignores`` in both places and add to the ``extend-`` lists.

A configuration that cannot be used (a file that does not parse, an unknown key, a value
of the wrong type, an unknown code) raises :class:`ConfigError`, which names the file and
what is wrong: the command line prints it and exits 2, the language server shows it.

Files are parsed once per modification: a long-running process (the language server)
calls :func:`settings_for` for each document and sees a changed file the next time.
"""

from __future__ import annotations

import configparser
import difflib
import os
import re
import sys
from fnmatch import fnmatch
from typing import Any, Iterable, NamedTuple, Optional, Union

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.codes import OFF_BY_DEFAULT, RULES
from flake8_wraps.config import Config
from flake8_wraps.project.noqa import unsuppressed

#: Skipped unless ``exclude`` says otherwise (flake8's ``exclude`` replaces its default too).
DEFAULT_EXCLUDE = (".git", ".venv", "venv", "build", "dist", "__pycache__", ".tox", ".eggs")
#: The files a directory's configuration is read from, the winning one first.
CONFIG_FILES = ("pyproject.toml", "setup.cfg", "tox.ini", ".flake8")
#: Our section in ``setup.cfg``, ``tox.ini`` and ``.flake8``; ``[tool.flake8-wraps]`` in TOML.
SECTION = "flake8-wraps"
#: The keys of ``[flake8]`` that mean the same for flake8 and for us.
FLAKE8_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "extend-ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "wraps-functions",
)

#: Every key, with the kind of value it takes.
_SELECT_KEYS = ("select", "extend-select")
_CODE_KEYS = (*_SELECT_KEYS, "ignore", "extend-ignore")
_LIST_KEYS = (*_CODE_KEYS, "exclude", "extend-exclude", "wraps-functions")
_KEYS = (*_LIST_KEYS, "per-file-ignores", "force-exclude", "cache-dir")
_CODES = tuple(sorted({rule.code for rule in RULES}))

PathLike = Union[str, "os.PathLike[str]"]


class ConfigError(Exception):
    """A configuration that cannot be used: ``<file>: <what is wrong>``."""

    def __init__(self, path: str, problem: str):
        super().__init__(path, problem)
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


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
        per_file = tuple(
            prefix
            for pattern, codes in self.per_file_ignores
            if _matches(path, pattern)
            for prefix in codes
        )
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
            source = _decoded(source)
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
        self._directories: dict[str, tuple[_ParsedFile, ...]] = {}
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

    def _files_for(self, directory: str) -> tuple[_ParsedFile, ...]:
        if self.options.isolated:
            return ()
        if self.options.config_file is not None:
            named = _parsed(os.path.abspath(self.options.config_file))
            if named is None:
                raise ConfigError(self.options.config_file, "no such file")
            return (named,)
        visited = []
        found: tuple[_ParsedFile, ...] = ()
        candidate = directory
        while True:
            if self._remember and candidate in self._directories:
                found = self._directories[candidate]
                break
            visited.append(candidate)
            found = tuple(
                parsed
                for parsed in (_parsed(os.path.join(candidate, name)) for name in CONFIG_FILES)
                if parsed is not None and parsed.relevant
            )
            parent = os.path.dirname(candidate)
            if found or parent == candidate:
                break
            candidate = parent
        if self._remember:
            for seen in visited:
                self._directories[seen] = found
        return found


_DEFAULT_FINDER = SettingsFinder()


def settings_for(path: PathLike, options: Options = Options()) -> FileSettings:
    """The effective settings of the file at ``path``: its nearest configuration, read
    again when a configuration file changes. Raises :class:`ConfigError`."""
    finder = _DEFAULT_FINDER if options == _DEFAULT_FINDER.options else SettingsFinder(options)
    return finder.for_path(path)


# -- reading files ------------------------------------------------------------------------


class _ParsedFile(NamedTuple):
    """What one configuration file says, checked; patterns still as written."""

    path: str
    stamp: tuple[int, int, int]
    #: Whether it has one of our sections, or ``[flake8]``.
    relevant: bool
    #: ``[flake8-wraps]`` or ``[tool.flake8-wraps]``, checked and typed.
    own: dict[str, Any]
    #: The keys of ``[flake8]`` that we read, typed; None without that section.
    flake8: Optional[dict[str, Any]]


#: Parsed files by path, with the stamp (mtime, size, inode) they were read at.
_PARSED: dict[str, _ParsedFile] = {}


def _parsed(path: str) -> Optional[_ParsedFile]:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    if not os.path.isfile(path):
        return None
    stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
    known = _PARSED.get(path)
    if known is not None and known.stamp == stamp:
        return known
    if len(_PARSED) > 1024:
        _PARSED.clear()
    name = _display(path)
    if path.endswith(".toml"):
        parsed = _ParsedFile(path, stamp, *_read_pyproject(path, name))
    else:
        parsed = _ParsedFile(path, stamp, *_read_ini(path, name))
    _PARSED[path] = parsed
    return parsed


def _read_pyproject(
    path: str, name: str
) -> tuple[bool, dict[str, Any], Optional[dict[str, Any]]]:
    if sys.version_info >= (3, 11):
        import tomllib  # novermin: guarded by the version check above
    else:  # pragma: no cover - the 3.9 and 3.10 path
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(name, f"not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(name, f"cannot be read ({error})") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(name, f"'tool' must be a table, not {_kind(tool)}")
    table = tool.get(SECTION)
    if table is None:
        return False, {}, None
    if not isinstance(table, dict):
        raise ConfigError(name, f"[tool.{SECTION}] must be a table, not {_kind(table)}")
    where = f"[tool.{SECTION}]"
    own: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = _known_key(raw_key, name, where)
        if key == "force-exclude":
            if not isinstance(value, bool):
                raise ConfigError(
                    name, f"{where} {raw_key}: expected true or false, not {_kind(value)}"
                )
            own[key] = value
        elif key == "cache-dir":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(name, f"{where} {raw_key}: expected a path, not {_kind(value)}")
            own[key] = value.strip()
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(
                    name, f"{where} {raw_key}: expected a table of patterns, not {_kind(value)}"
                )
            own[key] = tuple(
                (pattern, _codes(_strings(codes, name, f"{where} {raw_key} {pattern!r}"), name,
                                 f"{where} {raw_key}", key))
                for pattern, codes in value.items()
            )
        else:
            strings = _strings(value, name, f"{where} {raw_key}")
            is_codes = key in _CODE_KEYS
            own[key] = _codes(strings, name, f"{where} {raw_key}", key) if is_codes else strings
    return True, own, None


def _strings(value: object, name: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(name, f"{where}: expected a list of strings, not {_kind(value)}")
    return tuple(item.strip() for item in value if item.strip())


def _read_ini(path: str, name: str) -> tuple[bool, dict[str, Any], Optional[dict[str, Any]]]:
    parser = configparser.RawConfigParser()
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
    except configparser.MissingSectionHeaderError as error:
        raise ConfigError(
            name, f"line {error.lineno}: {error.line.strip()!r} comes before any [section]"
        ) from None
    except configparser.DuplicateSectionError as error:
        raise ConfigError(
            name, f"line {error.lineno}: section [{error.section}] appears twice"
        ) from None
    except configparser.DuplicateOptionError as error:
        raise ConfigError(
            name, f"line {error.lineno}: [{error.section}] {error.option} is set twice"
        ) from None
    except configparser.ParsingError as error:
        lineno, line = error.errors[0]
        raise ConfigError(name, f"line {lineno}: cannot parse {line.strip()!r}") from None
    except configparser.Error as error:
        raise ConfigError(name, str(error).splitlines()[0]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(name, f"cannot be read ({error})") from None
    own: dict[str, Any] = {}
    if parser.has_section(SECTION):
        where = f"[{SECTION}]"
        for raw_key, value in parser.items(SECTION):
            key = _known_key(raw_key, name, where)
            if key == "force-exclude":
                own[key] = _boolean(value, name, f"{where} {raw_key}")
            elif key == "cache-dir":
                if not value.strip():
                    raise ConfigError(name, f"{where} {raw_key}: expected a path, not nothing")
                own[key] = value.strip()
            elif key == "per-file-ignores":
                own[key] = _per_file_ignores(value, name, f"{where} {raw_key}", check_codes=True)
            else:
                items = _split(value)
                is_codes = key in _CODE_KEYS
                own[key] = _codes(items, name, f"{where} {raw_key}", key) if is_codes else items
    flake8: Optional[dict[str, Any]] = None
    if parser.has_section("flake8"):
        flake8 = {}
        for raw_key, value in parser.items("flake8"):
            key = raw_key.replace("_", "-")
            if key == "per-file-ignores":
                flake8[key] = _per_file_ignores(
                    value, name, f"[flake8] {raw_key}", check_codes=False
                )
            elif key in FLAKE8_KEYS:
                # flake8's comma_separated_list: commas or any white space.
                flake8[key] = tuple(part for part in re.split(r"[,\s]", value) if part)
    return parser.has_section(SECTION) or flake8 is not None, own, flake8


def _per_file_ignores(
    value: str, name: str, where: str, check_codes: bool
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """flake8's syntax, parsed by flake8's own parser: ``tests/*: WRP001 src/x.py: WRP1``."""
    from flake8.utils import parse_files_to_codes_mapping  # type: ignore[import-untyped]

    try:
        mapping = parse_files_to_codes_mapping(value)
    except Exception:  # flake8's ExecutionError, with a multi-line message
        raise ConfigError(
            name, f"{where}: expected 'pattern: CODES' pairs, not {' '.join(value.split())!r}"
        ) from None
    return tuple(
        (pattern, _codes(tuple(codes), name, where, "ignore") if check_codes else tuple(codes))
        for pattern, codes in mapping
    )


def per_file_ignores_option(value: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``--per-file-ignores``: flake8's ``pattern: CODES`` pairs; else raises ValueError."""
    try:
        return _per_file_ignores(value, "", "--per-file-ignores", check_codes=True)
    except ConfigError as error:
        raise ValueError(error.problem) from None


def _known_key(raw_key: str, name: str, where: str) -> str:
    key = raw_key.replace("_", "-")
    if key not in _KEYS:
        close = difflib.get_close_matches(key, _KEYS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(_KEYS)})"
        raise ConfigError(name, f"{where} unknown key '{raw_key}'{hint}")
    return key


def _boolean(value: str, name: str, where: str) -> bool:
    states = configparser.RawConfigParser.BOOLEAN_STATES
    if value.strip().lower() not in states:
        raise ConfigError(name, f"{where}: expected true or false, not {value.strip()!r}")
    return states[value.strip().lower()]


def check_codes(codes: Iterable[str], where: str, key: str = "ignore") -> tuple[str, ...]:
    """``codes`` if each is a known code, a prefix of one, or another tool's code (flake8
    users paste ``E501``); else raises :class:`ValueError`. A ``select`` list must name
    at least one of ours: selecting none would report nothing without saying why."""
    codes = tuple(codes)
    for code in codes:
        if not code or (
            code.upper().startswith("WRP") and not any(k.startswith(code) for k in _CODES)
        ):
            raise ValueError(f"{where}: unknown code '{code}' (codes: {', '.join(_CODES)})")
    if key == "select" and codes and not any(k.startswith(codes) for k in _CODES):
        raise ValueError(
            f"{where}: {','.join(codes)} selects no flake8-wraps code"
            f" (codes: {', '.join(_CODES)})"
        )
    return codes


def _codes(codes: tuple[str, ...], name: str, where: str, key: str) -> tuple[str, ...]:
    try:
        return check_codes(codes, where, key)
    except ValueError as error:
        raise ConfigError(name, str(error)) from None


def _decoded(source: bytes) -> str:
    import io
    import tokenize

    try:
        encoding = tokenize.detect_encoding(io.BytesIO(source).readline)[0]
    except SyntaxError:
        encoding = "utf-8"
    return source.decode(encoding, errors="replace")


def _split(value: Optional[str]) -> tuple[str, ...]:
    """A comma- or line-separated list, as flake8 reads one."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return "an array of tables"
        return "a list with other things than strings" if value else "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _display(path: str) -> str:
    """The path as the user would name it: relative below the working directory."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


# -- combining -------------------------------------------------------------------------------


def _combine(files: tuple[_ParsedFile, ...], options: Options) -> FileSettings:
    def own(key: str) -> Any:
        return next((parsed.own[key] for parsed in files if key in parsed.own), None)

    # flake8 reads the first of setup.cfg, tox.ini and .flake8 with a [flake8] section.
    flake8 = next((parsed.flake8 for parsed in files if parsed.flake8 is not None), {})
    if options.ours_only:
        flake8 = {}

    root = os.path.dirname(files[0].path) if files else os.getcwd()
    cwd = os.getcwd()
    wraps_functions = options.wraps_functions
    if wraps_functions is None:
        wraps_functions = own("wraps-functions") or flake8.get("wraps-functions") or ()
    if options.exclude is not None:
        exclude = _normalised(options.exclude, cwd)
    else:
        # Each place that sets ``exclude`` has it obeyed: flake8 its own, the plugin ours.
        configured = [own("exclude"), flake8.get("exclude")]
        exclude = tuple(
            pattern
            for patterns in configured
            if patterns is not None
            for pattern in _normalised(patterns, root)
        )
        if all(patterns is None for patterns in configured) and not options.ours_only:
            exclude = DEFAULT_EXCLUDE
    exclude += _normalised(own("extend-exclude") or (), root)
    exclude += _normalised(flake8.get("extend-exclude", ()), root)
    exclude += _normalised(options.extend_exclude, cwd)
    force_exclude = options.force_exclude
    if force_exclude is None:
        force_exclude = own("force-exclude")
    if force_exclude is None:
        # pre-commit names each file: its excludes must apply as ruff's do there.
        force_exclude = os.environ.get("PRE_COMMIT") == "1"

    def choice(setting: Any) -> Choice:
        per_file_ignores = tuple(
            (_normalised((pattern,), root)[0], codes)
            for pattern, codes in setting("per-file-ignores") or ()
        )
        if options.per_file_ignores is not None:
            per_file_ignores = tuple(
                (_normalised((pattern,), cwd)[0], codes)
                for pattern, codes in options.per_file_ignores
            )
        select = options.select if options.select is not None else setting("select")
        ignore = options.ignore if options.ignore is not None else setting("ignore")
        return Choice(
            select=select or None,
            extend_select=(*(setting("extend-select") or ()), *options.extend_select),
            ignore=ignore or (),
            extend_ignore=(*(setting("extend-ignore") or ()), *options.extend_ignore),
            per_file_ignores=per_file_ignores,
        )

    warnings: tuple[str, ...] = ()
    flake8_file = next((parsed for parsed in files if parsed.flake8 is not None), None)
    if flake8_file is not None and "ignore" in flake8 and options.ignore is None:
        # flake8's ``ignore`` replaces its default list, and with it the plugin's codes
        # off by default: flake8 reports them, the command line does not.
        unnamed = [code for code in OFF_BY_DEFAULT if not code.startswith(flake8["ignore"])]
        if unnamed and not options.ours_only:
            warnings = (
                f"{_display(flake8_file.path)}: [flake8] ignore replaces flake8's default"
                f" ignore list, so flake8 reports {', '.join(unnamed)} (off by default) and"
                " check does not; write extend-ignore instead",
            )
    return FileSettings(
        config=Config.from_extra_wraps_functions(wraps_functions),
        warnings=warnings,
        choices=(choice(own),) if options.ours_only else (choice(own), choice(flake8.get)),
        off_by_default=() if options.ours_only else OFF_BY_DEFAULT,
        exclude=exclude,
        force_exclude=force_exclude,
        sources=tuple(_display(parsed.path) for parsed in files),
        root=root,
        cache_dir=os.path.join(root, own("cache-dir")) if own("cache-dir") else "",
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
    "ConfigError",
    "FileSettings",
    "Options",
    "SettingsFinder",
    "check_codes",
    "per_file_ignores_option",
    "settings_for",
]
