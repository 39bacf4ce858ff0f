"""Shared test helpers. The spaCy pipeline and the bundled rules load once per test run.

The tests always test this checkout's code, never an installed copy of plainspeak:

- in this process, the checkout comes first on ``sys.path``, and the test run stops at once if
  ``plainspeak`` was already imported from anywhere else;
- commands the tests start run with ``PYTHONPATH`` set to the checkout (:func:`checkout_env`,
  :func:`run_plainspeak`), whatever their current folder is.

Integrations that CI must really run (LibreOffice, the shared corpus of damaged files, git,
pre-commit) go through :func:`need`: on a developer's machine a missing one skips its test with
the reason; with ``CI=true`` it fails the test instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PLAINSPEAK_SHARED", ROOT.parent / "shared"))


def _import_the_checkout():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import plainspeak

    where = Path(plainspeak.__file__).resolve().parent
    if where != ROOT / "plainspeak":
        raise pytest.UsageError(
            f"the tests must run this checkout's code ({ROOT / 'plainspeak'}), but 'plainspeak' was "
            f"imported from {where}. Run pytest from the checkout, or with PYTHONPATH={ROOT}.")


_import_the_checkout()

from plainspeak.engine import Checker  # noqa: E402
from plainspeak.extract.markdown import extract_text as markdown_document  # noqa: E402
from plainspeak.glossary import Entry, Glossary, Source  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")


def need(available: bool, what: str) -> None:
    """Skip the test when ``what`` is missing on this machine; under CI=true, fail it instead,
    so CI can never pass by quietly leaving an integration out."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {what} is missing (see .ci/run)", pytrace=False)
    pytest.skip(f"{what} is missing (CI installs it and fails without it)")


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment for a command that runs plainspeak: PYTHONPATH starts with this checkout,
    so ``python -m plainspeak`` imports the code under test from any current folder."""
    env = {**os.environ, **extra}
    rest = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and Path(p).resolve() != ROOT]
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *rest])
    return env


def run_plainspeak(*args, cwd=ROOT, stdin: str | None = None, timeout: float = 300, env=None, **kw):
    """Run ``python -m plainspeak ARGS`` from this checkout, in ``cwd``; output as text."""
    return subprocess.run([sys.executable, "-m", "plainspeak", *map(str, args)], capture_output=True,
                          text=True, input=stdin, cwd=cwd, timeout=timeout,
                          env=checkout_env(NO_COLOR="1", **(env or {})), **kw)


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests (and the commands they start) keep plainspeak's caches in a temporary folder."""
    old = os.environ.get("PLAINSPEAK_CACHE_DIR")
    os.environ["PLAINSPEAK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("PLAINSPEAK_CACHE_DIR", None)
    else:
        os.environ["PLAINSPEAK_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def checker() -> Checker:
    """A checker with the bundled rules and glossary."""
    return Checker()


def make_entry(term: str, category: str = "jargon", alternatives=("plain words",), forms=(), **kw) -> Entry:
    return Entry(term=term, category=category, alternatives=list(alternatives), why="Because.",
                 sources=[Source("Test", "Test")], forms=list(forms), path=f"{term}.yaml", **kw)


def glossary_of(*entries: Entry) -> Glossary:
    return Glossary(list(entries))


@pytest.fixture(scope="session")
def small_checker() -> Checker:
    """A checker with a small, fixed glossary, so tests do not depend on the bundled content."""
    g = glossary_of(
        make_entry("rough sleeper", "deficit-label", ["people sleeping rough"]),
        make_entry("heroin user", "deficit-label", ["people who use heroin"]),
        make_entry("signpost", "jargon", ["refer", "tell you about"]),
        make_entry("floating support", "jargon", ["support in your home"]),
        make_entry("floating support worker", "jargon", ["support worker who visits you"]),
        make_entry("move-on", "jargon", ["next home"]),
        make_entry("utilise", "plain-english", ["use"]),
        make_entry("in order to", "plain-english", ["to"]),
        make_entry("HRA", "acronym", ["Homelessness Reduction Act"]),
        make_entry("PD", "acronym", ["personality disorder", "probation and discharge"]),
        make_entry("DoLS", "acronym", ["Deprivation of Liberty Safeguards"]),
    )
    return Checker(glossary=g)


def check_markdown(checker: Checker, text: str, every_use: bool = False):
    return checker.check_document(markdown_document(text, "test.md"), every_use=every_use).findings


# -- a committed copy of this checkout ---------------------------------------------------------

def git_env(home: Path) -> dict[str, str]:
    """An environment for git and pre-commit in tests: no GIT_* variables from a hook that may be
    running the tests, a fixed author, and pre-commit's store under ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(home / "pre-commit-home"), NO_COLOR="1", PRE_COMMIT_COLOR="never",
               GIT_AUTHOR_NAME="test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="test", GIT_COMMITTER_EMAIL="test@example.org")
    return env


def git(env, cwd, *args) -> str:
    r = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        pytest.fail(f"git {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


@pytest.fixture(scope="session")
def snapshot_repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A git repository holding this checkout exactly as the files on disk stand, committed or
    not (what a fresh clone of the project would hold), and the git environment to use with it.
    Works from a source archive with no .git too."""
    import shutil

    need(shutil.which("git") is not None, "git")
    tmp = tmp_path_factory.mktemp("snapshot")
    env = git_env(tmp)
    snapshot = tmp / "plainspeak"
    shutil.copytree(ROOT, snapshot, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "*.pyc", ".pytest_cache", "*.egg-info", "build", "dist", ".venv", "venv",
        ".plainspeak-cache", ".mypy_cache", ".tox"))
    git(env, snapshot, "init", "-q", "-b", "main")
    git(env, snapshot, "add", "-A")
    git(env, snapshot, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree")
    return snapshot, env
