"""Citations: this project against refextract on every annotated document, note field by note field.

    python benchmarks/citations_vs_refextract.py                 # every file in ../shared/gold with notes
    python benchmarks/citations_vs_refextract.py ../shared/gold/delors-2024-economic-security.json

Each annotated document's PDF (found by its doc_id under ../shared/corpus/) is read by this project (parse, segment
and cite; extractors off) and by refextract, and both are scored on the document's notes with the matchers of
`pipeline evaluate`: note types, URLs, year, title, authors and container (this project's resolved fields, which is
what the annotation describes). refextract cuts a note into several references and has neither note types nor
resolved fields; for it a field counts as right when any piece cut from that note has it right (its titles without a
bracketed Chinese original). refextract reads PDFs through poppler's `pdftotext`; without either, its column says
"not run".
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.batch import process
from pipeline.evaluate.citations import match_citations
from pipeline.evaluate.names import same_authors
from pipeline.evaluate.normalise import same_title
from pipeline.extractors.citations import norm
from pipeline.extractors.citations.titles import split_original
from pipeline.model import Document
from pipeline.settings import Settings
from pipeline.stages.tabulate import citation_rows

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIELDS = ("type", "urls", "year", "title", "authors", "container")


def _pdf(doc_id: str) -> Path | None:
    return next(iter(sorted((SHARED / "corpus").glob(f"*/{doc_id}.pdf"))), None)


def run_project(path: Path) -> tuple[list[dict[str, Any]], float]:
    t0 = time.perf_counter()
    doc = process(Document(doc_id=path.stem, path=str(path)), Settings(extract=False))
    rows = [{k: (None if v == "" else v) for k, v in r.items()} for r in citation_rows(doc)]
    return rows, time.perf_counter() - t0


def run_refextract(path: Path) -> tuple[list[dict], float] | None:
    if not shutil.which("pdftotext"):
        return None
    try:
        from refextract import extract_references_from_file
    except ImportError:
        return None
    t0 = time.perf_counter()
    refs = extract_references_from_file(str(path))
    return refs, time.perf_counter() - t0


def _pieces(gold_notes: list[dict], refs: list[dict]) -> list[list[dict]]:
    """For each gold note, the refextract references cut from it (assigned by word overlap with its text)."""
    groups: list[list[dict]] = [[] for _ in gold_notes]
    toks = [set(norm(g.get("raw") or "").split()) for g in gold_notes]
    for ref in refs:
        words = set(norm(" ".join(ref.get("raw_ref", []))).split())
        if not words or not gold_notes:
            continue
        best = max(range(len(gold_notes)), key=lambda i: len(words & toks[i]))
        if len(words & toks[best]) >= 0.6 * len(words):
            groups[best].append(ref)
    return groups


def _pick(values: list[Any], right) -> Any:
    """The first value that is right, else the first value given (so a wrong answer still counts as one)."""
    return next((v for v in values if right(v)), values[0] if values else None)


def refextract_rows(gold_notes: list[dict], refs: list[dict]) -> list[dict[str, Any]]:
    """One row per gold note in the shape of citations rows, from the refextract pieces cut from that note."""
    rows = []
    for g, pieces in zip(gold_notes, _pieces(gold_notes, refs)):
        titles = [split_original(t)[0] or t for r in pieces for t in r.get("title", [])]  # "Title [中文]"
        years = [int(y) for r in pieces for y in r.get("year", []) if str(y).isdigit()]
        authors = [a for r in pieces for a in r.get("author", [])]
        containers = [c for r in pieces for c in r.get("journal_title", []) + r.get("publisher", [])]
        rows.append({
            "kind": "footnote", "marker": str(g["marker"]), "type": None,
            "urls": [u for r in pieces for u in r.get("url", [])] or None,
            "year": _pick(years, lambda y: y == g.get("year")),
            "title": _pick(titles, lambda t: same_title(g.get("title"), t)),
            "authors": _pick(authors, lambda a: same_authors(g.get("authors"), a)),
            "container": _pick(containers, lambda c: same_title(g.get("container"), c)),
        })
    return rows


def _cell(score) -> str:
    if not score.tp + score.fp + score.fn:
        return "—"
    return f"{score.tp} of {score.tp + score.fn} (P {score.precision:.2f})"


def main(argv: list[str]) -> int:
    golds = [Path(a) for a in argv] or sorted((SHARED / "gold").glob("*.json"))
    if not golds:
        print(f"no annotated documents in {SHARED / 'gold'}: check out ../shared beside the repo", file=sys.stderr)
        return 1
    print("| document | measure | refextract | this project |")
    print("| --- | --- | --- | --- |")
    secs = {"ours": 0.0, "theirs": 0.0}
    ran_theirs = False
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        notes, pdf = gold.get("citations") or [], _pdf(gold["doc_id"])
        if not notes or pdf is None:
            continue
        ours, t_ours = run_project(pdf)
        ref = run_refextract(pdf)
        secs["ours"] += t_ours
        mine = match_citations(notes, ours)
        theirs = None
        if ref is not None:
            ran_theirs = True
            secs["theirs"] += ref[1]
            theirs = match_citations(notes, refextract_rows(notes, ref[0]))
        name = f"{gold['doc_id']} ({len(notes)} notes)"
        n_refs = str(len(ref[0])) if ref else "not run"
        print(f"| {name} | records found | {n_refs} | {sum(1 for r in ours if r['kind'] != 'bibliography')} |")
        for field in FIELDS:
            score = mine[f"citations.{field}"]
            other = "not run" if theirs is None else ("—" if field == "type" else _cell(theirs[f"citations.{field}"]))
            print(f"| {name} | {field} right | {other} | {_cell(score)} |")
    print(f"| all | seconds (this project: parse, segment and cite; extractors off) | "
          f"{secs['theirs']:.1f} | {secs['ours']:.1f} |" if ran_theirs else
          f"| all | seconds (this project: parse, segment and cite; extractors off) | not run | {secs['ours']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
