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


class _Help(argparse.HelpFormatter):
    """argparse's help layout, with the terminal's width found as shutil.get_terminal_size does
    (COLUMNS, else the terminal's, else 80) without importing shutil: argparse makes one for
    every option it adds, and shutil was a good part of the start-up of every run."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width=None):
        if width is None:
            try:
                width = max(int(os.environ["COLUMNS"]), 0)
            except (KeyError, ValueError):
                width = 0
            try:
                width = width or os.get_terminal_size(sys.__stdout__.fileno()).columns
            except (AttributeError, ValueError, OSError):
                pass
            width = (width or 80) - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)

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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. ``only="check"``: the check command alone, which is all a run of
    ``plainspeak check`` needs (the other commands' options import more modules)."""
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
    from plainspeak import report as formats  # light: the format modules load only when used

    c.add_argument("--format", choices=list(formats.FORMATS), default=None, metavar="FORMAT",
                   help=formats.help_text())
    c.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default=None,
                   help="exit with 1 when a finding is this severe or more (default: warning)")
    _add_settings_options(c)
    c.add_argument("-o", "--output", metavar="FILE",
                   help="write the report to this file; its ending picks the format when --format is not given")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text report")
    b = c.add_mutually_exclusive_group()
    b.add_argument("--baseline", metavar="FILE",
                   help="report only findings that are not in this baseline file")
    b.add_argument("--write-baseline", metavar="FILE",
                   help="save the current findings to this baseline file, and report nothing")
    c.add_argument("--jobs", "-j", type=_jobs, default="auto", metavar="N",
                   help="check N files at a time in separate processes (default auto: one per CPU when "
                        "there are several files; 0 = one per CPU; 1 = one at a time)")
    c.add_argument("--no-cache", action="store_true",
                   help="check every file again, even if it has not changed since the last run")
    if only == "check":
        return p

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

    k = sub.add_parser("cache", help="show or clear the cache of results",
                       description="plainspeak keeps the results of files it has checked, so that files "
                                   "that have not changed are not checked again.")
    k.add_argument("action", choices=("clear", "info"), help="clear: remove every kept result; "
                                                              "info: show where the cache is and its size")

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
    from plainspeak.serve import add_parser as add_serve_parser  # light: no web framework imported

    add_serve_parser(sub, _add_settings_options)
    return p


def _jobs(text: str) -> int | str:
    if text.strip().lower() == "auto":
        return "auto"
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number or 'auto'") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return n


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser("check" if argv[:1] in (["check"], ["--version"]) else None)
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
        if args.command == "cache":
            from plainspeak.cachefiles import command

            return command(args.action)
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
        if args.command == "serve":
            from plainspeak.serve import run as run_serve

            return run_serve(args)
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
    except BrokenPipeError:  # the reader stopped (| head): stop quietly
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_OK


def _fail(message: str) -> int:
    print(f"plainspeak: {message}", file=sys.stderr)
    return EXIT_ERROR


def _split(values) -> list[str]:
    return [x.strip() for d in values or [] for x in d.split(",") if x.strip()]


def _settings(args, **more):
    """The job's Settings from the command line's options."""
    from plainspeak.run import Settings

    return Settings(config=args.config, select=_split(getattr(args, "select", [])), disable=_split(args.disable),
                    preview=args.preview or None, cache=not getattr(args, "no_cache", False), **more)


PROGRESS_MIN_FILES = 20


def cmd_check(args) -> int:
    from plainspeak import report as formats
    from plainspeak.run import Job, SettingsError

    if args.format:
        fmt = formats.get(args.format)
    else:
        fmt = (args.output and formats.for_output(args.output)) or formats.get(formats.DEFAULT)
    paths = args.paths or ["."]
    # Is the report read by a person as it comes (text, concise on the terminal or a pipe)?
    # Otherwise problems with files are also said on standard error, where a person sees them.
    read_here = fmt.for_people and not fmt.needs_documents and not args.output
    progress = None
    try:
        job = Job(_settings(args, baseline=args.baseline, write_baseline=args.write_baseline))
        files = job.files(paths)
        if not files:
            from plainspeak.extract.formats import endings_text

            return _fail(f"no files to check in {', '.join(paths)} (plainspeak reads {endings_text()} files)")
        to_terminal = not args.output and sys.stdout.isatty()
        color = args.color == "always" or (args.color == "auto" and to_terminal and not os.environ.get("NO_COLOR"))
        options = {"color": color, "pretty": to_terminal}
        # The report's text for each file is kept in the cache: look for that text first.
        writer = None if fmt.needs_rules or fmt.needs_documents or args.write_baseline else fmt.writer(**options)
        kind = writer.kind() if writer and not args.baseline else None  # a baseline changes the text
        job.load(files, kind=kind, jobs=args.jobs)  # a mistake in the rules or glossary is reported first
        fail_on = args.fail_on or job.fail_on
        # A progress bar only for people watching a terminal, and never mixed with a machine format.
        if len(files) >= PROGRESS_MIN_FILES and fmt.for_people and sys.stderr.isatty():
            from plainspeak.parallel import Progress

            progress = Progress(sys.stderr)
        run = job.check_files(files, jobs=args.jobs, progress=progress)
        if args.write_baseline:
            return _write_baseline(run, args.write_baseline, progress)
        if fmt.needs_rules:
            options["rules"] = job.checker.all_rules
        if fmt.needs_documents:
            options["documents"] = job.document  # read again, one file at a time
        from plainspeak.report.output import Output, OutputError

        out = Output(args.output, fmt.streams)
        try:
            writer = writer or fmt.writer(**options)
            out.write(writer.start())
            cache = job.result_cache()
            for report, text in run.written(writer, raw=True):  # unchanged files: text kept in the cache
                if text and progress and to_terminal:
                    progress.close()  # off the terminal while the report writes; back with the next file
                out.write(text, soon=cache is not None and cache.next_hit)  # held while the next comes at once
                if not read_here:
                    _say_problems(report)
            if progress:
                progress.close()
            if run.hidden and read_here:
                print(f"plainspeak: left out {_count(run.hidden, 'finding')} already in {args.baseline}",
                      file=sys.stderr)
            out.write(writer.end())
            out.finish()
        except OutputError as exc:
            return _fail(str(exc))
        except BaseException:
            out.abort()
            raise
    except SettingsError as exc:
        return _fail(str(exc))
    finally:
        if progress:
            progress.close()
    if args.output:
        print(f"plainspeak: wrote the {fmt.name} report to {args.output}", file=sys.stderr)
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if run.failing(fail_on) else EXIT_OK


def _count(n: int, word: str) -> str:
    from plainspeak.report.wording import plural

    return plural(n, word)


def _say_problems(report) -> None:
    if report.error:
        print(f"plainspeak: {report.path}: {report.error}", file=sys.stderr)
    elif report.partial:
        from plainspeak.report.wording import partial_words

        print(f"plainspeak: {report.path}: only part of this file was checked: {partial_words(report.partial)}",
              file=sys.stderr)


def _write_baseline(run, path: str, progress) -> int:
    """--write-baseline: no report, only what was saved and which files could not be read."""
    for report in run:
        if report.error:
            if progress:
                progress.close()
            _say_problems(report)
    if progress:
        progress.close()
    print(f"plainspeak: saved {_count(run.saved or 0, 'finding')} to {path}", file=sys.stderr)
    return EXIT_ERROR if run.errors else EXIT_OK


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

# Limits for one file, so that one damaged or hostile file cannot stop a run:
# the most seconds checking one file may take, and the most memory (in MB) it
# may use. A file over a limit gets an error and the other files are still
# checked. 0 means no limit.
# time-limit = 30
# memory-limit = 1024

# Different settings for some files, for example quoted law.
# [[overrides]]
# files = ["legal/**"]
# disable = ["PS201"]
"""


def cmd_annotate(args) -> int:
    from plainspeak.run import FileError, Job, SettingsError

    source = args.file
    root, _ = os.path.splitext(source)
    target = args.output or f"{root}-reviewed.docx"
    try:
        result = Job(_settings(args)).annotate(source, target, force=args.force)
    except (SettingsError, FileError) as exc:
        return _fail(str(exc))
    n = result.comments
    print(f"Wrote {target} with {_count(n, 'comment')}.")
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
    from plainspeak.fix import write
    from plainspeak.run import FileError, Job, SettingsError

    status = EXIT_OK
    try:
        job = Job(_settings(args))
        for path in args.files:
            try:
                p = job.fix_plan(path)
            except FileError as exc:
                print(f"plainspeak: {exc}", file=sys.stderr)
                status = EXIT_ERROR
                continue
            if args.diff:
                sys.stdout.write(p.diff())
                continue
            n = len(p.edits)
            if not n:
                print(f"{path}: nothing to change safely.")
                continue
            try:
                write(p)
            except OSError as exc:
                print(f"plainspeak: {path}: cannot write the file ({exc.strerror or exc})", file=sys.stderr)
                status = EXIT_ERROR
                continue
            print(f"{path}: made {_count(n, 'safe swap')}.")
    except SettingsError as exc:
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
