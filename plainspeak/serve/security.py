"""The safety rules of ``plainspeak serve``: documents about people must not leak.

:class:`Guard` is ASGI middleware that every request passes through, in this order:

1. **Host**: only ``127.0.0.1:PORT`` and ``localhost:PORT``; anything else is 400, so a web
   page elsewhere cannot reach the server by pointing a domain name at 127.0.0.1 (DNS rebinding).
2. **Access token**: a random token, printed in the address when the server starts. The first
   visit with ``?token=...`` stores it in a cookie (HttpOnly, SameSite=Strict) and sends the
   browser on to the same address without it. Programs send the header ``X-Plainspeak-Token``.
   No token, or a wrong one: 403.
3. **Size**: a request body over the limit is refused with 413, whether it says its length
   first or not; nothing over the limit is read.
4. **CSRF**: a POST made with the cookie (that is, from a browser) must carry the form's CSRF
   token (checked by :func:`check_csrf` once the form is read) and, if the browser sends an
   ``Origin``, come from this server. Programs that send the token header need neither.

Every response gets headers that keep pages and documents private: a Content-Security-Policy
that allows nothing from elsewhere, ``Cache-Control: no-store``, no referrer sent to other sites, no framing.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

TOKEN_HEADER = "x-plainspeak-token"
CSRF_FIELD = "csrf"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make form posts say Origin: null
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class TooLarge(Exception):
    """The request body went over the upload limit while it was being read."""


class Secrets:
    """The access token and the CSRF token of one server run. Nothing is stored on disk."""

    def __init__(self, port: int, token: str | None = None, csrf: str | None = None):
        self.port = port
        self.token = token or secrets.token_urlsafe(24)
        self.csrf = csrf or secrets.token_urlsafe(24)
        # Cookies are shared by every port of a host: one name a port keeps two servers apart.
        self.cookie = f"plainspeak_token_{port}"
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.token.encode())

    def csrf_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.csrf.encode())


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _cookie(scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header: as if there were none
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


async def _plain(send, status: int, message: str, extra: list | None = None) -> None:
    body = (f"<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>plainspeak</title>"
            f"</head><body><main><h1>plainspeak</h1><p>{_esc(message)}</p></main></body></html>").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *HEADERS, *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


class Guard:
    """ASGI middleware applying the safety rules above to every HTTP request."""

    def __init__(self, app, keys: Secrets, max_upload: int):
        self.app = app
        self.keys = keys
        self.max_upload = max_upload

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":  # the page uses none
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            return
        keys = self.keys
        host = (_header(scope, b"host") or "").lower()
        if host not in keys.hosts:
            await _plain(send, 400, f"This address is not allowed. Open http://127.0.0.1:{keys.port}/ "
                                    "(the address plainspeak printed when it started).")
            return
        method = scope["method"]
        by_header = keys.token_ok(_header(scope, TOKEN_HEADER.encode()))
        by_cookie = keys.token_ok(_cookie(scope, keys.cookie))
        if not (by_header or by_cookie):
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if method in ("GET", "HEAD") and keys.token_ok(query.get("token")):
                await self._welcome(scope, send, query)
                return
            await _plain(send, 403, "This page needs the access key. Open the address that plainspeak printed "
                                    "when it started (it ends with ?token=...).")
            return
        if method not in ("GET", "HEAD") and not by_header:
            origin = _header(scope, b"origin")
            if origin is not None and origin.lower() not in keys.origins:
                await _plain(send, 403, "This form was sent from another web site, so plainspeak refused it.")
                return
        length = _header(scope, b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_upload
            except ValueError:
                await _plain(send, 400, "The request was not understood.")
                return
            if too_big:
                await _plain(send, 413, too_large_message(self.max_upload), [(b"connection", b"close")])
                return
        scope.setdefault("state", {})["by_header"] = by_header
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_upload:
                    raise TooLarge()
            return message

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except TooLarge:
            if not started:
                await _plain(send, 413, too_large_message(self.max_upload), [(b"connection", b"close")])

    async def _welcome(self, scope, send, query: dict) -> None:
        """First visit with ?token=...: keep the token in a cookie, and go on without it in the address."""
        query.pop("token", None)
        path = "/" + (scope.get("path") or "/").lstrip("/")  # never "//host": that would leave this server
        target = path + (f"?{urlencode(query)}" if query else "")
        cookie = f"{self.keys.cookie}={self.keys.token}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", target.encode()), (b"set-cookie", cookie.encode()),
                                (b"content-length", b"0"), *HEADERS]})
        await send({"type": "http.response.body", "body": b""})


def too_large_message(limit: int) -> str:
    return (f"The file is too big: plainspeak serve takes files up to {limit / 1_000_000:g} MB. "
            "To allow bigger files, start it with --max-upload and a number of megabytes.")


class CsrfError(Exception):
    """A form that changes something came without the right CSRF token."""


def check_csrf(request, form) -> None:
    """Raise CsrfError unless the form carries this run's CSRF token (programs using the token
    header are exempt: a web page elsewhere cannot set that header)."""
    if request.scope.get("state", {}).get("by_header"):
        return
    keys: Secrets = request.app.state.keys
    if not keys.csrf_ok(form.get(CSRF_FIELD)):
        raise CsrfError()
