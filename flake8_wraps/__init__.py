"""flake8-wraps: find decorators whose wrapper does not copy the decorated function's metadata.

Importing this package stays cheap: flake8 imports it in every worker process. The analysis
needs only ``ast``; the fixer's LibCST is imported only when fixing.
"""

from __future__ import annotations

from typing import Any

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.analysis.module import analyze
from flake8_wraps.config import Config

__all__ = ["Config", "Finding", "__version__", "analyze"]


def __getattr__(name: str) -> Any:
    """``__version__``, read from the installed distribution when first asked for.

    Looking it up scans the installed distributions: too slow for every flake8 worker,
    which never asks (flake8 reads plugin versions from the metadata itself).
    """
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("flake8-wraps")
    except PackageNotFoundError:  # a checkout that is not installed
        return "0+unknown"
