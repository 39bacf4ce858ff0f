"""plainspeak init: a commented starter settings file that plainspeak accepts, never overwritten."""

from __future__ import annotations

import re

from conftest import run_in_process
from plainspeak.config import load


def run(*args, cwd):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd)


def test_init_writes_a_starter_file_and_never_overwrites(tmp_path):
    r = run("init", cwd=tmp_path)
    assert r.returncode == 0 and "Wrote .plainspeak.toml" in r.stdout
    path = tmp_path / ".plainspeak.toml"
    text = path.read_text()
    assert text.startswith("# plainspeak settings.")
    assert load(str(path)).fail_on == "warning"
    path.write_text(text + "# my own note\n")
    r = run("init", cwd=tmp_path)
    assert r.returncode == 2 and "already exists" in r.stderr
    assert path.read_text().endswith("# my own note\n")  # untouched
    r = run("init", "--path", "other.toml", cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "other.toml").exists()


def test_every_commented_setting_is_valid_when_switched_on(tmp_path):
    from plainspeak.cli import STARTER_CONFIG

    (tmp_path / "our-glossary").mkdir()
    # Remove the '# ' in front of each setting line (not the notes) and load the result.
    lines = [re.sub(r"^# (?=[a-z-]+ = |\[\[)", "", line) for line in STARTER_CONFIG.splitlines()]
    on = "\n".join(lines) + "\n"
    assert on.count("\n# ") < STARTER_CONFIG.count("\n# ")
    for key in ("disable =", "severity =", "allow-acronyms =", "glossary =", "exclude =", "[[overrides]]"):
        assert f"\n{key}" in on, key
    path = tmp_path / ".plainspeak.toml"
    path.write_text(on)
    config = load(str(path))
    assert config.disable == ["PS202", "wordy-phrase"] and config.allow_acronyms == ["NHS", "GP"]
    assert config.overrides and config.exclude == ["drafts/**", "archive/**"]
    (tmp_path / "a.md").write_text("We met two rough sleepers.\n")
    r = run("check", "a.md", cwd=tmp_path)
    assert r.returncode == 1 and "rough sleepers" in r.stdout
