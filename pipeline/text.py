"""Text helpers every stage shares: Chinese script, ligatures, quotes, brackets, list glyphs, comparison forms and
unique ids. One definition each, so a range or a glyph added here reaches ingest, extractors and evaluation alike.
"""
from __future__ import annotations

import re
import unicodedata

# Han ideographs: extension A, the unified block and the compatibility block.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK symbols and punctuation (、。《》「」, the ideographic space), kana, and full-width forms (（），：).
CJK_PUNCTUATION = "\u3000-\u303f\u3040-\u30ff\uff00-\uffef"
HAN_RE = re.compile(f"[{HAN}]")
TEXT_WORD_RE = re.compile(r"[^\W\d_]{3,}")  # a word that reads as text: three letters or more, in any script
CJK_RE = re.compile(f"[{CJK_PUNCTUATION}{HAN}]")  # any character of CJK script, punctuation included
# A bracket holding Chinese, with the space before it: "Bai Chunli (白春礼)", "Title [标题]", "Outlet【求是】".
BRACKETED_HAN_RE = re.compile(rf"\s*[(（【\[][^()（）【】\[\]]*[{HAN}][^()（）【】\[\]]*[)）】\]]")

# Typographic ligatures of PDF text layers, spelled out.
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st"}
_LIGATURE_TABLE = str.maketrans(LIGATURES)

OPEN_BRACKETS, CLOSE_BRACKETS = "([（【", ")]）】"
OPEN_QUOTES, CLOSE_QUOTES = "“「『«", "”」』»"
# Curly quotes and dashes in their plain forms, for comparing text typed by hand with text from a PDF.
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        **{chr(c): "-" for c in range(0x2010, 0x2016)}, "\u2212": "-"})

# Glyphs printed as list markers (\uf0b7 is the Symbol-font bullet of Word exports); a dash or an asterisk marks
# an item only when a space follows it.
BULLET_GLYPHS = "\u2022\u2023\u2043\u2219\u00b7\u25aa\u25cf\u25e6\u25a0\u25a1\u27a2\u27a4\u25ba\u2713\u2714\uf0b7"
BULLET_DASHES = "\u2013\u2014*-"  # the hyphen last, so it is literal inside a character class
BULLET = f"[{BULLET_GLYPHS}]|[{BULLET_DASHES}](?=\\s)"
ITEM_NUMBER = r"\(?(?:\d{1,2}|[a-z])[.)]"  # "1.", "2)", "(a)", "b." at the start of an item
BULLET_RE = re.compile(f"^\\s*(?:{BULLET})\\s*")  # a glyph or dash item marker, no numbers
LIST_ITEM_RE = re.compile(f"^\\s*(?:{BULLET}|{ITEM_NUMBER}(?=\\s))\\s*")  # any item marker, numbers included


def has_han(text: str) -> bool:
    """True when `text` holds at least one Chinese character."""
    return HAN_RE.search(text) is not None


def count_han(text: str) -> int:
    """How many Chinese characters `text` holds."""
    return len(HAN_RE.findall(text))


def mostly_han(text: str) -> bool:
    """True when `text` holds more Chinese characters than Latin letters."""
    han = count_han(text)
    return han > 0 and han >= len(re.findall(r"[A-Za-z]", text))


def without_bracketed_han(text: str) -> str:
    """`text` without its brackets that hold Chinese (an original printed beside a translation), stripped."""
    return BRACKETED_HAN_RE.sub("", text).strip()


def spell_ligatures(text: str) -> str:
    return text.translate(_LIGATURE_TABLE)


def plain(text: str) -> str:
    """Unicode compatibility forms (NFKC), straight quotes, '-' for every dash, single spaces, no outer space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_PLAIN).split())


def trailing_bracket(s: str) -> tuple[int, str] | None:
    """(start, content) of the bracket that ends `s` (after spaces), nested brackets allowed."""
    s = s.rstrip()
    if not s or s[-1] not in CLOSE_BRACKETS:
        return None
    level = 0
    for i in range(len(s) - 1, -1, -1):
        if s[i] in CLOSE_BRACKETS:
            level += 1
        elif s[i] in OPEN_BRACKETS:
            level -= 1
            if not level:
                return i, s[i + 1:-1].strip()
    return None


def leading_bracket(s: str) -> tuple[int, str] | None:
    """(end, content) of the bracket that opens `s` (after spaces), nested brackets allowed."""
    lead = len(s) - len(s.lstrip())
    if lead >= len(s) or s[lead] not in OPEN_BRACKETS:
        return None
    level = 0
    for i in range(lead, len(s)):
        if s[i] in OPEN_BRACKETS:
            level += 1
        elif s[i] in CLOSE_BRACKETS:
            level -= 1
            if not level:
                return i + 1, s[lead + 1:i].strip()
    return None


def bracket_depths(text: str) -> list[int]:
    """Bracket depth at each character (the bracket characters themselves count as inside)."""
    out, depth = [], 0
    for ch in text:
        if ch in OPEN_BRACKETS:
            depth += 1
            out.append(depth)
        elif ch in CLOSE_BRACKETS:
            out.append(depth)
            depth = max(0, depth - 1)
        else:
            out.append(depth)
    return out


def unique_id(base: str, used: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... when taken; the id returned is added to `used`."""
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


# Endings of singular nouns that look plural (process, corpus, analysis, robotics, gas).
_KEEP_FINAL_S = ("ss", "us", "is", "ics", "as")


def singular(word: str) -> str:
    """The singular of an English plural noun (technologies, batteries, processes, chips); other words as they are."""
    low = word.lower()
    if len(word) <= 3 or not low.endswith("s") or low.endswith(_KEEP_FINAL_S):
        return word
    if low.endswith("ies"):
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if low.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1]


def plural(word: str) -> str:
    """The plural of an English noun (technology, battery, process, chip); plurals, -ics words and non-words as
    they are."""
    low = word.lower()
    if len(word) <= 2 or not word.isalpha() or singular(word) != word or low.endswith("ics"):
        return word
    if low.endswith("y") and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def name_key(name) -> str:
    """A technology name for comparison: case folded, hyphens as spaces, spaces collapsed and the last word
    singular, so "New-Materials" and "new material" are one name (the folding the technology vocabulary's
    spellings and the gold annotation follow)."""
    words = " ".join(str(name).casefold().replace("-", " ").split())
    head, _, last = words.rpartition(" ")
    return f"{head} {singular(last)}".strip()
