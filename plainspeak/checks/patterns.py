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

from plainspeak.checks import Context, finding
from plainspeak.checks.options import CHOICE, FLAG, LIST, REPEATS, TABLE, Declaration, Option
from plainspeak.checks.pattern_compile import Pattern, PatternCompiler, PatternError  # noqa: F401 (PatternError: tests)
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

class PatternCheck(PatternCompiler):
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
            if by_key.keys().isdisjoint(keys) and by_lower.keys().isdisjoint(lower):
                continue  # no word that starts a pattern: most blocks
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
                        and in_capitalised_name(ba, first_tok, last_tok, need_ending=True)):
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
        if p.lower_case:
            for w in range(j, end):
                t = ba.text(pos[w])
                if t != t.lower():
                    # a capital at the start of a sentence is fine
                    if not (w == j and ba.is_sent_start(pos[w])):
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
