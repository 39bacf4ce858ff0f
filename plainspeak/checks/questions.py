"""Check kind ``questions``: what the questions of a form ask, not only how they are worded.

Each rule of this kind names what it looks for with the option ``test``:

- ``no-strengths``: a form that asks about problems but never about the person's
  strengths, interests or hopes (one finding for the whole form);
- ``closed-sensitive``: a yes/no or tick-box question about drugs, alcohol, mental
  health, offending or abuse, with an open question to ask instead;
- ``third-person``: a question that talks about the person ("Does the client have ...")
  in a form filled in with them, with the question put to "you".

How questions are found and sorted is in :mod:`plainspeak.questions`; the cue lists are
data, in ``rules/cues/questions.yaml``. Only documents treated as forms are checked: a
document with at least ``min-questions`` questions (two of them form fields), or every
document when an override sets ``form = "yes"`` for a folder of forms.

The kind also leaves the form's counts in ``analysis.cache["questions"]`` for the
report's ``questions`` summary.
"""

from __future__ import annotations

from plainspeak.checks import Context, finding, make_finding, rule_options
from plainspeak.checks.options import CHOICE, WHOLE, Declaration, Option
from plainspeak.model import Finding, Location
from plainspeak.language.pipeline import Analysis
from plainspeak.questions import PROBLEM, STRENGTH, analyse, load_cues, to_you
from plainspeak.rules import Rule

TESTS = ("no-strengths", "closed-sensitive", "third-person")
FORM_CHOICES = ("auto", "yes", "no")
WITH_PERSON_CHOICES = ("auto", "yes", "no")

OPTIONS = Declaration(selector="test", options=(
    Option("test", CHOICE, choices=TESTS, settable=False, help="which question test the rule runs"),
    Option("form", CHOICE, "auto", choices=FORM_CHOICES,
           help="when a document counts as a form: auto (it asks at least min-questions questions, two of them "
                "form fields), yes (always: set it with [[overrides]] for a folder of forms) or no; the first "
                "rule of this kind decides for all"),
    Option("min-questions", WHOLE, 5, "auto: a document with this many questions or more can be a form",
           minimum=1),
    Option("min-problem-questions", WHOLE, 3, "a form with at least this many questions about problems and none "
           "about strengths is reported", when=("no-strengths",), minimum=1),
    Option("filled-in-with-person", CHOICE, "auto", choices=WITH_PERSON_CHOICES,
           help="whether the form is filled in with the person, so its questions should talk to them: auto (the "
                "form says so, or asks other questions as 'you'), yes or no", when=("third-person",)),
))


class QuestionCheck:
    def __init__(self, rules: list[Rule], context: Context):
        self.context = context
        self.rules: dict[str, Rule] = {}
        for r in rules:
            self.rules[rule_options(r)["test"]] = r
        # Whether a document is a form is one decision for all the rules of this kind:
        # the first rule (by code) that sets it decides.
        first = sorted(rules, key=lambda r: r.code)[0]
        self.form = str(first.options["form"])
        if self.form not in FORM_CHOICES:
            raise ValueError(f"rule {first.code}: 'form' must be one of: {', '.join(FORM_CHOICES)}")
        self.min_questions = int(first.options["min-questions"])
        self.cues = load_cues()

    def run(self, analysis: Analysis) -> list[Finding]:
        doc = analysis.document
        result = analyse(doc, self.cues, form=self.form, min_questions=self.min_questions)
        analysis.cache["questions"] = result
        if not result.form:
            return []
        found: list[Finding] = []
        if "no-strengths" in self.rules:
            found.extend(self._no_strengths(analysis, result))
        if "closed-sensitive" in self.rules:
            rule = self.rules["closed-sensitive"]
            for q in result.items:
                if q.sensitive:
                    message = rule.format_message(subject=q.sensitive, suggestion=q.ask_instead)
                    found.append(finding(rule, analysis, q.block, q.start, q.end, message,
                                         [q.ask_instead], self.context))
        if "third-person" in self.rules:
            rule = self.rules["third-person"]
            setting = str(rule.options["filled-in-with-person"])
            if setting not in WITH_PERSON_CHOICES:
                raise ValueError(f"rule {rule.code}: 'filled-in-with-person' must be one of: "
                                 f"{', '.join(WITH_PERSON_CHOICES)}")
            if setting == "yes" or (setting == "auto" and result.with_person):
                for q in result.items:
                    # A sensitive closed question already gets an open question put to "you".
                    if q.third_person and q.person and not (q.sensitive and "closed-sensitive" in self.rules):
                        instead = to_you(q.text, q.person)
                        message = rule.format_message(person=q.person, suggestion=instead)
                        found.append(finding(rule, analysis, q.block, q.start, q.end, message, [instead],
                                             self.context))
        return found

    def _no_strengths(self, analysis: Analysis, result) -> list[Finding]:
        rule = self.rules["no-strengths"]
        problems = sum(q.kind == PROBLEM for q in result.items)
        strengths = sum(q.kind == STRENGTH for q in result.items)
        if strengths or problems < int(rule.options["min-problem-questions"]):
            return []
        asks = self.cues.strengths_to_ask
        total = len(result.items)
        message = rule.format_message(
            total=total, problems=problems,
            questions_word="question" if total == 1 else "questions",
            problems_word="is" if problems == 1 else "are",
            examples=" ".join(f"'{a}'" for a in asks[:3]))
        doc = analysis.document
        first = result.items[0]
        location: Location = doc.locate(doc.blocks[first.block], 0)
        location.section = None
        return [make_finding(rule, message=message, suggestions=asks[:3], location=location, block=first.block,
                             settings=self.context.severity)]


def summary(analysis: Analysis) -> dict | None:
    """The ``questions`` object of the file report: counts for a form, None otherwise."""
    result = analysis.cache.get("questions")
    if result is None or not result.form:
        return None
    return result.counts()
