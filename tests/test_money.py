"""The money extractor: amounts, currencies, scales, ranges, pairs, year and subject; the seed papers."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import RuleError
from pipeline.extractors.base import spans
from pipeline.extractors.money import find_amounts, load_rules
from pipeline.extractors.numbers import is_range, parse_number
from pipeline.stages.annotate import load_nlp, make_doc
from tests.conftest import SHARED, need

RULES = load_rules()
B, T = 10**9, 10**12


def amounts(text: str, rules=RULES) -> list[tuple]:
    """(text, amount, currency, amount_high, paired_amount, paired_currency) of each amount, as plain values."""
    def num(d):
        return None if d is None else float(d)
    return [(text[a.start:a.end], num(a.amount), a.currency, num(a.amount_high), num(a.paired_amount),
             a.paired_currency) for a in find_amounts(text, rules)]


@pytest.mark.parametrize("text, found, value, currency", [
    ("the fund holds $3 billion now", "$3 billion", 3 * B, "USD"),
    ("a grant of US$1.5 billion", "US$1.5 billion", 1.5 * B, "USD"),
    ("a grant of US$ 1.5bn", "US$ 1.5bn", 1.5 * B, "USD"),
    ("USD1.5bn was raised", "USD1.5bn", 1.5 * B, "USD"),
    ("1.5 bn USD was raised", "1.5 bn USD", 1.5 * B, "USD"),
    ("Local governments set aside RMB1.2 trillion.", "RMB1.2 trillion", 1.2 * T, "CNY"),
    ("a loan of RMB 100,000 to each firm", "RMB 100,000", 100_000, "CNY"),
    ("a loan of RMB 100 000 to each firm", "RMB 100 000", 100_000, "CNY"),
    ("more than 11 trillion yuan by then", "more than 11 trillion yuan", 11 * T, "CNY"),
    ("spending of 2.79 Trillion Yuan in all", "2.79 Trillion Yuan", 2.79 * T, "CNY"),
    ("it cost ¥500 million", "¥500 million", 5e8, "CNY"),
    ("研发经费2.79万亿元", "2.79万亿元", 2.79 * T, "CNY"),
    ("人民币100亿元", "人民币100亿元", 1e10, "CNY"),
    ("投资100亿美元", "100亿美元", 1e10, "USD"),
    ("a budget of 95.5 billion EUR", "95.5 billion EUR", 95.5 * B, "EUR"),
    ("a budget of €480m", "€480m", 4.8e8, "EUR"),
    ("a recovery plan of 480 billion euros", "480 billion euros", 480 * B, "EUR"),
    ("about £3 billion", "about £3 billion", 3 * B, "GBP"),
    ("HK$5m for each", "HK$5m", 5e6, "HKD"),
    ("Rs. 2.45 crore outstanding", "Rs. 2.45 crore", 2.45e7, "INR"),
    ("a small decrease (-$84.0 million; -1%)", "-$84.0 million", -8.4e7, "USD"),
    ("from $0 in 2025", "$0", 0, "USD"),
    ("a pension of 143 yuan a month", "143 yuan", 143, "CNY"),
])
def test_money_reads_value_and_currency(text, found, value, currency):
    assert amounts(text) == [(found, pytest.approx(value), currency, None, None, None)]


@pytest.mark.parametrize("text, found, low, high", [
    ("a fab costs $1–2 billion", "$1–2 billion", 1 * B, 2 * B),
    ("a fab costs $50 million-$100 million", "$50 million-$100 million", 5e7, 1e8),
    ("between $1 billion and $2 billion", "between $1 billion and $2 billion", 1 * B, 2 * B),
    ("some 3 to 5 billion yuan", "some 3 to 5 billion yuan", 3 * B, 5 * B),
])
def test_money_reads_ranges(text, found, low, high):
    assert amounts(text) == [(found, low, "USD" if "$" in text else "CNY", high, None, None)]


@pytest.mark.parametrize("text, expected", [
    # a dash range must rise, so this is two amounts
    ("$5 billion-$3 billion", [("$5 billion", 5 * B, "USD"), ("$3 billion", 3 * B, "USD")]),
    # "and" joins only after "between"; the second figure keeps its own range
    ("$5 billion and $1–2 billion", [("$5 billion", 5 * B, "USD"), ("$1–2 billion", 1 * B, "USD")]),
    # "to" with a unit on both sides is two figures
    ("from $1 billion to $2 billion", [("$1 billion", 1 * B, "USD"), ("$2 billion", 2 * B, "USD")]),
    # the year before "RMB" is not the amount
    ("in 2019 RMB 5 billion went", [("RMB 5 billion", 5 * B, "CNY")]),
    ("in 2015 to $9 billion", [("$9 billion", 9 * B, "USD")]),
])
def test_money_splits_figures_that_are_not_a_range(text, expected):
    assert [(t, v, c) for t, v, c, *_ in amounts(text)] == expected


@pytest.mark.parametrize("text, found, value, currency, paired, paired_currency", [
    ("investment reached $392 billion (2.79 trillion renminbi (RMB)) that year",
     "$392 billion (2.79 trillion renminbi (RMB))", 392 * B, "USD", 2.79 * T, "CNY"),
    ("The fund raised RMB 138.7 billion ($21.8 billion).", "RMB 138.7 billion ($21.8 billion)",
     138.7 * B, "CNY", 21.8 * B, "USD"),
    ("about 1.2 trillion yuan ($190 billion) in all", "about 1.2 trillion yuan ($190 billion)",
     1.2 * T, "CNY", 190 * B, "USD"),
    ("$1.4 billion (about RMB 10 billion)", "$1.4 billion (about RMB 10 billion)", 1.4 * B, "USD", 10 * B, "CNY"),
    ("10,000 yuan (€1,250) per child", "10,000 yuan (€1,250)", 10_000, "CNY", 1250, "EUR"),
    ("$441 billion [RMB 2.79 trillion]", "$441 billion [RMB 2.79 trillion]", 441 * B, "USD", 2.79 * T, "CNY"),
])
def test_money_joins_an_amount_and_its_bracketed_pair(text, found, value, currency, paired, paired_currency):
    assert amounts(text) == [(found, pytest.approx(value), currency, None, pytest.approx(paired), paired_currency)]


@pytest.mark.parametrize("text, expected", [
    # the same currency in brackets is a second figure, not a pair
    ("95.5 billion EUR (13.6 billion EUR per year)", [95.5 * B, 13.6 * B]),
    # a bracket that goes on after the amount is not a pair
    ("$1.4 billion (RMB 10 billion, at 2021 rates)", [1.4 * B, 10 * B]),
])
def test_money_keeps_apart_what_is_not_a_pair(text, expected):
    found = amounts(text)
    assert [a[1] for a in found] == pytest.approx(expected)
    assert all(a[4] is None for a in found)


@pytest.mark.parametrize("text", [
    "By 2022 some 8,997 small firms had been named.",  # a count
    "The 973 Program and the 863 Program were merged in 2014.",  # programme names and a year
    "See pages 12-14 and note 38.",
    "hundreds of billions of yuan",  # vague: no value
    "a few billion yuan",
    "millions for defense but not a cent for tribute",
    "prices in constant 2015 dollars",  # a price base
    "per capita GNP ($000) | population (mn)",  # a column unit: thousands of dollars
    "JRC Technical Report EUR 30884 EN",  # a report number
    "the euro area and the dollar",
    "https://example.cn/a%E5%B9%B42021$5",
    "Figure 3: Size (US$ bn)",
    "RMB | 138.7 | 22.6",  # table cells: a number in another cell than its currency
    "",
])
def test_money_finds_nothing_without_an_amount(text):
    assert amounts(text) == []


@pytest.mark.parametrize("text", [
    "$$$ 5", "RMB RMB RMB", "\x00$1\x00billion", "$.5 bn", "1,2,3,4 yuan", "US$-", "(((RMB 5 (",
    "$1–", "–2 billion", "$9" * 200, "5 万亿 亿元",
])
def test_money_survives_garbled_text(text):
    for found, value, currency, *_ in amounts(text):
        assert found in text and currency and value is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-–$€¥()RMByuanbilon亿万元%")), max_size=40))
def test_money_every_amount_has_a_currency_and_lies_in_the_text(text):
    for a in find_amounts(text, RULES):
        assert 0 <= a.start < a.end <= len(text)
        assert a.currency in set(RULES.currencies.values())
        assert any(ch.isdigit() for ch in text[a.start:a.end])


@pytest.mark.parametrize("text, value", [("1,500.5", "1500.5"), ("100 000", "100000"), ("2.79", "2.79"), ("0", "0")])
def test_numbers_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("conn, low, high, first_has_unit, between, joined", [
    ("–", 1, 2, False, False, True),
    ("-", 50, 100, True, False, True),
    ("-", 2020, 30, False, False, False),
    ("to", 20, 30, False, False, True),
    ("to", 20, 30, True, False, False),
    ("or", 20, 30, False, False, True),
    ("and", 20, 30, False, False, False),
    ("and", 20, 30, True, True, True),
])
def test_numbers_is_range(conn, low, high, first_has_unit, between, joined):
    assert is_range(conn, Decimal(low), Decimal(high), first_has_unit=first_has_unit, between=between) is joined


def test_money_user_rules_add_on_top_without_changing_the_shipped_ones(tmp_path):
    (tmp_path / "currencies.csv").write_text("symbol,code,position\n¥,JPY,prefix\nfr.,CHF,prefix\n",
                                             encoding="utf-8")
    (tmp_path / "money_scales.csv").write_text("word,multiplier\nMrd.,1e9\n", encoding="utf-8")
    user = load_rules(str(tmp_path))
    assert amounts("¥5 billion and fr. 2 Mrd.", user) == [
        ("¥5 billion", 5 * B, "JPY", None, None, None), ("fr. 2 Mrd.", 2 * B, "CHF", None, None, None)]
    assert amounts("¥5 billion and fr. 2 Mrd.") == [("¥5 billion", 5 * B, "CNY", None, None, None)]


def test_money_user_currency_file_may_omit_the_position_column(tmp_path):
    (tmp_path / "currencies.csv").write_text("symbol,code\nkr,SEK\n", encoding="utf-8")
    user = load_rules(str(tmp_path))
    assert [a[:3] for a in amounts("kr 500 million and 20 billion kr", user)] == [
        ("kr 500 million", 5e8, "SEK"), ("20 billion kr", 20 * B, "SEK")]


@pytest.mark.parametrize("name, content, message", [
    ("currencies.csv", "symbol,code,position\n$,USD,before\n", r"currencies\.csv: symbol '\$' has position 'before'"),
    ("money_scales.csv", "word,multiplier\nlots,many\n", r"money_scales\.csv: word 'lots' has multiplier 'many'"),
    ("money_words.csv", "phrase,role\nabout,hedge\n", r"money_words\.csv: phrase 'about' has role 'hedge'"),
])
def test_money_bad_rule_line_names_file_and_value(tmp_path, name, content, message):
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load_rules(str(tmp_path))


# With the parsing pipeline: year and subject, on sentences written for these tests.

@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def fields(nlp, text: str, kind: str = "body") -> list[tuple[str, dict]]:
    return [(span.text, f) for span, f in spans(nlp(make_doc(nlp, text, kind)), "money")]


@pytest.mark.parametrize("text, year, subject", [
    ("The province's chip subsidies reached $2.5 billion in 2020.", 2020, "province's chip subsidies"),
    ("In 2017, the city fund received a total of RMB 30 billion from local banks.", 2017, "city fund"),
    ("Listed firms received $12 billion in subsidies last year.", None, "subsidies"),
    ("The plan commits 1.2 trillion yuan ($190 billion) to research between 2021 and 2025.", None, "plan"),
    ("Venture investors raised €800 million for quantum start-ups.", None, "quantum start-ups"),
    ("Exchanges had a market capitalization of $9 trillion at the end of 2019.", 2019, "market capitalization"),
    ("Rollout of RMB 5 trillion guidance funds during 2015 to 2017 was fast.", None, "guidance funds"),
    ("Each family gets a pension of 2000 yuan.", None, "pension"),
])
def test_money_finds_year_and_subject(nlp, text, year, subject):
    [(_, f)] = fields(nlp, text)
    assert (f["year"], f["subject"]) == (year, subject)


def test_money_table_row_subject_is_the_row_label(nlp):
    [(text, f)] = fields(nlp, "National Green Fund | 2020 | RMB 88.5 billion", kind="table")
    assert (text, f["amount"], f["subject"]) == ("RMB 88.5 billion", 88.5 * B, "National Green Fund")


def test_money_works_without_a_parser(tmp_path):
    (tmp_path / "pipeline.cfg").write_text(
        '[nlp]\nlang = "en"\npipeline = ["money"]\n\n[components]\n\n[components.money]\nfactory = "money"\n',
        encoding="utf-8")
    nlp = load_nlp(str(tmp_path))
    [(text, f)] = fields(nlp, "In 2019 the fund paid $3 billion.")
    assert (text, f["amount"], f["year"], f["subject"]) == ("$3 billion", 3 * B, 2019, None)


# The seed papers, parsed and annotated by the conftest fixtures.

BRIEF_MONEY = [  # (amount, currency, paired_amount, paired_currency, year, kind)
    (392 * B, "USD", 2.79 * T, "CNY", 2021, "body"),
    (3 * B, "USD", None, None, 2018, "body"),
    (925e6, "USD", None, None, 2019, "body"),
    (2.79 * T, "CNY", None, None, 2021, "footnote"),
    (41 * B, "USD", None, None, 2019, "body"),
    (1.4 * B, "USD", 10 * B, "CNY", None, "body"),
    (12.21 * T, "USD", None, None, 2020, "body"),
    (24 * B, "USD", 170 * B, "CNY", 2021, "body"),
    (39 * B, "USD", None, None, None, "body"),
]


def money_rows(document) -> list:
    return [m for m in document.mentions if m.table == "money"]


def test_money_brief_every_amount_with_its_pair_and_nothing_else(brief):
    found = [(m.fields["amount"], m.fields["currency"], m.fields["paired_amount"], m.fields["paired_currency"],
              m.fields["year"], m.kind) for m in money_rows(brief)]
    assert found == [tuple(pytest.approx(v) if isinstance(v, float) else v for v in row) for row in BRIEF_MONEY]


@pytest.mark.parametrize("text, subject", [
    ("$41 billion", "subsidies"),
    ("$1.4 billion (10 billion RMB)", "grants and subsidies"),
    ("$12.21 trillion", "market capitalization"),
    ("2.79 Trillion Yuan", "China’s R&D Expenditure"),
])
def test_money_brief_subjects(brief, text, subject):
    assert [m.fields["subject"] for m in money_rows(brief) if m.text == text] == [subject]


def test_money_paper_has_one_amount(paper):
    [m] = money_rows(paper)
    assert (m.text, m.fields["amount"], m.fields["currency"], m.fields["year"]) == \
        ("RMB 10 trillion", 1e13, "CNY", None)


def test_money_paper_f1_against_the_gold(paper):
    gold = json.loads(need(SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json").read_text("utf-8"))
    expected = {(float(g["amount"]), g["currency"]) for g in gold["money"]}
    found = {(m.fields["amount"], m.fields["currency"]) for m in money_rows(paper)}
    hits = len(expected & found)
    assert 2 * hits / (len(expected) + len(found)) >= 0.95
