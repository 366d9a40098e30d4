"""Citations: this project against refextract on the two seed papers, side by side.

    python benchmarks/citations_vs_refextract.py            # a Markdown table for BENCHMARKS.md

Measured: records found (notes and reference-list entries), URLs recovered exactly, and for the working paper
the years and titles right against the hand annotation in ../shared/gold/. For the issue brief, which has no
gold file, the 35 URLs it prints (34 in its notes, one in a figure's source note) and the notes its "Ibid."s
and short forms repeat were checked by hand against the PDF and are listed below as data.

refextract reads PDFs through poppler's `pdftotext`; without it that column is left out.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

from pipeline.batch import process
from pipeline.extractors.citations import norm
from pipeline.model import Document
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
BRIEF = SEEDS / "luong-2022-financing-tech-self-reliance.pdf"
PAPER = SEEDS / "naughton-2023-trajectory-industrial-policy.pdf"
GOLD = ROOT.parent / "shared" / "gold" / f"{PAPER.stem}.json"

# Every URL printed in the brief, checked against the PDF; the last is in the source note under Figure 1.
BRIEF_URLS = [
    "https://perma.cc/3XVT-U6C2",
    "http://cpc.people.com.cn/n1/2020/0515/c64094-31709627.html?mc_cid=28966ada58&mc_eid=902fe70bde",
    "https://www.csis.org/analysis/dual-circulation-and-chinas-new-hedged-integration-strategy",
    "https://chinapower.csis.org/china-covid-dual-circulation-economic-strategy/",
    "http://www.gov.cn/xinwen/2021-12/10/content_5659796.htm",
    "https://perma.cc/73AK-BUW2",
    "https://cset.georgetown.edu/wp-content/uploads/t0284_14th_Five_Year_Plan_EN.pdf",
    "http://www.xinhuanet.com/politics/2016-05/19/c_1118898033.htm",
    "https://cset.georgetown.edu/wp-content/uploads/t0076_innovation_driven_development_strategy_EN.pdf",
    "http://www.stats.gov.cn/english/PressRelease/202201/t20220127_1827065.html",
    "https://perma.cc/XFZ3-3AMX",
    "https://cset.georgetown.edu/publication/press-conference-on-the-launch-and-implementation-of-the-national-key"
    "-rd-program-summary-transcript",
    "https://doi.org/10.4324/9781003212980",
    "https://cset.georgetown.edu/publication/chinas-state-key-laboratory-system/",
    "https://www.csis.org/analysis/red-ink-estimating-chinese-industrial-policy-spending-comparative-perspective",
    "https://cset.georgetown.edu/publication/chinas-artificial-intelligence-industry-alliance/",
    "https://www.eetimes.com/huawei-vs-xiaomi-how-two-giants-fueled-chinas-growth/",
    "http://www.cecc.org.cn/news/202209/569205.html",
    "http://qh.people.com.cn/n2/2022/0208/c401598-35125876.html",
    "https://data.worldbank.org/indicator/CM.MKT.LCAP.CD?locations=CN&most_recent_value_desc=false",
    "https://asia.nikkei.com/Business/Markets/Foreign-investors-get-new-entry-to-china-s-tech-heavy-STAR-Market",
    "https://www.mercer.com/content/dam/mercer/attachments/global/gl-2021-6011825b-we-china-private-equity.pdf",
    "https://perma.cc/VN5C-XMKF",
    "https://www.theinformation.com/articles/sequoia-capitals-china-arm-employed-daughter-of-politburo-member",
    "https://cset.georgetown.edu/publication/understanding-chinese-government-guidance-funds/",
    "https://www.semiconductors.org/taking-stock-of-chinas-semiconductor-industry/",
    "https://www.semiconductors.org/chinas-share-of-global-chip-sales-now-surpasses-taiwan-closing-in-on-europe-and"
    "-japan/",
    "https://cset.georgetown.edu/wp-content/uploads/CSET-Chinas-Progress-in-Semiconductor-Manufacturing-Equipment.pdf",
    "https://cset.georgetown.edu/publication/chokepoints/",
    "https://archive.ph/mWT5i",
    "https://www.atlanticcouncil.org/blogs/econographics/companies-on-the-front-line-trends-in-overseas-chinese"
    "-listings/#:~:text=US%20and%20China%3A%20Capital%20markets,more%20diverse%20group%20of%20investors",
    "https://www.uscc.gov/sites/default/files/2022-09/Chinese_Companies_Listed_on_US_Stock_Exchanges.pdf",
    "http://www.gov.cn/xinwen/2022-10/25/content_5721685.htm",
    "https://www.chinadaily.com.cn/a/202207/07/WS62c61507a310fd2b29e6ad07.html",
    "https://perma.cc/6BNX-UGTR",
]
# Note marker -> the marker of the note it repeats (Ibid. and short forms), checked by hand.
BRIEF_LINKS = {"12": "11", "16": "15", "20": "6", "22": "15", "23": "21", "26": "17", "27": "6", "37": "36"}


def run_project(path: Path) -> tuple[Document, float]:
    t0 = time.perf_counter()
    doc = process(Document(doc_id=path.stem, path=str(path)), Settings(extract=False))
    return doc, time.perf_counter() - t0


def run_refextract(path: Path) -> tuple[list[dict], float] | None:
    if not shutil.which("pdftotext"):
        return None
    from refextract import extract_references_from_file

    t0 = time.perf_counter()
    refs = extract_references_from_file(str(path))
    return refs, time.perf_counter() - t0


def _tokens(s: str) -> set[str]:
    return set(norm(s).split())


def _ref_groups(records: list[str], refs: list[dict]) -> list[list[dict]]:
    """For each record (its printed text), the refextract references cut from it (by word overlap)."""
    groups: list[list[dict]] = [[] for _ in records]
    toks = [_tokens(r) for r in records]
    for ref in refs:
        words = _tokens(" ".join(ref.get("raw_ref", [])))
        if not words:
            continue
        best = max(range(len(records)), key=lambda i: len(words & toks[i]))
        if len(words & toks[best]) >= 0.6 * len(words):
            groups[best].append(ref)
    return groups


def _bare_title(t: str) -> str:
    return norm(re.sub(r"\s*[\[(（][^\[\]()（）]*[\u3400-\u9fff][^\[\]()（）]*[\])）]\s*$", "", t or ""))


def score_paper(doc: Document, refs: list[dict] | None) -> dict[str, tuple[str, str]]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    notes = {n.marker: n for n in doc.notes if n.kind != "bibliography"}
    bib = [n for n in doc.notes if n.kind == "bibliography"]
    pairs = [(g, notes.get(g["marker"])) for g in gold["citations"]] + list(zip(gold["bibliography"], bib))
    gold_urls = [u for g, _ in pairs for u in g["urls"]]
    years = [(g, n) for g, n in pairs if g.get("year")]
    titles = [(g, n) for g, n in pairs if g.get("title")]
    ours_urls = {u for n in doc.notes for u in n.urls}
    rows = {
        "records": (str(len(doc.notes)), ""),
        "urls": (f"{sum(u in ours_urls for u in gold_urls)} of {len(gold_urls)}", ""),
        "years": (f"{sum(n is not None and n.year == g['year'] for g, n in years)} of {len(years)}", ""),
        "titles": (f"{sum(n is not None and norm(n.title) == norm(g['title']) for g, n in titles)} of {len(titles)}",
                   ""),
    }
    complete = sum(n is not None and n.urls == g["urls"] and n.year == g["year"]
                   and norm(n.title) == norm(g["title"] or "") for g, n in pairs[:len(gold["citations"])])
    rows["notes_complete"] = (f"{complete} of {len(gold['citations'])}", "—")
    rows["types"] = (f"{sum(n is not None and n.type == g['kind'] for g, n in pairs[:len(gold['citations'])])} "
                     f"of {len(gold['citations'])}", "—")
    keys = {g["key"]: n.citation_id for g, n in zip(gold["bibliography"], bib)}
    want = Counter((g["text"], g["year"], keys.get(g["resolves_to"] or "", "")) for g in gold["intext_citations"])
    got = Counter((c.text, c.year, c.resolves_to) for c in doc.intext_citations)
    found = sum((Counter({k[:2]: v for k, v in want.items()}) & Counter({k[:2]: v for k, v in got.items()})).values())
    resolvable = Counter({k: v for k, v in want.items() if k[2]})
    unresolved = Counter({k: v for k, v in want.items() if not k[2]})
    rows["intext"] = (f"{found} of {sum(want.values())} ({max(0, sum(got.values()) - found)} extra)", "—")
    rows["resolved"] = (f"{sum((resolvable & got).values())} of {sum(resolvable.values())}", "—")
    rows["unresolved"] = (f"{sum((unresolved & got).values())} of {sum(unresolved.values())}", "—")
    if refs is not None:
        # refextract cuts one note into several references: a record counts as right when any of its pieces is.
        texts = [g.get("raw") or (n.text if n else "") for g, n in pairs]
        pieces = {id(g): group for (g, _), group in zip(pairs, _ref_groups(texts, refs))}
        their_urls = {u for r in refs for u in r.get("url", [])}
        year_hits = sum(any(str(g["year"]) in r.get("year", []) for r in pieces[id(g)]) for g, _ in years)
        title_hits = sum(any(_bare_title(t) == norm(g["title"]) for r in pieces[id(g)] for t in r.get("title", []))
                         for g, _ in titles)
        rows["records"] = (rows["records"][0], str(len(refs)))
        rows["urls"] = (rows["urls"][0], f"{sum(u in their_urls for u in gold_urls)} of {len(gold_urls)}")
        rows["years"] = (rows["years"][0], f"{year_hits} of {len(years)}")
        rows["titles"] = (rows["titles"][0], f"{title_hits} of {len(titles)}")
    return rows


def score_brief(doc: Document, refs: list[dict] | None) -> dict[str, tuple[str, str]]:
    ours = {u for n in doc.notes for u in n.urls}
    by_id = {n.citation_id: n.marker for n in doc.notes}
    links = sum(by_id.get(n.refers_to) == BRIEF_LINKS.get(n.marker) for n in doc.notes if n.marker in BRIEF_LINKS)
    rows = {
        "records": (str(len(doc.notes)), ""),
        "urls": (f"{sum(u in ours for u in BRIEF_URLS)} of {len(BRIEF_URLS)}", ""),
        "links": (f"{links} of {len(BRIEF_LINKS)}", "—"),
    }
    if refs is not None:
        theirs = {u for r in refs for u in r.get("url", [])}
        rows["records"] = (rows["records"][0], str(len(refs)))
        rows["urls"] = (rows["urls"][0], f"{sum(u in theirs for u in BRIEF_URLS)} of {len(BRIEF_URLS)}")
    return rows


LABELS = {
    "records": "records found",
    "urls": "URLs recovered exactly",
    "links": "Ibid. and short forms linked to the right note",
    "years": "years right (records that print one)",
    "titles": "titles right (records that print one)",
    "types": "note types right (full/short/comment/multi)",
    "notes_complete": "notes with URLs, year and title all right",
    "intext": "author-year citations found",
    "resolved": "resolved to the right reference entry",
    "unresolved": "listed as unresolved where the reference list lacks the work",
}


def main() -> int:
    if not BRIEF.exists() or not PAPER.exists():
        print(f"the seed papers are not in {SEEDS}: check out ../shared beside the repo", file=sys.stderr)
        return 1
    table = []
    secs = {"ours": 0.0, "theirs": 0.0}
    for path, scorer, what in ((BRIEF, score_brief, "brief (38 notes)"),
                               (PAPER, score_paper, "paper (28 notes, 37 references)")):
        doc, t_ours = run_project(path)
        ref = run_refextract(path)
        secs["ours"] += t_ours
        secs["theirs"] += ref[1] if ref else 0.0
        for key, (ours, theirs) in scorer(doc, ref[0] if ref else None).items():
            table.append((what, LABELS[key], theirs or "—", ours))
    have_ref = shutil.which("pdftotext") is not None
    print("| document | measure | refextract | this project |")
    print("| --- | --- | --- | --- |")
    for what, label, theirs, ours in table:
        print(f"| {what} | {label} | {theirs if have_ref else 'not run'} | {ours} |")
    print(f"| both | seconds (this project: parse, segment and cite; extractors off) | "
          f"{secs['theirs']:.1f} | {secs['ours']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
