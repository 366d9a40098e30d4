"""Parse one footnote, endnote or reference-list entry into fields; tell ibid, short forms and comments apart.

Pure functions over one string, so tests call them without a document. The styles they follow are the ones
policy papers use: Chicago notes ("Author, “Title,” Outlet, Month D, YYYY, URL."), Chicago and APA-like
author-date reference lists ("Surname, Given. 2020. Title. Place: Publisher."), and think-tank house styles
that print a Chinese title in brackets after its translation ("“Title [中文],” Xinhua, ...") or a web page's
own title ("中文标题--栏目--人民网 (people.com.cn), URL").

The words and phrases that steer the parse (months, organisation and publisher words, "Ibid", "See", "last
visited", ...) are data: `rules/citation_words.csv` and `rules/citation_phrases.csv`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.extractors import intext
from pipeline.extractors.base import read_csv

URL_MARK = "\x01"  # stands in for a URL while the rest of a note is parsed
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_OPEN, _CLOSE = "([（【", ")]）】"
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+", re.I)
# A piece of a URL that a line break or a space cut off: it carries URL punctuation or digits, no prose.
_URL_TAIL_RE = re.compile(r"\s+([\w%~#=&?./-]*(?:[/_=&?%#]|\d|-[\w-]*-|\.[a-z]{2,5}\b)[\w%~#=&?./,:-]*)")
_URL_END = "-/_.=&?%#~"
_ANGLE_URL_RE = re.compile(r"<\s*((?:https?://|www\.|[\w-]+\.[\w.-]+/)[^<>\s][^<>]*?)\s*>", re.I)
_YEAR4 = r"(?:1[6-9]|20)\d\d"
_CJK_BRACKET = re.compile(r"\s*[(（【\[][^()（）【】\[\]]*[\u3400-\u9fff][^()（）【】\[\]]*[)）】\]]")  # "(求是)"
_INITIALS = re.compile(r"^(?:(?:[A-Z]\.\s?-?){1,3}|[A-Z]{1,2})$")  # "W.B.", "R.", "M"; not "MOF"
_LINKS = {"of", "the", "and", "for", "on", "in", "de", "del", "van", "von", "der", "den", "du", "la", "le", "da",
          "&", "y", "al", "bin", "et", "al.", "eds.", "ed."}
_STOP = {"the", "a", "an", "of", "on", "in", "and", "for", "to", "at", "by", "with", "from", "is", "was", "its",
         "as", "into", "up", "over", "under", "about", "between", "after", "before", "not", "but", "or", "vs"}


@dataclass
class Parsed:
    """The fields of one note or reference (the citation columns of pipeline/model.py Note)."""

    type: str = "full"  # full | ibid | short | comment | multi
    authors: list[str] = field(default_factory=list)
    title: str = ""
    title_original: str = ""
    container: str = ""
    date: str = ""
    year: int | None = None
    year_suffix: str = ""
    urls: list[str] = field(default_factory=list)
    note_ref: str = ""  # the note number a "See note 11" points to
    alias: str = ""  # the short form the note announces: "(hereinafter NASA, Budget Supplement)"


@dataclass(frozen=True)
class CitationRules:
    months: dict[str, int]
    org_words: frozenset[str]
    publisher_words: frozenset[str]
    outlets: frozenset[str]  # lower-cased
    abbrevs: frozenset[str]
    locators: frozenset[str]  # lower-cased
    series: tuple[str, ...]
    cn_surnames: frozenset[str]
    phrases: dict[str, tuple[str, ...]]  # role -> phrases, longest first
    intext: intext.IntextRules


@lru_cache(maxsize=8)
def load_rules(rules_dir: str | Path | None = None) -> CitationRules:
    """The rules in force: the shipped citation word and phrase lists plus a user's `--rules DIR` ones."""
    words = read_csv("citation_words.csv", rules_dir, required=("word", "role"))
    phrases = read_csv("citation_phrases.csv", rules_dir, required=("phrase", "role"))

    def role(r: str) -> set[str]:
        return {w["word"] for w in words if w["role"] == r}

    by_role: dict[str, set[str]] = {}
    for p in phrases:
        by_role.setdefault(p["role"], set()).add(p["phrase"])
    return CitationRules(
        months={w["word"]: int(w["value"]) for w in words if w["role"] == "month" and w.get("value")},
        org_words=frozenset(role("org")),
        publisher_words=frozenset(role("publisher")),
        outlets=frozenset(o.lower() for o in role("outlet")),
        abbrevs=frozenset(role("abbrev") | role("month")),
        locators=frozenset(w.lower() for w in role("locator")),
        series=tuple(sorted(role("series"), key=len, reverse=True)),
        cn_surnames=frozenset(role("cn_surname")),
        phrases={r: tuple(sorted(ps, key=len, reverse=True)) for r, ps in by_role.items()},
        intext=intext.load_rules(rules_dir),
    )


# --- URLs ---------------------------------------------------------------------------------------------------

def find_urls(text: str) -> list[str]:
    """Every URL in `text` as printed, trailing punctuation dropped; a URL cut by a space is rejoined."""
    return [u for _, _, u in _url_spans(text)]


def _url_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, url) of each URL; end covers the printed characters, spaces of a rejoined URL included."""
    # Older styles wrap URLs in angle brackets, which also tell where a URL broken by spaces ends.
    spans = [(m.start(), m.end(), re.sub(r"\s+", "", m.group(1))) for m in _ANGLE_URL_RE.finditer(text)]
    pos = 0
    while m := _URL_RE.search(text, pos):
        if any(s <= m.start() < e for s, e, _ in spans):
            pos = m.end()
            continue
        url, end = m.group(), m.end()
        # Rejoin pieces a line break left behind: "https://perma.cc/3XVT- U6C2", ".../2021-12/10/ content_5.htm".
        while (tail := _URL_TAIL_RE.match(text, end)) and _continues(url, tail.group(1)):
            url += tail.group(1)
            end = tail.end()
        trimmed = _trim_url(url)
        if len(trimmed) > 10:
            spans.append((m.start(), end - (len(url) - len(trimmed)), trimmed))
        pos = end
    return sorted(spans)


def _continues(url: str, tail: str) -> bool:
    if tail.lower().startswith(("http", "www.")):
        return False
    if url[-1] in _URL_END or tail[0] in _URL_END:
        return True
    sluglike = "/" in tail or "_" in tail or tail.count("-") >= 2 or bool(re.search(r"\.[a-z]{2,5}\b", tail))
    return tail[0].islower() and sluglike


def _trim_url(url: str) -> str:
    while url and url[-1] in ".,;:!?'’”)]}":
        if url[-1] in ")]}" and url.count({")": "(", "]": "[", "}": "{"}[url[-1]]) >= url.count(url[-1]):
            break
        url = url[:-1]
    return url


def mask_urls(text: str) -> tuple[str, list[str]]:
    """`text` with every URL replaced by URL_MARK, and the URLs."""
    out, urls, pos = [], [], 0
    for start, end, url in _url_spans(text):
        out.append(text[pos:start] + URL_MARK)
        urls.append(url)
        pos = end
    out.append(text[pos:])
    return "".join(out), urls


# --- dates --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    iso: str  # YYYY, YYYY-MM or YYYY-MM-DD

    @property
    def precision(self) -> int:
        return self.iso.count("-")

    @property
    def year(self) -> int:
        return int(self.iso[:4])


@lru_cache(maxsize=8)
def _date_patterns(months: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    mon = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    return [
        (re.compile(rf"\b(?P<m>{mon})\.?\s+{day},?\s+(?P<y>{_YEAR4})\b"), "mdy"),
        (re.compile(rf"\b{day}\s+(?P<m>{mon})\.?,?\s+(?P<y>{_YEAR4})\b"), "mdy"),
        (re.compile(rf"\b(?P<y>{_YEAR4})-(?P<mm>[01]\d)-(?P<d>[0-3]\d)\b"), "iso"),
        (re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<mm>[01]?\d)\.(?P<y>{_YEAR4})\b"), "iso"),
        (re.compile(rf"\b(?P<m>{mon})\.?,?\s+(?P<y>{_YEAR4})\b"), "my"),
        # A bare year counts only where a citation prints one: ", 2021," "(Beijing: Press, 2006)" "[2015]".
        (re.compile(rf"(?:^|(?<=[,(\[])|(?<=[,(\[]\s)|(?<=\.\s))(?P<y>{_YEAR4})(?=\s*(?:[,.;)\]{URL_MARK}]|$))"), "y"),
    ]


def find_dates(text: str, rules: CitationRules) -> list[DateHit]:
    """Publication dates in `text`, in text order; access dates ("last visited May 2, 2022") are left out."""
    hits: list[DateHit] = []
    seen: list[tuple[int, int]] = []  # spans already read, access dates included, so their year is not re-read
    for pattern, kind in _date_patterns(tuple(rules.months)):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in seen):
                continue
            seen.append(m.span())
            iso = _iso(m, kind, rules)
            if iso and not _after_access(text, m.start(), rules):
                hits.append(DateHit(m.start(), m.end(), iso))
    return sorted(hits, key=lambda h: h.start)


def _iso(m: re.Match[str], kind: str, rules: CitationRules) -> str:
    y = m.group("y")
    if kind == "y":
        return y
    month = rules.months[m.group("m")] if kind in ("mdy", "my") else int(m.group("mm"))
    if not 1 <= month <= 12:
        return ""
    if kind == "my":
        return f"{y}-{month:02d}"
    d = int(m.group("d"))
    return f"{y}-{month:02d}-{d:02d}" if 1 <= d <= 31 else ""


def _after_access(text: str, start: int, rules: CitationRules) -> bool:
    before = text[max(0, start - 25):start].lower().rstrip(" :,")
    return any(before.endswith((p.lower(), p.lower() + " on")) for p in rules.phrases.get("access", ()))


def best_date(text: str, rules: CitationRules) -> DateHit | None:
    """The most precise publication date in `text`; the first one among equally precise ones."""
    hits = find_dates(text, rules)
    return max(hits, key=lambda h: (h.precision, -h.start)) if hits else None


# --- brackets, quotes and sentences -------------------------------------------------------------------------

def _depths(text: str) -> list[int]:
    """Bracket depth at each character (the bracket characters themselves count as inside)."""
    out, depth = [], 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
            out.append(depth)
        elif ch in _CLOSE:
            out.append(depth)
            depth = max(0, depth - 1)
        else:
            out.append(depth)
    return out


def split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` where it stands outside brackets and quotes."""
    depth = _depths(text)
    inside = _quoted_mask(text)
    parts, last = [], 0
    for i, ch in enumerate(text):
        if ch == sep and depth[i] == 0 and not inside[i]:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return parts


def _quoted_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for start, end in quote_spans(text):
        for i in range(start, end):
            mask[i] = True
    return mask


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted stretch, quote marks included; quotes inside brackets are ignored.

    Curly quotes nest. A straight quote closes only where a title would end: before punctuation, a bracket,
    the end, or a word that is not lower-case ("cut off" gradually ... is a quote inside a title).
    """
    depth = _depths(text)
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        opens = ch == "“" or (ch == '"' and (not i or text[i - 1].isspace() or text[i - 1] in _OPEN + ",:;—–"))
        if depth[i] or not opens:
            i += 1
            continue
        end = _close_quote(text, i, depth)
        if end is None:
            spans.append((i, n))
            break
        spans.append((i, end))
        i = end
    return spans


def _close_quote(text: str, start: int, depth: list[int]) -> int | None:
    level = 1
    for j in range(start + 1, len(text)):
        ch = text[j]
        if depth[j]:
            continue
        if text[start] == "“":
            if ch == "“":
                level += 1
            elif ch == "”":
                level -= 1
                if not level:
                    return j + 1
        elif ch in "\"”":
            after = text[j + 1:j + 3]
            if not after or after[0] in ",.;:)]" or (after[0].isspace() and not after[1:].islower()) \
                    or text[j - 1] in ",.?!":
                return j + 1
    return None


def _sentence_starts(text: str, rules: CitationRules) -> list[int]:
    starts = [0]
    for m in re.finditer(r"[.!?][”\"’]?\s+(?=[A-Z“\"(\[0-9\u3400-\u9fff])", text):
        word = re.search(r"([\w.]+)[.!?]?[”\"’]?$", text[:m.start() + 1])
        prev = word.group(1).rstrip(".") if word else ""
        last = prev.rsplit(".", 1)[-1]
        if text[m.start()] == "." and (prev in rules.abbrevs or last in rules.abbrevs
                                       or _INITIALS.match(prev or "x") and len(prev) <= 3):
            continue
        starts.append(m.end())
    return starts


def _trailing_bracket(s: str) -> tuple[int, str] | None:
    """(start, content) of the bracket that ends `s`, nested brackets allowed."""
    s = s.rstrip()
    if not s or s[-1] not in _CLOSE:
        return None
    level = 0
    for i in range(len(s) - 1, -1, -1):
        if s[i] in _CLOSE:
            level += 1
        elif s[i] in _OPEN:
            level -= 1
            if not level:
                return i, s[i + 1:-1].strip()
    return None


def _leading_bracket(s: str) -> tuple[int, str] | None:
    """(end, content) of the bracket that opens `s` (after spaces)."""
    lead = len(s) - len(s.lstrip())
    if lead >= len(s) or s[lead] not in _OPEN:
        return None
    level = 0
    for i in range(lead, len(s)):
        if s[i] in _OPEN:
            level += 1
        elif s[i] in _CLOSE:
            level -= 1
            if not level:
                return i + 1, s[lead + 1:i].strip()
    return None


def is_cjk(s: str) -> bool:
    """True when `s` holds more CJK characters than Latin letters."""
    cjk = len(_CJK.findall(s))
    return cjk > 0 and cjk >= sum(c.isascii() and c.isalpha() for c in s)


def _drop_cjk_brackets(s: str) -> str:
    return _CJK_BRACKET.sub("", s).strip()


def _clean_title(s: str) -> str:
    s = s.strip().strip(",;:").strip()
    if s.endswith(".") and not s.endswith(".."):
        s = s[:-1]
    return s.strip()


def split_original(s: str) -> tuple[str, str]:
    """(title, title_original) of a printed title: "Title [中文]" / "Title (中文)" / "中文" alone."""
    s = _clean_title(s)
    br = _trailing_bracket(s)
    if br and _CJK.search(br[1]):
        return _clean_title(s[:br[0]]), br[1]
    if br and is_cjk(s[:br[0]]):
        return _clean_title(br[1]), s[:br[0]].strip()  # "中文标题 [English Title]"
    if is_cjk(s):
        return "", s
    return s, ""


# --- names --------------------------------------------------------------------------------------------------

def namelike(s: str) -> bool:
    """True when `s` reads as a list of people or organisations (no prose, no title punctuation)."""
    s = re.sub(r"\bet al\.?", "", re.sub(r"\s*[(（][^()（）]*[)）]", "", s)).strip(" ,")
    if not s or ":" in s or len(s) > 250 or re.search(r"\d", s) or URL_MARK in s:
        return False
    for tok in re.split(r"[\s,;]+", s):
        if not tok or tok.lower() in _LINKS:
            continue
        if not (tok[0].isupper() or _CJK.match(tok)):
            return False
    return True


def split_authors(s: str, rules: CitationRules, inverted: bool = False) -> list[str]:
    """Names in an author string: "Jude Blanchette and Andrew Polk" -> two; organisations stay whole.

    Args:
        s: the authors as printed.
        rules: from `load_rules`.
        inverted: the first name may be printed surname first ("Holmes, Kim"), as reference lists do.
    """
    s = re.sub(r"\s*[(（][^()（）]*[)）]", "", s)  # names and acronyms in brackets: "Bai Chunli (白春礼)", "(DOD)"
    s = re.sub(r",?\s*\bet al\.?|,?\s*\beds?\.|\(eds?\.\)", "", s).strip(" ,;")
    if s.endswith(".") and not re.search(r"\b[A-Z]\.$", s):
        s = s[:-1]  # the full stop after the authors, not an initial's
    if not s:
        return []
    bits = re.split(r"(,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+|;\s*)", s)
    parts, seps = bits[0::2], [""] + bits[1::2]

    def orgish(x: str) -> bool:
        return x.isupper() or any(w in rules.org_words for w in x.split())

    org = any(orgish(p) and not p.isupper() for p in parts)
    names: list[str] = []
    for i, (part, sep) in enumerate(zip(parts, seps)):
        part = part.strip()
        if not part:
            continue
        words = part.split()
        if names and org and not (orgish(part) and orgish(names[-1])):
            # One organisation, not two: "Ministry of Industry and Information Technology",
            # "National Aeronautics and Space Administration", "Academies of Sciences, Engineering".
            names[-1] += sep + part
        elif names and _INITIALS.match(part) and len(names[-1].split()) <= 2 \
                and not _INITIALS.match(names[-1].split()[0]):
            names[-1] = f"{part} {names[-1]}"  # "Bonvillian, W.B." -> "W.B. Bonvillian"
        elif inverted and i == 1 and sep.startswith(",") and len(words) == 1 and len(names[0].split()) == 1:
            surname = names[0]
            names[0] = f"{surname} {part}" if surname in rules.cn_surnames else f"{part} {surname}"
        else:
            names.append(part)
    return [n.strip(" .") if not _INITIALS.match(n.split()[-1]) else n.strip() for n in names]


# --- notes --------------------------------------------------------------------------------------------------

def _phrase_re(rules: CitationRules, role: str, tail: str = "") -> re.Pattern[str]:
    return _compiled(rules.phrases.get(role, ()), tail)


@lru_cache(maxsize=64)
def _compiled(phrases: tuple[str, ...], tail: str) -> re.Pattern[str]:
    alt = "|".join(re.escape(p) for p in phrases) or r"(?!x)x"
    return re.compile(rf"(?<![\w])(?:{alt})(?![\w]){tail}", re.I)


def is_ibid(text: str, rules: CitationRules) -> bool:
    """True for "Ibid.", "Ibid., p. 4" and notes that lean on the one before ("Calculated from Ibid.")."""
    return bool(_phrase_re(rules, "ibid").search(text))


def parse_note(text: str, rules: CitationRules | None = None) -> Parsed:
    """The fields of one footnote or endnote, and its type: full, ibid, short, comment or multi.

    A short form is recognised by what it lacks (no date, URL or publisher); which earlier note it repeats
    is decided over the whole document by `same_work`.

    Args:
        text: the note as printed, without its number.
        rules: from `load_rules`; the shipped rules when None.
    Returns:
        A Parsed record; for several sources, the first one's fields and type multi.
    """
    rules = rules or load_rules()
    work, urls = mask_urls(text)
    if _phrase_re(rules, "ibid").match(work.strip()):
        return Parsed("ibid", urls=urls)
    ref = _phrase_re(rules, "crossref", r"\s+(\d+)").search(work)
    if ref:
        return Parsed("short", urls=urls, note_ref=ref.group(1))
    # An author-year citation ("(Holmes 2014)") is no publication date of the note's own.
    cites = [c for c in intext.find_citations(work, rules.intext) if c.year]
    for c in cites:
        work = work[:c.start] + " " * (c.end - c.start) + work[c.end:]
    parts = [p for p in (_citation_part(c, rules) for c in _chunks(work, rules)) if p is not None]
    if not parts:
        if is_ibid(work, rules):
            return Parsed("ibid", urls=urls)  # "Calculated from the figures in Ibid."
        if cites:
            c = cites[0]
            p = Parsed("short", date=str(c.year), year=c.year, urls=urls)
            if c.name[0] in "“\"‘":
                p.title = c.name.strip("“”\"‘’")  # a quoted title standing in for an author
            else:
                p.authors = split_authors(c.name, rules)
            return p
        return Parsed("comment", urls=urls)
    parsed = _parse_source(parts[0], rules)
    parsed.urls = urls
    if len(parts) > 1:
        parsed.type = "multi"
    return parsed


def _chunks(work: str, rules: CitationRules) -> list[str]:
    """The ';'-separated parts of a note, a part that only re-links the same source kept with the one before."""
    same = _phrase_re(rules, "same_source")
    out: list[str] = []
    for chunk in split_top(work, ";"):
        stripped = chunk.strip()
        if not stripped:
            continue
        if out and (same.match(stripped) or stripped.lower().startswith("and " + URL_MARK)):
            out[-1] += ";" + chunk
        else:
            out.append(stripped)
    return out


def _citation_part(chunk: str, rules: CitationRules) -> str | None:
    """Where the source starts in one chunk (after "See", or at the sentence that carries it); None for prose."""
    starts = _sentence_starts(chunk, rules)
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
    """True when `part` names a source: a URL, a date, a publisher, a title, or a page of a short form."""
    if URL_MARK in part or _domain_title(part) or _publisher(part, rules) or find_dates(part, rules):
        return True
    if _title_quote(part, rules):
        return True
    pinpoint = bool(re.fullmatch(r"[^,]{1,80},[^,]{2,200},\s*\d+(?:[–-]\d+)?\.?", part.strip()))  # "Reed, Title, 52."
    return (pinpoint or bool(_locator_re(rules).search(part))) and _named_first(part)


def _named_first(part: str) -> bool:
    """True when the first comma-separated piece of `part` is an author or a document name."""
    first = split_top(part, ",")[0].strip()
    return bool(first) and first[0].isupper() and len(first.split()) <= 12


@lru_cache(maxsize=8)
def _locator_cached(locators: frozenset[str]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(locators, key=len, reverse=True))
    page = r"[A-Z]*-?\d[\w.–-]*"  # 4, 12-15, SD-7
    return re.compile(rf"(?:^|,\s*)(?:{alt})\.?\s*{page}(?:\s*(?:to|and|,)\s*{page})*\s*\.?\s*$", re.I)


def _locator_re(rules: CitationRules) -> re.Pattern[str]:
    return _locator_cached(rules.locators)


def _title_quote(part: str, rules: CitationRules) -> tuple[int, int] | None:
    """The quoted stretch that is a source's title, not a quotation.

    After its authors ("Jude Blanchette and Andrew Polk, “...”") or after "in", a capitalised quote is a
    title. At the start of the citation or after a colon it is one only when it ends like a title (“...,”)
    or is followed by what follows titles: an outlet, a date, a URL, a bracket, the end.
    """
    for start, end in quote_spans(part):
        inner = part[start + 1:end - 1].lstrip("“\"‘ ")
        if not inner or not (inner[0].isupper() or inner[0].isdigit() or _CJK.match(inner[0]) or inner[0] in _OPEN):
            continue
        before = part[:start].strip()
        strong = bool(before) and (before.endswith(" in") or namelike(before))
        if not strong and before and before[-1] not in ",:":
            continue
        if strong or part[start + 1:end - 1].rstrip().endswith(","):
            return start, end
        after = part[end:]
        br = _leading_bracket(after)
        if br:
            after = after[br[0]:]
        after = after.lstrip()
        if after and after[0] in ",.;":
            after = after[1:].lstrip()
        if not after or after[0] in URL_MARK + "([" or after[0].isupper() or after[0].isdigit() \
                or re.match(rf"in\s+[A-Z{URL_MARK}]", after) or _CJK.match(after[0]):
            return start, end
    return None


def _parse_source(part: str, rules: CitationRules) -> Parsed:
    alias_m = re.search(r"\(hereinafter\s+([^()]+)\)", part, re.I)
    alias = alias_m.group(1).strip() if alias_m else ""
    if alias_m:
        part = part[:alias_m.start()] + part[alias_m.end():]
    quote = _title_quote(part, rules)
    if quote:
        p = _quoted_source(part, quote, rules)
    elif keyed := _author_date(part, rules):
        p = keyed  # a note written in author-date style: "EC-JRC & OECD (2021). Title. Publisher."
    elif web := _domain_title(part):
        p = Parsed(title=web[0], title_original=web[1], container=web[2])
        if is_cjk(p.title):
            p.title, p.title_original = "", p.title
    else:
        p = _unquoted_source(part, rules)
    p.alias = alias
    if not p.date and not _publisher(part, rules) and URL_MARK not in part and not p.container:
        p.type = "short"
    return p


def _quoted_source(part: str, quote: tuple[int, int], rules: CitationRules) -> Parsed:
    start, end = quote
    before = part[:start].strip().rstrip(",:").strip()
    before = re.sub(r"\s+in$", "", before)
    authors = split_authors(before, rules) if before and namelike(before) else []
    inner = part[start + 1:end - 1] if end <= len(part) and part[end - 1] in "”\"" else part[start + 1:end]
    if end == len(part) and part[-1] not in "”\"":
        # An unclosed quote: the title runs to its original-language bracket or the first comma.
        br = re.search(r"[(（\[][^()（）\[\]]*[\u3400-\u9fff][^()（）\[\]]*[)）\]]", inner)
        cut = br.end() if br else (inner.find(",") if "," in inner else len(inner))
        inner, end = inner[:cut], start + 1 + cut
    title, original = split_original(inner)
    after = part[end:]
    br = _leading_bracket(after)
    if br:
        if _CJK.search(br[1]) and not original:
            original = br[1]
        elif not title and original:
            title = _clean_title(br[1])  # "“中文” [English translation]"
        after = after[br[0]:]
    hit = best_date(after, rules)
    return Parsed(authors=authors, title=title, title_original=original,
                  container=_container(after, rules), date=hit.iso if hit else "", year=hit.year if hit else None)


def _container(after: str, rules: CitationRules) -> str:
    """The outlet, journal or publisher named right after a title."""
    s = after.strip().lstrip(".,;: ").strip()
    if s[:3] in ("in ", "In "):
        s = s[3:]
        eds = re.match(r"[^,]*?,\s*eds?\.,\s*", s)
        if eds:
            s = s[eds.end():]
    pub = _publisher(s, rules)
    first = split_top(s, ",")[0] if s else ""
    dates = find_dates(s, rules)
    if dates and dates[0].start < len(first):
        first = first[:dates[0].start]  # "May 2" of "May 2, 2025" is no outlet
    first = re.split(r"(?<=[a-z)])\.\s", first)[0]
    first = re.sub(r"\s*[(（](?![^()（）]*[\u3400-\u9fff])[^()（）]*[)）]\s*$", "", _drop_cjk_brackets(first))
    first = re.split(r"\s+(?:\d+\s*[(:,]|\d+\s*$|vol\.|no\.|Vol\.|No\.)", first)[0]
    first = first.replace(URL_MARK, "").strip(" .,;:")
    if not first or first.lower() in ("in", "see") or not (first[0].isupper() or _CJK.match(first[0])) \
            or _locator_re(rules).search(first) or _is_series(first, rules):
        return pub[0] if pub else ""
    if pub and first.split(":")[0] == pub[0].split(":")[0]:
        return pub[0]
    return first


def _publisher(s: str, rules: CitationRules) -> tuple[str, int] | None:
    """The publisher and where its mention starts: "(London: Routledge, 2022)", "Ithaca: Cornell University
    Press, 1987", "Beijing: NBS.", "(Harbor Institute, 2021)"."""
    for m in re.finditer(r"(?:^|(?<=[(.]\s)|(?<=\())([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?(?:,\s[A-Z]{2})?):\s*"
                         r"([^,;:()]{2,80}?)\s*(?:,\s*" + _YEAR4 + r"|[.)]|$)", s):
        pub = m.group(2).strip()
        if _orgish(pub, rules) or pub.isupper():
            return pub, m.start()
    for m in re.finditer(r"(?:^|(?<=[.,]\s)|(?P<paren>\())([A-Z][^,;:()]{1,80}?)\s*,\s*" + _YEAR4 + r"\b", s):
        pub = m.group(2).strip()
        words = pub.split()
        if any(w in rules.publisher_words for w in words) or (m.group("paren") and _orgish(pub, rules)):
            return pub, m.start()
    return None


def _orgish(s: str, rules: CitationRules) -> bool:
    words = s.split()
    return any(w in rules.org_words or w in rules.publisher_words for w in words) or s.lower() in rules.outlets


def _is_series(s: str, rules: CitationRules) -> bool:
    return bool(re.match(r"^(?:[A-Z][\w.]*\s+)*?(?:" + "|".join(re.escape(x) for x in rules.series)
                         + r")\b.*\d", s)) or bool(re.search(r"\bNo\.\s*\d", s))


def _domain_title(part: str) -> tuple[str, str, str] | None:
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


def _unquoted_source(part: str, rules: CitationRules) -> Parsed:
    """Chicago book style: "Author, Title. Place: Publisher, Year." or "Org, Title, Month D, YYYY, URL."."""
    hit = best_date(part, rules)
    pub = _publisher(part, rules)
    end = len(part)
    for cut in (hit.start if hit else None, part.find(URL_MARK), pub[1] if pub else None):
        if cut is not None and 0 <= cut < end:
            end = cut
    p = Parsed(container=pub[0] if pub else "", date=hit.iso if hit else "", year=hit.year if hit else None)
    head = part[:end].strip().rstrip("(").strip()
    if not head or not (head[0].isupper() or _CJK.match(head[0])):
        return p  # prose that carries a URL or a date: "See this article in the Financial Times, URL"
    segs = [x.strip() for x in _segments(head, rules) if x.strip()]
    segs = [x for x in segs if not _is_series(x, rules) and not _locator_re(rules).match(x)
            and not re.fullmatch(r"[\d–-]+", x)]
    if len(segs) >= 2 and namelike(segs[0]):
        author = segs.pop(0)
        while len(segs) >= 2 and _orgish(author, rules) and re.fullmatch(r"(?:and\s+)?[A-Z]\w+", segs[0]):
            author += ", " + segs.pop(0)  # "National Academies of Sciences, Engineering, and Medicine"
        p.authors = split_authors(author, rules)
    if len(segs) >= 2 and _orgish(segs[-1], rules):
        p.container = p.container or _drop_cjk_brackets(segs[-1])
        segs = segs[:-1]
    title_text = ", ".join(segs)
    title, original = split_original(title_text)
    if not original:
        br = re.search(r"^(.*?[\u3400-\u9fff].*?)\s*[\[(（]([^\[\]()（）]+)[\])）]$", title_text)
        if br and is_cjk(br.group(1)):
            title, original = _clean_title(br.group(2)), br.group(1).strip()  # "中文 [English]"
    if title and not (original or (_headline(title) and len(title.split()) > 1)):
        title = ""
    p.title, p.title_original = title, original
    return p


def _segments(head: str, rules: CitationRules) -> list[str]:
    """Comma- and sentence-separated pieces of a citation's head (authors, title, container)."""
    out = []
    starts = _sentence_starts(head, rules) + [len(head)]
    for a, b in zip(starts, starts[1:]):
        out.extend(split_top(head[a:b].strip().rstrip("."), ","))
    return out


def _headline(s: str) -> bool:
    """True for a title in headline case (most words capitalised) or in Chinese."""
    if _CJK.search(s):
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", s) if w.lower() not in _STOP]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


# --- reference lists ----------------------------------------------------------------------------------------

# "Surname, Given. 2020a." or "Surname, G. (2020)": the year in brackets, or set off by full stops.
_KEY_RE = re.compile(rf"^(?P<auth>[^“\"]{{1,250}}?)(?:\s*\((?P<y>{_YEAR4})(?P<s>[a-zA-Z]?)\)"
                     rf"|[.,]\s+(?P<y2>{_YEAR4})(?P<s2>[a-zA-Z]?)\.)(?=\s|$|[.,:])")


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
    p = _author_date(work, rules) or _parse_source(work, rules)
    p.type, p.urls = "full", urls
    return p


def _author_date(work: str, rules: CitationRules) -> Parsed | None:
    """An entry that opens with its authors and year ("Holmes, Kim. 2014." / "CSET (2022a)."); None otherwise."""
    m = _KEY_RE.match(work)
    if not m or not namelike(m.group("auth")):
        return None
    year, suffix = int(m.group("y") or m.group("y2")), m.group("s") or m.group("s2") or ""
    rest = work[m.end():].lstrip(" ).,:")
    quote = _title_quote(rest, rules)
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
    starts = _sentence_starts(rest, rules)
    first_end = starts[1] if len(starts) > 1 else len(rest)
    head = rest[:first_end].strip().rstrip(".")
    segs = split_top(head, ",")
    container = ""
    if len(starts) == 1 and len(segs) >= 2:
        # "How China built X, Nature, URL": the title ends at the first piece that names an outlet.
        keep = [segs[0]]
        for s in segs[1:]:
            if _orgish(s.strip(), rules) or URL_MARK in s or find_dates(s, rules):
                container = _drop_cjk_brackets(s.strip()) if URL_MARK not in s and not find_dates(s, rules) else ""
                break
            keep.append(s)
        head = ",".join(keep)
    title, original = split_original(head)
    if not container:
        tail = rest[first_end:]
        bounds = _sentence_starts(tail, rules) + [len(tail)]
        for a, b in zip(bounds, bounds[1:]):
            sent = tail[a:b].strip().rstrip(".")
            if not sent or _is_series(sent, rules) or sent == URL_MARK:
                continue
            pub = _publisher(sent + ".", rules)
            container = pub[0] if pub else _container(sent, rules)
            break
    return Parsed(title=title, title_original=original, container=container)


# --- matching -----------------------------------------------------------------------------------------------

def norm(s: str) -> str:
    """Lower-case, quotes and apostrophes unified, punctuation dropped: for comparing titles and names."""
    s = unicodedata.normalize("NFKC", s).lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"[^\w\s']", " ", s).replace("'", "")
    return " ".join(s.split())


def same_work(short: Parsed, full: Parsed) -> bool:
    """True when a short form names the same source as an earlier, fuller note.

    The short title is the full title, its opening words, a subset of its words (Chicago short titles), the
    note's own "hereinafter" form, or the book a cited chapter sits in. When both name authors, they must
    share a surname or an acronym ("NASA" for National Aeronautics and Space Administration).
    """
    s = norm(short.title or short.title_original)
    if full.alias and s and norm(full.alias).endswith(s):
        return True
    if short.authors and full.authors and not _shared_author(short.authors, full.authors):
        return False
    if not s:
        return bool(short.authors and full.authors)
    for cand in (full.title, full.title_original):
        c = norm(cand)
        if not c:
            continue
        if c == s or c.startswith(s + " ") or (s.startswith(c + " ") and len(c) > 20):
            return True
        words = [w for w in s.split() if w not in _STOP]
        if len(words) >= 2 and set(words) <= set(c.split()):
            return True
    return len(s.split()) >= 3 and s == norm(full.container)


def _shared_author(mine: list[str], theirs: list[str]) -> bool:
    words = {w for a in mine for w in norm(a).split()}
    for a in theirs:
        caps = [w for w in re.findall(r"[\w’'-]+", a) if w[0].isupper()]
        acronyms = {"".join(w[0] for w in caps).lower(), "".join(w[0] for w in a.split()).lower()}
        if words & set(norm(a).split()) or words & acronyms:
            return True
    return False


def matches_key(name: str, year: int | None, suffix: str, entry: Parsed, rules: CitationRules,
                strict: bool = True) -> bool:
    """True when an author-year citation ("Chen and Yu", 2018) names reference-list `entry`.

    Strict matching compares the cited name with each author's surname: the first word of a name in
    Chinese order ("Liu Yin" is Liu), else the last. `strict=False` accepts either end, for names printed
    in the other order ("Wei Chen").
    """
    if year != entry.year or suffix.lower() != entry.year_suffix.lower():
        return False
    if name[:1] in "“\"‘":
        cited = norm(name)
        return bool(cited) and any(norm(t).startswith(cited) for t in (entry.title, entry.title_original) if t)
    et_al = bool(re.search(r"\bet al\.?", name))
    parts = split_authors(name, rules)
    if not parts or not entry.authors:
        return False
    if et_al and len(entry.authors) < 2:
        return False
    if not et_al and len(parts) != len(entry.authors):
        return False
    return all(_same_person(p, a, rules, strict) for p, a in zip(parts, entry.authors))


def _same_person(cited: str, author: str, rules: CitationRules, strict: bool) -> bool:
    c, a = norm(cited), norm(author)
    if c == a:
        return True
    words = author.split()
    if len(c.split()) > 1:
        return a.endswith(" " + c) or (not strict and a.startswith(c + " "))  # "Di Girolamo", "Van Atta"
    if len(words) < 2:
        return False
    if strict:
        return c == norm(words[0] if words[0] in rules.cn_surnames else words[-1])
    return c in (norm(words[0]), norm(words[-1]))
