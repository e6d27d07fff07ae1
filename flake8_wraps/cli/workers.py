"""Worker processes for a run over many files, and how a run stops when it is told to.

Workers only compute: they read a file, check it and make its fix, and hand the result
back. Only the main process writes, so a signal (a CI cancel, ``timeout``, Ctrl-C) can stop
the run at any moment: the main process finishes the one file it may be replacing, ends the
workers, and says which files it had already rewritten. Workers end with their parent, even
when it is killed outright (Linux: ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Any, Iterator, Optional

if TYPE_CHECKING:  # imported when a pool starts: multiprocessing costs 15 ms at start-up
    from concurrent.futures import ProcessPoolExecutor

#: Signals that stop a run.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Interrupted(BaseException):
    """A stop signal arrived; a BaseException, so that no per-file handler swallows it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_status(self) -> int:
        """What a shell reports for a process the signal ended: 128 plus its number."""
        return 128 + self.signum


class _Deferral:
    """Whether the main process is in a step a signal must not cut short."""

    depth = 0
    pending: Optional[int] = None


def _on_signal(signum: int, frame: Optional[FrameType]) -> None:
    if _Deferral.depth:
        _Deferral.pending = signum
        return
    raise Interrupted(signum)


@contextmanager
def stop_signals_raise() -> Iterator[None]:
    """While in the block, SIGTERM and SIGINT raise Interrupted in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only; whoever runs us there handles them
        return
    previous = {number: signal.signal(number, _on_signal) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """A stop signal arriving in the block takes effect at its end (a file being replaced
    is replaced completely, or not at all, and its temporary file is gone)."""
    _Deferral.depth += 1
    try:
        yield
    finally:
        _Deferral.depth -= 1
        if not _Deferral.depth and _Deferral.pending is not None:
            signum, _Deferral.pending = _Deferral.pending, None
            raise Interrupted(signum)


def start_pool(jobs: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=jobs, initializer=_worker_started, initargs=(os.getpid(),)
    )


def stop_pool(executor: ProcessPoolExecutor, completed: bool) -> None:
    """Shut the pool down; when the run did not complete, end the workers now."""
    if completed:
        executor.shutdown()
        return
    executor.shutdown(wait=False, cancel_futures=True)
    # The executor has no public way to end running tasks: its processes are ended.
    processes: dict[Any, Any] = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()
    for process in list(processes.values()):
        process.join(timeout=5)


def collect_rarely() -> None:
    """Let the cyclic garbage collector run rarely, and never over what is loaded.

    Parsing allocates millions of nodes that are freed by reference counting as soon as
    a file is done; the collector, triggered by the allocations, still scanned them: a
    fifth of a run's time over the standard library, for no memory saved (the peak is
    the same). Only the command line's own processes are tuned, never flake8's.
    """
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _worker_started(parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle, and the worker dies with it."""
    collect_rarely()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
