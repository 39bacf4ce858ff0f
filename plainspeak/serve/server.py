"""Starting ``plainspeak serve``: check the settings, open a socket on 127.0.0.1, print the
address, open the browser, and run uvicorn until Ctrl+C."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from plainspeak.serve import EXIT_OK, fail


def _split(values: list[str]) -> list[str]:
    return [x.strip() for v in values or [] for x in v.split(",") if x.strip()]


def glossary_folder_problem(folder: str) -> str | None:
    """Why ``folder`` cannot take proposals, or None."""
    import plainspeak

    path = Path(folder)
    if not path.is_dir():
        return f"no such glossary folder: {folder} (make the folder first, or give another one)"
    package = Path(plainspeak.__file__).resolve().parent
    resolved = path.resolve()
    if resolved == package or package in resolved.parents:
        return (f"{folder} is inside the installed plainspeak package; proposals must go into a folder of "
                "your own (for example a copy of the project's glossary/ folder)")
    if not os.access(resolved, os.W_OK):
        return f"{folder}: plainspeak cannot write in this folder"
    return None


def listen(port: int) -> socket.socket:
    """A socket on 127.0.0.1 (never any other address), on ``port`` or any free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(args) -> int:
    from plainspeak.run import Settings, SettingsError

    if args.glossary:
        problem = glossary_folder_problem(args.glossary)
        if problem:
            return fail(problem)
    try:
        sock = listen(args.port)
    except OSError as exc:
        return fail(f"cannot listen on port {args.port} ({exc.strerror or exc}); "
                    "choose another with --port, or leave it out to use any free port")
    port = sock.getsockname()[1]
    import uvicorn

    from plainspeak.serve.app import ServeSettings, create_app

    settings = Settings(config=args.config, select=_split(args.select), disable=_split(args.disable),
                        preview=args.preview or None)
    serve_settings = ServeSettings(port=port, glossary=args.glossary, max_upload=args.max_upload,
                                   settings=settings)
    try:
        app = create_app(serve_settings)
        app.app.state.checking.job.load()  # a mistake in the settings shows now, not on the first page
    except SettingsError as exc:
        sock.close()
        return fail(str(exc))
    address = app.keys.address
    print(f"plainspeak is running at {address}", flush=True)
    print("Keep this window open while you use the page. Press Ctrl+C to stop.", flush=True)
    if not args.no_browser:
        import webbrowser

        try:
            webbrowser.open(address)
        except Exception:  # no browser here: the address above is enough
            pass
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            server_header=False, date_header=False,
                            limit_concurrency=64, timeout_keep_alive=5)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("plainspeak has stopped.", file=sys.stderr)
    return EXIT_OK
