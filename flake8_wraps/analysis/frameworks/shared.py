"""Registrations that another module may collide with: two views in two files on one app.

Flask refuses to start when ``views/users.py`` and ``views/orders.py`` each register a view
through a decorator without ``functools.wraps`` on the ``app`` they both import: both
endpoints are ``wrapper``. One module's check sees one of them. It hands the project layer
each damaged registration on a registry other modules can reach (``SharedRegistration``):
the module's own, bound at module level; one a project module binds; or a framework's one
registry of shared tasks. The project layer reads the other modules and, where one
registers the same name on the same registry, turns the registration's WRP102 into a
WRP101 that names the other file (``across_files``).
"""

from __future__ import annotations

from typing import NamedTuple, Optional

from flake8_wraps.analysis.findings import Finding
from flake8_wraps.codes import RULE_BY_NAME

#: ``("own", "app")``: the module's own registry, bound at module level;
#: ``("imported", "myapp.app")``: what an import binds, a project module's registry;
#: ``("shared", "celery")``: the framework's one registry of shared tasks.
Origin = tuple[str, str]


class SharedRegistration(NamedTuple):
    """A damaged registration, with what it takes to find a partner in another module."""

    line: int
    col: int
    function: str
    #: The framework's key, display name, what its registry calls an entry, and the
    #: consequence of a collision (``Framework.collision``, a template).
    framework: str
    display: str
    kind: str
    collision: str
    #: The registry as the message names it (``'app'``), and where it is bound.
    registry: str
    origin: Origin
    #: The name the registry gives what it registers (``wrapper``).
    name: str
    #: The damaging decorator as written, and where it is defined.
    decorator: str
    where: str
    #: Whether a registration of its own module collides with it (WRP101 there already).
    collided: bool
    #: Its WRP102, where it has one: what a partner in another module replaces.
    damaged: Optional[Finding]
    #: No decorator damages it (a def named ``wrapper``): a partner, which never asks.
    undamaged: bool = False

    @property
    def asks(self) -> bool:
        """Whether a partner in another module is looked for: damaged, and no WRP101 in
        its own module already."""
        return not (self.collided or self.undamaged)


def across_files(registration: SharedRegistration, other: str, elsewhere: str) -> Finding:
    """WRP101 at ``registration``: ``other``, registered in ``elsewhere`` (a path and a
    line), gets the same name on the same registry."""
    consequence = registration.collision.format(
        display=registration.display,
        registry=registration.registry,
        name=registration.name,
        function=registration.function,
        other=other,
    )
    fields = {
        "function": registration.function,
        "other": other,
        "elsewhere": elsewhere,
        "kind": registration.kind,
        "name": registration.name,
        "registry": registration.registry,
        "decorator": registration.decorator,
        "where": registration.where,
        "consequence": consequence,
    }
    return Finding(
        registration.line,
        registration.col,
        RULE_BY_NAME["colliding-registrations-across-files"],
        tuple(fields.items()),
    )
