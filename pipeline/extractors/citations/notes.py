"""One footnote, endnote or reference-list entry parsed into fields; a note's type (full, ibid, short, comment,
multi) and the part of it that names a source."""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from functools import lru_cache

from pipeline.extractors import intext
from pipeline.extractors.citations.aliases import alias_of
from pipeline.extractors.citations.apa import apa_start
from pipeline.extractors.citations.containers import domain_title, locator_re, find_publisher
from pipeline.extractors.citations.dates import best_date, find_dates
from pipeline.extractors.citations.legal import legal_source
from pipeline.extractors.citations.names import split_authors
from pipeline.extractors.citations.parsed import Parsed
from pipeline.extractors.citations.prose import described_author, described_outlet, described_title
from pipeline.extractors.citations.rules import CitationRules, load_rules
from pipeline.extractors.citations.sources import author_date, parse_source
from pipeline.extractors.citations.text import sentence_starts, split_top
from pipeline.extractors.citations.titles import clean_title, is_headline, title_quote
from pipeline.extractors.citations.urls import URL_MARK, mask_urls, outlet_of


def _phrase_re(rules: CitationRules, role: str, tail: str = "") -> re.Pattern[str]:
    return _compiled(rules.phrases.get(role, ()), tail)


@lru_cache(maxsize=64)
def _compiled(phrases: tuple[str, ...], tail: str) -> re.Pattern[str]:
    alt = "|".join(re.escape(p) for p in phrases) or r"(?!x)x"
    return re.compile(rf"(?<![\w])(?:{alt})(?![\w]){tail}", re.I)


def is_ibid(text: str, rules: CitationRules) -> bool:
    """True for "Ibid.", "Ibid., p. 4" and notes that lean on the one before ("Calculated from Ibid.")."""
    return bool(_phrase_re(rules, "ibid").search(text))


def parse_note(text: str, rules: CitationRules | None = None, aliases: Collection[str] = ()) -> Parsed:
    """The fields of one footnote or endnote, its type (full, ibid, short, comment or multi) and its sources.

    A short form is recognised by what it lacks (no date, URL or publisher); which earlier note it repeats
    is decided over the whole document by `same_work`.

    Args:
        text: the note as printed, without its number.
        rules: from `load_rules`; the shipped rules when None.
        aliases: the short forms earlier notes announced ("hereinafter MIC 2025"); a source that starts with
            one is a short form of that work.
    Returns:
        A Parsed record with the first source's fields (type multi when it cites several) and every source,
        each with its own type and URLs, in `sources`; a comment has none.
    """
    rules = rules or load_rules()
    work, urls = mask_urls(text)
    if _phrase_re(rules, "ibid").match(work.strip()):
        return _note([Parsed("ibid", urls=urls)], urls)
    if _phrase_re(rules, "record").match(work.strip()):
        # "Interview, planning official, September 22, 2017.": an unpublished source with a date, no author.
        hit = best_date(work, rules)
        return Parsed("comment", date=hit.iso if hit else "", year=hit.year if hit else None, urls=urls)
    ref = _phrase_re(rules, "crossref", r"\s+(\d+)").search(work)
    if ref:
        # "See note 78, Outline of the Act.": the title names which part of that work is meant.
        named = re.match(r"\s*,\s*(.+?)\s*$", work[ref.end():])
        title = clean_title(named.group(1)) if named and not locator_re(rules).search(named.group(0)) else ""
        return _note([Parsed("short", title=title, urls=urls, note_ref=ref.group(1))], urls)
    # An author-year citation ("(Holmes 2014)") is no publication date of the note's own, unless it heads a
    # reference ("European Commission (2021), Title.").
    cites = [c for c in intext.find_citations(work, rules.intext) if c.year and not _heads_reference(work, c, rules)]
    for c in cites:
        work = work[:c.start] + " " * (c.end - c.start) + work[c.end:]
    sources = _sources(work, urls, rules, aliases)
    if sources:
        return _note(sources, urls)
    if is_ibid(work, rules):
        return _note([Parsed("ibid", urls=urls)], urls)  # "Calculated from the figures in Ibid."
    if cites:
        c = cites[0]
        p = Parsed("short", date=str(c.year), year=c.year, year_suffix=c.suffix, urls=urls, pointer=c.name)
        if c.name[0] in "“\"‘":
            p.title = c.name.strip("“”\"‘’")  # a quoted title standing in for an author
        else:
            p.authors = split_authors(c.name, rules)
        return _note([p], urls)
    return Parsed("comment", urls=urls)


def _heads_reference(work: str, cite: intext.Cite, rules: CitationRules) -> bool:
    """True for a narrative citation that opens the note (after a signal) and is followed by a title."""
    before = work[:cite.start].strip()
    if before and not _phrase_re(rules, "signal", r"\s*:?\s*$").fullmatch(before):
        return False
    after = re.match(r"\s*[.,:]\s*([^.]+)", work[cite.end:])
    return bool(after) and len(after.group(1).split()) >= 2 and is_headline(after.group(1))


def _sources(work: str, urls: list[str], rules: CitationRules, aliases: Collection[str]) -> list[Parsed]:
    """Every source in a note (URLs masked), each with the URLs printed in its own part."""
    ibid = _phrase_re(rules, "ibid")
    sources: list[Parsed] = []
    taken = 0
    for chunk in _chunks(work, rules):
        mine = urls[taken:taken + chunk.count(URL_MARK)]
        taken += len(mine)
        if ibid.match(chunk):
            sources.append(Parsed("ibid", urls=mine))
            continue
        if known := alias_of(chunk, aliases):
            sources.append(Parsed("short", title=known, urls=mine, alias_cited=known))
            continue
        if op_cit := _phrase_re(rules, "op_cit").search(chunk):
            # "Lindqvist, op. cit., 45.": that author's work cited before.
            authors = split_authors(chunk[:op_cit.start()].strip(" ,"), rules)
            if authors:
                sources.append(Parsed("short", authors=authors, urls=mine))
                continue
        part = _citation_part(chunk, rules)
        if part is not None:
            source = parse_source(part, rules)
            source.urls = mine
            if not (source.container or source.title):
                _described(source, chunk, mine, rules)
            sources.append(source)
    return sources


def _described(source: Parsed, chunk: str, urls: list[str], rules: CitationRules) -> None:
    """Fill the author and outlet of a source a sentence describes ("See the speech by Janet Yellen in the
    Financial Times, URL"); a URL that is the whole reference names its outlet by its domain."""
    if not source.authors and (name := described_author(chunk, rules)):
        source.authors = [name]
    if not (source.title or source.title_original) and urls:
        source.title = described_title(chunk)
    source.container = described_outlet(chunk, rules) or (outlet_of(urls[0], rules.outlet_domains) if urls else "")


def _note(sources: list[Parsed], urls: list[str]) -> Parsed:
    """A note's record: its first source's fields, every URL it prints, type multi for several sources."""
    first = sources[0]
    return replace(first, type=first.type if len(sources) == 1 else "multi", authors=list(first.authors), urls=urls,
                   sources=sources)


_AFTER_URL = re.compile(rf"(?<={URL_MARK})\s*,?\s*(?:and|&)\s+(?=[A-Z0-9“\"])")


def _chunks(work: str, rules: CitationRules) -> list[str]:
    """The ';'-separated parts of a note, a part that only re-links the same source kept with the one before."""
    same = _phrase_re(rules, "same_source")
    out: list[str] = []
    # Sources are separated by ";", or by "and" or "&" right after a URL ("..., URL & Mulligan, S. P. (2023)").
    pieces = [bit for chunk in split_top(work, ";") for bit in _AFTER_URL.split(chunk)]
    for chunk in pieces:
        stripped = chunk.strip()
        if not stripped:
            continue
        if out and (same.match(stripped) or stripped.lower().startswith("and " + URL_MARK)):
            out[-1] += ";" + chunk
        else:
            out.append(stripped)
    return out


def _citation_part(chunk: str, rules: CitationRules) -> str | None:
    """Where the source starts in one chunk (an APA author list, after "See", or at the sentence that carries
    it); None for prose."""
    apa = apa_start(chunk)
    if apa is not None:
        return chunk[apa:]
    starts = sentence_starts(chunk, rules)
    signal = _phrase_re(rules, "signal", r"\s*:?\s*")
    for s in starts:
        m = signal.match(chunk, s)
        if m:
            part = chunk[m.end():]
            if _has_anchor(part, rules):
                return part
    for s in starts:
        part = re.sub(r"^and\s+", "", chunk[s:])
        if _has_anchor(part, rules):
            return part
    return None


def _has_anchor(part: str, rules: CitationRules) -> bool:
    """True when `part` names a source: a URL, a date, a publisher, a law's enactment, a title, or a page of a
    short form."""
    if URL_MARK in part or domain_title(part) or find_publisher(part, rules) or legal_source(part, rules):
        return True
    if find_dates(part, rules) and _named_first(part):
        return True  # "Harbor Institute, Survey, March 2021"; not "The rule takes effect in May 2024."
    if title_quote(part, rules):
        return True
    pinpoint = bool(re.fullmatch(r"[^,]{1,80},[^,]{2,200},\s*\d+(?:[–-]\d+)?\.?", part.strip()))  # "Reed, Title, 52."
    return (pinpoint or bool(locator_re(rules).search(part))) and _named_first(part)


def _named_first(part: str) -> bool:
    """True when the first comma-separated piece of `part` is an author or a document name."""
    first = split_top(part, ",")[0].strip()
    return bool(first) and first[0].isupper() and len(first.split()) <= 12


def parse_reference(text: str, rules: CitationRules | None = None) -> Parsed:
    """The fields of one reference-list entry in author-date style ("Surname, Given. 2020a. Title ...").

    Args:
        text: the entry as printed.
        rules: from `load_rules`; the shipped rules when None.
    Returns:
        A Parsed record of type full; `year_suffix` holds the letter of keys like 2020a.
    """
    rules = rules or load_rules()
    work, urls = mask_urls(text)
    p = author_date(work, rules) or parse_source(work, rules)
    p.type, p.urls = "full", urls
    return p
