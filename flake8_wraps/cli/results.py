"""The command line's results of earlier runs: a warm run checks only what changed.

For each version of the tool, one signed JSON file per directory (``cache.py`` says
where, and why it is trusted) keeps, for each file of the directory, what its last check
found, under which settings, from which content, and what that check learnt from other
files (``dependencies.py``). A run reads the files of the directories it checks and no
other: a cache shared by many projects costs a small one no more than its own entries.
A result is reused only while all of these hold: the file's content, the settings that
decide what is reported, and every answer about other files. Editing a decorator in
``utils/decorators.py`` therefore re-checks ``utils/decorators.py`` and the views whose
findings came from it, and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path
from string import Formatter
from typing import Any, Callable, NamedTuple, Optional

from flake8_wraps.analysis.findings import Finding, Fix
from flake8_wraps.project.cache import (
    Digest,
    digest_from,
    is_int,
    is_str_list,
    location,
    name_digest,
    read_json,
    record_from,
    remove_stale,
    tool_digest,
    unchanged,
    write_json,
)
from flake8_wraps.codes import RULE_BY_NAME, Rule
from flake8_wraps.project.applications import (
    applied_to,
    class_applied_to,
    method_decorator_names,
)
from flake8_wraps.project.shared_registries import registered_elsewhere
from flake8_wraps.project.dependencies import Answer, Question
from flake8_wraps.project.lookup import (
    _display_path,
    _in_test_folder,
    _locate,
    _module_name,
    project_root,
)
from flake8_wraps.project.settings import FileSettings


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
    return "|".join(
        (settings.config.key(), repr(settings.choices), ",".join(settings.off_by_default))
    )


class ResultCache:
    """The results kept by earlier runs, and those of this run, saved at its end."""

    def __init__(self, directory: Path):
        self.directory = directory / f"results-{tool_digest()}"
        #: This run's results, to be written (new, or known unchanged by their content).
        self._fresh: dict[str, Result] = {}
        #: The entries of each directory's file read so far, by the file's path.
        self._read: dict[str, dict[str, Any]] = {}
        self._holds: dict[tuple[Question, str], bool] = {}

    @classmethod
    def open(cls) -> Optional[ResultCache]:
        """The cache of this process's cache directory, or None when there is none."""
        directory = location()
        return None if directory is None else cls(directory)

    def _shard(self, folder: str) -> Path:
        """The cache file of the results of the files in ``folder``."""
        return self.directory / f"{name_digest(folder)}.json"

    def _entries(self, folder: str) -> dict[str, Any]:
        """The entries kept for the files in ``folder``, as stored (checked when used)."""
        stored = read_json(self._shard(folder))
        if not isinstance(stored, dict) or stored.get("directory") != folder:
            return {}  # none kept, not ours, or another directory's
        files = stored.get("files")
        return files if isinstance(files, dict) else {}

    def result(self, path: str, settings: FileSettings) -> Optional[Result]:
        """The kept result for ``path`` if it still holds, else None (check the file)."""
        key = os.path.abspath(path)
        folder = os.path.dirname(key)
        entries = self._read.get(folder)
        if entries is None:
            entries = self._read[folder] = self._entries(folder)
        result = _loaded(entries.get(key))
        if result is None or result.settings != settings_key(settings):
            return None  # none kept, damaged, or for other settings
        digest = unchanged(path, result.digest)
        if digest is None or not all(self._holds_now(q, a) for q, a in result.answers.items()):
            return None
        if digest != result.digest:
            result = result._replace(digest=digest)
            self._fresh[key] = result  # the next run need not read the file again
        return result

    def keep(self, path: str, result: Result) -> None:
        """Remember this run's ``result`` for ``path``."""
        self._fresh[os.path.abspath(path)] = result

    def save(self) -> None:
        """Write this run's results into the files of their directories, with the entries
        other runs keep there (read again: a run at once loses at worst its work) but
        those of files gone, and clear away what other versions of the tool left."""
        if not self._fresh:
            return
        by_folder: dict[str, dict[str, Result]] = {}
        for key, result in self._fresh.items():
            by_folder.setdefault(os.path.dirname(key), {})[key] = result
        for folder, fresh in by_folder.items():
            entries = {
                key: entry
                for key, entry in self._entries(folder).items()
                if key not in fresh and os.path.lexists(key)
            }
            entries.update((key, _dumped(result)) for key, result in fresh.items())
            write_json(self._shard(folder), {"directory": folder, "files": entries})
        self._fresh.clear()
        tool = tool_digest()
        remove_stale(current=(f"results-{tool}", f"modules-{tool}"))

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
    if answer is None:
        return not os.path.isfile(path)
    digest = digest_from(answer)
    return digest is not None and unchanged(path, digest) is not None


def _locate_now(directory: str, dotted: str, level: int) -> Optional[str]:
    found = _locate(Path(directory), tuple(dotted.split(".")) if dotted else (), int(level))
    return None if found is None else str(found)


def _applied_now(path: str, name: str) -> bool:
    file = Path(path)
    return applied_to(project_root(file.parent), name, file)


def _applied_to_class_now(path: str, name: str) -> bool:
    file = Path(path)
    return class_applied_to(project_root(file.parent), name, file)


def _given_to_method_decorator_now(directory: str, name: str) -> bool:
    return name in method_decorator_names(project_root(Path(directory)))


def _resolved_now(path: str) -> str:
    return os.path.realpath(path)


def _test_folder_now(path: str) -> bool:
    return _in_test_folder(Path(path))


def _module_name_now(path: str) -> str:
    return _module_name(Path(path))


def _display_now(path: str) -> str:
    return _display_path(Path(path))


#: How each kind of question (``dependencies.py``) but ``module`` is asked again.
_QUESTIONS: dict[str, Callable[..., Any]] = {
    "registered-elsewhere": registered_elsewhere,
    "resolve": _resolved_now,
    "locate": _locate_now,
    "applied": _applied_now,
    "applied-to-class": _applied_to_class_now,
    "given-to-method-decorator": _given_to_method_decorator_now,
    "module-name": _module_name_now,
    "test-folder": _test_folder_now,
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


#: The arguments of each kind of question and the types of its answer, as JSON keeps them.
_QUESTION_SHAPES: dict[str, tuple[tuple[type, ...], tuple[type, ...]]] = {
    "module": ((str,), (list, type(None))),
    "resolve": ((str,), (str,)),
    "locate": ((str, str, int), (str, type(None))),
    "applied": ((str, str), (bool,)),
    "applied-to-class": ((str, str), (bool,)),
    "given-to-method-decorator": ((str, str), (bool,)),
    "module-name": ((str,), (str,)),
    "test-folder": ((str,), (bool,)),
    "display": ((str,), (str,)),
    "registered-elsewhere": ((str, str, str, str, str, str), (list,)),
}
#: The fields each rule's message and detail quote: a finding without one cannot be shown.
_NEEDED_FIELDS: dict[str, frozenset[str]] = {
    name: frozenset(
        field
        for template in (rule.message, rule.detail)
        for _, field, _, _ in Formatter().parse(template)
        if field
    )
    for name, rule in RULE_BY_NAME.items()
}
_FIX_EDITS = frozenset(
    {
        "decorate",
        "replace-decorator",
        "swap-arguments",
        "swap-application",
        "move-to-decorator",
        "insert-before",
        "lambda-to-def",
    }
)


def _loaded(entry: Any) -> Optional[Result]:
    """The result an entry keeps; None unless every field has the type and shape this
    version writes (an entry is data, and data is checked)."""
    if not (isinstance(entry, list) and len(entry) == 5):
        return None
    digest_value, settings, findings_value, error, answers_value = entry
    digest = digest_from(digest_value)
    findings = _findings(findings_value)
    answers = _answers(answers_value)
    if digest is None or findings is None or answers is None:
        return None
    if not isinstance(settings, str) or not (error is None or isinstance(error, str)):
        return None
    return Result(digest, settings, findings, error, answers)


def _findings(value: Any) -> Optional[list[Finding]]:
    if not isinstance(value, list):
        return None
    findings = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 5):
            return None
        line, col, name, fields_value, fix_value = item
        rule: Optional[Rule] = RULE_BY_NAME.get(name) if isinstance(name, str) else None
        fields = _fields(fields_value)
        if rule is None or fields is None or not (is_int(line) and is_int(col)):
            return None
        if line < 1 or col < 0 or not _NEEDED_FIELDS[rule.name] <= {k for k, _ in fields}:
            return None
        fix = None
        if fix_value is not None:
            fix = _fix(fix_value)
            if fix is None:
                return None
        findings.append(Finding(line, col, rule, fields, fix))
    return findings


def _fields(value: Any) -> Optional[tuple[tuple[str, str], ...]]:
    if not isinstance(value, list):
        return None
    fields = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2):
            return None
        name, text = pair
        if not (isinstance(name, str) and isinstance(text, str)):
            return None
        fields.append((name, text))
    return tuple(fields)


def _fix(value: Any) -> Optional[Fix]:
    fix = record_from(Fix, value)
    if fix is None or fix.edit not in _FIX_EDITS:
        return None
    return fix._replace(removed=tuple(fix.removed))  # a list in JSON


def _answers(value: Any) -> Optional[dict[Question, Answer]]:
    if not isinstance(value, list):
        return None
    answers: dict[Question, Answer] = {}
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], list)):
            return None
        question, answer = item
        if not (question and isinstance(question[0], str)):
            return None
        shape = _QUESTION_SHAPES.get(question[0])
        if shape is None:
            return None
        arguments, answer_types = shape
        if len(question) != len(arguments) + 1 or not isinstance(answer, answer_types):
            return None
        for argument, expected in zip(question[1:], arguments):
            if not isinstance(argument, expected) or isinstance(argument, bool):
                return None
        if question[0] == "module" and isinstance(answer, list) and digest_from(answer) is None:
            return None
        if question[0] == "registered-elsewhere" and not is_str_list(answer):
            return None
        answers[tuple(question)] = item[1]  # checked above, as ``answer``
    return answers
