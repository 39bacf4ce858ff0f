"""``plainspeak lsp``: a language server, so editors show plainspeak's findings as people type.

It speaks the Language Server Protocol over standard input and output, for Markdown and
text files. It uses the same settings file, glossary and rules as ``plainspeak check``,
through the job API (:mod:`plainspeak.run`).

- Diagnostics on open and on each change, after a short pause in typing. In a long
  document the changed paragraphs are checked first and shown at once; the whole document
  is checked again after that, for findings that depend on the rest (acronyms spelled out
  earlier, readability).
- Each diagnostic has the rule's code and a link to the rule's file; the hover shows why,
  the words to use instead and the glossary entry's sources.
- Code actions are plain edits that work in every editor: replace the words with each
  suggestion; ignore this finding here (inserts plainspeak's own directive comment, in
  Markdown); allow this acronym in this repository (adds it to ``allow-acronyms`` in the
  settings file, creating ``.plainspeak.toml`` if there is none).
- Readability: one information diagnostic per section, on its heading.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from plainspeak import __version__
from plainspeak.extract.formats import EXTENSIONS
from plainspeak.extract.formats import FORMATS as INPUT_FORMATS
from plainspeak.lsp.convert import SOURCE, Text, diagnostic, hover_text, path_of, place

DEBOUNCE_SECONDS = 0.25  # wait for a pause in typing before checking
LONG_DOCUMENT_LINES = 300  # longer documents get the changed paragraphs checked first
FULL_CHECK_AFTER = 0.75  # seconds after a quick region check, the whole document is checked
REGION_CATEGORIES = {"deficit-label", "jargon"}  # findings a paragraph can show on its own
# Files an editor edits as text: the input formats whose findings have lines (extract/formats.py).
FORMATS = {ending: name for ending, name in EXTENSIONS.items() if INPUT_FORMATS[name].has_lines}
LANGUAGES = {"markdown": "markdown", "plaintext": "text", "text": "text"}


class PlainspeakServer(LanguageServer):
    def __init__(self):
        super().__init__("plainspeak", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self._jobs: dict[str, tuple[float, object]] = {}  # settings file -> (its mtime, Job)
        self._tasks: dict[str, asyncio.Task] = {}
        self._lock = asyncio.Lock()
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self._languages: dict[str, str] = {}
        self.checks_done = 0  # for tests and benchmarks

    # -- settings -----------------------------------------------------------------------
    def settings_file(self, uri: str) -> Path | None:
        from plainspeak.config import find

        folder = Path(path_of(uri)).parent
        return find(folder if folder.is_dir() else None)

    def job_for(self, uri: str):
        """The job for a document: one per settings file, made again when the file changes."""
        from plainspeak.run import Job, Settings

        found = self.settings_file(uri)
        key = str(found) if found else ""
        mtime = found.stat().st_mtime if found else 0.0
        cached = self._jobs.get(key)
        if cached is None or cached[0] != mtime:
            cached = (mtime, Job(Settings(config=key or None)))
            self._jobs[key] = cached
        return cached[1]

    def format_of(self, uri: str) -> str | None:
        fmt = FORMATS.get(os.path.splitext(path_of(uri))[1].lower())
        return fmt or LANGUAGES.get(self._languages.get(uri, ""))

    # -- checking -----------------------------------------------------------------------
    def schedule(self, uri: str, region: tuple[int, int] | None = None, delay: float = DEBOUNCE_SECONDS) -> None:
        old = self._tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        self._tasks[uri] = asyncio.get_running_loop().create_task(self._run(uri, region, delay))

    async def _run(self, uri: str, region: tuple[int, int] | None, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            if region is not None:
                await self._check(uri, region)
                await asyncio.sleep(FULL_CHECK_AFTER)
            await self._check(uri, None)
        except asyncio.CancelledError:
            pass

    async def _check(self, uri: str, region: tuple[int, int] | None) -> None:
        fmt = self.format_of(uri)
        if fmt is None:
            return
        document = self.workspace.get_text_document(uri)
        source = document.source
        text = Text(source)
        async with self._lock:
            from plainspeak.run import SettingsError

            try:
                job = self.job_for(uri)
                if region is None:
                    new = await asyncio.to_thread(self._full, job, uri, source, fmt, text)
                else:
                    new = await asyncio.to_thread(self._region, job, uri, source, fmt, text, region)
            except SettingsError as exc:
                self.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"plainspeak: {exc}"))
                return
        if self.workspace.get_text_document(uri).source != source:
            return  # the text changed while we checked; the next check will publish
        self.diagnostics[uri] = new
        self.checks_done += 1
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=new, version=document.version))

    def _context(self, job):
        rules = {r.code: r.path for r in job.checker.all_rules}
        return rules

    def _full(self, job, uri: str, source: str, fmt: str, text: Text) -> list[types.Diagnostic]:
        name = path_of(uri)
        report = job.check_text(source, name, fmt)
        if report.error:
            return [types.Diagnostic(range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
                                     message=f"plainspeak could not check this file: {report.error}",
                                     severity=types.DiagnosticSeverity.Error, source=SOURCE)]
        rules = self._context(job)
        out = []
        for f in report.findings:
            p = place(f, text)
            if p is not None:
                out.append(diagnostic(p, text, rules, {}))
        out.extend(self._readability(job, report, source, fmt, name, text))
        return out

    def _region(self, job, uri: str, source: str, fmt: str, text: Text,
                region: tuple[int, int]) -> list[types.Diagnostic]:
        """Check the changed paragraphs alone; keep the other diagnostics, moved with the text."""
        first, last = region
        region_text = source[text.starts[first]:(text.starts[last + 1] if last + 1 < text.lines else len(source))]
        report = job.check_text(region_text, path_of(uri), fmt)
        rules = self._context(job)
        fresh = []
        for f in report.findings:
            if f.category not in REGION_CATEGORIES or f.location.line is None:
                continue
            p = place(f, text, line_offset=first)
            if p is not None:
                fresh.append(diagnostic(p, text, rules, {}))
        kept = [d for d in self.diagnostics.get(uri, []) if not first <= d.range.start.line <= last]
        return sorted(kept + fresh, key=lambda d: (d.range.start.line, d.range.start.character))

    def _readability(self, job, report, source: str, fmt: str, name: str, text: Text) -> list[types.Diagnostic]:
        """One information diagnostic per section, on its heading."""
        sections = (report.readability or {}).get("sections") or []
        if len(sections) < 1:
            return []
        from plainspeak.extract import extract_bytes
        from plainspeak.model import HEADING, ExtractError

        try:
            document = extract_bytes(source.encode("utf-8"), name, fmt)
        except ExtractError:
            return []
        heading_lines: dict[str, int] = {}
        for block in document.blocks:
            if block.kind == HEADING and block.text not in heading_lines:
                loc = document.locate(block, 0)
                if loc.line is not None:
                    heading_lines[block.text] = loc.line - 1
        out = []
        for s in sections:
            age, ease = s.get("reading_age"), s.get("flesch_reading_ease")
            if age is None:
                continue
            line = heading_lines.get(s.get("section") or "", 0) if s.get("section") else 0
            length = len(text.line_text(line)) if line < text.lines else 0
            where = f"section '{s['section']}'" if s.get("section") else "the text before the first heading"
            message = (f"Readability of {where}: reading age about {age:.0f}, reading ease "
                       f"{ease:.0f} out of 100 ({s.get('words', 0)} words).")
            out.append(types.Diagnostic(
                range=types.Range(start=text.position(text.starts[line]),
                                  end=text.position(text.starts[line] + length)),
                message=message, severity=types.DiagnosticSeverity.Information, code="readability",
                source=SOURCE))
        return out


server = PlainspeakServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PlainspeakServer, params: types.DidOpenTextDocumentParams) -> None:
    ls._languages[params.text_document.uri] = params.text_document.language_id
    ls.schedule(params.text_document.uri, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PlainspeakServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    source = ls.workspace.get_text_document(uri).source
    lines = source.count("\n") + 1
    region = None
    if lines > LONG_DOCUMENT_LINES and params.content_changes:
        region = _changed_region(source, params.content_changes)
        # Old diagnostics below the change move with the text.
        delta = _line_delta(params.content_changes)
        if delta:
            for d in ls.diagnostics.get(uri, []):
                if d.range.start.line > region[0]:
                    d.range.start.line += delta
                    d.range.end.line += delta
    ls.schedule(uri, region)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PlainspeakServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PlainspeakServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls._tasks.pop(uri, None)
    if task:
        task.cancel()
    ls.diagnostics.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _changed_region(source: str, changes) -> tuple[int, int]:
    """The lines of the paragraphs an edit touched (from blank line to blank line)."""
    lines = source.split("\n")
    first, last = len(lines), 0
    for c in changes:
        if isinstance(c, types.TextDocumentContentChangePartial):
            start = c.range.start.line
            end = start + c.text.count("\n")
        else:
            start, end = 0, len(lines) - 1
        first, last = min(first, start), max(last, end)
    first = max(0, min(first, len(lines) - 1))
    last = max(first, min(last, len(lines) - 1))
    while first > 0 and lines[first - 1].strip() and last - first < 200:
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].strip() and last - first < 200:
        last += 1
    return first, last


def _line_delta(changes) -> int:
    delta = 0
    for c in changes:
        if isinstance(c, types.TextDocumentContentChangePartial):
            delta += c.text.count("\n") - (c.range.end.line - c.range.start.line)
    return delta


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: PlainspeakServer, params: types.HoverParams) -> types.Hover | None:
    pos = params.position
    for d in ls.diagnostics.get(params.text_document.uri, []):
        if not isinstance(d.data, dict) or not _inside(pos, d.range):
            continue
        job = ls.job_for(params.text_document.uri)
        from plainspeak.rules import find_rule

        rule = find_rule(job.checker.all_rules, d.data.get("rule", ""))
        entry = None
        if d.data.get("entry"):
            entry = next((e for e in job.checker.glossary.entries if e.id == d.data["entry"]), None)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value=hover_text(d.data, rule, entry)),
                           range=d.range)
    return None


def _inside(pos: types.Position, rng: types.Range) -> bool:
    return (rng.start.line, rng.start.character) <= (pos.line, pos.character) <= (rng.end.line, rng.end.character)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_actions(ls: PlainspeakServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    from plainspeak.lsp.actions import actions_for

    return actions_for(ls, params)


def main() -> int:
    server.start_io()
    return 0
