"""Money and percentages: this pipeline's extractors against quantulum3, on the seed papers' passages.

Both tools read the same text: the passages (body, notes, captions, table rows) that the pipeline's parse and
segment stages make of each seed PDF. Each is scored against the amounts and percentages below, checked by hand
against the PDFs (figures are facts). A found amount is right when its value and currency match an expected
one; a pair is right when its paired value and currency match too; anything else a tool reports as money (or as
a percentage) is a false positive.

    python benchmarks/money_vs_quantulum3.py        # prints a markdown table

Needs ../shared/corpus/seeds beside the repo and quantulum3 installed (it is in the test extras).
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quantulum3 import classifier as q3_classifier
from quantulum3 import parser as q3

from pipeline.batch import process
from pipeline.extractors.money import find_amounts, load_rules as money_rules
from pipeline.extractors.percentages import find_percentages, load_rules as percent_rules
from pipeline.model import Document
from pipeline.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
BRIEF = "luong-2022-financing-tech-self-reliance"
PAPER = "naughton-2023-trajectory-industrial-policy"
B, T = 1e9, 1e12

# (doc, amount, currency, paired_amount, paired_currency), checked by hand against the PDFs.
EXPECTED_MONEY = [
    (BRIEF, 392 * B, "USD", 2.79 * T, "CNY"),
    (BRIEF, 3 * B, "USD", None, None),
    (BRIEF, 925e6, "USD", None, None),
    (BRIEF, 2.79 * T, "CNY", None, None),  # the title of a footnote
    (BRIEF, 41 * B, "USD", None, None),
    (BRIEF, 1.4 * B, "USD", 10 * B, "CNY"),
    (BRIEF, 12.21 * T, "USD", None, None),
    (BRIEF, 24 * B, "USD", 170 * B, "CNY"),
    (BRIEF, 39 * B, "USD", None, None),
    (PAPER, 10 * T, "CNY", None, None),
]
# (doc, value, value_high)
EXPECTED_PERCENTAGES = [
    (BRIEF, 2.5, None), (BRIEF, 14, None), (BRIEF, 40, None), (BRIEF, 56, None), (BRIEF, 20, 30),
    (BRIEF, 75, None), (BRIEF, 3.8, None), (BRIEF, 9, None),
    (PAPER, 10, None), (PAPER, 12.7, None), (PAPER, 14.2, None), (PAPER, 80, None),
]


@dataclass
class Found:
    doc: str
    value: float
    unit: str  # ISO code, or "%"
    high: float | None = None
    paired: float | None = None
    paired_unit: str | None = None


def passages(name: str) -> list[str]:
    """The non-empty passage texts the pipeline's parse and segment stages make of one seed PDF."""
    doc = process(Document(doc_id=name, path=str(SEEDS / f"{name}.pdf")), Settings(extract=False))
    return [p.text for p in doc.passages if p.text.strip()]


def _float(value) -> float | None:
    return None if value is None else float(value)


def ours(doc: str, texts: list[str]) -> tuple[list[Found], list[Found]]:
    """This pipeline's amounts and percentages in the texts (its pure functions: no spaCy parse needed)."""
    money, percent = money_rules(), percent_rules()
    amounts = [Found(doc, float(a.amount), a.currency, _float(a.amount_high), _float(a.paired_amount),
                     a.paired_currency) for t in texts for a in find_amounts(t, money)]
    pcts = [Found(doc, float(p.value), "%", _float(p.value_high)) for t in texts for p in find_percentages(t, percent)]
    return amounts, pcts


def quantulum_mode() -> str:
    """Use quantulum3's unit classifier when its shipped model loads; else its rule-based disambiguation."""
    if not q3_classifier.USE_CLF:
        return "without its unit classifier (scikit-learn is not installed)"
    try:
        q3_classifier.classifier("en_US")
    except Exception as exc:  # a model pickled by another scikit-learn version fails in several ways
        q3_classifier.USE_CLF = False
        return f"without its unit classifier (its pickled model does not load here: {type(exc).__name__})"
    return "with its unit classifier"


def quantulum(doc: str, texts: list[str]) -> tuple[list[Found], list[Found]]:
    """quantulum3's currency quantities and percentages in the texts."""
    amounts, pcts = [], []
    for text in texts:
        quantities = q3.parse(text)
        money = [q for q in quantities if q.unit.entity.name == "currency"]
        i = 0
        while i < len(money):  # count a bracketed amount in another currency right after as a pair
            q, nxt = money[i], money[i + 1] if i + 1 < len(money) else None
            pair = (nxt is not None and nxt.unit.currency_code != q.unit.currency_code
                    and text[q.span[1]:nxt.span[0] + 1].strip() in ("(", ""))
            amounts.append(Found(doc, q.value, q.unit.currency_code or "?", paired=nxt.value if pair else None,
                                 paired_unit=nxt.unit.currency_code if pair else None))
            i += 2 if pair else 1
        pcts += [Found(doc, q.value, "%") for q in quantities if q.unit.name == "percentage"]
    return amounts, pcts


def matched(found: list[tuple], expected: list[tuple]) -> int:
    """How many found items match an expected one, each expected item matched at most once."""
    left = Counter(expected)
    hits = 0
    for key in found:
        if left[key] > 0:
            left[key] -= 1
            hits += 1
    return hits


def score(found: list[Found], expected: list[tuple], *, money: bool) -> dict[str, float]:
    """Counts, precision, recall and F1 on document + value + currency (or + range end for percentages)."""
    def key(doc, value, unit_or_high):
        return doc, round(value, 6), unit_or_high
    if money:
        right = matched([key(f.doc, f.value, f.unit) for f in found], [key(*e[:3]) for e in expected])
        pairs = matched([(*key(f.doc, f.value, f.unit), f.paired, f.paired_unit) for f in found if f.paired],
                        [(*key(*e[:3]), *e[3:]) for e in expected if e[3] is not None])
    else:
        right = matched([key(f.doc, f.value, f.high) for f in found], [key(*e) for e in expected])
        pairs = 0
    p = right / len(found) if found else 0.0
    r = right / len(expected)
    return {"found": len(found), "right": right, "pairs": pairs, "false_pos": len(found) - right,
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main() -> int:
    if not SEEDS.is_dir():
        print(f"{SEEDS} not found: check out ../shared beside the repo", file=sys.stderr)
        return 1
    texts = {name: passages(name) for name in (BRIEF, PAPER)}
    mode = quantulum_mode()
    results = {}
    for tool, run in (("this pipeline", ours), ("quantulum3", quantulum)):
        t0 = time.perf_counter()
        money: list[Found] = []
        pcts: list[Found] = []
        for name, ts in texts.items():
            m, p = run(name, ts)
            money += m
            pcts += p
        seconds = time.perf_counter() - t0
        results[tool] = (score(money, EXPECTED_MONEY, money=True), score(pcts, EXPECTED_PERCENTAGES, money=False),
                         seconds)
    n_pairs = sum(1 for e in EXPECTED_MONEY if e[3] is not None)
    n_passages = sum(len(ts) for ts in texts.values())
    print(f"Seed papers: {n_passages} passages; {len(EXPECTED_MONEY)} amounts ({n_pairs} with a pair), "
          f"{len(EXPECTED_PERCENTAGES)} percentages expected.\n")
    print("| tool | amounts found | right value+currency | pairs right | false positives | money P / R / F1 "
          "| percentages found | right | false positives | percent P / R / F1 | seconds |")
    print("| --- | " + " | ".join(["---:"] * 10) + " |")
    for tool, (m, p, seconds) in results.items():
        print(f"| {tool} | {m['found']} | {m['right']}/{len(EXPECTED_MONEY)} | {m['pairs']}/{n_pairs} "
              f"| {m['false_pos']} | {m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f} "
              f"| {p['found']} | {p['right']}/{len(EXPECTED_PERCENTAGES)} | {p['false_pos']} "
              f"| {p['precision']:.2f} / {p['recall']:.2f} / {p['f1']:.2f} | {seconds:.2f} |")
    print(f"\nquantulum3 ran {mode}. Seconds: both tools over the same passage texts, parsing excluded.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
