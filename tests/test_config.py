"""Configuration: found by walking up, validated strictly."""

import pytest

from plainspeak.config import Config, ConfigError, find, load, load_file


def test_found_by_walking_up(tmp_path):
    (tmp_path / ".plainspeak.toml").write_text('disable = ["PS202"]\nallow-acronyms = ["MARAC"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find(deep) == tmp_path / ".plainspeak.toml"
    cfg = load(start=deep)
    assert cfg.disable == ["PS202"] and cfg.allow_acronyms == ["MARAC"]


def test_pyproject_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.plainspeak]\nfail-on = "error"\n')
    assert load(start=tmp_path).fail_on == "error"


def test_pyproject_without_our_table_is_ignored(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find(tmp_path) != tmp_path / "pyproject.toml"


@pytest.mark.parametrize("text, message", [
    ('disabel = ["PS202"]', "unknown setting 'disabel' — did you mean 'disable'?"),
    ('fail-on = "sometimes"', "'fail-on' must be one of"),
    ('disable = "PS202"', "'disable' must be a list"),
    ('severity = { PS101 = "loud" }', "severity of PS101 must be one of"),
    ('glossary = ["missing-folder"]', "glossary folder 'missing-folder' does not exist"),
    ('preview = "yes"', "'preview' must be true or false"),
    ('this is not toml', "not valid TOML"),
])
def test_bad_settings(tmp_path, text, message):
    f = tmp_path / ".plainspeak.toml"
    f.write_text(text)
    with pytest.raises(ConfigError) as e:
        load_file(f)
    assert message in str(e.value) and ".plainspeak.toml" in str(e.value)


def test_glossary_folders_resolve_from_the_config_file(tmp_path):
    (tmp_path / "ours").mkdir()
    (tmp_path / ".plainspeak.toml").write_text('glossary = ["ours"]\n')
    assert load_file(tmp_path / ".plainspeak.toml").glossary == [str((tmp_path / "ours").resolve())]


def test_defaults():
    c = Config()
    assert c.fail_on == "warning" and c.disable == [] and c.spacy_model is None


def test_missing_spacy_model_is_explained(tmp_path):
    from plainspeak.nlp import ModelMissing, Pipeline

    with pytest.raises(ModelMissing, match="python -m spacy download en_no_such_model"):
        Pipeline("en_no_such_model")
