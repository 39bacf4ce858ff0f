"""The pre-commit hook, for real, set up as the README says: its snippet as written (only the
repository's address filled in), then ``pre-commit autoupdate``, then ``pre-commit run``.

The repository is a committed copy of this checkout (conftest's ``snapshot_repo``), so the hook
is tested exactly as the files on disk stand, committed or not, and works from a source archive
with no .git too. pre-commit builds plainspeak into its own virtual environment and installs its
dependencies from the package index: that needs the network, and takes a minute or more the first
time. Both runs share one pre-commit store, so the second reuses the environment.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, git, need

PLACEHOLDER = "<the address of this repository>"


def readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split("In [pre-commit](https://pre-commit.com)", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", after, re.S)
    assert block, "the README has no pre-commit snippet"
    return block.group(1)


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        need(False, "pre-commit (pip install '.[test]')")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def hook_repo(snapshot_repo) -> tuple[Path, dict]:
    return snapshot_repo


def run_hook(hook_repo, tmp_path, files: dict[str, str]):
    """A new repository of documents set up with the README's snippet; returns the result of
    ``pre-commit run --all-files`` and the config after ``pre-commit autoupdate``."""
    snapshot, env = hook_repo
    work = tmp_path / "documents"
    work.mkdir()
    git(env, work, "init", "-q")
    config = readme_snippet().replace(PLACEHOLDER, str(snapshot))
    (work / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        (work / name).write_text(text, encoding="utf-8")
    update = subprocess.run([*_pre_commit(), "autoupdate"], cwd=work, env=env, capture_output=True, text=True,
                            timeout=300)
    assert update.returncode == 0, update.stdout + update.stderr
    git(env, work, "add", "-A")
    r = subprocess.run([*_pre_commit(), "run", "--all-files"], cwd=work, env=env, capture_output=True,
                       text=True, timeout=900)
    return r, (work / ".pre-commit-config.yaml").read_text(encoding="utf-8")


def test_the_readme_snippet_names_the_hook_and_autoupdate():
    snippet = readme_snippet()
    assert PLACEHOLDER in snippet and "id: plainspeak" in snippet and re.search(r"^\s+rev: \S+", snippet, re.M)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pre-commit autoupdate" in readme.split("In [pre-commit](https://pre-commit.com)", 1)[1][:1500]


def test_manifest_is_valid():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "plainspeak" and hook["require_serial"] is True
    import re

    pattern = re.compile(hook["files"])
    for name in ("a.md", "b.markdown", "c.txt", "Policy.DOCX", "minutes.pdf", "sub/dir/x.md"):
        assert pattern.search(name), name
    for name in ("a.py", "b.doc", "md", "c.pdf.bak"):
        assert not pattern.search(name), name


def test_hook_fails_on_findings(hook_repo, tmp_path):
    snapshot, env = hook_repo
    r, config = run_hook(hook_repo, tmp_path, {"notes.md": "# Notes\n\nWe met two rough sleepers.\n",
                                               "script.py": "print('rough sleepers')\n"})
    # autoupdate pinned the hook to the repository's newest commit (it has no release tags)
    head = git(env, snapshot, "rev-parse", "HEAD").strip()
    assert f"rev: {head}" in config, config
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "plainspeak" in out and "Failed" in out
    assert 'notes.md:3:12: PS301 warning: "rough sleepers"' in out
    assert "script.py" not in out  # only documents are checked


def test_hook_passes_on_a_clean_document(hook_repo, tmp_path):
    r, _ = run_hook(hook_repo, tmp_path, {"notes.md": "# Notes\n\nWe met two people sleeping rough.\n",
                                          "readme.txt": "All good here.\n"})
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "Passed" in out
