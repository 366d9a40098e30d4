"""The percentages extractor: units, ranges, qualifiers, signs and subjects; the seed papers against the gold."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors.base import spans
from pipeline.extractors.percentages import find_percentages, load_rules
from pipeline.stages.annotate import load_nlp, make_doc
from tests.conftest import SHARED, need

RULES = load_rules()


def percentages(text: str) -> list[tuple]:
    """(text, value, value_high) of each percentage, as plain values."""
    return [(text[p.start:p.end], float(p.value), None if p.value_high is None else float(p.value_high))
            for p in find_percentages(text, RULES)]


@pytest.mark.parametrize("text, found, value", [
    ("spending rose to 2.5 percent of output", "2.5 percent", 2.5),
    ("a 14-percent increase", "14-percent", 14),
    ("growth hit 12.7% that year", "12.7%", 12.7),
    ("growth stayed above 10% for years", "above 10%", 10),
    ("more than 80% of the tools", "more than 80%", 80),
    ("nearly 40 per cent of labs", "nearly 40 per cent", 40),
    ("a 3 pct rise", "3 pct", 3),
    ("rose 5 percentage points", "5 percentage points", 5),
    ("fell (−3.2%) last year", "−3.2%", -3.2),
    ("fell -47% in a year", "-47%", -47),
    ("a share of 100％", "100％", 100),
    ("a rate of 1,000% a year", "1,000%", 1000),
])
def test_percentages_reads_value(text, found, value):
    assert percentages(text) == [(found, value, None)]


@pytest.mark.parametrize("text, found, low, high", [
    ("allocates 20–30 percent of the target", "20–30 percent", 20, 30),
    ("a share of 10-20% in most markets", "10-20%", 10, 20),
    ("20 or 30 percent of the fund", "20 or 30 percent", 20, 30),
    ("from 5 to 9 percent", "5 to 9 percent", 5, 9),
    ("rates between 1.5% and 2%", "between 1.5% and 2%", 1.5, 2),
    ("between 20 and 30 percent", "between 20 and 30 percent", 20, 30),
    ("a range of 20%–30%", "20%–30%", 20, 30),
])
def test_percentages_reads_ranges(text, found, low, high):
    assert percentages(text) == [(found, low, high)]


@pytest.mark.parametrize("text, expected", [
    ("from 3.8 percent in 2015 to 9 percent in 2020", [("3.8 percent", 3.8), ("9 percent", 9)]),
    ("40 percent by 2020 and 70 percent by 2025", [("40 percent", 40), ("70 percent", 70)]),
    ("grew 40% to 50%", [("40%", 40), ("50%", 50)]),
    ("in 2015 to 9 percent", [("9 percent", 9)]),  # a year is not the low end of a range
    ("38% and 37%", [("38%", 38), ("37%", 37)]),
])
def test_percentages_splits_figures_that_are_not_a_range(text, expected):
    assert [(t, v) for t, v, _ in percentages(text)] == expected


@pytest.mark.parametrize("text", [
    "In 2020 the market had 56 firms.",
    "GDP growth each year 2003–2005",
    "https://example.cn/2021%E5%B9%B4%E6%94%BF",  # percent-encoding in a URL
    "a/100%20b and x=5%",
    "percentages rose",
    "the percent of firms",
    "v2.5% build",
    "",
])
def test_percentages_finds_nothing_without_a_percentage(text):
    assert percentages(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-–−%()percntoabdwF")), max_size=40))
def test_percentages_every_value_lies_in_the_text(text):
    for p in find_percentages(text, RULES):
        assert 0 <= p.start < p.end <= len(text)
        assert p.value_high is None or p.value <= p.value_high


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize("text, subject", [
    ("Wind power capacity rose 12 percent in 2019.", "Wind power capacity"),
    ("Imports still cover more than 70% of the country's lithography tools.", "country's lithography tools"),
    ("Output growth slowed to 6% in 2016, then hit 7.5% in 2017.", "Output growth"),
    ("Basic research stayed near 6 percent of the total.", "Basic research"),
    ("National Green Fund | 2020 | 12.5%", "National Green Fund"),
])
def test_percentages_finds_subject(nlp, text, subject):
    kind = "table" if " | " in text else "body"
    found = [f["subject"] for _, f in spans(nlp(make_doc(nlp, text, kind)), "percentages")]
    assert found and set(found) == {subject}


BRIEF_PERCENTAGES = [  # (text, value, value_high)
    ("2.5 percent", 2.5, None),
    ("14-percent", 14, None),
    ("nearly 40 percent", 40, None),
    ("56 percent", 56, None),
    ("20–30 percent", 20, 30),
    ("below 75 percent", 75, None),
    ("3.8 percent", 3.8, None),
    ("9 percent", 9, None),
]
PAPER_PERCENTAGES = [("above 10%", 10, None), ("12.7%", 12.7, None), ("14.2%", 14.2, None), ("more than 80%", 80, None)]


def rows(document) -> list[tuple]:
    return [(m.text, m.fields["value"], m.fields["value_high"]) for m in document.mentions if m.table == "percentages"]


def test_percentages_brief_every_one_and_nothing_else(brief):
    assert rows(brief) == BRIEF_PERCENTAGES


def test_percentages_paper_every_one_and_nothing_else(paper):
    assert rows(paper) == PAPER_PERCENTAGES


def test_percentages_paper_subjects(paper):
    subjects = {m.text: m.fields["subject"] for m in paper.mentions if m.table == "percentages"}
    assert subjects["above 10%"] == subjects["12.7%"] == "GDP growth"


def test_percentages_paper_f1_against_the_gold(paper):
    gold = json.loads(need(SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json").read_text("utf-8"))
    expected = {float(g["value"]) for g in gold["percentages"]}
    found = {value for _, value, _ in rows(paper)}
    hits = len(expected & found)
    assert 2 * hits / (len(expected) + len(found)) >= 0.95
    assert {g["text"] for g in gold["percentages"]} == {text for text, _, _ in rows(paper)}
