"""Laws and regulations cited in the Bluebook manner: "Cybersecurity Law of the People’s Republic of China
(promulgated by the Standing Comm. Nat’l People’s Cong., Nov. 7, 2016, effective June 1, 2017), art. 37."

The law's name is the title, the enacting body its author and the first date its date (the promulgation,
not the date it took effect). The enacting words are data: role `enacted` in rules/citation_phrases.csv.
"""
from __future__ import annotations

import re

from pipeline.extractors.citations.dates import find_dates
from pipeline.extractors.citations.parsed import Parsed
from pipeline.extractors.citations.rules import CitationRules
from pipeline.extractors.citations.titles import split_original


def legal_source(part: str, rules: CitationRules) -> Parsed | None:
    """The fields of a law cited with its enactment in brackets; None when `part` is not one."""
    verbs = "|".join(re.escape(v) for v in rules.phrases.get("enacted", ()))
    if not verbs:
        return None
    m = re.match(rf"(?P<title>[^()]{{3,300}}?)\s*\((?:{verbs})\s+(?:the\s+)?(?P<body>[^,()]+)(?P<rest>[^()]*)\)",
                 part.strip(), re.I)
    if not m:
        return None
    dates = find_dates(m.group("rest"), rules)
    title, original = split_original(m.group("title"))
    return Parsed(authors=[m.group("body").strip()], title=title, title_original=original,
                  date=dates[0].iso if dates else "", year=dates[0].year if dates else None)
