"""Read YAML data files (rules, glossary entries) with line numbers for messages.

Reviewers edit these files by hand, so a mistake must be reported with the
file and line, in plain words.
"""

from __future__ import annotations

from typing import Any

import yaml


class DataFileError(Exception):
    """A problem in a rule or glossary file. ``str()`` is one plain line."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {message}")


# libyaml's C parser is about ten times faster; the pure-Python one gives the same result.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):
    """A safe loader that remembers the line of each mapping key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = LineDict()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' appears twice", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    mapping.line = node.start_mark.line + 1
    return mapping


class LineDict(dict):
    """A dict that knows the line of each key in its YAML file."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}
        self.line: int | None = None

    def line_of(self, key: Any) -> int | None:
        return self.lines.get(key, self.line)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML text; errors become DataFileError with the line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise DataFileError(path, f"this is not valid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"this is not valid YAML: {exc}") from None


def load_yaml_file(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise DataFileError(path, "the file is not saved as UTF-8 text") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot read the file ({exc.strerror or exc})") from None
    return load_yaml(text, path)


def check_keys(d: LineDict, known: tuple[str, ...], path: str, what: str) -> None:
    """Refuse a key that is not in ``known``, naming its line and the closest known key."""
    for key in d:
        if key not in known:
            guess = closest(str(key), known)
            hint = f" — did you mean '{guess}'?" if guess else ""
            raise DataFileError(path, f"'{key}' is not {what}{hint}", d.line_of(key))


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest known word, for "did you mean ...?" hints."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None
