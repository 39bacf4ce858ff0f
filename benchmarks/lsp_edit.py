"""How fast the editor server answers an edit in a long document.

Starts ``plainspeak lsp`` with the checkout's code, opens a 5,000-line Markdown document,
then types a deficit label into a paragraph near the end and measures the time until the
first diagnostics for the edited paragraph arrive, and until the whole document has been
checked again. Prints the figures; the goal is under a second for the edited paragraph.

    python benchmarks/lsp_edit.py [--edits 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]


def document(lines: int) -> str:
    out = ["# A long policy", ""]
    n = 0
    while len(out) < lines:
        if n % 40 == 0:
            out += [f"## Part {n // 40 + 1}", ""]
        out += [f"Paragraph {n} says what the service does, who it is for and when it is open.", ""]
        n += 1
    return "\n".join(out[:lines]) + "\n"


async def main(edits: int) -> None:
    folder = Path(tempfile.mkdtemp())
    client = LanguageClient("bench", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _got(params):
        published.put_nowait((time.perf_counter(), params))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    await client.start_io(sys.executable, "-m", "plainspeak", "lsp", env=env, cwd=str(folder))
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         root_uri=folder.as_uri()))
    client.initialized(types.InitializedParams())
    text = document(5000)
    path = folder / "long.md"
    path.write_text(text)
    uri = path.as_uri()
    t0 = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    t1, _ = await published.get()
    print(f"open, first full check of 5,000 lines: {t1 - t0:.2f} s (includes loading the language pipeline)")
    quick, full = [], []
    for i in range(edits):
        line = 4000 + 2 * i
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2 + i),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line, 0), end=types.Position(line, 0)),
                text="We met three rough sleepers. ")]))
        t_quick, _ = await published.get()
        t_full, _ = await published.get()
        quick.append(t_quick - sent)
        full.append(t_full - sent)
    print(f"edited paragraph: median {statistics.median(quick):.2f} s, worst {max(quick):.2f} s "
          f"(includes a {0.25:.2f} s pause for typing)")
    print(f"whole document again: median {statistics.median(full):.2f} s")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=5)
    asyncio.run(main(ap.parse_args().edits))
