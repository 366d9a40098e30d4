"""What a document's prose names that none of its tables lists: the comparison_extra rows."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from pipeline.compare.match import PROSE_KINDS, normalise
from pipeline.compare.money import money_key, same_amount

# Entity labels (pipeline/schemas.py, entities.label) reported as organisations and as programmes.
KIND_OF_LABEL = {
    "ORG": "organisation", "GOV": "organisation", "FUND": "organisation", "LAB": "organisation",
    "PROGRAM": "programme", "PLAN": "programme", "LAW": "programme",
}


def extra_rows(doc_id: str, doc: Mapping[str, pd.DataFrame], matched: Sequence[dict],
               tables: Iterable[Sequence[Sequence[str]]]) -> list[dict]:
    """The comparison_extra rows of one document: technologies, organisations, programmes and amounts of money
    its prose names that no item of its tables matched and no cell of its tables prints.

    Args:
        doc_id: the document.
        doc: its rows of the output tables, by table name.
        matched: its comparison rows; an item that is an amount of money has (amount, currency) under "_amount".
        tables: the rows of cells of every table compared.
    Returns:
        One row per distinct name (by canonical name) or amount (by currency and amount): technologies, then
        organisations and programmes, then money, each in the order of first mention.
    """
    listed = {normalise(r[k]) for r in matched for k in ("item", "canonical") if r.get(k)}
    cells = [" " + normalise(c) + " " for rows in tables for row in rows[1:] for c in row if c]

    def in_tables(*names: str) -> bool:
        keys = {normalise(n) for n in names if n}
        return bool(keys & listed) or any(f" {k} " in c for k in keys if k for c in cells)

    rows = []
    techs = _prose(doc.get("technologies"))
    if techs is not None:
        # a discovered candidate has no canonical: it is grouped by its own text
        techs = techs.assign(extra_kind="technology",
                             canonical=techs["canonical"].where(techs["canonical"].notna() & (techs["canonical"] != ""),
                                                                techs["text"].str.lower()))
        rows += _grouped(doc_id, techs, "canonical", in_tables)
    ents = _prose(doc.get("entities"))
    if ents is not None:
        ents = ents[ents["label"].isin(KIND_OF_LABEL)]
        ents = ents.assign(extra_kind=ents["label"].map(KIND_OF_LABEL))
        rows += _grouped(doc_id, ents, "canonical", in_tables)
    amounts = [r["_amount"] for r in matched if r.get("_amount")]
    rows += _money(doc_id, doc.get("money"), cells, [(currency, amount) for amount, currency in amounts])
    return rows


def _prose(df: pd.DataFrame | None) -> pd.DataFrame | None:
    return None if df is None else df[df["kind"].isin(PROSE_KINDS)]


def _grouped(doc_id: str, df: pd.DataFrame, key: str, in_tables) -> list[dict]:
    rows = []
    for _, group in df.groupby(df[key].map(normalise), sort=False):
        first = group.iloc[0]
        if in_tables(first[key], *group["text"]):
            continue
        rows.append({"doc_id": doc_id, "kind": first["extra_kind"], "item": first["text"],
                     "canonical": first[key], "n_mentions": len(group), "first_passage_id": first["passage_id"]})
    return rows


def _money(doc_id: str, df: pd.DataFrame | None, cells: list[str], listed: list[tuple[str, float]]) -> list[dict]:
    if df is None or df.empty:
        return []
    in_cells = df[df["kind"] == "table"]
    listed = [*listed, *zip(in_cells["currency"], in_cells["amount"].astype(float))]
    prose = _prose(df)
    rows = []
    for (currency, amount), group in prose.groupby([prose["currency"], prose["amount"].round(2)], sort=False):
        printed = group.iloc[0]["text"]
        if any(c == currency and same_amount(a, amount) for c, a in listed) \
                or any(f" {normalise(printed)} " in c for c in cells):
            continue
        rows.append({"doc_id": doc_id, "kind": "money", "item": printed, "canonical": money_key(amount, currency),
                     "n_mentions": len(group),
                     "first_passage_id": group.iloc[0]["passage_id"]})
    return rows
