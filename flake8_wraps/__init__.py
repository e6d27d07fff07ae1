"""flake8-wraps: find decorators whose wrapper does not copy the decorated function's metadata.

Importing this package stays cheap: flake8 imports it in every worker process. The analysis
needs only ``ast``; the fixer's LibCST is imported only when fixing.
"""

from __future__ import annotations

from flake8_wraps.analysis import Finding, analyze
from flake8_wraps.config import Config

__all__ = ["Config", "Finding", "analyze"]
