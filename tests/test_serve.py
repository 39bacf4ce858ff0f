"""``plainspeak serve``: every page, the API and every safety rule, through Starlette's TestClient.

The app is the real one (the real job, rules and glossary); only the network is the test
client's. tests/test_serve_process.py starts the real server; tests/test_serve_browser.py drives
it with a real browser.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from plainspeak.serve.app import ServeSettings, create_app
from conftest import ROOT, SHARED
from serve_pages import check_page

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
TOKEN = "test-token-123"
POLICY = ROOT / "examples" / "policy.docx"


def _client(app, login: bool = True) -> TestClient:
    c = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    if login:
        r = c.get(f"/?token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303
    return c


@pytest.fixture(scope="module")
def app():
    return create_app(ServeSettings(port=PORT, token=TOKEN))


@pytest.fixture(scope="module")
def client(app):
    return _client(app)


@pytest.fixture(scope="module")
def csrf(client):
    """The CSRF token, read from the page as a browser would."""
    m = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert m
    return m.group(1)


@pytest.fixture()
def own_app(tmp_path):
    """An app started with --glossary pointing at an empty folder of our own."""
    folder = tmp_path / "our-glossary"
    folder.mkdir()
    app = create_app(ServeSettings(port=PORT, token=TOKEN, glossary=str(folder)))
    return app, folder


def _csrf_of(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)


def _notes_of(html: str, number: int) -> str:
    m = re.search(rf'<li class="note [^"]*" id="f{number}">(.*?)</li>', html, re.S)
    assert m, f"no note {number}"
    return m.group(1)


# -- safety: access token, Host, CSRF, size, headers --------------------------------------

@pytest.mark.parametrize("method,path", [("GET", "/"), ("GET", "/glossary"), ("GET", "/static/plainspeak.css"),
                                         ("POST", "/api/check"), ("POST", "/check"), ("GET", "/rules/PS301")])
def test_every_request_needs_the_token(app, method, path):
    c = _client(app, login=False)
    r = c.request(method, path)
    assert r.status_code == 403
    assert "access key" in r.text
    r = c.request(method, path, headers={"X-Plainspeak-Token": "wrong"})
    assert r.status_code == 403


def test_first_visit_keeps_the_token_in_a_cookie_and_drops_it_from_the_address(app):
    c = _client(app, login=False)
    assert c.get("/?token=wrong", follow_redirects=False).status_code == 403
    r = c.get(f"/glossary?q=heroin&token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/glossary?q=heroin"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"plainspeak_token_{PORT}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    r = c.get("/glossary?q=heroin")
    assert r.status_code == 200 and "heroin user" in r.text
    r = _client(app, login=False).get(f"{BASE}//evil.example/?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/evil.example/"  # stays on this server
    # A token in the address of a POST is not enough: forms need the cookie (or programs the header).
    c2 = _client(app, login=False)
    assert c2.post(f"/api/check?token={TOKEN}", files={"file": ("a.md", b"Hello.")}).status_code == 403


def test_programs_use_the_token_header(app):
    c = _client(app, login=False)
    r = c.post("/api/check", headers={"X-Plainspeak-Token": TOKEN}, files={"file": ("a.md", b"We saw heroin users.")})
    assert r.status_code == 200
    assert "people who use heroin" in r.json()["files"][0]["findings"][0]["suggestions"]


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1", f"127.0.0.1:{PORT + 1}",
                                  f"localhost:{PORT + 1}", f"0.0.0.0:{PORT}", f"127.0.0.1.evil.example:{PORT}"])
def test_other_host_names_are_refused_even_with_the_token(client, host):
    r = client.get("/", headers={"Host": host, "X-Plainspeak-Token": TOKEN})
    assert r.status_code == 400
    assert f"http://127.0.0.1:{PORT}/" in r.text


def test_localhost_with_the_port_is_fine(client):
    assert client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200
    assert client.get("/", headers={"Host": f"LOCALHOST:{PORT}"}).status_code == 200


@pytest.mark.parametrize("path,data", [
    ("/check", {"text": "Hello."}),
    ("/download/report", {"text": "Hello."}),
    ("/download/fixed", {"text": "Hello."}),
    ("/glossary/propose", {"term": "x"}),
    ("/glossary/download", {"yaml": "term: x", "filename": "x.yaml"}),
    ("/glossary/entry/0/deficit-label/heroin-user.yaml", {"sentence": "heroin users"}),
])
def test_forms_without_the_csrf_token_are_refused(client, path, data):
    r = client.post(path, data=data)
    assert r.status_code == 403
    assert "form has expired" in r.text
    r = client.post(path, data={**data, "csrf": "not-the-token"})
    assert r.status_code == 403


def test_a_refused_proposal_writes_nothing(own_app):
    app, folder = own_app
    c = _client(app)
    r = c.post("/glossary/propose", data=_proposal(term="pathway plan"))
    assert r.status_code == 403
    assert list(folder.rglob("*")) == []


def test_forms_from_another_site_are_refused_even_with_the_csrf_token(client, csrf):
    r = client.post("/check", data={"csrf": csrf, "text": "Hello."}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/check", data={"csrf": csrf, "text": "Hello."}, headers={"Origin": BASE})
    assert r.status_code == 200


def test_the_token_header_needs_no_csrf_token(app):
    c = _client(app, login=False)
    r = c.post("/download/report", headers={"X-Plainspeak-Token": TOKEN}, data={"text": "We saw heroin users."})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")


def test_uploads_over_the_limit_get_413_and_the_server_goes_on(tmp_path):
    app = create_app(ServeSettings(port=PORT, token=TOKEN, max_upload=5_000))
    c = _client(app)
    csrf = _csrf_of(c)
    big = b"Words and more words. " * 1000  # 22 kB
    r = c.post("/check", data={"csrf": csrf}, files={"file": ("big.md", big)})
    assert r.status_code == 413
    assert "up to 0.005 MB" in r.text and "--max-upload" in r.text
    r = c.post("/api/check", headers={"X-Plainspeak-Token": TOKEN}, files={"file": ("big.md", big)})
    assert r.status_code == 413

    # A body that does not say its length first is stopped as it comes in.
    def chunks():
        for _ in range(50):
            yield b"x" * 1000

    r = c.post("/api/check", headers={"X-Plainspeak-Token": TOKEN, "Content-Type": "multipart/form-data; boundary=b"},
               content=chunks())
    assert r.status_code == 413
    r = c.post("/api/check", headers={"X-Plainspeak-Token": TOKEN}, files={"file": ("small.md", b"Heroin users.")})
    assert r.status_code == 200


def test_the_default_limit_is_25_mb(client):
    r = client.post("/api/check", headers={"Content-Length": str(25_000_001), "X-Plainspeak-Token": TOKEN},
                    content=b"")
    assert r.status_code == 413
    assert "25 MB" in r.text


def test_private_headers_on_every_response(app, client, csrf):
    responses = [client.get("/"), client.get("/static/plainspeak.js"), client.get("/nowhere"),
                 client.post("/api/check", files={"file": ("a.md", b"Hi.")}, headers={"X-Plainspeak-Token": TOKEN}),
                 client.get("/", headers={"Host": "evil.example"}), _client(app, login=False).get("/")]
    for r in responses:
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp  # nothing from elsewhere
        assert r.headers["cache-control"] == "no-store"
        assert r.headers["referrer-policy"] == "same-origin"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_pages_load_nothing_from_elsewhere(client, csrf):
    pages = [client.get("/").text, client.post("/check", data={"csrf": csrf, "text": SAMPLE}).text,
             client.get("/glossary").text, client.get("/glossary/propose").text]
    for html in pages:
        assert not re.search(r'(src|href|action)="(https?:)?//', html)
        assert "<script>" not in html and " style=" not in html and "<style" not in html  # the CSP forbids inline


SAMPLE = "# Support\n\nWe housed three heroin users. The SLA says we utilise the floating support worker.\n"


# -- escaping and hostile files ------------------------------------------------------------

def test_document_text_is_escaped(client, csrf):
    hostile = ('# <script>alert("heading")</script>\n\nWe housed heroin users <img src=x onerror=alert(1)> '
               'and "rough sleepers" & <b>others</b>.\n')
    r = client.post("/check", data={"csrf": csrf, "text": hostile})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img src=x" not in r.text and "<b>others" not in r.text
    assert "&lt;script&gt;alert(&#34;heading&#34;)&lt;/script&gt;" in r.text or \
           "&lt;script&gt;alert(&quot;heading&quot;)&lt;/script&gt;" in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text
    assert '<mark class="k-deficit-label">heroin users</mark>' in r.text


def test_file_names_are_escaped_and_lose_their_folders(client, csrf):
    r = client.post("/check", data={"csrf": csrf},
                    files={"file": ('../../<img src=x onerror=alert(1)>.md', b"We housed heroin users.")})
    assert r.status_code == 200
    assert "<img src=x" not in r.text
    assert "Results for &lt;img src=x onerror=alert(1)&gt;.md" in r.text
    assert "../" not in r.text.split("Results for", 1)[1][:80]


def _cli_errors(paths: list[Path]) -> dict[str, str]:
    """The one-line message the command line gives for each file (its code, in this process)."""
    import json

    from conftest import run_in_process

    r = run_in_process("check", "--format", "json", *map(str, paths))
    assert r.returncode == 2
    return {Path(f["path"]).name: f["error"].rstrip(".") for f in json.loads(r.stdout)["files"]}


def _hostile_files(tmp_path) -> list[Path]:
    files = []
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(POLICY.read_bytes()[:3000])
    files.append(truncated)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" * 30_000_000)  # 30 MB of one character, 30 kB zipped
    files.append(bomb)
    not_pdf = tmp_path / "not-really.pdf"
    not_pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    files.append(not_pdf)
    locked = SHARED / "corpus" / "word" / "test-data_document_bug53475-password-is-pass.docx"
    if locked.is_file():
        files.append(locked)
    return files


def test_damaged_and_hostile_files_get_the_command_lines_message_and_the_server_goes_on(client, csrf, tmp_path):
    files = _hostile_files(tmp_path)
    assert len(files) >= 3
    errors = _cli_errors(files)
    for path in files:
        data = path.read_bytes()
        expected = errors[path.name]
        assert expected
        r = client.post("/check", data={"csrf": csrf}, files={"file": (path.name, data)})
        assert r.status_code == 422, path.name
        assert f"Could not check {path.name}: {expected}" in r.text.replace("&#39;", "'"), path.name
        r = client.post("/api/check", files={"file": (path.name, data)}, headers={"X-Plainspeak-Token": TOKEN})
        assert r.status_code == 422
        assert r.json()["files"][0]["error"].rstrip(".") == expected
        r = client.post("/download/annotated", data={"csrf": csrf}, files={"file": (path.name, data)})
        assert r.status_code in (400, 422) and "attachment" not in r.headers.get("content-disposition", "")
    assert client.post("/check", data={"csrf": csrf}, files={"file": ("ok.md", b"Heroin users.")}).status_code == 200


def test_a_password_protected_file_gets_a_plain_message(client, csrf):
    locked = SHARED / "corpus" / "word" / "test-data_document_bug53475-password-is-pass.docx"
    if not locked.is_file():
        pytest.skip("the shared corpus is not on this machine")
    r = client.post("/check", data={"csrf": csrf}, files={"file": (locked.name, locked.read_bytes())})
    assert r.status_code == 422
    assert "password" in r.text.lower()


def test_unsupported_files_are_named_plainly(client, csrf):
    r = client.post("/check", data={"csrf": csrf}, files={"file": ("old.doc", b"\xd0\xcf\x11\xe0 not much")})
    assert r.status_code == 422
    assert "Could not check old.doc: plainspeak cannot read old Word (.doc) files; save it as .docx" in r.text


def test_nothing_is_written_to_disk_while_checking(client, csrf, monkeypatch, tmp_path):
    """Uploads stay in memory; the Word copy and the fixes use a private folder that is gone before
    the response leaves."""
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    seen = []
    real = tempfile.TemporaryDirectory

    class Watched(real):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            seen.append(Path(self.name))
            assert (Path(self.name).stat().st_mode & 0o777) == 0o700

    monkeypatch.setattr(tempfile, "TemporaryDirectory", Watched)
    spilled = []
    real_file = tempfile.TemporaryFile

    def watched_file(*a, **kw):  # where a spooled upload would go once it outgrows memory
        spilled.append(a)
        return real_file(*a, **kw)

    monkeypatch.setattr(tempfile, "TemporaryFile", watched_file)
    r = client.post("/api/check", headers={"X-Plainspeak-Token": TOKEN},
                    files={"file": ("big.docx", b"PK" + b"\x00" * 3_000_000)})  # over Starlette's 1 MB spool
    assert r.status_code == 422 and spilled == []
    big_docx = POLICY.read_bytes()
    assert client.post("/check", data={"csrf": csrf}, files={"file": ("policy.docx", big_docx)}).status_code == 200
    assert seen == [] and list(private.iterdir()) == []
    r = client.post("/download/annotated", data={"csrf": csrf}, files={"file": ("policy.docx", big_docx)})
    assert r.status_code == 200
    r = client.post("/download/fixed", data={"csrf": csrf, "text": "We utilise it whilst we can."})
    assert r.status_code == 200
    assert len(seen) == 2 and not any(p.exists() for p in seen)
    assert list(private.iterdir()) == []


# -- the staff page ------------------------------------------------------------------------

def test_start_page(client):
    r = client.get("/")
    assert r.status_code == 200
    check_page(r.text)
    assert 'enctype="multipart/form-data"' in r.text
    assert '<label for="file" class="label">Choose a file</label>' in r.text
    assert 'formaction="/download/annotated"' in r.text and 'formaction="/download/fixed"' in r.text


@pytest.fixture(scope="module")
def policy_page(client, csrf):
    r = client.post("/check", data={"csrf": csrf}, files={"file": ("policy.docx", POLICY.read_bytes())})
    assert r.status_code == 200
    return r.text


def test_a_word_file_is_shown_with_each_finding_in_place(policy_page):
    html = policy_page
    check_page(html)
    m = re.search(r'<mark class="k-deficit-label">rough sleepers</mark>(?:</span>)*<sup class="k-deficit-label">'
                  r'<a href="#f(\d+)">', html)
    assert m, "the deficit label is not highlighted in the text"
    note = _notes_of(html, int(m.group(1)))
    assert "“rough sleepers”" in note
    assert "<strong>Try:</strong> “people sleeping rough”" in note
    assert 'href="#rule-PS301"' in note and "Explain this rule" in note
    assert 'id="rule-PS301"' in html  # the explanation the link goes to
    assert re.search(r'<mark class="k-acronym">MARAC</mark>', html)
    assert re.search(r'<mark class="k-wordy">utilise</mark>', html)


def test_reading_age_sections_hardest_sentences_and_legend(policy_page):
    html = policy_page
    assert re.search(r"Reading age about <strong>\d+</strong>", html)
    assert "<h3 id=\"by-section\">Reading age by section</h3>" in html and '<th scope="row">Warnings</th>' in html
    assert "<h3 id=\"hardest\">The hardest sentences</h3>" in html and "href=\"#hardest\"" in html
    assert html.count('<span class="hardest">') >= 3  # marked in the text too
    for kind in ("deficit-label", "jargon", "wordy", "acronym", "readability"):
        assert f'<input type="checkbox" class="filter" id="show-{kind}" checked' in html
        assert f'<span class="swatch k-{kind}" aria-hidden="true">' in html


def test_the_filters_have_a_rule_for_every_kind():
    from plainspeak.serve.app import HERE
    from plainspeak.serve.view import KINDS

    css = (HERE / "static" / "plainspeak.css").read_text()
    for kind in KINDS:
        assert f"#results:has(#show-{kind}:not(:checked)) :is(.note.k-{kind},sup.k-{kind}){{display:none}}" in css
        assert f".k-{kind}{{background:" in css


def test_pasted_text_as_markdown_and_as_plain_text(client, csrf):
    r = client.post("/check", data={"csrf": csrf, "text": SAMPLE, "text_format": "markdown"})
    assert r.status_code == 200
    assert "Results for pasted text.md" in r.text
    assert '<p class="text heading h1">Support</p>' in r.text
    r = client.post("/check", data={"csrf": csrf, "text": SAMPLE, "text_format": "text"})
    assert "Results for pasted text.txt" in r.text
    assert "# Support" in r.text  # plain text keeps the # as written


def test_nothing_to_check(client, csrf):
    r = client.post("/check", data={"csrf": csrf, "text": "   "})
    assert r.status_code == 400
    assert "Choose a file, or paste some text, then press Check." in r.text


def test_download_the_word_copy_with_comments(client, csrf):
    import docx

    r = client.post("/download/annotated", data={"csrf": csrf}, files={"file": ("policy.docx", POLICY.read_bytes())})
    assert r.status_code == 200
    assert 'filename="policy-reviewed.docx"' in r.headers["content-disposition"]
    assert r.headers["content-disposition"].startswith("attachment;")
    comments = list(docx.Document(io.BytesIO(r.content)).comments)
    assert len(comments) > 10
    texts = [c.text for c in comments]
    assert any('"rough sleepers"' in t and "people sleeping rough" in t for t in texts)
    assert all(c.author == "plainspeak" for c in comments)


def test_the_word_copy_needs_a_word_file(client, csrf):
    r = client.post("/download/annotated", data={"csrf": csrf, "text": SAMPLE})
    assert r.status_code == 400
    assert "only be made from a Word (.docx) file" in r.text


def test_download_the_html_report(client, csrf):
    r = client.post("/download/report", data={"csrf": csrf}, files={"file": ("policy.docx", POLICY.read_bytes())})
    assert r.status_code == 200
    assert 'filename="policy-plainspeak-report.html"' in r.headers["content-disposition"]
    assert "<h1>plainspeak report</h1>" in r.text and "rough sleepers" in r.text
    assert "Content-Security-Policy" in r.text


def test_download_the_safe_fixes(client, csrf):
    r = client.post("/download/fixed", data={"csrf": csrf, "text": "We will act whilst we wait, in order to help.\n"})
    assert r.status_code == 200
    assert r.text == "We will act while we wait, to help.\n"
    assert r.headers["x-plainspeak-swaps"] == "2"
    assert 'filename="pasted text-fixed.md"' in r.headers["content-disposition"]
    r = client.post("/download/fixed", data={"csrf": csrf},
                    files={"file": ("notes.txt", "Owing to rain, we stayed.\r\n".encode())})
    assert r.status_code == 200
    assert r.content == b"Because of rain, we stayed.\r\n"  # line endings kept
    r = client.post("/download/fixed", data={"csrf": csrf}, files={"file": ("policy.docx", POLICY.read_bytes())})
    assert r.status_code == 400 and "only in Markdown (.md) and text (.txt) files" in r.text


def test_rule_pages(client):
    r = client.get("/rules")
    assert r.status_code == 200 and '<a href="/rules/PS301">PS301 deficit-label</a>' in r.text
    check_page(r.text)
    r = client.get("/rules/deficit-label")
    assert r.status_code == 200 and "Why it matters:" in r.text
    check_page(r.text)
    assert client.get("/rules/PS999").status_code == 404


def test_unknown_pages_get_a_plain_404(client):
    r = client.get("/nowhere")
    assert r.status_code == 404 and "There is no page at this address." in r.text
    check_page(r.text)


# -- the API -------------------------------------------------------------------------------

def test_api_returns_the_json_report_of_the_contract(client):
    import json

    from plainspeak.report import render
    from plainspeak.run import Job

    r = client.post("/api/check", files={"file": ("policy.docx", POLICY.read_bytes())},
                    headers={"X-Plainspeak-Token": TOKEN})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    expected = json.loads(render("json", [Job().check_bytes(POLICY.read_bytes(), "policy.docx")], pretty=False))
    assert r.json() == expected
    f = r.json()["files"][0]
    assert f["path"] == "policy.docx" and f["format"] == "docx" and f["error"] is None
    assert any(x["rule"] == "PS301" and x["match"] == "rough sleepers" for x in f["findings"])


def test_api_without_a_file(client):
    r = client.post("/api/check", headers={"X-Plainspeak-Token": TOKEN}, data={"nothing": "here"})
    assert r.status_code == 400
    assert "multipart field 'file'" in r.json()["error"]


# -- the glossary reviewers' pages ---------------------------------------------------------

def test_browse_and_search_the_glossary(client):
    r = client.get("/glossary")
    assert r.status_code == 200
    check_page(r.text)
    assert '<a href="/glossary/entry/0/deficit-label/rough-sleeper.yaml">rough sleeper</a>' in r.text
    total = int(re.search(r"<h2>(\d+) of (\d+) entries</h2>", r.text).group(2))
    assert total > 500
    r = client.get("/glossary", params={"q": "heroin", "category": "deficit-label"})
    shown = re.findall(r'<a href="/glossary/entry/[^"]+">([^<]+)</a>', r.text)
    assert "heroin user" in shown and all(s for s in shown)
    assert int(re.search(r"<h2>(\d+) of", r.text).group(1)) == len(shown) < 20
    r = client.get("/glossary", params={"q": "<script>"})
    assert "<script>" not in r.text and "No entries match." in r.text


def test_an_entry_page_shows_everything_reviewers_need(client):
    r = client.get("/glossary/entry/0/deficit-label/rough-sleeper.yaml")
    assert r.status_code == 200
    check_page(r.text)
    for label in ("Kind", "Status", "Say instead", "Why", "When it is fine", "Sources", "Sentences it should point out",
                  "Reviewed by"):
        assert f"<dt>{label}</dt>" in r.text
    assert "people sleeping rough" in r.text and "Approved (used in checks)" in r.text
    assert client.get("/glossary/entry/0/no/such.yaml").status_code == 404


def test_try_a_sentence_against_an_entry(client, csrf):
    url = "/glossary/entry/0/deficit-label/rough-sleeper.yaml"
    r = client.post(url, data={"csrf": csrf, "sentence": "We counted 12 rough sleepers in the town."})
    assert r.status_code == 200
    assert "<strong>Pointed out.</strong>" in r.text and "“rough sleepers”" in r.text
    check_page(r.text)
    r = client.post(url, data={"csrf": csrf, "sentence": "We counted 12 people sleeping rough. Heroin users too."})
    assert "<strong>Not pointed out.</strong>" in r.text
    assert "heroin users" in r.text.lower()  # other findings in the sentence are listed too


def _proposal(**over) -> dict:
    data = {"term": "pathway plan", "category": "jargon", "alternatives": "plan for leaving care\nyour plan",
            "why": "Many young people do not know what a pathway plan is.",
            "source_organisation_0": "Test Group", "source_document_0": "Words we use",
            "source_url_0": "https://example.org/words", "flag_examples": "Your pathway plan is due.",
            "pass_examples": "Your plan for leaving care is due.", "proposed_by": "Lived experience panel"}
    data.update(over)
    return data


def test_propose_page(client):
    r = client.get("/glossary/propose")
    assert r.status_code == 200
    check_page(r.text)
    assert "You started plainspeak without a glossary folder." in r.text
    r = client.get("/glossary/propose", params={"from": "0/deficit-label/rough-sleeper.yaml"})
    assert 'value="rough sleeper"' in r.text and "people sleeping rough" in r.text
    check_page(r.text)


def test_proposal_mistakes_are_shown_next_to_their_fields(client, csrf):
    r = client.post("/glossary/propose", data={"csrf": csrf, **_proposal(
        term="", category="slang", alternatives="", source_document_0="", source_url_0="example.org",
        flag_examples="")})
    assert r.status_code == 400
    check_page(r.text)
    html = r.text
    for field, words in (("term", "Write the word or phrase to look out for."),
                         ("category", "Choose which kind of word it is."),
                         ("alternatives", "Write at least one thing people could say instead"),
                         ("source", "Each guide needs both the organisation and the guide's name."),
                         ("flag_examples", "Write at least one sentence that plainspeak should point out.")):
        assert re.search(rf'<p class="field-error" id="{field}-error"><span class="visually-hidden">Problem: '
                         rf'</span>{re.escape(words)}', html.replace("&#39;", "'")), field
    assert 'aria-describedby="term-hint term-error" aria-invalid="true"' in html
    assert '<div class="error-summary" role="alert" tabindex="-1" id="error-summary">' in html
    # What was typed is kept.
    assert "Many young people do not know what a pathway plan is." in html


def test_glossary_check_problems_go_next_to_the_field_they_are_about(client, csrf):
    r = client.post("/glossary/propose", data={"csrf": csrf, **_proposal(
        flag_examples="Your plan is due.", alternatives="pathway plan")})
    assert r.status_code == 400
    html = r.text.replace("&#39;", "'").replace("&#34;", '"')
    assert re.search(r'id="flag_examples-error">.*the .flag. example does not find .pathway plan.', html, re.I)
    assert re.search(r'id="alternatives-error">.*is the term itself', html)


def test_a_proposal_without_a_glossary_folder_is_offered_as_a_download(client, csrf):
    r = client.post("/glossary/propose", data={"csrf": csrf, **_proposal()})
    assert r.status_code == 200, r.text
    check_page(r.text)
    assert "Proposal ready to send" in r.text
    text = re.search(r'<input type="hidden" name="yaml" value="([^"]*)"', r.text).group(1)
    import html as html_lib

    text = html_lib.unescape(text)
    r = client.post("/glossary/download", data={"csrf": csrf, "yaml": text, "filename": "pathway-plan.yaml"})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="pathway-plan.yaml"'
    data = yaml.safe_load(r.text)
    assert data["term"] == "pathway plan" and data["status"] == "proposed"
    assert data["sources"] == [{"organisation": "Test Group", "document": "Words we use",
                                "url": "https://example.org/words"}]
    r = client.post("/glossary/download", data={"csrf": csrf, "yaml": "not: an entry", "filename": "x.yaml"})
    assert r.status_code == 400
    r = client.post("/glossary/download", data={"csrf": csrf, "yaml": text, "filename": "../x.yaml"})
    assert r.status_code == 400


def test_a_proposal_is_saved_as_proposed_in_the_glossary_folder(own_app):
    from plainspeak.glossary import load_entries

    app, folder = own_app
    c = _client(app)
    # A sentence tried first loads the glossary; the new entry must still be used afterwards.
    r = c.post("/glossary/entry/0/deficit-label/rough-sleeper.yaml",
               data={"csrf": _csrf_of(c), "sentence": "Rough sleepers and pathway plans."})
    assert "<strong>Pointed out.</strong>" in r.text and "pathway plan" not in r.text.split("Other things")[-1]
    r = c.post("/glossary/propose", data={"csrf": _csrf_of(c), **_proposal()})
    assert r.status_code == 200, r.text
    assert "Proposal saved" in r.text
    path = folder / "jargon" / "pathway-plan.yaml"
    entries, problems = load_entries([folder])
    assert problems == [] and [e.path for e in entries] == [str(path)]
    assert entries[0].status == "proposed" and entries[0].proposed_by == "Lived experience panel"
    # It is now in the glossary pages, marked as in this folder, and a second one is refused.
    r = c.get("/glossary", params={"q": "pathway plan"})
    assert "your folder" in r.text and "pathway plan" in r.text
    r = c.post("/glossary/propose", data={"csrf": _csrf_of(c), **_proposal()})
    assert r.status_code == 400 and "There is already an entry for this in pathway-plan.yaml" in r.text
    # A sentence tried against the proposed entry is checked with it.
    key = re.search(r'href="/glossary/entry/(\d/jargon/pathway-plan.yaml)"', c.get("/glossary?q=pathway").text).group(1)
    r = c.post(f"/glossary/entry/{key}", data={"csrf": _csrf_of(c), "sentence": "Is your pathway plan ready?"})
    assert "<strong>Pointed out.</strong>" in r.text


def test_a_change_to_an_entry_in_the_folder_replaces_its_file_unless_it_changed_meanwhile(own_app):
    app, folder = own_app
    c = _client(app)
    assert c.post("/glossary/propose", data={"csrf": _csrf_of(c), **_proposal()}).status_code == 200
    path = folder / "jargon" / "pathway-plan.yaml"
    key = re.search(r'href="/glossary/entry/(\d/jargon/pathway-plan.yaml)"', c.get("/glossary?q=pathway").text).group(1)
    form = c.get("/glossary/propose", params={"from": key}).text
    base_hash = re.search(r'name="base_hash" value="([0-9a-f]+)"', form).group(1)
    change = _proposal(why="Young people leaving care are not told what it means.", base=key, base_hash=base_hash)
    r = c.post("/glossary/propose", data={"csrf": _csrf_of(c), **change})
    assert r.status_code == 200, r.text
    assert "not told what it means" in path.read_text()
    r = c.post("/glossary/propose", data={"csrf": _csrf_of(c), **change})  # the old hash: the file changed since
    assert r.status_code == 409 and "Someone changed this entry" in r.text


def test_a_change_to_a_bundled_entry_goes_into_the_folder(own_app):
    app, folder = own_app
    c = _client(app)
    form = c.get("/glossary/propose", params={"from": "0/deficit-label/rough-sleeper.yaml"}).text
    import html as html_lib

    def value(name):
        return html_lib.unescape(re.search(rf'name="{name}"[^>]*value="([^"]*)"', form).group(1))

    def area(name):
        return html_lib.unescape(re.search(rf'<textarea id="{name}" name="{name}"[^>]*>([^<]*)</textarea>', form).group(1))

    data = {"csrf": _csrf_of(c), "term": value("term"), "category": "deficit-label", "alternatives": area("alternatives"),
            "why": area("why"), "fine_when": area("fine_when"), "flag_examples": area("flag_examples"),
            "pass_examples": area("pass_examples"), "forms": area("forms"), "base": value("base"),
            "source_organisation_0": value("source_organisation_0"), "source_document_0": value("source_document_0"),
            "source_url_0": value("source_url_0"), "proposed_by": "Panel"}
    data["alternatives"] = "person without a home tonight\n" + data["alternatives"]
    r = c.post("/glossary/propose", data=data)
    assert r.status_code == 200, re.findall(r'field-error"[^>]*>(.*?)</p>', r.text)
    saved = yaml.safe_load((folder / "deficit-label" / "rough-sleeper.yaml").read_text())
    assert saved["status"] == "proposed" and saved["alternatives"][0] == "person without a home tonight"


def test_proposals_are_never_written_into_the_installed_package(tmp_path):
    import plainspeak
    from plainspeak.serve.server import glossary_folder_problem

    inside = Path(plainspeak.__file__).resolve().parent / "serve"
    assert "inside the installed plainspeak package" in glossary_folder_problem(str(inside))
    assert "no such glossary folder" in glossary_folder_problem(str(tmp_path / "missing"))
    assert glossary_folder_problem(str(tmp_path)) is None


# -- the pages pass the checks they preach -------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/glossary/propose", "/nowhere"])
def test_the_pages_own_words_pass_plainspeak(client, path):
    from plainspeak.run import Job
    from serve_pages import visible_text

    report = Job().check_text(visible_text(client.get(path).text), "page.md")
    assert [(f.rule, f.match) for f in report.findings] == []
    assert report.readability["reading_age"] <= 11


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colours_have_enough_contrast():
    """WCAG 2.2: text at least 4.5 to 1 on its background; the borders that tell the kinds of
    finding apart at least 3 to 1 (non-text contrast)."""
    from plainspeak.serve.app import HERE

    css = (HERE / "static" / "plainspeak.css").read_text()
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    text, page_backgrounds = "#0b0c0c", ("#ffffff", "#f3f2f1")
    kinds = 0
    for selector, body in rules:
        decl = dict(re.findall(r"([a-z-]+):([^;]+)", body))
        background = re.match(r"#[0-9a-f]{3,6}\b", decl.get("background", ""))
        colour = re.match(r"#[0-9a-f]{3,6}\b", decl.get("color", ""))
        if re.fullmatch(r"\s*\.k-[a-z-]+\s*", selector):  # a kind's highlight
            kinds += 1
            assert contrast(text, background.group()) >= 7, selector
            border = re.search(r"#[0-9a-f]{3,6}\b", decl["border-bottom"]).group()
            assert contrast(border, background.group()) >= 3, selector
            assert contrast(border, "#ffffff") >= 3, selector
        elif colour and background:
            assert contrast(colour.group(), background.group()) >= 4.5, selector
        elif colour and not selector.strip().startswith((".top", "button:focus", "a:focus")):
            for bg in page_backgrounds:
                assert contrast(colour.group(), bg) >= 4.5, (selector, bg)
    assert kinds == 8
    assert contrast("#ffffff", "#00703c") >= 4.5 and contrast("#ffffff", "#0b0c0c") >= 4.5  # buttons, header


def test_a_forms_questions_have_their_own_kind(client, csrf):
    """Every category of the JSON contract has a name and a colour of its own on the page."""
    from plainspeak.model import CATEGORIES
    from plainspeak.serve.view import KINDS

    assert set(CATEGORIES) <= set(KINDS)
    form = ROOT / "examples" / "assessment-form.docx"
    r = client.post("/check", data={"csrf": csrf}, files={"file": (form.name, form.read_bytes())})
    assert r.status_code == 200
    assert '<input type="checkbox" class="filter" id="show-strengths" checked' in r.text
    assert '<span class="tag k-strengths">Questions a form asks</span>' in r.text
