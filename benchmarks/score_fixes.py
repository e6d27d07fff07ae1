"""Score maintainers' fixes with the shared harness, each commit laid out as a checkout.

``../shared/realworld/realworld.py --full-tree`` lays out each case's commit with ``git
archive``, which fails on a partial snapshot (one that lacks a large blob, as fetched
mirrors do) and then lays out nothing for that commit, silently; and it writes no
``.git``, so a repository with no packaging file at its top is cut at its outermost
package. Either way a decorator applied in another module of the project is judged
without that evidence: fix set 11 scored 9/17 that way with the decision of 61e6784 and
14/17 as checkouts (firedrake's annotators, applied in other modules; the snapshot lacks
a PDF).

This script runs that harness unchanged but for the layout: the Python files and
packaging files of each commit, from whatever blobs the snapshot holds
(``build_sites.write_commit``), with an empty ``.git`` folder, as where a user lints the
repository. ``fit_decision.py`` lays out its maintainers' fixes the same way.

``python benchmarks/score_fixes.py --cases CASES [realworld.py's options]`` (``--full-tree``
is implied; ``--realworld DIR`` names the folder of realworld.py, ``../shared/realworld``
by default)
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any, Optional

sys.path.insert(0, str(Path(__file__).parent))

from build_sites import write_commit  # noqa: E402

#: The files of a commit that the tool reads: its Python files and project markers.
TREE_FILES = ("pyproject.toml", "setup.cfg", "setup.py")

DEFAULT_REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


def lay_out_checkouts(cases: list[Any], git_dirs: dict[str, Optional[str]], out: str) -> int:
    """Write the Python and packaging files of each case's commit under
    ``out/OWNER+NAME/COMMIT``, with an empty ``.git``; the number of files written."""
    count = 0
    for repo, commit in sorted({(case.repo, case.commit) for case in cases if case.commit}):
        git_dir = git_dirs.get(repo)
        if git_dir is None:
            continue
        root = Path(out, repo.replace("/", "+"), commit)
        if (root / ".git").is_dir():
            continue  # laid out by an earlier run into the same folder
        write_commit(
            Path(git_dir), commit, root, [],
            lambda path: path.endswith(".py") or os.path.basename(path) in TREE_FILES,
        )
        (root / ".git").mkdir(parents=True, exist_ok=True)
        count += sum(1 for path in root.rglob("*") if path.is_file())
    return count


def load_realworld(folder: Path) -> Any:
    """The shared harness as a module, laying out checkouts instead of archives."""
    spec = importlib.util.spec_from_file_location("realworld", folder / "realworld.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["realworld"] = module
    spec.loader.exec_module(module)
    module.lay_out_trees = lay_out_checkouts
    return module


def main(argv: list[str]) -> int:
    folder = DEFAULT_REALWORLD
    if "--realworld" in argv:
        at = argv.index("--realworld")
        folder = Path(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    if "--full-tree" not in argv:
        argv = [*argv, "--full-tree"]
    return int(load_realworld(folder).main(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
