"""Where a report goes (plainspeak.report.output): text and kept UTF-8 bytes in the order given,
bytes held while more comes at once, a file written whole or not at all."""

from __future__ import annotations

import io
import sys

import pytest

from plainspeak.report.output import Output


def stdout_like(monkeypatch, encoding="utf-8"):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, newline="\n", write_through=False)
    monkeypatch.setattr(sys, "stdout", stream)
    return raw


@pytest.mark.parametrize("streams", [True, False])
def test_text_and_bytes_keep_their_order_on_standard_output(monkeypatch, streams):
    raw = stdout_like(monkeypatch)
    out = Output(None, streams)
    out.write("start ")
    out.write("café ".encode(), soon=True)
    out.write("“b” ".encode(), soon=True)
    assert raw.getvalue() == (b"start " if streams else b"")  # bytes held while more comes at once
    out.write("middle ")
    out.write(b"end", soon=False)
    out.finish()
    assert raw.getvalue().decode() == "start café “b” middle end"


def test_bytes_to_a_stream_that_is_not_utf8_are_written_as_text(monkeypatch):
    raw = stdout_like(monkeypatch, encoding="latin-1")
    out = Output(None, True)
    out.write("café ".encode())
    out.write("x")
    out.finish()
    assert raw.getvalue() == "café x".encode("latin-1")


def test_a_report_file_is_written_whole(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    out = Output(str(target))
    out.write("[")
    for i in range(3):
        out.write(f'"é{i}",'.encode(), soon=True)
    out.write('"end"]')
    assert target.read_text(encoding="utf-8") == "old"  # the old report stays until the new one is whole
    out.finish()
    assert target.read_text(encoding="utf-8") == '["é0","é1","é2","end"]'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_stopped_run_leaves_no_file_but_shows_what_it_did_on_standard_output(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    out = Output(str(target))
    out.write(b"held", soon=True)
    out.abort()
    assert list(tmp_path.iterdir()) == []
    raw = stdout_like(monkeypatch)
    out = Output(None, True)
    out.write(b"done ", soon=True)
    out.write(b"also", soon=True)
    out.abort()
    assert raw.getvalue() == b"done also"
