"""Framework registrations that a damaging decorator breaks (WRP101, WRP102).

``table`` holds the one table of frameworks and the shapes of registration they use,
``registries`` finds the registry objects a module creates (which the project's module
summaries need too), and ``registrations`` applies the rules to one module.
"""

from __future__ import annotations

from flake8_wraps.analysis.frameworks.registrations import registration_findings
from flake8_wraps.analysis.frameworks.registries import might_register, registries_of
from flake8_wraps.analysis.frameworks.table import FRAMEWORKS, Framework

__all__ = ["FRAMEWORKS", "Framework", "might_register", "registration_findings", "registries_of"]
