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


def run_in_process(*args, cwd=ROOT, stdin: str | None = None, env: dict[str, str] | None = None,
                   input: str | None = None, stderr=None) -> subprocess.CompletedProcess:
    """``plainspeak ARGS`` in this process: ``plainspeak.cli.main`` run as ``python -m plainspeak``
    runs it, with the current folder ``cwd``, ``stdin`` as standard input, ``NO_COLOR`` and ``env``
    set, and standard output and error captured as text. Returns what :func:`run_plainspeak` returns.

    For tests about what a command prints, writes and exits with: the same code runs, without the
    second or more each new Python process spends importing spaCy. What only a new process shows
    (start-up imports, terminals, signals, installed copies) keeps :func:`run_plainspeak`. Warnings
    are written to the captured standard error, as a new process would show them; any other
    exception is not caught, so the test fails on it (a new process would print a traceback).
    ``stderr``: a text stream to write standard error to instead (for example a terminal)."""
    import contextlib
    import io
    import warnings

    from plainspeak import isolate
    from plainspeak.cli import main

    argv = [str(a) for a in args]
    if input is not None:
        stdin = input
    out, err = io.StringIO(), stderr or io.StringIO()
    fake_in = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    saved_env, saved_cwd, saved_in = dict(os.environ), os.getcwd(), sys.stdin
    os.environ.update({"NO_COLOR": "1", **(env or {})})
    # The per-file worker processes this command starts end with it, as they would with a new
    # process (a pool lives as long as its checker, and here the process goes on).
    pools, real_init = [], isolate.Pool.__init__

    def init_and_note(pool, *a, **kw):
        real_init(pool, *a, **kw)
        pools.append(pool)

    isolate.Pool.__init__ = init_and_note
    try:
        os.chdir(cwd)
        sys.stdin = fake_in
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")  # what a new process shows, once per place
            for quiet in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
                warnings.filterwarnings("ignore", category=quiet)
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, --version, a wrong option
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:
                    print(exc.code, file=sys.stderr)
                    code = 1
        for w in caught:
            err.write(warnings.formatwarning(w.message, w.category, w.filename, w.lineno, w.line))
    finally:
        isolate.Pool.__init__ = real_init
        for pool in pools:
            pool.close()
        sys.stdin = saved_in
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["plainspeak", *argv], code, out.getvalue(),
                                       "" if stderr else err.getvalue())


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
    running the tests, a fixed author, and pre-commit's store under ``home``.

    pip (in the fresh clone's quick start and in pre-commit's own environment) does not turn
    every installed module into bytecode: that is about 15 s of processor time an install, for
    thousands of modules the test never imports, while what the test runs compiles the few it
    imports (about 4 s). What is installed, and whether it works, is the same. (pip reads its
    ``--no-compile`` from PIP_NO_COMPILE with the value turned round: "0" means no bytecode.)"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(home / "pre-commit-home"), NO_COLOR="1", PRE_COMMIT_COLOR="never",
               GIT_AUTHOR_NAME="test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="test", GIT_COMMITTER_EMAIL="test@example.org", PIP_NO_COMPILE="0")
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


# -- running the tests in parallel (pytest-xdist, set in pyproject.toml's addopts) --------------
#
# `-n auto --dist loadgroup --no-loadscope-reorder`: every test goes to whichever worker process is
# free, except that tests sharing an expensive module-scoped fixture (a built wheel, a running
# server, a browser, one pre-commit store) stay together on one worker, so the fixture is made once.
# The slowest tests are handed out first, so no worker is left with a long test at the end.

SLOWEST_FIRST = (
    # The two Dask clusters and every audit test (about two minutes on one worker, with waits: a
    # scheduler that is not there is given 20 s), then the two pip installs (about a minute and
    # a minute and a half, on the other worker), then the other groups and slow tests by size, so
    # that at the end only short tests are left to share out.
    "test_audit",
    "test_install.py::test_the_quick_start_works_in_a_fresh_clone",  # pip installs into a fresh clone
    "test_precommit.py",  # pre-commit builds its own environment
    "test_shared_corpus.py",  # every damaged file, twice
    "test_real_documents.py",  # the real documents, checked once
    "test_install.py",  # a wheel, installed three times
    "test_cache.py::test_the_report_is_the_same_byte_for_byte",  # new processes
    "test_run.py::test_streaming_formats",  # new processes
    "test_lsp.py",  # editor servers
    "test_serve.py",
    "test_isolate.py",
    "test_cache.py",
    "test_parallel.py",
    "test_serve_browser.py",  # chromium
    "test_annotate.py::test_libreoffice_opens_the_copy",  # LibreOffice
    "test_questions.py::test_pdf_made_from_the_word_form_gives_the_same_counts",  # LibreOffice
    "test_cross_format.py",  # LibreOffice
    "test_trained_pipeline.py",
    "test_serve_process.py",
    "test_language_safe.py",
    "test_prefetch.py",
    "test_glossary_tools.py",
)


def _rank(item) -> int:
    nodeid = item.nodeid.split("/")[-1]
    for i, start in enumerate(SLOWEST_FIRST):
        if nodeid.startswith(start):
            return i
    return len(SLOWEST_FIRST)


def _module_fixtures(item) -> set[str]:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return set()
    return {name for name, defs in info.name2fixturedefs.items()
            if defs and defs[-1].scope in ("module", "package", "class")}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: (_rank(item), _dask_order(item)))  # stable: else in file order
    # Tests of one file that share a module-scoped fixture (directly or through each other) form
    # one group.
    by_file: dict[str, list] = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::")[0], []).append(item)
    for path, file_items in by_file.items():
        owner: dict[str, int] = {}  # fixture name -> group number
        groups: dict[int, int] = {}  # group number -> the group it was merged into

        def find(g):
            while groups[g] != g:
                g = groups[g]
            return g

        item_group = {}
        for n, item in enumerate(file_items):
            names = _module_fixtures(item)
            if not names:
                continue
            groups[n] = n
            for name in names:
                if name in owner:
                    groups[find(owner[name])] = find(n)
                else:
                    owner[name] = n
            item_group[n] = item
        for n, item in item_group.items():
            if not any(item.iter_markers("xdist_group")):  # a test file may group its tests itself
                item.add_marker(pytest.mark.xdist_group(f"{path}#{find(n)}"))
    if getattr(config.option, "loadgroup", False):
        for item in items:
            _put_in_its_group(item)


def _put_in_its_group(item) -> None:
    """What pytest-xdist does with a test's ``xdist_group`` mark, done so that it works with
    pytest 9 too. pytest-xdist (3.8) tells the scheduler a test's group by adding "@group" to the
    test's id, but it writes ``item._nodeid``, which pytest 9's structured ids (``item._id``) no
    longer read: every group was silently ignored, and each worker set up the shared fixtures
    again (pytest-xdist issue 1386). When pytest-xdist writes the id itself this changes nothing:
    the scheduler reads the group after the last "@"."""
    names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                    for m in item.iter_markers("xdist_group")})
    if not names or not hasattr(item, "_id"):
        return
    from _pytest.nodeid import NodeId

    item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


# -- Dask clusters for the audit tests (tests/test_audit.py, tests/test_audit_limits.py) --------
#
# Both files are one xdist group (AUDIT_GROUP), so one worker process runs them all and each of
# these clusters starts once for the whole test run: starting a cluster, and the checking
# process each Dask worker starts for a Job, is most of what these tests cost. A test that is
# about starting a cluster (the audit command's own) still starts its own.
#
# A running cluster costs processor time even when idle (about a quarter of a processor for
# the two: heartbeats), so the audit tests run those that need no cluster first, then those
# on the local one, then those on the separate one (pytest_collection_modifyitems), and each
# cluster is stopped as soon as the next test does not need it (pytest_runtest_teardown).

AUDIT_GROUP = "audit"
_DASK: dict = {}  # fixture name -> the running cluster (started when a test first needs it)


class LocalDask:
    """A local Dask cluster of two workers, made as ``audit`` makes its own."""

    def __init__(self):
        from plainspeak.audit import local_cluster

        self.cluster = local_cluster(2)
        self.address = self.cluster.scheduler_address

    def stop(self) -> None:
        self.cluster.close()


@pytest.fixture()
def local_dask() -> str:
    """The address of the local Dask cluster of two workers (started once, see above)."""
    if "local_dask" not in _DASK:
        _DASK["local_dask"] = LocalDask()
    return _DASK["local_dask"].address


class DaskProcesses:
    """A real ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, with the
    checkout's code. ``workers`` are the worker processes; :meth:`two_running` replaces one that
    a test stopped, so every test starts with two."""

    def __init__(self, folder: Path):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.folder = folder
        self.address = f"tcp://127.0.0.1:{port}"
        # No dashboard, so no need for the workers' sampling profiler (as audit's own local cluster).
        self.env = checkout_env(DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED="False")
        self.log = open(folder / "dask.log", "w")
        self.started = 0
        self.scheduler = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
             "--no-dashboard"], env=self.env, stdout=self.log, stderr=self.log)
        self.workers = [self._worker(), self._worker()]

    def _worker(self) -> subprocess.Popen:
        self.started += 1  # a new name each time: the scheduler may still hold a stopped one's
        return subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--nthreads", "1", "--nworkers", "1",
             "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{self.started}"],
            env=self.env, stdout=self.log, stderr=self.log, cwd=str(self.folder))

    def two_running(self) -> "DaskProcesses":
        """Wait until the scheduler knows exactly the two running worker processes."""
        import time

        from dask.distributed import Client

        self.workers = [p if p.poll() is None else self._worker() for p in self.workers]
        want = {p.args[p.args.index("--name") + 1] for p in self.workers}
        with Client(self.address, timeout="60s") as client:
            deadline = time.monotonic() + 120
            while True:
                known = {w.get("name") for w in client.scheduler_info(n_workers=-1)["workers"].values()}
                if known == want:
                    return self
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the Dask workers {sorted(want)} did not start: the scheduler "
                                       f"knows {sorted(known)}")
                time.sleep(0.1)

    def stop(self) -> None:
        for p in [*self.workers, self.scheduler]:
            if p.poll() is None:
                p.terminate()
        for p in [*self.workers, self.scheduler]:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        self.log.close()


@pytest.fixture()
def dask_processes(tmp_path_factory) -> DaskProcesses:
    """The separate scheduler and its two worker processes (started once, see above), with two
    workers running when the test starts."""
    if "dask_processes" not in _DASK:
        _DASK["dask_processes"] = DaskProcesses(tmp_path_factory.mktemp("dask"))
    return _DASK["dask_processes"].two_running()


def _dask_needs(item) -> set[str]:
    """The clusters a test uses: by fixture name, or by the "address" parameter of
    tests/test_audit_limits.py, which picks one of them at run time."""
    needs = {name for name in ("local_dask", "dask_processes") if name in getattr(item, "fixturenames", ())}
    param = getattr(getattr(item, "callspec", None), "params", {}).get("address")
    if param:
        needs.add("local_dask" if param == "local" else "dask_processes")
    return needs


def _in_audit_group(item) -> bool:
    return any(m.args and m.args[0] == AUDIT_GROUP for m in item.iter_markers("xdist_group"))


def _dask_order(item) -> int:
    """Within the audit tests: no cluster first, then the local one, then the separate one."""
    if not _in_audit_group(item):
        return 0
    needs = _dask_needs(item)
    return 2 if "dask_processes" in needs else 1 if needs else 0


def _stop_dask(keep: set[str] = frozenset()) -> None:
    for name in [n for n in _DASK if n not in keep]:
        _DASK.pop(name).stop()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    if _DASK:
        _stop_dask(keep=_dask_needs(nextitem) if nextitem is not None else set())


def pytest_sessionfinish(session):
    _stop_dask()
