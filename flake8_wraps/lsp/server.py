"""``flake8-wraps lsp``: a language server with the WRP diagnostics and their quick fixes.

Editors already show flake8's findings through python-lsp-server; this server goes
further: each fixable finding comes with a code action whose edit is exactly what
``flake8-wraps fix`` writes, and each finding with one that adds ``# noqa``. It needs
pygls (``pip install flake8-wraps[lsp]``); the plugin and the command line do not.

The server keeps its own copy of each document the client opened, split into lines the
way Python and editors count them, and serves nothing else: a code action for another
URI never reads the disk. Analysis runs on a thread of its own, on the latest version of
each document only: changes that arrive while it works are coalesced and stop it, and a
result for a version the client has already changed is dropped, never published. It
reuses what it learned about the statements a change did not touch (``node_memo``).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, Tuple
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from flake8_wraps import __version__
from flake8_wraps.config import Config
from flake8_wraps.lsp.analyses import (
    Analysis, DocumentSettings, Snapshot, action_title, analyse_lines, document_settings, fix_edits,
)
from flake8_wraps.lsp.reparse import python_lines
from flake8_wraps.lsp.stdio import ChunkReader
from flake8_wraps.lsp.text import SOURCE, after_bom, apply_change, noqa_edit
from flake8_wraps.project import modules as project, shared_registries
from flake8_wraps.project.shadows import shadowed_modules

#: The kind of the "fix all WRP findings in this file" action.
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
#: How long the analysis waits for the rest of a burst of changes before it starts. A
#: change after a pause (a keystroke) is analysed at once; one that follows another
#: closely waits until the document has been still for this long. A change that comes
#: while an older version is analysed stops that analysis (``NodeMemo.supersede``).
QUIET = 0.005
#: Changes closer together than this make a burst.
BURST = 0.1
#: How often the analysis thread lets the others run (``sys.setswitchinterval``).
SWITCH_INTERVAL = 0.0005


class _Protocol(LanguageServerProtocol):
    """pygls' protocol without pygls' copy of the documents.

    That copy splits lines at form feeds and ``\u2028``, and rewrites the ranges of the
    client's changes in place while it applies them: the server keeps its own.

    A request pygls cannot read is answered with an error, not left unanswered. After
    ``shutdown``, pygls drops every message but ``exit`` without a word; a request
    is answered with InvalidRequest instead, as the specification asks, so that a client
    waiting for an answer is not left waiting.
    """

    #: Whether ``initialize`` came: before it, requests are refused (ServerNotInitialized).
    initialize_seen = False

    def structure_message(self, data: dict[str, Any]) -> Any:
        """A request whose params do not fit the method's (``"uri": 5``) is answered with
        pygls' error (InvalidParams), so that a client waiting for that id is not left
        waiting; pygls only shows a message."""
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                self._send_response(data["id"], error=error.to_response_error())
            raise

    def handle_message(self, message: Any) -> None:
        method = getattr(message, "method", None)
        identifier = getattr(message, "id", None)
        if self._shutdown and method not in (None, types.EXIT) and identifier is not None:
            error = JsonRpcInvalidRequest(f"{method}: the server is shut down")
            self._send_response(identifier, error=error.to_response_error())
            return
        if method == types.INITIALIZE:
            self.initialize_seen = True
        elif method not in (None, types.EXIT) and not self.initialize_seen:
            # Before ``initialize``: a request gets ServerNotInitialized, a notification
            # is dropped, as the specification asks.
            if identifier is not None:
                early = JsonRpcServerNotInitialized(f"{method}: send initialize first")
                self._send_response(identifier, error=early.to_response_error())
            return
        super().handle_message(message)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: Any) -> Iterator[Any]:
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: Any) -> Iterator[Any]:
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: Any) -> Iterator[Any]:
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params)

    def _user_handler(self, method: str, params: Any) -> Iterator[Any]:
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None


class WrapsLanguageServer(LanguageServer):
    """pygls' server, with the exit status the specification asks for.

    ``exit`` without ``shutdown`` first ends with status 1; pygls computes it, then
    catches its own ``SystemExit``.
    """

    def __init__(self) -> None:
        super().__init__(SOURCE, __version__, protocol_cls=_Protocol)
        self.shut_down = False
        self.exited = False
        self._reporting = False

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Tell the client, unless it is gone: reporting a failure to write to it would
        fail to write again, and again."""
        if self.exited or self._reporting:
            return
        if source is JsonRpcException and isinstance(
            error, (json.JSONDecodeError, UnicodeDecodeError, AttributeError)
        ):
            # A body that is not JSON, or JSON that is no message object (pygls then asks
            # it for ``jsonrpc``): JSON-RPC answers with an error whose id is null, since
            # there is no id to read. pygls would only show "Error in server".
            if isinstance(error, AttributeError):
                code, says = JsonRpcInvalidRequest.CODE, "Invalid request: not a message object"
            else:
                code, says = JsonRpcParseError.CODE, f"Parse error: {error}"
            self.protocol._send_data(
                {"jsonrpc": "2.0", "id": None, "error": {"code": code, "message": says}}
            )
            return
        self._reporting = True
        try:
            super().report_server_error(error, source)
        finally:
            self._reporting = False

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """pygls' loop over the client's messages, read by :class:`ChunkReader`."""
        self._stop_event = threading.Event()
        reader = ChunkReader(stdin or sys.stdin.buffer)
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(run_async(
                stop_event=self._stop_event,
                reader=reader,
                protocol=self.protocol,
                error_handler=self.report_server_error,
            ))
        except BrokenPipeError:
            pass  # the client is gone
        except (KeyboardInterrupt, SystemExit):
            pass  # ``exit``: pygls ends the loop with SystemExit
        finally:
            # pygls' shutdown, without waiting for a quick fix still running on a worker
            # thread (seconds on a long file): nobody reads it after ``exit``.
            self._stop_event.set()
            if self._thread_pool is not None:
                self._thread_pool.shutdown(wait=False, cancel_futures=True)
        if self.exited and not self.shut_down:
            raise SystemExit(1)


def create_server(config: Config) -> WrapsLanguageServer:
    """A server that publishes diagnostics on open, change and save, and offers fixes."""
    server = WrapsLanguageServer()
    state = _State(server, config)
    # LibCST takes a tenth of a second or more to import: do it now, in the background,
    # while the client starts, rather than when the user first asks for a quick fix.
    threading.Thread(
        target=importlib.import_module, args=("flake8_wraps.fix.fixer",), daemon=True
    ).start()

    @server.feature(types.INITIALIZE)
    def initialize(ls: LanguageServer, params: types.InitializeParams) -> None:
        state.lazy = _resolves_edits(params.capabilities)
        state.versioned = _takes_document_changes(params.capabilities)
        workspace = params.capabilities.workspace
        watching = workspace and workspace.did_change_watched_files
        state.watches = bool(watching and watching.dynamic_registration)

    @server.feature(types.INITIALIZED)
    def initialized(ls: LanguageServer, params: types.InitializedParams) -> None:
        encoding = ls.workspace.position_encoding or "utf-16"
        # The negotiated encoding, "utf-8", "utf-16" or "utf-32" (an enum's value).
        state.encoding = str(getattr(encoding, "value", encoding))
        if state.watches:  # the client tells when a configuration file changes on disk
            ls.client_register_capability(types.RegistrationParams([types.Registration(
                "flake8-wraps-configuration", types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                types.DidChangeWatchedFilesRegistrationOptions([types.FileSystemWatcher(
                    "**/{pyproject.toml,setup.cfg,tox.ini,.flake8}")]),
            )]))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: LanguageServer, params: Any) -> None:
        server.shut_down = True

    @server.feature(types.EXIT)
    def exit_(ls: LanguageServer, params: Any) -> None:
        server.exited = True

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        state.update(document.uri, document.version, python_lines(document.text))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        snapshot = state.documents.get(uri)
        if snapshot is None or params.text_document.version <= snapshot.version:
            return  # versions only grow: an older one came late, and is dropped
        lines = snapshot.lines
        for change in params.content_changes:
            lines = apply_change(lines, change, state.encoding)
        state.update(uri, params.text_document.version, lines)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        state.analyse_all_again()  # a saved module may be a decorator other files import

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: LanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        state.analyse_all_again()  # a configuration file changed on disk

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        with state.lock:
            state.documents.pop(uri, None)
            state.analyses.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL],
            resolve_provider=True,
        ),
    )
    @server.thread()
    def code_action(
        ls: LanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        """The quick fixes on the requested lines, and the fix of the whole file.

        Editors ask on every cursor move; a client that can resolve the edit later gets
        the actions without it, and the fix (LibCST) runs only for the one it applies.
        It runs on a thread of its own: diagnostics go on meanwhile.
        """
        return state.code_actions(params)

    @server.feature(types.CODE_ACTION_RESOLVE)
    @server.thread()
    def resolve(ls: LanguageServer, action: types.CodeAction) -> types.CodeAction:
        """The action's edit, for the document as it is now."""
        return state.resolve(action)

    return server


class _State:
    """The open documents, their analyses, and what answers the client's requests."""

    def __init__(self, server: WrapsLanguageServer, config: Config):
        self.server = server
        self.config = config
        #: Guards ``documents`` and ``analyses``.
        self.lock = threading.Lock()
        #: Held while a tree is parsed or read for a fix: parsing the next version of a
        #: document moves the nodes of the last tree (``reparse``).
        self.trees = threading.Lock()
        self.documents: dict[str, Snapshot] = {}
        self.analyses: dict[str, Analysis] = {}
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.encoding = "utf-16"
        self.lazy = False
        #: Whether the client takes ``documentChanges``: edits that name the version they
        #: were made for, which the client refuses to apply to any other.
        self.versioned = False
        self.analyser = _Analyser(self)
        #: The broken configurations the client has been told about.
        self.warned: set[str] = set()
        #: Whether the client watches files for the server (dynamic registration).
        self.watches = False

    def analyse_all_again(self) -> None:
        """Analyse every open document again (a file changed on disk), each from its last
        analysis: a document that does not parse keeps its last diagnostics."""
        project.clear_caches()
        shared_registries.forget()
        with self.lock:
            for uri, analysis in self.analyses.items():
                self.analyses[uri] = analysis._replace(stopped=True)
        for uri in list(self.documents):
            self.analyser.submit(uri)

    def _settings_for(self, path: Optional[str]) -> DocumentSettings:
        """``document_settings``; a broken configuration is said once (showMessage)."""
        settings, error = document_settings(path, self.config)
        if error is not None and str(error) not in self.warned and self.loop is not None:
            self.warned.add(str(error))
            message = f"flake8-wraps: {error}; its documents get the defaults until it is fixed"
            params = types.ShowMessageParams(type=types.MessageType.Warning, message=message)
            self.loop.call_soon_threadsafe(self.server.window_show_message, params)
        return settings

    def update(self, uri: str, version: int, lines: list[str]) -> None:
        """A document opened or changed: analyse it, once the burst of changes ends.

        Called on the event loop, where the results are published.
        """
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
            self.analyser.start()
        with self.lock:
            self.documents[uri] = Snapshot(uri, version, lines)
            last = self.analyses.get(uri)
        if last is not None:
            last.memo.supersede()  # the analysis of an older version may stop
        self.analyser.submit(uri)

    def analyse(self, snapshot: Snapshot, stoppable: bool = False) -> Analysis:
        """The analysis of ``snapshot``, from the one before it (kept when newer).

        One at a time (``trees``): the parse moves the nodes of the previous tree.
        ``stoppable``: a newer version of the document stops the check (the analyser's
        analyses; one that answers a request must finish).
        """
        with self.trees:
            with self.lock:
                previous = self.analyses.get(snapshot.uri)
            if (
                previous is not None
                and previous.version == snapshot.version
                and not previous.stopped
            ):
                return previous
            path = _path(snapshot.uri)
            settings = self._settings_for(path)
            analysis = analyse_lines(
                snapshot.version, snapshot.lines, path, settings.config,
                self.encoding, previous, settings.wants, stoppable,
            )
            with self.lock:  # not for a text closed, and opened again at the same version
                if self.documents.get(snapshot.uri) is snapshot:
                    self.analyses[snapshot.uri] = analysis
            return analysis

    def current(self, uri: str) -> Optional[Analysis]:
        """The analysis of the version the client has now; None for a document it has
        not opened (which is never read from disk)."""
        snapshot = self.documents.get(uri)
        if snapshot is None:
            return None
        return self.analyse(snapshot)

    def publish(self, uri: str, analysis: Analysis) -> None:
        """Send ``analysis``, unless the client has moved on (on the event loop)."""
        snapshot = self.documents.get(uri)
        if snapshot is None or snapshot.version != analysis.version or self.server.exited:
            return
        if self.analyses.get(uri) is not analysis:
            return  # the analysis of a text closed since, at the same version
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=analysis.version, diagnostics=analysis.diagnostics
            )
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        analysis = self.current(uri)
        if analysis is None:
            return []
        only = params.context.only
        first, last = params.range.start.line + 1, params.range.end.line + 1
        actions = []
        for finding, diagnostic in zip(analysis.findings, analysis.diagnostics):
            if not first <= finding.line <= last:
                continue
            key = (finding.line, finding.col, finding.code)
            if finding.fix is not None and _wanted(types.CodeActionKind.QuickFix, only):
                actions.append(types.CodeAction(
                    title=action_title(finding.fix),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=finding.fix.safe,
                    data={"uri": uri, "action": "fix", "key": key},
                ))
            if _wanted(types.CodeActionKind.QuickFix, only):
                actions.append(types.CodeAction(
                    title=f"Ignore {finding.code} on this line (# noqa: {finding.code})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    data={"uri": uri, "action": "ignore", "key": key},
                ))
        safe = [f for f in analysis.findings if f.fix is not None and f.fix.safe]
        if safe and _wanted(FIX_ALL, only) and (self.lazy or only):
            actions.append(types.CodeAction(
                title="Fix all WRP findings in this file (safe fixes)",
                kind=FIX_ALL,
                data={"uri": uri, "action": "fix-all", "key": ()},
            ))
        if self.lazy:
            return actions
        resolved = [self._resolved(action, analysis) for action in actions]
        return [action for action in resolved if action.edit is not None]

    def resolve(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        analysis = self.current(str(data.get("uri", "")))
        if analysis is None:
            return action
        return self._resolved(action, analysis)

    def _resolved(self, action: types.CodeAction, analysis: Analysis) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri, kind = str(data.get("uri", "")), data.get("action")
        given = data.get("key")
        key = tuple(given) if isinstance(given, (list, tuple)) else None
        if key is None or not all(isinstance(part, (int, str)) for part in key):
            return action  # not ours, or damaged on the way: nothing to resolve
        cache_key = (kind, *key, action.title)
        if cache_key not in analysis.edits:
            analysis.edits[cache_key] = self._edits(uri, analysis, kind, key, action.title)
        edits = analysis.edits[cache_key]
        if edits is None:
            return action
        if self.versioned:
            document = types.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=analysis.version
            )
            action.edit = types.WorkspaceEdit(
                document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)]
            )
        else:
            action.edit = types.WorkspaceEdit(changes={uri: edits})
        return action

    def _edits(
        self, uri: str, analysis: Analysis, kind: Any, key: Tuple[Any, ...], title: str
    ) -> Optional[list[types.TextEdit]]:
        with self.trees:
            if self.analyses.get(uri) is not analysis:
                return None  # a newer version came: this tree may be spent
            edits = self._edits_of_current(uri, analysis, kind, key, title)
        return after_bom(edits, self.encoding) if edits and analysis.bom else edits

    def _edits_of_current(
        self, uri: str, analysis: Analysis, kind: Any, key: Tuple[Any, ...], title: str
    ) -> Optional[list[types.TextEdit]]:
        if analysis.parsed is None or not analysis.parses:
            return None
        path = _path(uri)
        if kind == "fix-all":
            chosen = [f for f in analysis.findings if f.fix is not None and f.fix.safe]
            config = self._settings_for(path).config
            return fix_edits(analysis, chosen, config, self.encoding, _shadowed(path))
        finding = next(
            (f for f in analysis.findings if (f.line, f.col, f.code) == key), None
        )
        if finding is None:
            return None
        if kind == "fix":
            if finding.fix is None or action_title(finding.fix) != title:
                return None  # the text changed since: another fix sits there now
            config = self._settings_for(path).config
            return fix_edits(analysis, [finding], config, self.encoding, _shadowed(path))
        if kind == "ignore":
            return [noqa_edit(analysis.lines, analysis.parsed.tree, finding, self.encoding)]
        return None


class _Analyser:
    """The thread that analyses changed documents, the latest version of each only."""

    def __init__(self, state: _State):
        self.state = state
        self.changed = threading.Condition()
        self.pending: dict[str, None] = {}  # in the order they changed
        self.last_change = 0.0
        #: Whether the last change came close after the one before it.
        self.burst = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        """Start the thread.

        The analysis holds the interpreter lock for tens of milliseconds; by default a
        thread that waits for it (the one reading the client's messages) gets it every
        5 ms, and reading one message takes a few turns. Switching every half
        millisecond lets the changes come in while the analysis runs, and costs nothing
        when no other thread wants to run.
        """
        if not self.thread.is_alive():
            sys.setswitchinterval(SWITCH_INTERVAL)
            self.thread.start()

    def submit(self, uri: str) -> None:
        with self.changed:
            now = time.monotonic()
            self.burst = now - self.last_change < BURST
            self.last_change = now
            self.pending[uri] = None
            self.changed.notify()

    def _run(self) -> None:
        while True:
            with self.changed:
                while not self.pending:
                    self.changed.wait()
                # In a burst, wait until the document has been still for a moment.
                while self.burst:
                    remaining = self.last_change + QUIET - time.monotonic()
                    if remaining <= 0:
                        break
                    self.changed.wait(remaining)
                uri = next(iter(self.pending))
                del self.pending[uri]
            snapshot = self.state.documents.get(uri)
            if snapshot is None:
                continue
            try:
                analysis = self.state.analyse(snapshot, stoppable=True)
            except Exception:  # a bug must not end the diagnostics for good
                continue
            if analysis.stopped:
                continue  # the newer version is pending
            loop = self.state.loop
            try:
                if loop is not None:
                    loop.call_soon_threadsafe(self.state.publish, uri, analysis)
            except RuntimeError:  # the loop is closed: the server is exiting
                return


def _wanted(kind: str, only: Optional[Sequence[str]]) -> bool:
    """Whether the client asked for actions of ``kind`` (``only`` lists prefixes)."""
    return only is None or any(kind == o or kind.startswith(f"{o}.") for o in only)


def _takes_document_changes(capabilities: types.ClientCapabilities) -> bool:
    workspace_edit = capabilities.workspace and capabilities.workspace.workspace_edit
    return bool(workspace_edit and workspace_edit.document_changes)


def _resolves_edits(capabilities: types.ClientCapabilities) -> bool:
    code_action = capabilities.text_document and capabilities.text_document.code_action
    support = code_action and code_action.resolve_support
    return bool(support and "edit" in support.properties)


def _shadowed(path: Optional[str]) -> frozenset[str]:
    """What a fix of the document may not import (``project.shadows``): looked up only
    for a fix, never for an Ignore action."""
    return frozenset() if path is None else shadowed_modules(path)


def _path(uri: str) -> Optional[str]:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return str(Path(unquote(parsed.path)))
