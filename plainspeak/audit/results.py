"""The audit's results folder.

- ``files.jsonl``: the journal. One line per document: its JSON file report (the same as
  ``check --format json`` gives for it) with its size, time and content hash. It is written
  as each document is done, so an audit that stops part way keeps what it did, and the next
  run skips documents that are already there and unchanged.
- ``documents.csv`` and ``documents.parquet``: one row per document.
- ``findings.parquet``: one row per finding.
- ``summary.html``: the summary page (see summary.py).
- ``audit.json``: what the results were made with (plainspeak's version, the settings), so
  a run with other settings starts again instead of mixing results.

Everything is written from the journal, streaming: memory does not grow with the number of
documents.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Iterator

JOURNAL = "files.jsonl"
PARTIAL = "files.jsonl.part"
STATE = "audit.json"
BATCH = 5000


def read_journal(folder: Path, key: str) -> dict[str, dict]:
    """Records of an earlier audit made with the same settings, by path. A line cut short by a
    stopped run is skipped."""
    try:
        state = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    if state.get("key") != key:
        return {}
    out: dict[str, dict] = {}
    for name in (JOURNAL, PARTIAL):
        try:
            with open(folder / name, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(rec, dict) and "report" in rec:
                        out[rec["report"]["path"]] = rec
        except OSError:
            continue
    return out


class Journal:
    """Appends records to files.jsonl.part as they come, then becomes files.jsonl."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STATE).write_text(json.dumps({"key": key}) + "\n", encoding="utf-8")
        self.fh = open(folder / PARTIAL, "w", encoding="utf-8")

    def add(self, record: dict) -> None:
        self.fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()
        os.replace(self.folder / PARTIAL, self.folder / JOURNAL)


def records(folder: Path) -> Iterator[dict]:
    with open(folder / JOURNAL, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def document_columns(categories: tuple[str, ...], rules: list[str]) -> list[str]:
    return ["path", "format", "words", "reading_age", "reading_ease", *categories, *rules, "error"]


def document_row(report: dict, categories: tuple[str, ...], rules: list[str]) -> dict:
    r = report.get("readability") or {}
    row = {"path": report["path"], "format": report.get("format"), "words": r.get("words"),
           "reading_age": r.get("reading_age"), "reading_ease": r.get("flesch_reading_ease")}
    for c in categories:
        row[c] = 0
    for code in rules:
        row[code] = 0
    for f in report.get("findings", []):
        if f["category"] in row:
            row[f["category"]] += 1
        if f["rule"] in row:
            row[f["rule"]] += 1
    row["error"] = report.get("error")
    return row


def finding_rows(report: dict) -> Iterator[dict]:
    for f in report.get("findings", []):
        loc = f.get("location") or {}
        yield {"path": report["path"], "rule": f["rule"], "name": f["name"], "category": f["category"],
               "severity": f["severity"], "words": f["match"], "suggestions": list(f.get("suggestions") or []),
               "message": f["message"], "line": loc.get("line"), "column": loc.get("column"),
               "page": loc.get("page"), "paragraph": loc.get("paragraph"), "section": loc.get("section")}


def write_tables(folder: Path, categories: tuple[str, ...], rules: list[str], summary) -> int:
    """Write documents.csv, documents.parquet and findings.parquet from the journal, and feed
    each document to ``summary``. Returns the number of documents."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = document_columns(categories, rules)
    doc_schema = pa.schema([("path", pa.string()), ("format", pa.string()), ("words", pa.int64()),
                            ("reading_age", pa.float64()), ("reading_ease", pa.float64()),
                            *[(c, pa.int64()) for c in (*categories, *rules)], ("error", pa.string())])
    finding_schema = pa.schema([("path", pa.string()), ("rule", pa.string()), ("name", pa.string()),
                                ("category", pa.string()), ("severity", pa.string()), ("words", pa.string()),
                                ("suggestions", pa.list_(pa.string())), ("message", pa.string()),
                                ("line", pa.int64()), ("column", pa.int64()), ("page", pa.int64()),
                                ("paragraph", pa.int64()), ("section", pa.string())])
    count = 0
    docs_batch: list[dict] = []
    found_batch: list[dict] = []
    with open(folder / "documents.csv.part", "w", newline="", encoding="utf-8") as fh, \
            pq.ParquetWriter(folder / "documents.parquet.part", doc_schema) as docs_pq, \
            pq.ParquetWriter(folder / "findings.parquet.part", finding_schema) as found_pq:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()

        def flush() -> None:
            if docs_batch:
                docs_pq.write_table(pa.Table.from_pylist(docs_batch, schema=doc_schema))
                docs_batch.clear()
            if found_batch:
                found_pq.write_table(pa.Table.from_pylist(found_batch, schema=finding_schema))
                found_batch.clear()

        for rec in records(folder):
            report = rec["report"]
            row = document_row(report, categories, rules)
            writer.writerow(row)
            docs_batch.append(row)
            found_batch.extend(finding_rows(report))
            summary.add(report, row)
            count += 1
            if len(docs_batch) >= BATCH or len(found_batch) >= BATCH:
                flush()
        flush()
    for name in ("documents.csv", "documents.parquet", "findings.parquet"):
        os.replace(folder / f"{name}.part", folder / name)
    return count
