"""``flake8-wraps lsp``: a language server with the WRP diagnostics and their quick fixes.

Editors already show flake8's findings through python-lsp-server; this server goes
further: each fixable finding comes with a code action whose edit is exactly what
``flake8-wraps fix`` writes. It needs pygls (``pip install flake8-wraps[lsp]``); the
plugin and the command line do not.
"""

from __future__ import annotations

import ast
import difflib
import gc
import importlib
import io
import threading
import tokenize
import warnings
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from flake8_wraps import __version__, project
from flake8_wraps.analysis import Finding, Fix
from flake8_wraps.checker import check
from flake8_wraps.config import Config

SOURCE = "flake8-wraps"


def analyse(source: str, path: Optional[str], config: Config) -> list[Finding]:
    """The findings of a document's text: what the server runs on every change.

    A document that does not parse (the user is typing) has none. The cyclic garbage
    collector is paused meanwhile: the syntax tree has no cycles, and a collection of
    everything else in the middle of a keystroke would cost the editor a third more.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
        return check(tree, path, config)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    finally:
        if paused:
            gc.enable()


def create_server(config: Config) -> LanguageServer:
    """A server that publishes diagnostics on open, change and save, and offers fixes."""
    server = LanguageServer(SOURCE, __version__)

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        findings = analyse(document.source, _path(uri), config)
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=document.version,
                diagnostics=[_diagnostic(document, finding) for finding in findings],
            )
        )

    @server.feature(types.INITIALIZED)
    def initialized(ls: LanguageServer, params: types.InitializedParams) -> None:
        # LibCST takes a third of a second to import: do it now, in the background,
        # rather than when the user first asks for a quick fix.
        threading.Thread(
            target=importlib.import_module, args=("flake8_wraps.fixer",), daemon=True
        ).start()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        project.clear_caches()  # a saved module may be a decorator other files import
        for uri in list(ls.workspace.text_documents):
            publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=True
        ),
    )
    def code_action(
        ls: LanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        """The quick fixes on the requested lines.

        Editors ask on every cursor move; a client that can resolve the edit later gets
        the actions without it, and the fix (LibCST) runs only for the one it applies.
        """
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        findings = analyse(document.source, _path(uri), config)
        first, last = params.range.start.line + 1, params.range.end.line + 1
        lazy = _resolves_edits(ls.client_capabilities)
        actions = []
        for finding in findings:
            if finding.fix is None or not first <= finding.line <= last:
                continue
            action = types.CodeAction(
                title=action_title(finding.fix),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[_diagnostic(document, finding)],
                is_preferred=finding.fix.safe,
                data={"uri": uri, "line": finding.line, "col": finding.col, "code": finding.code},
            )
            if not lazy:
                action = resolve(ls, action)
                if action.edit is None:
                    continue
            actions.append(action)
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    def resolve(ls: LanguageServer, action: types.CodeAction) -> types.CodeAction:
        """The action's edit, for the document as it is now."""
        data = action.data or {}
        uri = data.get("uri", "")
        document = ls.workspace.get_text_document(uri)
        for finding in analyse(document.source, _path(uri), config):
            if (finding.line, finding.col, finding.code) == (
                data.get("line"),
                data.get("col"),
                data.get("code"),
            ):
                edits = quick_fix_edits(document, finding, config)
                if edits is not None:
                    action.edit = types.WorkspaceEdit(changes={uri: edits})
                break
        return action

    return server


def _resolves_edits(capabilities: types.ClientCapabilities) -> bool:
    code_action = capabilities.text_document and capabilities.text_document.code_action
    support = code_action and code_action.resolve_support
    return bool(support and "edit" in support.properties)


def action_title(fix: Fix) -> str:
    """What the quick fix says it will do."""
    titles = {
        "decorate": f"Add @functools.wraps({fix.wrapped})",
        "move-to-decorator": f"Decorate '{fix.target_name}' with {fix.name}",
        "replace-decorator": f"Write @{fix.name}({fix.wrapped})",
        "swap-arguments": f"Swap the arguments of {fix.name}",
        "swap-application": f"Copy from '{fix.wrapped}', not onto it",
        "insert-after": f"Call functools.update_wrapper({fix.target_name}, {fix.wrapped})",
        "lambda-to-def": f"Replace the lambda with a def decorated with @functools.wraps"
        f"({fix.wrapped})",
    }
    title = titles[fix.edit]
    return title if fix.safe else f"{title} (unsafe)"


def quick_fix_edits(
    document: TextDocument, finding: Finding, config: Config
) -> Optional[list[types.TextEdit]]:
    """The edits that turn the document into what ``fix`` writes for this one finding."""
    from flake8_wraps.fixer import FixError, fix_source  # LibCST: only when asked to fix

    text = document.source
    encoding = _declared_encoding(text)
    try:
        fixed = fix_source(text.encode(encoding), [finding], config, unsafe=True).source
    except (FixError, UnicodeEncodeError):
        return None
    return text_edits(text, fixed.decode(encoding))


def text_edits(before: str, after: str) -> list[types.TextEdit]:
    """Line-wise edits from ``before`` to ``after`` (only the lines that change)."""
    old, new = _lines(before), _lines(after)
    edits = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        edits.append(
            types.TextEdit(
                range=types.Range(start=_line_start(old, i1), end=_line_start(old, i2)),
                new_text="".join(new[j1:j2]),
            )
        )
    return edits


def _lines(text: str) -> list[str]:
    """Lines as editors and Python count them: ended by ``\n``, ``\r\n`` or ``\r`` only.

    (``str.splitlines`` also breaks at form feeds and other separators, which would put
    every later edit on the wrong line.)
    """
    return io.StringIO(text, newline="").readlines()


def _line_start(lines: list[str], index: int) -> types.Position:
    """The position where line ``index`` starts (or the very end of the text)."""
    if index < len(lines) or not lines or lines[-1].endswith(("\n", "\r")):
        return types.Position(line=index, character=0)
    last = lines[-1]
    return types.Position(line=len(lines) - 1, character=len(last.encode("utf-16-le")) // 2)


def _diagnostic(document: TextDocument, finding: Finding) -> types.Diagnostic:
    lines = document.lines
    line = finding.line - 1
    text = lines[line] if line < len(lines) else ""
    # ast counts columns in UTF-8 bytes; the client counts in its own units.
    column = len(text.encode("utf-8")[: finding.col].decode("utf-8", errors="ignore"))
    end = len(text.rstrip("\r\n"))
    codec = document.position_codec
    start_position, end_position = (
        codec.position_to_client_units(lines, types.Position(line=line, character=character))
        for character in (column, end)
    )
    return types.Diagnostic(
        range=types.Range(start=start_position, end=end_position),
        message=finding.message,
        severity=types.DiagnosticSeverity.Warning,
        code=finding.code,
        source=SOURCE,
    )


def _declared_encoding(text: str) -> str:
    """The file's PEP 263 encoding, from the text the editor holds."""
    head = "".join(_lines(text)[:2]).encode("utf-8", errors="ignore")
    try:
        return tokenize.detect_encoding(io.BytesIO(head).readline)[0]
    except SyntaxError:
        return "utf-8"


def _path(uri: str) -> Optional[str]:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return str(Path(unquote(parsed.path)))
