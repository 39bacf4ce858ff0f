"""``plainspeak glossary export --csv FILE`` and ``import --csv FILE``: the glossary in a spreadsheet.

Export writes one row per entry. Import reads the rows back, checks every
row as ``glossary check`` does, says what would be added or changed, and
writes nothing if any row has a problem. Rows left out of the file are not
touched.

An old spreadsheet must not quietly undo newer work: each exported row
carries the fingerprint of its file (the "file version" column). When a file
was changed (or deleted) after the export and the row would change it, import
names the rows and stops; ``--force`` imports them anyway.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from plainspeak.fileio import write_atomic, write_atomic_many
from plainspeak.glossary.shared import EXIT_OK, EXIT_PROBLEMS, GlossaryCommandError, home_folder
from plainspeak.glossary.files import context_entries, entry_to_yaml, reparse, slug

# Spreadsheet columns, in order. Lists are joined with " | ".
SEP = " | "
COLUMNS = (
    "file", "term", "category", "status", "alternatives", "forms", "why", "fine-when", "severity", "locale",
    "source organisations", "source documents", "source addresses", "proposed-by", "reviewed-by",
    "flag examples", "pass examples", "safe-fix", "file version",
)
# "file version": a short fingerprint of the entry file when it was exported. On import, a row whose
# file has changed since then would undo that change, so import stops and says so (unless --force).
# Spreadsheets from before this column are compared by date instead: a file changed after the
# spreadsheet was last saved.
VERSION = "file version"
NOT_COMPARED = ("file", VERSION)
REQUIRED_COLUMNS = ("term", "category", "alternatives", "why", "source organisations", "source documents")
LIST_COLUMNS = ("alternatives", "forms", "source organisations", "source documents", "source addresses",
                "flag examples", "pass examples")



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

    from plainspeak.glossary.lint import Problem
    from plainspeak.glossary.load import load_entries

    folder = home_folder(args.folder)
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
        row = {k: _joined(v) for k, v in row.items()}
        row[VERSION] = file_version(Path(e.path))
        rows.append(row)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    if args.csv == "-":
        sys.stdout.write(buf.getvalue())
        return EXIT_OK
    try:  # with a byte order mark, so spreadsheets read the letters right
        write_atomic(Path(args.csv), buf.getvalue().encode("utf-8-sig"))
    except OSError as exc:
        raise GlossaryCommandError(f"{args.csv}: cannot write the file ({exc.strerror or exc})") from None
    print(f"Wrote {len(rows)} entries to {args.csv}.", file=sys.stderr)
    return EXIT_OK


def file_version(path: Path) -> str:
    """A short fingerprint of a file's bytes ("" when it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return ""


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
    return [k for k in COLUMNS if k not in NOT_COMPARED and ra[k] != rb[k]]


def cmd_import(args) -> int:
    import csv

    from plainspeak.glossary.entry import parse_entry
    from plainspeak.glossary.lint import display_path
    from plainspeak.yamlfile import DataFileError, closest

    folder = home_folder(args.folder)
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

    from plainspeak.glossary.load import load_entries

    existing, bad_files = load_entries([str(folder)])
    by_path = {str(Path(e.path).resolve()): e for e in existing}
    try:
        saved = os.stat(args.csv).st_mtime_ns  # when the spreadsheet was last saved
    except OSError:
        saved = None
    newer: dict[int, str] = {}  # row number -> how its file changed after the export
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
            why = _changed_since_export(row, old, target, saved)
            if why:
                newer[n] = f"{where}: {rel} {why}"
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
        entry = reparse(text, str(path))  # exactly what will be written
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
        from plainspeak.glossary.lint import problems_in

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
    undo = [newer[p[0]] for p in touched if p[0] in newer]
    if undo and not args.force:
        for line in undo:
            print(line)
        print(f"Importing would undo newer changes in {len(undo)} file{'s' if len(undo) != 1 else ''}, "
              "so nothing was written. Export the glossary again and copy your edits into the new "
              "spreadsheet, or give --force to import these rows anyway (the newer changes are then lost).")
        return EXIT_PROBLEMS
    for line in undo:
        print(f"{line} (imported anyway, as --force asks)")
    if args.dry_run or not touched:
        print(f"{summary}. Nothing was written{' (dry run)' if args.dry_run else ''}.")
        return EXIT_OK
    # Every file is written beside its place first, then all are moved into place.
    try:
        for _, _, entry, *_ in touched:
            Path(entry.path).parent.mkdir(parents=True, exist_ok=True)
        write_atomic_many([(Path(entry.path), entry_to_yaml(entry).encode("utf-8")) for _, _, entry, *_ in touched])
        for *_, moved_from in touched:
            if moved_from is not None and moved_from.exists():
                moved_from.unlink()
    except OSError as exc:
        raise GlossaryCommandError(f"cannot write the glossary files ({exc.strerror or exc})") from None
    print(f"{summary}. Wrote {len(touched)} file{'s' if len(touched) != 1 else ''}.")
    return EXIT_OK


def _changed_since_export(row: dict, old, target: Path, saved: int | None) -> str | None:
    """How the row's file changed after the spreadsheet was exported, or None when it did not."""
    recorded = (row.get(VERSION) or "").strip()
    if old is None:
        if recorded and not target.exists():
            return "was deleted after the spreadsheet was exported; importing the row would bring it back"
        return None
    if recorded:
        if recorded != file_version(Path(old.path)):
            return "was changed after the spreadsheet was exported; importing the row would undo that change"
        return None
    try:  # a spreadsheet from before the "file version" column: compare the dates
        if saved is not None and os.stat(old.path).st_mtime_ns > saved:
            return ("was changed after the spreadsheet was last saved; importing the row may undo that "
                    "change")
    except OSError:
        pass
    return None
