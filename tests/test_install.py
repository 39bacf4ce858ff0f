"""Installing plainspeak: the wheel carries its rules and glossary, the README's quick start works
on a fresh clone, CI runs the README's test command, and the tests run this checkout's code."""

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, checkout_env, git


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{r.stdout}\n{r.stderr}")
    return next(out.glob("plainspeak-*.whl"))


def test_wheel_holds_rules_and_glossary(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    rules = [n for n in names if n.startswith("plainspeak/_data/rules/") and n.endswith(".yaml")]
    glossary = [n for n in names if n.startswith("plainspeak/_data/glossary/") and n.endswith(".yaml")]
    assert len(rules) == len(list((ROOT / "rules").rglob("*.yaml")))  # rules and their cue lists
    assert len(glossary) == len(list((ROOT / "glossary").rglob("*.yaml")))


def test_installed_copy_loads_its_own_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    code = ("import plainspeak.data as d, plainspeak.rules as r, plainspeak.glossary as g;"
            "print(d.bundled('rules')); print(len(r.load_rules())); print(len(g.load_glossary().entries))")
    # Run from an empty folder with only the installed copy on the path, never the checkout.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([sys.executable, "-S", "-c", f"import sys; sys.path[:0] = [{str(target)!r}] + "
                        f"[p for p in {sys.path!r} if p and 'site-packages' in p]; {code}"],
                       capture_output=True, text=True, cwd=tmp_path, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    path, n_rules, n_entries = r.stdout.split()
    assert path.startswith(str(target)) and "_data" in path
    assert int(n_rules) == len(list((ROOT / "rules").glob("*.yaml")))
    assert int(n_entries) > 0


# -- the tests run this checkout --------------------------------------------------------------

def test_this_process_tests_the_checkout():
    import plainspeak

    assert Path(plainspeak.__file__).resolve().parent == ROOT / "plainspeak"


def test_commands_started_by_tests_run_the_checkout_from_any_folder(wheel, tmp_path):
    """Even with an installed copy on the path and the current folder outside the checkout, the
    helper's environment imports the checkout's code."""
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    code = "import plainspeak; print(plainspeak.__file__)"
    installed = {**os.environ, "PYTHONPATH": str(site)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=installed)
    assert r.stdout.startswith(str(site)), r.stderr  # what the tests used to run
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                       env=checkout_env(PYTHONPATH=str(site)))
    assert Path(r.stdout.strip()).resolve() == ROOT / "plainspeak" / "__init__.py", r.stderr


def test_conftest_stops_when_plainspeak_comes_from_elsewhere(wheel, tmp_path):
    """A test run that imported another plainspeak before conftest stops with a plain message."""
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    code = (f"import sys; sys.path.insert(0, {str(site)!r}); import plainspeak; "
            f"sys.path.insert(0, {str(ROOT / 'tests')!r}); import conftest")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env,
                       timeout=300)
    assert r.returncode != 0
    assert "UsageError: the tests must run this checkout's code" in r.stderr and str(site) in r.stderr, r.stderr


# -- the README's quick start -------------------------------------------------------------------

def readme_quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the quick start has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_quick_start_is_two_commands_and_ci_runs_the_second():
    commands = readme_quick_start()
    assert len(commands) == 2, commands
    check, tests = commands
    assert "plainspeak check examples/" in check and "pytest" in tests
    for command in commands:
        # A virtual environment made inside the command: works where the system's Python is
        # "externally managed" (Debian 12, Ubuntu 23.04 and newer) and where it is not.
        assert command.startswith("python3 -m venv .venv && .venv/bin/"), command
        assert "pip install" in command and "--break-system-packages" not in command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    runs = [line for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert runs[-1] == tests, "the last command of .ci/run must be the README's test command"


def test_the_quick_start_works_in_a_fresh_clone(snapshot_repo, tmp_path):
    """The README's first command, as written, in a fresh clone, with the machine's own Python
    (not the virtual environment running the tests)."""
    snapshot, env = snapshot_repo
    clone = tmp_path / "clone"
    git(env, tmp_path, "clone", "-q", str(snapshot), str(clone))
    venv = os.environ.get("VIRTUAL_ENV")
    path = [p for p in env["PATH"].split(os.pathsep) if not (venv and p.startswith(venv))]
    fresh = {k: v for k, v in env.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    fresh.update(PATH=os.pathsep.join(path), NO_COLOR="1")
    check = readme_quick_start()[0]
    r = subprocess.run(["bash", "-c", check], cwd=clone, env=fresh, capture_output=True, text=True, timeout=900)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-3000:]
    assert (clone / ".venv" / "bin" / "plainspeak").exists()
    assert "externally-managed-environment" not in out
    for name in ("examples/policy.docx", "examples/assessment-form.docx", "examples/minutes.pdf",
                 "examples/strategy.md"):
        assert name in r.stdout, name
    assert "[PS301 deficit-label]" in r.stdout and re.search(r"Checked 4 files: \d+ errors?", r.stdout)
    # The installed copy is the clone's own, with its bundled rules.
    r = subprocess.run([str(clone / ".venv" / "bin" / "plainspeak"), "rules"], cwd=tmp_path, env=fresh,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "PS301" in r.stdout, r.stderr


def test_a_glossary_inside_a_hidden_folder_is_read(tmp_path):
    """An installed copy's bundled glossary is often inside '.venv'; only hidden folders inside
    the glossary are left out. (The fresh-clone quick start found this: 0 entries were loaded.)"""
    from plainspeak.glossary import entry_files

    root = tmp_path / ".venv" / "glossary"
    (root / "jargon").mkdir(parents=True)
    (root / ".drafts").mkdir()
    (root / "jargon" / "signpost.yaml").write_text("term: signpost\n")
    (root / ".drafts" / "draft.yaml").write_text("term: draft\n")
    assert [p.name for p in entry_files(root)] == ["signpost.yaml"]
