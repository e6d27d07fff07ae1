"""Reading the configuration files: ``pyproject.toml``'s ``[tool.flake8-wraps]``, and the
``[flake8-wraps]`` and ``[flake8]`` sections of ``setup.cfg``, ``tox.ini`` and ``.flake8``,
each checked and typed as it is read (a file is read again only when it changes).
``settings`` finds which files apply to a checked file and combines what they say."""

from __future__ import annotations

import configparser
import os
import re
import sys
from typing import Any, Iterable, NamedTuple, Optional

from flake8_wraps.codes import RULES

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
SELECT_KEYS = ("select", "extend-select")


CODE_KEYS = (*SELECT_KEYS, "ignore", "extend-ignore")


LIST_KEYS = (*CODE_KEYS, "exclude", "extend-exclude", "wraps-functions")


KEYS = (*LIST_KEYS, "per-file-ignores", "force-exclude", "cache-dir")


CODES = tuple(sorted({rule.code for rule in RULES}))


class ConfigError(Exception):
    """A configuration that cannot be used: ``<file>: <what is wrong>``."""

    def __init__(self, path: str, problem: str):
        super().__init__(path, problem)
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class ParsedFile(NamedTuple):
    """What one configuration file says, checked; patterns still as written."""

    path: str
    stamp: tuple[int, int, int]
    #: Whether it has our section (``[flake8-wraps]``, ``[tool.flake8-wraps]``), empty or not.
    has_own: bool
    #: ``[flake8-wraps]`` or ``[tool.flake8-wraps]``, checked and typed.
    own: dict[str, Any]
    #: The keys of ``[flake8]`` that we read, typed; None without that section.
    flake8: Optional[dict[str, Any]]

    @property
    def relevant(self) -> bool:
        """Whether it has one of our sections, or ``[flake8]``."""
        return self.has_own or self.flake8 is not None


#: Parsed files by path, with the stamp (mtime, size, inode) they were read at.
_PARSED: dict[str, ParsedFile] = {}


def parsed_file(path: str) -> Optional[ParsedFile]:
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
    name = display_name(path)
    if path.endswith(".toml"):
        parsed = ParsedFile(path, stamp, *_read_pyproject(path, name))
    else:
        parsed = ParsedFile(path, stamp, *_read_ini(path, name))
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
        # A project template's pyproject.toml (cookiecutter's, Jinja) does not parse; the
        # user's way out is to skip the template's directory, as it holds no valid Python.
        raise ConfigError(
            name, f"not valid TOML ({error}); if it is a template, exclude its directory"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(name, f"cannot be read ({error})") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(name, f"'tool' must be a table, not {kind_of(tool)}")
    table = tool.get(SECTION)
    if table is None:
        return False, {}, None
    if not isinstance(table, dict):
        raise ConfigError(name, f"[tool.{SECTION}] must be a table, not {kind_of(table)}")
    where = f"[tool.{SECTION}]"
    own: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = _known_key(raw_key, name, where)
        if key == "force-exclude":
            if not isinstance(value, bool):
                raise ConfigError(
                    name, f"{where} {raw_key}: expected true or false, not {kind_of(value)}"
                )
            own[key] = value
        elif key == "cache-dir":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(name, f"{where} {raw_key}: expected a path, not {kind_of(value)}")
            own[key] = value.strip()
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(
                    name, f"{where} {raw_key}: expected a table of patterns, not {kind_of(value)}"
                )
            own[key] = tuple(
                (pattern, _codes(_strings(codes, name, f"{where} {raw_key} {pattern!r}"), name,
                                 f"{where} {raw_key}", key))
                for pattern, codes in value.items()
            )
        else:
            strings = _strings(value, name, f"{where} {raw_key}")
            is_codes = key in CODE_KEYS
            own[key] = _codes(strings, name, f"{where} {raw_key}", key) if is_codes else strings
    return True, own, None


def _strings(value: object, name: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(name, f"{where}: expected a list of strings, not {kind_of(value)}")
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
                items = split_values(value)
                is_codes = key in CODE_KEYS
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
                if raw_key in ("ignore", "extend-ignore"):
                    _flake8_codes(flake8[key], name, f"[flake8] {raw_key}")
    return parser.has_section(SECTION), own, flake8


def _flake8_codes(codes: tuple[str, ...], name: str, where: str) -> None:
    """flake8 stops on an ``ignore`` or ``extend-ignore`` value that is no code (an
    inline comment, which ini values do not have, is read as codes): so does this."""
    from flake8.defaults import VALID_CODE_PREFIX  # type: ignore[import-untyped]

    wrong = next((code for code in codes if not VALID_CODE_PREFIX.match(code)), None)
    if wrong is not None:
        raise ConfigError(
            name, f"{where}: {wrong!r} is not an error code (flake8 refuses it too; a comment"
            " cannot follow a value on its line)",
        )


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
    if key not in KEYS:
        # Here, not at the top: difflib costs flake8's plugin import 4 ms, and only an
        # unknown key needs it.
        import difflib

        close = difflib.get_close_matches(key, KEYS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(KEYS)})"
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
            code.upper().startswith("WRP") and not any(k.startswith(code) for k in CODES)
        ):
            raise ValueError(f"{where}: unknown code '{code}' (codes: {', '.join(CODES)})")
    if key == "select" and codes and not any(k.startswith(codes) for k in CODES):
        raise ValueError(
            f"{where}: {','.join(codes)} selects no flake8-wraps code"
            f" (codes: {', '.join(CODES)})"
        )
    return codes


def _codes(codes: tuple[str, ...], name: str, where: str, key: str) -> tuple[str, ...]:
    try:
        return check_codes(codes, where, key)
    except ValueError as error:
        raise ConfigError(name, str(error)) from None


def split_values(value: Optional[str]) -> tuple[str, ...]:
    """A comma- or line-separated list, as flake8 reads one."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())


def kind_of(value: object) -> str:
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


def display_name(path: str) -> str:
    """The path as the user would name it: relative below the working directory."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative
