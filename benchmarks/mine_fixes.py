"""Mine maintainers' fixes that add ``functools.wraps`` from repositories' history.

For each commit that ``git log -G'wraps\\('`` finds, every added ``@wraps(X)`` /
``@functools.wraps(X)`` line directly above an inner ``def`` becomes two cases in
``cases.json``'s format (``../shared/realworld/README.md``): the function F that returns
that def at the commit's parent (``expect: flag``, the def had no wraps there) and at the
commit (``expect: clean``). Only defs that F returns by name, and that existed at the
parent without any decorator, are kept: the label is the maintainer's, not ours.

Usage::

    python benchmarks/mine_fixes.py GIT_DIR OWNER/NAME [...] > benchmarks/data/mined_fixes.json
    (pairs of a git directory and the repository's name)
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from typing import Any, Iterator, Optional

_ADDED_WRAPS = re.compile(r"^\+(\s*)@(?:functools\.|ft\.|_?)wraps\((\w+)\)\s*$")
_DEF = re.compile(r"^[+ ](\s*)(?:async\s+)?def\s+(\w+)\s*\(")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def git(git_dir: str, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], capture_output=True, text=True, errors="replace"
    ).stdout


def added_wraps(git_dir: str) -> Iterator[tuple[str, str, str]]:
    """(commit, path, inner def's name) for each ``@wraps`` line a commit adds."""
    log = git(git_dir, "log", "--no-merges", "-G", r"wraps\(", "--format=@@@%H", "-p",
              "--unified=1", "--", "*.py")
    commit = path = ""
    lines = log.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("@@@"):
            commit = line[3:]
        elif line.startswith("+++ b/"):
            path = line[6:]
        else:
            match = _ADDED_WRAPS.match(line)
            if match and index + 1 < len(lines):
                following = _DEF.match(lines[index + 1])
                if following and following.group(1) == match.group(1):
                    yield commit, path, following.group(2)


def qualname_of(tree: ast.Module, inner: str) -> list[tuple[str, ast.AST, ast.AST]]:
    """(qualname of F, F, the def) for each def called ``inner`` that F returns by name."""
    found = []
    stack: list[tuple[ast.AST, str]] = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (*_FUNCTIONS, ast.ClassDef)):
                name = prefix + child.name
                if isinstance(child, _FUNCTIONS):
                    for sub in ast.walk(child):
                        if (
                            isinstance(sub, _FUNCTIONS)
                            and sub.name == inner
                            and sub is not child
                            and _directly_in(child, sub)
                            and _returns_name(child, inner)
                        ):
                            found.append((name, child, sub))
                    stack.append((child, name + ".<locals>."))
                else:
                    stack.append((child, name + "."))
            else:
                stack.append((child, prefix))
    return found


def _directly_in(function: ast.AST, inner: ast.AST) -> bool:
    """``inner`` is defined in ``function``'s own body, not in a nested function."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if node is inner:
            return True
        if not isinstance(node, (*_FUNCTIONS, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
    return False


def _returns_name(function: ast.AST, name: str) -> bool:
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            if node.value.id == name:
                return True
        if not isinstance(node, (*_FUNCTIONS, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
    return False


def parsed(git_dir: str, commit: str, path: str) -> Optional[ast.Module]:
    source = git(git_dir, "show", f"{commit}:{path}")
    try:
        return ast.parse(source) if source else None
    except (SyntaxError, ValueError):
        return None


def cases(git_dir: str, repo: str) -> Iterator[dict[str, Any]]:
    seen = set()
    for commit, path, inner in added_wraps(git_dir):
        after = parsed(git_dir, commit, path)
        before = parsed(git_dir, f"{commit}^", path)
        if after is None or before is None:
            continue
        fixed = {name: sub for name, _, sub in qualname_of(after, inner)}
        for name, _, sub in qualname_of(before, inner):
            if name not in fixed or sub.decorator_list or (path, name) in seen:
                continue
            seen.add((path, name))
            parent = git(git_dir, "rev-parse", f"{commit}^").strip()
            common = {"repo": repo, "path": path, "function": name}
            why = f"the maintainers added @wraps above '{inner}' in {commit[:12]}"
            yield {**common, "commit": parent, "wrapper_line": sub.lineno, "expect": "flag",
                   "kind": "missing-wraps", "why": why}
            yield {**common, "commit": commit, "wrapper_line": fixed[name].lineno,
                   "expect": "clean", "kind": "fixed", "why": why}


def main(argv: list[str]) -> int:
    if not argv or len(argv) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    found = []
    for git_dir, repo in zip(argv[::2], argv[1::2]):
        mined = list(cases(git_dir, repo))
        print(f"{repo}: {len(mined) // 2} fixes", file=sys.stderr)
        found.extend(mined)
    json.dump(found, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
