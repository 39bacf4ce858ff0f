"""The staff page (check a document, see the findings in place, download copies), the rule pages,
and ``POST /api/check`` for programs.

A document comes as the form field ``file`` (a Word, PDF, Markdown or text file) or ``text``
(pasted, checked as Markdown or plain text as ``text_format`` says). Nothing is kept: every
download sends the document again, and each response is built from it and then forgotten.
"""

from __future__ import annotations

import os
import re
import tempfile

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from plainspeak.serve.pages import message, page, read_form

FORMATS_WORDS = "a Word (.docx), PDF, Markdown (.md) or text (.txt) file"
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}


class NoDocument(Exception):
    """The form holds neither a file nor any pasted text."""


class Upload:
    """One document from a form: its bytes, a name to show, and its format (None: from the name)."""

    def __init__(self, data: bytes, name: str, fmt: str | None):
        self.data, self.name, self.fmt = data, name, fmt


async def upload_of(form) -> Upload:
    file = form.get("file")
    if file is not None and not isinstance(file, str) and (file.filename or "").strip():
        data = await file.read()
        await file.close()
        return Upload(data, _safe_name(file.filename), None)
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        fmt = "text" if form.get("text_format") == "text" else "markdown"
        return Upload(text.replace("\r\n", "\n").encode("utf-8"), "pasted text" + (".txt" if fmt == "text" else ".md"),
                      fmt)
    raise NoDocument()


def _safe_name(name: str) -> str:
    """The file's own name without any folders, as shown on the page and in downloads."""
    name = re.split(r"[\\/]", name)[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:200] or "document"


def _check(request: Request, up: Upload, with_document: bool = True):
    """The FileReport of the upload (and its Document, for showing the text), off the event loop."""
    checking = request.app.state.checking

    def work():
        from plainspeak.model import FileReport

        with checking.lock:
            checking.fresh()
            job = checking.job
            try:
                report = job.check_bytes(up.data, up.name, up.fmt)
            except MemoryError:
                return FileReport(path=up.name, format=up.fmt, error="the file needs too much memory to read"), None
            document = _document(job, up) if with_document and not report.error else None
            return report, document

    return run_in_threadpool(work)


def _document(job, up: Upload):
    """The extracted document again, for the page's text (reading is quick next to checking)."""
    from plainspeak.extract import extract_bytes, format_for
    from plainspeak.model import ExtractError

    try:
        return extract_bytes(up.data, up.name, up.fmt or format_for(up.name), job.checker.for_path(up.name).limits)
    except (ExtractError, MemoryError, RecursionError, ValueError):
        return None


def _rules(request: Request) -> list:
    return request.app.state.checking.job.checker.all_rules


async def home(request: Request):
    return page(request, "staff.html", results=None, pasted="", text_format="markdown")


async def check(request: Request):
    from plainspeak.serve.view import build

    form = await read_form(request)
    pasted = form.get("text") if isinstance(form.get("text"), str) else ""
    text_format = "text" if form.get("text_format") == "text" else "markdown"
    try:
        up = await upload_of(form)
    except NoDocument:
        return page(request, "staff.html", code=400, results=None, pasted=pasted, text_format=text_format,
                    problem="Choose a file, or paste some text, then press Check.")
    finally:
        await form.close()
    report, document = await _check(request, up)
    results = build(report, document, _rules(request))
    status = 422 if report.error else 200
    return page(request, "staff.html", code=status, results=results, pasted=pasted, text_format=text_format)


def _attachment(data: bytes, filename: str, media: str) -> Response:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return Response(data, media_type=media, headers={
        "content-disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"})


def _stem(name: str) -> str:
    return os.path.splitext(name)[0] or "document"


async def _download_input(request: Request):
    form = await read_form(request)
    try:
        return await upload_of(form), None
    except NoDocument:
        return None, message(request, 400, "Nothing to download",
                             "Choose a file, or paste some text, first.")
    finally:
        await form.close()


async def download_annotated(request: Request):
    up, problem = await _download_input(request)
    if problem:
        return problem
    if up.fmt is not None or not up.name.lower().endswith(".docx"):
        return message(request, 400, "No Word copy for this file",
                       "The copy with comments can only be made from a Word (.docx) file.")
    report, document = await _check(request, up)
    if report.error or document is None:
        return message(request, 422, "This file could not be checked",
                       f"Could not check {up.name}: {report.error or 'it could not be read'}.")

    def work():
        from plainspeak.annotate import annotate

        with tempfile.TemporaryDirectory(prefix="plainspeak-") as folder:  # private (0700), removed at once
            source, target = os.path.join(folder, "original.docx"), os.path.join(folder, "reviewed.docx")
            with open(source, "wb") as fh:
                fh.write(up.data)
            annotate(source, target, document, report.findings)
            with open(target, "rb") as fh:
                return fh.read()

    data = await run_in_threadpool(work)
    return _attachment(data, f"{_stem(up.name)}-reviewed.docx", MEDIA["docx"])


async def download_report(request: Request):
    from plainspeak.report import render

    up, problem = await _download_input(request)
    if problem:
        return problem
    report, document = await _check(request, up)
    documents = {report.path: document} if document is not None else {}
    text = render("html", [report], documents=documents, rules=_rules(request))
    return _attachment(text.encode("utf-8"), f"{_stem(up.name)}-plainspeak-report.html", MEDIA["html"])


async def download_fixed(request: Request):
    up, problem = await _download_input(request)
    if problem:
        return problem
    from plainspeak.extract import format_for

    fmt = up.fmt or format_for(up.name)
    if fmt not in ("markdown", "text"):
        return message(request, 400, "No safe fixes for this file",
                       "Safe fixes are made only in Markdown (.md) and text (.txt) files, and in pasted text.")
    checking = request.app.state.checking

    def work():
        from plainspeak.fix import FixError, plan
        from plainspeak.model import ExtractError

        ending = ".md" if fmt == "markdown" else ".txt"
        with tempfile.TemporaryDirectory(prefix="plainspeak-") as folder, checking.lock:
            checking.fresh()
            path = os.path.join(folder, _stem(up.name) + ending)
            with open(path, "wb") as fh:
                fh.write(up.data)
            try:
                p = plan(path, checking.job.checker)
            except (FixError, ExtractError) as exc:
                return None, str(exc)
            return p, None

    p, error = await run_in_threadpool(work)
    if error:
        return message(request, 422, "No safe fixes for this file", f"Could not fix {up.name}: {error}.")
    ending = ".md" if fmt == "markdown" else ".txt"
    response = _attachment(p.fixed, f"{_stem(up.name)}-fixed{ending}", MEDIA[fmt])
    response.headers["x-plainspeak-swaps"] = str(len(p.edits))
    return response


async def api_check(request: Request):
    """``POST /api/check``: the JSON report (docs/json-report.md) for the multipart field ``file``
    (or ``text``). 200 when the file was checked, 422 when it could not be read (the report's
    ``error`` says why), 400 when no document was sent."""
    from plainspeak.report import render

    form = await read_form(request)
    try:
        up = await upload_of(form)
    except NoDocument:
        return JSONResponse({"error": "send the document as the multipart field 'file' (or text as 'text')"},
                            status_code=400)
    finally:
        await form.close()
    report, _ = await _check(request, up, with_document=False)
    body = render("json", [report], pretty=False)
    return Response(body, status_code=422 if report.error else 200, media_type="application/json")


async def rules_page(request: Request):
    return page(request, "rules.html", rules=_rules(request))


async def rule_page(request: Request):
    from plainspeak.rules import find_rule

    rule = find_rule(_rules(request), request.path_params["code"])
    if rule is None:
        return message(request, 404, "No such rule", "There is no rule with this code or name.")
    return page(request, "rule.html", rule=rule)


def routes() -> list:
    return [
        Route("/", home, methods=["GET"]),
        Route("/check", check, methods=["POST"]),
        Route("/download/annotated", download_annotated, methods=["POST"]),
        Route("/download/report", download_report, methods=["POST"]),
        Route("/download/fixed", download_fixed, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/rules", rules_page, methods=["GET"]),
        Route("/rules/{code}", rule_page, methods=["GET"]),
    ]
