"""The glossary reviewers' pages: browse and search the glossary, read one entry, try a sentence
against it, and propose a new entry or a change.

A proposal is checked field by field first (the messages stand next to the fields), then as
``plainspeak glossary check`` would (clashes with other entries, examples that do not behave).
It is saved with status ``proposed`` in the folder the server was started with
(``--glossary DIR``); without one, it is offered as a file to download. Nothing is ever written
into the installed package.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from plainspeak.serve import entries
from plainspeak.serve.pages import message, page, read_form

CATEGORY_WORDS = {
    "deficit-label": ("Label that describes people by a problem",
                      "a word that sums a person up by a problem or a service"),
    "jargon": ("Jargon", "a word from inside services that many readers will not know"),
    "plain-english": ("Wordy word", "an official or long word with a shorter, everyday swap"),
    "acronym": ("Acronym", "letters that stand for words"),
}
STATUS_WORDS = {"proposed": "Proposed (waiting for review)", "approved": "Approved (used in checks)",
                "retired": "Retired (kept for the record, not used)"}
SOURCE_ROWS_EXTRA = 1  # empty source rows offered after the entry's own sources
MAX_SOURCES = 10


def _listing(request: Request):
    state = request.app.state
    folder_list = entries.folders(state.checking.job.config.glossary, state.own_glossary)
    return entries.listing(folder_list, state.own_glossary)


def _find(request: Request, key: str):
    found, _ = _listing(request)
    return next((x for x in found if x.key == key), None)


def _lines(text) -> list[str]:
    return [" ".join(x.split()) for x in str(text or "").splitlines() if x.strip()]


def _one(form, name: str) -> str:
    value = form.get(name)
    return " ".join(value.split()) if isinstance(value, str) else ""


async def glossary_page(request: Request):
    q = " ".join(request.query_params.get("q", "").split())
    category = request.query_params.get("category", "")
    status = request.query_params.get("status", "")
    found, problems = await run_in_threadpool(_listing, request)
    shown = []
    for x in found:
        e = x.entry
        if category and e.category != category or status and e.status != status:
            continue
        if q:
            hay = [e.term, *e.forms, *e.alternatives, e.why]
            if not any(q.lower() in " ".join(h.split()).lower() for h in hay):
                continue
        shown.append(x)
    return page(request, "glossary.html", shown=shown, total=len(found), q=q, category=category, status=status,
                problems=problems, categories=CATEGORY_WORDS, statuses=STATUS_WORDS)


async def entry_page(request: Request):
    key = request.path_params["key"]
    listed = await run_in_threadpool(_find, request, key)
    if listed is None:
        return message(request, 404, "No such entry", "There is no glossary entry at this address.")
    tried = None
    sentence = ""
    if request.method == "POST":
        form = await read_form(request)
        sentence = form.get("sentence") if isinstance(form.get("sentence"), str) else ""
        await form.close()
        if sentence.strip():
            checking = request.app.state.checking

            def work():
                with checking.lock:
                    checking.fresh()
                    return entries.try_sentence(checking.reviewer(), listed.entry, sentence)

            flagged, findings = await run_in_threadpool(work)
            mine = [f for f in findings if f.entry == listed.entry.id] or \
                   [f for f in findings if flagged and f.category == "acronym"]
            tried = {"flagged": flagged, "mine": mine, "others": [f for f in findings if f not in mine]}
        else:
            tried = {"empty": True}
    return page(request, "entry.html", x=listed, e=listed.entry, categories=CATEGORY_WORDS, statuses=STATUS_WORDS,
                tried=tried, sentence=sentence, file_shown=_shown_path(listed))


def _shown_path(listed) -> str:
    if listed.folder == entries.base_folder() and not listed.own:
        return f"glossary/{Path(listed.key.split('/', 1)[1]).as_posix()} (plainspeak's own glossary)"
    return str(Path(listed.entry.path))


def _values_of(e) -> dict:
    return {"term": e.term, "forms": "\n".join(e.forms), "category": e.category,
            "alternatives": "\n".join(e.alternatives), "why": e.why, "fine_when": e.fine_when or "",
            "severity": e.severity or "", "sources": [(s.organisation, s.document, s.url or "") for s in e.sources],
            "flag_examples": "\n".join(e.flag_examples), "pass_examples": "\n".join(e.pass_examples),
            "proposed_by": "", "safe_fix": e.safe_fix, "locale": e.locale}


EMPTY = {"term": "", "forms": "", "category": "", "alternatives": "", "why": "", "fine_when": "", "severity": "",
         "sources": [], "flag_examples": "", "pass_examples": "", "proposed_by": "", "safe_fix": False,
         "locale": "en-GB"}


def _form_page(request: Request, values: dict, base, status: int = 200, errors: dict | None = None,
               general: list | None = None):
    rows = list(values["sources"])[:MAX_SOURCES]
    rows += [("", "", "")] * max(SOURCE_ROWS_EXTRA, 1 - len(rows))
    return page(request, "propose.html", code=status, v=values, rows=rows, base=base,
                base_hash=entries.file_hash(base.entry.path) if base is not None else "",
                errors=errors or {}, general=general or [], categories=CATEGORY_WORDS)


async def propose_page(request: Request):
    key = request.query_params.get("from", "")
    base = await run_in_threadpool(_find, request, key) if key else None
    if key and base is None:
        return message(request, 404, "No such entry", "There is no glossary entry to change at this address.")
    values = _values_of(base.entry) if base else dict(EMPTY)
    return _form_page(request, values, base)


URL_RE = re.compile(r"^https?://\S+$")


def _read_values(form) -> dict:
    rows = []
    for i in range(MAX_SOURCES):
        org, doc, url = (_one(form, f"source_{part}_{i}") for part in ("organisation", "document", "url"))
        if org or doc or url:
            rows.append((org, doc, url))
    return {"term": _one(form, "term"), "forms": _lines(form.get("forms")), "category": _one(form, "category"),
            "alternatives": _lines(form.get("alternatives")), "why": _one(form, "why"),
            "fine_when": _one(form, "fine_when"), "severity": _one(form, "severity"), "sources": rows,
            "flag_examples": _lines(form.get("flag_examples")), "pass_examples": _lines(form.get("pass_examples")),
            "proposed_by": _one(form, "proposed_by"), "safe_fix": form.get("safe_fix") == "yes",
            "locale": _one(form, "locale") or "en-GB"}


def field_errors(v: dict) -> dict[str, str]:
    """Plain messages for each field that is missing or wrong, by field name."""
    errors = {}
    if not v["term"]:
        errors["term"] = "Write the word or phrase to look out for."
    elif not re.search(r"\w", v["term"]):
        errors["term"] = "The word or phrase needs at least one letter or number."
    elif len(v["term"]) > 100:
        errors["term"] = "This is too long for a term. Write the word or short phrase only."
    if v["category"] not in CATEGORY_WORDS:
        errors["category"] = "Choose which kind of word it is."
    if not v["alternatives"]:
        errors["alternatives"] = "Write at least one thing people could say instead, one on each line."
    if not v["why"]:
        errors["why"] = "Say why this word can be a problem, in one to three short sentences."
    if v["severity"] not in ("", "info", "warning", "error"):
        errors["severity"] = "Choose how serious it is from the list."
    if not v["sources"]:
        errors["source"] = "Give at least one guide that backs this up: the organisation and the guide's name."
    for org, doc, url in v["sources"]:
        if not org or not doc:
            errors["source"] = "Each guide needs both the organisation and the guide's name."
            break
        if url and not URL_RE.match(url):
            errors["source"] = f"The web address '{url}' must start with https:// and have no spaces."
            break
    if not v["flag_examples"]:
        errors["flag_examples"] = "Write at least one sentence that plainspeak should point out."
    if v["safe_fix"] and len(v["alternatives"]) != 1:
        errors["safe_fix"] = "A safe swap needs exactly one thing to say instead. Untick this, or keep one."
    return errors


# YAML key of an entry file -> the form field its problems belong to.
KEY_FIELDS = {"term": "term", "forms": "forms", "category": "category", "alternatives": "alternatives",
              "why": "why", "fine-when": "fine_when", "severity": "severity", "sources": "source",
              "flag": "flag_examples", "pass": "pass_examples", "proposed-by": "proposed_by",
              "safe-fix": "safe_fix"}


def field_at(text: str, line: int | None) -> str | None:
    """The form field that line ``line`` of an entry's file text belongs to."""
    if not line:
        return None
    key = None
    for i, row in enumerate(text.splitlines()[:line], 1):
        m = re.match(r"^( {0,2})([a-z-]+):", row)
        if m and (m.group(1) == "" or m.group(2) in ("flag", "pass")):
            key = m.group(2)
    return KEY_FIELDS.get(key or "")


async def propose(request: Request):
    form = await read_form(request)
    values = _read_values(form)
    key, base_hash = _one(form, "base"), _one(form, "base_hash")
    await form.close()
    base = await run_in_threadpool(_find, request, key) if key else None
    shown = dict(values, forms="\n".join(values["forms"]), alternatives="\n".join(values["alternatives"]),
                 flag_examples="\n".join(values["flag_examples"]), pass_examples="\n".join(values["pass_examples"]))
    errors = field_errors(values)
    if errors:
        return _form_page(request, shown, base, 400, errors)
    entry = entries.draft(values)
    own: Path | None = request.app.state.own_glossary
    name = entries.file_name(entry)
    if base is not None and base.own and base.entry.category == entry.category:
        path = Path(base.entry.path)  # a change to an entry in this folder: the same file
    else:
        path = (own if own is not None else Path("proposed-entries")) / name
    if own is not None and path.exists() and not (base is not None and Path(base.entry.path) == path):
        return _form_page(request, shown, base, 400, {
            "term": f"There is already an entry for this in {path.name}. Open that entry and choose "
                    "'Propose a change' instead."})
    if base is not None and base.own and base_hash and entries.file_hash(base.entry.path) != base_hash:
        return _form_page(request, shown, base, 409, general=[
            "Someone changed this entry's file after you opened the form. Open the entry again to see the "
            "new version, then make your change."])
    checking = request.app.state.checking

    def work():
        with checking.lock:
            return entries.check_draft(entry, path, own)

    text, problems = await run_in_threadpool(work)
    if problems:
        errors, general = {}, []
        for line, text_, other in problems:
            field = "term" if other else field_at(text, line)
            if field and field not in errors:
                errors[field] = _sentence(text_)
            else:
                general.append(_sentence(text_))
        return _form_page(request, shown, base, 400, errors, general)
    if own is None:
        return page(request, "proposed.html", saved=None, yaml=text, filename=path.name, entry=entry,
                    folder_hint=name)
    try:
        entries.write(path, text)
    except OSError as exc:
        return _form_page(request, shown, base, 500, general=[
            f"plainspeak could not save the file {path} ({exc.strerror or exc}). Nothing was changed."])
    return page(request, "proposed.html", saved=str(path), yaml=text, filename=path.name, entry=entry,
                folder_hint=name)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


async def download_entry(request: Request):
    """The proposed entry as a file, when the server has no glossary folder to save it in."""
    form = await read_form(request)
    text = form.get("yaml") if isinstance(form.get("yaml"), str) else ""
    filename = _one(form, "filename")
    await form.close()
    if not re.fullmatch(r"[a-z0-9-]+\.yaml", filename) or entries.reparse(text, filename) is None:
        return message(request, 400, "Nothing to download", "This is not a glossary entry. Fill in the form again.")
    return Response(text.encode("utf-8"), media_type="application/yaml",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


def routes() -> list:
    return [
        Route("/glossary", glossary_page, methods=["GET"]),
        Route("/glossary/entry/{key:path}", entry_page, methods=["GET", "POST"]),
        Route("/glossary/propose", propose_page, methods=["GET"]),
        Route("/glossary/propose", propose, methods=["POST"]),
        Route("/glossary/download", download_entry, methods=["POST"]),
    ]
