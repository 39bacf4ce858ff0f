"""An installed (not editable) copy finds its bundled rules and glossary."""

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


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
    assert len(rules) == len(list((ROOT / "rules").glob("*.yaml")))
    assert len(glossary) == len(list((ROOT / "glossary").rglob("*.yaml")))


def test_installed_copy_loads_its_own_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    code = ("import plainspeak.data as d, plainspeak.rules as r, plainspeak.glossary as g;"
            "print(d.bundled('rules')); print(len(r.load_rules())); print(len(g.load_glossary().entries))")
    # Run from an empty folder with only the installed copy on the path, never the checkout.
    r = subprocess.run([sys.executable, "-S", "-c", f"import sys; sys.path[:0] = [{str(target)!r}] + "
                        f"[p for p in {sys.path!r} if p and 'site-packages' in p]; {code}"],
                       capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    path, n_rules, n_entries = r.stdout.split()
    assert path.startswith(str(target)) and "_data" in path
    assert int(n_rules) == len(list((ROOT / "rules").glob("*.yaml")))
    assert int(n_entries) > 0
