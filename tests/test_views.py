"""How inspect shapes rows for reading: columns chosen and fitted, amounts written out, rows rendered."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.views import (ViewError, choose_columns, fit_columns, for_reading, human_amount, order_clause,
                            render)

MONEY = pd.DataFrame({"doc_id": ["d", "d"], "passage_id": ["d:0001", "d:0002"], "x0": [1.0, 2.0],
                      "text": ["RMB 138.7 billion", "$5 | 6 million"], "start": [0, 3],
                      "amount": [1.387e11, 5e6], "currency": ["CNY", "USD"],
                      "paired_amount": [2.18e10, None], "paired_currency": ["USD", None]})


def test_choose_columns_puts_text_first_and_leaves_out_coordinates():
    assert list(choose_columns(MONEY).columns) == ["text", "doc_id", "passage_id", "amount", "currency",
                                                   "paired_amount", "paired_currency"]
    assert list(choose_columns(MONEY, "amount, x0").columns) == ["amount", "x0"]
    with pytest.raises(ViewError, match="no column amonut; the columns are doc_id, passage_id, x0, text"):
        choose_columns(MONEY, "amonut")


@pytest.mark.parametrize("value, currency, text", [
    (1.387e11, "CNY", "138.7 bn CNY"), (2e12, "USD", "2 tn USD"), (5e6, None, "5 mn"), (750.0, "EUR", "750 EUR"),
    (None, "USD", ""), (float("nan"), "USD", ""), (1500.0, "", "1.5 k"),
])
def test_human_amount(value, currency, text):
    assert human_amount(value, currency) == text


def test_for_reading_folds_currencies_into_amounts():
    shown = for_reading(MONEY)
    assert shown["amount"].tolist() == ["138.7 bn CNY", "5 mn USD"]
    assert shown["paired_amount"].tolist() == ["21.8 bn USD", ""]
    assert "currency" not in shown.columns and "paired_currency" not in shown.columns


def test_fit_columns_keeps_what_fits_the_width():
    frame = choose_columns(MONEY)
    kept, left_out = fit_columns(frame, 55)
    assert list(kept.columns) == ["text", "doc_id", "passage_id"]
    assert left_out == ["amount", "currency", "paired_amount", "paired_currency"]
    assert list(fit_columns(frame, 5)[0].columns) == ["text"]  # the first column always


def test_order_clause_checks_columns_and_directions():
    assert order_clause("amount desc, page", ["amount", "page"]) == '"amount" DESC, "page"'
    assert order_clause(None, ["amount"]) == ""
    with pytest.raises(ViewError, match="no column 1=1 to order by"):
        order_clause("1=1", ["amount"])
    with pytest.raises(ViewError, match="bad --order-by 'amount; drop table x'"):
        order_clause("amount; drop table x", ["amount"])


def test_render_csv_json_markdown():
    frame = MONEY[["text", "amount", "paired_amount"]]
    assert render(frame, "csv").splitlines() == ["text,amount,paired_amount",
                                                 "RMB 138.7 billion,138700000000.0,21800000000.0",
                                                 "$5 | 6 million,5000000.0,"]
    assert render(frame, "json").startswith('[\n {\n  "text": "RMB 138.7 billion",\n  "amount": 138700000000.0')
    assert '"paired_amount": null' in render(frame, "json")
    assert render(frame, "markdown").splitlines()[-1] == "| $5 \\| 6 million | 5000000.0 |  |"
