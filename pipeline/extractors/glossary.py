"""Glossary: English terms and titles printed with their Chinese originals.

Three layouts are read, all from the passage text:
1. the English first, the Chinese in brackets — ( ), full-width （ ）, [ ] or 【 】 — right after it:
   `new-style national team (新型举国体制)`, `"Title" (《标题》)`, `"Title [标题]"`;
2. the reverse, Chinese first and the English in brackets: `新型举国体制 (new-style national team)`;
3. a bare Chinese term tied to a quoted English rendering by a cue (pipeline/rules/glossary_cues.csv):
   `the term 新型举国体制 is "new-style whole-of-nation system"`.

The hard part is where the English begins. A quoted English side is the whole quotation: a title in a note
or a reference, or a term the author put in quotes; an unquoted title in an author-date reference runs from
the year (`Office. 2006. Plan for Science (科学规划)`). Any other is the noun phrase just before the
bracket, read right to left until a word that ends it (glossary_words.csv: articles, prepositions, verbs
by their part of speech), a comma or a change from a capitalised name to lowercase words. The number of
Chinese characters bounds it: a translation rarely has more content words than its original has
characters. Each pair gets a type (glossary_types.py): term, title, person (`Xi Jinping (习近平)`, by
glossary_surnames.csv), org or place.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import RuleError
from pipeline import rulefiles
from pipeline.extractors import base
from pipeline.extractors.glossary_types import load_type_rules, pair_type
from pipeline.model import Document
from pipeline.text import CLOSE_QUOTES, HAN, OPEN_QUOTES, count_han, has_han

NAME = "glossary"
base.register(NAME)
ROLES = ("break", "join", "name_join")  # glossary_words.csv
POSITIONS = ("after_chinese", "before_english")  # glossary_cues.csv

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_LETTER = re.compile(r"[A-Za-z]")
# Chinese quotes and book-title marks that may wrap a whole original: (“补短板”), (《行动方案》).
_WRAPPERS = {"《": "》", "“": "”", '"': '"', "「": "」", "『": "』", "〈": "〉"}
# Bracket families: a closer ends the latest open bracket of its own family; families nest in each other.
_FAMILY = {"(": "round", "（": "round", ")": "round", "）": "round",
           "[": "square", "]": "square", "【": "lenticular", "】": "lenticular"}
_OPENERS = "(（[【"
_BRACKET = re.compile(r"[(（\[【)）\]】]")
_ZH_RUN = re.compile(f"[{HAN}0-9《》“”‘’·—、：，（）\u3000-\u303f]")
_LEADING_NUMBER = re.compile(r"[0-9 ]*[0-9] +")
# A word (S&T, self-sufficiency, People's, 14th) or one punctuation character.
_TOKEN = re.compile(r"[^\W_](?:[\w&'’.\-/]*[^\W_])?|\S")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&.\-]*[A-Z][A-Za-z&.\-]*$|^[A-Z]$")
_DOMAIN = re.compile(r"(?:https?:|www\.|/|\.(?:com|cn|org|net|gov|edu|int|io|info)\b)", re.I)
_PERSON_GIVEN = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)?$")
# One or two pinyin syllables (Jinping, Chunli): a given name, where "Boards" in "Long Boards" is not one.
_PINYIN = re.compile(r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                     r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|"
                     r"ia|ie|iu|ua|uo|ue|ui|a|o|e|i|u|v)){1,2}", re.I)
# Parts of speech that end an unquoted lowercase term: "promoted key technologies" keeps only the noun phrase;
# a verb form that modifies the noun ("leading enterprises") does not.
_NOT_IN_TERM = frozenset({"VERB", "AUX", "PRON", "DET", "ADP", "SCONJ", "PART", "ADV", "INTJ"})
_MODIFIER_DEPS = frozenset({"amod", "compound"})
# "Author. 2006. Title": the year of an author-date reference, after a full stop or comma, or in brackets.
_REFERENCE_YEAR = re.compile(r"(?:^|[.,]\s+|\()(?:1[5-9]|20)\d\d[a-z]?\)?\.\s+")
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?]\s+[A-Z]")
_MAX_QUOTED_WORDS = 80
_LOOKBACK = 400  # characters searched left of a bracket for its English side
_LIST_ITEM_MAX_CHARS = 10  # 、-separated items longer than this are clauses of a title, not a list of terms
_MIN_OF_THE_RATIO = 3  # Chinese characters per English word before "X of the Name" is taken whole
_MIN_COMMA_RATIO = 2  # ... before a capitalised name runs on across a comma


@dataclass(frozen=True)
class GlossaryRules:
    """The rule files in force: word roles, translation cues and Chinese surnames."""

    roles: Mapping[str, str]  # lowercased word -> break | join | name_join
    surnames: frozenset[str]
    after_chinese: re.Pattern | None  # <Chinese term> cue "English"
    before_english: re.Pattern | None  # cue "English", the Chinese term printed earlier


@dataclass(frozen=True)
class Pair:
    """One English term with its Chinese original, and the characters of the passage they cover."""

    english: str
    chinese: str
    start: int
    end: int


def load_rules(rules_dir: str | None = None) -> GlossaryRules:
    """Read glossary_words.csv, glossary_cues.csv and glossary_surnames.csv (shipped, then the user's).

    Raises:
        RuleError: when a file lacks a column, or a role or position is not one this module knows.
    """
    roles = {}
    for row in rulefiles.read_csv("glossary_words.csv", rules_dir, ("word", "role")):
        roles[row["word"].lower()] = _known(row["role"], ROLES, "glossary_words.csv", "role", row["word"])
    surnames = frozenset(r["surname"] for r in rulefiles.read_csv("glossary_surnames.csv", rules_dir, ("surname",)))
    cues: dict[str, list[str]] = {p: [] for p in POSITIONS}
    for row in rulefiles.read_csv("glossary_cues.csv", rules_dir, ("cue", "position")):
        cues[_known(row["position"], POSITIONS, "glossary_cues.csv", "position", row["cue"])].append(row["cue"])
    return GlossaryRules(
        roles=roles,
        surnames=surnames,
        after_chinese=_cue_pattern(cues["after_chinese"], before=f"(?P<zh>[{HAN}][{HAN}·]+)\\s*"),
        before_english=_cue_pattern(cues["before_english"], before=r"\b"),
    )


def _known(value: str, allowed: tuple[str, ...], file: str, column: str, entry: str) -> str:
    if value not in allowed:
        raise RuleError(f"{file}: {column} {value!r} of {entry!r} is not one of {', '.join(allowed)}")
    return value


def _cue_pattern(cues: list[str], before: str) -> re.Pattern | None:
    if not cues:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, c.split())) for c in sorted(cues, key=len, reverse=True))
    return re.compile(f"{before}(?:{alternatives})\\s+(?=[“\"])", re.I)


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """The outermost bracketed groups of `text` as (open, close) indices, in text order.

    ( and （ close each other, so `(《方案（2022年）》)` is one group; an unclosed bracket is ignored.
    """
    stacks: dict[str, list[int]] = {}
    pairs = []
    for m in _BRACKET.finditer(text):
        ch, family = m.group(), _FAMILY[m.group()]
        stack = stacks.setdefault(family, [])
        if ch in _OPENERS:
            stack.append(m.start())
        elif stack:
            pairs.append((stack.pop(), m.start()))
    outer: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if not outer or start > outer[-1][1]:
            outer.append((start, end))
    return outer


def clean_chinese(text: str) -> str:
    """The Chinese original without surrounding space, quotes or book-title marks (《方案》 -> 方案)."""
    text = " ".join(text.split())
    while len(text) > 1 and _WRAPPERS.get(text[0]) == text[-1] and _balanced_inside(text):
        text = text[1:-1].strip()
    return text


def _balanced_inside(text: str) -> bool:
    # 《甲》和《乙》 starts with 《 and ends with 》, but the marks are two pairs, not one wrapper.
    opener, closer, inner = text[0], text[-1], text[1:-1]
    if opener == closer:
        return opener not in inner
    depth = 0
    for ch in inner:
        depth += (ch == opener) - (ch == closer)
        if depth < 0:
            return False
    return depth == 0


def clean_english(text: str) -> str:
    """The English side with whitespace collapsed and a trailing comma, colon or single full stop dropped."""
    text = " ".join(text.split()).strip(" ,;:")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _is_chinese_group(content: str) -> bool:
    cjk = count_han(content)
    return cjk >= 1 and sum(len(w) for w in _LATIN_WORD.findall(content)) <= cjk


def _is_opening_quote(text: str, i: int) -> bool:
    ch = text[i]
    if ch in OPEN_QUOTES:
        return True
    if ch in CLOSE_QUOTES:
        return False
    # A straight quote opens after a space or an opening bracket and closes after a word or punctuation.
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{（【—–-/"


def _is_quote(ch: str) -> bool:
    return ch == '"' or ch in OPEN_QUOTES or ch in CLOSE_QUOTES


def quote_opened_before(text: str, lo: int, hi: int) -> int | None:
    """Index of the double quote still open at `hi` (searched back to `lo`), or None when none is open."""
    depth = 0
    for i in range(hi - 1, max(lo, hi - _LOOKBACK) - 1, -1):
        if not _is_quote(text[i]):
            continue
        if not _is_opening_quote(text, i):
            depth += 1
        elif depth:
            depth -= 1
        else:
            return i
    return None


def quoted_before(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """(start, end) of the quotation that ends right before `hi` (spaces between allowed), or None."""
    end = hi
    while end > lo and text[end - 1].isspace():
        end -= 1
    if end <= lo or not _is_quote(text[end - 1]) or _is_opening_quote(text, end - 1):
        return None
    opener = quote_opened_before(text, lo, end - 1)
    return None if opener is None else (opener + 1, end - 1)


def _closes_after(text: str, i: int) -> bool:
    # True when a closing quote follows text[i], with only spaces and punctuation between: (标题).”
    j = i + 1
    while j < len(text) and text[j] in " .,;:":
        j += 1
    return j < len(text) and _is_quote(text[j]) and not _is_opening_quote(text, j)


def _quote_after(text: str, i: int) -> tuple[int, int] | None:
    # The quotation opening at text[i]: (content start, content end), or None when it never closes.
    for j in range(i + 1, min(len(text), i + _LOOKBACK)):
        if _is_quote(text[j]) and not _is_opening_quote(text, j):
            return i + 1, j
    return None


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def english_before(text: str, lo: int, hi: int, n_zh: int, roles: Mapping[str, str],
                   stops: Set[int] = frozenset()) -> tuple[int, str] | None:
    """The unquoted English term that ends at `hi`, read right to left no further than `lo`.

    Args:
        text: the passage text.
        lo, hi: the stretch to search; `hi` is where the bracket with the Chinese original opens.
        n_zh: Chinese characters in the original; the term has at most that many content words.
        roles: glossary_words.csv (word -> break, join or name_join).
        stops: start offsets of words that end a lowercase term whatever their spelling: verbs, adverbs,
            prepositions by their part of speech (see `stop_offsets`).
    Returns:
        (start offset, English text) or None when no term ends at `hi`.
    """
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, max(lo, hi - _LOOKBACK), hi)]
    kept: list[int] = []  # token indices, right to left
    dropped: list[tuple[int, int]] = []  # acronym parentheticals inside the term: "science and technology (S&T)"
    capital: bool | None = None
    content = 0
    i = len(toks) - 1
    while i >= 0:
        word = toks[i][2]
        role = roles.get(word.lower())
        if word == ")" and kept:
            j = _acronym_parenthetical(toks, i)
            if j is None:
                break
            dropped.append((toks[j][0], toks[i][1]))
            i = j - 1
            continue
        if word == "," and capital and kept and content + 1 <= n_zh / _MIN_COMMA_RATIO \
                and i > 0 and _is_word(toks[i - 1][2]) and _capitalised(toks[i - 1][2]) \
                and roles.get(toks[i - 1][2].lower()) is None:
            i -= 1  # a name that runs on across a comma: "Institute of World Economics, China Institute of ..."
            continue
        if role in ("join", "name_join"):
            left = toks[i - 1][2] if i > 0 else ""
            if not kept or not _is_word(left) or roles.get(left.lower()) == "break":
                break
            if capital and not _capitalised(left):
                break
            if not capital and role == "name_join":
                break
            kept.append(i)
            i -= 1
            continue
        if role == "break" and word.lower() == "the" and capital and i > 0 and toks[i - 1][2].lower() == "of" \
                and n_zh >= _MIN_OF_THE_RATIO * content:
            # "27th meeting of the Reform Commission" for a long original: take the head noun phrase too.
            head = _lowercase_run(toks, i - 2, roles, stops, n_zh - content)
            if head:
                kept.extend([i, i - 1, *head])
            break
        if role == "break" or not _is_word(word) or has_han(word):
            break
        if capital is None:
            capital = _capitalised(word) and toks[i][0] not in stops
        if capital and not _capitalised(word):
            break
        if not capital and (toks[i][0] in stops or word.endswith(("'s", "’s"))):
            break
        if content + 1 > n_zh:
            break
        kept.append(i)
        content += 1
        i -= 1
    while kept and roles.get(toks[kept[-1]][2].lower()) in ("join", "name_join"):
        kept.pop()
    if not kept:
        return None
    start, end = toks[kept[-1]][0], toks[kept[0]][1]
    english = text[start:end]
    for a, b in sorted((d for d in dropped if d[0] > start), reverse=True):
        english = english[: a - start] + english[b - start:]
    return start, clean_english(english)


def reference_title_before(text: str, lo: int, hi: int) -> tuple[int, str] | None:
    """An unquoted title that runs from the year of an author-date reference to `hi`:
    `State Council. 2006. National Plan for Science and Technology, 2006–2020 (国家...)`.

    Returns:
        (start offset, title) or None when no "Author. Year." comes before `hi` in the same sentence.
    """
    years = list(_REFERENCE_YEAR.finditer(text, lo, hi))
    if not years:
        return None
    last = years[-1]
    title = text[last.end():hi]
    if (not _LATIN_WORD.search(title) or has_han(title) or _SENTENCE_END.search(title)
            or any(_is_quote(c) for c in title) or len(title.split()) > _MAX_QUOTED_WORDS):
        return None
    return last.end(), clean_english(title)


def stop_offsets(doc: Doc) -> frozenset[int]:
    """Start offsets of the tokens that end a lowercase term by their part of speech; none without a tagger."""
    if not doc.has_annotation("POS"):
        return frozenset()
    return frozenset(t.idx for t in doc if t.pos_ in _NOT_IN_TERM
                     and not (t.pos_ == "VERB" and t.dep_ in _MODIFIER_DEPS))


def _lowercase_run(toks, i: int, roles, stops: Set[int], budget: int) -> list[int]:
    # Lowercase content words ending at token i, read leftwards: the "27th meeting" of "27th meeting of the ...".
    run: list[int] = []
    while i >= 0 and len(run) < budget:
        word = toks[i][2]
        if not _is_word(word) or word.lower() in roles or toks[i][0] in stops \
                or (word[:1].isupper() and run):
            break
        run.append(i)
        i -= 1
    return run


def _acronym_parenthetical(toks, i: int) -> int | None:
    # Index of the "(" of a short all-capitals group like (S&T) closing at token i, else None.
    for j in range(i - 1, max(-1, i - 4), -1):
        if toks[j][2] == "(":
            inside = [t[2] for t in toks[j + 1:i]]
            return j if inside and all(_ACRONYM.match(w) for w in inside) else None
    return None


def is_person(english: str, chinese: str, surnames: frozenset[str]) -> bool:
    """True for a Chinese person's name in pinyin: a listed family name, then a one- or two-syllable given name
    (`Xi Jinping`, `Bai Chunli`), with two to four characters."""
    words = english.split()
    return (2 <= count_han(chinese) <= 4 and len(chinese) <= 4 and len(words) == 2
            and words[0] in surnames and _PERSON_GIVEN.match(words[1]) is not None
            and _PINYIN.fullmatch(words[1].replace("-", "")) is not None)


def split_list(english: str, chinese: str) -> list[tuple[str, str]]:
    """One pair per item when both sides are lists of the same length: "a, b, and c" with 甲、乙、丙.

    Only short items of Chinese characters alone make a list; a title such as 甲：乙、丙 stays whole. Lists
    of different lengths cannot be paired item by item and give nothing.
    """
    items_zh = [z.strip() for z in chinese.split("、")]
    if len(items_zh) < 2 or any(count_han(z) > _LIST_ITEM_MAX_CHARS or count_han(z) != len(z) for z in items_zh):
        return [(english, chinese)]
    items_en = [e for e in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+(?=[^,]*$)", english) if e]
    if len(items_en) != len(items_zh):
        return []
    return list(zip(items_en, items_zh))


def chinese_before(text: str, lo: int, hi: int) -> int | None:
    """Start of the Chinese term that ends right before `hi` (spaces between allowed), or None.

    The term may hold digits, Chinese punctuation and single spaces (国务院关于印发《中国制造2025》的通知); a
    number that opens it and is followed by a space belongs to the English before it ("in 2015 中国制造").
    """
    end = hi
    while end > lo and text[end - 1].isspace():
        end -= 1
    start = end
    while start > lo and (_ZH_RUN.match(text[start - 1]) or (
            text[start - 1] == " " and start - 2 >= lo and _ZH_RUN.match(text[start - 2]))):
        start -= 1
    lead = _LEADING_NUMBER.match(text, start, end)
    if lead:
        start = lead.end()
    return start if count_han(text[start:end]) >= 2 else None


def find_pairs(text: str, rules: GlossaryRules, stops: Set[int] = frozenset()) -> list[Pair]:
    """Every English-Chinese pair printed in one passage, in text order.

    Args:
        text: the passage text.
        rules: from `load_rules`.
        stops: offsets of words that end a lowercase term (see `english_before`).
    Returns:
        The pairs, person names included.
    """
    if not has_han(text):
        return []
    pairs: list[Pair] = []
    groups = bracket_groups(text)
    lo = 0
    for open_, close in groups:
        content = text[open_ + 1:close]
        if _is_chinese_group(content):
            pairs.extend(_english_first(text, lo, open_, close, rules, stops))
            lo = close + 1
        elif not has_han(content):
            pairs.extend(_chinese_first(text, lo, open_, close))
    pairs.extend(cue_pairs(text, rules, groups))
    pairs = [p for p in pairs if _LETTER.search(p.english) and p.chinese]
    return sorted(pairs, key=lambda p: (p.start, p.end))


def _english_first(text: str, lo: int, open_: int, close: int, rules: GlossaryRules,
                   stops: Set[int]) -> list[Pair]:
    chinese = clean_chinese(text[open_ + 1:close])
    quote = quoted_before(text, lo, open_)
    if quote is None:
        # The bracket inside an open quotation, as in "Title (标题)": one that closes right after the bracket,
        # or one that opened in the same sentence (a quotation left open must not run on for sentences).
        opener = quote_opened_before(text, lo, open_)
        if opener is not None and (_closes_after(text, close) or not _SENTENCE_END.search(text, opener, open_)):
            quote = (opener + 1, open_)
    if quote is not None:
        start, english = quote[0], clean_english(text[quote[0]:quote[1]])
        if not _LATIN_WORD.search(english) or has_han(english) or len(english.split()) > _MAX_QUOTED_WORDS:
            return []
    else:
        found = (reference_title_before(text, lo, open_)
                 or english_before(text, lo, open_, count_han(chinese), rules.roles, stops))
        if found is None:
            return []
        start, english = found
    items = split_list(english, chinese)
    if len(items) == 1:
        return [Pair(english, chinese, start, close + 1)]
    # Each item gets its own span (its English words to its Chinese ones): spans with the same offsets would
    # share one set of fields in spaCy.
    pairs, e_at, z_at = [], start, open_
    for e, z in items:
        e_at, z_at = _find(text, e, e_at, open_), _find(text, z, z_at, close)
        pairs.append(Pair(e, z, e_at, z_at + len(z)))
    return pairs


def _find(text: str, part: str, lo: int, hi: int) -> int:
    at = text.find(part, lo, hi)
    return lo if at < 0 else at


def _chinese_first(text: str, lo: int, open_: int, close: int) -> list[Pair]:
    english = clean_english(text[open_ + 1:close])
    if not _LATIN_WORD.search(english) or _DOMAIN.search(english):
        return []
    start = chinese_before(text, lo, open_)
    if start is None:
        return []
    return [Pair(english, clean_chinese(text[start:open_]), start, close + 1)]


def cue_pairs(text: str, rules: GlossaryRules, groups: list[tuple[int, int]]) -> list[Pair]:
    """Pairs of a bare Chinese term and a quoted English rendering tied by a cue (glossary_cues.csv)."""
    pairs = []
    group_opens = {o for o, _ in groups}
    if rules.after_chinese is not None:
        for m in rules.after_chinese.finditer(text):
            pairs.extend(_cue_pair(text, m.group("zh"), m.start(), m.end(), group_opens))
    if rules.before_english is not None:
        bare = [(m.start(), m.group()) for m in re.finditer(f"[{HAN}][{HAN}·]+", text)
                if not any(o < m.start() < c for o, c in groups)]
        for m in rules.before_english.finditer(text):
            earlier = [b for b in bare if b[0] < m.start()]
            if earlier:
                pairs.extend(_cue_pair(text, earlier[-1][1], m.start(), m.end(), group_opens))
    return pairs


def _cue_pair(text: str, chinese: str, start: int, quote_at: int, group_opens: set[int]) -> list[Pair]:
    quote = _quote_after(text, quote_at)
    if quote is None:
        return []
    after = quote[1] + 1
    while after < len(text) and text[after].isspace():
        after += 1
    if after in group_opens:  # "called “long boards” (长板)": the bracket rule reads it
        return []
    english = clean_english(text[quote[0]:quote[1]])
    if not _LATIN_WORD.search(english) or has_han(english):
        return []
    return [Pair(english, chinese, start, quote[1] + 1)]


@Language.factory(NAME, default_config={"rules_dir": None}, assigns=["doc.spans"])
def make_glossary(nlp: Language, name: str, rules_dir: str | None):
    """The glossary component: English-Chinese pairs into doc.spans["glossary"]."""
    rules = load_rules(rules_dir)
    types = load_type_rules(rules_dir)

    def component(doc: Doc) -> Doc:
        if not has_han(doc.text):
            return doc
        for pair in find_pairs(doc.text, rules, stop_offsets(doc)):
            span = doc.char_span(pair.start, pair.end, alignment_mode="expand")
            if span is not None:
                kind = pair_type(doc.text, pair.start, pair.end, pair.english, pair.chinese, base.passage_kind(doc),
                                 is_person(pair.english, pair.chinese, rules.surnames), types)
                base.add_span(doc, NAME, span, {"english": pair.english, "chinese": pair.chinese, "type": kind})
        return doc

    return component


def keep_first_pairs(document: Document) -> None:
    """Keep one glossary row per distinct (english, chinese, type) in a document: its first occurrence."""
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for m in document.mentions:
        if m.table == NAME:
            key = (m.fields.get("english"), m.fields.get("chinese"), m.fields.get("type"))
            if key in seen:
                continue
            seen.add(key)
        kept.append(m)
    document.mentions = kept
