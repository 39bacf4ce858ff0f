"""The editor server, driven by a real client over pipes: ``plainspeak lsp`` runs as a
subprocess with the checkout's code, and pygls's client talks to it as an editor would.

Tests about what the server does with a document share one server (``shared_editor``), each with
its own documents and settings in its own folder; a test about what the editor can do, or about
where the server's workspace is, starts its own."""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from plainspeak.lsp.actions import allow_edit
from plainspeak.lsp.convert import Text

from conftest import checkout_env

TEXT = "# Our service\n\nWe housed three heroin users with the MARAC team.\n"


class Editor:
    """A small editor: holds the text, sends changes, applies edits, waits for diagnostics."""

    def __init__(self, folder: Path, resource_operations: bool = False):
        self.folder = folder
        self.client = LanguageClient("test-editor", "1")
        self.published: asyncio.Queue = asyncio.Queue()
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.resource_operations = resource_operations

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params):
            self.published.put_nowait(params)

    async def start(self):
        env = checkout_env()
        await self.client.start_io(sys.executable, "-m", "plainspeak", "lsp", env=env, cwd=str(self.folder))
        ops = [types.ResourceOperationKind.Create] if self.resource_operations else []
        caps = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True, resource_operations=ops)))
        await self.client.initialize_async(types.InitializeParams(
            capabilities=caps, root_uri=self.folder.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=self.folder.as_uri(), name="work")]))
        self.client.initialized(types.InitializedParams())

    async def stop(self):
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def open(self, name: str | Path, text: str, language: str = "markdown") -> str:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        self.texts[uri], self.versions[uri] = text, 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
        return uri

    async def diagnostics(self, uri: str, timeout: float = 120) -> list[types.Diagnostic]:
        while True:
            params = await asyncio.wait_for(self.published.get(), timeout)
            if params.uri == uri:
                return params.diagnostics

    def change(self, uri: str, edits: list[types.TextEdit]) -> None:
        """Apply edits to our copy and send them as incremental changes, last first."""
        for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            text = Text(self.texts[uri])
            start, end = text.offset_of(e.range.start), text.offset_of(e.range.end)
            self.texts[uri] = self.texts[uri][:start] + e.new_text + self.texts[uri][end:]
            self.versions[uri] += 1
            self.client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)]))

    async def actions(self, uri: str, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
        return await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics)))


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 600))


class Background:
    """An event loop in a thread of its own, so that one editor (and its server) outlives a test."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro):
        return asyncio.run_coroutine_threadsafe(asyncio.wait_for(coro, 600), self.loop).result()

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


@pytest.fixture(scope="module")
def shared_editor(tmp_path_factory):
    """An editor with the server started, shared by this file's tests: ``shared_editor.run(coro)``
    runs a test's steps on its event loop."""
    background = Background()

    async def start():
        editor = Editor(tmp_path_factory.mktemp("workspace"))
        await editor.start()
        return editor

    editor = background.run(start())
    editor.run = background.run
    try:
        yield editor
    finally:
        try:
            background.run(editor.stop())
        finally:
            background.close()


def by_code(diags, code):
    return [d for d in diags if d.code == code]


def test_diagnostics_code_actions_and_edits(tmp_path, shared_editor):
    async def scenario(editor):
        uri = editor.open(tmp_path / "notes.md", TEXT)
        diags = await editor.diagnostics(uri)
        # one label, one rule: "heroin users" is PS302's (substance-use labels), not PS301's
        label, = by_code(diags, "PS302")
        acronym, = by_code(diags, "PS101")
        # Line 3 (0-based 2): "We housed three heroin users with the MARAC team."
        assert (label.range.start.line, label.range.start.character, label.range.end.character) == (2, 16, 28)
        assert (acronym.range.start.line, acronym.range.start.character, acronym.range.end.character) == (2, 38, 43)
        assert label.code_description.href.endswith(".yaml") and "PS302" in label.code_description.href
        assert by_code(diags, "readability"), "one readability note per section"

        hover = await editor.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=label.range.start))
        assert "PS302" in hover.contents.value and "Sources:" in hover.contents.value
        assert "people who use heroin" in hover.contents.value

        actions = await editor.actions(uri, [label])
        titles = [a.title for a in actions]
        assert "Replace with “people who use heroin”" in titles
        assert "Ignore PS302 here" in titles
        replace = next(a for a in actions if a.title == "Replace with “people who use heroin”")
        editor.change(uri, replace.edit.changes[uri])
        assert "three people who use heroin with" in editor.texts[uri]
        after = await editor.diagnostics(uri)
        assert not by_code(after, "PS302") and by_code(after, "PS101")

        acronym, = by_code(after, "PS101")
        ignore = next(a for a in await editor.actions(uri, [acronym]) if a.title == "Ignore PS101 here")
        editor.change(uri, ignore.edit.changes[uri])
        assert "<!-- plainspeak-ignore-next-line PS101 -->\nWe housed" in editor.texts[uri]
        final = await editor.diagnostics(uri)
        assert not by_code(final, "PS101") and not by_code(final, "PS001")

    shared_editor.run(scenario(shared_editor))


def test_allow_acronym_in_the_settings_file(tmp_path, shared_editor):
    (tmp_path / ".plainspeak.toml").write_text('fail-on = "warning"\n', encoding="utf-8")

    async def scenario(editor):
        uri = editor.open(tmp_path / "notes.md", TEXT)
        acronym, = by_code(await editor.diagnostics(uri), "PS101")
        allow = next(a for a in await editor.actions(uri, [acronym]) if a.title.startswith("Allow “MARAC”"))
        settings_uri = (tmp_path / ".plainspeak.toml").as_uri()
        edits = allow.edit.changes[settings_uri]
        settings = Text((tmp_path / ".plainspeak.toml").read_text(encoding="utf-8"))
        new = settings.source
        for e in edits:
            new = new[:settings.offset_of(e.range.start)] + e.new_text + new[settings.offset_of(e.range.end):]
        (tmp_path / ".plainspeak.toml").write_text(new, encoding="utf-8")  # the editor saves it
        assert 'allow-acronyms = ["MARAC"]' in new
        editor.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        after = await editor.diagnostics(uri)
        assert not by_code(after, "PS101") and by_code(after, "PS302")  # "heroin users": PS302

    shared_editor.run(scenario(shared_editor))


def test_allow_acronym_creates_a_settings_file_when_the_editor_can(tmp_path):
    async def scenario():
        editor = Editor(tmp_path, resource_operations=True)
        await editor.start()
        try:
            uri = editor.open("notes.md", TEXT)
            acronym, = by_code(await editor.diagnostics(uri), "PS101")
            allow = next(a for a in await editor.actions(uri, [acronym]) if a.title.startswith("Allow “MARAC”"))
            create, edit = allow.edit.document_changes
            assert create.kind == "create" and create.uri == (tmp_path / ".plainspeak.toml").as_uri()
            assert 'allow-acronyms = ["MARAC"]' in edit.edits[0].new_text
        finally:
            await editor.stop()

    run(scenario())


def test_a_long_document_gets_the_edited_paragraph_first(tmp_path, shared_editor):
    paragraphs = [f"Paragraph {i} says what the service does and when it is open." for i in range(400)]
    paragraphs[10] = "We met the rough sleepers in the park."
    text = "# Long\n\n" + "\n\n".join(paragraphs) + "\n"

    async def scenario(editor):
        uri = editor.open(tmp_path / "long.md", text)
        first = await editor.diagnostics(uri)
        assert [d.range.start.line for d in by_code(first, "PS301")] == [22]
        line = 2 + 2 * 300  # paragraph 300
        editor.change(uri, [types.TextEdit(range=types.Range(start=types.Position(line, 0),
                                                             end=types.Position(line, 0)),
                                           new_text="Three heroin users came in. ")])
        quick = await editor.diagnostics(uri)
        # "heroin users" is PS302's (one label, one rule)
        labels = sorted(d.range.start.line for d in by_code(quick, "PS301") + by_code(quick, "PS302"))
        assert labels == [22, line], "the edited paragraph is checked, the earlier finding kept"
        full = await editor.diagnostics(uri)  # then the whole document again
        assert sorted(d.range.start.line for d in by_code(full, "PS301") + by_code(full, "PS302")) == [22, line]
        assert by_code(full, "readability")

    shared_editor.run(scenario(shared_editor))


def test_columns_are_counted_as_editors_count_them(tmp_path, shared_editor):
    async def scenario(editor):
        uri = editor.open(tmp_path / "emoji.md", "# Hi\n\n🏠 We helped rough sleepers.\n")
        label, = by_code(await editor.diagnostics(uri), "PS301")
        # "🏠" is two UTF-16 code units: "rough" starts at character 13, not 12.
        assert (label.range.start.character, label.range.end.character) == (13, 27)

    shared_editor.run(scenario(shared_editor))


@pytest.mark.parametrize("before,pyproject,after", [
    ('fail-on = "warning"\n', False, 'fail-on = "warning"\nallow-acronyms = ["MARAC"]\n'),
    ('allow-acronyms = ["NHS"]\n', False, 'allow-acronyms = ["NHS", "MARAC"]\n'),
    ('allow-acronyms = [\n    "NHS",\n]\n', False, 'allow-acronyms = [\n    "NHS",\n    "MARAC",\n]\n'),
    ('fail-on = "info"\n\n[[overrides]]\nfiles = ["a/**"]\n', False,
     'fail-on = "info"\n\nallow-acronyms = ["MARAC"]\n[[overrides]]\nfiles = ["a/**"]\n'),
    ('[project]\nname = "x"\n\n[tool.plainspeak]\nfail-on = "info"\n', True,
     '[project]\nname = "x"\n\n[tool.plainspeak]\nallow-acronyms = ["MARAC"]\nfail-on = "info"\n'),
])
def test_allow_edit_keeps_the_settings_file_valid(before, pyproject, after):
    import tomllib

    lines = before.split("\n")
    e = allow_edit(lines, "MARAC", pyproject=pyproject)
    text = Text(before)
    new = before[:text.offset_of(e.range.start)] + e.new_text + before[text.offset_of(e.range.end):]
    assert new == after
    data = tomllib.loads(new)
    table = data["tool"]["plainspeak"] if pyproject else data
    assert "MARAC" in table["allow-acronyms"]
    assert allow_edit(new.split("\n"), "MARAC", pyproject=pyproject) is None  # already there
