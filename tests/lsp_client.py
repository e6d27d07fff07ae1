"""A small language-server client for the tests: JSON-RPC over a real server's stdio.

Every wait is bounded: a server that hangs fails the test, it does not hang CI.
"""

from __future__ import annotations

import io
import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any, Callable, Optional

TIMEOUT = 60.0


class LanguageClient:
    def __init__(self, command: list[str], cwd: Path, env: Optional[dict[str, str]] = None):
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self._incoming: queue.Queue[dict[str, Any]] = queue.Queue()
        self._pending: list[dict[str, Any]] = []
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            assert length is not None
            self._incoming.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        self.send_body(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def send_body(self, body: bytes) -> None:
        """Send ``body`` as it is, whatever it holds."""
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def answer_to_no_id(self) -> dict[str, Any]:
        """The next response whose id is null: the answer to a message without one."""
        return self._wait(lambda m: "id" in m and m["id"] is None and "method" not in m)

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        message = self.response(method, params)
        assert "error" not in message, message
        return message.get("result")

    def response(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """The whole response to a request: its result, or its error."""
        self._next_id += 1
        identifier = self._next_id
        self._send({"id": identifier, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == identifier and "method" not in m)

    def notification(
        self, method: str, predicate: Callable[[dict[str, Any]], bool] = lambda p: True
    ) -> dict[str, Any]:
        """The next notification ``method`` whose params satisfy ``predicate``."""
        message = self._wait(lambda m: m.get("method") == method and predicate(m["params"]))
        return message["params"]

    def received(self, method: str) -> list[dict[str, Any]]:
        """The params of the notifications ``method`` received but not yet waited for
        (taken out, in the order they came)."""
        taken = [m for m in self._pending if m.get("method") == method]
        self._pending = [m for m in self._pending if m.get("method") != method]
        while True:
            try:
                message = self._incoming.get_nowait()
            except queue.Empty:
                break
            (taken if message.get("method") == method else self._pending).append(message)
        return [m["params"] for m in taken]

    def change(self, path: Path, version: int, changes: list[dict[str, Any]]) -> None:
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": path.as_uri(), "version": version},
                "contentChanges": changes,
            },
        )

    def code_actions(
        self, path: Path, start: int, end: int, only: Optional[list[str]] = None
    ) -> Any:
        """The code actions on lines ``start`` to ``end`` (0-based, inclusive)."""
        context: dict[str, Any] = {"diagnostics": []}
        if only is not None:
            context["only"] = only
        return self.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": path.as_uri()},
                "range": {
                    "start": {"line": start, "character": 0},
                    "end": {"line": end, "character": 0},
                },
                "context": context,
            },
        )

    def _wait(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        for index, message in enumerate(self._pending):
            if wanted(message):
                return self._pending.pop(index)
        while True:
            try:
                message = self._incoming.get(timeout=TIMEOUT)
            except queue.Empty:
                raise TimeoutError(f"no answer in {TIMEOUT} s; stderr: {self._stderr()}")
            if "method" in message and "id" in message:
                self._send({"id": message["id"], "result": None})  # a request to the client
                continue
            if wanted(message):
                return message
            self._pending.append(message)

    def _stderr(self) -> str:
        self.process.kill()
        assert self.process.stderr is not None
        return self.process.stderr.read().decode("utf-8", errors="replace")[-2000:]

    def initialize(
        self,
        root: Path,
        settings: Optional[dict[str, Any]] = None,
        capabilities: Optional[dict[str, Any]] = None,
    ) -> Any:
        result = self.request(
            "initialize",
            {"processId": None, "rootUri": root.as_uri(), "capabilities": capabilities or {}},
        )
        self.notify("initialized", {})
        if settings is not None:
            self.notify("workspace/didChangeConfiguration", {"settings": settings})
        return result

    def open(self, path: Path, text: str) -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": path.as_uri(),
                    "languageId": "python",
                    "version": 1,
                    "text": text,
                }
            },
        )

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP text edits (all relative to the original text), as an editor does.

    Lines end at ``\n``, ``\r\n`` or ``\r`` only, as in LSP (not at form feeds).
    """
    lines = io.StringIO(text, newline="").readlines()
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(position: dict[str, int]) -> int:
        return offsets[position["line"]] + position["character"]

    ordered = sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True)
    for edit in ordered:
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text
