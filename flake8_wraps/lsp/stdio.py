"""The client's messages, read from standard input without a thread handoff each."""

from __future__ import annotations

import asyncio
import os
import threading
from typing import Any, Optional


class ChunkReader:
    """The client's messages, read from stdin by a thread of its own, in chunks.

    pygls' reader asks a thread pool for every header line and every body: three
    handoffs between threads per message, each waiting for the interpreter lock while
    the analysis holds it, so a burst of 50 changes took 20 to 45 ms just to read. Here
    the thread reads whatever has come and hands it to the event loop, where the lines
    and bodies are cut out without waiting.
    """

    def __init__(self, stdin: Any):
        self.stdin = stdin
        self._stream: Optional[asyncio.StreamReader] = None

    def _started(self) -> asyncio.StreamReader:
        if self._stream is None:
            loop = asyncio.get_running_loop()
            self._stream = asyncio.StreamReader(limit=1 << 20)
            threading.Thread(target=self._pump, args=(loop, self._stream), daemon=True).start()
        return self._stream

    def _pump(self, loop: asyncio.AbstractEventLoop, stream: asyncio.StreamReader) -> None:
        # The file descriptor, not the buffered file: a daemon thread blocked in a
        # buffered read holds its lock, and the interpreter aborts at exit for it.
        try:
            descriptor = self.stdin.fileno()
        except (AttributeError, OSError, ValueError):
            read = getattr(self.stdin, "read1", self.stdin.read)
        else:
            def read(size: int) -> bytes:
                return os.read(descriptor, size)
        while True:
            try:
                chunk = read(1 << 16)
            except (OSError, ValueError):
                chunk = b""
            try:
                loop.call_soon_threadsafe(stream.feed_data if chunk else stream.feed_eof,
                                          *((chunk,) if chunk else ()))
            except RuntimeError:  # the loop is closed: the server is exiting
                return
            if not chunk:
                return

    async def readline(self) -> bytes:
        return await self._started().readline()

    async def readexactly(self, n: int) -> bytes:
        try:
            return await self._started().readexactly(n)
        except asyncio.IncompleteReadError as error:
            return error.partial  # the end of the input, as pygls' reader gives it
