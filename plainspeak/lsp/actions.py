"""Code actions of ``plainspeak lsp``: plain workspace edits, so every editor can apply them.

- "Replace with ...": one action for each suggestion of a finding.
- "Ignore here": in Markdown, insert ``<!-- plainspeak-ignore-next-line PS301 -->`` on the
  line before (plainspeak's own directive, see plainspeak/suppress.py).
- "Allow ... in this repository": for an acronym, add it to ``allow-acronyms`` in the
  settings file (.plainspeak.toml, or [tool.plainspeak] in pyproject.toml), creating
  .plainspeak.toml when there is none.
"""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types

from plainspeak.lsp.convert import SOURCE, path_of

_ALLOW_LINE = re.compile(r"^(\s*allow-acronyms\s*=\s*\[)(.*?)(\]\s*(?:#.*)?)$")
_ALLOW_START = re.compile(r"^\s*allow-acronyms\s*=\s*\[")
_TABLE = re.compile(r"^\s*\[")


def actions_for(ls, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    out: list[types.CodeAction] = []
    fmt = ls.format_of(uri)
    for d in params.context.diagnostics:
        if d.source != SOURCE or not isinstance(d.data, dict):
            continue
        rule = d.data.get("rule", "")
        for s in d.data.get("suggestions") or []:
            out.append(types.CodeAction(
                title=f"Replace with “{s}”", kind=types.CodeActionKind.QuickFix, diagnostics=[d],
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=d.range, new_text=s)]})))
        if fmt == "markdown" and rule:
            line = d.range.start.line
            document = ls.workspace.get_text_document(uri)
            lines = document.source.split("\n")
            indent = re.match(r"\s*", lines[line]).group(0) if line < len(lines) else ""
            out.append(types.CodeAction(
                title=f"Ignore {rule} here", kind=types.CodeActionKind.QuickFix, diagnostics=[d],
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(
                    range=types.Range(start=types.Position(line, 0), end=types.Position(line, 0)),
                    new_text=f"{indent}<!-- plainspeak-ignore-next-line {rule} -->\n")]})))
        if d.data.get("category") == "acronym" and d.data.get("match"):
            action = _allow_acronym(ls, uri, d)
            if action is not None:
                out.append(action)
    return out


def _allow_acronym(ls, uri: str, d: types.Diagnostic) -> types.CodeAction | None:
    acronym = d.data["match"].strip()
    found = ls.settings_file(uri)
    title = f"Allow “{acronym}” in this repository"
    if found is None:
        root = _root(ls, uri)
        target = root / ".plainspeak.toml"
        content = f'# plainspeak settings\nallow-acronyms = ["{acronym}"]\n'
        if not _can_create(ls):
            return None
        edit = types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=target.as_uri(), options=types.CreateFileOptions(ignore_if_exists=True)),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target.as_uri(), version=None),
                edits=[types.TextEdit(range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
                                      new_text=content)]),
        ])
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[d], edit=edit)
    lines = found.read_text(encoding="utf-8").split("\n")
    text_edit = allow_edit(lines, acronym, pyproject=found.name == "pyproject.toml")
    if text_edit is None:
        return None
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[d],
                            edit=types.WorkspaceEdit(changes={found.as_uri(): [text_edit]}))


def allow_edit(lines: list[str], acronym: str, pyproject: bool = False) -> types.TextEdit | None:
    """The edit that adds ``acronym`` to ``allow-acronyms`` in a settings file's lines, or None
    when it is there already."""
    quoted = f'"{acronym}"'
    start_table, end_table = 0, len(lines)
    if pyproject:
        start_table = next((i + 1 for i, x in enumerate(lines) if x.strip() == "[tool.plainspeak]"), None)
        if start_table is None:
            return None
        end_table = next((i for i in range(start_table, len(lines)) if _TABLE.match(lines[i])), len(lines))
    else:
        end_table = next((i for i, x in enumerate(lines) if _TABLE.match(x)), len(lines))
    for i in range(start_table, end_table):
        m = _ALLOW_LINE.match(lines[i])
        if m:
            items = m.group(2).strip().rstrip(",").strip()
            if re.search(rf'["\']{re.escape(acronym)}["\']', items):
                return None
            new = f"{m.group(1)}{items + ', ' if items else ''}{quoted}{m.group(3)}"
            return types.TextEdit(range=types.Range(start=types.Position(i, 0), end=types.Position(i, len(lines[i]))),
                                  new_text=new)
        if _ALLOW_START.match(lines[i]):  # a list over several lines: add an item before the ]
            for j in range(i + 1, end_table):
                if re.search(rf'["\']{re.escape(acronym)}["\']', lines[j]):
                    return None
                if lines[j].strip().startswith("]"):
                    return types.TextEdit(range=types.Range(start=types.Position(j, 0), end=types.Position(j, 0)),
                                          new_text=f"    {quoted},\n")
            return None
    at = start_table if pyproject else end_table
    if at >= len(lines) or (at == len(lines) - 1 and lines[-1] == ""):
        # At the end of the file: insert on its last line (empty when the file ends with a line break).
        at = len(lines) - 1
        if lines[at] != "":
            return types.TextEdit(range=types.Range(start=types.Position(at, len(lines[at])),
                                                    end=types.Position(at, len(lines[at]))),
                                  new_text=f"\nallow-acronyms = [{quoted}]\n")
    return types.TextEdit(range=types.Range(start=types.Position(at, 0), end=types.Position(at, 0)),
                          new_text=f"allow-acronyms = [{quoted}]\n")


def _root(ls, uri: str) -> Path:
    folders = getattr(ls.workspace, "folders", None) or {}
    doc = Path(path_of(uri))
    for folder in folders.values() if isinstance(folders, dict) else folders:
        root = Path(path_of(folder.uri))
        if root in doc.parents:
            return root
    root_uri = getattr(ls.workspace, "root_uri", None)
    if root_uri:
        return Path(path_of(root_uri))
    return doc.parent


def _can_create(ls) -> bool:
    caps = ls.client_capabilities
    try:
        ops = caps.workspace.workspace_edit.resource_operations or []
    except AttributeError:
        return False
    return types.ResourceOperationKind.Create in ops
