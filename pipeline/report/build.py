"""Write the static HTML report of an output folder: OUT/report/index.html and one page per document.

The pages need no server and load nothing from the network: one stylesheet beside them, charts as inline SVG.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path
from string import Template

import pandas as pd

from pipeline.compare.match import normalise
from pipeline.compare.outputs import read_rows
from pipeline.inspect import MARKED_TABLES, find_marks, mentions_by_passage
from pipeline.reader import read_table
from pipeline.stages.write import read_cells
from pipeline.report.html import bar_chart, data_table, esc, interactive_table, link_urls, marked_text
from pipeline.views import human_amount

REPORT = "report"
# Per-document tables counted on the index, in this order.
COUNTED = ("passages", "citations", "tables", "money", "percentages", "entities", "technologies", "acronyms",
           "glossary", "intext_citations")
TABLES_READ = ("documents", "passages", "citations", "note_markers", "tables", "comparison", "comparison_extra",
               *COUNTED, *MARKED_TABLES)


def write_report(out: Path) -> Path:
    """Write OUT/report/ (index.html, a page per document, style.css, tables.js) and return the index's path.

    Raises:
        FileNotFoundError: when `out` holds no documents.csv (no run wrote there).
    """
    out = Path(out)
    if not (out / "documents.csv").exists():
        raise FileNotFoundError(f"{out} holds no documents.csv")
    data = {name: read_table(out, name) for name in dict.fromkeys(TABLES_READ)}
    folder = out / REPORT
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("style.css", "tables.js"):
        shutil.copyfile(str(files("pipeline.report") / name), folder / name)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    docs = data["documents"]
    _write(folder / "index.html", "Documents", index_body(data), stamp)
    for doc in docs.itertuples(index=False):
        _write(folder / page_name(doc.doc_id), str(doc.doc_id), document_body(out, data, doc, folder), stamp)
    return folder / "index.html"


def page_name(doc_id: str) -> str:
    """The file name of a document's page: its id with anything but letters, digits, '.', '-', '_' replaced,
    and then a short hash of the id, so that `a b` and `a_b` do not share a page."""
    name = re.sub(r"[^\w.-]", "_", doc_id)
    if name != doc_id:
        name += "-" + hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"doc-{name}.html"


def _write(path: Path, title: str, body: str, stamp: str) -> None:
    template = Template((files("pipeline.report") / "page.html").read_text(encoding="utf-8"))
    path.write_text(template.substitute(title=esc(title), body=body, generated=esc(f"made {stamp}")),
                    encoding="utf-8")


def _count(frame: pd.DataFrame, doc_id: str) -> int:
    return int((frame["doc_id"] == doc_id).sum()) if "doc_id" in frame else 0


def figures(data: dict[str, pd.DataFrame], doc_id: str) -> list:
    """Rows per counted table for one document, then 'found of listed' for its comparison."""
    comparison = data["comparison"][data["comparison"]["doc_id"] == doc_id]
    found = int(comparison["found_in_text"].fillna(False).sum())
    return [*(_count(data[name], doc_id) for name in COUNTED),
            f"{found} of {len(comparison)}" if len(comparison) else ""]


def index_body(data: dict[str, pd.DataFrame]) -> str:
    """The index page: every document with its status and its figures."""
    docs = data["documents"]
    if docs.empty:
        return '<p class="empty">The output folder has no documents.</p>'
    rows = []
    for d in docs.itertuples(index=False):
        link = f'<a href="{esc(page_name(d.doc_id))}">{esc(d.doc_id)}</a>'
        rows.append([link, d.title, d.pages, d.status, *figures(data, d.doc_id)])
    headers = ["document", "title", "pages", "status", *COUNTED, "table items named in the text"]
    return (f"<p>{len(docs)} documents. Figures are rows per output table.</p>"
            + data_table(headers, rows, raw_columns=frozenset({0})))


# The extraction tables of a document's page: (section id, heading, output table, columns shown, row filter).
EXTRACTIONS = (
    ("money", "Money", "money", ("text", "amount", "paired_amount", "year", "subject", "kind"), None),
    ("percentages", "Percentages", "percentages", ("text", "value", "value_high", "subject", "kind"), None),
    ("technologies", "Technologies", "technologies", ("text", "canonical", "category", "source", "kind"), None),
    ("organisations", "Organisations", "entities", ("text", "label", "canonical", "kind"),
     ("label", ("ORG", "GOV", "FUND"))),
)
AMOUNT_CURRENCY = {"amount": "currency", "paired_amount": "paired_currency"}


def document_body(out: Path, data: dict[str, pd.DataFrame], doc, folder: Path | None = None) -> str:
    """One document's page: figures, phases, the extraction tables, tables beside their comparison, the text,
    the notes; a list of the sections at the top."""
    doc_id = doc.doc_id
    pdf = _pdf_link(doc.path, folder or out / REPORT)
    parts = [("phases", "Passages per phase", phase_chart(data["passages"], doc_id))]
    parts += [(sid, heading, extraction_table(data[table], doc_id, sid, columns, keep, pdf))
              for sid, heading, table, columns, keep in EXTRACTIONS]
    parts += [("tables", "Tables and what the text says about them", tables_section(out, data, doc_id)),
              ("extra", "Named in the text, in no table", extra_section(data["comparison_extra"], doc_id)),
              ("text", "Text", _legend() + text_section(data, doc_id)),
              ("notes", "Notes and references", citations_section(data["citations"], doc_id))]
    nav = '<nav class="sections">' + "".join(f'<a href="#{sid}">{esc(h)}</a>' for sid, h, _ in parts) + "</nav>"
    sections = [
        f"<p>{esc(doc.title)} · {esc(doc.pages)} pages · status {esc(doc.status)}"
        + (f' · <a href="{esc(pdf)}">PDF</a>' if pdf else "") + "</p>",
        data_table([*COUNTED, "table items named in the text"], [figures(data, doc_id)]), nav,
        *(f'<h2 id="{sid}">{esc(heading)}</h2>\n{body}' for sid, heading, body in parts),
    ]
    return "\n".join(sections)


def _pdf_link(path, folder: Path) -> str:
    """A link from the report folder to the document's PDF (relative, so the two can move together), or ""."""
    if not isinstance(path, str) or not Path(path).is_file():
        return ""
    return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()


def extraction_table(frame: pd.DataFrame, doc_id: str, table_id: str, columns: tuple[str, ...],
                     keep: tuple[str, tuple[str, ...]] | None, pdf: str) -> str:
    """One document's rows of an extraction table, sortable and filterable, each linked to its passage and to
    its page of the PDF, with a CSV download of the rows shown."""
    rows = frame[frame["doc_id"] == doc_id]
    if keep is not None:
        rows = rows[rows[keep[0]].isin(keep[1])]
    if rows.empty:
        return '<p class="empty">None found.</p>'
    body, sort_keys = [], []
    for r in rows.itertuples(index=False):
        r = r._asdict()
        page = esc(r["page"])
        cells = [f'<a href="#p-{esc(r["passage_id"])}">{esc(_short_id(r["passage_id"]))}</a>',
                 f'<a href="{esc(pdf)}#page={page}">{page}</a>' if pdf else page]
        keys = [_short_id(r["passage_id"]), r["page"]]
        for col in columns:
            keys.append(r[col])  # amounts sort by value, not as written
            shown = human_amount(r[col], r[AMOUNT_CURRENCY[col]]) if col in AMOUNT_CURRENCY else r[col]
            cells.append(esc(shown))
        body.append(cells)
        sort_keys.append(keys)
    return interactive_table(f"{table_id}-table", ["passage", "page", *columns], body, sort_keys,
                             f"{doc_id}.{table_id}.csv")


def phase_chart(passages: pd.DataFrame, doc_id: str) -> str:
    """Body passages per policy phase, as an inline SVG bar chart."""
    body = passages[(passages["doc_id"] == doc_id) & (passages["kind"] == "body") & passages["phase"].notna()]
    counts = body["phase"].value_counts().sort_index()
    return bar_chart([(str(k), int(v)) for k, v in counts.items()], f"Body passages per phase in {doc_id}")


def tables_section(out: Path, data: dict[str, pd.DataFrame], doc_id: str) -> str:
    """Each table's cells (cells whose items the text names in green, others in red) beside its comparison."""
    comparison = data["comparison"][data["comparison"]["doc_id"] == doc_id]
    tables = data["tables"][data["tables"]["doc_id"] == doc_id]
    table_ids = list(dict.fromkeys([*tables["table_id"], *comparison["table_id"]]))
    if not table_ids:
        return '<p class="empty">No tables.</p>'
    parts = []
    for table_id in table_ids:
        meta = tables[tables["table_id"] == table_id]
        caption = meta.iloc[0]["caption"] if len(meta) else f"{table_id} (a reference table)"
        rows = _cells(out, meta, doc_id, table_id)
        items = comparison[comparison["table_id"] == table_id]
        found = int(items["found_in_text"].fillna(False).sum())
        parts.append(f'<h3 id="{esc(table_id)}">{esc(caption if isinstance(caption, str) else table_id)}</h3>')
        parts.append(f'<p class="coverage">{found} of {len(items)} items also named in the text</p>')
        parts.append('<div class="side-by-side"><div>' + _cells_table(rows, items) + "</div><div>"
                     + _comparison_table(items) + "</div></div>")
    return "\n".join(parts)


def _cells(out: Path, meta: pd.DataFrame, doc_id: str, table_id: str) -> list[list[str]]:
    if len(meta) and isinstance(meta.iloc[0]["csv_path"], str) and (out / meta.iloc[0]["csv_path"]).is_file():
        return read_cells(out / meta.iloc[0]["csv_path"])
    name = table_id.split(":", 1)[-1]
    path = out / "references" / f"{doc_id}.{name}.csv"
    return read_rows(path) if path.is_file() else []


def _cells_table(rows: list[list[str]], items: pd.DataFrame) -> str:
    if not rows:
        return '<p class="empty">The cells were not written.</p>'
    state: dict[tuple[int, int], bool] = {}
    for r in items.itertuples(index=False):
        key = (int(r.row), int(r.column))
        state[key] = state.get(key, False) or bool(r.found_in_text)
    # An item printed in several cells has a comparison row for its first cell only.
    by_text = {normalise(r.item): bool(r.found_in_text) for r in items.itertuples(index=False)}
    width = max(len(r) for r in rows)
    body = [list(r) + [""] * (width - len(r)) for r in rows[1:]]
    classes = [[_cell_class(state.get((i, j), by_text.get(normalise(cell)))) for j, cell in enumerate(row, 1)]
               for i, row in enumerate(body, 2)]
    return data_table(rows[0] + [""] * (width - len(rows[0])), body, classes)


def _cell_class(found: bool | None) -> str:
    return {True: "found", False: "missing"}.get(found, "")


def _comparison_table(items: pd.DataFrame) -> str:
    if items.empty:
        return '<p class="empty">No items compared: run `pipeline compare`.</p>'
    rows = []
    for r in items.itertuples(index=False):
        found = '<span class="yes">yes</span>' if r.found_in_text else '<span class="no">no</span>'
        first = (f'<a href="#p-{esc(r.first_passage_id)}">{esc(_short_id(r.first_passage_id))}</a>'
                 if isinstance(r.first_passage_id, str) else "")
        rows.append([r.item, r.canonical, found, int(r.n_mentions), first, r.match])
    return data_table(["item", "canonical", "in text", "mentions", "first passage", "match"], rows,
                      raw_columns=frozenset({2, 4}))


def _short_id(passage_id: str) -> str:
    return passage_id.rsplit(":", 1)[-1]


def extra_section(extra: pd.DataFrame, doc_id: str) -> str:
    """The names and amounts the prose gives that no table lists."""
    rows = extra[extra["doc_id"] == doc_id]
    if rows.empty:
        return '<p class="empty">Nothing, or no table to compare with.</p>'
    return data_table(["kind", "item", "canonical", "mentions", "first passage"], [
        [r.kind, r.item, r.canonical, int(r.n_mentions),
         f'<a href="#p-{esc(r.first_passage_id)}">{esc(_short_id(r.first_passage_id))}</a>']
        for r in rows.itertuples(index=False)], raw_columns=frozenset({4}))


def _legend() -> str:
    names = {"entities": "entity", "money": "money", "technologies": "technology", "percentages": "percentage"}
    return '<p class="legend">' + " ".join(
        f'<label><input type="checkbox" checked data-kind="{t}"> <mark class="{t}">{n}</mark></label>'
        for t, n in names.items()) + "</p>"


def text_section(data: dict[str, pd.DataFrame], doc_id: str) -> str:
    """Every passage but table rows, in reading order, with its mentions highlighted and its note markers linked."""
    passages = data["passages"][(data["passages"]["doc_id"] == doc_id) & (data["passages"]["kind"] != "table")]
    mentions = mentions_by_passage({t: data[t] for t in MARKED_TABLES}, doc_id)
    markers: dict[str, list[tuple[int, str, str]]] = {}
    nm = data["note_markers"][data["note_markers"]["doc_id"] == doc_id]
    for pid, offset, marker, cid in zip(nm["passage_id"], nm["offset"], nm["marker"], nm["citation_id"]):
        markers.setdefault(pid, []).append((int(offset), str(marker), "" if pd.isna(cid) else str(cid)))
    parts = []
    for p in passages.itertuples(index=False):
        text = str(p.text)
        marks = find_marks(text, mentions.get(p.passage_id, []))
        phase = f" · {esc(p.phase)}" if isinstance(p.phase, str) else ""
        parts.append(f'<p class="passage kind-{esc(p.kind)}" id="p-{esc(p.passage_id)}"><span class="meta">'
                     f"{esc(_short_id(p.passage_id))} · p{esc(p.page)} · {esc(p.kind)}{phase}</span>"
                     f"{marked_text(text, marks, markers.get(p.passage_id, []))}</p>")
    return "\n".join(parts) or '<p class="empty">No passages.</p>'


def citations_section(citations: pd.DataFrame, doc_id: str) -> str:
    """Footnotes, endnotes and bibliography entries, each with an anchor and its URLs as links."""
    rows = citations[citations["doc_id"] == doc_id]
    if rows.empty:
        return '<p class="empty">No notes.</p>'
    items = []
    for c in rows.itertuples(index=False):
        marker = f"{esc(c.marker)}. " if isinstance(c.marker, str) else ""
        raw = c.raw if isinstance(c.raw, str) else ""
        # URLs broken across lines in the raw note are given whole in urls.
        rejoined = [u for u in (c.urls.split() if isinstance(c.urls, str) else []) if u not in raw]
        more = "".join(f" · {link_urls(u)}" for u in rejoined)
        items.append(f'<li id="cit-{esc(c.citation_id)}"><span class="meta">{esc(c.kind)}</span> {marker}'
                     f"{link_urls(raw)}{more}</li>")
    return '<ol class="citations">' + "".join(items) + "</ol>"

