"""The command line: ``flake8-wraps check``, ``fix``, ``explain``, ``rule`` and ``lsp``.

The top layer: it may import every other one, and nothing imports it but ``__main__``.
"""

from __future__ import annotations

from flake8_wraps.cli.command import main

__all__ = ["main"]
