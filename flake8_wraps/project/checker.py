"""One file's check: the decorator rules, the framework registrations they break, and
plain wrappers applied to coroutine functions.

Shared by the flake8 plugin and the command line: a tree and its path in, findings out.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.analysis.module import analyze_module
from flake8_wraps.project.applications import (
    applied_to,
    class_applied_to,
    method_decorator_names,
)
from flake8_wraps.config import DEFAULT_CONFIG, Config
from flake8_wraps.analysis.frameworks.coroutines import coroutine_findings, has_decorated_coroutines
from flake8_wraps.project.dependencies import note
from flake8_wraps.analysis.frameworks import might_register, registration_findings
from flake8_wraps.analysis.frameworks.fixtures import is_test_module
from flake8_wraps.project.lookup import module_name, project_root, resolved, test_code_at
from flake8_wraps.project.modules import ProjectModules
from flake8_wraps.project.shared_registries import pair_across_files
from flake8_wraps.project.source import encoding_of, source_text

_LINE_ENDS = re.compile(r"\r\n|\r|\n")
#: File names flake8 gives input that does not come from a file.
_NOT_FILES = frozenset({"stdin", "-", ""})


def check(
    tree: ast.Module,
    filename: Optional[str] = None,
    config: Config = DEFAULT_CONFIG,
    source: Union[bytes, str, Sequence[str], None] = None,
) -> list[Finding]:
    """Every finding for one file, sorted by position.

    ``filename`` lets the check read the project modules the file imports; without it,
    only what the file itself defines is known. ``source`` (the file's bytes, text or
    lines) lets it read comments; without it, a comment saying that wraps is left out
    on purpose is not seen.
    """
    findings = _findings(tree, filename, config, source)
    if source is None or not any(finding.fix is not None for finding in findings):
        return findings
    why = why_unfixable(source, tree)
    # Where ``fix`` would leave a finding: so it is not offered as fixable.
    return [
        finding._replace(fix=None)
        if finding.fix is not None and why(finding.line) is not None
        else finding
        for finding in findings
    ]


def why_unfixable(
    source: Union[bytes, str, Sequence[str]], tree: ast.Module
) -> Callable[[int], Optional[str]]:
    """Why ``fix`` leaves a finding at a line, whatever it is (None where it may not):
    Python cannot decode the file (``fix/fixer.py``), or LibCST cannot parse the
    top-level statement that holds the line (the fixer parses each statement it edits).
    The file is looked at once."""
    if isinstance(source, bytes) and encoding_of(source) is None:
        undecodable = "Python cannot decode this file (an unknown coding, or bytes it rejects)"
        return lambda line: undecodable
    refused = _refused_by_libcst(source)
    spans = [
        (statement.lineno, statement.end_lineno or statement.lineno)
        for statement in tree.body
        if any(statement.lineno <= at <= (statement.end_lineno or at) for at in refused)
    ]
    too_deep: list[bool] = []

    def why(line: int) -> Optional[str]:
        if any(first <= line <= last for first, last in spans):
            return (
                "LibCST cannot parse this statement (a form feed in a line's indentation,"
                " with spaces after it)"
            )
        if not too_deep:  # LibCST writes the whole module back: any statement counts
            too_deep.append(any(_deeper_than(s, _LIBCST_DEPTH) for s in tree.body))
        if too_deep[0]:
            return (
                "the file holds a statement nested too deeply for LibCST to write it back"
                " (an expression of hundreds of terms)"
            )
        return None

    return why


#: How deep a statement's syntax tree may be for LibCST to write the module back: its
#: code generation recurses once a level, and a chain of 980 ``+`` terms (983 levels),
#: in the wrapper's statement or in any other, already exceeds Python's recursion limit
#: of 1,000, so ``check`` offered a fix that ``fix`` refused. Kept well below, for the
#: frames the command line or the server stand on.
_LIBCST_DEPTH = 800


def _deeper_than(node: ast.AST, limit: int) -> bool:
    """Whether ``node``'s tree has more than ``limit`` levels (walked without recursion)."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(current))
    return False


#: A line's indentation, when it holds a form feed (one run a line: linear in the text).
#: Where spaces follow its last form feed (``\f    def``, and ``    \f    def``, a hostile
#: pass), Python reads the line (the form feed resets the indentation), LibCST's
#: tokenizer does not ("no matching outer block").
_FORM_FEED_INDENT = re.compile(rb"(?:^|(?<=[\r\n]))([ \t]*\f[ \t\f]*)\S")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _refused_by_libcst(source: Union[bytes, str, Sequence[str]]) -> list[int]:
    """The lines (1-based) that LibCST's tokenizer refuses, as far as a search of the
    text tells (where ``fix`` would load LibCST)."""
    if isinstance(source, bytes):
        data = source
    else:
        text = source if isinstance(source, str) else "".join(source)
        data = text.encode("utf-8", "surrogatepass")
    if b"\f" not in data:
        return []
    lines: list[int] = []
    line, counted = 1, 0  # line breaks counted once, up to each match in turn
    for match in _FORM_FEED_INDENT.finditer(data):
        if not match.group(1).endswith(b"\f"):
            line += len(_LINE_BREAK.findall(data, counted, match.start()))
            counted = match.start()
            lines.append(line)
    return lines


def _findings(
    tree: ast.Module,
    filename: Optional[str],
    config: Config,
    source: Union[bytes, str, Sequence[str], None],
) -> list[Finding]:
    if filename in _NOT_FILES:
        filename = None
    lines = None if source is None else source_lines(source)
    analysis = analyze_module(
        tree,
        config,
        applications_around(filename),
        lines,
        class_applications_around(filename),
        test_code_at(filename, tree),
        method_decorator_applications_around(filename),
    )
    # Most files register nothing: their name is read as a string, and a Path is made
    # only for a file whose project is looked into.
    base = os.path.basename(filename) if filename is not None else ""
    is_test_file = is_test_module(base)
    registers = might_register(analysis, is_test_file)
    awaits = has_decorated_coroutines(analysis)
    if not (registers or awaits):
        return analysis.findings
    project = module = None
    if filename is not None:
        path = resolved(Path(filename))
        project, module = ProjectModules(path, config), module_name(path)
    findings = list(analysis.findings)
    if registers:
        registered = registration_findings(analysis, module or "__main__", project, is_test_file)
        findings.extend(registered.findings)
        if project is not None and any(s.asks for s in registered.shared):
            # Two views in two files on one app: a partner in another module
            replaced, added = pair_across_files(project.path, config, registered.shared, project)
            findings = [f for f in findings if not any(f is r for r in replaced)] + added
    if awaits:
        findings.extend(coroutine_findings(analysis, project))
    findings.sort(key=lambda f: (f.line, f.col, f.rule.code))
    return findings


def source_lines(source: Union[bytes, str, Sequence[str]]) -> Callable[[], Sequence[str]]:
    """The lines of ``source``, decoded (as Python reads the file) on first use only."""
    if not isinstance(source, (bytes, str)):
        return lambda: source
    decoded: list[Sequence[str]] = []

    def lines() -> Sequence[str]:
        if not decoded:
            text = source if isinstance(source, str) else source_text(source)
            # As the parser numbers lines: not at form feeds or other separators.
            decoded.append(_LINE_ENDS.split(text))
        return decoded[0]

    return lines


def applications_around(
    path: Union[Path, str, None]
) -> Optional[Callable[[str], bool]]:
    """Whether a name is applied as a decorator in ``path``'s project, in a way that can
    mean the one ``path`` defines (``applications.applied_to``), asked lazily; the answer
    is noted for the cache, which asks it again (``cli/results.py``) before it reuses the
    file's result."""
    return _file_question(path, "applied", applied_to)


def class_applications_around(
    path: Union[Path, str, None]
) -> Optional[Callable[[str], bool]]:
    """The same of applications to a class (``applications.class_applied_to``)."""
    return _file_question(path, "applied-to-class", class_applied_to)


def _file_question(
    path: Union[Path, str, None], kind: str, answer_of: Callable[[Path, str, Path], bool]
) -> Optional[Callable[[str], bool]]:
    """Ask the project's index about a name as it can mean the one ``path`` defines;
    the answer is noted for the cache under ``kind`` with the file."""
    if path is None:
        return None

    def asked(name: str) -> bool:
        file = resolved(Path(path))
        answer = answer_of(project_root(file.parent), name, file)
        note((kind, str(file), name), answer)
        return answer

    return asked


def method_decorator_applications_around(
    path: Union[Path, str, None]
) -> Optional[Callable[[str], bool]]:
    """Whether a name is handed to Django's ``method_decorator`` in ``path``'s project,
    asked lazily."""
    return _index_question(path, "given-to-method-decorator", method_decorator_names)


def _index_question(
    path: Union[Path, str, None], kind: str, names_of: Callable[[Path], frozenset[str]]
) -> Optional[Callable[[str], bool]]:
    """Ask the project's index about a name; the answer is noted for the cache, which asks
    it again (``cli/results.py``) before it reuses the file's result."""
    if path is None:
        return None

    def asked(name: str) -> bool:
        directory = resolved(Path(path)).parent
        answer = name in names_of(project_root(directory))
        note((kind, str(directory), name), answer)
        return answer

    return asked
