"""``plainspeak glossary list / search / show / add / export / import`` (and ``check``).

These commands are for the people who look after the glossary, most of
whom are not programmers, so every message is a plain sentence.

- ``list``: one line per entry (term, category, status), with filters.
- ``search WORD``: entries whose term, forms, alternatives or "why" contain WORD.
- ``show TERM``: one entry in plain words.
- ``add``: asks the questions one at a time (in a terminal) or takes flags,
  checks the entry as ``glossary check`` does, and writes a tidy file with
  ``status: proposed``. It never overwrites a file.
- ``export --csv FILE`` / ``import --csv FILE``: work on the glossary in a
  spreadsheet. Import checks every row first, says what would change, and
  writes nothing if any row has a problem.

Exit codes: 0 = done; 1 = nothing found (search, show) or a problem in the
entries (add, import, check); 2 = a usage error, or a file that cannot be read
or written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

CATEGORY_NAMES = ("deficit-label", "jargon", "plain-english", "acronym")  # as plainspeak.glossary.CATEGORIES
STATUS_NAMES = ("proposed", "approved", "retired")

# Spreadsheet columns, in order. Lists are joined with " | ".
SEP = " | "
COLUMNS = (
    "file", "term", "category", "status", "alternatives", "forms", "why", "fine-when", "severity", "locale",
    "source organisations", "source documents", "source addresses", "proposed-by", "reviewed-by",
    "flag examples", "pass examples", "safe-fix",
)
REQUIRED_COLUMNS = ("term", "category", "alternatives", "why", "source organisations", "source documents")
LIST_COLUMNS = ("alternatives", "forms", "source organisations", "source documents", "source addresses",
                "flag examples", "pass examples")


class GlossaryCommandError(Exception):
    """A usage problem, reported as one plain line with exit code 2."""


# -- argument parsers ----------------------------------------------------------------------

def add_parsers(gsub) -> None:
    """Add list, search, show, add, export and import to the ``glossary`` subparsers."""
    def folder_option(p, text="use only this glossary folder (may be given more than once; "
                              "default: the bundled glossary and those in your configuration)"):
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
                   help="the glossary folder to write to (default: the bundled glossary folder)")
    p.add_argument("--no-input", action="store_true", help="never ask questions, even in a terminal")

    p = gsub.add_parser("export", help="write the glossary to a spreadsheet (CSV) file",
                        description="Write every entry to a CSV file, one row per entry, for a review "
                                    "session in a spreadsheet. Lists are joined with ' | '.")
    p.add_argument("--csv", required=True, metavar="FILE", help="the CSV file to write (- for the screen)")
    p.add_argument("--folder", metavar="FOLDER", help="the glossary folder (default: the bundled glossary)")

    p = gsub.add_parser("import", help="bring changes back from a spreadsheet (CSV) file",
                        description="Read a CSV file made by 'glossary export', check every row, and say "
                                    "what would be added or changed. Nothing is written if any row has a "
                                    "problem. Rows left out of the file are not touched.")
    p.add_argument("--csv", required=True, metavar="FILE", help="the CSV file to read")
    p.add_argument("--folder", metavar="FOLDER", help="the glossary folder (default: the bundled glossary)")
    p.add_argument("--dry-run", action="store_true", help="only say what would change; write nothing")


def run(args: argparse.Namespace, ask: Callable[[str], str] | None = None) -> int:
    """Run one glossary action. ``ask`` replaces ``input`` (for tests)."""
    action = args.glossary_command
    try:
        if action == "check":
            from plainspeak.glossary_tools import check_glossary

            return check_glossary(args.folders)
        if action == "list":
            return cmd_list(args)
        if action == "search":
            return cmd_search(args)
        if action == "show":
            return cmd_show(args)
        if action == "add":
            return cmd_add(args, ask)
        if action == "export":
            return cmd_export(args)
        if action == "import":
            return cmd_import(args)
    except GlossaryCommandError as exc:
        print(f"plainspeak: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"plainspeak: unknown glossary action '{action}' (try 'plainspeak glossary --help')", file=sys.stderr)
    return EXIT_ERROR


# -- reading -------------------------------------------------------------------------------

def _folders(given: list[str]) -> list[str]:
    from plainspeak.config import ConfigError, load
    from plainspeak.data import bundled

    if given:
        for f in given:
            if not os.path.isdir(f):
                raise GlossaryCommandError(f"no such glossary folder: {f}")
        return list(given)
    try:
        return [str(bundled("glossary")), *load().glossary]
    except ConfigError as exc:
        raise GlossaryCommandError(str(exc)) from None


def _home_folder(given: str | None) -> Path:
    """The one folder that add, export and import work in."""
    from plainspeak.data import bundled

    if given:
        path = Path(given)
        if path.exists() and not path.is_dir():
            raise GlossaryCommandError(f"{given} is a file, not a folder")
        return path
    folder = bundled("glossary")
    if "_data" in folder.parts:
        raise GlossaryCommandError("this copy of plainspeak is installed, not a checkout; "
                                   "give the glossary folder to use with --folder")
    return folder


def _entries(folders: list[str]):
    """Every entry in the folders (all statuses); bad files are reported on stderr and skipped."""
    from plainspeak.glossary import load_entries
    from plainspeak.glossary_tools import Problem

    entries, problems = load_entries(folders)
    for p in problems:
        print(f"plainspeak: skipped {Problem(p.path, p.line, p.message)}", file=sys.stderr)
    return entries


def _sorted(entries):
    return sorted(entries, key=lambda e: (e.term.lower(), e.category, e.path))


def cmd_list(args) -> int:
    entries = [e for e in _entries(_folders(args.folder))
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
    for e in _sorted(_entries(_folders(args.folder))):
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
    from plainspeak.glossary_tools import display_path

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
    entries = _entries(_folders(args.folder))
    hits = find_entries(entries, args.term)
    if not hits:
        from plainspeak.yamlfile import closest

        guess = closest(args.term.lower(), sorted({e.term.lower() for e in entries}))
        hint = f" — did you mean '{guess}'?" if guess else " (try 'plainspeak glossary search WORD')"
        print(f"No entry is called '{args.term}'{hint}")
        return EXIT_PROBLEMS
    print("\n".join(describe(e) for e in hits), end="")
    return EXIT_OK


# -- writing tidy entry files --------------------------------------------------------------

def slug(term: str) -> str:
    """A file name for a term: small letters, dashes for spaces ('A&E' -> 'a-and-e')."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", term.replace("&", " and ")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _scalar(value: str) -> str:
    """A YAML value, plain when it reads back the same, otherwise in double quotes."""
    import json

    import yaml

    if value and value == value.strip() and "\n" not in value and not value.startswith(("'", '"', "- ", "? ")):
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def entry_to_yaml(e) -> str:
    """An entry as a tidy YAML file, in the order reviewers know from the bundled glossary."""
    out = [f"term: {_scalar(e.term)}"]

    def block(key: str, items: list[str], indent: str = ""):
        out.append(f"{indent}{key}:")
        out.extend(f"{indent}  - {_scalar(x)}" for x in items)

    if e.forms:
        block("forms", e.forms)
    out.append(f"category: {e.category}")
    block("alternatives", e.alternatives)
    out.append(f"why: {_scalar(e.why)}")
    if e.fine_when:
        out.append(f"fine-when: {_scalar(e.fine_when)}")
    if e.severity:
        out.append(f"severity: {e.severity}")
    out.append(f"locale: {_scalar(e.locale or 'en-GB')}")
    out.append(f"status: {e.status}")
    out.append("sources:")
    for s in e.sources:
        out.append(f"  - organisation: {_scalar(s.organisation)}")
        out.append(f"    document: {_scalar(s.document)}")
        if s.url:
            out.append(f"    url: {_scalar(s.url)}")
    if e.proposed_by:
        out.append(f"proposed-by: {_scalar(e.proposed_by)}")
    out.append(f"reviewed-by: {_scalar(e.reviewed_by or '')}")
    if e.flag_examples or e.pass_examples:
        out.append("examples:")
        if e.flag_examples:
            block("flag", e.flag_examples, "  ")
        if e.pass_examples:
            block("pass", e.pass_examples, "  ")
    if e.safe_fix:
        out.append("safe-fix: true")
    return "\n".join(out) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write a file in one step: a half-written file is never left behind."""
    from plainspeak.fileio import write_atomic as write_bytes

    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, text.encode("utf-8"))


def _reparse(text: str, path: str):
    """Parse a tidy file's text with the same checks as ``glossary check``."""
    from plainspeak.glossary import parse_entry
    from plainspeak.yamlfile import load_yaml

    return parse_entry(load_yaml(text, path), path)


def context_entries(folder: Path, changed=()) -> tuple[list, list]:
    """The entries that new or changed entries in ``folder`` will be used with, and the bad files.

    For a folder other than the bundled glossary (an organisation's own), that
    is the folder's entries plus the bundled ones, less the bundled entries it
    replaces (same term) -- just as a check run will use them.
    """
    from plainspeak.data import bundled
    from plainspeak.glossary import load_entries

    own, bad = load_entries([str(folder)]) if folder.is_dir() else ([], [])
    home = bundled("glossary")
    if folder.resolve() == home.resolve():
        return own, bad
    base, _ = load_entries([str(home)])
    replaced = {_term_key(e) for e in [*own, *changed]}
    return [e for e in base if _term_key(e) not in replaced] + own, bad


def _term_key(e) -> str:
    return e.term if e.category == "acronym" else e.term.lower()


def validate_with(existing, changed) -> list:
    """Problems that the changed entries bring, checked against the rest of the glossary."""
    from plainspeak.glossary_tools import problems_in

    paths = {e.path for e in changed}
    others = [e for e in existing if e.path not in paths]
    return problems_in([*others, *changed], only=paths, texts={e.path: entry_to_yaml(e) for e in changed})


# -- add -----------------------------------------------------------------------------------

QUESTIONS = (
    # (field, question, required, many)
    ("term", "What is the word or phrase to look out for?", True, False),
    ("category", "Which kind of word is it? Type one of: deficit-label, jargon, plain-english, acronym.", True, False),
    ("alternatives", "What could people write instead?", True, True),
    ("why", "Why can this word be a problem? One to three short sentences.", True, False),
    ("fine_when", "When is the word fine to use? (press Enter to skip)", False, False),
    ("source_organisation", "Which organisation's guide backs this up?", True, False),
    ("source_document", "What is that guide called?", True, False),
    ("source_url", "What is the guide's web address? (press Enter to skip)", False, False),
    ("flag_examples", "Write a sentence that plainspeak should point out.", True, True),
    ("pass_examples", "Write a sentence that is fine, which plainspeak should not point out. "
                      "(press Enter to skip)", False, True),
    ("proposed_by", "What is your name, or your group's name? (press Enter to skip)", False, False),
)


def _ask_missing(values: dict, ask: Callable[[str], str]) -> None:
    """Ask, one at a time, for each answer that was not given as a flag."""
    from plainspeak.yamlfile import closest

    print("Please answer a few questions. Press Ctrl+C to stop; nothing is written until the end.")
    for name, question, required, many in QUESTIONS:
        if values.get(name):
            continue
        answers: list[str] = []
        while True:
            prompt = question if not answers else "Another one? (press Enter when you have finished)"
            answer = " ".join(ask(f"{prompt}\n> ").split())
            if not answer:
                if required and not answers:
                    print("Please give an answer; this one is needed.")
                    continue
                break
            if name == "category" and answer not in CATEGORY_NAMES:
                guess = closest(answer.lower(), CATEGORY_NAMES)
                print(f"'{answer}' is not one of: {', '.join(CATEGORY_NAMES)}"
                      + (f" — did you mean '{guess}'?" if guess else ""))
                continue
            answers.append(answer)
            if not many:
                break
        values[name] = answers if many else (answers[0] if answers else None)


def cmd_add(args, ask: Callable[[str], str] | None = None) -> int:
    from plainspeak.glossary import CATEGORIES, Entry, Source
    from plainspeak.glossary_tools import Problem, display_path
    from plainspeak.yamlfile import DataFileError, closest

    values = {name: getattr(args, name) for name, *_ in QUESTIONS}
    values["forms"], values["severity"] = args.forms, args.severity
    missing = [name for name, _, required, _ in QUESTIONS if required and not values.get(name)]
    interactive = ask is not None or (not args.no_input and sys.stdin.isatty())
    if missing and interactive:
        try:
            _ask_missing(values, ask or input)
        except (EOFError, KeyboardInterrupt):
            print("\nStopped. Nothing was written.", file=sys.stderr)
            return EXIT_ERROR
        missing = [name for name, _, required, _ in QUESTIONS if required and not values.get(name)]
    if missing:
        flags = ", ".join("--" + {"alternatives": "alternative", "flag_examples": "flag-example"}.get(m, m)
                          .replace("_", "-") for m in missing)
        raise GlossaryCommandError(f"'glossary add' needs {flags} (or run it in a terminal to be asked)")
    category = " ".join(values["category"].split())
    if category not in CATEGORIES:
        guess = closest(category, CATEGORIES)
        raise GlossaryCommandError(f"category '{category}' is not one of: {', '.join(CATEGORIES)}"
                                   + (f" — did you mean '{guess}'?" if guess else ""))
    name = slug(values["term"])
    if not name:
        raise GlossaryCommandError(f"cannot make a file name from '{values['term']}'; use letters or numbers")
    folder = _home_folder(args.folder)
    path = folder / category / f"{name}.yaml"
    if path.exists():
        print(f"{display_path(str(path))} already exists, so nothing was written. "
              f"To change that entry, edit the file (see 'plainspeak glossary show \"{values['term']}\"').")
        return EXIT_PROBLEMS
    draft = Entry(term=values["term"], category=category, alternatives=values["alternatives"],
                  why=values["why"] or "", sources=[Source(values["source_organisation"], values["source_document"],
                                                           values["source_url"] or None)],
                  forms=values["forms"], fine_when=values["fine_when"], severity=values["severity"],
                  status="proposed", proposed_by=values["proposed_by"], reviewed_by="",
                  flag_examples=values["flag_examples"], pass_examples=values["pass_examples"] or [])
    text = entry_to_yaml(draft)
    try:
        entry = _reparse(text, str(path))
    except DataFileError as exc:
        problems = [Problem(exc.path, None, exc.message)]
    else:
        existing, _ = context_entries(folder, [entry])
        problems = validate_with(existing, [entry])
    if problems:
        for p in problems:
            print(p if p.path == str(path) else f"The new entry clashes with another one: {p}")
        print("Nothing was written. Change the answers above and try again.")
        return EXIT_PROBLEMS
    try:
        if path.exists():  # someone wrote it while we were checking
            raise FileExistsError(str(path))
        write_atomic(path, text)
    except OSError as exc:
        raise GlossaryCommandError(f"{display_path(str(path))}: cannot write the file "
                                   f"({exc.strerror or exc})") from None
    print(f"Wrote {display_path(str(path))} (status: proposed). A reviewer will check it; "
          "until then it is used only with --preview.")
    replaced = [e for e in _bundled_entries(folder) if _term_key(e) == _term_key(entry)]
    if replaced:
        print(f"Once it is approved (or with --preview), it replaces the bundled entry "
              f"{display_path(replaced[0].path)} wherever this folder is used.")
    return EXIT_OK


def _bundled_entries(folder: Path) -> list:
    """The bundled entries, unless ``folder`` is the bundled glossary itself."""
    from plainspeak.data import bundled
    from plainspeak.glossary import load_entries

    home = bundled("glossary")
    return [] if folder.resolve() == home.resolve() else load_entries([str(home)])[0]


# -- export / import -----------------------------------------------------------------------

def entry_row(e, folder: Path) -> dict[str, str]:
    """An entry as one spreadsheet row."""
    try:
        rel = Path(e.path).resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        rel = Path(e.path).name
    return {
        "file": rel, "term": e.term, "category": e.category, "status": e.status,
        "alternatives": e.alternatives, "forms": e.forms, "why": e.why, "fine-when": e.fine_when or "",
        "severity": e.severity or "", "locale": e.locale or "",
        "source organisations": [s.organisation for s in e.sources],
        "source documents": [s.document for s in e.sources],
        "source addresses": [s.url or "" for s in e.sources],
        "proposed-by": e.proposed_by or "", "reviewed-by": e.reviewed_by or "",
        "flag examples": e.flag_examples, "pass examples": e.pass_examples,
        "safe-fix": "true" if e.safe_fix else "",
    }


def _joined(value) -> str:
    if isinstance(value, list):
        return SEP.join(value) if any(value) else ""
    return value


def cmd_export(args) -> int:
    import csv
    import io

    from plainspeak.glossary import load_entries
    from plainspeak.glossary_tools import Problem

    folder = _home_folder(args.folder)
    if not folder.is_dir():
        raise GlossaryCommandError(f"no such glossary folder: {folder}")
    entries, problems = load_entries([str(folder)])
    if problems:
        for p in problems:
            print(Problem(p.path, p.line, p.message), file=sys.stderr)
        print("plainspeak: fix these files first (see 'plainspeak glossary check'); nothing was exported",
              file=sys.stderr)
        return EXIT_PROBLEMS
    rows = []
    for e in sorted(entries, key=lambda e: e.path):
        row = entry_row(e, folder)
        for key in LIST_COLUMNS:
            if any(SEP.strip() in x for x in row[key]):
                print(f"plainspeak: {row['file']}: '{key}' holds a '|', which the spreadsheet uses between "
                      "items; change it first. Nothing was exported.", file=sys.stderr)
                return EXIT_PROBLEMS
        rows.append({k: _joined(v) for k, v in row.items()})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    if args.csv == "-":
        sys.stdout.write(buf.getvalue())
        return EXIT_OK
    try:  # with a byte order mark, so spreadsheets read the letters right
        write_atomic_bytes(Path(args.csv), buf.getvalue().encode("utf-8-sig"))
    except OSError as exc:
        raise GlossaryCommandError(f"{args.csv}: cannot write the file ({exc.strerror or exc})") from None
    print(f"Wrote {len(rows)} entries to {args.csv}.", file=sys.stderr)
    return EXIT_OK


def write_atomic_bytes(path: Path, data: bytes) -> None:
    from plainspeak.fileio import write_atomic as write_bytes

    write_bytes(path, data)


def _split(text: str) -> list[str]:
    return [x.strip() for x in text.split("|")] if text.strip() else []


def row_to_data(row: dict[str, str], old=None) -> dict:
    """A spreadsheet row as entry data (what a YAML file would hold), ready for parse_entry."""
    from plainspeak.yamlfile import LineDict

    def cell(key: str) -> str:
        return " ".join((row.get(key) or "").split())

    data = LineDict()
    for key in ("term", "category"):
        data[key] = cell(key)
    data["alternatives"] = _split(cell("alternatives"))
    if _split(cell("forms")):
        data["forms"] = _split(cell("forms"))
    data["why"] = cell("why")
    for key in ("fine-when", "severity", "proposed-by", "reviewed-by"):
        if cell(key):
            data[key] = cell(key)
    data["locale"] = cell("locale") or "en-GB"
    data["status"] = cell("status") or (old.status if old is not None else "proposed")
    orgs, docs = _split(cell("source organisations")), _split(cell("source documents"))
    urls = _split(cell("source addresses"))
    if len(orgs) != len(docs) or len(urls) > len(orgs):
        raise ValueError("'source organisations', 'source documents' and 'source addresses' must list the "
                         f"sources in the same order, one each (found {len(orgs)}, {len(docs)} and {len(urls)})")
    sources = []
    for i, (org, doc) in enumerate(zip(orgs, docs)):
        s = LineDict(organisation=org, document=doc)
        if i < len(urls) and urls[i]:
            s["url"] = urls[i]
        sources.append(s)
    data["sources"] = sources
    examples = LineDict()
    if _split(cell("flag examples")):
        examples["flag"] = _split(cell("flag examples"))
    if _split(cell("pass examples")):
        examples["pass"] = _split(cell("pass examples"))
    if examples:
        data["examples"] = examples
    safe = cell("safe-fix").lower()
    if safe not in ("", "true", "false", "yes", "no"):
        raise ValueError("'safe-fix' must be true or false (or empty)")
    if safe in ("true", "yes"):
        data["safe-fix"] = True
    return data


def _same(a, b, folder: Path) -> list[str]:
    """The spreadsheet columns that differ between two entries."""
    ra, rb = entry_row(a, folder), entry_row(b, folder)
    return [k for k in COLUMNS if k != "file" and ra[k] != rb[k]]


def cmd_import(args) -> int:
    import csv

    from plainspeak.glossary import parse_entry
    from plainspeak.glossary_tools import display_path
    from plainspeak.yamlfile import DataFileError, closest

    folder = _home_folder(args.folder)
    if not folder.is_dir():
        raise GlossaryCommandError(f"no such glossary folder: {folder}")
    try:
        with open(args.csv, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
        first = text.split("\n", 1)[0]
        # Some spreadsheets save with semicolons between the cells.
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.DictReader(text.splitlines(keepends=True), delimiter=delimiter)
        header = [(h or "").strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = list(reader)
    except FileNotFoundError:
        raise GlossaryCommandError(f"{args.csv}: no such file") from None
    except UnicodeDecodeError:
        raise GlossaryCommandError(f"{args.csv}: the file is not saved as UTF-8 text; in your spreadsheet, "
                                   "save it as 'CSV UTF-8'") from None
    except (OSError, csv.Error) as exc:
        raise GlossaryCommandError(f"{args.csv}: cannot read the file as CSV ({exc})") from None
    name = display_path(os.path.abspath(args.csv)) if os.path.isabs(args.csv) else args.csv
    errors: list[str] = []
    for h in header:
        if h not in COLUMNS:
            guess = closest(h, COLUMNS)
            errors.append(f"{name}: the column '{h}' is not one plainspeak knows"
                          + (f" — did you mean '{guess}'?" if guess else ""))
    for h in REQUIRED_COLUMNS:
        if h not in header:
            errors.append(f"{name}: the column '{h}' is missing; export the glossary again to get every column")
    if errors:
        for e in errors:
            print(e)
        print("Nothing was written.")
        return EXIT_PROBLEMS

    from plainspeak.glossary import load_entries

    existing, bad_files = load_entries([str(folder)])
    by_path = {str(Path(e.path).resolve()): e for e in existing}
    plan = []  # (row number, kind, new entry, old entry or None, changed columns, old path to remove)
    row_of: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):  # row 1 is the header
        where = f"{name}, row {n}"
        if None in row:
            errors.append(f"{where}: this row has more cells than there are columns; is there a stray comma?")
            continue
        if not any((v or "").strip() for v in row.values()):
            continue  # an empty line
        rel = (row.get("file") or "").strip().replace("\\", "/")
        old = None
        if rel:
            target = (folder / rel).resolve()
            if not rel.endswith(".yaml") or folder.resolve() not in target.parents:
                errors.append(f"{where}: the file '{rel}' must be a .yaml file inside the glossary folder")
                continue
            old = by_path.get(str(target))
            if old is None and target.exists():
                errors.append(f"{where}: {rel} cannot be read; fix it first (see 'plainspeak glossary check')")
                continue
            if rel in seen_files:
                errors.append(f"{where}: the file '{rel}' is also in row {seen_files[rel]}; keep one row per entry")
                continue
            seen_files[rel] = n
        try:
            data = row_to_data(row, old)
        except ValueError as exc:
            errors.append(f"{where}: {exc}")
            continue
        category = data["category"]
        if old is not None and old.category == category:
            path = Path(old.path)
        else:
            file_name = Path(rel).name if rel else f"{slug(data['term']) or 'entry'}.yaml"
            path = folder / (category or "unknown") / file_name
        try:
            entry = parse_entry(data, str(path))
        except DataFileError as exc:
            errors.append(f"{where}: {exc.message}")
            continue
        text = entry_to_yaml(entry)
        entry = _reparse(text, str(path))  # exactly what will be written
        if old is None:
            if path.exists() or str(path.resolve()) in row_of:
                errors.append(f"{where}: {display_path(str(path))} already exists; put its name in the "
                              "'file' column to change it, or choose another term")
                continue
            plan.append((n, "added", entry, None, [], None))
        else:
            changed = _same(old, entry, folder)
            moved = Path(old.path).resolve() != path.resolve()
            if moved and (path.exists() or str(path.resolve()) in row_of):
                errors.append(f"{where}: cannot move the entry to {display_path(str(path))}; "
                              "a file with that name is already there")
                continue
            plan.append((n, "changed" if changed else "unchanged", entry, old, changed,
                         Path(old.path) if moved else None))
        row_of[str(path.resolve())] = n

    touched = [p for p in plan if p[1] != "unchanged"]
    if touched:  # even when some rows are wrong, so that every problem is reported at once
        new_entries = [p[2] for p in touched]
        replaced = {str(Path(p[3].path).resolve()) for p in touched if p[3] is not None}
        context, _ = context_entries(folder, new_entries)
        rest = [e for e in context if str(Path(e.path).resolve()) not in replaced]
        from plainspeak.glossary_tools import problems_in

        for problem in problems_in([*rest, *new_entries], only={e.path for e in new_entries},
                                   texts={e.path: entry_to_yaml(e) for e in new_entries}):
            n = row_of.get(str(Path(problem.path).resolve()))
            cause = row_of.get(str(Path(problem.cause).resolve())) if problem.cause else None
            row_n = n or cause
            where = f"{name}, row {row_n}" if row_n else display_path(problem.path)
            message = problem.message if n else f"{display_path(problem.path)}: {problem.message}"
            errors.append(f"{where}: {message}")

    for p in plan:
        n, kind, entry, old, changed, moved_from = p
        label = display_path(str(entry.path))
        if kind == "changed":
            extra = f" (moved from {display_path(str(moved_from))})" if moved_from else ""
            print(f"changed    {label}{extra}: {', '.join(changed)}")
        elif kind == "added":
            print(f"added      {label}")
    counts = {k: sum(1 for p in plan if p[1] == k) for k in ("added", "changed", "unchanged")}
    listed = {str(Path(p[3].path).resolve()) for p in plan if p[3] is not None}
    left = sum(1 for e in existing if str(Path(e.path).resolve()) not in listed)
    summary = f"{counts['added']} added, {counts['changed']} changed, {counts['unchanged']} unchanged"
    if left:
        summary += f", {left} not in the spreadsheet (left as they are)"
    if bad_files:
        summary += f"; {len(bad_files)} glossary files could not be read (see 'plainspeak glossary check')"
    if errors:
        for e in errors:
            print(e)
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''}. Nothing was written. "
              f"Fix the rows above and import again.")
        return EXIT_PROBLEMS
    if args.dry_run or not touched:
        print(f"{summary}. Nothing was written{' (dry run)' if args.dry_run else ''}.")
        return EXIT_OK
    # Write every file beside its place first, then move them all into place.
    staged = []
    try:
        import tempfile

        for n, kind, entry, old, changed, moved_from in touched:
            path = Path(entry.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(entry_to_yaml(entry))
            staged.append((tmp, path, moved_from))
        for tmp, path, moved_from in staged:
            os.replace(tmp, path)
            if moved_from is not None and moved_from.exists():
                moved_from.unlink()
    except OSError as exc:
        for tmp, _, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise GlossaryCommandError(f"cannot write the glossary files ({exc.strerror or exc})") from None
    print(f"{summary}. Wrote {len(touched)} file{'s' if len(touched) != 1 else ''}.")
    return EXIT_OK
