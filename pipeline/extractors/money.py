"""The money extractor: amounts with a currency, their ranges and their paired amounts in a second currency.

A figure is money only with a currency marker ($, US$, RMB, yuan, €, 元, ...: pipeline/rules/currencies.csv,
each with its ISO 4217 code and whether it stands before or after the number). A scale word may follow the
number (million, bn, 万, 亿: pipeline/rules/money_scales.csv). Read as one record:
- a range, "$1–2 billion" or "$50 million-$100 million": amount is the low end, amount_high the high end;
- a pair, an amount followed by the same sum in another currency in brackets, in either order:
  "$392 billion (2.79 trillion renminbi (RMB))" or "RMB 138.7 billion ($21.8 billion)";
- a qualifier printed before it ("nearly", "more than": pipeline/rules/money_words.csv) is kept in the text.
Vague amounts ("billions of yuan", "a few billion yuan") have no value and are left out, as are number words
("ten billion yuan"), a year used as a price base ("in constant 2015 dollars"), a column unit ("($000)") and a
report number ("EUR 30884 EN"). "$1 billion to $2 billion" is two amounts; "$1–2 billion" is one range.

The regex runs over the passage text and each match is snapped to tokens; the year and the subject come from
the sentence around it (pipeline/extractors/numbers.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import RuleError
from pipeline import rulefiles
from pipeline.rulefiles import rule_cache
from pipeline.extractors import base
from pipeline.extractors.numbers import (
    CONNECTOR, NOT_AFTER, NUMBER, Words, alternation, is_range, load_words, parse_number, subject_of, year_of,
)

NAME = "money"
base.register(NAME)

CURRENCIES_FILE = "currencies.csv"
SCALES_FILE = "money_scales.csv"
POSITIONS = ("prefix", "suffix", "both")


@dataclass(frozen=True)
class Amount:
    """One amount of money found in a text, with character offsets into it."""

    start: int
    end: int
    amount: Decimal
    currency: str
    amount_high: Decimal | None = None
    paired_amount: Decimal | None = None
    paired_currency: str | None = None


@dataclass(frozen=True)
class MoneyRules:
    """Currency markers and scale words (lower-cased) with the regex built from them."""

    currencies: dict[str, str]  # marker -> ISO code
    scales: dict[str, Decimal]  # word -> multiplier
    words: Words
    pattern: re.Pattern
    pair_open: re.Pattern  # what may stand between an amount and its bracketed pair
    base_year_before: re.Pattern
    id_after: re.Pattern


@rule_cache
def load_rules(rules_dir: str | None = None) -> MoneyRules:
    """The money rules in force for a rules folder (None: shipped only), read and compiled once.

    Raises:
        RuleError: for an unknown position or a multiplier that is not a number.
    """
    currencies: dict[str, str] = {}
    positions: dict[str, str] = {}
    for row in rulefiles.read_csv(CURRENCIES_FILE, rules_dir, required=("symbol", "code")):
        position = row.get("position") or "both"
        if position not in POSITIONS:
            raise RuleError(f"{CURRENCIES_FILE}: symbol {row['symbol']!r} has position {position!r}; "
                            f"use one of {', '.join(POSITIONS)}")
        key = row["symbol"].lower()
        currencies[key], positions[key] = row["code"].upper(), position
    scales: dict[str, Decimal] = {}
    for row in rulefiles.read_csv(SCALES_FILE, rules_dir, required=("word", "multiplier")):
        try:
            scales[row["word"].lower()] = Decimal(row["multiplier"])
        except InvalidOperation as exc:
            raise RuleError(f"{SCALES_FILE}: word {row['word']!r} has multiplier {row['multiplier']!r}, "
                            "which is not a number (write 1e9 or 1000000000)") from exc
    words = load_words(rules_dir)
    return MoneyRules(
        currencies=currencies,
        scales=scales,
        words=words,
        pattern=_pattern(
            prefix=alternation(k for k, p in positions.items() if p != "suffix"),
            suffix=alternation(k for k, p in positions.items() if p != "prefix"),
            scale=alternation(scales),
            qualifier=words.qualifier,
        ),
        pair_open=re.compile(rf"(?i)\s*[(\[]\s*(?:(?:{words.qualifier})\s+)?$"),
        base_year_before=re.compile(rf"(?i)(?<![A-Za-z])(?:{alternation(words.base_year)})\s+$"),
        id_after=re.compile(rf"(?i)\s+(?:{words.id_after})(?![A-Za-z])") if words.id_after else re.compile(r"(?!)"),
    )


def _pattern(*, prefix: str, suffix: str, scale: str, qualifier: str) -> re.Pattern:
    # One figure or two joined by a connector, each with an optional currency before it; one scale word after
    # either number; a currency after the whole. A currency after a number must not itself be followed by a
    # number, so in "in 2019 RMB 5 billion" RMB goes with 5, not 2019. "(RMB)" right after "renminbi" is taken
    # in as the abbreviation it defines.
    scale_word = rf"(?:{scale})(?![A-Za-z])"
    return re.compile(rf"""(?ix)
        {NOT_AFTER}
        (?:(?P<q>{qualifier})\s+)?
        (?:(?P<between>between)\s+)?
        (?P<sign>[\u2212-](?=\S))?
        (?:(?P<c1>{prefix})\s?)?
        (?P<n1>{NUMBER})
        (?:\s?(?P<s1>{scale_word}))?
        (?:\s?(?P<conn>{CONNECTOR})\s?(?:(?P<c2>{prefix})\s?)?(?P<n2>{NUMBER}))?
        (?:\s?(?P<s2>{scale_word}))?
        (?:\s?(?P<c3>{suffix})(?![A-Za-z])(?!\s?\d)(?:\s?\((?P<abbr>{prefix}|{suffix})\))?)?
    """)


def find_amounts(text: str, rules: MoneyRules) -> list[Amount]:
    """Every amount of money in `text`, in order, with ranges and bracketed pairs joined into one record.

    Args:
        text: a passage, a note or a table row.
        rules: from `load_rules`.
    """
    found: list[Amount] = []
    pos = 0
    while m := rules.pattern.search(text, pos):
        amounts, pos = _amounts(m, text, rules)
        found.extend(amounts)
    return pair_amounts(found, text, rules)


def _amounts(m: re.Match, text: str, rules: MoneyRules) -> tuple[list[Amount], int]:
    """The amounts in one match, and where to search next."""
    code = rules.currencies.get
    g = {k: (v.lower() if isinstance(v, str) else v) for k, v in m.groupdict().items()}
    if _is_not_a_sum(m, text, rules):
        return [], m.end()
    end = m.end("c3") if g["abbr"] and code(g["abbr"]) != code(g["c3"] or "") else m.end()
    c3 = code(g["c3"]) if g["c3"] else None
    scale1, scale2 = (rules.scales[g[s]] if g[s] else None for s in ("s1", "s2"))
    n1 = -parse_number(g["n1"]) if g["sign"] else parse_number(g["n1"])
    if g["n2"] is None:
        currency = code(g["c1"]) if g["c1"] else c3
        if currency is None:
            return [], m.end()
        return [Amount(m.start(), end, n1 * (scale1 or scale2 or 1), currency)], m.end()
    n2 = parse_number(g["n2"])
    high = n2 * (scale2 or 1)
    currency = next((code(c) for c in (g["c1"], g["c2"]) if c), c3)
    low = n1 * (scale1 or scale2 or 1)
    if currency and is_range(g["conn"], low, high, first_has_unit=bool(scale1), between=bool(g["between"])):
        return [Amount(m.start(), end, low, currency, amount_high=high)], m.end()
    # Not a range: keep the first figure when it has its own currency, and search again right after it, so
    # the second can start a range or a pair of its own ("$5 billion and $1–2 billion").
    first_end = m.end("s1") if scale1 else m.end("n1")
    first = [Amount(m.start(), first_end, n1 * (scale1 or 1), code(g["c1"]))] if g["c1"] else []
    return first, first_end


def _is_not_a_sum(m: re.Match, text: str, rules: MoneyRules) -> bool:
    """A currency beside a number that is not a sum: a column unit "($000)" (thousands of dollars), a price base
    "in constant 2015 dollars", a report number "EUR 30884 EN"."""
    n1 = m.group("n1")
    if re.fullmatch(r"0\d+", n1):
        return True
    if m.group("n2") or m.group("s1") or m.group("s2") or not n1.isdigit():
        return False
    if rules.id_after.match(text, m.end()):
        return True
    return (not m.group("c1") and not m.group("q") and 1900 <= int(n1) < 2100
            and bool(rules.base_year_before.search(text, max(0, m.start() - 40), m.start())))


def pair_amounts(amounts: list[Amount], text: str, rules: MoneyRules) -> list[Amount]:
    """Join each amount with the next when that one is the same sum in another currency, in brackets right after.

    "$1.4 billion (10 billion RMB)" -> one Amount: 1.4e9 USD paired with 1e10 CNY; the bracket may start
    with a qualifier ("(about RMB 10 billion)"). The joined record's text runs to the closing bracket.
    """
    out: list[Amount] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        if (b is not None and b.currency != a.currency and a.paired_amount is None and b.amount_high is None
                and rules.pair_open.match(text[a.end:b.start])):
            close = re.match(r"\s*[)\]]", text[b.end:])
            if close:
                out.append(Amount(a.start, b.end + close.end(), a.amount, a.currency, a.amount_high,
                                  paired_amount=b.amount, paired_currency=b.currency))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@Language.factory(NAME, default_config={"rules_dir": None})
def make_money(nlp: Language, name: str, rules_dir: str | None):
    """The money component: every amount in a passage as a span in doc.spans["money"] with its table columns."""
    rules = load_rules(rules_dir)

    def component(doc: Doc) -> Doc:
        amounts = find_amounts(doc.text, rules)
        figures = tuple((a.start, a.end) for a in amounts)
        for a in amounts:
            span = doc.char_span(a.start, a.end, alignment_mode="expand")
            if span is None:
                continue
            base.add_span(doc, NAME, span, {
                "amount": _number(a.amount),
                "amount_high": _number(a.amount_high),
                "currency": a.currency,
                "paired_amount": _number(a.paired_amount),
                "paired_currency": a.paired_currency,
                "year": year_of(span, rules.words, figures),
                "subject": subject_of(span, rules.words),
            })
        return doc
    return component
