"""``plainspeak glossary add``: suggest a new entry.

In a terminal it asks the questions one at a time, the term and its kind
first: when the glossary already has that term, it says so straight away,
before the other questions. The entry is checked as ``glossary check`` does
and written as a tidy file with ``status: proposed``; an existing file is
never replaced.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from plainspeak.glossary.shared import (
    CATEGORY_NAMES,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PROBLEMS,
    GlossaryCommandError,
    home_folder,
)
from plainspeak.glossary.files import base_entries, context_entries, entry_to_yaml, reparse, slug, \
    validate_with, write_entry_file

FIRST = ("term", "category")  # asked, and checked, before the rest

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


def _ask_missing(values: dict, ask: Callable[[str], str], names=None) -> None:
    """Ask, one at a time, for each answer that was not given as a flag (only ``names``, if given)."""
    from plainspeak.yamlfile import closest

    for name, question, required, many in QUESTIONS:
        if values.get(name) or (names is not None and name not in names):
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


def _missing(values: dict) -> list[str]:
    return [name for name, _, required, _ in QUESTIONS if required and not values.get(name)]


def taken(term: str, category: str, folder: Path) -> str | None:
    """Why ``term`` cannot be added (its file exists, or an entry already has it), or None."""
    from plainspeak.glossary.entry import term_key
    from plainspeak.glossary.load import load_entries
    from plainspeak.glossary.lint import display_path

    path = folder / category / f"{slug(term)}.yaml"
    if path.exists():
        return (f"{display_path(str(path))} already exists, so nothing was written. "
                f"To change that entry, edit the file (see 'plainspeak glossary show \"{term}\"').")
    key = term_key(term, category)
    own, _ = load_entries([str(folder)]) if folder.is_dir() else ([], [])
    for e in own:  # a term of the base glossary may be replaced by an organisation's own entry
        if any(term_key(p, category) == key for p in e.phrases()):
            return (f"'{term}' is already in the glossary: {display_path(e.path)} ({e.category}, {e.status}). "
                    f"To change that entry, edit the file (see 'plainspeak glossary show \"{e.term}\"'). "
                    "Nothing was written.")
    return None


def cmd_add(args, ask: Callable[[str], str] | None = None) -> int:
    from plainspeak.glossary.entry import CATEGORIES, Entry, Source
    from plainspeak.glossary.lint import Problem, display_path
    from plainspeak.yamlfile import DataFileError, closest

    values = {name: getattr(args, name) for name, *_ in QUESTIONS}
    values["forms"], values["severity"] = args.forms, args.severity
    interactive = ask is not None or (not args.no_input and sys.stdin.isatty())
    folder = home_folder(args.folder)
    try:
        if _missing(values) and interactive:
            print("Please answer a few questions. Press Ctrl+C to stop; nothing is written until the end.")
            _ask_missing(values, ask or input, FIRST)
        if values.get("term") and values.get("category"):
            category = " ".join(values["category"].split())
            if category not in CATEGORIES:
                guess = closest(category, CATEGORIES)
                raise GlossaryCommandError(f"category '{category}' is not one of: {', '.join(CATEGORIES)}"
                                           + (f" — did you mean '{guess}'?" if guess else ""))
            if not slug(values["term"]):
                raise GlossaryCommandError(f"cannot make a file name from '{values['term']}'; "
                                           "use letters or numbers")
            why_not = taken(values["term"], category, folder)
            if why_not:
                print(why_not)
                return EXIT_PROBLEMS
        if _missing(values) and interactive:
            _ask_missing(values, ask or input)
    except (EOFError, KeyboardInterrupt):
        print("\nStopped. Nothing was written.", file=sys.stderr)
        return EXIT_ERROR
    missing = _missing(values)
    if missing:
        flags = ", ".join("--" + {"alternatives": "alternative", "flag_examples": "flag-example"}.get(m, m)
                          .replace("_", "-") for m in missing)
        raise GlossaryCommandError(f"'glossary add' needs {flags} (or run it in a terminal to be asked)")
    category = " ".join(values["category"].split())
    path = folder / category / f"{slug(values['term'])}.yaml"
    draft = Entry(term=values["term"], category=category, alternatives=values["alternatives"],
                  why=values["why"] or "", sources=[Source(values["source_organisation"], values["source_document"],
                                                           values["source_url"] or None)],
                  forms=values["forms"], fine_when=values["fine_when"], severity=values["severity"],
                  status="proposed", proposed_by=values["proposed_by"], reviewed_by="",
                  flag_examples=values["flag_examples"], pass_examples=values["pass_examples"] or [])
    text = entry_to_yaml(draft)
    try:
        entry = reparse(text, str(path))
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
        write_entry_file(path, text)
    except OSError as exc:
        raise GlossaryCommandError(f"{display_path(str(path))}: cannot write the file "
                                   f"({exc.strerror or exc})") from None
    print(f"Wrote {display_path(str(path))} (status: proposed). A reviewer will check it; "
          "until then it is used only with --preview.")
    replaced = [e for e in base_entries(folder) if e.key == entry.key]
    if replaced:
        print(f"Once it is approved (or with --preview), it replaces the bundled entry "
              f"{display_path(replaced[0].path)} wherever this folder is used.")
    return EXIT_OK
