"""Score an output folder (the CSVs `pipeline run` writes) against annotated documents.

The annotation format is ../shared/gold/README.md: one JSON file per document, named `<doc_id>.json`, with the
printed tables as CSV files beside it. Each table has one matcher, a pure function from the gold items and the
output rows of one document to a `Score`; the matching rules are in their docstrings. Counts add up over
documents, and precision, recall and F1 come from the sums.

Where a matcher pairs items one to one, every gold item is matched at most once and every output row at most
once, so a value printed twice must be found twice. Empty counts: with nothing found, precision is 1 when
nothing was missed and 0 otherwise; with nothing to find, recall is 1 when nothing was found wrongly.
"""
from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.schemas import empty_frame
from pipeline.stages.write import read_table_csv

Item = dict[str, Any]

MONEY_TOLERANCE = 0.005  # relative difference allowed between amounts
TITLE_OVERLAP = 0.8  # token overlap at which two titles (or two English glossary terms) count as the same
# Gold "where" -> the passage kinds of the output that count as that place.
WHERE_KINDS = {
    "body": {"body"},
    "footnote": {"footnote", "endnote"},
    "table": {"table"},
    "caption": {"caption"},
    "bibliography": {"bibliography"},
}
_QUOTES = re.compile(r"[\"'`“”‘’«»「」『』]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_WORD = re.compile(r"\w+(?:[&'.\-]\w+)*")


class EvaluateError(Exception):
    """A gold file or an output folder that cannot be scored; the message says what to fix."""


@dataclass
class Score:
    """Counts for one table: gold items found (tp), output rows matching nothing (fp), gold items missed (fn).

    `hits` is how many output rows were right; it equals tp except where several rows may find one gold item
    (technologies), and it is what precision is computed from.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    hits: int | None = None
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def right(self) -> int:
        return self.tp if self.hits is None else self.hits

    @property
    def precision(self) -> float:
        found = self.right + self.fp
        return self.right / found if found else float(self.fn == 0)

    @property
    def recall(self) -> float:
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else float(self.fp == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        hits = None if self.hits is None and other.hits is None else self.right + other.right
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, hits,
                     self.false_positives + other.false_positives, self.false_negatives + other.false_negatives)

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        """Precision, recall, F1 (rounded to 4 places) and the counts; with `errors`, the fp and fn lists."""
        out: dict[str, Any] = {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                               "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}
        if errors:
            out["false_positives"], out["false_negatives"] = self.false_positives, self.false_negatives
        return out

    def line(self, name: str) -> str:
        """One line of the report: `money  P 1.000  R 1.000  F1 1.000  (tp 1, fp 0, fn 0)`."""
        return (f"{name}  P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


# --- normalisation -------------------------------------------------------------------------------------------


def normalize_text(text: Any) -> str:
    """Text for comparison: Unicode-compatible forms, case folded, quotes dropped, dashes as '-', spaces collapsed."""
    if _missing(text):
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = _DASHES.sub("-", _QUOTES.sub("", text)).casefold()
    return " ".join(text.split()).strip(" .,;:")


def normalize_chinese(text: Any) -> str:
    """Chinese text for comparison: Unicode-compatible forms (（ -> (), every space removed."""
    return "" if _missing(text) else "".join(unicodedata.normalize("NFKC", str(text)).split())


def words(text: Any) -> list[str]:
    """The words of `text` after `normalize_text`."""
    return _WORD.findall(normalize_text(text))


def token_overlap(a: Any, b: Any) -> float:
    """Shared distinct words over the distinct words of the longer text, 0 to 1 (1: the same words)."""
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / max(len(wa), len(wb)) if wa and wb else 0.0


def same_title(gold: Any, out: Any) -> bool:
    """Titles match when equal after `normalize_text` or when their token overlap is at least 0.8."""
    g, o = normalize_text(gold), normalize_text(out)
    return bool(g) and (g == o or token_overlap(g, o) >= TITLE_OVERLAP)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value))


def _number(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def _int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


# --- one-to-one matching --------------------------------------------------------------------------------------


def match_one_to_one(gold: Sequence[Item], out: Sequence[Item], tests: Sequence[Callable[[Item, Item], bool]],
                     show_gold: Callable[[Item], str], show_out: Callable[[Item], str]) -> tuple[Score, list]:
    """Pair gold items with output rows, each used once: every gold item takes the first free row that passes
    `tests[0]`, then the still unpaired ones try `tests[1]`, and so on (exact matches before fuzzy ones).

    Returns:
        The Score (fp and fn listed by `show_out`/`show_gold`) and the (gold, row) pairs made.
    """
    free = list(range(len(out)))
    pairs: dict[int, int] = {}
    for test in tests:
        for gi, g in enumerate(gold):
            if gi in pairs:
                continue
            for k, oi in enumerate(free):
                if test(g, out[oi]):
                    pairs[gi] = oi
                    del free[k]
                    break
    score = Score(tp=len(pairs), fp=len(free), fn=len(gold) - len(pairs),
                  false_positives=[show_out(out[i]) for i in free],
                  false_negatives=[show_gold(g) for i, g in enumerate(gold) if i not in pairs])
    return score, [(gold[g], out[o]) for g, o in sorted(pairs.items())]


def _distinct(items: Iterable[Item], key: Callable[[Item], tuple]) -> list[Item]:
    seen, kept = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


# --- matchers, one per table ---------------------------------------------------------------------------------


def same_amount(gold: Item, row: Item) -> bool:
    """Money matches on currency and an amount within 0.5% of the gold amount."""
    g, o = _number(gold.get("amount")), _number(row.get("amount"))
    same_currency = str(gold.get("currency") or "").upper() == str(row.get("currency") or "").upper()
    return g is not None and o is not None and same_currency and math.isclose(g, o, rel_tol=MONEY_TOLERANCE)


def match_money(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Money: one to one on `same_amount`."""
    show = lambda x: f"{x.get('text')!s} = {x.get('amount')} {x.get('currency')}"  # noqa: E731
    return match_one_to_one(gold, out, [same_amount], show, show)[0]


def same_percentage(gold: Item, row: Item) -> bool:
    """Percentages match on value."""
    g, o = _number(gold.get("value")), _number(row.get("value"))
    return g is not None and o is not None and math.isclose(g, o, rel_tol=1e-9, abs_tol=1e-9)


def match_percentages(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Percentages: one to one on `same_percentage`."""
    show = lambda x: f"{x.get('text')!s} = {x.get('value')}"  # noqa: E731
    return match_one_to_one(gold, out, [same_percentage], show, show)[0]


def match_acronyms(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Acronyms: distinct (short, long) pairs, equal after `normalize_text` on both sides."""
    key = lambda x: (normalize_text(x.get("short")), normalize_text(x.get("long")))  # noqa: E731
    show = lambda x: f"{x.get('short')} = {x.get('long')}"  # noqa: E731
    return match_one_to_one(_distinct(gold, key), _distinct(out, key), [lambda g, o: key(g) == key(o)],
                            show, show)[0]


def glossary_key(item: Item) -> tuple[str, str]:
    """A glossary pair for comparison: (normalised English, Chinese without spaces)."""
    return normalize_text(item.get("english")), normalize_chinese(item.get("chinese"))


def match_glossary(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Glossary: distinct pairs; the Chinese sides must be equal without spaces, the English ones equal after
    `normalize_text` or, failing any exact partner, share at least 80% of their words (`token_overlap`), so a
    term cut one word short or long still counts while a different term for the same Chinese does not.
    """
    exact = lambda g, o: glossary_key(g) == glossary_key(o)  # noqa: E731
    fuzzy = lambda g, o: (glossary_key(g)[1] == glossary_key(o)[1]  # noqa: E731
                          and token_overlap(g.get("english"), o.get("english")) >= TITLE_OVERLAP)
    show = lambda x: f"{x.get('english')} = {x.get('chinese')}"  # noqa: E731
    return match_one_to_one(_distinct(gold, glossary_key), _distinct(out, glossary_key), [exact, fuzzy],
                            show, show)[0]


def match_technologies(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Technologies: a gold technology is found when its name or any alias, normalised, equals the canonical
    name or the text of an output row. Output rows are grouped by canonical name; a group is right when its
    canonical name or one of its texts is any gold name or alias, and a false positive otherwise.
    """
    names = [{normalize_text(n) for n in [g.get("name"), *(g.get("aliases") or [])] if normalize_text(n)}
             for g in gold]
    groups: dict[str, set[str]] = defaultdict(set)
    for row in out:
        canonical = normalize_text(row.get("canonical")) or normalize_text(row.get("text"))
        groups[canonical].update({canonical, normalize_text(row.get("text"))} - {""})
    extracted = set().union(*groups.values()) if groups else set()
    every_gold = set().union(*names) if names else set()
    found = [bool(n & extracted) for n in names]
    wrong = sorted(c for c, texts in groups.items() if not texts & every_gold)
    return Score(tp=sum(found), fp=len(wrong), fn=found.count(False), hits=len(groups) - len(wrong),
                 false_positives=wrong, false_negatives=[g.get("name") for g, f in zip(gold, found) if not f])


def _urls(value: Any) -> set[str]:
    if _missing(value):
        return set()
    parts = value if isinstance(value, list) else str(value).split()
    return {u.strip().rstrip(".,;)") for u in parts if u.strip()}


def _slot(score: Score, label: str, gold_value: Any, out_value: Any, same: Callable[[Any, Any], bool]) -> None:
    # Slot filling: a value given and right is tp; given and wrong is fp (and fn when gold has one);
    # not given where gold has one is fn; both empty counts nothing.
    g_empty, o_empty = _empty(gold_value), _empty(out_value)
    if not o_empty and not g_empty and same(gold_value, out_value):
        score.tp += 1
        return
    if not o_empty:
        score.fp += 1
        score.false_positives.append(f"{label}: {out_value}")
    if not g_empty:
        score.fn += 1
        score.false_negatives.append(f"{label}: {gold_value}")


def _empty(value: Any) -> bool:
    return _missing(value) or value in ("", [], set())


def match_citations(gold: Sequence[Item], out: Sequence[Item]) -> dict[str, Score]:
    """Citations, per gold note (footnote or endnote): `citations` scores the note found by its marker (one to
    one; output bibliography entries are not notes and are left out); `citations.urls`, `.year` and `.title`
    score those fields of the notes, slot by slot: urls as equal sets (trailing punctuation dropped), year
    equal, title by `same_title`. A gold note that was not found misses its fields.
    """
    notes = [r for r in out if r.get("kind") in ("footnote", "endnote")]
    marker = lambda x: str(x.get("marker") or "").strip()  # noqa: E731
    found, pairs = match_one_to_one(gold, notes, [lambda g, o: marker(g) == marker(o)],
                                    lambda x: f"note {marker(x)}", lambda x: f"note {marker(x)}")
    by_gold = {id(g): o for g, o in pairs}
    fields = {"urls": (_urls, lambda a, b: a == b), "year": (_int, lambda a, b: a == b),
              "title": (lambda v: None if _missing(v) else str(v), same_title)}
    scores = {"citations": found}
    for name, (read, same) in fields.items():
        score = Score()
        for g in gold:
            o = by_gold.get(id(g), {})
            _slot(score, f"note {marker(g)} {name}", read(g.get(name)), read(o.get(name)), same)
        scores[f"citations.{name}"] = score
    return scores


def _surname(value: Any) -> str:
    return re.sub(r"\bet al\b\.?", "", normalize_text(value)).strip(" .,")


def _intext_key(item: Item) -> tuple[str, int | None, str]:
    return _surname(item.get("surname_or_org")), _int(item.get("year")), normalize_text(item.get("year_suffix"))


def same_entry(gold_entry: Item, row: Item) -> bool:
    """A gold bibliography entry and an output citations row are one work: same year and suffix, and the gold
    first author appears in the row's authors or the titles match (`same_title`)."""
    if _int(gold_entry.get("year")) != _int(row.get("year")):
        return False
    if normalize_text(gold_entry.get("year_suffix")) != normalize_text(row.get("year_suffix")):
        return False
    authors = gold_entry.get("authors") or []
    first = normalize_text(authors[0]) if authors else ""
    return bool(first and first in normalize_text(row.get("authors"))) or same_title(gold_entry.get("title"),
                                                                                        row.get("title"))


def match_intext(gold: Sequence[Item], out: Sequence[Item], bibliography: Sequence[Item],
                 citations: Sequence[Item]) -> dict[str, Score]:
    """In-text citations: `intext_citations` pairs gold and output one to one on (surname or organisation
    normalised, without "et al.", year, suffix); `intext_citations.resolved` scores resolves_to slot by slot:
    an output citation_id is right when its citations row is the gold key's bibliography entry (`same_entry`).
    """
    show = lambda x: f"{x.get('text')}"  # noqa: E731
    found, pairs = match_one_to_one(gold, out, [lambda g, o: _intext_key(g) == _intext_key(o)], show, show)
    entries = {b.get("key"): b for b in bibliography}
    rows = {r.get("citation_id"): r for r in citations}
    by_gold = {id(g): o for g, o in pairs}
    resolved = Score()
    for g in gold:
        key, cid = g.get("resolves_to"), by_gold.get(id(g), {}).get("resolves_to")
        entry = entries.get(key) or {"year": _key_year(key)}
        _slot(resolved, f"{g.get('text')} -> resolves_to", key, cid,
              lambda _k, c: c in rows and same_entry(entry, rows[c]))  # noqa: B023 (called at once)
    return {"intext_citations": found, "intext_citations.resolved": resolved}


def _key_year(key: str) -> int | None:
    m = re.search(r"(\d{4})", key or "")
    return int(m.group(1)) if m else None


def table_id(name: Any) -> str:
    """A table's id for matching: "Table 3" and "table3" are both table3."""
    return re.sub(r"\W+", "", str(name).lower())


def cells(rows: Iterable[Sequence[Any]]) -> list[str]:
    """Every non-empty cell of a table, normalised with `normalize_text`."""
    return [c for row in rows for c in (normalize_text(v) for v in row) if c]


def match_cells(gold_cells: Sequence[str], out_cells: Sequence[str], label: str) -> Score:
    """Table cells as a multiset: a cell value found as often in both counts as found, the rest fp or fn.
    Positions are not compared, so a header row read as data or a table split across pages still scores."""
    remaining: dict[str, int] = defaultdict(int)
    for c in out_cells:
        remaining[c] += 1
    tp, fn = 0, []
    for c in gold_cells:
        if remaining[c] > 0:
            remaining[c] -= 1
            tp += 1
        else:
            fn.append(f"{label}: {c}")
    fp = [f"{label}: {c}" for c, n in remaining.items() for _ in range(n)]
    return Score(tp=tp, fp=len(fp), fn=len(fn), false_positives=fp, false_negatives=fn)


def match_tables(gold: Sequence[Item], gold_dir: Path, out_rows: Sequence[Item], out_dir: Path) -> Score:
    """Tables: each gold table's cells (its CSV beside the gold file) against the cells of the output table
    with the same id (`table_id`) by `match_cells`; the cells of output tables the gold lacks are fp."""
    score = Score()
    by_id = {table_id(r.get("table_id")): r for r in out_rows}
    for g in gold:
        tid = table_id(g.get("id"))
        row = by_id.pop(tid, None)
        out_cells = _read_cells(out_dir, row.get("csv_path")) if row else []
        score += match_cells(cells(_read_csv(gold_dir / g["csv"])) if g.get("csv") else [], out_cells, tid)
    for tid, row in by_id.items():
        score += match_cells([], _read_cells(out_dir, row.get("csv_path")), tid)
    return score


def _read_cells(out_dir: Path, rel: Any) -> list[str]:
    return [] if _missing(rel) else cells(_read_csv(out_dir / str(rel)))


def _read_csv(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise EvaluateError(f"{path}: table CSV not found")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


# --- documents and folders -----------------------------------------------------------------------------------


def load_gold(path: Path) -> dict[str, Any]:
    """One annotated document; its doc_id is the file stem.

    Raises:
        EvaluateError: when the file is not a JSON object.
    """
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluateError(f"{path}: cannot read the gold file ({exc})") from exc
    if not isinstance(gold, dict):
        raise EvaluateError(f"{path}: a gold file holds one JSON object (see ../shared/gold/README.md)")
    return gold


def load_outputs(out: Path) -> dict[str, pd.DataFrame]:
    """The output tables in folder `out` by name; a table without its CSV is empty.

    Raises:
        EvaluateError: when `out` has no documents.csv, so it is not an output folder.
    """
    out = Path(out)
    if not (out / "documents.csv").is_file():
        raise EvaluateError(f"{out}: no documents.csv here; give the folder `pipeline run --out` wrote")
    tables = {}
    for name in ("documents", *TABLES):
        path = out / f"{name}.csv"
        try:
            tables[name] = read_table_csv(name, path) if path.is_file() else empty_frame(name)
        except ValueError as exc:
            raise EvaluateError(f"{path}: cannot read the table ({exc})") from exc
    return tables


def evaluate(out: Path, gold_paths: Sequence[Path], tables: Sequence[str] = (),
             where: Sequence[str] = ()) -> dict[str, Score]:
    """Score output folder `out` against the gold files, summed over documents.

    Args:
        out: a folder written by `pipeline run`.
        gold_paths: annotated documents, each `<doc_id>.json`.
        tables: restrict to these tables (names from TABLES); all when empty.
        where: restrict money and percentages (whose gold items say where they are printed) to these places:
            body, footnote (footnotes and endnotes), table, caption, bibliography.
    Returns:
        Score by name, in TABLES order; citations and intext_citations add their field scores
        (citations.urls, intext_citations.resolved, ...).
    Raises:
        EvaluateError: when a gold file cannot be read or its doc_id is not in `out`.
    """
    outputs = load_outputs(out)
    known = set(outputs["documents"]["doc_id"].dropna())
    selected = [t for t in TABLES if not tables or t in tables]
    totals: dict[str, Score] = {}
    for path in gold_paths:
        path = Path(path)
        doc_id = path.stem
        if doc_id not in known:
            raise EvaluateError(f"{doc_id}: not in {Path(out) / 'documents.csv'}; run `pipeline run` on "
                                f"{doc_id}.pdf with --out {out} first")
        gold = load_gold(path)
        rows = {name: _records(df, doc_id) for name, df in outputs.items()}
        for name, score in score_document(gold, rows, selected, where, path.parent, Path(out)).items():
            score.false_positives = [f"{doc_id}: {e}" for e in score.false_positives]
            score.false_negatives = [f"{doc_id}: {e}" for e in score.false_negatives]
            totals[name] = totals[name] + score if name in totals else score
    return totals


def _records(df: pd.DataFrame, doc_id: str) -> list[Item]:
    if "doc_id" in df.columns:
        df = df[df["doc_id"] == doc_id]
    return [{k: (None if _missing(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


@dataclass(frozen=True)
class _Context:
    gold: dict[str, Any]  # the whole annotated document
    rows: dict[str, list[Item]]  # its output rows by table
    gold_dir: Path
    out_dir: Path


# Table -> its matcher, as (gold items, output rows, context) -> scores by name; the order of the report.
_MATCHERS: dict[str, Callable[[list[Item], list[Item], _Context], dict[str, Score]]] = {
    "money": lambda g, o, c: {"money": match_money(g, o)},
    "percentages": lambda g, o, c: {"percentages": match_percentages(g, o)},
    "acronyms": lambda g, o, c: {"acronyms": match_acronyms(g, o)},
    "glossary": lambda g, o, c: {"glossary": match_glossary(g, o)},
    "technologies": lambda g, o, c: {"technologies": match_technologies(g, o)},
    "citations": lambda g, o, c: match_citations(g, o),
    "intext_citations": lambda g, o, c: match_intext(g, o, c.gold.get("bibliography") or [],
                                                     c.rows.get("citations", [])),
    "tables": lambda g, o, c: {"tables": match_tables(g, c.gold_dir, o, c.out_dir)},
}
TABLES = tuple(_MATCHERS)


def score_document(gold: dict[str, Any], rows: dict[str, list[Item]], tables: Sequence[str] = TABLES,
                   where: Sequence[str] = (), gold_dir: Path = Path("."),
                   out_dir: Path = Path(".")) -> dict[str, Score]:
    """The scores of one document: its gold annotation against its output rows (table name -> rows).

    `where` keeps the money and percentages printed there (gold "where"; output passage kind, WHERE_KINDS).
    """
    context = _Context(gold, rows, gold_dir, out_dir)
    scores: dict[str, Score] = {}
    for name in tables:
        items, out = list(gold.get(name) or []), rows.get(name, [])
        if where and name in ("money", "percentages"):
            kinds = set().union(*(WHERE_KINDS[w] for w in where))
            items = [i for i in items if i.get("where") in where]
            out = [r for r in out if r.get("kind") in kinds]
        scores.update(_MATCHERS[name](items, out, context))
    return scores
