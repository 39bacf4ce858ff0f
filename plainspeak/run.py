"""The job API: one way to check documents, used by every front end.

The command line, the web page, the editor server and the archive audit all
check documents through a :class:`Job`. A job loads the settings once, finds
the files, checks them (in several processes if asked) and yields one
FileReport per file, in order, as each is done. Front ends only choose what
to show and how to exit.

    job = Job(Settings(disable=["PS202"]))
    for report in job.check(["policy.docx", "docs/"], jobs=2):
        ...
    report = job.check_bytes(data, "upload.docx")   # a file that is not on disk

Problems with the settings themselves (a bad settings file, an unknown rule,
a glossary file with a mistake, a missing spaCy pipeline) raise
:class:`SettingsError` with one plain line. Problems with one file never
raise: they come back as that file's ``FileReport.error``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterator

from plainspeak.model import FileReport


class SettingsError(Exception):
    """The settings, rules or glossary cannot be used. ``str()`` is one plain line."""


@dataclass
class Settings:
    """What a front end chooses besides the files: the same choices as the command line."""

    config: str | None = None  # a settings file; None: find .plainspeak.toml or pyproject.toml
    select: list[str] = field(default_factory=list)  # only these rules (codes, names, kinds, code starts)
    disable: list[str] = field(default_factory=list)  # switch these rules off
    preview: bool | None = None  # also use proposed glossary entries; None: as the settings file says


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

    @property
    def checker(self):
        """The engine's Checker for these settings (rules and names checked on first use)."""
        if self._checker is None:
            with _plain_errors():
                from plainspeak.engine import Checker

                self._checker = Checker(self.config, disable=list(self.settings.disable),
                                        preview=self.settings.preview)
        return self._checker

    @property
    def fail_on(self) -> str:
        return self.config.fail_on

    def files(self, paths: list[str]) -> list[str]:
        """The files a run over ``paths`` would check, in order ("-" is standard input)."""
        from plainspeak.files import discover

        return discover(paths, self.config.exclude)

    def load(self) -> None:
        """Load the rules, glossary and language pipeline now, so that a mistake in them is
        reported before any file is checked."""
        with _plain_errors():
            self.checker.checks()

    def check(self, paths: list[str], *, jobs: int = 1,
              progress: Callable[[int, int], None] | None = None) -> Iterator[FileReport]:
        """A FileReport for each file under ``paths``, in order, each as soon as it is ready.
        ``jobs``: processes to use (0: one per CPU). ``progress(done, total)`` after each file."""
        yield from self.check_files(self.files(paths), jobs=jobs, progress=progress)

    def check_files(self, files: list[str], *, jobs: int = 1,
                    progress: Callable[[int, int], None] | None = None) -> Iterator[FileReport]:
        """Like :meth:`check`, for files already found (no folder search)."""
        from plainspeak.parallel import check_files

        checker = self.checker
        with _plain_errors():
            yield from check_files(checker, files, jobs, progress)

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
