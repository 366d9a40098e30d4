"""URLs in a note: found as printed, rejoined where a line break cut them, masked while the rest is parsed."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipeline.text import CJK_PUNCTUATION, HAN

URL_MARK = "\x01"  # stands in for a URL while the rest of a note is parsed
_URL_RE = re.compile(rf"(?:https?://|www\.)[^\s<>\"“”‘’{CJK_PUNCTUATION}{HAN}]+", re.I)
# A piece of a URL that a line break or a space cut off: it carries URL punctuation or digits, no prose.
_URL_TAIL_RE = re.compile(r"\s+(?=[\w%~#=&?./-]*\w)([\w%~#=&?./-]*(?:[/_=&?%#]|\d|-[\w-]*-|\.[a-z]{2,5}\b)[\w%~#=&?./,:-]*)")
_URL_END = "-/_.=&?%#~"
_ANGLE_URL_RE = re.compile(r"<\s*((?:https?://|www\.|[\w-]+\.[\w.-]+/)[^<>\s][^<>]*?)\s*>", re.I)


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


def outlet_of(url: str, domains: dict[str, str]) -> str:
    """The outlet whose web domain `url` is on (the longest matching domain of `domains`), or ""."""
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    labels = host.lower().split(".")
    for i in range(len(labels) - 1):
        outlet = domains.get(".".join(labels[i:]))
        if outlet:
            return outlet
    return ""
