"""The Neovim set-up that docs/editors.md gives for the installed Neovim, run for real.

Neovim starts headless with only that set-up as its configuration, opens a file with a
decorator that lacks functools.wraps, and writes the diagnostics it received from
``flake8-wraps lsp`` (started as the set-up says, from ``PATH``). Debian 12's Neovim (0.7)
takes the set-up for 0.6 and 0.7; another version takes its own block.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EDITORS = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
NVIM = shutil.which("nvim")

pytestmark = pytest.mark.skipif(
    NVIM is None and not os.environ.get("CI"), reason="nvim is not installed (CI installs it)"
)

#: The heading of each set-up in docs/editors.md, newest first, with the oldest version
#: it is for.
SETUPS = (
    ((0, 11), "Neovim 0.11 and newer"),
    ((0, 10), "Neovim 0.10 (Debian 13)"),
    ((0, 8), "Neovim 0.8 and 0.9"),
    ((0, 6), "Neovim 0.6 and 0.7"),
)

PROBE = """
vim.cmd("edit timing.py")
vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, string.format("%d:%d: %s %s", d.lnum + 1, d.col + 1, d.code, d.message))
end
vim.fn.writefile(lines, "diagnostics.txt")
vim.cmd("qall!")
"""


def documented_setup(heading: str) -> str:
    """The Lua block that follows ``heading`` in docs/editors.md."""
    return EDITORS.split(heading, 1)[1].split("```lua\n", 1)[1].split("```", 1)[0]


def test_every_setup_is_documented() -> None:
    for _, heading in SETUPS:
        assert 'cmd = { "flake8-wraps", "lsp" }' in documented_setup(heading)


def test_the_documented_setup_shows_the_diagnostics(tmp_path: Path) -> None:
    assert NVIM is not None, "CI installs Neovim (.ci/run)"
    printed = subprocess.run([NVIM, "--version"], capture_output=True, text=True).stdout
    match = re.match(r"NVIM v(\d+)\.(\d+)", printed)
    assert match, printed
    version = (int(match.group(1)), int(match.group(2)))
    heading = next(heading for oldest, heading in SETUPS if version >= oldest)
    (tmp_path / "init.lua").write_text(documented_setup(heading))
    (tmp_path / "probe.lua").write_text(PROBE)
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "timing.py").write_text(
        "def timeit(func):\n"
        "    def wrapper(*args, **kwargs):\n"
        "        return func(*args, **kwargs)\n"
        "    return wrapper\n"
    )
    scripts = str(Path(sys.executable).parent)
    subprocess.run(
        [NVIM, "--headless", "-u", "init.lua", "-c", "luafile probe.lua"],
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / "diagnostics.txt").read_text() == (
        "2:5: WRP001 decorator 'timeit' returns 'wrapper' without @functools.wraps(func):"
        " func's name and docstring are lost\n"
    )
