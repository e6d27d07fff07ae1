"""The command line's results of earlier runs: a warm run checks only what changed.

One JSON file per version of the tool (``cache.py`` says where, and why JSON) maps each
checked file to what its last check found, under which settings, from which content,
and what that check learnt from other files (``dependencies.py``). A result is reused
only while all of these hold: the file's content, the settings that decide what is
reported, and every answer about other files. Editing a decorator in
``utils/decorators.py`` therefore re-checks ``utils/decorators.py`` and the views whose
findings came from it, and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional

from flake8_wraps.analysis import Finding, Fix
from flake8_wraps.cache import (
    FORMAT,
    Digest,
    location,
    read_json,
    remove_stale,
    tool_digest,
    unchanged,
    write_json,
)
from flake8_wraps.codes import RULE_BY_NAME
from flake8_wraps.dependencies import Answer, Question
from flake8_wraps.settings import FileSettings

#: A project larger than this keeps the results of the files checked most recently.
MAX_ENTRIES = 200_000


class Result(NamedTuple):
    """One file's check, as the cache keeps it."""

    digest: Digest
    #: ``settings_key`` of the settings the findings were filtered with.
    settings: str
    #: The findings reported (after select, ignore, per-file-ignores and noqa).
    findings: list[Finding]
    #: Why the file has no findings, when it is not valid Python.
    error: Optional[str]
    #: What the check learnt from other files.
    answers: dict[Question, Answer]


def settings_key(settings: FileSettings) -> str:
    """What of a file's settings decides its reported findings, as a stable string."""
    ignores = ";".join(
        f"{pattern}={','.join(codes)}" for pattern, codes in settings.per_file_ignores
    )
    return "|".join(
        (settings.config.key(), ",".join(settings.select), ",".join(settings.ignore), ignores)
    )


class ResultCache:
    """The results kept by earlier runs, and those of this run, saved at its end."""

    def __init__(self, directory: Path):
        self.file = directory / f"results-{tool_digest()}.json"
        self._kept: dict[str, Any] = {}
        self._fresh: dict[str, Any] = {}
        self._holds: dict[tuple[Question, str], bool] = {}
        stored = read_json(self.file)
        if isinstance(stored, dict) and stored.get("format") == FORMAT:
            entries = stored.get("files")
            if isinstance(entries, dict):
                self._kept = entries

    @classmethod
    def open(cls) -> Optional[ResultCache]:
        """The cache of this process's cache directory, or None when there is none."""
        directory = location()
        return None if directory is None else cls(directory)

    def result(self, path: str, settings: FileSettings) -> Optional[Result]:
        """The kept result for ``path`` if it still holds, else None (check the file)."""
        key = os.path.abspath(path)
        try:
            result = _loaded(self._kept[key])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None  # none kept, or damaged
        if result.settings != settings_key(settings):
            return None
        digest = unchanged(path, result.digest)
        if digest is None or not all(self._holds_now(q, a) for q, a in result.answers.items()):
            return None
        if digest != result.digest:
            result = result._replace(digest=digest)
            self._fresh[key] = _dumped(result)
        else:
            self._fresh[key] = self._kept[key]
        return result

    def keep(self, path: str, result: Result) -> None:
        """Remember this run's ``result`` for ``path``."""
        self._fresh[os.path.abspath(path)] = _dumped(result)

    def save(self) -> None:
        """Write this run's results over the file, with the earlier ones it did not touch
        (most recently used first), replacing the file atomically."""
        entries = dict(self._fresh)
        for key, value in self._kept.items():
            if len(entries) >= MAX_ENTRIES:
                break
            entries.setdefault(key, value)
        if entries == self._kept:
            return
        write_json(self.file, {"format": FORMAT, "files": entries})
        remove_stale("results-*.json", keep=self.file.name)
        remove_stale("index-*.json", keep="")
        remove_stale("modules-*", keep=f"modules-{tool_digest()}")
        remove_stale(".tmp-*", keep="", older_than_s=3600)  # what a killed run left

    def _holds_now(self, question: Question, answer: Answer) -> bool:
        key = (question, repr(answer))
        holds = self._holds.get(key)
        if holds is None:
            holds = self._holds[key] = _answer_now(question, answer)
        return holds


def _answer_now(question: Question, answer: Answer) -> bool:
    """Whether asking ``question`` again gives ``answer``."""
    kind, arguments = question[0], question[1:]
    try:
        if kind == "module":
            return _module_holds(str(arguments[0]), answer)
        ask = _QUESTIONS.get(str(kind))
        return ask is not None and bool(ask(*arguments) == answer)
    except Exception:  # a damaged entry (a number where a path was): check the file again
        return False


def _module_holds(path: str, answer: Answer) -> bool:
    """A module read then is the same now: its content, not its time (a checkout moves it);
    one that could not be read then still is not there."""
    if not isinstance(answer, list):
        return not os.path.isfile(path)
    size, mtime_ns, sha256, settled = answer
    return unchanged(path, Digest(int(size), int(mtime_ns), str(sha256), bool(settled))) is not None


def _locate_now(directory: str, dotted: str, level: int) -> Optional[str]:
    from flake8_wraps.project import _locate

    found = _locate(Path(directory), tuple(dotted.split(".")) if dotted else (), int(level))
    return None if found is None else str(found)


def _applied_now(directory: str, name: str) -> bool:
    from flake8_wraps.applications import applied_names
    from flake8_wraps.project import project_root

    return name in applied_names(project_root(Path(directory)))


def _resolved_now(path: str) -> str:
    return os.path.realpath(path)


def _module_name_now(path: str) -> str:
    from flake8_wraps.project import _module_name

    return _module_name(Path(path))


def _display_now(path: str) -> str:
    from flake8_wraps.project import _display_path

    return _display_path(Path(path))


#: How each kind of question (``dependencies.py``) but ``module`` is asked again.
_QUESTIONS: dict[str, Callable[..., Any]] = {
    "resolve": _resolved_now,
    "locate": _locate_now,
    "applied": _applied_now,
    "module-name": _module_name_now,
    "display": _display_now,
}


def _dumped(result: Result) -> list[Any]:
    return [
        list(result.digest),
        result.settings,
        [
            [f.line, f.col, f.rule.name, [list(field) for field in f.fields],
             None if f.fix is None else list(f.fix)]
            for f in result.findings
        ],
        result.error,
        [[list(question), answer] for question, answer in result.answers.items()],
    ]


def _loaded_fix(fields: list[Any]) -> Fix:
    *plain, removed = fields
    return Fix(*plain)._replace(removed=tuple(removed))


def _loaded(entry: list[Any]) -> Result:
    digest, settings, findings, error, answers = entry
    return Result(
        Digest(*digest),
        str(settings),
        [
            Finding(
                int(line),
                int(col),
                RULE_BY_NAME[name],
                tuple((str(key), str(value)) for key, value in fields),
                None if fix is None else _loaded_fix(fix),
            )
            for line, col, name, fields, fix in findings
        ],
        None if error is None else str(error),
        {tuple(question): answer for question, answer in answers},
    )
