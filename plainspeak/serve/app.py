"""The web application of ``plainspeak serve``: routes, shared helpers, and the checking itself.

The staff pages and the API are in :mod:`plainspeak.serve.staff`, the glossary reviewers'
pages in :mod:`plainspeak.serve.reviewers`. Every request passes through
:class:`plainspeak.serve.security.Guard` first.

Documents are read into memory, checked through the job API (:class:`plainspeak.run.Job`),
and forgotten when the response is sent. Where a library needs a file on disk (the Word copy
with comments, the safe fixes), the file goes into a private temporary folder that is removed
before the response leaves.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from plainspeak.serve.pages import HERE, MB, message, page, read_form, templates  # noqa: F401 (read_form: routes)
from plainspeak.serve.security import CsrfError, Guard, Secrets, TooLarge

DEFAULT_MAX_UPLOAD = 25 * MB


@dataclass
class ServeSettings:
    """What ``plainspeak serve`` was started with."""

    port: int = 0  # 0: any free port (the real one is known once the socket is open)
    glossary: str | None = None  # the folder proposals are saved in; None: offered as downloads
    max_upload: int = DEFAULT_MAX_UPLOAD  # bytes
    settings: object = None  # plainspeak.run.Settings
    token: str | None = None  # for tests; normally random
    extra: dict = field(default_factory=dict)


class Checking:
    """The job (loaded once) and a lock: one document is checked at a time, off the event loop."""

    def __init__(self, settings, own_glossary: Path | None):
        self.settings = settings
        self.own = own_glossary
        self.lock = threading.Lock()
        self._load()

    def _load(self) -> None:
        from plainspeak.run import Job

        from plainspeak.serve.entries import signature

        self._signature = signature(self.own)
        self.job = Job(self.settings)
        if self.own is not None:
            self.job.config.glossary = [*self.job.config.glossary, str(self.own)]
        self._reviewer = None

    def fresh(self) -> None:
        """Load the glossary again when the server's own glossary folder has changed (a proposal
        was saved, or someone edited a file), so checks and tries use the entries as they are now.
        Call it holding the lock."""
        from plainspeak.serve.entries import signature

        if self.own is not None and signature(self.own) != self._signature:
            self._load()

    def reviewer(self):
        """A checker that also uses proposed entries, for trying sentences against any entry."""
        if self._reviewer is None:
            from plainspeak.run import Job, Settings

            base = self.job.settings
            job = Job(Settings(config=base.config, select=base.select, disable=base.disable, preview=True))
            job.config.glossary = list(self.job.config.glossary)
            self._reviewer = job
        return self._reviewer.checker


async def csrf_refused(request: Request, exc: Exception) -> HTMLResponse:
    return message(request, 403, "The form has expired",
                   "This form was not sent by this plainspeak page, or plainspeak has been restarted since "
                   "the page was opened. Go back, reload the page and try again.")


async def not_found(request: Request, exc: Exception) -> HTMLResponse:
    from starlette.exceptions import HTTPException

    status = exc.status_code if isinstance(exc, HTTPException) else 404
    if status == 404:
        return message(request, 404, "Page not found", "There is no page at this address.")
    if status == 405:
        return message(request, 405, "Not allowed", "This page cannot be used that way.")
    return message(request, status, "Something went wrong",
                   "plainspeak could not understand this request. Go back and try again.")


async def too_large(request: Request, exc: Exception) -> HTMLResponse:
    from plainspeak.serve.security import too_large_message

    response = message(request, 413, "The file is too big", too_large_message(request.app.state.serve.max_upload))
    response.headers["connection"] = "close"
    return response


async def server_fault(request: Request, exc: Exception) -> HTMLResponse:
    return message(request, 500, "Something went wrong",
                   f"plainspeak met a fault of its own ({type(exc).__name__}). Your document was not kept. "
                   "Please try again; if it happens again, tell the plainspeak team what you did.")


def create_app(serve: ServeSettings, keys: Secrets | None = None):
    """The application for one server run, wrapped in the safety rules."""
    from starlette.exceptions import HTTPException

    from plainspeak.run import Settings
    from plainspeak.serve import reviewers, staff

    serve.settings = serve.settings or Settings()
    keys = keys or Secrets(serve.port, token=serve.token)
    own = Path(serve.glossary).resolve() if serve.glossary else None
    routes = [
        *staff.routes(),
        *reviewers.routes(),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={CsrfError: csrf_refused, TooLarge: too_large, HTTPException: not_found,
                                                       Exception: server_fault})
    app.state.serve = serve
    app.state.keys = keys
    app.state.templates = templates()
    app.state.checking = Checking(serve.settings, own)
    app.state.own_glossary = own
    app.state.inner = app
    return Guard(app, keys, serve.max_upload)


__all__ = ["create_app", "ServeSettings", "Route", "page", "message", "read_form"]
