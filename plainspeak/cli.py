"""Command line: ``plainspeak check``, ``annotate``, ``fix``, ``init``, ``rules``, ``explain``, ``glossary check``.

Start-up stays light: heavy modules (spaCy, document parsers) are imported
only by the commands that need them, so ``--help`` and ``--version`` are quick.

Exit codes: 0 = nothing at or above --fail-on; 1 = findings at or above it;
2 = a usage or configuration error, or a file that could not be read.
"""

from __future__ import annotations

import argparse
import os
import sys

from plainspeak import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one plain line, exit code 2
        self.exit(EXIT_ERROR, f"plainspeak: {message} (try 'plainspeak --help')\n")


def _add_settings_options(p: argparse.ArgumentParser) -> None:
    """The options that choose settings and rules, shared by check, annotate and fix."""
    p.add_argument("--config", metavar="FILE", help="use this configuration file")
    p.add_argument("--select", action="append", default=[], metavar="RULES",
                   help="use only these rules: codes, names, kinds (deficit-label) or code starts (PS3), "
                        "separated by commas")
    p.add_argument("--disable", action="append", default=[], metavar="RULES",
                   help="switch rules off: codes, names, kinds or code starts, separated by commas")
    p.add_argument("--preview", action="store_true", help="also use glossary entries that are only proposed")


def build_parser() -> argparse.ArgumentParser:
    from plainspeak.extract.formats import FORMATS, endings_text, labels_text  # light: no readers imported

    p = _Parser(prog="plainspeak",
                description="Check service documents for acronyms, jargon, deficit labels, readability "
                            f"and accessibility. Reads {labels_text()}.")
    p.add_argument("--version", action="version", version=f"plainspeak {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    c = sub.add_parser("check", help="check files and folders",
                       description=f"Check files and folders. Folders are searched for {endings_text()} "
                                   "files. Use - to read Markdown from standard input.")
    c.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: this folder)")
    c.add_argument("--format", choices=("text", "concise", "json", "sarif", "github", "html"), default="text",
                   help="text for people (default), concise for one line a finding, json for programs, "
                        "sarif for GitHub code scanning and review tools, github for GitHub Actions annotations, "
                        "html for a page to open in a browser (use with -o report.html)")
    c.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default=None,
                   help="exit with 1 when a finding is this severe or more (default: warning)")
    _add_settings_options(c)
    c.add_argument("-o", "--output", metavar="FILE", help="write the report to this file")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text report")
    b = c.add_mutually_exclusive_group()
    b.add_argument("--baseline", metavar="FILE",
                   help="report only findings that are not in this baseline file")
    b.add_argument("--write-baseline", metavar="FILE",
                   help="save the current findings to this baseline file, and report nothing")
    c.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                   help="check N files at a time in separate processes (default 1; 0 = one per CPU)")

    a = sub.add_parser("annotate", help="write a copy of a Word file with a comment on each finding",
                       description="Write a copy of a Word (.docx) file with a Word comment on the words of "
                                   "each finding: what was found, why, and what to write instead. The "
                                   "original file is never changed.")
    a.add_argument("file", metavar="FILE.docx", help="the Word file to review")
    a.add_argument("-o", "--output", metavar="FILE",
                   help="where to write the copy (default: the file's name with -reviewed, beside it)")
    a.add_argument("--force", action="store_true", help="replace the copy if it is already there")
    _add_settings_options(a)

    fixable = [f for f in FORMATS.values() if f.can_fix]
    fix_kinds = " and ".join(f.label for f in fixable)
    x = sub.add_parser("fix", help=f"make the safe swaps in {fix_kinds} files",
                       description=f"Replace words in {fix_kinds} files only where the glossary marks "
                                   "the swap as safe (one alternative, the same meaning in every context). "
                                   "Code, link targets and other forms of a word are never changed.")
    x.add_argument("files", nargs="+", metavar="FILE",
                   help=" or ".join(f"{f.label} ({', '.join(f.endings)})" for f in fixable) + " files")
    x.add_argument("--diff", action="store_true", help="show the changes as a diff and change nothing")
    _add_settings_options(x)

    i = sub.add_parser("init", help="write a starter settings file",
                       description="Write a starter .plainspeak.toml, with every setting explained, "
                                   "in this folder. An existing file is never overwritten.")
    i.add_argument("--path", default=".plainspeak.toml", metavar="FILE",
                   help="where to write it (default: .plainspeak.toml)")

    sub.add_parser("rules", help="list the rules", description="List every rule with its code and name.")

    e = sub.add_parser("explain", help="explain a rule", description="Show what a rule finds, why, and what to write instead.")
    e.add_argument("rule", help="a rule code (PS301) or name (deficit-label)")

    sub.add_parser("lsp", help="run the editor server (Language Server Protocol, over standard input and output)",
                   description="Run plainspeak as a language server for editors (VS Code, Neovim, Helix, Emacs): "
                               "findings appear as you type in Markdown and text files. Your editor starts it; "
                               "see docs/editors.md.")
    au = sub.add_parser("audit", help="audit a whole organisation's documents into a results folder",
                        description="Check every document in the folders and write a results folder: "
                                    "documents.csv and documents.parquet (one row a document), findings.parquet "
                                    "(one row a finding) and summary.html (a summary page). A second run skips "
                                    "documents that have not changed. Runs on a local Dask cluster, or on an "
                                    "existing one with --scheduler. Needs: pip install 'plainspeak[audit]'.")
    au.add_argument("folders", nargs="+", metavar="FOLDER", help="folders (or files) to audit")
    au.add_argument("--out", required=True, metavar="RESULTS", help="the results folder (made if missing)")
    au.add_argument("--scheduler", metavar="ADDRESS",
                    help="an existing Dask scheduler, for example tcp://10.0.0.5:8786 (default: a cluster on "
                         "this computer)")
    au.add_argument("--workers", type=int, metavar="N",
                    help="worker processes for the cluster on this computer (default: one per CPU, up to 8)")
    _add_settings_options(au)

    g = sub.add_parser("glossary", help="work with the glossary", description="Work with the glossary.")
    gsub = g.add_subparsers(dest="glossary_command", metavar="ACTION", parser_class=_Parser)
    gc = gsub.add_parser("check", help="check glossary files for mistakes",
                         description="Check glossary entry files and report each problem with its file and line.")
    gc.add_argument("folders", nargs="*", metavar="FOLDER",
                    help="glossary folders (default: the repository's glossary folder when you are inside a copy "
                         "of the repository, else the bundled one, and those in your settings)")
    from plainspeak.glossary.commands import add_parsers as add_glossary_parsers  # light: no heavy imports

    add_glossary_parsers(gsub)  # list, search, show, add, export, import
    return p


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "annotate":
            return cmd_annotate(args)
        if args.command == "fix":
            return cmd_fix(args)
        if args.command == "init":
            return cmd_init(args.path)
        if args.command == "rules":
            return cmd_rules()
        if args.command == "lsp":
            from plainspeak.lsp.server import main as run_lsp

            return run_lsp()
        if args.command == "audit":
            from plainspeak.audit import cli as run_audit

            return run_audit(args)
        if args.command == "explain":
            return cmd_explain(args.rule)
        if args.command == "glossary":
            if args.glossary_command:
                from plainspeak.glossary.commands import run as run_glossary

                return run_glossary(args)
            parser.parse_args(["glossary", "--help"])
        parser.print_help()
        return EXIT_OK
    except KeyboardInterrupt:
        print("plainspeak: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _fail(message: str) -> int:
    print(f"plainspeak: {message}", file=sys.stderr)
    return EXIT_ERROR


def _settings(args):
    """The configuration (with --select, if given), and the rules switched off with --disable."""
    from plainspeak.config import load

    config = load(args.config)
    select = [x.strip() for d in getattr(args, "select", []) for x in d.split(",") if x.strip()]
    if select:
        config.select = select
    return config, [x.strip() for d in args.disable for x in d.split(",") if x.strip()]


def cmd_check(args) -> int:
    from plainspeak.config import ConfigError
    from plainspeak.yamlfile import DataFileError

    try:
        config, disable = _settings(args)
    except ConfigError as exc:
        return _fail(str(exc))
    fail_on = args.fail_on or config.fail_on
    paths = args.paths or ["."]
    from plainspeak.baseline import BaselineError
    from plainspeak.engine import Checker
    from plainspeak.files import discover
    from plainspeak.language.pipeline import ModelMissing
    from plainspeak.parallel import Progress, check_files

    known = None
    if args.baseline:
        from plainspeak import baseline

        try:
            known = baseline.load(args.baseline)
        except BaselineError as exc:
            return _fail(str(exc))
    files = discover(paths, config.exclude)
    if not files:
        from plainspeak.extract.formats import endings_text

        return _fail(f"no files to check in {', '.join(paths)} "
                     f"(plainspeak reads {endings_text()} files)")
    # A progress bar only for people watching a terminal, and never mixed with a machine format.
    progress = None
    if len(files) >= PROGRESS_MIN_FILES and args.format in ("text", "concise") and sys.stderr.isatty():
        progress = Progress(sys.stderr)
    try:
        checker = Checker(config, disable=disable, preview=args.preview or None)
        reports = list(check_files(checker, files, args.jobs, progress))
    except (DataFileError, ModelMissing, ValueError) as exc:
        return _fail(str(exc))
    finally:
        if progress:
            progress.close()
    if args.write_baseline:
        from plainspeak import baseline

        try:
            n = baseline.write(reports, args.write_baseline)
        except OSError as exc:
            return _fail(f"{args.write_baseline}: cannot write the baseline ({exc.strerror or exc})")
        print(f"plainspeak: saved {n} finding{'' if n == 1 else 's'} to {args.write_baseline}", file=sys.stderr)
        for r in reports:
            if r.error:
                print(f"plainspeak: {r.path}: {r.error}", file=sys.stderr)
        return EXIT_ERROR if any(r.error for r in reports) else EXIT_OK
    if known is not None:
        from plainspeak import baseline

        reports, hidden = baseline.apply(reports, args.baseline, known)
        if hidden and args.format in ("text", "concise"):
            print(f"plainspeak: left out {hidden} finding{'' if hidden == 1 else 's'} already in "
                  f"{args.baseline}", file=sys.stderr)
    from plainspeak.report import render

    to_terminal = not args.output and sys.stdout.isatty()
    color = args.color == "always" or (args.color == "auto" and to_terminal and not os.environ.get("NO_COLOR"))
    options = {"documents": _documents(reports, checker)} if args.format == "html" else {}
    text = render(args.format, reports, color=color, rules=checker.all_rules, pretty=to_terminal, **options)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            return _fail(f"{args.output}: cannot write the report ({exc.strerror or exc})")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if args.format in ("json", "sarif", "github", "html") or args.output:
        for r in reports:
            if r.error:
                print(f"plainspeak: {r.path}: {r.error}", file=sys.stderr)
    if any(r.error for r in reports):
        return EXIT_ERROR
    return EXIT_FINDINGS if failing(reports, fail_on) else EXIT_OK


PROGRESS_MIN_FILES = 20


def _documents(reports, checker) -> dict:
    """The documents again, for the HTML report's text (reading is quick next to checking)."""
    from plainspeak.extract import extract_file
    from plainspeak.model import ExtractError

    out = {}
    for r in reports:
        if r.error or r.path.startswith("<"):
            continue
        try:
            out[r.path] = extract_file(r.path, checker.limits)
        except (ExtractError, OSError, MemoryError, RecursionError):
            pass  # the report then lists the findings by place
    return out


def failing(reports, fail_on: str) -> bool:
    from plainspeak.model import SEVERITIES

    if fail_on == "never":
        return False
    floor = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(f.severity) >= floor for r in reports for f in r.findings)


STARTER_CONFIG = """\
# plainspeak settings. plainspeak reads this file from the folder it runs in, or
# from a folder above it. Lines starting with # are notes; remove the # in front
# of a setting to use it. 'plainspeak rules' lists the rules and their codes;
# 'plainspeak explain PS301' says what one rule finds and why.

# When 'plainspeak check' should fail (exit code 1): error, warning, info or never.
fail-on = "warning"

# Use only some rules: by code (PS301), name (deficit-label), kind (acronym, jargon,
# deficit-label, readability, accessibility) or the start of their codes (PS3).
# select = ["deficit-label", "acronym"]

# Switch rules off, the same ways.
# disable = ["PS202", "wordy-phrase"]

# Make a rule milder or stronger: error, warning or info.
# severity = { PS101 = "info" }

# Acronyms your readers already know, so they need no spelling out.
# allow-acronyms = ["NHS", "GP"]

# Folders with your own glossary entries (one YAML file per term), and bundled
# glossary terms to switch off.
# glossary = ["our-glossary"]
# disable-terms = ["cohort"]

# true: also use glossary entries that are only proposed.
# preview = false

# Files and folders to skip.
# exclude = ["drafts/**", "archive/**"]

# Different settings for some files, for example quoted law.
# [[overrides]]
# files = ["legal/**"]
# disable = ["PS201"]
"""


def cmd_annotate(args) -> int:
    from plainspeak.config import ConfigError
    from plainspeak.extract import FORMATS, extract_file, format_for
    from plainspeak.model import ExtractError
    from plainspeak.yamlfile import DataFileError

    source = args.file
    fmt = format_for(source)
    if fmt is None or not FORMATS[fmt].can_annotate:
        kinds = " or ".join(f"{f.label} ({', '.join(f.endings)})" for f in FORMATS.values() if f.can_annotate)
        return _fail(f"{source}: annotate writes comments into {kinds} files only")
    root, _ = os.path.splitext(source)
    target = args.output or f"{root}-reviewed.docx"
    if os.path.exists(target) and os.path.exists(source) and os.path.samefile(source, target):
        return _fail(f"{target}: choose another name; annotate never changes the original file")
    if os.path.exists(target) and not args.force:
        return _fail(f"{target} is already there; give --force to replace it, or another name with -o")
    try:
        config, disable = _settings(args)
    except ConfigError as exc:
        return _fail(str(exc))
    from plainspeak.annotate import annotate
    from plainspeak.engine import Checker
    from plainspeak.language.pipeline import ModelMissing

    try:
        checker = Checker(config, disable=disable, preview=args.preview or None).for_path(source)
        try:
            document = extract_file(source, checker.limits)
        except ExtractError as exc:
            return _fail(f"{source}: {exc}")
        report = checker.check_document(document, every_use=True)  # a comment at every use
        result = annotate(source, target, document, report.findings)
    except (DataFileError, ModelMissing, ValueError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{target}: cannot write the copy ({exc.strerror or exc})")
    n = result.comments
    print(f"Wrote {target} with {n} comment{'' if n == 1 else 's'}.")
    if result.already:
        m = result.already
        print(f"{m} comment{' was' if m == 1 else 's were'} already in the file from an earlier run, "
              "so not added again.")
    if result.not_placed:
        m = len(result.not_placed)
        print(f"{m} finding{' is' if m == 1 else 's are'} not on words in the main text (about the whole "
              f"document, or in headers, footers or notes); 'plainspeak check {source}' lists "
              f"{'it' if m == 1 else 'them'}.")
    return EXIT_OK


def cmd_fix(args) -> int:
    from plainspeak.config import ConfigError
    from plainspeak.model import ExtractError
    from plainspeak.yamlfile import DataFileError

    try:
        config, disable = _settings(args)
    except ConfigError as exc:
        return _fail(str(exc))
    from plainspeak.engine import Checker
    from plainspeak.fix import FixError, plan, write
    from plainspeak.language.pipeline import ModelMissing

    status = EXIT_OK
    try:
        checker = Checker(config, disable=disable, preview=args.preview or None)
        for path in args.files:
            try:
                p = plan(path, checker)
            except (FixError, ExtractError) as exc:
                print(f"plainspeak: {path}: {exc}", file=sys.stderr)
                status = EXIT_ERROR
                continue
            except OSError as exc:
                print(f"plainspeak: {path}: cannot read the file ({exc.strerror or exc})", file=sys.stderr)
                status = EXIT_ERROR
                continue
            n = len(p.edits)
            if args.diff:
                sys.stdout.write(p.diff())
                continue
            if n:
                try:
                    write(p)
                except OSError as exc:
                    print(f"plainspeak: {path}: cannot write the file ({exc.strerror or exc})", file=sys.stderr)
                    status = EXIT_ERROR
                    continue
                print(f"{path}: made {n} safe swap{'' if n == 1 else 's'}.")
            else:
                print(f"{path}: nothing to change safely.")
    except (DataFileError, ModelMissing, ValueError) as exc:
        return _fail(str(exc))
    return status


def cmd_init(path: str) -> int:
    if os.path.lexists(path):
        return _fail(f"{path} already exists; plainspeak init never overwrites a file "
                     "(remove it first, or use --path to write somewhere else)")
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(STARTER_CONFIG)
    except FileExistsError:
        return _fail(f"{path} already exists; plainspeak init never overwrites a file")
    except OSError as exc:
        return _fail(f"{path}: cannot write the settings file ({exc.strerror or exc})")
    print(f"Wrote {path}. Open it to see each setting, then run 'plainspeak check'.")
    return EXIT_OK


def cmd_rules() -> int:
    from plainspeak.rules import load_rules

    for r in load_rules():
        print(f"{r.code}  {r.name:<24} {r.category:<14} {r.severity:<8} {r.summary}")
    return EXIT_OK


def cmd_explain(key: str) -> int:
    from plainspeak.explain import explain_text
    from plainspeak.rules import find_rule, load_rules

    rules = load_rules()
    rule = find_rule(rules, key)
    if rule is None:
        return _fail(f"no rule is called '{key}' (see 'plainspeak rules')")
    print(explain_text(rule), end="")
    return EXIT_OK
