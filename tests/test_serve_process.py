"""``plainspeak serve`` started for real: its first line, its address, its access key, and the
mistakes it refuses to start with."""

from __future__ import annotations

import http.client
import re
import socket

import pytest
from serve_pages import Server, run_cli


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.stop()


def _get(server, path: str, host: str | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{server.port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read().decode("utf-8", "replace")
    conn.close()
    return r, body


def test_the_first_line_is_the_address_with_the_access_key(server):
    assert re.fullmatch(r"plainspeak is running at http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{20,}",
                        server.first_line)
    assert server.port > 0


def test_it_listens_on_127_0_0_1_only(server):
    """The socket is bound to 127.0.0.1, not to every address of the computer."""
    with open("/proc/net/tcp") as fh:
        rows = [line.split() for line in fh.readlines()[1:]]
    listening = [r[1] for r in rows if r[3] == "0A" and int(r[1].split(":")[1], 16) == server.port]
    assert listening == ["0100007F:%04X" % server.port]


def test_the_access_key_opens_the_page_and_nothing_else_does(server):
    r, _ = _get(server, "/")
    assert r.status == 403
    r, _ = _get(server, f"/?token={server.token}")
    assert r.status == 303
    cookie = r.getheader("Set-Cookie").split(";", 1)[0]
    r, body = _get(server, "/", headers={"Cookie": cookie})
    assert r.status == 200 and "<h1>Check a document</h1>" in body
    r, _ = _get(server, "/", headers={"X-Plainspeak-Token": server.token})
    assert r.status == 200
    r, _ = _get(server, "/", host=f"attacker.example:{server.port}", headers={"Cookie": cookie})
    assert r.status == 400
    r, _ = _get(server, "/", host=f"localhost:{server.port}", headers={"Cookie": cookie})
    assert r.status == 200


def test_a_chosen_port_and_the_access_key_is_not_logged():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    other = Server("--port", str(port))
    try:
        assert other.port == port
        assert other.first_line.startswith(f"plainspeak is running at http://127.0.0.1:{port}/?token=")
        _get(other, f"/?token={other.token}")
        _get(other, "/glossary?token=wrong")
    finally:
        output = other.stop()
    assert other.token not in output  # the first line was read already: no log repeats the key
    assert "GET /" not in output  # no access log with addresses


def test_a_port_in_use_is_a_plain_error(server):
    r = run_cli("serve", "--no-browser", "--port", str(server.port), timeout=120)
    assert r.returncode == 2
    assert r.stderr.startswith(f"plainspeak: cannot listen on port {server.port}")
    assert r.stdout == ""


def test_a_missing_glossary_folder_is_a_plain_error(tmp_path):
    r = run_cli("serve", "--no-browser", "--glossary", str(tmp_path / "nope"), timeout=120)
    assert r.returncode == 2
    assert r.stderr == f"plainspeak: no such glossary folder: {tmp_path / 'nope'} (make the folder first, or give another one)\n"


def test_a_bad_setting_is_a_plain_error_before_the_address(tmp_path):
    r = run_cli("serve", "--no-browser", "--disable", "PS999", timeout=120)
    assert r.returncode == 2
    assert "PS999" in r.stderr and r.stderr.count("\n") == 1 and r.stdout == ""


def test_serve_help_is_light():
    r = run_cli("serve", "--help")
    assert r.returncode == 0 and "--no-browser" in r.stdout and "--max-upload" in r.stdout
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys; from plainspeak.cli import build_parser; build_parser().parse_args(['serve']); "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'jinja2', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT),
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]", out.stderr
