"""Authors and organisations: whether a string reads as names, and splitting it into them (inverted names too)."""
from __future__ import annotations

import re

from pipeline.extractors.citations.rules import CitationRules
from pipeline.extractors.citations.text import INITIALS
from pipeline.text import BRACKETED_HAN_RE, HAN, HAN_RE
from pipeline.extractors.citations.urls import URL_MARK

_LINKS = {"of", "the", "and", "for", "on", "in", "de", "del", "van", "von", "der", "den", "du", "la", "le", "da",
          "&", "y", "al", "bin", "et", "al.", "eds.", "ed."}


def _without_originals(s: str) -> str:
    """`s` without bracketed asides and without Chinese written beside a name ("Wang Xiaohui 王晓慧")."""
    s = BRACKETED_HAN_RE.sub("", re.sub(r"\s*[(（][^()（）]*[)）]", "", s))
    return re.sub(rf"(?<=[A-Za-z])\s+[{HAN}]+(?=\s*(?:[,;]|$|\s+and\s))", "", s)


def namelike(s: str) -> bool:
    """True when `s` reads as a list of people or organisations (no prose, no title punctuation)."""
    s = re.sub(r"\bet al\.?", "", _without_originals(s)).strip(" ,")
    if not s or ":" in s or len(s) > 250 or re.search(r"(?<![^\W\d_])\d+(?![^\W\d_])", s) or URL_MARK in s:
        return False
    for tok in re.split(r"[\s,;]+", s):
        if not tok or tok.lower() in _LINKS:
            continue
        if not (tok[0].isupper() or HAN_RE.match(tok)):
            return False
    return True


def split_authors(s: str, rules: CitationRules, inverted: bool = False) -> list[str]:
    """Names in an author string: "Jude Blanchette and Andrew Polk" -> two; organisations stay whole.

    Args:
        s: the authors as printed.
        rules: from `load_rules`.
        inverted: the first name may be printed surname first ("Holmes, Kim"), as reference lists do.
    """
    s = _without_originals(s)  # names and acronyms in brackets: "Bai Chunli (白春礼)", "(DOD)", "Zhang Jie [张捷]"
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
        elif names and INITIALS.match(part) and len(names[-1].split()) <= 2 \
                and not INITIALS.match(names[-1].split()[0]):
            names[-1] = f"{part} {names[-1]}"  # "Bonvillian, W.B." -> "W.B. Bonvillian"
        elif inverted and i == 1 and sep.startswith(",") and len(words) == 1 and len(names[0].split()) == 1:
            surname = names[0]
            names[0] = f"{surname} {part}" if surname in rules.cn_surnames else f"{part} {surname}"
        else:
            names.append(part)
    return [n.strip(" .") if not INITIALS.match(n.split()[-1]) else n.strip() for n in names]
