"""What one file's check learnt from outside the file, so that a cached result can be
trusted only while all of it still holds.

A finding can depend on other files: ``@timeit`` in ``views.py`` makes ``timeit`` in
``utils/decorators.py`` a decorator (the project index), and a view's WRP101 comes from
the decorator module it imports. Every such question the check asks of the disk is
noted here with its answer: which file an import resolves to, the content of a module
it read, whether a name is applied as a decorator somewhere in the project, a module's
dotted name, a path as shown in a message. The cache (``cache.py``) asks each question
again on the next run; a result whose answers all stand is reused, and a file whose
answers changed is checked again. Noting costs nothing when nothing records (flake8, the
language server).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional, Union

#: A question's kind and arguments: ``("locate", directory, "pkg.mod", level)``.
Question = tuple[Union[str, int], ...]
#: Its answer, as JSON keeps it.
Answer = Union[str, int, bool, None, list[Union[str, int]]]


class Dependencies:
    """The questions one file's check asked, and their answers, in the order asked."""

    __slots__ = ("answers",)

    def __init__(self) -> None:
        self.answers: dict[Question, Answer] = {}


_recording: Optional[Dependencies] = None


@contextmanager
def recording() -> Iterator[Dependencies]:
    """Note every question asked until the block ends (one file's check)."""
    global _recording
    outer, _recording = _recording, Dependencies()
    try:
        yield _recording
    finally:
        _recording = outer


def note(question: Question, answer: Answer) -> None:
    """Remember ``question``'s ``answer`` for the check being recorded, if any."""
    if _recording is not None:
        _recording.answers.setdefault(question, answer)
