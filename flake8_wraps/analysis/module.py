"""The analysis of one module: the traversal (``collect``), then every rule family
(``rules/``) over what it recorded. No flake8 here.

``Rules`` puts the families together. A new family is a class in ``rules/`` over
``ModuleContext`` (or ``Decision``, to ask whether a closure is a wrapper), one more base
here, and a call in ``findings``; its codes are rows of ``codes.RULES``.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from typing import Callable, Iterator, Optional, Sequence

from flake8_wraps.analysis.collect import Frame, collect, simple_statements
from flake8_wraps.analysis.findings import DecoratedFunction, Finding, ModuleAnalysis
from flake8_wraps.analysis.frames import returns_lambda
from flake8_wraps.analysis.rules.descriptor_closures import DescriptorClosures
from flake8_wraps.analysis.rules.installed_wrapper import InstalledWrappers
from flake8_wraps.analysis.rules.lambda_wrapper import LambdaWrapper
from flake8_wraps.analysis.rules.missing_wraps import MissingWraps
from flake8_wraps.analysis.rules.registered_wrapper import RegisteredWrappers
from flake8_wraps.analysis.rules.wraps_misuse import WrapsMisuse
from flake8_wraps.config import DEFAULT_CONFIG, Config


def analyze(tree: ast.Module, config: Config = DEFAULT_CONFIG) -> list[Finding]:
    """Every finding in ``tree``, sorted by position."""
    return analyze_module(tree, config).findings


def analyze_module(
    tree: ast.Module,
    config: Config = DEFAULT_CONFIG,
    applied_elsewhere: Optional[Callable[[str], bool]] = None,
    source_lines: Optional[Callable[[], Sequence[str]]] = None,
    applied_to_classes: Optional[Callable[[str], bool]] = None,
    test_code: Optional[Callable[[], bool]] = None,
    given_to_method_decorator: Optional[Callable[[str], bool]] = None,
) -> ModuleAnalysis:
    """The findings of ``tree`` and what its decorators do to the functions they decorate.

    ``applied_elsewhere`` tells whether a name is applied as a decorator in another module
    of the project (``@timeit`` in a views module): evidence that a function defined here
    is a decorator. Without it, only this module's own applications count.
    ``source_lines`` gives the module's lines, for comments (a comment saying that wraps
    is left out on purpose); without it, only docstrings are read. ``applied_to_classes``
    tells whether a name is applied with ``@`` to a class in another module; ``test_code``
    whether the module is test code; ``given_to_method_decorator`` whether a name is
    handed to Django's ``method_decorator`` in a module of the project.
    """
    module = collect(tree)
    rules = Rules(
        module,
        config,
        applied_elsewhere,
        source_lines,
        applied_to_classes,
        test_code,
        given_to_method_decorator,
    )
    findings = list(rules.findings())
    findings.sort(key=lambda finding: (finding.line, finding.col, finding.rule.code))
    return ModuleAnalysis(
        tree,
        module.imports,
        findings,
        rules.damage(),
        [DecoratedFunction(node, class_node) for node, _, class_node in module.decorated],
    )


class Rules(
    MissingWraps,
    LambdaWrapper,
    WrapsMisuse,
    DescriptorClosures,
    InstalledWrappers,
    RegisteredWrappers,
):
    """The rules, applied to what the traversal collected."""

    __slots__ = ()

    def findings(self) -> Iterator[Finding]:
        # Most modules import nothing that copies metadata: then WRP002-WRP004 cannot
        # apply, and the calls need not be looked at.
        imports_copying = self.module.imports.binds_any_of(
            self.config.wraps_functions | self.config.update_wrapper_functions
        )
        backward_copy_lines: list[int] = []
        if imports_copying or self._other_wraps:
            assigns, bare_calls = simple_statements(self.module.tree.body, into_definitions=True)
            yield from self._discarded_wraps_calls(bare_calls)
        if imports_copying:
            yield from self._wraps_without_arguments()
            backward_copy_lines = self._backward_copy_lines(assigns, bare_calls)
        for frame in self.module.frames:
            if backward_copy_lines and _spans_any(frame.node, backward_copy_lines):
                yield from self._reversed_update_wrapper(frame)
            if frame.returns and (frame.local_defs or returns_lambda(frame)):
                yield from self._returned_wrappers(frame)
            if frame.local_defs:
                yield from self._installed_wrappers(frame)
                yield from self._registered_wrappers(frame)
        for class_node in self.module.callable_classes:
            yield from self._class_decorator(class_node)
            yield from self._descriptor_closures(class_node)

    # -- WRP001, WRP004 (wrong source), WRP005 ----------------------------------------

    def _returned_wrappers(self, frame: Frame) -> Iterator[Finding]:
        params = self._parameters(frame)
        if not params:
            return
        for value in self.returned_closures(frame):
            if isinstance(value, ast.Lambda):
                finding = self._lambda_wrapper(frame, value, params)
            else:
                finding = self._missing_wraps(frame, value, params)
            if finding is not None:
                yield finding


def _spans_any(node: ast.stmt, lines: list[int]) -> bool:
    """Whether ``node`` spans any of ``lines`` (sorted)."""
    index = bisect_left(lines, node.lineno)
    return index < len(lines) and lines[index] <= (node.end_lineno or node.lineno)
