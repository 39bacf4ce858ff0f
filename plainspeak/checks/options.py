"""Declared options of check kinds, and their validation.

Each check module declares, at its top, the options its rules may take
(``OPTIONS = Declaration(...)``): name, type, choices, default, whether people
may set it in their settings, and one line of help, as yamllint's
``CONF``/``DEFAULT`` do. A rule file (``rules/*.yaml``) and the settings
(``options = { PS401 = { warning-words = 30 } }``, also in ``[[overrides]]``)
are checked against the declaration when they load, so a misspelled or
mistyped option is an error with the file, the line and a "did you mean",
never silently ignored. Defaults live only here: the check reads
``rule.options[name]`` and always finds a value.

Some kinds run several tests, chosen by one option (the *selector*: ``measure``
for readability, ``test`` for accessibility). An option with ``when`` applies
only to rules whose selector has one of those values, and may have a different
default for each ("reading-age" is 20 for a sentence and 11 for a document).

This module imports nothing heavy: the settings and the rule loader use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

# Types an option may have, and how a message names them.
WHOLE = "whole number"
NUMBER = "number"
FLAG = "true or false"
TEXT = "text"
WORDS = "list of words"
CHOICE = "choice"
FLAG_OR_WORDS = "true, false or a list of words"
TABLE = "table"  # structured data the check itself checks (pattern lists)
LIST = "list"  # a list of tables or words, checked by the check itself

TYPES = (WHOLE, NUMBER, FLAG, TEXT, WORDS, FLAG_OR_WORDS, CHOICE, TABLE, LIST)


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    type: str
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()
    settable: bool = True  # may people set it in their settings (False: it picks the code behind a rule)
    when: tuple[str, ...] = ()  # selector values it applies to; empty: every rule of the kind
    minimum: float | None = None  # numbers: the smallest allowed value
    required: bool = False  # a rule file must set it

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise TypeError(f"option {self.name}: type {self.type!r} is not one of {TYPES}")
        if self.type == CHOICE and not self.choices:
            raise TypeError(f"option {self.name}: a choice needs choices")

    def describe(self) -> str:
        """What a value must be, in words: "a whole number of 1 or more", "one of: a, b"."""
        if self.type == CHOICE:
            return "one of: " + ", ".join(self.choices)
        if self.type in (WHOLE, NUMBER):
            text = f"a {self.type}"
            if self.minimum is not None:
                text += f" of {self.minimum:g} or more"
            return text
        if self.type == FLAG:
            return "true or false"
        if self.type == TEXT:
            return "some text"
        if self.type == WORDS:
            return "a list of words in square brackets, for example [\"one\", \"two words\"]"
        if self.type == FLAG_OR_WORDS:
            return "true, false or a list of words in square brackets"
        if self.type == TABLE:
            return "a table of 'name: value' lines"
        return "a list"

    def fits(self, value: Any) -> bool:
        if self.type == CHOICE:
            return isinstance(value, str) and value in self.choices
        if self.type in (WHOLE, NUMBER):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return False
            if self.type == WHOLE and isinstance(value, float) and not value.is_integer():
                return False
            return self.minimum is None or value >= self.minimum
        if self.type == FLAG:
            return isinstance(value, bool)
        if self.type == TEXT:
            return isinstance(value, str) and bool(value.strip())
        if self.type == WORDS:
            return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        if self.type == FLAG_OR_WORDS:
            return isinstance(value, bool) or (isinstance(value, (list, tuple))
                                               and all(isinstance(v, str) for v in value))
        if self.type == TABLE:
            return isinstance(value, dict)
        return isinstance(value, list)


# An option the engine applies after the check (plainspeak/engine.py): kinds that find words
# (which may be used many times) list it among their options.
REPEATS = Option("repeats", CHOICE, "every", choices=("every", "once-per-section"),
                 help="report every use, or only the first use of the same words in each section, with a count")


@dataclass(frozen=True)
class Declaration:
    """The options of one check kind."""

    options: tuple[Option, ...] = ()
    selector: str | None = None  # the option that picks what a rule of this kind tests
    common: tuple[Option, ...] = ()  # options shared with other kinds, such as REPEATS

    def for_test(self, test: Any) -> dict[str, Option]:
        """The options a rule has whose selector is ``test``, by name."""
        out = {o.name: o for o in self.common}
        for o in self.options:
            if not o.when or test in o.when:
                out[o.name] = o
        return out

    def test_of(self, options: Mapping[str, Any]) -> Any:
        """The selector's value in a rule's options (or its default), None for a kind with no selector."""
        if self.selector is None:
            return None
        sel = next(o for o in self.options if o.name == self.selector)
        return options.get(self.selector, sel.default)

    def defaults(self, test: Any) -> dict[str, Any]:
        return {name: o.default for name, o in self.for_test(test).items() if o.default is not None}


class OptionError(ValueError):
    """A rule option that is unknown or has a value of the wrong type. ``str()`` is the problem,
    without the file; ``line`` is the line it is on, if known."""

    def __init__(self, message: str, key: str | None = None, line: int | None = None):
        super().__init__(message)
        self.key = key
        self.line = line


def _closest(word: str, choices: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def resolve(declaration: Declaration, code: str, given: Mapping[str, Any], *,
            base: Mapping[str, Any] | None = None, settings: bool = False,
            line_of: Callable[[str], int | None] = lambda key: None) -> dict[str, Any]:
    """Check ``given`` against the declaration and return the rule's full options.

    For a rule file, ``base`` is None: the result is the declared defaults with ``given``
    on top. For settings, ``base`` is the rule's own options (from its file) and
    ``settings`` is True: options that pick the code behind a rule cannot be set.
    Raises OptionError naming the option, with its line.
    """
    selector = declaration.selector
    if base is None and selector is not None:
        sel = next(o for o in declaration.options if o.name == selector)
        test = given.get(selector, sel.default)
        if test is None:
            raise OptionError(f"{code} needs the option '{selector}' ({sel.describe()})", selector,
                              line_of(selector))
        if not sel.fits(test):
            raise OptionError(f"option '{selector}' of {code} must be {sel.describe()}, not {test!r}",
                              selector, line_of(selector))
    else:
        test = declaration.test_of(base or given)
    known = declaration.for_test(test)
    for key, value in given.items():
        opt = known.get(str(key))
        if opt is None:
            names = sorted(n for n, o in known.items() if o.settable or not settings)
            guess = _closest(str(key), names)
            if guess:
                hint = f" — did you mean '{guess}'?"
            elif names:
                hint = f" (its options: {', '.join(names)})"
            else:
                hint = " (it has no options)"
            raise OptionError(f"{code} has no option '{key}'{hint}", str(key), line_of(key))
        if settings and not opt.settable:
            raise OptionError(f"the option '{key}' of {code} chooses what the rule checks and cannot be set "
                              f"in the settings", str(key), line_of(key))
        if not opt.fits(value):
            raise OptionError(f"option '{key}' of {code} must be {opt.describe()}, not {value!r}", str(key),
                              line_of(key))
    if base is None:
        for name, opt in known.items():
            if opt.required and name not in given:
                raise OptionError(f"{code} needs the option '{name}' ({opt.describe()})", name, line_of(name))
        return {**declaration.defaults(test), **given}
    return {**base, **given}


def settable(declaration: Declaration, options: Mapping[str, Any]) -> list[tuple[Option, Any]]:
    """The options people may set for a rule with these options, with their current values."""
    test = declaration.test_of(options)
    return [(o, options.get(name, o.default)) for name, o in declaration.for_test(test).items() if o.settable]
