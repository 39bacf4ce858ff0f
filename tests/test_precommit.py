"""The pre-commit hook, for real: pre-commit installs this checkout into its own
virtual environment and runs the hook in a temporary git repository.

``pre-commit try-repo PATH`` clones PATH at its HEAD commit. When PATH has
uncommitted changes it snapshots staged files and changes to tracked files
(``git add -u``), but never untracked files (pre_commit/commands/try_repo.py).
So that the test checks the hook exactly as the files on disk stand, committed or
not, and also works from a source archive with no .git, it commits a copy of this
checkout to a temporary repository and points try-repo at that copy.

try-repo always installs into a fresh store of its own (not PRE_COMMIT_HOME), so
each run builds plainspeak and installs its dependencies from the package index:
that needs the network and takes 40 to 80 seconds a run (two to two and a half
minutes for this file). To leave it out locally: ``pytest --ignore tests/test_precommit.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

IGNORE = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".pytest_cache", "*.egg-info", "build",
                                "dist", ".venv", "venv", ".plainspeak-cache", ".mypy_cache", ".tox")


def _env(tmp: Path) -> dict:
    # Drop GIT_DIR and friends, which are set when the tests themselves run inside a git hook.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(tmp / "pre-commit-home"), NO_COLOR="1", PRE_COMMIT_COLOR="never",
               GIT_AUTHOR_NAME="test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="test", GIT_COMMITTER_EMAIL="test@example.org")
    return env


def _git(env, cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=120)


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, dict]:
    """A committed copy of this checkout, for try-repo to install."""
    tmp = tmp_path_factory.mktemp("precommit")
    env = _env(tmp)
    snapshot = tmp / "plainspeak-snapshot"
    shutil.copytree(ROOT, snapshot, ignore=IGNORE, symlinks=True)
    _git(env, snapshot, "init", "-q")
    _git(env, snapshot, "add", "-A")
    _git(env, snapshot, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree")
    return snapshot, env


def try_repo(hook_repo, tmp_path, files: dict[str, str]):
    snapshot, env = hook_repo
    work = tmp_path / "documents"
    work.mkdir()
    _git(env, work, "init", "-q")
    for name, text in files.items():
        (work / name).write_text(text, encoding="utf-8")
    _git(env, work, "add", "-A")
    return subprocess.run([*_pre_commit(), "try-repo", str(snapshot), "plainspeak", "--all-files"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=900)


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
    r = try_repo(hook_repo, tmp_path, {"notes.md": "# Notes\n\nWe met two rough sleepers.\n",
                                        "script.py": "print('rough sleepers')\n"})
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "plainspeak" in out and "Failed" in out
    assert 'notes.md:3:12: PS301 warning: "rough sleepers"' in out
    assert "script.py" not in out.split("Using config:")[-1].split("=" * 79)[-1]  # only documents are checked


def test_hook_passes_on_a_clean_document(hook_repo, tmp_path):
    r = try_repo(hook_repo, tmp_path, {"notes.md": "# Notes\n\nWe met two people sleeping rough.\n",
                                        "readme.txt": "All good here.\n"})
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "Passed" in out
