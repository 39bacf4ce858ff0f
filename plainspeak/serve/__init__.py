"""``plainspeak serve``: a page on the staff member's own computer, for checking documents and
for glossary reviewers.

    plainspeak serve                      # opens the page in the browser
    plainspeak serve --no-browser --port 8765 --glossary our-glossary/

The server listens on 127.0.0.1 only and prints its address, with a random access key, as the
first line of output. See docs/serve.md for the pages and the safety rules, and
:mod:`plainspeak.serve.security` for how they are kept.

This module stays light (no web framework imported) so ``plainspeak --help`` stays quick.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_ERROR = 0, 2


def _megabytes(text: str) -> int:
    try:
        mb = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of megabytes") from None
    if not 0 < mb <= 2000:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 2000 (megabytes)")
    return int(mb * 1_000_000)


def _port(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError("must be a port number from 1 to 65535 (0: any free port)")
    return n


def add_parser(sub, add_settings_options) -> None:
    """Add ``serve`` to the command line's sub-commands."""
    s = sub.add_parser("serve", help="open a page in your browser to check documents and review the glossary",
                       description="Start a page on this computer, in your browser, for checking documents "
                                   "and for reviewing the glossary. Only this computer can open it, and "
                                   "only with the address plainspeak prints. Press Ctrl+C to stop it.")
    s.add_argument("--port", type=_port, default=0, help="the port to listen on (default: any free port)")
    s.add_argument("--no-browser", action="store_true", help="only print the address; do not open the browser")
    s.add_argument("--glossary", metavar="FOLDER",
                   help="save proposed glossary entries in this folder (and use its entries in checks); "
                        "without it, proposals are offered as files to download")
    s.add_argument("--max-upload", type=_megabytes, default=25_000_000, metavar="MB",
                   help="the biggest file the page accepts, in megabytes (default: 25)")
    add_settings_options(s)


def run(args) -> int:
    """Run the server until Ctrl+C. Returns the exit code."""
    from plainspeak.serve.server import serve

    return serve(args)


def fail(message: str) -> int:
    print(f"plainspeak: {message}", file=sys.stderr)
    return EXIT_ERROR
