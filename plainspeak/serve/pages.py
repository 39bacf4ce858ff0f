"""What every page of ``plainspeak serve`` shares: the templates, a page with what every
page needs, a plain message page, and reading a posted form in memory (with its CSRF check).
The staff pages (staff.py), the reviewers' pages (reviewers.py) and the application
(app.py) all use it."""

from __future__ import annotations

from pathlib import Path

from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from starlette.responses import HTMLResponse

from plainspeak.serve.security import CSRF_FIELD, CsrfError, check_csrf

HERE = Path(__file__).resolve().parent
MB = 1_000_000


class InMemoryParser(MultiPartParser):
    """Starlette's multipart parser, holding uploads in memory only (never in a temporary file)."""

    def __init__(self, headers, stream, *, limit: int):
        super().__init__(headers, stream, max_files=1, max_fields=200, max_part_size=limit)
        self.spool_max_size = limit + 1  # the Guard stops anything bigger before this matters


async def read_form(request: Request, csrf: bool = True):
    """The posted form, read in memory; raises CsrfError when a browser form lacks the CSRF token."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await InMemoryParser(request.headers, request.stream(),
                                    limit=request.app.state.serve.max_upload).parse()
    else:
        form = await request.form(max_files=0, max_fields=200, max_part_size=request.app.state.serve.max_upload)
    if csrf:
        try:
            check_csrf(request, form)
        except CsrfError:
            await form.close()
            raise
    return form


def templates():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    from plainspeak.serve.view import KINDS, SEVERITY_WORDS

    env.globals.update(kinds=KINDS, severity_words=SEVERITY_WORDS)
    return env


def page(request: Request, name: str, code: int = 200, **context) -> HTMLResponse:
    """A page from a template, with what every page needs."""
    env = request.app.state.templates
    serve = request.app.state.serve  # a plainspeak.serve.app.ServeSettings
    text = env.get_template(name).render(request=request, csrf=request.app.state.keys.csrf,
                                         csrf_field=CSRF_FIELD, own_glossary=serve.glossary,
                                         max_mb=f"{serve.max_upload / MB:g}", path=request.url.path, **context)
    return HTMLResponse(text, status_code=code)


def message(request: Request, status: int, title: str, text: str) -> HTMLResponse:
    return page(request, "message.html", code=status, title=title, text=text)
