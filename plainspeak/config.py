"""Configuration: ``[tool.plainspeak]`` in pyproject.toml, or a ``.plainspeak.toml`` file.

plainspeak looks in the current folder and then each folder above it, and
uses the first file it finds. In ``.plainspeak.toml`` the settings sit at the
top level (no table heading needed). Unknown settings are an error, so a typo
never silently does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plainspeak.model import SEVERITIES

FAIL_ON = (*SEVERITIES, "never")

# setting -> (type description, check)
SETTINGS: dict[str, str] = {
    "select": "a list of the only rules to use: codes, names, kinds or code starts, for example [\"deficit-label\", \"PS1\"]",
    "disable": "a list of rules to switch off: codes, names, kinds or code starts, for example [\"PS202\", \"readability\"]",
    "severity": "a table of rule code = severity, for example { PS101 = \"info\" }",
    "fail-on": f"one of: {', '.join(FAIL_ON)}",
    "allow-acronyms": "a list of acronyms your readers know, for example [\"NHS\", \"GP\"]",
    "glossary": "a list of folders with your own glossary entries",
    "disable-terms": "a list of glossary terms to switch off",
    "preview": "true or false: also use glossary entries that are only proposed",
    "spacy-model": "the name of an installed spaCy pipeline, for example \"en_core_web_sm\"",
    "exclude": "a list of file patterns to skip, for example [\"drafts/**\"]",
    "options": "a table of rule code = { option = value }, for example { PS101 = { allow = [\"CQC\"] } }",
    "time-limit": "a number of seconds: the longest one file may take to check (0: no limit)",
    "memory-limit": "a number of megabytes: the most memory checking one file may use (0: no limit)",
    "overrides": "a list of tables, each with 'files' (a list of patterns) and settings for those files",
}

# Settings an [[overrides]] table may change for the files it names.
OVERRIDABLE = ("select", "disable", "severity", "options", "allow-acronyms")


class ConfigError(ValueError):
    """A problem in a configuration file. ``str()`` is one plain line."""


@dataclass
class Config:
    path: str | None = None  # the file it came from, as messages name it ("pyproject.toml [tool.plainspeak]")
    file: str | None = None  # the file itself, for line numbers
    select: list[str] = field(default_factory=list)  # empty: all rules
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    allow_acronyms: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)  # absolute folder paths
    disable_terms: list[str] = field(default_factory=list)
    preview: bool = False
    spacy_model: str | None = None
    exclude: list[str] = field(default_factory=list)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule code -> options
    overrides: list["Override"] = field(default_factory=list)
    time_limit: float = 30.0  # seconds for one file (plainspeak.isolate); 0: none
    memory_limit: int = 1024  # megabytes for one file; 0: none

    def for_file(self, path: str) -> "Config":
        """The settings for one file: these, with every matching override applied in order."""
        matching = [o for o in self.overrides if o.matches(path)]
        if not matching:
            return self
        import copy

        cfg = copy.copy(self)
        cfg.disable = list(self.disable)
        cfg.select = list(self.select)
        cfg.severity = dict(self.severity)
        cfg.options = {k: dict(v) for k, v in self.options.items()}
        cfg.allow_acronyms = list(self.allow_acronyms)
        cfg.overrides = []
        for o in matching:
            if o.settings.select:
                cfg.select = list(o.settings.select)
            cfg.disable += o.settings.disable
            cfg.severity.update(o.settings.severity)
            for code, opts in o.settings.options.items():
                cfg.options.setdefault(code, {}).update(opts)
            cfg.allow_acronyms += o.settings.allow_acronyms
        return cfg

    def check_options(self, rules: list) -> None:
        """Check every ``options`` table (and those of the [[overrides]]) against the rules and
        what their check kinds declare. A rule that does not exist, an unknown option or a value
        of the wrong type raises ConfigError with the file, the line and a "did you mean"."""
        from plainspeak.checks import declaration
        from plainspeak.checks.options import OptionError, resolve
        from plainspeak.rules import find_rule

        tables = [(self.options, None)] + [(o.settings.options, i) for i, o in enumerate(self.overrides, 1)]
        for table, override in tables:
            for key, given in table.items():
                rule = find_rule(rules, key)
                if rule is None:
                    from plainspeak.yamlfile import closest  # only for a mistake: yaml loads slowly

                    guess = closest(key, [r.code for r in rules] + [r.name.upper() for r in rules])
                    hint = f" — did you mean '{guess}'?" if guess else " (see 'plainspeak rules')"
                    raise ConfigError(self._where(key, None, override) +
                                      f"'options' names a rule that does not exist: '{key}'{hint}")
                try:
                    resolve(declaration(rule.check), rule.code, given, base=rule.options, settings=True)
                except OptionError as exc:
                    raise ConfigError(self._where(key, exc.key, override) + str(exc)) from None

    def _where(self, rule: str, option: str | None, override: int | None) -> str:
        """"file, line N: " for a rule's option in these settings (the file is read again to find it)."""
        line = _option_line(self.file, rule, option, override) if self.file else None
        if line:
            return f"{self.file}, line {line}: "
        return f"{self.path or 'your settings'}{f' (override {override})' if override else ''}: "


def _option_line(path: str, rule: str, option: str | None, override: int | None) -> int | None:
    """The line of ``option`` of ``rule`` in a TOML settings file (or of the rule, if no option):
    TOML readers give no line numbers, so the text is searched, after the override's heading."""
    import re

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    start = 0
    if override is not None:
        heads = [i for i, ln in enumerate(lines) if re.match(r"\s*\[\[\s*(tool\.plainspeak\.)?overrides\s*\]\]", ln)]
        if len(heads) >= override:
            start = heads[override - 1]

    def key_re(k: str) -> re.Pattern:
        return re.compile(r"(?:^|[\s{,.\[])[\"']?" + re.escape(k) + r"[\"']?\s*[=\]]", re.I)

    rule_re = key_re(rule)
    at = next((i for i in range(start, len(lines)) if rule_re.search(lines[i])), None)
    if at is None:
        return None
    if option is None:
        return at + 1
    opt_re = key_re(option)
    found = next((i for i in range(at, len(lines)) if opt_re.search(lines[i])), None)
    return (found if found is not None else at) + 1


@dataclass
class Override:
    files: list[str]
    settings: Config
    base: str = ""  # folder of the config file; patterns are relative to it

    def matches(self, path: str) -> bool:
        import fnmatch
        import os

        full = os.path.abspath(path)
        rel = os.path.relpath(full, self.base) if self.base else path
        rel = rel.replace(os.sep, "/")
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(os.path.basename(full), pat)
                   for pat in self.files)


def _list_of_text(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be {SETTINGS[key]}")
    return list(value)


def parse(data: dict[str, Any], where: str, base: Path, allowed: tuple[str, ...] | None = None) -> Config:
    cfg = Config(path=where)
    for key, value in data.items():
        if allowed is not None and key not in allowed and key != "files":
            raise ConfigError(f"{where}: '{key}' cannot be set in an override; "
                              f"overrides may set: {', '.join(allowed)}")
        if key == "files" and allowed is not None:
            continue
        if key not in SETTINGS:
            from plainspeak.yamlfile import closest  # only for a mistake: yaml loads slowly

            guess = closest(key, list(SETTINGS))
            hint = f" — did you mean '{guess}'?" if guess else f" (known settings: {', '.join(SETTINGS)})"
            raise ConfigError(f"{where}: unknown setting '{key}'{hint}")
        if key in ("select", "disable", "allow-acronyms", "disable-terms", "exclude"):
            setattr(cfg, key.replace("-", "_"), _list_of_text(where, key, value))
        elif key == "glossary":
            folders = _list_of_text(where, key, value)
            resolved = []
            for f in folders:
                p = (base / f).resolve()
                if not p.is_dir():
                    raise ConfigError(f"{where}: glossary folder '{f}' does not exist")
                resolved.append(str(p))
            cfg.glossary = resolved
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'severity' must be {SETTINGS[key]}")
            for rule, sev in value.items():
                if sev not in SEVERITIES:
                    raise ConfigError(f"{where}: severity of {rule} must be one of: {', '.join(SEVERITIES)}")
            cfg.severity = dict(value)
        elif key == "fail-on":
            if value not in FAIL_ON:
                raise ConfigError(f"{where}: 'fail-on' must be {SETTINGS[key]}")
            cfg.fail_on = value
        elif key == "preview":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: 'preview' must be true or false")
            cfg.preview = value
        elif key == "options":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"{where}: 'options' must be {SETTINGS[key]}")
            cfg.options = {str(k).upper(): dict(v) for k, v in value.items()}
        elif key == "overrides":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ConfigError(f"{where}: 'overrides' must be {SETTINGS[key]}")
            for i, item in enumerate(value, 1):
                files = item.get("files")
                if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
                    raise ConfigError(f"{where}: override {i} needs 'files', a list of patterns such as [\"leaflets/**\"]")
                settings = parse(item, f"{where} (override {i})", base, allowed=OVERRIDABLE)
                cfg.overrides.append(Override(files=files, settings=settings, base=str(base.resolve())))
        elif key in ("time-limit", "memory-limit"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ConfigError(f"{where}: '{key}' must be {SETTINGS[key]}")
            if key == "time-limit":
                cfg.time_limit = float(value)
            else:
                cfg.memory_limit = int(value)
        elif key == "spacy-model":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: 'spacy-model' must be {SETTINGS[key]}")
            cfg.spacy_model = value
    return cfg


def load_file(path: Path) -> Config:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: this is not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("plainspeak", {})
        where = f"{path} [tool.plainspeak]"
    else:
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the settings must be a table")
    cfg = parse(data, where, path.parent)
    cfg.file = str(path)
    return cfg


def find(start: Path | None = None) -> Path | None:
    """The nearest config file at or above ``start`` (the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / ".plainspeak.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file() and _has_settings(py):
            return py
    return None


def _has_settings(py: Path) -> bool:
    """Whether a pyproject.toml file has a ``[tool.plainspeak]`` table. The answer is kept in the
    cache folder (plainspeak.cachefiles.Answers) while the file's size and times are the same,
    so a run in a project whose pyproject.toml has no plainspeak settings does not read it."""
    from plainspeak.cachefiles import Answers

    answers = Answers.open("pyprojects")
    known, stamp = answers.get(str(py))
    if known is not None:
        return known
    import tomllib

    try:
        found = "plainspeak" in tomllib.loads(py.read_text(encoding="utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        found = False
    except OSError:
        return False
    answers.put(str(py), stamp, found)
    return found


def load(explicit: str | None = None, start: Path | None = None) -> Config:
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"{explicit}: no such configuration file")
        return load_file(p)
    found = find(start)
    return load_file(found) if found else Config()
