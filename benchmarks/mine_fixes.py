"""Mine maintainers' fixes that add ``functools.wraps`` from repositories' history.

For each commit that ``git log -G'wraps\\('`` finds, every added ``@wraps(X)`` /
``@functools.wraps(X)`` line directly above an inner ``def`` becomes two cases in
``cases.json``'s format (``../shared/realworld/README.md``): the function F that returns
that def at the commit's parent (``expect: flag``, the def had no wraps there) and at the
commit (``expect: clean``). The label is the maintainer's, not ours, so a pair is kept only
when all of these hold:

- the def at the commit is the one under the added line: another def of the same name
  elsewhere in the file (returned by another function, or by an F of the same name) was not
  fixed, and pairing it would label code the maintainers never touched;
- F returns that def by name, at the commit and at its parent;
- at the parent, F returns a def of the same name that has no decorator at all (when F has
  several, in the branches of an ``if``, the one at the same place among them); or, when the
  fix renamed the def too, F returns exactly one undecorated def (more than one would make
  the pairing a guess), and that def calls what ``wraps`` names without taking it as a
  parameter: a wrapper of it. A decorator factory turned into a plain decorator moves an
  existing ``@wraps`` line out one level, and the factory's inner decorator is no wrapper.

A snapshot fetched without some blobs still mines: ``git log -p`` stops at the first change
whose blob is absent, which would silently lose every older commit, so the paths that ever
name an absent blob are left out of the log (only their own fixes are lost).

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
from typing import Any, Iterator, NamedTuple, Optional, Union

Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]

_ADDED_WRAPS = re.compile(r"^\+(\s*)@(?:functools\.|ft\.|_?)wraps\((\w+)\)\s*$")
_DEF = re.compile(r"^[+ ](\s*)(?:async\s+)?def\s+(\w+)\s*\(")
#: A hunk header; the group is the first line's number in the commit's version of the file.
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
#: Nodes that open a scope of their own: what F defines or returns inside them is not F's.
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


class AddedWraps(NamedTuple):
    """An ``@wraps`` line that a commit adds directly above a ``def``."""

    commit: str
    path: str
    #: The name of the def under the line, at the commit.
    inner: str
    #: The name ``wraps`` is given: what the def wraps.
    wrapped: str
    #: The ``@wraps`` line's number in the commit's version of ``path``.
    line: int


class Pair(NamedTuple):
    """The same F at a fixing commit's parent and at the commit, and the def the fix decorated."""

    #: F's qualified name, the same at both commits.
    function: str
    #: The def at the parent, with no decorator.
    unfixed: Function
    #: The def at the commit, under the added ``@wraps`` line.
    fixed: Function


def git(git_dir: str, *args: str, input_text: Optional[str] = None) -> str:
    """What a git command prints; a failure (no such file at a commit) prints nothing."""
    return _run_git(git_dir, *args, input_text=input_text).stdout


def _run_git(
    git_dir: str, *args: str, input_text: Optional[str] = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args],
        input=input_text, capture_output=True, text=True, errors="replace",
    )


def absent_paths(git_dir: str) -> set[str]:
    """The ``.py`` paths that some commit changes to or from a blob the snapshot lacks.

    A partial snapshot (a blob-filtered fetch, or one whose largest files were left out) has
    every commit but not every blob. ``git log -p`` needs both sides of each change and stops
    at the first absent one, so the log must leave these paths out to reach older commits.
    """
    raw = git(git_dir, "log", "--no-merges", "--raw", "--no-abbrev", "--format=", "--", "*.py")
    paths_of_blob: dict[str, set[str]] = {}
    for line in raw.splitlines():
        if not line.startswith(":"):
            continue
        # ":100644 100644 OLD NEW M\tpath", or "...\tOLD_PATH\tNEW_PATH" for a rename or copy.
        modes_and_blobs, _, paths = line.partition("\t")
        old_blob, new_blob = modes_and_blobs.split()[2:4]
        old_path, new_path = paths.split("\t")[0], paths.split("\t")[-1]
        for blob, path in ((old_blob, old_path), (new_blob, new_path)):
            if blob.strip("0"):  # all zeros: no blob, the file is added or deleted here
                paths_of_blob.setdefault(blob, set()).add(path)
    if not paths_of_blob:
        return set()
    status = git(git_dir, "cat-file", "--batch-check", input_text="\n".join(paths_of_blob) + "\n")
    absent: set[str] = set()
    for line in status.splitlines():
        blob, _, verdict = line.partition(" ")
        if verdict == "missing":
            absent |= paths_of_blob.get(blob, set())
    return absent


def added_wraps(git_dir: str) -> Iterator[AddedWraps]:
    """Each ``@wraps`` line a commit adds directly above a ``def``, newest commit first."""
    absent = sorted(absent_paths(git_dir))
    if absent:
        print(f"leaving out {len(absent)} paths whose blobs are absent", file=sys.stderr)
    # literal: a path is excluded as it is spelt, even if it holds glob characters.
    excluded = [f":(exclude,literal){path}" for path in absent]
    log = _run_git(git_dir, "log", "--no-merges", "-G", r"wraps\(", "--format=@@@%H", "-p",
                   "--unified=1", "--", "*.py", *excluded)
    if log.returncode:
        # Whatever came before the failure is still mined, but say that the rest is lost.
        print(f"git log failed, older commits are lost: {log.stderr.strip()}", file=sys.stderr)
    commit = path = ""
    line_number = 0  # of the current line in the commit's version of the file
    lines = log.stdout.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("@@@"):
            commit = line[3:]
        elif line.startswith("+++ b/"):
            path = line[6:]
        elif hunk := _HUNK.match(line):
            line_number = int(hunk.group(1))
        elif line.startswith(("+", " ")):
            wraps = _ADDED_WRAPS.match(line)
            if wraps and index + 1 < len(lines):
                following = _DEF.match(lines[index + 1])
                if following and following.group(1) == wraps.group(1):
                    yield AddedWraps(
                        commit, path, following.group(2), wraps.group(2), line_number
                    )
            line_number += 1


def functions(tree: ast.Module) -> Iterator[tuple[str, Function]]:
    """Each function in ``tree`` with its qualified name (``C.f.<locals>.g``)."""
    stack: list[tuple[ast.AST, str]] = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _FUNCTIONS):
                name = prefix + child.name
                yield name, child
                stack.append((child, name + ".<locals>."))
            elif isinstance(child, ast.ClassDef):
                stack.append((child, prefix + child.name + "."))
            else:
                stack.append((child, prefix))


def returned_defs(function: Function) -> list[Function]:
    """The defs in ``function``'s own scope (not in a nested one) that it returns by name."""
    defs: list[Function] = []
    returned: set[str] = set()
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, _FUNCTIONS):
            defs.append(node)
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            returned.add(node.value.id)
        if not isinstance(node, _SCOPES):
            stack.extend(ast.iter_child_nodes(node))
    return [inner for inner in defs if inner.name in returned]


def parsed(git_dir: str, commit: str, path: str) -> Optional[ast.Module]:
    source = git(git_dir, "show", f"{commit}:{path}")
    try:
        return ast.parse(source) if source else None
    except (SyntaxError, ValueError):
        return None


def returned_by(tree: ast.Module, function: str) -> list[Function]:
    """The defs that the function(s) called ``function`` return by name, in source order.

    A qualified name can be defined more than once (in the branches of an ``if``).
    """
    returned = [
        inner
        for name, outer in functions(tree) if name == function
        for inner in returned_defs(outer)
    ]
    return sorted(returned, key=lambda inner: inner.lineno)


def fixed_def(after: ast.Module, added: AddedWraps) -> Optional[tuple[str, Function]]:
    """F's qualified name and the def under ``added``'s line, if F returns that def by name.

    Matching on the decorator's line, not on the def's name, is what keeps out the unrelated
    defs of the same name elsewhere in the file, which the fix did not decorate.
    """
    for name, function in functions(after):
        for inner in returned_defs(function):
            if any(decorator.lineno == added.line for decorator in inner.decorator_list):
                return name, inner
    return None


def calls_unshadowed(inner: Function, wrapped: str) -> bool:
    """``inner`` calls ``wrapped`` in its own body (lambdas included) and does not take it."""
    arguments = inner.args
    parameters = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    parameters += [arguments.vararg] if arguments.vararg else []
    parameters += [arguments.kwarg] if arguments.kwarg else []
    if wrapped in {parameter.arg for parameter in parameters}:
        return False
    stack: list[ast.AST] = list(inner.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == wrapped:
                return True
        if not isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))
    return False


def unfixed_def(
    before: ast.Module, after: ast.Module, function: str, fixed: Function, wrapped: str
) -> Optional[Function]:
    """The def that F (``function``) returns at the parent in place of ``fixed``, undecorated.

    If F returns as many defs of ``fixed``'s name at both commits, the one at ``fixed``'s
    place among them. If F returns none of that name at the parent, the fix renamed it: F's
    only undecorated returned def, if it calls ``wrapped`` (see the module's docstring).
    """
    returned = returned_by(before, function)
    same_name = [inner for inner in returned if inner.name == fixed.name]
    if not same_name:
        undecorated = [inner for inner in returned if not inner.decorator_list]
        if len(undecorated) == 1 and calls_unshadowed(undecorated[0], wrapped):
            return undecorated[0]
        return None
    fixed_siblings = [inner for inner in returned_by(after, function) if inner.name == fixed.name]
    if len(same_name) == len(fixed_siblings):
        unfixed = same_name[fixed_siblings.index(fixed)]
    elif len(same_name) == 1:
        unfixed = same_name[0]
    else:
        return None
    return None if unfixed.decorator_list else unfixed


def pair(git_dir: str, added: AddedWraps) -> Optional[Pair]:
    """The F that ``added`` fixed, at the commit's parent and at the commit, if both parse."""
    after = parsed(git_dir, added.commit, added.path)
    before = parsed(git_dir, f"{added.commit}^", added.path)
    if after is None or before is None:
        return None
    fixed = fixed_def(after, added)
    if fixed is None:
        return None
    function, inner = fixed
    unfixed = unfixed_def(before, after, function, inner, added.wrapped)
    return None if unfixed is None else Pair(function, unfixed, inner)


def cases(git_dir: str, repo: str) -> Iterator[dict[str, Any]]:
    seen = set()
    for added in added_wraps(git_dir):
        found = pair(git_dir, added)
        if found is None or (added.path, found.function) in seen:
            continue
        seen.add((added.path, found.function))
        parent = git(git_dir, "rev-parse", f"{added.commit}^").strip()
        common = {"repo": repo, "path": added.path, "function": found.function}
        why = f"the maintainers added @wraps above '{added.inner}' in {added.commit[:12]}"
        if found.unfixed.name != added.inner:
            why += f" (renamed from '{found.unfixed.name}')"
        yield {**common, "commit": parent, "wrapper_line": found.unfixed.lineno,
               "expect": "flag", "kind": "missing-wraps", "why": why}
        yield {**common, "commit": added.commit, "wrapper_line": found.fixed.lineno,
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
