"""What the analysis learned about a subtree, kept for the next version of a document.

The language server analyses a document again on every keystroke, and most of the cost
is a few functions that look closely at one closure (which names it binds, how it calls
the enclosing parameters, what shape it has). Each is a pure function of the nodes it is
given: the same subtree gives the same answer. ``reparse`` keeps the nodes of every
top-level statement a change did not touch (the same objects; only their line numbers
move), so for those the last version's answers still hold.

A memo is a dictionary keyed by the nodes themselves (``ast.AST`` compares and hashes by
identity), so a key holds its nodes alive and can never match another subtree. It is
active only inside :func:`reusing`, on the thread that entered it: a flake8 run or the
command line never sees one, and keeps nothing. Each analysis keeps only the answers it
asked for, so a memo holds what one version of the document needs, never more.

Only answers that hold no line number may be kept (nodes are fine: a moved node carries
its new line itself).

The memo is also where a long analysis can be stopped: it is asked thousands of times
during one check, so when a newer version of the document comes (``supersede``), the
next question raises :class:`Superseded` and the analysis that nobody will read ends.
What it had learned is kept.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Hashable, Iterator, Optional, TypeVar

T = TypeVar("T")


class Superseded(BaseException):
    """A newer version of the document came: this analysis is not needed.

    A ``BaseException``, so that no ``except Exception`` in the analysis swallows it and
    lets the analysis end with answers it did not finish.
    """


class NodeMemo:
    """Answers about subtrees: those the last analysis asked for, and this one's."""

    __slots__ = ("_last", "_current", "_stoppable", "_superseded")

    def __init__(self) -> None:
        self._last: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}
        self._stoppable = False
        self._superseded = False

    def begin(self, stoppable: bool = False) -> None:
        """Start an analysis: what the one before asked for may be asked for again.

        ``stoppable``: ``supersede`` may stop it.
        """
        self._last, self._current = self._current, {}
        self._stoppable = stoppable
        self._superseded = False

    def end(self, finished: bool = True) -> None:
        """End an analysis: forget what it did not ask for, unless it did not finish
        (then what the one before asked for is kept too)."""
        if not finished:
            self._current.update(self._last)
        self._last = {}
        self._stoppable = False

    def supersede(self) -> None:
        """A newer version came: stop the analysis running with this memo, if stoppable
        (from another thread)."""
        self._superseded = True

    def __len__(self) -> int:
        return len(self._current)

    def get(self, key: Hashable, compute: Callable[..., T], *arguments: Any) -> T:
        """The answer for ``key``: ``compute(*arguments)``, called only if neither
        analysis asked for it. Answers are shared: the caller must not change one."""
        if self._superseded and self._stoppable:
            raise Superseded
        value = self._current.get(key, _MISSING)
        if value is _MISSING:
            value = self._last.pop(key, _MISSING)
            if value is _MISSING:
                value = compute(*arguments)
            self._current[key] = value
        return value  # type: ignore[no-any-return]


_MISSING: Any = object()
_ACTIVE: ContextVar[Optional[NodeMemo]] = ContextVar("flake8_wraps_node_memo", default=None)


def active() -> Optional[NodeMemo]:
    """The memo of the analysis running on this thread, if it keeps one."""
    return _ACTIVE.get()


def remembered(key: Hashable, compute: Callable[..., T], *arguments: Any) -> T:
    """``compute(*arguments)``, or the answer the memo holds for ``key``, if one is
    active. For answers nobody changes (frozensets, tuples, booleans)."""
    memo = _ACTIVE.get()
    if memo is None:
        return compute(*arguments)
    return memo.get(key, compute, *arguments)


@contextmanager
def reusing(memo: NodeMemo, stoppable: bool = False) -> Iterator[NodeMemo]:
    """Analyse with ``memo``: reuse the answers of the last analysis, keep this one's.

    ``stoppable``: ``memo.supersede()`` ends the analysis with :class:`Superseded`.
    """
    token = _ACTIVE.set(memo)
    memo.begin(stoppable)
    finished = False
    try:
        yield memo
        finished = True
    finally:
        memo.end(finished)
        _ACTIVE.reset(token)
