"""``plainspeak glossary list / search / show / add / export / import`` (and ``check``): the commands.

These commands are for the people who look after the glossary, most of
whom are not programmers, so every message is a plain sentence.

- ``list``: one line per entry (term, category, status), with filters.
- ``search WORD``: entries whose term, forms, alternatives or "why" contain WORD.
- ``show TERM``: one entry in plain words.
- ``add`` (add.py): asks the questions one at a time (in a terminal) or takes
  flags, checks the entry as ``glossary check`` does, and writes a tidy file
  with ``status: proposed``. It never overwrites a file.
- ``export --csv FILE`` / ``import --csv FILE`` (spreadsheet.py): work on the
  glossary in a spreadsheet. Import checks every row first, says what would
  change, and writes nothing if any row has a problem, or if it would undo
  changes made to the files after the export (unless ``--force``).

Without ``--folder``, every command uses the same glossary: the repository's
``glossary/`` folder when run inside a copy of the repository, else the
bundled one, plus the settings' own folders (see folders.py).

This module stays light: the command line imports it to build its parsers.

Exit codes: 0 = done; 1 = nothing found (search, show) or a problem in the
entries (add, import, check); 2 = a usage error, or a file that cannot be read
or written.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from plainspeak.glossary.shared import (  # noqa: F401  (names the commands and tests use)
    CATEGORY_NAMES,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PROBLEMS,
    STATUS_NAMES,
    GlossaryCommandError,
    reading_folders,
)


# -- argument parsers ----------------------------------------------------------------------

def add_parsers(gsub) -> None:
    """Add list, search, show, add, export and import to the ``glossary`` subparsers."""
    def folder_option(p, text="use only this glossary folder (may be given more than once; "
                              "default: the repository's glossary folder when you are inside a copy "
                              "of the repository, else the bundled one, and those in your settings)"):
        p.add_argument("--folder", action="append", default=[], metavar="FOLDER", help=text)

    p = gsub.add_parser("list", help="list the entries", description="List the glossary entries, one a line: "
                                                                      "term, category, status.")
    p.add_argument("--category", choices=CATEGORY_NAMES, help="only entries of this category")
    p.add_argument("--status", choices=STATUS_NAMES, help="only entries with this status")
    folder_option(p)

    p = gsub.add_parser("search", help="find entries that mention a word",
                        description="Find entries whose term, other forms, alternatives or 'why' contain "
                                    "WORD (capital letters do not matter).")
    p.add_argument("word", metavar="WORD")
    folder_option(p)

    p = gsub.add_parser("show", help="show one entry in plain words", description="Show one entry in plain words.")
    p.add_argument("term", metavar="TERM", help="the term, one of its other forms, or its file name")
    folder_option(p)

    p = gsub.add_parser("add", help="suggest a new entry",
                        description="Write a new entry file with status 'proposed'. In a terminal, "
                                    "plainspeak asks for anything you leave out. The entry is checked "
                                    "first; nothing is written if it has a problem, and an existing file "
                                    "is never replaced.")
    p.add_argument("--term", metavar="WORDS", help="the word or phrase to look out for")
    p.add_argument("--category", help=f"one of: {', '.join(CATEGORY_NAMES)}")
    p.add_argument("--alternative", action="append", default=[], dest="alternatives", metavar="WORDS",
                   help="a better word or phrase (give it more than once for several)")
    p.add_argument("--form", action="append", default=[], dest="forms", metavar="WORDS",
                   help="another way of writing the term (optional, more than once)")
    p.add_argument("--why", metavar="TEXT", help="why the word can be a problem, in a sentence or two")
    p.add_argument("--fine-when", metavar="TEXT", help="when the word is fine to use (optional)")
    p.add_argument("--severity", choices=("info", "warning", "error"), help="how strongly to point it out (optional)")
    p.add_argument("--source-organisation", metavar="NAME", help="the organisation whose guide backs this up")
    p.add_argument("--source-document", metavar="TITLE", help="the name of that guide")
    p.add_argument("--source-url", metavar="ADDRESS", help="the guide's web address (optional)")
    p.add_argument("--flag-example", action="append", default=[], dest="flag_examples", metavar="SENTENCE",
                   help="a sentence plainspeak should point out (more than once for several)")
    p.add_argument("--pass-example", action="append", default=[], dest="pass_examples", metavar="SENTENCE",
                   help="a sentence plainspeak should not point out (optional, more than once)")
    p.add_argument("--proposed-by", metavar="NAME", help="your name or your group's name (optional)")
    p.add_argument("--folder", metavar="FOLDER",
                   help="the glossary folder to write to (default: the repository's glossary folder when "
                        "you are inside a copy of the repository, or the one in your settings)")
    p.add_argument("--no-input", action="store_true", help="never ask questions, even in a terminal")

    p = gsub.add_parser("export", help="write the glossary to a spreadsheet (CSV) file",
                        description="Write every entry to a CSV file, one row per entry, for a review "
                                    "session in a spreadsheet. Lists are joined with ' | '.")
    p.add_argument("--csv", required=True, metavar="FILE", help="the CSV file to write (- for the screen)")
    p.add_argument("--folder", metavar="FOLDER", help="the glossary folder (default: as for 'add')")

    p = gsub.add_parser("import", help="bring changes back from a spreadsheet (CSV) file",
                        description="Read a CSV file made by 'glossary export', check every row, and say "
                                    "what would be added or changed. Nothing is written if any row has a "
                                    "problem. Rows left out of the file are not touched.")
    p.add_argument("--csv", required=True, metavar="FILE", help="the CSV file to read")
    p.add_argument("--folder", metavar="FOLDER", help="the glossary folder (default: as for 'add')")
    p.add_argument("--dry-run", action="store_true", help="only say what would change; write nothing")
    p.add_argument("--force", action="store_true",
                   help="import even rows whose files were changed after the spreadsheet was exported "
                        "(those changes are lost)")


def run(args: argparse.Namespace, ask: Callable[[str], str] | None = None) -> int:
    """Run one glossary action. ``ask`` replaces ``input`` (for tests)."""
    action = args.glossary_command
    try:
        if action == "check":
            from plainspeak.glossary.lint import check_glossary

            return check_glossary(args.folders)
        if action == "list":
            return cmd_list(args)
        if action == "search":
            return cmd_search(args)
        if action == "show":
            return cmd_show(args)
        if action == "add":
            from plainspeak.glossary.add import cmd_add

            return cmd_add(args, ask)
        if action == "export":
            from plainspeak.glossary.spreadsheet import cmd_export

            return cmd_export(args)
        if action == "import":
            from plainspeak.glossary.spreadsheet import cmd_import

            return cmd_import(args)
    except GlossaryCommandError as exc:
        print(f"plainspeak: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"plainspeak: unknown glossary action '{action}' (try 'plainspeak glossary --help')", file=sys.stderr)
    return EXIT_ERROR


# -- reading -------------------------------------------------------------------------------

def _entries(folders: list[str]):
    """Every entry in the folders (all statuses); bad files are reported on stderr and skipped."""
    from plainspeak.glossary.lint import Problem
    from plainspeak.glossary.load import load_entries

    entries, problems = load_entries(folders)
    for p in problems:
        print(f"plainspeak: skipped {Problem(p.path, p.line, p.message)}", file=sys.stderr)
    return entries


def _sorted(entries):
    return sorted(entries, key=lambda e: (e.term.lower(), e.category, e.path))


def cmd_list(args) -> int:
    entries = [e for e in _entries(reading_folders(args.folder))
               if (not args.category or e.category == args.category) and (not args.status or e.status == args.status)]
    width = max((len(e.term) for e in entries), default=0) + 2
    for e in _sorted(entries):
        print(f"{e.term:<{width}}{e.category:<15}{e.status}")
    return EXIT_OK


SEARCH_FIELDS = (("term", lambda e: [e.term]), ("forms", lambda e: e.forms),
                 ("alternatives", lambda e: e.alternatives), ("why", lambda e: [e.why]))


def cmd_search(args) -> int:
    word = " ".join(args.word.split()).lower()
    if not word:
        raise GlossaryCommandError("give a word to search for")
    found = []
    for e in _sorted(_entries(reading_folders(args.folder))):
        where = [name for name, get in SEARCH_FIELDS if any(word in " ".join(x.split()).lower() for x in get(e))]
        if where:
            found.append((e, where))
    if not found:
        print(f"No entries mention '{args.word}'.")
        return EXIT_PROBLEMS
    width = max(len(e.term) for e, _ in found) + 2
    for e, where in found:
        print(f"{e.term:<{width}}{e.category:<15}{e.status:<10}found in: {', '.join(where)}")
    return EXIT_OK


def find_entries(entries, key: str):
    """Entries named by a term, one of its forms, or a file name; exact case first."""
    key = " ".join(key.split())
    for test in (lambda e: key in e.phrases(),
                 lambda e: key.lower() in (p.lower() for p in e.phrases()),
                 lambda e: e.id.lower() == key.lower(),
                 lambda e: key.lower().removesuffix("s") in (p.lower() for p in e.phrases())):  # plurals
        hits = [e for e in entries if test(e)]
        if hits:
            return hits
    return []


def describe(e) -> str:
    """One entry in plain words."""
    from plainspeak.glossary.lint import display_path

    lines = [e.term, ""]

    def item(label: str, value: str | None, empty: str | None = None):
        if value or empty:
            lines.append(f"{label + ':':<15}{value or empty}")

    item("Category", e.category)
    item("Status", {"proposed": "proposed (waiting for review; used only with --preview)",
                    "approved": "approved (used in checks)",
                    "retired": "retired (kept for the record; not used)"}.get(e.status, e.status))
    item("Other forms", ", ".join(e.forms))
    item("Say instead", e.alternatives[0] if len(e.alternatives) == 1 else "")
    if len(e.alternatives) > 1:
        lines.append("Say instead:")
        lines += [f"  - {a}" for a in e.alternatives]
    item("Why", e.why)
    item("Fine when", e.fine_when)
    item("Severity", e.severity, "the rule's own")
    item("Language", e.locale)
    lines.append("Sources:")
    for s in e.sources:
        lines.append("  - " + ", ".join(x for x in (s.organisation, s.document, s.url) if x))
    item("Proposed by", e.proposed_by, "not recorded")
    item("Reviewed by", e.reviewed_by, "nobody yet")
    if e.flag_examples:
        lines.append("Should be pointed out:")
        lines += [f"  - {x}" for x in e.flag_examples]
    if e.pass_examples:
        lines.append("Should not be pointed out:")
        lines += [f"  - {x}" for x in e.pass_examples]
    if e.safe_fix:
        item("Safe to fix", "yes, the first alternative can replace the term")
    item("File", display_path(e.path))
    return "\n".join(lines) + "\n"


def cmd_show(args) -> int:
    entries = _entries(reading_folders(args.folder))
    hits = find_entries(entries, args.term)
    if not hits:
        from plainspeak.yamlfile import closest

        guess = closest(args.term.lower(), sorted({e.term.lower() for e in entries}))
        hint = f" — did you mean '{guess}'?" if guess else " (try 'plainspeak glossary search WORD')"
        print(f"No entry is called '{args.term}'{hint}")
        return EXIT_PROBLEMS
    print("\n".join(describe(e) for e in hits), end="")
    return EXIT_OK
