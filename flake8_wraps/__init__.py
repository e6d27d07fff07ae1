"""flake8-wraps: find decorators whose wrapper does not copy the decorated function's metadata.

Importing this package stays cheap: flake8 imports it in every worker process. The analysis
needs only ``ast``; the fixer's LibCST is imported only when fixing.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from flake8_wraps.analysis import Finding, analyze
from flake8_wraps.config import Config

try:
    __version__ = version("flake8-wraps")
except PackageNotFoundError:  # a checkout that is not installed
    __version__ = "0+unknown"

__all__ = ["Config", "Finding", "__version__", "analyze"]
