#!/usr/bin/env python3
"""How fast does plainspeak check PDFs, next to pypdf's own text extraction? Prints figures. Not a test.

Run from the repository root:

    python benchmarks/pdf_speed.py                      # the real PDFs in ../shared/real-dev/docs
    python benchmarks/pdf_speed.py --corpus DIR         # any folder of PDFs
    python benchmarks/pdf_speed.py --damaged            # also the damaged-file corpus, file by file

In one run, on the same files, each side in a fresh Python process:

1. pypdf alone: ``PdfReader(file).pages[i].extract_text()`` for every page
   (text only: no layout, no structure, no checks);
2. plainspeak's whole check: ``python -m plainspeak check --format json``
   with the glossary cache off (PLAINSPEAK_NO_CACHE=1), so it reads the
   glossary, loads spaCy, extracts, checks and writes the report;
3. plainspeak's PDF extraction alone, in process, file by file, with the
   engine used, the structure source (tags or geometry) and the block count.

The goal: the whole check (2) takes no longer than pypdf's extraction alone (1).
Each side runs ``--repeat`` times (default 3) and the best and middle times are
printed, because other work on the machine slows wall-clock times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "real-dev" / "docs"
DAMAGED = REPO.parent / "shared" / "corpus" / "pdf"

PYPDF_SCRIPT = """
import io, sys, logging
logging.disable(logging.WARNING)
import pypdf
for name in sys.argv[1:]:
    reader = pypdf.PdfReader(name)
    for page in reader.pages:
        page.extract_text()
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):  # 1: findings were reported
        sys.exit(f"failed ({result.returncode}): {' '.join(command[:4])}...\n{result.stderr[-2000:]}")
    return seconds


def side_by_side(files: list[Path], repeat: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), PLAINSPEAK_NO_CACHE="1")
    names = [str(f) for f in files]
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        sides = {
            "pypdf extract_text alone": [sys.executable, "-c", PYPDF_SCRIPT, *names],
            "plainspeak check (whole)": [sys.executable, "-m", "plainspeak", "check", "--format", "json",
                                         "--fail-on", "never", "-o", report, *names],
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(repeat):
            for name, command in sides.items():  # interleaved, so both see the same load
                times[name].append(timed(command, env))
    print(f"\n{len(files)} PDF files, {repeat} runs each (load average {os.getloadavg()[0]:.1f})")
    print(f"{'':28} {'best':>8} {'middle':>8}")
    for name, found in times.items():
        print(f"{name:28} {min(found):7.2f}s {statistics.median(found):7.2f}s")
    ratio = min(times["plainspeak check (whole)"]) / min(times["pypdf extract_text alone"])
    print(f"plainspeak's whole check takes {ratio:.2f} times as long as pypdf's extraction alone (best runs)")


def per_file(files: list[Path]) -> None:
    sys.path.insert(0, str(REPO))
    from plainspeak.extract.limits import Limits
    from plainspeak.extract.pdf import extract, word_list
    from plainspeak.model import ExtractError

    start = time.perf_counter()
    word_list()  # loaded once per process, on the first hyphen at a line end; not part of any one file
    print(f"\nword list for hyphens (CMU dictionary): loaded in {time.perf_counter() - start:.2f} s")
    print(f"\n{'file':44} {'pages':>5} {'seconds':>8}  engine  structure  blocks  tables  links  figures")
    total = 0.0
    for path in files:
        data = path.read_bytes()
        start = time.perf_counter()
        try:
            doc = extract(data, str(path), Limits(max_pdf_pages=500))
        except ExtractError as exc:
            seconds = time.perf_counter() - start
            print(f"{path.name[:44]:44} {'':>5} {seconds:8.2f}  error: {exc}")
            total += seconds
            continue
        seconds = time.perf_counter() - start
        total += seconds
        extra = doc.meta.extra
        print(f"{path.name[:44]:44} {doc.meta.pages:5} {seconds:8.2f}  {extra.get('engine', '?'):6}  "
              f"{extra.get('structure', '?'):9}  {len(doc.blocks):6}  {len(doc.tables):6}  {len(doc.links):5}  "
              f"{len(doc.images):7}")
    print(f"{'all':44} {'':5} {total:8.2f}")


def damaged(repeat: int) -> None:
    files = sorted(DAMAGED.glob("*.pdf")) if DAMAGED.is_dir() else []
    if not files:
        print(f"\nno damaged-file corpus at {DAMAGED}")
        return
    sys.path.insert(0, str(REPO))
    from plainspeak.extract.limits import Limits
    from plainspeak.extract.pdf import extract
    from plainspeak.model import ExtractError

    slow = []
    start_all = time.perf_counter()
    for path in files:
        start = time.perf_counter()
        try:
            extract(path.read_bytes(), str(path), Limits(max_pdf_pages=500))
        except ExtractError:
            pass
        slow.append((time.perf_counter() - start, path.name))
    print(f"\ndamaged-file corpus: {len(files)} files in {time.perf_counter() - start_all:.1f} s; slowest:")
    for seconds, name in sorted(slow, reverse=True)[:5]:
        print(f"  {seconds:6.2f} s  {name}")


def main() -> int:
    ap = argparse.ArgumentParser(description="Time plainspeak's PDF checking next to pypdf (not a test).")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of PDF files")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side (default 3)")
    ap.add_argument("--damaged", action="store_true", help="also time the damaged-file corpus")
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        print(f"no PDF files in {args.corpus}")
        return 1
    side_by_side(files, args.repeat)
    per_file(files)
    if args.damaged:
        damaged(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
