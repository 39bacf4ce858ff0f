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


def test_rule_options_and_overrides(tmp_path):
    from plainspeak.engine import Checker

    (tmp_path / "leaflets").mkdir()
    (tmp_path / ".plainspeak.toml").write_text(
        'options = { PS101 = { allow = ["MARAC"] } }\n\n'
        '[[overrides]]\nfiles = ["leaflets/**"]\ndisable = ["PS201"]\nseverity = { PS101 = "error" }\n')
    cfg = load(start=tmp_path)
    leaflet = tmp_path / "leaflets" / "a.md"
    other = tmp_path / "b.md"
    for f in (leaflet, other):
        f.write_text("The MARAC and the HRA team will signpost you.\n")
    checker = Checker(cfg)
    got = {p.name: sorted((f.rule, f.match, f.severity) for f in checker.check_file(str(p)).findings)
           for p in (leaflet, other)}
    assert ("PS101", "HRA", "error") in got["a.md"] and not any(r == "PS201" for r, _, _ in got["a.md"])
    assert ("PS101", "HRA", "warning") in got["b.md"] and any(r == "PS201" for r, _, _ in got["b.md"])
    assert not any(m == "MARAC" for _, m, _ in got["a.md"] + got["b.md"])


def test_override_may_not_set_everything(tmp_path):
    f = tmp_path / ".plainspeak.toml"
    f.write_text('[[overrides]]\nfiles = ["x/**"]\nspacy-model = "en_core_web_sm"\n')
    with pytest.raises(ConfigError, match="cannot be set in an override"):
        load_file(f)


def test_unknown_rule_in_settings(tmp_path):
    from plainspeak.engine import Checker

    with pytest.raises(ValueError, match="PS998"):
        Checker(Config(severity={"PS998": "info"}))


def test_select_setting_and_override(tmp_path):
    from plainspeak.engine import Checker

    (tmp_path / "leaflets").mkdir()
    (tmp_path / ".plainspeak.toml").write_text(
        'select = ["deficit-label"]\n\n[[overrides]]\nfiles = ["leaflets/**"]\nselect = ["acronym"]\n')
    cfg = load(start=tmp_path)
    text = "The MARAC met two rough sleepers.\n"
    (tmp_path / "a.md").write_text(text)
    (tmp_path / "leaflets" / "b.md").write_text(text)
    checker = Checker(cfg)
    assert {f.rule for f in checker.check_file(str(tmp_path / "a.md")).findings} == {"PS301"}
    assert {f.rule for f in checker.check_file(str(tmp_path / "leaflets" / "b.md")).findings} == {"PS101"}
