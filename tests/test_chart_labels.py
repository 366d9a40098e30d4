"""A chart's wordless labels are not mined; an unruled table's cells are (pipeline/layout/chart_labels.py)."""
from __future__ import annotations

from pipeline.layout.chart_labels import chart_labels, is_grid
from pipeline.model import Passage


def _p(i: int, page: int, kind: str, box: tuple[float, float, float, float], text: str = "$1B") -> Passage:
    return Passage("d", f"d:{i:04d}", page, box, kind, text)


def _table_page(page: int, start: int) -> list[Passage]:
    # an unruled table: a name column, then two right-aligned number columns, four rows
    out = []
    for r in range(4):
        top = 300 + 26 * r
        out += [_p(start + 3 * r, page, "figure_text", (110, top, 200, top + 9), "NASDAQ"),
                _p(start + 3 * r + 1, page, "label", (300 - 4 * r, top, 330, top + 9), f"${40 + r}.1B"),
                _p(start + 3 * r + 2, page, "label", (400 + 3 * r, top, 420, top + 9), str(180 + r))]
    return out


def _chart_page(page: int, start: int) -> list[Passage]:
    # a bar chart: tick labels on one line, a legend on another, numbers scattered over the bars
    boxes = [(76, 422, 200, 431), (264, 220, 480, 229), (61, 398, 70, 406), (133, 399, 140, 407),
             (277, 397, 300, 405), (390, 397, 410, 405), (182, 402, 186, 410)]
    return [_p(start + i, page, "label", box) for i, box in enumerate(boxes)]


def test_is_grid_needs_rows_of_cells_in_columns():
    table = [p.bbox for p in _table_page(1, 0)]
    assert is_grid(table)
    assert not is_grid(table[:6])  # two rows are no table
    assert not is_grid([p.bbox for p in _chart_page(1, 0)])
    shifted = [(x0 + 40 * i, top, x1 + 40 * i, bottom) for i, (x0, top, x1, bottom) in enumerate(table)]
    assert not is_grid(shifted)  # three cells a row, but no column lines up


def test_chart_labels_are_the_labels_of_figure_pages_without_a_grid():
    passages = _table_page(1, 0) + _chart_page(2, 100) + [_p(200, 2, "body", (70, 100, 500, 160), "Text.")]
    assert chart_labels(passages, figure_pages=[2]) == {f"d:{i:04d}" for i in range(100, 107)}
    assert chart_labels(passages) == set()  # no figure on page 2: its lines may be an unruled table's cells
    numbers = [_p(300, 2, "heading", (70, 50, 200, 80), "$337.3B"), _p(301, 2, "heading", (70, 90, 300, 110),
                                                                        "2. Three Phases of Policy")]
    assert chart_labels(passages + numbers, figure_pages=[2]) == {f"d:{i:04d}" for i in (*range(100, 107), 300)}


def test_sep_chart_labels_give_no_money_and_its_table_does(tmp_path):
    from pipeline.batch import run_batch
    from pipeline.reader import read_table
    from pipeline.settings import Settings

    from .conftest import SHARED, need

    pdf = need(SHARED / "corpus" / "policy" / "sep-2019-tech-scaleup-china.pdf")
    run_batch([pdf], Settings(out=tmp_path / "out", timeout=0, max_memory=0))
    money = read_table(tmp_path / "out", "money")
    labels = money[money["kind"] == "label"]
    assert set(labels["page"]) == {17}  # Figure 10, the report's one table, read as cells
    assert "$44.1B" in set(labels["text"])
    texts = set(money["text"])
    assert not texts & {"$50-100M", "$100M-1B", "$1-10M", "$ 5"}  # legend bins and numbers on bars
    assert not set(money[money["kind"] == "heading"]["page"]) & {4, 5, 8}  # an infographic's display numbers
