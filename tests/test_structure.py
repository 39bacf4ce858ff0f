"""The layout stays simple: no import cycles and no module over 500 lines in plainspeak/.

Every import counts, also those inside functions (a cycle "avoided" by importing late is
still a cycle), except those under ``if TYPE_CHECKING:``, which only give types. Importing
``a.b.c`` runs ``a/__init__.py`` and ``a/b/__init__.py`` first, so those count too.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plainspeak"
MAX_LINES = 500

# Modules allowed over the limit for now, each with the reason. The lead removes a line
# when the work it names has been merged.
KNOWN_LONG = {
}
# Import cycles that another task is removing, as sorted tuples of module names.
KNOWN_CYCLES = {
}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or \
        (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imported(name: str, path: Path) -> set[str]:
    """The plainspeak modules this module imports, with the packages their import runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def add(target: str) -> None:
        while target:
            # A package the importer is in is already being imported: no new edge to it.
            if target in MODULES and target != name and not name.startswith(target + "."):
                found.add(target)
            target = target.rpartition(".")[0]

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    walk(other)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    add(alias.name)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = name if is_package else name.rpartition(".")[0]
                    for _ in range(child.level - 1):
                        base = base.rpartition(".")[0]
                    module = f"{base}.{child.module}" if child.module else base
                else:
                    module = child.module or ""
                add(module)
                for alias in child.names:
                    if f"{module}.{alias.name}" in MODULES:
                        add(f"{module}.{alias.name}")
            walk(child)

    walk(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    return {name: {t for t in _imported(name, path) if t != "plainspeak"} for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[tuple[str, ...]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(tuple(sorted(group)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_graph_sees_imports_inside_functions_and_skips_type_checking_ones():
    graph = import_graph()
    assert "plainspeak.language.pipeline" in graph["plainspeak.engine"]  # imported inside a method
    assert "plainspeak.rules" not in graph["plainspeak.checks"]  # only under TYPE_CHECKING
    assert "plainspeak.checks" in graph["plainspeak.rules"]
    assert "plainspeak.extract" in graph["plainspeak.extract.formats"] or \
        "plainspeak.extract" in graph["plainspeak.rules"]  # a sub-module's import runs its package


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [("a", "b", "c")]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    found = [c for c in cycles(import_graph()) if c not in KNOWN_CYCLES]
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_known_cycles_are_still_there():
    """A known cycle that is gone must leave the list, so the list cannot hide a new one."""
    gone = [c for c in KNOWN_CYCLES if c not in cycles(import_graph())]
    assert not gone, f"remove these from KNOWN_CYCLES: {gone}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_500_lines(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    if name in KNOWN_LONG:
        assert lines > MAX_LINES, f"{name} is {lines} lines now: remove it from KNOWN_LONG"
        return
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {lines} lines; split it (at most {MAX_LINES})"


def test_one_module_called_readability_at_most():
    names = [p for p in PACKAGE.rglob("*.py") if p.stem in ("readability", "nlp")]
    assert [p.relative_to(PACKAGE).as_posix() for p in names] == ["checks/readability.py"]


# -- input formats: one record each, read everywhere ------------------------------------------

def test_every_input_format_has_a_reader_and_a_label():
    import importlib

    from plainspeak.extract import FORMATS

    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.label and fmt.endings
        assert all(e.startswith(".") and e == e.lower() for e in fmt.endings)
        assert callable(importlib.import_module(fmt.module).extract), name


def test_pre_commit_hook_names_every_format():
    import re

    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = re.compile(hook["files"])
    from plainspeak.extract import EXTENSIONS

    for ending in EXTENSIONS:
        assert files.search(f"docs/Policy{ending}") and files.search(f"docs/POLICY{ending.upper()}"), ending
    assert not files.search("notes.doc") and not files.search("a.py")


def test_json_report_docs_name_every_format():
    import re

    from plainspeak.extract import FORMATS

    text = (ROOT / "docs" / "json-report.md").read_text(encoding="utf-8")
    [row] = [ln for ln in text.splitlines() if ln.startswith("| `format` |")]
    assert set(re.findall(r"`([a-z]+)`", row)) - {"format"} == set(FORMATS)


def test_the_format_records_drive_discovery_rules_and_help(tmp_path):
    from plainspeak.cli import build_parser
    from plainspeak.extract import EXTENSIONS, FORMATS
    from plainspeak.files import discover
    from plainspeak.rules import Rule

    for ending in EXTENSIONS:
        (tmp_path / f"a{ending}").write_bytes(b"x")
    (tmp_path / "b.doc").write_bytes(b"x")
    assert sorted(os.path.splitext(p)[1] for p in discover([str(tmp_path)])) == sorted(EXTENSIONS)
    assert Rule.__dataclass_fields__["formats"].default == tuple(FORMATS)
    help_text = build_parser().format_help()
    assert all(f.label in help_text for f in FORMATS.values())
