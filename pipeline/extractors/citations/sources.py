"""One source (a note's citation part or a reference-list entry, URLs masked) parsed into fields.

The styles: laws with their enactment (legal.py), APA (apa.py), a quoted title ("Author, “Title,” Outlet, Date"),
Chicago book style ("Author, Title. Place: Publisher, Year."), a web page's own title ("Page--Site (site.cn)") and
author-date ("Surname, Given. 2020a.").
"""
from __future__ import annotations

import re

from pipeline.extractors.citations.aliases import split_alias
from pipeline.extractors.citations.apa import apa_source
from pipeline.extractors.citations.legal import legal_source
from pipeline.extractors.citations.containers import (container_after, domain_title, is_series, locator_re, is_orgish,
                                                      find_publisher)
from pipeline.extractors.citations.dates import YEAR4, best_date, find_dates
from pipeline.extractors.citations.names import namelike, split_authors
from pipeline.extractors.citations.parsed import Parsed
from pipeline.extractors.citations.rules import CitationRules
from pipeline.extractors.citations.text import sentence_starts, split_top
from pipeline.text import HAN, HAN_RE, leading_bracket, mostly_han, without_bracketed_han
from pipeline.extractors.citations.titles import (clean_title, is_headline, title_quote,
                                                  split_original)
from pipeline.extractors.citations.urls import URL_MARK


def parse_source(part: str, rules: CitationRules) -> Parsed:
    part, alias = split_alias(part, rules.phrases.get("alias", ()))
    if law := legal_source(part, rules):
        p = law  # "Cybersecurity Law (promulgated by the Standing Comm. ..., Nov. 7, 2016), art. 37."
    elif apa := apa_source(part, rules):
        p = apa  # "Surname, I. (2023, April 20). Title. Container." (its title may hold a quotation)
    elif quote := title_quote(part, rules):
        p = _quoted_source(part, quote, rules)
    elif keyed := author_date(part, rules):
        p = keyed  # a note written in author-date style: "EC-JRC & OECD (2021). Title. Publisher."
    elif web := domain_title(part):
        p = Parsed(title=web[0], title_original=web[1], container=web[2])
        if mostly_han(p.title):
            p.title, p.title_original = "", p.title
    else:
        p = _unquoted_source(part, rules)
    p.alias = alias
    # A short form lacks a date, a publisher, a URL and an outlet, and names its authors by surname: authors
    # printed with their given names ("Daniel H. Rosen, Logan Wright ... “Title,”") open a full reference. A
    # Chinese name ("Wang Lihua") is printed whole in short forms too, so it tells nothing.
    given_names = bool(p.authors) and all(len(a.split()) >= 2 and not is_orgish(a, rules)
                                          and a.split()[0] not in rules.cn_surnames for a in p.authors)
    if not (p.date or find_publisher(part, rules) or URL_MARK in part or p.container or given_names):
        p.type = "short"
    return p


def _quoted_source(part: str, quote: tuple[int, int], rules: CitationRules) -> Parsed:
    start, end = quote
    before = part[:start].strip().rstrip(",:").strip()
    before = re.sub(r"\s+in$", "", before)
    authors = split_authors(before, rules) if before and namelike(before) else []
    inner = part[start + 1:end - 1] if end <= len(part) and part[end - 1] in "”\"»“" else part[start + 1:end]
    inner = inner.strip()  # « La politique »
    if end == len(part) and part[-1] not in "”\"»“":
        # An unclosed quote: the title runs to its original-language bracket or the first comma.
        br = re.search(rf"[(（\[][^()（）\[\]]*[{HAN}][^()（）\[\]]*[)）\]]", inner)
        cut = br.end() if br else (inner.find(",") if "," in inner else len(inner))
        inner, end = inner[:cut], start + 1 + cut
    title, original = split_original(inner)
    after = part[end:]
    br = leading_bracket(after)
    if br:
        if HAN_RE.search(br[1]) and not original:
            original = br[1]
        elif not title and original:
            title = clean_title(br[1])  # "“中文” [English translation]"
        after = after[br[0]:]
    hit = best_date(after, rules)
    return Parsed(authors=authors, title=title, title_original=original,
                  container=container_after(after, rules), date=hit.iso if hit else "", year=hit.year if hit else None)


def _unquoted_source(part: str, rules: CitationRules) -> Parsed:
    """Chicago book style: "Author, Title. Place: Publisher, Year." or "Org, Title, Month D, YYYY, URL."."""
    hit = best_date(part, rules)
    pub = find_publisher(part, rules)
    end = len(part)
    for cut in (hit.start if hit else None, part.find(URL_MARK), pub[1] if pub else None):
        if cut is not None and 0 <= cut < end:
            end = cut
    p = Parsed(container=pub[0] if pub else "", date=hit.iso if hit else "", year=hit.year if hit else None)
    head = part[:end].strip().rstrip("(").strip()
    if not head or not (head[0].isupper() or HAN_RE.match(head[0])):
        return p  # prose that carries a URL or a date: "See this article in the Financial Times, URL"
    segs = [x.strip() for x in _segments(head, rules) if x.strip()]
    segs = [x for x in segs if not is_series(x, rules) and not locator_re(rules).match(x)
            and not re.fullmatch(r"[\d–-]+", x)]
    if len(segs) >= 2 and namelike(segs[0]):
        author = segs.pop(0)
        while len(segs) >= 2 and is_orgish(author, rules) and re.fullmatch(r"(?:and\s+)?[A-Z]\w+", segs[0]):
            author += ", " + segs.pop(0)  # "National Academies of Sciences, Engineering, and Medicine"
        p.authors = split_authors(author, rules)
    if len(segs) >= 2 and is_orgish(segs[-1], rules):
        p.container = p.container or without_bracketed_han(segs[-1])
        segs = segs[:-1]
    elif (p.authors and len(segs) >= 2 and re.fullmatch(r"[A-Z][a-z]+", segs[-1])
          and segs[-1].lower() not in rules.outlets):
        segs = segs[:-1]  # "Org, Title, London, June 2019": the place of publication before the date
    title_text = ", ".join(segs)
    title, original = split_original(title_text)
    if not original:
        br = re.search(rf"^(.*?[{HAN}].*?)\s*[\[(（]([^\[\]()（）]+)[\])）]$", title_text)
        if br and mostly_han(br.group(1)):
            title, original = clean_title(br.group(2)), br.group(1).strip()  # "中文 [English]"
    if title and not (original or (is_headline(title) and len(title.split()) > 1)):
        title = ""
    p.title, p.title_original = title, original
    return p


def _segments(head: str, rules: CitationRules) -> list[str]:
    """Comma- and sentence-separated pieces of a citation's head (authors, title, container)."""
    out = []
    starts = sentence_starts(head, rules) + [len(head)]
    for a, b in zip(starts, starts[1:]):
        out.extend(split_top(head[a:b].strip().rstrip("."), ","))
    return out


# "Surname, Given. 2020a." or "Surname, G. (2020)": the year in brackets, or set off by full stops.
_KEY_RE = re.compile(rf"^(?P<auth>[^“\"]{{1,250}}?)(?:\s*\((?P<y>{YEAR4})(?P<s>[a-zA-Z]?)\)"
                     rf"|[.,]\s+(?P<y2>{YEAR4})(?P<s2>[a-zA-Z]?)\.)(?=\s|$|[.,:])")


def author_date(work: str, rules: CitationRules) -> Parsed | None:
    """An entry that opens with its authors and year ("Holmes, Kim. 2014." / "CSET (2022a)."); None otherwise."""
    m = _KEY_RE.match(work)
    if not m or not namelike(m.group("auth")):
        return None
    year, suffix = int(m.group("y") or m.group("y2")), m.group("s") or m.group("s2") or ""
    rest = work[m.end():].lstrip(" ).,:")
    quote = title_quote(rest, rules)
    if quote and quote[0] == 0:
        p = _quoted_source(rest, quote, rules)
    else:
        p = _reference_rest(rest, rules)
    hit = best_date(rest, rules)
    p.date = hit.iso if hit and hit.year == year and hit.precision else str(year)
    p.year, p.year_suffix = year, suffix
    p.authors = split_authors(m.group("auth"), rules, inverted=True)
    return p


def _reference_rest(rest: str, rules: CitationRules) -> Parsed:
    """Title and container after the year of an unquoted entry: "Title. Place: Publisher." / "Title, Journal"."""
    starts = sentence_starts(rest, rules)
    first_end = starts[1] if len(starts) > 1 else len(rest)
    head = rest[:first_end].strip().rstrip(".")
    segs = split_top(head, ",")
    container = ""
    if len(starts) == 1 and len(segs) >= 2:
        # "How China built X, Nature, URL": the title ends at the first piece that names an outlet.
        keep = [segs[0]]
        for s in segs[1:]:
            if is_orgish(s.strip(), rules) or URL_MARK in s or find_dates(s, rules):
                container = without_bracketed_han(s.strip()) if URL_MARK not in s and not find_dates(s, rules) else ""
                break
            keep.append(s)
        head = ",".join(keep)
    title, original = split_original(head)
    if not container:
        tail = rest[first_end:]
        bounds = sentence_starts(tail, rules) + [len(tail)]
        for a, b in zip(bounds, bounds[1:]):
            sent = tail[a:b].strip().rstrip(".")
            if not sent or is_series(sent, rules) or sent == URL_MARK:
                continue
            pub = find_publisher(sent + ".", rules)
            container = pub[0] if pub else container_after(sent, rules)
            break
    return Parsed(title=title, title_original=original, container=container)
