"""Where a source appeared: outlet, journal, publisher or web site; series names and page locators told apart."""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extractors.citations.dates import YEAR4, find_dates
from pipeline.extractors.citations.rules import CitationRules
from pipeline.extractors.citations.text import split_top
from pipeline.text import HAN, HAN_RE, without_bracketed_han
from pipeline.extractors.citations.urls import URL_MARK


def container_after(after: str, rules: CitationRules) -> str:
    """The outlet, journal or publisher named right after a title."""
    s = after.strip().lstrip(".,;: ").strip()
    if s[:3] in ("in ", "In "):
        s = s[3:]
        eds = re.match(r"[^,]*?,\s*eds?\.,\s*", s)
        if eds:
            s = s[eds.end():]
    pub = find_publisher(s, rules)
    first = split_top(s, ",")[0] if s else ""
    dates = find_dates(s, rules)
    if dates and dates[0].start < len(first):
        first = first[:dates[0].start]  # "May 2" of "May 2, 2025" is no outlet
    first = re.split(r"(?<=[a-z)])\.\s", first)[0]
    first = re.sub(rf"\s*[(（](?![^()（）]*[{HAN}])[^()（）]*[)）]\s*$", "", without_bracketed_han(first))
    first = re.split(r"\s+(?:\d+\s*[(:,]|\d+\s*$|vol\.|no\.|Vol\.|No\.)", first)[0]
    first = first.replace(URL_MARK, "").strip(" .,;:")
    signals = tuple(p.lower() + " " for p in rules.phrases.get("signal", ()))
    if not first or first.lower() in ("in", "see") or first.lower().startswith(signals) \
            or not (first[0].isupper() or HAN_RE.match(first[0])) \
            or locator_re(rules).search(first) or is_series(first, rules):
        return pub[0] if pub else ""
    if pub and first.split(":")[0] == pub[0].split(":")[0]:
        return pub[0]
    return first


def find_publisher(s: str, rules: CitationRules) -> tuple[str, int] | None:
    """The publisher and where its mention starts: "(London: Routledge, 2022)", "Ithaca: Cornell University
    Press, 1987", "Beijing: NBS.", "(Harbor Institute, 2021)"."""
    for m in re.finditer(r"(?:^|(?<=[(.]\s)|(?<=\())([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?(?:,\s[A-Z]{2})?):\s*"
                         r"([^,;:()]{2,80}?)\s*(?:,\s*" + YEAR4 + r"|[.)]|$)", s):
        pub = m.group(2).strip()
        if is_orgish(pub, rules) or pub.isupper():
            return pub, m.start()
    for m in re.finditer(r"(?:^|(?<=[.,]\s)|(?P<paren>\())([A-Z][^,;:()]{1,80}?)\s*,\s*" + YEAR4 + r"\b", s):
        pub = m.group(2).strip()
        words = pub.split()
        if any(w in rules.publisher_words for w in words) or (m.group("paren") and is_orgish(pub, rules)):
            return pub, m.start()
    return None


def is_orgish(s: str, rules: CitationRules) -> bool:
    words = s.split()
    return any(w in rules.org_words or w in rules.publisher_words for w in words) or s.lower() in rules.outlets


def is_series(s: str, rules: CitationRules) -> bool:
    return bool(re.match(r"^(?:[A-Z][\w.]*\s+)*?(?:" + "|".join(re.escape(x) for x in rules.series)
                         + r")\b.*\d", s)) or bool(re.search(r"\bNo\.\s*\d", s))


def domain_title(part: str) -> tuple[str, str, str] | None:
    """A web page's own title, "Page--Section--Site (site.cn)": (title, "", "Site (site.cn)")."""
    m = re.search(r"([^:;,]+?)\s*\((?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\)", part)
    if not m:
        return None
    text = m.group(1).strip()
    for sep in ("--", " | ", " - ", " _ ", "_"):
        if sep in text:
            bits = [b.strip() for b in text.split(sep) if b.strip()]
            if len(bits) >= 2:
                return bits[0], "", f"{bits[-1]} ({m.group(2)})"
    return None


@lru_cache(maxsize=8)
def _locator_cached(locators: frozenset[str]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(locators, key=len, reverse=True))
    page = r"[A-Z]*-?\d[\w.–-]*"  # 4, 12-15, SD-7
    return re.compile(rf"(?:^|,\s*)(?:{alt})\.?\s*{page}(?:\s*(?:to|and|,)\s*{page})*\s*\.?\s*$", re.I)


def locator_re(rules: CitationRules) -> re.Pattern[str]:
    return _locator_cached(rules.locators)
