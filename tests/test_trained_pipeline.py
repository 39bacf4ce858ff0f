"""The trained-pipeline path, for real: a tiny spaCy pipeline built here (blank English, an
attribute ruler that sets part-of-speech tags, a lookup lemmatizer), saved to a folder and
loaded through the ``spacy-model`` setting by its path. No download is needed."""

from __future__ import annotations

import pytest

from conftest import run_in_process
from plainspeak.config import Config
from plainspeak.engine import Checker
from plainspeak.extract.markdown import extract_text

# Tags a trained tagger would give. "inlaid" is not in plainspeak's list of irregular
# participles, so only the tag can find its passive; "concerned" here is an adjective.
TAGS = {"was": "VBD", "were": "VBD", "inlaid": "VBN", "worried": "VBN", "written": "VBN",
        "concerned": "JJ", "tired": "JJ"}


@pytest.fixture(scope="module")
def tiny_pipeline(tmp_path_factory):
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the English lookup table from spacy-lookups-data (and empties the ruler)
    for word, tag in TAGS.items():
        ruler.add(patterns=[[{"LOWER": word}]], attrs={"TAG": tag})
    folder = tmp_path_factory.mktemp("pipeline") / "en_tiny"
    nlp.to_disk(folder)
    return folder


@pytest.fixture(scope="module")
def trained(tiny_pipeline):
    return Checker(Config(spacy_model=str(tiny_pipeline)))


def findings(checker, text, rule):
    doc = checker.check_document(extract_text(text, "t.md")).findings
    return [f.match for f in doc if f.rule == rule]


def test_the_pipeline_is_loaded_by_path_and_is_the_trained_one(trained, tiny_pipeline):
    pipeline = trained.pipeline
    assert pipeline.trained and pipeline.model == str(tiny_pipeline)
    assert pipeline.nlp.pipe_names[:2] == ["attribute_ruler", "lemmatizer"]
    assert "sentencizer" in pipeline.nlp.pipe_names  # added, as the pipeline has no parser


def test_only_the_built_in_pipeline_is_shared_between_checkers(trained):
    """Checkers with different settings share one built-in pipeline (it holds no settings, only
    facts about words); a configured trained pipeline is its own, never the shared one."""
    plain = Checker(Config())
    other = Checker(Config(disable=["PS101"], fail_on="error"))
    assert plain.pipeline is other.pipeline and not plain.pipeline.trained
    assert trained.pipeline is not plain.pipeline and trained.pipeline.trained
    assert [f.match for f in plain.check_document(extract_text("Heroin users.\n", "t.md")).findings
            if f.rule.startswith("PS3")] == ["Heroin users"]


def test_passive_voice_uses_the_pipelines_tags(trained):
    assert findings(trained, "The table was inlaid with brass.", "PS405") == ["was inlaid"]
    assert findings(trained, "She was worried about rent.", "PS405") == ["was worried"]
    assert findings(trained, "She was concerned about rent.", "PS405") == []
    assert findings(trained, "She was tired after the meeting.", "PS405") == []
    # The built-in pipeline has no tags: its list of participles does not know "inlaid".
    assert findings(Checker(), "The table was inlaid with brass.", "PS405") == []


def test_glossary_terms_match_through_the_pipelines_lemmas(trained):
    """The lookup lemmatizer turns 'sleepers' into 'sleeper', so the entry matches plurals."""
    analysis = trained.pipeline.analyse(extract_text("Two rough sleepers were housed.", "t.md"))
    assert [t.lemma_ for t in analysis.blocks[0].doc][1:4] == ["rough", "sleeper", "be"]
    assert findings(trained, "We met two rough sleepers.", "PS301") == ["rough sleepers"]


def test_the_spacy_model_setting_takes_a_path(tiny_pipeline, tmp_path):
    (tmp_path / ".plainspeak.toml").write_text(f'spacy-model = "{tiny_pipeline}"\n')
    (tmp_path / "a.md").write_text("# Notes\n\nThe table was inlaid with brass by two rough sleepers.\n")
    r = run_in_process("check", "--format", "concise", "--fail-on", "never", "a.md", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'PS405 info: "was inlaid"' in r.stdout and '"rough sleepers"' in r.stdout
    (tmp_path / ".plainspeak.toml").write_text(f'spacy-model = "{tmp_path / "missing"}"\n')
    r = run_in_process("check", "a.md", cwd=tmp_path)
    assert r.returncode == 2 and "is not installed" in r.stderr
