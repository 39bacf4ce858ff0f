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
    """Parse YAML text; errors become DataFileError with the line, in plain words."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        message, mark = plain_yaml_error(exc, text)
        raise DataFileError(path, message, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"the layout of the file is broken ({exc})") from None


_QUOTE_IT = "put the whole text in double quotes"


def plain_yaml_error(exc: yaml.MarkedYAMLError, text: str = ""):
    """The parser's error in plain words, and the place to point at.

    The parser's own words ("mapping values are not allowed here") mean little
    to a reviewer; this says what is wrong in the usual cases and how to fix it.
    For a bracket or quote that is never closed, the place is where it opens."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark if exc.context_mark is not None else mark
    if "mapping values are not allowed" in problem:
        return ("there is a ':' (colon) here that plainspeak cannot read. If the text has a colon in it, "
                f"{_QUOTE_IT}, like this: why: \"It means: this.\" If this line is a new field, do not "
                "indent it further than the fields above it"), mark
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    here = line[mark.column:mark.column + 1] if mark is not None else ""
    if "tab character" in problem or "'\\t'" in problem or here == "\t":
        return "there is a tab here; indent lines with spaces, not tabs", mark
    if "quoted scalar" in context:
        return ("a quote mark opens here but never closes; add the closing quote mark at the end of the "
                "text"), opened
    if "flow sequence" in context:
        return ("a list in square brackets opens here but never closes; add the ']' at the end, or write "
                "the list one item a line, each starting with '- '"), opened
    if "flow mapping" in context:
        return f"a curly bracket '{{' opens here but never closes; if it is part of the text, {_QUOTE_IT}", opened
    if "could not find expected ':'" in problem:
        return ("this line is not a field ('name: ...'), a list item ('- ...') or text carried on from the "
                f"line above; check for a missing ':' after the field name, or, if the text runs over "
                f"several lines, {_QUOTE_IT}"), mark
    if "undefined alias" in problem or "cannot start any token" in problem:
        ch = "*" if "alias" in problem else here.strip()
        start = f"with '{ch}' " if ch else "this way "
        return f"text cannot start {start}here; {_QUOTE_IT}", mark
    if ("'<scalar>'" in problem or "did not find expected key" in problem) and line[:mark.column].rstrip() \
            .endswith(('"', "'")) and mark.column > len(line) - len(line.lstrip()):
        return ("there is more text after a closing quote mark; put the quote marks around the whole text, "
                "and use single quotes (') inside it"), mark
    if "'-'" in problem or "block sequence start" in problem:
        return ("this list item ('- ...') is not lined up with the lines around it; give it the same number "
                "of spaces at the start as the other items of its list"), mark
    if "expected <block end>" in problem or "did not find expected key" in problem \
            or "did not find expected '-'" in problem:
        return ("this line is not lined up with the lines around it; give it the same number of spaces at "
                "the start as the other lines of its field or list"), mark
    if "appears twice" in problem:  # our own message (see _construct_mapping)
        return f"{problem}; keep one of them", mark
    return f"the layout of the file is broken here (the reader says: {problem or context})", mark


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
