"""``flake8-wraps explain PATH:LINE``: why a function was, or was not, reported.

For the innermost function at that line that returns a closure, every returned closure's
evidence is printed with its weight, and the decision made from it: the same
:class:`~flake8_wraps.evidence.Judgement` the rule itself uses, so what is printed is what
was decided. A user who thinks a decision is wrong can quote it in a bug report.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Optional

from flake8_wraps.analysis import _collect, _returned_closures, _Rules
from flake8_wraps.checker import applications_around
from flake8_wraps.config import Config
from flake8_wraps.evidence import describe


def explain(tree: ast.Module, line: int, path: Optional[Path], config: Config) -> Optional[str]:
    """The evidence for and against each closure returned by the function at ``line``;
    None when no function that returns a closure contains that line."""
    module = _collect(tree)
    rules = _Rules(module, config, applications_around(path))
    containing = [
        frame
        for frame in module.frames
        if frame.node.lineno <= line <= (frame.node.end_lineno or frame.node.lineno)
        and frame.returns
    ]
    for frame in sorted(containing, key=lambda frame: -frame.node.lineno):
        closures = list(_returned_closures(frame))
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
            else:
                lines.append(f"'{getattr(closure, 'name', '<lambda>')}': not reported")
        return "\n".join(lines)
    return None
