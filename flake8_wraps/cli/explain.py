"""``flake8-wraps explain PATH:LINE``: why a function was, or was not, reported.

Each finding at that line is shown with what its message leaves out and whether it is
reported (or why not: ``# noqa``, the configuration, a code off by default). For the
innermost function at that line that returns a closure, every returned closure's
evidence is printed with its weight, and the decision made from it: the same
:class:`~flake8_wraps.analysis.evidence.Judgement` the rule itself uses, so what is printed is
what was decided. A user who thinks a decision is wrong can quote it in a bug report. For a
reported closure, the fix follows: the finding's own, with its safety and, when it is
unsafe, why (``fix_safety``).
"""

from __future__ import annotations

import ast
import io
import sys
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

from flake8_wraps.analysis.class_decorators import describe_class
from flake8_wraps.analysis.collect import Frame, collect
from flake8_wraps.analysis.evidence import describe
from flake8_wraps.analysis.findings import Finding, Fix
from flake8_wraps.analysis.fix_safety import FunctionNode
from flake8_wraps.analysis.module import Rules
from flake8_wraps.analysis.rules.registered_wrapper import registrations
from flake8_wraps.analysis.rules.installed_wrapper import (
    InstalledJudgement,
    describe_installed,
    install_safety,
    unfixable_installed,
)
from flake8_wraps.cli.files import Snapshot, read_source
from flake8_wraps.cli.report import detail, printable
from flake8_wraps.cli.running import describe_error, read_only
from flake8_wraps.config import Config
from flake8_wraps.project.checker import (
    applications_around,
    check,
    class_applications_around,
    method_decorator_applications_around,
    source_lines,
    why_unfixable,
)
from flake8_wraps.project.config_files import ConfigError
from flake8_wraps.project.lookup import test_code_at
from flake8_wraps.project.noqa import noqa_lines, silenced_file, suppresses
from flake8_wraps.project.settings import FileSettings, Options, settings_for
from flake8_wraps.project.source import parse_source, source_text


def explain(
    tree: ast.Module,
    line: int,
    path: Optional[Path],
    config: Config,
    source: Union[bytes, str, None] = None,
) -> Optional[str]:
    """The evidence for and against each closure returned by the function at ``line``;
    None when no function that returns a closure, or class that stores a function (WRP006's
    evidence, then), contains that line. ``source`` lets it
    read comments, as the check does."""
    module = collect(tree)
    comments = None if source is None else source_lines(source)
    # Why ``fix`` leaves what is reported at ``line``, if it does.
    why = None if source is None else why_unfixable(source, tree)
    unfixable = None if why is None else why(line)
    rules = Rules(
        module,
        config,
        applications_around(path),
        comments,
        class_applications_around(path),
        test_code_at(path, tree),
        method_decorator_applications_around(path),
    )
    containing = [
        frame
        for frame in module.frames
        if frame.node.lineno <= line <= (frame.node.end_lineno or frame.node.lineno)
        and frame.returns
    ]
    bound = _explain_descriptor_closure(rules, line, unfixable)
    if bound is not None:
        return bound
    installed = _explain_installed(rules, line, why)
    if installed is not None:
        return installed
    registered = _explain_registered(rules, line)
    if registered is not None:
        return registered
    # The innermost function first; but where a closure that one returns starts at
    # ``line``, the function that returns it, even where the closure itself returns one
    # (a hostile pass asked about curry's 'curried' and was told about its lambda).
    ordered = sorted(containing, key=lambda frame: -frame.node.lineno)
    ordered.sort(key=lambda frame: not any(
        getattr(closure, "lineno", None) == line for closure in rules.returned_closures(frame)
    ))
    for frame in ordered:
        closures = list(rules.returned_closures(frame))
        if not closures:
            continue
        params = rules._parameters(frame)
        kind = "method" if frame.is_method else "function"
        parameters = ", ".join(sorted(params)) or "none that may hold a function"
        lines = [
            f"{kind} '{frame.node.name}' (line {frame.node.lineno}) returns"
            f" {len(closures)} closure{'s' if len(closures) != 1 else ''};"
            f" parameters that may hold the function: {parameters}"
        ]
        for closure in sorted(closures, key=lambda node: node.lineno):
            if params:
                lines.append(describe(rules.judge(frame, closure, params)))
                fix_lines = _fix_lines(rules, frame, closure, params)
                lines.extend([_unfixable(unfixable)] if fix_lines and unfixable else fix_lines)
            else:
                lines.append(f"'{getattr(closure, 'name', '<lambda>')}': not reported")
        return "\n".join(lines)
    return _explain_class(rules, module.tree, line, unfixable)


def _unfixable(why: Optional[str]) -> str:
    return f"  fix: none: {why}"


def _explain_descriptor_closure(
    rules: Rules, line: int, unfixable: Optional[str]
) -> Optional[str]:
    """Why a closure that a decorator descriptor's ``__get__`` returns at ``line`` is
    reported (``rules/descriptor_closures.py``), or None where none is."""
    for class_node in rules.module.callable_classes:
        if not class_node.lineno <= line <= (class_node.end_lineno or class_node.lineno):
            continue
        for found in rules._descriptor_closures(class_node):
            fix = found.fix
            if fix is None:
                continue
            closure = next(
                node
                for node in ast.walk(class_node)
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and node.lineno == fix.line
            )
            if not closure.lineno <= line <= (closure.end_lineno or closure.lineno):
                continue
            lines = [
                f"descriptor '{class_node.name}' (line {class_node.lineno}) is applied as a"
                f" decorator; its __get__ returns '{closure.name}' (line {closure.lineno}),"
                f" which calls '{fix.wrapped}' with its own arguments: a method bound by"
                " hand, under the closure's name: reported",
                _unfixable(unfixable) if unfixable else (
                    f"  fix: unsafe, only with --unsafe-fixes: add @functools.wraps"
                    f"({fix.wrapped}) above 'def {closure.name}'"
                ),
            ]
            if not unfixable:
                lines.append(
                    f"        through __wrapped__ '{closure.name}' would report the signature"
                    f" of '{fix.wrapped}', which takes the instance too"
                )
            return "\n".join(lines)
    return None


def _explain_installed(
    rules: Rules, line: int, why: Optional[Callable[[int], Optional[str]]]
) -> Optional[str]:
    """The evidence about a closure at ``line`` that its function installs in place of the
    attribute it calls (``rules/installed_wrapper.py``), or None where none is. The line
    of the read of the old value and of the install explain it too: a reader asks where
    the patch is (a hostile pass of stop 86)."""
    for frame in rules.module.frames:
        if not frame.local_defs or not (
            frame.node.lineno <= line <= (frame.node.end_lineno or frame.node.lineno)
        ):
            continue
        for judgement in rules.judge_installed(frame):
            installed = judgement.installed
            wrapper = installed.wrapper
            if wrapper.lineno <= line <= (wrapper.end_lineno or wrapper.lineno) or line in (
                installed.install_line,
                installed.read.lineno,
            ):
                unfixable = None if why is None else why(wrapper.lineno)
                lines = [describe_installed(judgement)]
                lines.extend(_installed_fix_lines(rules, frame, judgement, unfixable))
                return "\n".join(lines)
    return None


def _explain_registered(rules: Rules, line: int) -> Optional[str]:
    """The evidence about a closure at ``line`` that its decorator registers instead of
    returning (``rules/registered_wrapper.py``), or None where none is."""
    for frame in rules.module.frames:
        registered = registrations(frame)
        for name, registrar in registered.items():
            closure = frame.local_defs[name][-1]
            if not closure.lineno <= line <= (closure.end_lineno or closure.lineno):
                continue
            params = rules._parameters(frame)
            if not params:
                return None
            found, why = rules.registered_verdict(frame, closure, registrar, params)
            status = "reported" if found is not None else f"not reported: {why}"
            evidence = describe(rules.judge(frame, closure, params)).splitlines()
            # the judgement's own first line says what a returned closure would get
            return "\n".join([
                f"'{name}' (line {closure.lineno}) is registered with {registrar}, not"
                f" returned: {status}",
                *evidence[1:],
            ])
    return None


def _installed_fix_lines(
    rules: Rules, frame: Frame, judgement: InstalledJudgement, unfixable: Optional[str]
) -> list[str]:
    """How ``fix`` repairs an installed closure's finding, if it is reported."""
    found = rules._installed_finding(frame, judgement)
    if found is None:
        return []
    if found.fix is None:
        return [_unfixable(unfixable_installed(judgement.installed))]
    if unfixable:
        return [_unfixable(unfixable)]
    reasons = install_safety(frame, judgement.installed, rules.module).reasons
    return _decorate_lines(found, found.fix, reasons)


def _decorate_lines(found: Finding, fix: Fix, reasons: tuple[str, ...]) -> list[str]:
    """The ``fix:`` line of a finding whose ``fix`` adds ``@functools.wraps``, and below it
    why it is unsafe (``reasons``, from ``decorate_safety``)."""
    label = "safe" if fix.safe else "unsafe, only with --unsafe-fixes"
    action = f"add @functools.wraps({fix.wrapped}) above 'def {fix.name}'"
    if fix.removed:
        numbers = [str(line) for line in fix.removed]
        listed = " and ".join([", ".join(numbers[:-1]), numbers[-1]] if numbers[1:] else numbers)
        copies = "copies by hand on lines" if len(numbers) > 1 else "copy by hand on line"
        action += f", remove the {copies} {listed}"
    if fix.safe:
        return [f"  fix: {label}: {action}"]
    if found.rule.name.startswith("possible-"):
        reasons += (f"it is {found.code}, on weaker evidence: its fix is never safe",)
    return [f"  fix: {label}: {action}"] + [f"        {reason}" for reason in reasons]


def _explain_class(
    rules: Rules, tree: ast.Module, line: int, unfixable: Optional[str] = None
) -> Optional[str]:
    """The evidence about the innermost class at ``line`` that stores the function its
    ``__init__`` is given (WRP006's decision), or None."""
    classes = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and node.lineno <= line <= (node.end_lineno or node.lineno)
    ]
    for class_node in sorted(classes, key=lambda node: -node.lineno):
        judgement = rules.judge_class(class_node)
        if judgement is not None:
            fix_lines = _class_fix_lines(rules, class_node)
            fix_lines = [_unfixable(unfixable)] if fix_lines and unfixable else fix_lines
            return "\n".join([describe_class(judgement)] + fix_lines)
    return None


def _class_fix_lines(rules: Rules, class_node: ast.ClassDef) -> list[str]:
    """How ``fix`` repairs the class's WRP006 finding, if it is reported and fixable."""
    found = next(iter(rules._class_decorator(class_node)), None)
    if found is None or found.fix is None:
        return []
    fix = found.fix
    return [
        f"  fix: unsafe, only with --unsafe-fixes: add functools.update_wrapper"
        f"({fix.target_name}, {fix.wrapped}) to __init__, before line {fix.line}",
        "        update_wrapper copies the function's __dict__ onto the instance and sets"
        " __doc__, __module__, __wrapped__...: check what reads them",
    ]


def _fix_lines(
    rules: Rules,
    frame: Frame,
    closure: Union[FunctionNode, ast.Lambda],
    params: frozenset[str],
) -> list[str]:
    """How ``fix`` repairs the closure's finding, if it is reported and fixable."""
    if isinstance(closure, ast.Lambda):
        found = rules._lambda_wrapper(frame, closure, params)
    else:
        found = rules._missing_wraps(frame, closure, params)
    if found is None or found.fix is None:
        return []
    fix = found.fix
    if fix.edit != "decorate" or isinstance(closure, ast.Lambda):
        return [f"  fix: {'safe' if fix.safe else 'unsafe, only with --unsafe-fixes'}"]
    reasons: tuple[str, ...] = ()
    if not fix.safe:
        judgement = rules.judge(frame, closure, params)
        reasons = rules.decorate_safety_of(frame, closure, fix.wrapped, judgement).reasons
    return _decorate_lines(found, fix, reasons)


def findings_at(
    findings: Sequence[Finding],
    line: int,
    column: Optional[int],
    path: str,
    source: str,
    settings: FileSettings,
) -> Optional[str]:
    """Each finding at ``line`` (at ``column`` too, when one there has it): its message,
    what the message leaves out, and whether it is reported, and if not, why not; None
    when nothing is found there. Every code is explained this way, not WRP001 alone."""
    here = [finding for finding in findings if finding.line == line]
    exact = [finding for finding in here if column is not None and finding.col + 1 == column]
    chosen = sorted(exact or here, key=lambda finding: (finding.col, finding.code))
    if not chosen:
        return None
    noqa = noqa_lines(source) if "noqa" in source.lower() else {}
    silenced = silenced_file(source)
    lines = []
    for finding in chosen:
        lines.append(f"{path}:{finding.line}:{finding.col + 1}: {finding.code} {finding.message}")
        note = detail(finding)
        if note:
            lines.append(f"  = note: {note}")
        status = _status(finding, path, noqa, settings)
        if silenced is not None and status.startswith("reported"):
            status = f"not reported: the # flake8: noqa on line {silenced} silences the file"
        lines.append(f"  {status}")
    return "\n".join(lines)


def _status(
    finding: Finding, path: str, noqa: dict[int, str], settings: FileSettings
) -> str:
    code = finding.code
    if not settings.wants(finding, path):
        if code.startswith(settings.off_by_default):
            return f"not reported: {code} is off by default (--extend-select {code} reports it)"
        where = ", ".join(settings.sources) or "the command line"
        return f"not reported: the configuration leaves {code} out ({where})"
    if suppresses(noqa.get(finding.line), code):
        return f"not reported: suppressed by the # noqa comment on line {finding.line}"
    where = dict(finding.fields).get("where", "")
    if finding.fix is None and code in ("WRP101", "WRP102") and where:
        # Where the decorator is: "line 5" in this file, "path:line" in another.
        if where.startswith("line "):
            decorator_file, decorator_line = path, where[len("line "):]
        else:
            decorator_file, _, decorator_line = where.rpartition(":")
        if decorator_line.isdigit():
            return _through_the_decorator(decorator_file, int(decorator_line), where)
    if finding.fix is None:
        return "reported; no automatic fix: the rule's documentation says what to write"
    if finding.fix.safe:
        return f"reported; `flake8-wraps fix {path}` repairs it"
    return f"reported; `flake8-wraps fix --unsafe-fixes {path}` repairs it (check the result)"


#: The codes of a decorator that loses metadata, which a registration finding follows.
_DECORATOR_CODES = ("WRP001", "WRP005", "WRP006", "WRP007")


def _through_the_decorator(decorator_file: str, line: int, where: str) -> str:
    """A registration finding's status: what clears it is the decorator's own finding, so
    say what ``fix`` does with that one (it leaves one silenced, ignored or unfixable)."""
    cleared_by_fix = f"reported; fixing the decorator ({where}) clears it: "
    try:
        source, _, tree = read_and_parse(decorator_file)
        settings = settings_for(Path(decorator_file))
    except Exception:  # unreadable now, or its configuration is: say what always holds
        return cleared_by_fix + f"`flake8-wraps fix {decorator_file}`"
    definition = _definition_at(tree, line)
    if definition is None:
        return cleared_by_fix + f"`flake8-wraps fix {decorator_file}`"
    span = range(definition.lineno, (definition.end_lineno or definition.lineno) + 1)
    own = [
        finding
        for finding in check(tree, decorator_file, settings.config, source)
        if finding.code in _DECORATOR_CODES and finding.line in span
    ]
    if not own:
        return cleared_by_fix + f"`flake8-wraps fix {decorator_file}`"
    finding = own[0]
    at = f"{decorator_file}:{finding.line}"
    text = source_text(source)
    noqa = noqa_lines(text) if "noqa" in text.lower() else {}
    by_hand = "add @functools.wraps by hand"
    if not settings.wants(finding, decorator_file):
        return (
            f"reported; the decorator's {finding.code} ({at}) is left out by the"
            f" configuration there, so `fix` leaves it: {by_hand}"
        )
    if suppresses(noqa.get(finding.line), finding.code) or silenced_file(text) is not None:
        return (
            f"reported; the decorator's {finding.code} ({at}) is silenced by # noqa, so"
            f" `fix` leaves it: {by_hand}, or silence this finding too"
        )
    if finding.fix is None:
        return f"reported; the decorator's {finding.code} ({at}) has no automatic fix: {by_hand}"
    if not finding.fix.safe:
        return cleared_by_fix + (
            f"`flake8-wraps fix --unsafe-fixes {decorator_file}` (check the result)"
        )
    return cleared_by_fix + f"`flake8-wraps fix {decorator_file}`"


_Definition = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef]


def _definition_at(tree: ast.Module, line: int) -> Optional[_Definition]:
    """The innermost function or class whose ``def``/``class`` line (or one of whose
    decorator lines) is ``line``."""
    found: Optional[_Definition] = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            if first <= line <= node.lineno and (found is None or node.lineno > found.lineno):
                found = node
    return found


def _findings_of_definition(
    tree: ast.Module, line: int, found: Sequence[Finding]
) -> list[int]:
    """The lines of the findings inside the function or class defined at ``line``: a user
    points at the decorator's ``def``, the finding is at its wrapper's."""
    definition = _definition_at(tree, line)
    if definition is None:
        return []
    end = definition.end_lineno or definition.lineno
    return sorted({
        finding.line for finding in found
        if finding.code in _DECORATOR_CODES and definition.lineno < finding.line <= end
    })


def explain_command(location: str, isolated: bool = False) -> int:
    """Print the findings at ``PATH:LINE`` (or ``PATH:LINE:COLUMN``, as ``check`` prints
    it) and the evidence for the function there: exit 0, or 1 when there is neither, or
    2 when the file (or, unless ``isolated``, its configuration) cannot be read."""
    import re

    parsed = re.match(r"^(.+?):(\d+)(?::(\d+))?:?$", location)
    if parsed is None:
        print(f"flake8-wraps: error: expected PATH:LINE, got {location!r}", file=sys.stderr)
        return 2
    path_text, line_text, column_text = parsed.groups()
    path, line = Path(path_text), int(line_text)
    try:
        source, _, tree = read_and_parse(path_text)
    except Exception as error:
        print(f"flake8-wraps: error: {path}: {read_only(describe_error(error))}", file=sys.stderr)
        return 2
    try:
        settings = settings_for(path, Options(isolated=True) if isolated else Options())
    except ConfigError as error:
        print(f"flake8-wraps: error: {error}; explain --isolated reads none", file=sys.stderr)
        return 2
    text = source_text(source)
    last = max(len(io.StringIO(text, newline="").readlines()), 1)
    if not 1 <= line <= last:
        print(
            printable(f"flake8-wraps: error: {path} has lines 1 to {last}, not {line_text}"),
            file=sys.stderr,
        )
        return 2
    found = check(tree, path_text, settings.config, source)
    column = int(column_text) if column_text else None
    here = findings_at(found, line, column, path_text, text, settings)
    if here is None:
        inside = [
            findings_at(found, inner, None, path_text, text, settings)
            for inner in _findings_of_definition(tree, line, found)
        ]
        here = "\n".join(part for part in inside if part) or None
    parts = [
        part for part in (here, explain(tree, line, path, settings.config, source)) if part
    ]
    if not parts:
        nothing = (
            "no function that returns or installs a closure, or class that stores a"
            " function, is there"
        )
        print(printable(f"{path}:{line_text}: {nothing}"))
        return 1
    print("\n".join(parts))
    return 0


def read_and_parse(path: str) -> tuple[bytes, Snapshot, ast.Module]:
    source, snapshot = read_source(path)
    return source, snapshot, parse_source(source, path)
