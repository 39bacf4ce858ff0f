"""Compiling the token patterns of rules of kind ``pattern`` (see patterns.py for the
format): word lists become slots, token specs become Tok objects, and each pattern is
indexed by its first word. The check itself (matching, context, findings) is in
patterns.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plainspeak.rules import Rule


class PatternError(ValueError):
    pass


# -- compiled patterns -----------------------------------------------------------------

@dataclass(slots=True)
class Tok:
    kind: str  # "lemma", "lower" or "slot"
    values: frozenset = frozenset()
    slot: str = ""
    optional: bool = False
    head: bool = False
    keep: bool = False


@dataclass(slots=True)
class Pattern:
    id: str
    rule: Rule
    toks: list[Tok]
    article: bool = False
    suggest_one: list[str] = field(default_factory=list)
    suggest_many: list[str] = field(default_factory=list)
    message: str = ""
    severity: str | None = None
    not_before: list[tuple[int, ...]] = field(default_factory=list)
    not_after: list[tuple[int, ...]] = field(default_factory=list)
    after: frozenset | None = None
    before: frozenset | None = None
    sentence_has: frozenset | None = None
    lower_case: bool = False
    take_before: bool = False  # the word matched by 'before' is part of the finding ("the homeless")
    # what the second word may be (lemma keys, lower hashes); None: anything
    next_keys: frozenset | None = None
    next_lower: frozenset | None = None


class Slot:
    """A list of phrases, matched by lemma keys, longest first."""

    def __init__(self, name: str, lower: bool = False):
        self.name = name
        self.lower = lower  # match written forms (lower case), not lemmas: "aged" is not "age"
        self.by_first: dict[int, list[tuple[tuple[int, ...], str | None]]] = {}

    def add(self, keys: tuple[int, ...], shown: str | None) -> None:
        if keys:
            self.by_first.setdefault(keys[0], []).append((keys, shown))

    def finish(self) -> None:
        for v in self.by_first.values():
            v.sort(key=lambda c: -len(c[0]))


def _words(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return [str(v) for v in value]
    raise PatternError(f"{where}: expected a word or a list of words")


def _severity(value: Any, where: str) -> str | None:
    from plainspeak.model import SEVERITIES

    if value is not None and value not in SEVERITIES:
        raise PatternError(f"{where}: severity '{value}' must be one of: {', '.join(SEVERITIES)}")
    return value


def _list_words(rule: Rule, name: str) -> list[str]:
    """The items of list ``name``: a list, or a table with 'match: lower' and 'words'."""
    items = (rule.options.get("lists") or {}).get(name, [])
    if isinstance(items, dict):
        items = items.get("words", [])
    return _words(items, f"{rule.code} list {name}")


def _text_of(v: Any) -> str:
    return v if isinstance(v, str) else str(v)


class PatternCompiler:
    """The compiling half of PatternCheck: it fills ``by_key``, ``by_lower`` and ``patterns``."""

    # -- compiling -------------------------------------------------------------------------
    def _key(self, word: str) -> int:
        keys = self.pipeline.phrase_keys(word)
        return keys[0] if keys else 0

    def _lower(self, word: str) -> int:
        return self.strings.add(word.lower())

    def _keys(self, phrase: str) -> tuple[int, ...]:
        return tuple(self.pipeline.phrase_keys(phrase))

    def _lowers(self, phrase: str) -> tuple[int, ...]:
        return tuple(t.lower for t in self.pipeline.nlp.make_doc(phrase) if not t.is_space)

    def _compile_rule(self, rule: Rule, prefs: dict[str, str]) -> None:
        opts = rule.options
        slots: dict[str, Slot] = {}
        for name, items in (opts.get("lists") or {}).items():
            lower = isinstance(items, dict) and items.get("match") == "lower"
            slot = Slot(name, lower)
            for item in _list_words(rule, name):
                phrase, _, shown = item.partition("=")
                phrase, shown = phrase.strip(), shown.strip() or None
                # "seeker's" is also written "seeker’s"
                for variant in {phrase, phrase.replace("'", "\u2019")}:
                    slot.add(self._lowers(variant) if lower else self._keys(variant), shown)
                # Plurals and hyphen-less forms are found by lemma keys, so "drugs" finds "drug".
            slot.finish()
            slots[name] = slot
        self._slots = getattr(self, "_slots", {})
        self._slots.update({(rule.code, k): v for k, v in slots.items()})
        for i, spec in enumerate(opts.get("patterns") or []):
            where = f"{rule.code} pattern {i + 1}"
            if not isinstance(spec, dict) or "tokens" not in spec:
                raise PatternError(f"{where}: needs 'tokens'")
            when = spec.get("when")
            if when:  # a pattern used only with one preference, e.g. {disability: social-model}
                if any(prefs.get(k) != v for k, v in dict(when).items()):
                    continue
            toks = [self._tok(t, rule, slots, where) for t in spec["tokens"]]
            if not toks or toks[0].optional:
                raise PatternError(f"{where}: the first token may not be optional")
            sug = spec.get("suggest") or {}
            by = spec.get("suggest-by")
            if by:
                sug = (sug or {}).get(prefs.get(by, ""), {}) or {}
            if isinstance(sug, list):
                one = many = [_text_of(s) for s in sug]
            else:
                one = [_text_of(s) for s in sug.get("one", sug.get("any", []))]
                many = [_text_of(s) for s in sug.get("many", sug.get("any", []))]
            msg_spec = spec.get("message", "")
            if isinstance(msg_spec, dict):
                msg_spec = msg_spec.get(prefs.get(spec.get("suggest-by", ""), ""), "") or ""
            p = Pattern(
                id=str(spec.get("id") or f"{rule.code}-{i + 1}"),
                rule=rule,
                toks=toks,
                article=bool(spec.get("article")),
                suggest_one=one,
                suggest_many=many,
                message=str(msg_spec).strip(),
                severity=_severity(spec.get("severity"), where),
                not_before=self._phrases(spec.get("not-before", []), where, rule),
                not_after=self._phrases(spec.get("not-after", []), where, rule),
                after=self._keyset(spec.get("after"), where, rule),
                before=self._keyset(spec.get("before"), where, rule),
                sentence_has=self._keyset(spec.get("sentence-has"), where, rule),
                lower_case=spec.get("case") == "lower",
                take_before=bool(spec.get("take-before")),
            )
            self._set_next(p, slots)
            self.patterns.append(p)
            first = toks[0]
            if first.kind == "lemma":
                for k in first.values:
                    self.by_key.setdefault(k, []).append(p)
            elif first.kind == "lower":
                for k in first.values:
                    self.by_lower.setdefault(k, []).append(p)
            else:
                table = self.by_lower if slots[first.slot].lower else self.by_key
                for k in slots[first.slot].by_first:
                    table.setdefault(k, []).append(p)

    def _set_next(self, p: Pattern, slots: dict[str, Slot]) -> None:
        """A quick test of the second word, so that frequent first words ("the") cost little."""
        if len(p.toks) < 2:
            return
        keys: set[int] = set()
        lowers: set[int] = set()
        if p.toks[0].kind == "slot":  # a phrase's own second word, or the next token's first
            first = slots[p.toks[0].slot]
            for cands in first.by_first.values():
                (lowers if first.lower else keys).update(c[0][1] for c in cands if len(c[0]) > 1)
        for t in p.toks[1:]:
            if t.kind == "lemma":
                keys |= t.values
            elif t.kind == "lower":
                lowers |= t.values
            elif slots[t.slot].lower:
                lowers |= set(slots[t.slot].by_first)
            else:
                keys |= set(slots[t.slot].by_first)
            if not t.optional:
                break
        else:
            return  # everything after the first word is optional
        p.next_keys, p.next_lower = frozenset(keys), frozenset(lowers)

    def _phrases(self, value: Any, where: str, rule: Rule) -> list[tuple[int, ...]]:
        out = []
        for w in _words(value, where):
            if w.startswith("{") and w.endswith("}"):
                items = _list_words(rule, w[1:-1])
                out += [self._keys(i.partition("=")[0].strip()) for i in items]
            else:
                out.append(self._keys(w))
        return [k for k in out if k]

    def _keyset(self, value: Any, where: str, rule: Rule) -> frozenset | None:
        if value is None:
            return None
        out = set()
        for w in _words(value, where):
            if w.startswith("{") and w.endswith("}"):
                for item in _list_words(rule, w[1:-1]):
                    out.add(self._key(item.partition("=")[0].strip()))
            else:
                out.add(self._key(w))
        return frozenset(out)

    def _tok(self, t: Any, rule: Rule, slots: dict[str, Slot], where: str) -> Tok:
        if isinstance(t, str):
            if t.startswith("{") and t.endswith("}"):
                name = t[1:-1]
                if name not in slots:
                    raise PatternError(f"{where}: no list called '{name}' in 'lists'")
                return Tok("slot", slot=name)
            return Tok("lemma", frozenset({self._key(t)}))
        if not isinstance(t, dict):
            raise PatternError(f"{where}: a token is a word, '{{list}}' or a table")
        optional = t.get("op") == "?"
        head = bool(t.get("head"))
        keep = bool(t.get("keep"))
        if "lower" in t:
            return Tok("lower", frozenset(self._lower(w) for w in _words(t["lower"], where)),
                       optional=optional, head=head, keep=keep)
        if "lemma" in t:
            return Tok("lemma", frozenset(self._key(w) for w in _words(t["lemma"], where)),
                       optional=optional, head=head, keep=keep)
        if "slot" in t:
            name = t["slot"]
            if name not in slots:
                raise PatternError(f"{where}: no list called '{name}' in 'lists'")
            return Tok("slot", slot=name, optional=optional, head=head, keep=keep)
        raise PatternError(f"{where}: a token table needs 'lower', 'lemma' or 'slot'")

    # -- matching ---------------------------------------------------------------------------
