"""The benchmark behind `make bench`: speed and memory of every stage, measured in one run.

    python benchmarks/bench.py [--n 200] [--shared ../shared]

Sets: the two seed papers and the PDFs of ../shared/corpus/real (when present), and a generated batch of
policy-style PDFs (benchmarks/generate.py). For each set it prints pages/s of every stage and end to end,
and the floor — pdfplumber's own plain text extraction of the same pages, timed in this run — with the ratio
of the two. On the generated batch it also times 1 and 2 workers. Peak memory is the maximum resident set
of this process and of the worker processes. Figures are ratios within one run, so a slower or busier
machine moves both sides together.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from pipeline.batch import run_batch  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.stages.annotate import load_nlp  # noqa: E402


def floor(paths: list[Path]) -> tuple[int, float]:
    """Pages and seconds for pdfplumber's extract_text over every page of `paths`."""
    pages, t0 = 0, time.perf_counter()
    for path in paths:
        try:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    pages += 1
        except Exception:  # noqa: BLE001 - a file pdfplumber cannot open costs the floor nothing
            continue
    return pages, time.perf_counter() - t0


def pipeline_run(paths: list[Path], workers: int) -> dict:
    """One full run (all stages and the write) into a fresh folder; wall time, pages and per-stage time."""
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    stages: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    result = run_batch(paths, Settings(out=out, workers=workers, timeout=0, max_memory=0))
    wall = time.perf_counter() - t0
    for doc in result.documents:
        for stage, seconds in doc.timings.items():
            stages[stage] += seconds
    shutil.rmtree(out)
    pages = sum(d.n_pages for d in result.documents if d.status.value in ("ok", "partial"))
    return {"wall": wall, "pages": pages, "stages": dict(stages), "docs": len(result.documents)}


def peak_mb() -> float:
    """Peak resident memory of this process, in MB. The serial runs do all the work here, so this is the
    memory one worker needs. (Worker processes are not measured with RUSAGE_CHILDREN: on Linux a child
    starts with its parent's peak, so that figure says nothing about the worker.)"""
    kb = 1024 if sys.platform == "darwin" else 1  # ru_maxrss is bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kb / 1024


def report_set(name: str, paths: list[Path]) -> dict:
    fpages, fsec = floor(paths)
    run = pipeline_run(paths, workers=1)
    floor_rate = fpages / fsec
    e2e = run["pages"] / run["wall"]
    print(f"\n### {name}: {run['docs']} documents, {run['pages']} pages\n")
    print("| stage | seconds | pages/s |\n| --- | ---: | ---: |")
    for stage, seconds in run["stages"].items():
        print(f"| {stage} | {seconds:.1f} | {run['pages'] / seconds if seconds else float('inf'):.1f} |")
    other = run["wall"] - sum(run["stages"].values())
    print(f"| write, merge and the rest | {other:.1f} | {run['pages'] / other if other > 0 else float('inf'):.1f} |")
    print(f"| **end to end** | {run['wall']:.1f} | **{e2e:.1f}** |")
    print(f"| pdfplumber extract_text (floor) | {fsec:.1f} | {floor_rate:.1f} |")
    print(f"\nend to end / floor: **{e2e / floor_rate:.2f}**")
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="documents in the generated batch")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()

    print("## Machine\n")
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    t0 = time.perf_counter()
    load_nlp()
    print(f"\nspaCy pipeline load: {time.perf_counter() - t0:.1f} s (once per process; not in the figures below)")

    seeds = sorted((args.shared / "corpus" / "seeds").glob("*.pdf"))
    real = sorted((args.shared / "corpus" / "real").glob("*.pdf"))
    if seeds or real:
        report_set("Seed papers and ../shared/corpus/real", seeds + real)
    else:
        print(f"\n{args.shared} not found: seed and real sets left out")

    with tempfile.TemporaryDirectory(prefix="bench-gen-") as tmp:
        generated = generate(Path(tmp), args.n)
        one = report_set(f"Generated batch (benchmarks/generate.py --n {args.n})", generated)
        two = pipeline_run(generated, workers=2)
        print(f"\n2 workers: {two['wall']:.1f} s, {two['pages'] / two['wall']:.1f} pages/s; "
              f"speed-up over 1 worker: **{one['wall'] / two['wall']:.2f}x**")
    print(f"\npeak memory of one process running every stage (the serial runs): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
