"""Settings of the analysis, parsed once into an immutable object that is passed down."""

from __future__ import annotations

from typing import Iterable, NamedTuple

#: Dotted names that copy a function's metadata the way ``functools.wraps`` does.
DEFAULT_WRAPS_FUNCTIONS = frozenset({"functools.wraps", "six.wraps"})
#: Dotted names that copy metadata the way ``functools.update_wrapper`` does.
DEFAULT_UPDATE_WRAPPER_FUNCTIONS = frozenset({"functools.update_wrapper"})


class Config(NamedTuple):
    """What counts as copying metadata, beyond the standard library."""

    wraps_functions: frozenset[str] = DEFAULT_WRAPS_FUNCTIONS
    update_wrapper_functions: frozenset[str] = DEFAULT_UPDATE_WRAPPER_FUNCTIONS

    @classmethod
    def from_extra_wraps_functions(cls, names: Iterable[str]) -> Config:
        """Build a config from the ``--wraps-functions`` list (extra dotted names)."""
        extra = frozenset(name.strip() for name in names if name and name.strip())
        return cls(wraps_functions=DEFAULT_WRAPS_FUNCTIONS | extra)

    @classmethod
    def from_key(cls, key: str) -> Config:
        """The settings that ``key()`` gave ``key``."""
        copies, _, updates = key.partition("|")
        return cls(
            frozenset(name for name in copies.split(",") if name),
            frozenset(name for name in updates.split(",") if name),
        )

    def key(self) -> str:
        """The settings as a stable string: a cached result holds only under the same."""
        copies = (sorted(self.wraps_functions), sorted(self.update_wrapper_functions))
        return "|".join(",".join(names) for names in copies)


DEFAULT_CONFIG = Config()
