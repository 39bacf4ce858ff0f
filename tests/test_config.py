"""Configuration: found by walking up, validated strictly."""

import pytest

from conftest import run_in_process

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
    from plainspeak.language.pipeline import ModelMissing, Pipeline

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


# -- rule options are checked against what their check kind declares ---------------------

def _checker_error(tmp_path, text):
    from plainspeak.engine import Checker

    f = tmp_path / ".plainspeak.toml"
    f.write_text(text)
    with pytest.raises(ConfigError) as e:
        Checker(load_file(f))
    return str(e.value)


@pytest.mark.parametrize("text, line, message", [
    # the two mistakes the issue names, accepted silently before
    ('fail-on = "error"\noptions = { PS401 = { warnig-words = 10 } }\n', 2,
     "PS401 has no option 'warnig-words' — did you mean 'warning-words'?"),
    ('[options]\nPS404 = { reading_age = 9 }\n', 2, "PS404 has no option 'reading_age' — did you mean 'reading-age'?"),
    ('[options.PS401]\nerror-words = 40\nwarning-words = "ten"\n', 3,
     "option 'warning-words' of PS401 must be a whole number of 1 or more, not 'ten'"),
    ('options = { PS101 = { allow = "MARAC" } }\n', 1, "option 'allow' of PS101 must be a list of words"),
    ('options = { PS401 = { measure = "passive" } }\n', 1,
     "the option 'measure' of PS401 chooses what the rule checks and cannot be set"),
    ('options = { PS4O1 = { error-words = 40 } }\n', 1,
     "'options' names a rule that does not exist: 'PS4O1' — did you mean 'PS401'?"),
    ('options = { long-sentence = { error-word = 40 } }\n', 1, "did you mean 'error-words'?"),
    ('disable = ["PS202"]\n\n[[overrides]]\nfiles = ["a/**"]\noptions = { PS401 = { warning-words = 30 } }\n\n'
     '[[overrides]]\nfiles = ["b/**"]\noptions = { PS401 = { warning-word = 30 } }\n', 9,
     "PS401 has no option 'warning-word' — did you mean 'warning-words'?"),
])
def test_a_mistyped_rule_option_in_the_settings_names_the_file_and_line(tmp_path, text, line, message):
    error = _checker_error(tmp_path, text)
    assert error.startswith(f"{tmp_path / '.plainspeak.toml'}, line {line}: "), error
    assert message in error


def test_option_errors_in_pyproject_name_its_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.plainspeak.options]\n'
                                             'PS402 = { max-word = 80 }\n')
    from plainspeak.engine import Checker

    with pytest.raises(ConfigError, match=r"pyproject.toml, line 5: PS402 has no option 'max-word' — did you "
                                          r"mean 'max-words'\?"):
        Checker(load(start=tmp_path))


def test_a_good_option_in_the_settings_changes_what_is_found(tmp_path):
    from plainspeak.engine import Checker

    (tmp_path / ".plainspeak.toml").write_text('options = { PS401 = { warning-words = 5, error-words = 8 } }\n')
    doc = tmp_path / "a.md"
    doc.write_text("We will call you back about your housing application this week.\n")
    findings = Checker(load_file(tmp_path / ".plainspeak.toml")).check_file(str(doc)).findings
    [long] = [f for f in findings if f.rule == "PS401"]
    assert long.severity == "error" and "11 words" in long.message
    assert not [f for f in Checker(Config()).check_file(str(doc)).findings if f.rule == "PS401"]


def test_the_command_line_refuses_a_mistyped_option_with_exit_code_2(tmp_path):
    (tmp_path / ".plainspeak.toml").write_text('options = { PS401 = { warnig-words = 10 } }\n')
    (tmp_path / "a.md").write_text("Hello.\n")
    r = run_in_process("check", "a.md", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().endswith(".plainspeak.toml, line 1: PS401 has no option 'warnig-words' — did you "
                                     "mean 'warning-words'?")
    assert "Traceback" not in r.stderr and r.stdout == ""
