"""Strengths-based forms (issue 15): the questions a form asks, counted and sorted, and the
rules PS601 (no strengths questions), PS602 (closed question on a sensitive subject) and PS603
(a question about the person in the third person).

The expected counts are a careful reader's, written down by reading each form; plainspeak
must be within one of each.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument

from plainspeak.engine import Checker
from plainspeak.extract import extract_file
from plainspeak.extract.markdown import extract_text as markdown_document
from plainspeak.questions import analyse, balance_line, load_cues, read_cues, to_you
from plainspeak.yamlfile import DataFileError

from conftest import ROOT, SHARED, run_in_process

CUES = load_cues()


def counts_of(document):
    return analyse(document, CUES).counts()


def assert_within_one(found: dict, careful: dict) -> None:
    for key, value in careful.items():
        assert abs(found[key] - value) <= 1, f"{key}: plainspeak counted {found[key]}, a careful reader {value}"


def codes(report):
    return [f.rule for f in report.findings]


# -- forms built here -------------------------------------------------------------------------

def problem_form_docx(path: Path, strengths: bool = False) -> Path:
    """A referral form in Word: a two-column table of label cells and empty answer cells, tick
    boxes after one label, a sign-off table, and instructions for staff."""
    doc = WordDocument()
    doc.add_heading("Referral form", 1)
    doc.add_paragraph("Please fill in this form with the client. Read each question out.")
    rows = [
        ("Full name", ""),
        ("Date of birth", ""),
        ("Current address", ""),
        ("Does the client use drugs or alcohol?", "☐ Yes ☐ No"),
        ("Any history of offending or convictions?", ""),
        ("Does the client have any debts or rent arrears?", ""),
        ("Risk to staff", ""),
        ("Current medication", ""),
    ]
    if strengths:
        rows += [("What are you good at, or proud of?", ""),
                 ("What would you like to be different in six months?", "")]
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"  # ruled cells, as forms are printed
    for i, (label, answer) in enumerate(rows):
        table.cell(i, 0).text = label
        if answer:
            table.cell(i, 1).text = answer
    doc.add_heading("Sign-off", 2)
    sign = doc.add_table(rows=2, cols=2)
    sign.cell(0, 0).text = "Completed by"
    sign.cell(1, 0).text = "Signature"
    doc.save(str(path))
    return path


# A careful reader's count of the problem form: 8 questions (the sign-off and the instruction
# are not questions). Problems: drugs, offending, debts, risk to staff, medication = 5. Neutral:
# name, date of birth, address = 3. Closed: the drugs question (tick boxes, "Does"), "Any
# history ...", "Does the client have any debts" = 3. Third person: "the client" twice = 2.
PROBLEM_FORM = {"total": 8, "problem": 5, "strength": 0, "neutral": 3, "closed": 3, "third_person": 2}


def test_word_form_counts_and_findings(tmp_path, checker):
    path = problem_form_docx(tmp_path / "referral.docx")
    document = extract_file(str(path))
    found = counts_of(document)
    assert_within_one(found, PROBLEM_FORM)
    report = checker.check_document(document)
    assert report.questions is not None
    assert_within_one(report.questions, PROBLEM_FORM)
    assert codes(report).count("PS601") == 1
    ps602 = [f for f in report.findings if f.rule == "PS602"]
    # drugs (Y/N) and offending ("Any history of ..."): both closed, both sensitive
    assert {f.match for f in ps602} == {"Does the client use drugs or alcohol?",
                                        "Any history of offending or convictions?"}
    assert all(f.suggestions and "would like us to know" in f.suggestions[0] for f in ps602)
    ps603 = [f for f in report.findings if f.rule == "PS603"]
    # the drugs question gets the open question of PS602 instead of a second finding
    assert [f.match for f in ps603] == ["Does the client have any debts or rent arrears?"]
    assert ps603[0].suggestions == ["Do you have any debts or rent arrears?"]
    ps601 = next(f for f in report.findings if f.rule == "PS601")
    assert "asks 8 questions; 5 are about problems" in ps601.message
    assert ps601.suggestions[0] == "What are you good at, or proud of?"


def test_balanced_word_form_has_no_no_strengths_finding(tmp_path, checker):
    path = problem_form_docx(tmp_path / "balanced.docx", strengths=True)
    report = checker.check_document(extract_file(str(path)))
    assert report.questions["strength"] == 2
    assert report.questions["total"] == 10
    assert "PS601" not in codes(report)


@pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("CI") != "true",
                    reason="LibreOffice is not installed (CI installs it)")
def test_pdf_made_from_the_word_form_gives_the_same_counts(tmp_path, checker):
    source = problem_form_docx(tmp_path / "referral.docx")
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180,
                            env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "referral.pdf"
    document = extract_file(str(pdf))
    assert_within_one(counts_of(document), PROBLEM_FORM)
    report = checker.check_document(document)
    assert "PS601" in codes(report)
    assert "PS602" in codes(report)


MARKDOWN_LIST_FORM = """\
# Support plan review

Fill in this form with the resident.

- Name: ________
- Date of birth: ________
- Does the resident drink alcohol? Y / N
- Has the resident been arrested since the last review? Y / N
- Rent arrears: ________
- What do you enjoy doing? ________
"""

MARKDOWN_TABLE_FORM = """\
# Intake

| Question | Answer |
| --- | --- |
| Name | |
| Address | |
| Is the client on probation? | Yes / No |
| Any mental health diagnosis? | |
| Debts | |
| Risk to others | |
"""


def test_markdown_list_form():
    document = markdown_document(MARKDOWN_LIST_FORM, "review.md")
    # Careful count: 6 questions (the instruction is not one). Problems: alcohol, arrested,
    # arrears = 3; strength: enjoy = 1; neutral: name, date of birth = 2. Closed: alcohol and
    # arrested (Y / N) = 2. Third person: "the resident" twice = 2.
    assert_within_one(counts_of(document),
                      {"total": 6, "problem": 3, "strength": 1, "neutral": 2, "closed": 2, "third_person": 2})


def test_markdown_table_form(checker):
    document = markdown_document(MARKDOWN_TABLE_FORM, "intake.md")
    # Careful count: 6 questions (the header row is not one). Problems: probation, mental
    # health, debts, risk = 4; neutral: name, address = 2; closed: probation (Yes / No) and
    # "Any mental health diagnosis?" = 2; third person: "the client" once = 1.
    careful = {"total": 6, "problem": 4, "strength": 0, "neutral": 2, "closed": 2, "third_person": 1}
    assert_within_one(counts_of(document), careful)
    report = checker.check_document(document)
    assert "PS601" in codes(report)
    subjects = sorted(f.message.split("about ")[1].split(" with")[0] for f in report.findings if f.rule == "PS602")
    assert subjects == ["mental health", "offending"]
    # The form does not say it is filled in with the person, and asks nothing as "you":
    # a third-person question is then fine (a referral filled in by staff).
    assert "PS603" not in codes(report)


def test_a_policy_with_a_few_questions_is_not_a_form(checker):
    text = ("# Safeguarding policy\n\nWhat is abuse? Abuse is when someone hurts you.\n\n"
            "Who can I talk to? You can talk to any member of staff.\n")
    report = checker.check_document(markdown_document(text, "policy.md"))
    assert report.questions is None
    assert not [f for f in report.findings if f.category == "strengths"]


def test_contents_lines_and_headings_are_not_questions():
    text = "# Report\n\nIntroduction ........ 3\n\nFindings ........ 7\n\n## Background\n\nSome text.\n"
    assert counts_of(markdown_document(text, "report.md"))["total"] == 0


def test_sign_off_lines_and_consent_are_not_questions():
    text = ("# Form\n\n- Name: ____\n- Parent's name: ______ Signature: ______ Date: ______\n"
            "- I agree that the information is correct: ____\n- Date: ____\n")
    assert counts_of(markdown_document(text, "f.md"))["total"] == 1


def test_several_labels_on_one_line_are_several_questions():
    text = "Name of child: ______ Child's date of birth: ______\n\nAddress: ______\n"
    assert counts_of(markdown_document(text, "f.md"))["total"] == 3


def test_an_override_can_make_any_document_a_form(tmp_path):
    from plainspeak.config import load

    (tmp_path / ".plainspeak.toml").write_text(
        '[[overrides]]\nfiles = ["forms/**"]\noptions = { PS601 = { form = "yes", "min-problem-questions" = 1 } }\n')
    forms = tmp_path / "forms"
    forms.mkdir()
    form = forms / "short.md"
    form.write_text("# Form\n\nDo you use drugs? Y / N\n")
    config = load(str(tmp_path / ".plainspeak.toml"))
    report = Checker(config).check_file(str(form))
    assert report.questions == {"total": 1, "problem": 1, "strength": 0, "neutral": 0, "closed": 1,
                                "third_person": 0}
    assert "PS601" in codes(report) and "PS602" in codes(report)
    elsewhere = tmp_path / "short.md"
    elsewhere.write_text(form.read_text())
    assert Checker(config).check_file(str(elsewhere)).questions is None


# -- the examples' form and real public forms ------------------------------------------------

def test_examples_assessment_form(checker):
    report = checker.check_file(str(ROOT / "examples" / "assessment-form.docx"))
    # Careful count (see docs/strengths.md): 9 questions: 8 rows of the first table and "Known
    # risks (tick all that apply)"; the sign-off table is not questions. Problems: addict,
    # non-engagement, offending, mental illness, known risks = 5; strength: what the resident
    # would most like help with = 1; neutral: name and date of birth, where they slept, GP = 3.
    # Closed: addict, GP, non-engagement, offending ("Any ..."), mental illness, the tick list = 6.
    # Third person: "the client" five times and "the resident" once = 6.
    assert_within_one(report.questions,
                      {"total": 9, "problem": 5, "strength": 1, "neutral": 3, "closed": 6, "third_person": 6})
    assert "PS601" not in codes(report)  # it asks one strengths question
    assert codes(report).count("PS602") == 3  # addict, offending, mental illness


REAL_FORM = SHARED / "real-dev" / "docs" / "newstead-health-care-plan-form.pdf"


@pytest.mark.skipif(not REAL_FORM.exists() and os.environ.get("CI") != "true",
                    reason="the shared real documents are not beside this checkout")
def test_real_public_form(checker):
    report = checker.check_file(str(REAL_FORM))
    # Careful count of Newstead Road Pre-School's health care plan (2 pages): child's name, date
    # of birth, address, condition (4); two family contacts with name, relationship, telephone
    # (6); hospital, clinic, consultant, telephone, GP, telephone (6); medical needs, daily care,
    # emergency, follow-up care, person responsible in an emergency (5) = 21. The sign-off lines
    # (names with signatures), "Form copied to", and the dates of the form are not questions.
    # Problems: condition, medical needs and symptoms, what an emergency is = 3 (the person
    # responsible in an emergency is a contact: neutral). No strengths, nothing closed.
    assert_within_one(report.questions,
                      {"total": 21, "problem": 3, "strength": 0, "closed": 0, "third_person": 0})
    assert report.questions["neutral"] >= 16
    assert "PS601" in codes(report)


# -- the cue lists are data -------------------------------------------------------------------

def _examples(data):
    for key in ("strength", "problem"):
        for text in data[key]["examples"]:
            yield key, text


@pytest.mark.parametrize("kind,text", list(_examples(read_cues())))
def test_cue_examples_are_sorted_as_their_list_says(kind, text):
    # A label is tried as a form asks it, with a space to answer in.
    doc = markdown_document(f"{text}\n" if "?" in text else f"{text}: ______\n", "q.md")
    found = analyse(doc, CUES, form="yes").items
    assert found, f"no question found in {text!r}"
    assert found[0].kind == kind, f"{text!r} sorted as {found[0].kind}, not {kind}"


@pytest.mark.parametrize("subject,text", [(s["subject"], t) for s in read_cues()["sensitive"] for t in s["examples"]])
def test_sensitive_examples_are_closed_and_sensitive(subject, text):
    found = analyse(markdown_document(f"{text}\n", "q.md"), CUES, form="yes").items
    assert found and found[0].closed and found[0].sensitive == subject


def test_a_mistake_in_the_cue_file_names_the_file_and_line(tmp_path):
    from plainspeak.questions import cues_path

    text = cues_path().read_text(encoding="utf-8").replace("strength:\n  words:", "strength:\n  wrods:")
    bad = tmp_path / "questions.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_cues(str(bad))
    message = str(info.value)
    assert str(bad) in message and "line" in message and "did you mean 'words'" in message


# -- wording and the report -------------------------------------------------------------------

@pytest.mark.parametrize("question,person,expected", [
    ("Does the client have a GP?", "the client", "Do you have a GP?"),
    ("Is the resident registered with a dentist?", "the resident", "Are you registered with a dentist?"),
    ("What would the resident most like help with first?", "the resident", "What would you most like help with first?"),
    ("Where did the client sleep last night?", "the client", "Where did you sleep last night?"),
    ("Has the tenant paid their rent?", "the tenant", "Have you paid your rent?"),
])
def test_third_person_questions_are_put_to_you(question, person, expected):
    assert to_you(question, person) == expected


def test_balance_line():
    assert balance_line({"total": 19, "problem": 18, "strength": 1}) == (
        "This form asks 19 questions: 18 about problems or risks and 1 about the person's strengths, "
        "interests or hopes.")


def _run(*args, cwd=None):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd or ROOT)


def test_json_text_and_html_reports_carry_the_summary(tmp_path):
    form = tmp_path / "review.md"
    form.write_text(MARKDOWN_LIST_FORM, encoding="utf-8")
    policy = tmp_path / "policy.md"
    policy.write_text("# Policy\n\nWe help people find a home.\n", encoding="utf-8")
    result = _run("check", "--format", "json", "--fail-on", "never", str(form), str(policy))
    assert result.returncode == 0, result.stderr
    files = json.loads(result.stdout)["files"]
    assert files[0]["questions"]["total"] == 6 and files[0]["questions"]["strength"] == 1
    assert files[1]["questions"] is None
    assert {f["category"] for f in files[0]["findings"]} >= {"strengths"}
    text = _run("check", "--fail-on", "never", str(form)).stdout
    assert "Questions: This form asks 6 questions: 3 about problems or risks and 1 about the person's" in text
    html = _run("check", "--format", "html", "--fail-on", "never", str(form)).stdout
    assert '<p class="questions">This form asks 6 questions' in html
