"""The job API: one way to check documents, used by every front end.

The command line, the web page, the editor server and the archive audit all
check documents through a :class:`Job`. A job loads the settings once, finds
the files, checks them (in several processes if asked) and yields one
FileReport per file, in order, as each is done. Front ends only choose what
to show and how to exit.

    job = Job(Settings(disable=["PS202"], baseline=".plainspeak-baseline.json"))
    run = job.check(["policy.docx", "docs/"])      # jobs="auto": one process per CPU
    for report in run:                             # in order, each as soon as it is ready
        ...
    run.errors, run.hidden, run.failing("warning") # totals, once the run is over
    report = job.check_bytes(data, "upload.docx")   # a file that is not on disk

A run keeps nothing per file: memory does not grow with the number of files.
With ``Settings.baseline``, each report holds only the findings that are not in
the baseline file; with ``Settings.write_baseline``, the run saves its findings
to that file when it ends. ``job.fix_plan(path)`` and ``job.annotate(source,
target)`` are the ``fix`` and ``annotate`` commands.

Problems with the settings themselves (a bad settings file, an unknown rule,
a glossary file with a mistake, a missing spaCy pipeline, a baseline file that
cannot be read) raise :class:`SettingsError` with one plain line. Problems with
one file never raise from ``check``: they come back as that file's
``FileReport.error``; ``fix_plan`` and ``annotate`` raise :class:`FileError`.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterator

from plainspeak.model import SEVERITIES, FileReport


class SettingsError(Exception):
    """The settings, rules or glossary cannot be used. ``str()`` is one plain line."""


class FileError(Exception):
    """One file cannot be used for fix or annotate. ``str()`` is one plain line, naming the file."""


@dataclass
class Settings:
    """What a front end chooses besides the files: the same choices as the command line."""

    config: str | None = None  # a settings file; None: find .plainspeak.toml or pyproject.toml
    select: list[str] = field(default_factory=list)  # only these rules (codes, names, kinds, code starts)
    disable: list[str] = field(default_factory=list)  # switch these rules off
    preview: bool | None = None  # also use proposed glossary entries; None: as the settings file says
    baseline: str | None = None  # report only findings that are not in this baseline file
    write_baseline: str | None = None  # save the findings of each run to this baseline file
    cache: bool = True  # reuse the results of unchanged files (plainspeak.cache)


class Job:
    """Checks documents with one set of settings. Loading is lazy: the rules, the glossary
    and the language pipeline load when the first document needs them."""

    def __init__(self, settings: Settings | None = None):
        from plainspeak.config import ConfigError, load

        self.settings = settings or Settings()
        try:
            self.config = load(self.settings.config)
        except ConfigError as exc:
            raise SettingsError(str(exc)) from None
        if self.settings.select:
            self.config.select = list(self.settings.select)
        self._checker = None
        self._cache = None  # (what its key depends on, the ResultCache)
        if self.settings.baseline and self.settings.write_baseline:
            raise SettingsError("choose one: a baseline to compare with, or one to write")
        self.known: set[str] | None = None
        if self.settings.baseline:
            from plainspeak import baseline

            try:
                self.known = baseline.load(self.settings.baseline)
            except baseline.BaselineError as exc:
                raise SettingsError(str(exc)) from None

    @property
    def checker(self):
        """The engine's Checker for these settings (rules and names checked on first use)."""
        if self._checker is None:
            with _plain_errors():
                from plainspeak.engine import Checker

                self._checker = Checker(self.config, disable=list(self.settings.disable),
                                        preview=self.settings.preview)
                self._checker.use_cache = False  # the job's runs keep results (see result_cache)
        return self._checker

    @property
    def fail_on(self) -> str:
        return self.config.fail_on

    def close(self) -> None:
        """Stop the job's checking processes now (they also stop when the job is dropped)."""
        if self._checker is not None:
            from plainspeak.isolate import close

            close(self._checker)

    def files(self, paths: list[str]) -> list[str]:
        """The files a run over ``paths`` would check, in order ("-" is standard input)."""
        from plainspeak.files import discover

        return discover(paths, self.config.exclude)

    def load(self, files: list[str] | None = None, kind: str | None = None,
             jobs: int | str | None = None) -> None:
        """Load the rules, glossary and language pipeline now, so that a mistake in them is
        reported before any file is checked. With ``files``: nothing more is loaded when the
        result cache holds every one of them, unchanged (such a run never needs spaCy).
        ``kind``: the report text the run will write (a Writer's ``kind()``), looked up first.
        ``jobs``: the run that follows checks ``files`` with these jobs (as :meth:`check`):
        files are then read ahead while loading, on another processor (plainspeak.prefetch)."""
        with _plain_errors():
            if files is not None:
                cache = self.result_cache()
                if cache is not None and cache.holds(files, kind):
                    return  # the next run uses the keys worked out here
                if jobs is not None:
                    from plainspeak.isolate import read_ahead
                    from plainspeak.parallel import job_count

                    read_ahead(self.checker, files, job_count(jobs, len(files)), cache)
            self.checker.checks()

    def result_cache(self):
        """The result cache (plainspeak.cache.ResultCache) for these settings, or None when it is
        off. Finding it loads nothing: no rules, glossary or language pipeline. It is made once a
        job (again if the settings are changed): rule and glossary files changed while a job lives
        are seen by the next job, as they are by its Checker."""
        if not self.settings.cache:
            return None
        from plainspeak import cache

        root = cache.cache_root()
        if root is None:
            return None
        inputs = repr((root, self.config, self.settings.disable, self.settings.preview))
        if self._cache is None or self._cache[0] != inputs:
            key = cache.settings_key(self.config, self.settings.disable, self.settings.preview)
            self._cache = (inputs, cache.ResultCache(key, root))
        return self._cache[1]

    def check(self, paths: list[str], *, jobs: int | str = "auto",
              progress: Callable[[int, int], None] | None = None) -> "Run":
        """A :class:`Run` over the files under ``paths``: iterate it for a FileReport for each file,
        in order, each as soon as it is ready. ``jobs``: processes to use ("auto": one per CPU when
        there are several files; 0: one per CPU). ``progress(done, total)`` after each file."""
        return self.check_files(self.files(paths), jobs=jobs, progress=progress)

    def check_files(self, files: list[str], *, jobs: int | str = "auto",
                    progress: Callable[[int, int], None] | None = None) -> "Run":
        """Like :meth:`check`, for files already found (no folder search)."""
        return Run(self, list(files), jobs, progress)

    def check_bytes(self, data: bytes, name: str, fmt: str | None = None) -> FileReport:
        """Check a document held in memory (an upload, an editor's buffer). ``name`` is used in
        the report and, by its ending, picks the format unless ``fmt`` is given."""
        from plainspeak.extract import UNSUPPORTED, extract_bytes, format_for
        from plainspeak.model import ExtractError

        fmt = fmt or format_for(name)
        if fmt is None:
            ext = os.path.splitext(name)[1].lower()
            return FileReport(path=name, format=None,
                              error=UNSUPPORTED.get(ext, f"plainspeak does not read '{ext or 'extensionless'}' files"))
        from plainspeak import isolate

        if isolate.limited(self.checker):  # under the time and memory limits, in a worker
            with _plain_errors():
                return isolate.check_bytes(self.checker, data, name, fmt)
        checker = self.checker.for_path(name)
        with _plain_errors():
            try:
                document = extract_bytes(data, name, fmt, checker.limits)
            except ExtractError as exc:
                return FileReport(path=name, format=fmt, error=str(exc))
            except MemoryError:
                return FileReport(path=name, format=fmt, error="the file needs too much memory to read")
            except RecursionError:
                return FileReport(path=name, format=fmt,
                                  error="the file is nested too deeply to read; it may be damaged")
            return checker.check_document(document)

    def check_text(self, text: str, name: str = "<text>", fmt: str = "markdown") -> FileReport:
        """Check text (pasted, or an editor's buffer) as Markdown or plain text."""
        return self.check_bytes(text.encode("utf-8"), name, fmt)

    def document(self, path: str):
        """The extracted Document of a file (for reports that show the text), or None."""
        from plainspeak.extract import extract_file
        from plainspeak.model import ExtractError

        try:
            return extract_file(path, self.checker.limits)
        except (ExtractError, OSError, MemoryError, RecursionError):
            return None

    def fix_plan(self, path: str):
        """What ``fix`` would change in a Markdown or text file (a plainspeak.fix.Plan)."""
        from plainspeak.fix import FixError, plan
        from plainspeak.model import ExtractError

        checker = self.checker
        with _plain_errors():
            try:
                return plan(path, checker)
            except (FixError, ExtractError) as exc:
                raise FileError(f"{path}: {exc}") from None
            except OSError as exc:
                raise FileError(f"{path}: cannot read the file ({exc.strerror or exc})") from None

    def annotate(self, source: str, target: str, force: bool = False):
        """Write a copy of the Word file ``source`` to ``target`` with a comment on each finding
        (a plainspeak.annotate.Result). The original is never changed; an existing ``target`` is
        replaced only with ``force``."""
        from plainspeak.extract import FORMATS, extract_file, format_for
        from plainspeak.model import ExtractError

        fmt = format_for(source)
        if fmt is None or not FORMATS[fmt].can_annotate:
            kinds = " or ".join(f"{f.label} ({', '.join(f.endings)})" for f in FORMATS.values() if f.can_annotate)
            raise FileError(f"{source}: annotate writes comments into {kinds} files only")
        if os.path.exists(target) and os.path.exists(source) and os.path.samefile(source, target):
            raise FileError(f"{target}: choose another name; annotate never changes the original file")
        if os.path.exists(target) and not force:
            raise FileError(f"{target} is already there; give --force to replace it, or another name with -o")
        with _plain_errors():
            checker = self.checker.for_path(source)
            try:
                document = extract_file(source, checker.limits)
            except ExtractError as exc:
                raise FileError(f"{source}: {exc}") from None
            report = checker.check_document(document, every_use=True)  # a comment at every use
            from plainspeak.annotate import annotate

            try:
                return annotate(source, target, document, report.findings)
            except OSError as exc:
                raise FileError(f"{target}: cannot write the copy ({exc.strerror or exc})") from None


class Run:
    """One check over many files. Iterate it (once) for the FileReports, in order, each as soon
    as it is ready; the totals below grow as it goes. Nothing is kept per file, except the few
    words a baseline needs when the run writes one."""

    def __init__(self, job: Job, files: list[str], jobs: int | str, progress):
        self.job = job
        self.files = files
        self.jobs = jobs
        self.progress = progress
        self.done = 0
        self.errors = 0  # files that could not be read
        self.partial = 0  # files read only in part
        self.found: Counter = Counter()  # findings reported, by severity
        self.hidden = 0  # findings left out because the baseline holds them
        self.saved: int | None = None  # findings saved with Settings.write_baseline
        self._started = False
        self._cache = None

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[FileReport]:
        for _, report, _ in self._run(None):
            yield report

    def written(self, writer, raw: bool = False) -> Iterator[tuple[FileReport, str | bytes]]:
        """Like iterating the run, with each file's text from ``writer`` (a report Writer, see
        plainspeak.report.base): (report, text) for each file, in order. The text of a file that
        has not changed is kept in the result cache and used as it is; its report is then a
        plainspeak.cache.StoredReport, read from the cache only if its findings are used.
        ``raw``: the text may be bytes (UTF-8) as kept, to be written as they are."""
        kind = writer.kind() if self.job.known is None else None  # a baseline changes the text
        for key, report, kept in self._run(kind):
            if kept is None and kind is not None and key is not None:
                kept = writer.part(report)
                self._cache.put_text(key, kind, report, *kept)
            elif kept is not None and not raw and isinstance(kept[0], bytes):
                kept = (kept[0].decode("utf-8"), kept[1])
            yield report, (writer.add(report) if kept is None else writer.add_part(*kept))

    def _run(self, kind: str | None) -> Iterator[tuple[str | None, FileReport, tuple | None]]:
        """(cache key, report, kept text and tally) for each file; ``kind`` names the text to keep."""
        if self._started:
            raise RuntimeError("a run can be read only once; start another with job.check")
        self._started = True
        from plainspeak.cache import replay, severities

        settings = self.job.settings
        if settings.write_baseline or self.job.known is not None:
            from plainspeak import baseline
        recorder = baseline.Recorder(settings.write_baseline) if settings.write_baseline else None
        self._cache = cache = self.job.result_cache()

        def check(todo: list[str], progress=None) -> Iterator[FileReport]:
            from plainspeak.parallel import check_files

            return check_files(self.job.checker, todo, self.jobs, progress)

        with _plain_errors():
            if cache is None:
                results = ((None, report, None) for report in check(self.files, self.progress))
            else:
                results = replay(cache, self.files, check, self.progress, kind)
            for key, report, kept in results:
                if self.job.known is not None:
                    report, hidden = baseline.filter_report(report, settings.baseline, self.job.known)
                    self.hidden += hidden
                if recorder is not None:
                    recorder.add(report)
                self.done += 1
                self.errors += bool(report.error)
                self.partial += bool(report.partial)
                for severity, n in severities(report).items():
                    self.found[severity] += n
                yield key, report, kept
        if recorder is not None:
            try:
                self.saved = recorder.write()
            except OSError as exc:
                raise SettingsError(f"{settings.write_baseline}: cannot write the baseline "
                                    f"({exc.strerror or exc})") from None

    def failing(self, fail_on: str | None = None) -> bool:
        """Whether a finding reported so far is at ``fail_on`` or above (default: the settings')."""
        fail_on = fail_on or self.job.fail_on
        if fail_on == "never":
            return False
        floor = SEVERITIES.index(fail_on)
        return any(n and SEVERITIES.index(s) >= floor for s, n in self.found.items())


class _plain_errors:
    """Turn the setup errors of the layers below into SettingsError."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None:
            return False
        from plainspeak.config import ConfigError
        from plainspeak.language.pipeline import ModelMissing
        from plainspeak.yamlfile import DataFileError

        if isinstance(exc, (ConfigError, DataFileError, ModelMissing, ValueError)) \
                and not isinstance(exc, UnicodeError):
            raise SettingsError(str(exc)) from None
        return False
