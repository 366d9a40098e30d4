"""Short forms a reference announces for later notes: "(hereinafter “Zero2IPO Report (Part 1)”)",
"(hereafter: the Guidance)", "[hereinafter MIC 2025]" — brackets may nest and a closing quote may be missing.

The announcing words are data: role `alias` in rules/citation_phrases.csv.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.extractors.citations.matching import norm
from pipeline.text import CLOSE_BRACKETS, OPEN_BRACKETS, bracket_depths


def split_alias(part: str, phrases: Iterable[str]) -> tuple[str, str]:
    """(`part` without its alias bracket, the alias) — or (`part`, "") when it announces none."""
    alt = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    if not alt:
        return part, ""
    m = re.search(rf"([{re.escape(OPEN_BRACKETS)}])\s*(?:{alt})\b\s*[:,]?\s*", part, re.I)
    if not m:
        return part, ""
    depth = bracket_depths(part)
    level = depth[m.start()]
    end = next((i for i in range(m.end(), len(part)) if depth[i] == level and part[i] in CLOSE_BRACKETS), len(part))
    alias = part[m.end():end].strip().strip("“”\"‘’'").strip()
    return (part[:m.start()].rstrip() + part[end + 1:]), alias


def alias_of(text: str, aliases: Iterable[str]) -> str:
    """The known alias `text` starts with (the longest), or "": "MIC 2025, sec. 3" starts with "MIC 2025"."""
    t = norm(text)
    hits = [a for a in aliases if a and (t == norm(a) or t.startswith(norm(a) + " ")
                                         or t.startswith(norm(re.sub(r"^(?:the)\s+", "", a, flags=re.I)) + " "))]
    return max(hits, key=len, default="")
