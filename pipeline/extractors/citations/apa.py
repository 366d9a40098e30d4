"""APA-style references (7th edition), the style of journals and of many European think tanks.

"Surname, I. I., & Surname, I. (2023, April 20). Title. Container. URL" with an organisation as author
("State Council. (2015, September 5). Title [Press release]. URL") or none, when the title takes the author's
place ("Title. (2023). Container. URL"). Journals print "Journal, 142(3), 101–112"; chapters "In I. Editor
(Ed.), Book (pp. 1–9). Publisher". In a note the reference may follow prose ("..., see Gigler, C. (2022).").
"""
from __future__ import annotations

import re

from pipeline.extractors.citations.containers import is_orgish, is_series
from pipeline.extractors.citations.dates import YEAR4, best_date
from pipeline.extractors.citations.names import namelike
from pipeline.extractors.citations.parsed import Parsed
from pipeline.extractors.citations.rules import CitationRules
from pipeline.extractors.citations.text import split_top
from pipeline.extractors.citations.titles import clean_title, split_original
from pipeline.extractors.citations.urls import URL_MARK

_UPPER = "A-ZÀ-ÖØ-Þ"
_SURNAME = rf"[{_UPPER}][\w’'-]*(?:\s+(?:[{_UPPER}][\w’'-]*|van|de|der|von|da|di|du|le|la|dos|del))*"
_INITIALS = rf"[{_UPPER}]\.(?:\s?-?[{_UPPER}]\.)*"
_PERSON = rf"{_SURNAME},\s+{_INITIALS}"
_PERSON_LIST = rf"{_PERSON}(?:,\s+{_PERSON})*(?:,?\s+&\s+{_PERSON})?"
_PERSONS = rf"{_PERSON_LIST}(?:,?\s+et\s+al\.?)?"
_DATE = rf"\((?P<y>{YEAR4})(?P<s>[a-z])?(?:,\s*(?P<md>[^()]{{2,30}}))?\)"
# The date closes the author part: a full stop, a capitalised word or a URL follows it.
_DATED = re.compile(rf"\s+{_DATE}(?=\.|\s+[A-Z“\"‘«{URL_MARK}]|\s*$)\.?")
_PERSONS_DATED = re.compile(rf"(?<![\w,])(?P<auth>{_PERSONS})\s+{_DATE}")
_PERSON_RE = re.compile(rf"(?P<sur>{_SURNAME}),\s+(?P<ini>{_INITIALS})")
_OTHERS = re.compile(r",?\s*(?:\band others|\bet al)\.?\s*$")


def apa_start(chunk: str) -> int | None:
    """Where an APA reference with personal authors starts in a note's text, or None."""
    m = _PERSONS_DATED.search(chunk)
    return m.start() if m else None


def apa_source(part: str, rules: CitationRules) -> Parsed | None:
    """The fields of an APA reference that starts `part` (URLs masked); None when `part` is not one."""
    date = _DATED.search(part)
    if not date or date.start() == 0:
        return None
    head = _OTHERS.sub("", part[:date.start()].strip())
    rest = part[date.end():].strip()
    sentences = _sentences(rest, rules)
    persons = _persons(head)
    head = head.rstrip(".")
    if persons:
        authors = persons
    elif namelike(head) and (pairs := _inverted_pairs(head)):
        authors = pairs
    elif namelike(head) and sentences and (is_orgish(head, rules) or head.isupper() or len(sentences) >= 2):
        authors = _organisations(head)
    else:
        authors, sentences = [], [head, *sentences]  # no author: the title stands first
    p = _title_and_container(sentences, rules)
    p.authors = authors
    p.year, p.year_suffix = int(date.group("y")), date.group("s") or ""
    hit = best_date(f"{date.group('md')}, {date.group('y')}", rules) if date.group("md") else None
    p.date = hit.iso if hit and hit.year == p.year else str(p.year)
    return p


def _persons(head: str) -> list[str]:
    """"Roberts, A., Moraes, H. C., & Ferguson, V." -> ["A. Roberts", "H. C. Moraes", "V. Ferguson"]."""
    if not re.fullmatch(_PERSON_LIST, head):
        return []
    return [f"{m.group('ini')} {m.group('sur')}" for m in _PERSON_RE.finditer(head)]


def _organisations(head: str) -> list[str]:
    """Organisations as authors; APA's "&" stands between two of them."""
    return [p.strip(" .,") for p in re.split(r"\s+&\s+(?=[A-Z])", head) if p.strip(" .,")]


def _inverted_pairs(head: str) -> list[str]:
    """"Aiyar, Shekhar, Ilyina, Anna, and others" -> ["Shekhar Aiyar", "Anna Ilyina"]; [] when not such a list."""
    pieces = [p.strip() for p in head.split(",")]
    if len(pieces) < 2 or len(pieces) % 2 or any(not p or len(p.split()) > 2 for p in pieces):
        return []
    return [f"{given} {surname}" for surname, given in zip(pieces[::2], pieces[1::2])]


_QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’(?!\w)|\"[^\"]*\"")


def _sentences(rest: str, rules: CitationRules) -> list[str]:
    """The full-stop-separated parts after the date, URLs and DOIs left out.

    "?" and "!" stay inside titles, and so do full stops inside quotes, after an initial ("C. Sorace") or an
    abbreviation ("U.S."); after an acronym ("the US. MERICS") the full stop ends the part.
    """
    masked = _QUOTED.sub(lambda m: "_" * len(m.group(0)), rest)
    bounds = [0]
    for m in re.finditer(r"\.\s+(?=\S)", masked):
        word = re.search(r"([\w.]+)\.$", masked[:m.start() + 1])
        prev = word.group(1) if word else ""
        if re.fullmatch(r"[A-Z]|(?:[A-Z]\.)+[A-Z]", prev) or prev in rules.abbrevs:
            continue
        bounds.append(m.end())
    bounds.append(len(rest))
    out = []
    for a, b in zip(bounds, bounds[1:]):
        s = rest[a:b].replace(URL_MARK, "").strip().rstrip(".").strip()
        if s and not re.fullmatch(r"(?:doi|DOI):?\s*\S*", s):
            out.append(s)
    return out


def _title_and_container(sentences: list[str], rules: CitationRules) -> Parsed:
    if not sentences:
        return Parsed()
    title_text = re.sub(r"\s*\[[^\[\]]*\]$", "", sentences[0])  # "[Press release]" describes, it is no title
    # A report number ("Staff Discussion Note SDN/2023/001") stands between the title and the publisher.
    after = [x for x in sentences[1:] if not (is_series(x, rules) or re.search(r"\w/\d|\d/\w|\bNo\.\s*\d", x))]
    container = _container(after[0]) if after else ""
    if not container:
        ask = re.match(r"(.+?\?)\s+(.+)$", title_text)
        trailing = re.match(r"(.+?)\s*\(([^()]+\s[^()]+)\)$", title_text)
        if ask and is_orgish(ask.group(2), rules):
            title_text, container = ask.group(1), ask.group(2)  # "Title? The Tokyo Foundation"
        elif trailing:
            title_text, container = trailing.group(1), trailing.group(2)  # "Title (OECD Trade Policy Papers)"
    title, original = split_original(title_text)
    return Parsed(title=clean_title(title), title_original=original, container=container)


def _container(sentence: str) -> str:
    """The journal, book, outlet or publisher in the part after the title."""
    book = re.match(r"In\s+.*?\((?:Eds?|Trans)\.\),\s*(.+)$", sentence)
    if book:
        sentence = book.group(1)
    sentence = re.sub(r"\s*\((?:pp?\.|Vol\.|No\.)[^()]*\)$", "", sentence)
    first = split_top(sentence, ",")
    keep = [first[0]]
    for piece in first[1:]:
        if re.match(r"\s*\d", piece):
            break  # "Resources, Conservation and Recycling, 142, 101–112": the volume ends the journal name
        keep.append(piece)
    return ",".join(keep).strip()
