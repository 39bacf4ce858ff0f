"""Check kind ``pattern``: token patterns written as data in a rule's ``options``.

A rule of this kind lists patterns, and word lists ("slots") the patterns use::

    options:
      lists:
        substance: [heroin, crack = crack cocaine, drug = drugs]
      patterns:
        - id: substance-user
          tokens: ["{substance}", {lemma: [user, misuser, abuser, addict], head: true}]
          article: true          # take a "a"/"an" before the match into it
          suggest:
            one: [person who uses {substance}]
            many: [people who use {substance}]

Token specs:

- ``"word"``: the word in any inflection (its lemma), any case;
- ``{lower: [..]}``: exactly one of these written forms (any case);
- ``{lemma: [..]}``: any inflection of one of these words;
- ``"{name}"`` or ``{slot: name}``: one of the phrases in list ``name``, matched by
  lemmas ("drugs" finds "drug"), or by written form when the list is a table
  ``{match: lower, words: [..]}`` ("aged" must not find "the age of");
  ``phrase = shown as`` in a list gives the words a suggestion uses for it, and
  ``a | b`` there gives two suggestions;
- ``op: "?"`` makes a token optional (tried matched, then skipped);
  ``head: true`` marks the word whose form (singular or plural) chooses
  between the ``one`` and ``many`` suggestions; ``keep: true`` marks where
  ``{kept}`` starts (the original words a suggestion keeps: "suffers from severe
  depression" -> "lives with severe depression").

Context (all optional, per pattern):

- ``not-before`` / ``not-after``: words or phrases (lemmas, or ``"{list}"``) that,
  right before or after the match, mean it is not a label ("user guide",
  "offender manager", "the landlord failed to attend");
- ``after``: the match counts only when the next word is one of these lemmas, or
  punctuation, or the end of the block ("the homeless are" yes, "the homeless charity" no);
- ``before``: the previous word must be one of these lemmas; with
  ``take-before: true`` that word is part of the finding ("the homeless");
- ``sentence-has``: one of these lemmas must be in the same sentence ("test" for "came back clean");
- ``case: lower``: the match must be in lower case (a capital starting a sentence is fine);
- ``when: {preference: value}``: the pattern is used only with that preference.

Suggestions are templates with ``{slotname}``, ``{kept}`` and ``{match}``;
``suggest`` may be a list, or ``one``/``many`` lists, or keyed by a preference
(``suggest-by: style`` with ``identity-first``/``person-first`` keys). A pattern's
own ``message`` is used, or fills ``{advice}`` in the rule's message. A match
that starts with a capital gets a capital suggestion. When a pattern has
``article: true`` and "a"/"an" comes before the match, the article is part of
the finding and each suggestion gets the article it needs ("an alcoholic" ->
"a person who is dependent on alcohol").

Preferences (``style``: identity-first or person-first; ``disability``:
social-model or person-first; en-GB defaults) are rule options, read from the
rule itself or else from the rule whose options say ``preferences: true``
(PS308). See docs/language-preferences.md.

Context shared with the glossary check: names of laws and bodies that must
stay ("Young Offender Institution") are never flagged; text inside quotation
marks gets severity ``info`` and a note; "a"/"an" and singular/plural agree
(``agree``).

Speed: all patterns are compiled once, indexed by the hash of their first word
(lemma or written form), with a quick test of the second word; each block is
walked once with dict look-ups. Text the glossary check already flagged as a
deficit label is skipped, so the same words are not reported twice (the
glossary check runs first, as its rule codes come first, and leaves its matches
in ``analysis.cache``). When a pattern covers more than the glossary found
("a cocaine addict" against "addict"), the pattern's finding replaces the
glossary's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from plainspeak.checks import Context, finding
from plainspeak.checks.options import CHOICE, FLAG, LIST, REPEATS, TABLE, Declaration, Option
from plainspeak.checks.context import (QUOTE_NOTE, ProtectedNames, agree, article_for,  # noqa: F401
                                       in_capitalised_name, in_quotes, is_plural_token, is_reference,
                                       mostly_capitals, pluralise)
from plainspeak.model import Finding
from plainspeak.language.pipeline import Analysis
from plainspeak.rules import Rule

# Preferences and their defaults (en-GB). A rule option of the same name overrides,
# on the rule itself or on the rule that holds preferences (option "preferences-rule").
PREFERENCES = {
    "style": ("identity-first", ("identity-first", "person-first")),
    "disability": ("social-model", ("social-model", "person-first")),
}

OPTIONS = Declaration(common=(REPEATS,), options=(
    Option("lists", TABLE, settable=False, help="the word lists the patterns use"),
    Option("patterns", LIST, settable=False, help="the token patterns the rule finds"),
    Option("preferences", FLAG, settable=False,
           help="this rule holds the language preferences of every pattern rule"),
    *(Option(name, CHOICE, choices=allowed, help=f"language preference (default {default}); set on the "
             "preferences rule (PS308) it applies to every pattern rule")
      for name, (default, allowed) in PREFERENCES.items()),
))

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


class PatternCheck:
    def __init__(self, rules: list[Rule], context: Context):
        self.context = context
        pipeline = context.pipeline
        self.pipeline = pipeline
        self.strings = pipeline.strings
        self.by_key: dict[int, list[Pattern]] = {}  # first word lemma key -> patterns
        self.by_lower: dict[int, list[Pattern]] = {}  # first word lower hash -> patterns
        self.patterns: list[Pattern] = []
        self.protected = ProtectedNames.get(pipeline)
        from plainspeak.checks.context import set_enabled_rules

        set_enabled_rules(context, {r.code for r in rules}, self)
        prefs_rule = next((r for r in rules if r.options.get("preferences")), None)
        for rule in rules:
            prefs = {}
            for name, (default, allowed) in PREFERENCES.items():
                value, source = rule.options.get(name), rule
                if value is None and prefs_rule is not None:
                    value, source = prefs_rule.options.get(name), prefs_rule
                value = value or default
                if value not in allowed:
                    raise PatternError(f"{source.code}: option '{name}' must be one of: {', '.join(allowed)} "
                                       f"(not '{value}')")
                prefs[name] = value
            self._compile_rule(rule, prefs)
        for table in (self.by_key, self.by_lower):
            for v in table.values():
                v.sort(key=lambda p: -len(p.toks))

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
    def _match(self, p: Pattern, ks: list[int], lows: list[int], j: int, n: int):
        """Match p's tokens from word j. Returns (end word index, head index, slot fills) or None.

        An optional token is tried first matched, then skipped, so "the poor" matches
        "the {modifier}? {adjective}" even though "poor" could start a modifier.
        """
        toks = p.toks
        slots = self._slots
        code = p.rule.code

        def step(ti: int, pos: int, head: int, kept: int, fills: dict):
            if ti == len(toks):
                if kept >= 0:
                    fills = {**fills, "kept": (kept, pos, None)}
                return pos, head, fills
            t = toks[ti]
            if pos < n:
                options = []
                if t.kind == "lemma":
                    if ks[pos] in t.values:
                        options.append((1, None))
                elif t.kind == "lower":
                    if lows[pos] in t.values:
                        options.append((1, None))
                else:
                    slot = slots[(code, t.slot)]
                    arr = lows if slot.lower else ks
                    for keys, shown in slot.by_first.get(arr[pos], ()):
                        m = len(keys)
                        if pos + m <= n and (m == 1 or tuple(arr[pos:pos + m]) == keys):
                            options.append((m, shown))
                for width, shown in options:
                    f2 = fills if t.kind != "slot" else {**fills, t.slot: (pos, pos + width, shown)}
                    got = step(ti + 1, pos + width, pos + width - 1 if t.head else head,
                               pos if t.keep and kept < 0 else kept, f2)
                    if got is not None:
                        return got
            if t.optional:
                return step(ti + 1, pos, head, kept, fills)
            return None

        return step(0, j, -1, -1, {})

    def run(self, analysis: Analysis) -> list[Finding]:
        found: list[Finding] = []
        if not self.patterns:
            return found
        covered = analysis.cache.get("glossary-deficit-spans", {})
        by_key, by_lower = self.by_key, self.by_lower
        isw = self.pipeline.is_word
        blocks = analysis.document.blocks
        for bi, ba in enumerate(analysis.blocks):
            if ba is None or is_reference(blocks[bi]):
                continue  # no text, or the titles of papers and guidance in a reference list
            keys, lower = ba.keys, ba.lower
            if 0 in keys:
                pos = [i for i, k in enumerate(keys) if k]
                ks = [k for k in keys if k]
                lows = [w for k, w in zip(keys, lower) if k]
            else:  # no space tokens: the arrays as they are
                pos, ks, lows = range(len(keys)), keys, lower
            n = len(ks)
            block_cover = covered.get(bi)
            protected = None
            j = 0
            while j < n:
                cands = by_key.get(ks[j])
                c2 = by_lower.get(lows[j])
                if not cands and not c2:
                    j += 1
                    continue
                best = None
                plist = cands if not c2 else (c2 if not cands else cands + c2)
                for p in plist:
                    if p.next_keys is not None and (j + 1 >= n or (
                            ks[j + 1] not in p.next_keys and lows[j + 1] not in p.next_lower)):
                        continue
                    m = self._match(p, ks, lows, j, n)
                    if m is None:
                        continue
                    end, head, fills = m
                    if best is not None and end <= best[1]:
                        continue
                    if not self._context_ok(p, ba, pos, ks, lows, j, end, n, isw):
                        continue
                    best = (p, end, head, fills)
                if best is None:
                    j += 1
                    continue
                p, end, head, fills = best
                first_tok, last_tok = pos[j], pos[end - 1]
                if protected is None:
                    protected = self.protected.spans(ba)
                if any(a <= first_tok and last_tok <= b for a, b in protected) or (
                        blocks[bi].kind != "heading" and not mostly_capitals(blocks[bi].text)
                        and in_capitalised_name(ba.doc, first_tok, last_tok, need_ending=True)):
                    j = end  # the name of a law, body or programme ("Homeless Persons Unit")
                    continue
                taken = None
                if block_cover:
                    hits = [c for c in block_cover if c[0] <= last_tok and first_tok <= c[1]]
                    if hits:
                        # The glossary found these words. When this pattern finds them too, or
                        # more ("addict" in "a cocaine addict"), this more specific rule's finding
                        # takes the glossary finding's place (one label, one rule); otherwise the
                        # glossary's finding stands.
                        c = hits[0]
                        if len(hits) > 1 or c[2] is None or not (first_tok <= c[0] and c[1] <= last_tok):
                            j = end
                            continue
                        taken = c
                f = self._finding(analysis, bi, ba, pos, lows, j, end, head, fills, p)
                if f is not None:
                    if taken is not None:
                        old = taken[2]
                        f.entry = old.entry  # keep the glossary entry's name (fix, figures)
                        if (first_tok, last_tok) == (taken[0], taken[1]):
                            # the same words: reported under this rule, with the entry's own
                            # words and suggestions
                            for name in ("rule", "name", "category", "severity", "message"):
                                setattr(old, name, getattr(f, name))
                            j = end
                            continue
                        for fld in dataclasses.fields(old):
                            setattr(old, fld.name, getattr(f, fld.name))
                        taken[0], taken[1] = first_tok, last_tok
                    else:
                        found.append(f)
                j = end
        return found

    def _context_ok(self, p: Pattern, ba, pos, ks, lows, j, end, n, isw) -> bool:
        doc = ba.doc
        if p.lower_case:
            for w in range(j, end):
                t = doc[pos[w]].text
                if t != t.lower():
                    # a capital at the start of a sentence is fine
                    if not (w == j and doc[pos[w]].is_sent_start):
                        return False
        # previous and next *words* (skipping spaces, not punctuation)
        if p.not_before:
            for phrase in p.not_before:
                m = len(phrase)
                if j - m >= 0 and tuple(ks[j - m:j]) == phrase:
                    return False
        if p.before is not None:
            if j == 0 or ks[j - 1] not in p.before:
                return False
        if p.not_after:
            for phrase in p.not_after:
                m = len(phrase)
                if end + m <= n and tuple(ks[end:end + m]) == phrase:
                    return False
        if p.after is not None and end < n:
            nxt = ks[end]
            if nxt not in p.after and isw(lows[end]):
                return False
        if p.sentence_has is not None:
            a = pos[j]
            ok = False
            for s, e in ba.sentences:
                if s <= a < e:
                    ok = any(ba.keys[i] in p.sentence_has for i in range(s, e))
                    break
            if not ok:
                return False
        return True

    def _finding(self, analysis, bi, ba, pos, lows, j, end, head, fills, p: Pattern) -> Finding | None:
        doc = ba.doc
        text = analysis.document.blocks[bi].text
        first, last = doc[pos[j]], doc[pos[end - 1]]
        start = first.idx
        stop = last.idx + len(last)
        article = ""
        if p.take_before and j > 0:
            first = doc[pos[j - 1]]
            start = first.idx
        elif p.article and j > 0:
            prev = doc[pos[j - 1]]
            if prev.lower_ in ("a", "an"):
                article = prev.text
                start = prev.idx
                first = prev
        plural = False
        if head >= 0:
            ht = doc[pos[head]]
            plural = is_plural_token(ht, self.strings[ba.keys[pos[head]]])
        values = {"match": " ".join(text[start:stop].split())}
        for name, (a, b, shown) in fills.items():
            words = " ".join(doc[pos[a]:pos[b - 1] + 1].text.split())
            if shown:
                words = shown
            elif doc[pos[a]].is_sent_start and not words.split()[0].isupper():
                words = words[:1].lower() + words[1:]
            values[name] = words
        templates = p.suggest_many if plural else p.suggest_one
        suggestions = []
        for t in templates:
            try:
                formatted = t.format(**values)
            except (KeyError, IndexError, ValueError):
                formatted = t
            for s in formatted.split(" | "):  # a list item's "shown as" may hold several
                s = s.strip()
                if article and not plural:
                    s = f"{article_for(s)} {s}"
                if s and s not in suggestions:
                    suggestions.append(s)
        head_word = text[start:stop].split()[0] if text[start:stop].split() else ""
        if suggestions and first.is_sent_start and head_word[:1].isupper() \
                and not (len(head_word) > 1 and head_word.isupper()):
            suggestions = [s[:1].upper() + s[1:] for s in suggestions]
        values["suggestion"] = suggestions[0] if suggestions else ""
        values["alternatives"] = ", ".join(f'"{s}"' for s in suggestions)
        rule = p.rule
        def fill(template: str) -> str:
            try:
                return template.format(**values)
            except (KeyError, IndexError, ValueError):
                return template

        if p.message and "{advice}" in rule.message:
            values["advice"] = fill(p.message)
            message = fill(rule.message)
        else:
            message = fill(p.message or rule.message)
        message = " ".join(message.split())
        severity = p.severity
        if in_quotes(text, start, stop):
            severity = "info"
            message += QUOTE_NOTE
        f = finding(rule, analysis, bi, start, stop, message, suggestions, self.context, severity=severity,
                    fixed=severity == "info")
        f.entry = p.id
        return f
