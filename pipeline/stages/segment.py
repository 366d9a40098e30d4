"""Segment stage: lines in reading order into passages, notes, captions and bibliography entries.

Paragraphs are rebuilt from layout cues a reader uses: vertical space, first-line indents, a short
last line, a change of font size, headings in bold or a larger size. A paragraph that runs off the
bottom of a column or page continues at the top of the next one unless its last line was short.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..layout.captions import CAPTION_RE, SOURCE_RE
from ..layout.front_matter import is_front_matter
from ..layout.notes import SMALL, group_notes, note_start, split_note_area, strip_marker
from ..layout.regions import inside
from ..layout.source_notes import source_notes
from ..layout.text import Lexicon, hyphen_prefixes, join
from ..model import BBox, Document, Figure, Line, Note, NoteMarker, Passage, PassageKind, Table
from ..rulefiles import read_csv, rule_cache
from ..text import BULLET_RE, HAN, LIST_ITEM_RE

SENTENCE_END = (".", "!", "?", ":", "\u201d", "\"", "\u2019", ")", ";")
# A title field written by the authoring tool rather than the author: an application's prefix, a file ending,
# or one word joined with underscores.
FILE_LIKE_TITLE = re.compile(r"^Microsoft \w+ - |\.(?:docx?|pptx?|xlsx?|pdf|indd|qxp|rtf|odt|pages)$|^\S*_\S*$", re.I)
BIG = 1.12  # a line at least this many times the body size is set large: a heading whatever its weight
TITLE_SIZE = 1.4  # the document's title is set at least this many times the body size, on page 1
WORD_RE = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more, in any script
BACK_SENTENCE = re.compile(r"^(?:\S+\s+){5,}.*[.!?]$")  # six words or more ending a sentence: no heading
CONTINUES = frozenset("abcdefghijklmnopqrstuvwxyz([")  # first characters of a fragment that goes on a sentence
FINE_PRINT = 0.6  # text set smaller than this share of the body size is never running text
LABEL_MARGIN = 10.0  # points around a figure's marks where its labels still stand
PROSE_WORDS = 6  # a line of running text in a figure region has at least this many words (labels have fewer)
# A run-in label opening an entry: up to four capitalised words and a colon ("Central Europe: France, ...").
RUN_IN_LABEL = re.compile(r"^[A-Z][\w&.'’-]*(?: [A-Z&][\w&.'’-]*){0,3}:\s")
BOLD_SENTENCE_WORDS = 8  # a bold block of this many words or more that ends with a full stop is a sentence
HANGING_MAX_EM = 5.0  # a hanging indent in a reference list is 1-4 ems; deeper lines are fragments


@rule_cache
def section_roles(rules_dir: str | None = None) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(role, pattern) pairs from `sections.csv` (shipped, then the user's): which headings open a bibliography,
    notes or back matter."""
    rows = read_csv("sections.csv", rules_dir, required=("role", "pattern"))
    return tuple((row["role"], re.compile(row["pattern"], re.I)) for row in rows)


@rule_cache
def boilerplate(rules_dir: str | None = None) -> re.Pattern[str]:
    """The patterns of `boilerplate.csv` (shipped, then the user's) as one regex: paragraphs that are back matter
    wherever they stand ("This project is funded by ...")."""
    rows = read_csv("boilerplate.csv", rules_dir, required=("pattern",))
    return re.compile("|".join(f"(?:{row['pattern']})" for row in rows) or r"(?!)", re.I)


def heading_role(text: str, rules_dir: str | None = None) -> str:
    """The role a heading gives the text under it: body, bibliography, endnotes or back."""
    bare = re.sub(r"^[\dIVX]+[.:)]?\s+", "", text.strip()).strip(" :.").strip()
    for role, pattern in section_roles(rules_dir):
        if pattern.match(bare):
            return role
    return "body"


@dataclass
class _Block:
    kind: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class _Metrics:
    body_size: float
    line_gap: float
    left: dict[tuple[int, int], float]
    right: dict[tuple[int, int], float]

    def col(self, ln: Line) -> tuple[int, int]:
        return (ln.page, ln.column)

    def indented(self, ln: Line) -> bool:
        return self.indent(ln) > 0.8 * ln.size

    def indent(self, ln: Line) -> float:
        return ln.bbox[0] - self.left.get(self.col(ln), ln.bbox[0])

    def short(self, ln: Line) -> bool:
        return ln.bbox[2] < self.right.get(self.col(ln), ln.bbox[2]) - 2.0 * ln.size


def segment(doc: Document, rules_dir: str | None = None) -> Document:
    """Build passages, notes, note markers and figures from the parsed pages.

    Args:
        doc: a Document after the parse stage (`pages[].lines` in reading order, `tables` set).
        rules_dir: the user's rules folder, for their `sections.csv` and `hyphen_prefixes.csv` lines.
    Returns:
        The same Document with `passages`, `notes` (numbered references under source lines too) and `figures`
        filled and markers linked.
    """
    all_lines = [ln for p in doc.pages for ln in p.lines]
    metrics = _metrics(all_lines)
    lexicon = Lexicon([ln.text for ln in all_lines], hyphen_prefixes(rules_dir))
    builder = _Builder(doc, metrics, lexicon, rules_dir)
    expected = 1
    for page in doc.pages:
        main, note_lines = split_note_area(page.lines, metrics.body_size, expected)
        builder.feed(main, page.figures)
        expected = builder.add_footnotes(note_lines, expected)
    builder.finish()
    _link_markers(doc, builder.note_passage)
    doc.notes.extend(source_notes(doc))
    for passage in doc.passages:
        if passage.kind == "body" and is_front_matter(passage.text, rules_dir):
            passage.kind = PassageKind.BACK.value  # a byline, the date line or a contact block: not the paper
        elif passage.kind in ("body", "aside") and boilerplate(rules_dir).match(passage.text.strip()):
            passage.kind = PassageKind.BACK.value  # a funding notice
    return doc


def _metrics(lines: list[Line]) -> _Metrics:
    weight: Counter[float] = Counter()
    for ln in lines:
        weight[round(ln.size, 1)] += len(ln.text)
    body_size = weight.most_common(1)[0][0] if weight else 10.0
    gaps = []
    by_col: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for ln in lines:
        by_col[(ln.page, ln.column)].append(ln)
    left, right = {}, {}
    for key, col in by_col.items():
        body = [ln for ln in col if abs(ln.size - body_size) < 0.1 * body_size] or col
        xs = sorted(ln.bbox[0] for ln in body)
        left[key] = xs[len(xs) // 10] if len(xs) >= 10 else xs[0]
        right[key] = max(ln.bbox[2] for ln in body)
        for a, b in zip(body, body[1:]):
            if 0 < b.bbox[1] - a.bbox[1] < 2 * body_size:
                gaps.append(b.bbox[1] - a.bbox[3])
    line_gap = statistics.median(gaps) if gaps else 2.0
    return _Metrics(body_size, line_gap, left, right)


class _Builder:
    """Walks the lines of the main flow, page after page, and emits passages."""

    def __init__(self, doc: Document, metrics: _Metrics, lexicon: Lexicon, rules_dir: str | None = None):
        self.doc, self.m, self.lexicon, self.rules_dir = doc, metrics, lexicon, rules_dir
        self.section = ""
        self.role = "body"
        self.outer_role = "body"  # the role in force before the open heading
        self.main: _Block | None = None  # the open paragraph of the main text
        self.side: _Block | None = None  # an open aside (boxed or smaller text) beside it
        self.counter = 0
        self.tables_left = list(doc.tables)  # in document order; emitted where the flow reaches them
        self.note_passage: dict[str, Passage] = {}  # citation_id -> the passage holding the note's text
        self.hanging = False  # the reference list uses hanging indents
        self.titles: list[tuple[float, str]] = []  # (size, text) of the large headings of page 1
        self.open_body: tuple[Passage, list[Line]] | None = None  # the last body paragraph emitted, and its lines
        self.left_open: list[tuple[Passage, list[Line]]] = []  # body paragraphs left in mid-sentence, in order
        # (page, column, section before it, followed by front matter only) of the heading no body has followed yet
        self.last_heading: tuple[int, int, str, bool] | None = None
        self.figure_page: int | None = None  # the page of the figure caption the flow has passed, until text comes

    # -- main flow ---------------------------------------------------------------------------
    def feed(self, lines: list[Line], figures: list[BBox] | None = None) -> None:
        """The main-flow lines of one page; lines drawn inside one of `figures` go to that figure's text, or,
        where the figure is a box of running text (a sidebar drawn with many objects), to an aside."""
        regions = _figure_lines([ln for ln in lines if not self._is_heading(ln)], figures or [])
        prose = {k for k, group in regions.items() if _is_prose(group)}
        # In a chart beside running text, a line of running text is still the text's, not a label.
        regions = {k: [ln for ln in group if k in prose or not _prose_line(ln)] for k, group in regions.items()}
        where = {id(ln): k for k, group in regions.items() for ln in group}
        self._rejoin_flow(lines, where, prose)
        flow = [ln for ln in lines if id(ln) not in where]
        after = {id(a): b for a, b in zip(flow, flow[1:])}
        for ln in lines:
            self._table_before(ln)
            region = where.get(id(ln))
            if region is not None:
                if region in prose:
                    self._side_line(ln)
                continue
            if self._is_heading(ln) and (self._heading_goes_on(ln) or not self._emphasis(ln, after.get(id(ln)))):
                self._heading(ln)
            elif self.role in ("bibliography", "endnotes"):
                self._reference_line(ln)
            elif CAPTION_RE.match(ln.text) or (
                    self.main and self.main.kind == "caption" and WORD_RE.search(ln.text)
                    and _close_below(self.main.lines[-1], ln) and (
                        not self._breaks(self.main, ln) or self._under_source(self.main, ln)
                        or self._titles_label(self.main, ln))):
                self._caption_line(ln)
            elif SOURCE_RE.match(ln.text) and ((self.main and self.main.kind == "caption")
                                               or (ln.text[:6].lower() == "source" and ln.size <= self.m.body_size)):
                # a source line: under a caption, or on its own below a table or chart ("Source: CRS with ...")
                self._close_main()
                self.main = _Block("caption", [ln])
            elif ln.size < FINE_PRINT * self.m.body_size and self.role == "body":
                self._side_line(ln)  # fine print: funding notices, legal lines, credits
            elif ln.size < SMALL * self.m.body_size and self.role == "body" and (self.side or self._interrupted(ln)):
                self._side_line(ln)
            elif self._in_figure(ln):
                self._close_side()
                self._close_main()
                self._emit("figure_text", [ln])  # a cell or label of the figure its caption announced
            else:
                self._body_line(ln, "back" if self.role == "back" else "body")  # closes an open caption first
                if WORD_RE.search(ln.text):
                    self.figure_page = None  # running text: the figure is over
        for k, group in regions.items():
            if k not in prose:
                for label in _labels([ln for ln in group if id(ln) in where]):
                    self._emit("figure_text", label, text=" ".join(ln.text for ln in label))

    def _in_figure(self, ln: Line) -> bool:
        """Whether `ln` is drawn in the figure whose caption the flow just passed: on the caption's page, before
        any running text, a line of labels (a few words, or words in capitals as a table's heads and cells are:
        "Stock Exchange", "NASDAQ", "Capital Raised ($B) Number of IPOs") rather than of prose. Lines without a
        word ("$44.1B") stay labels, whose amounts are read."""
        page = self.figure_page
        if self.main and self.main.kind == "caption" and CAPTION_RE.match(self.main.lines[0].text):
            page = self.main.lines[0].page  # the caption is still open
        if page != ln.page or self.role != "body" or LIST_ITEM_RE.match(ln.text) or not WORD_RE.search(ln.text):
            return False
        words = ln.text.split()
        return len(words) < PROSE_WORDS or not any(len(w) >= 4 and w.isalpha() and w.islower() for w in words)

    def _rejoin_flow(self, lines: list[Line], where: dict[int, int], prose: set[int]) -> None:
        """Give back to the flow the short lines a figure region took from a paragraph of running text: the last
        line of a paragraph ("Chinese scaleups.") over a map or a picture drawn behind the column is set right
        under a line of running text in the flow, in its size, at its spacing and its left edge; a figure's labels
        are not."""
        above: dict[tuple[int, int], Line] = {}
        for ln in lines:
            key = (ln.page, ln.column)
            k = where.get(id(ln))
            if k is not None and k not in prose:
                prev = above.get(key)
                if prev is None or not _prose_line(prev) or not self._adjacent(prev, ln) or self._is_heading(ln) \
                        or abs(ln.bbox[0] - prev.bbox[0]) > ln.size or not WORD_RE.search(ln.text):
                    continue
                del where[id(ln)]
            if id(ln) not in where:
                above[key] = ln

    def _under_source(self, block: _Block, ln: Line) -> bool:
        """Whether `ln` goes on a figure's source line ("Source: ...") set right above it in the same small
        type: the numbered references a source note lists under the figure."""
        prev = block.lines[-1]
        return (any(SOURCE_RE.match(b.text) for b in block.lines) and prev.page == ln.page
                and abs(prev.size - ln.size) < 0.5 and ln.size < SMALL * self.m.body_size
                and 0 <= ln.bbox[1] - prev.bbox[3] < self.m.line_gap + 0.45 * ln.size)

    def _titles_label(self, block: _Block, ln: Line) -> bool:
        """Whether `ln` is the title of a caption printed as a bare label on the line above ("Figure 5" over
        "NEW SCALEUPS PER YEAR: ..."), in whatever size the title is set: right under it, across from it."""
        label = block.lines[-1]
        m = CAPTION_RE.match(label.text)
        return (len(block.lines) == 1 and m is not None and m.end() == len(label.text.rstrip())
                and label.page == ln.page and ln.bbox[0] < label.bbox[2] and label.bbox[0] < ln.bbox[2]
                and -0.5 * ln.size <= ln.bbox[1] - label.bbox[3] < self.m.line_gap + ln.size)

    def _interrupted(self, ln: Line) -> bool:
        """Whether the open paragraph, set larger than `ln`, runs on past smaller text set beside or inside it
        (a sidebar). A paragraph in the small type itself just goes on."""
        last = self.main.lines[-1] if self.main else None
        return bool(last and self.main.kind == "body" and last.size > ln.size / SMALL
                    and not self.m.short(last) and not last.text.endswith(SENTENCE_END))

    def _is_heading(self, ln: Line) -> bool:
        text = ln.text
        if self.main and self.main.kind == "heading" and self._continues_heading(self.main.lines[-1], ln):
            return True  # the next line of a heading that wraps ("Shields Up:" / "How China," / "and the United")
        if len(text) > 160 or not re.search(f"[A-Za-z{HAN}]", text) or CAPTION_RE.match(text):
            return False
        if ln.size >= TITLE_SIZE * self.m.body_size:
            return True  # display type: a title's line, even one that starts in lower case ("reorientation")
        if text[0].islower() or text.endswith((",", ";")) or BULLET_RE.match(text):
            return False  # a sentence going on, or a list item whose lead words are set bold
        big = ln.size >= BIG * self.m.body_size
        return (ln.bold or big) and ln.size >= 0.85 * self.m.body_size

    def _emphasis(self, ln: Line, nxt: Line | None) -> bool:
        """Whether a bold line in the body size is emphasis inside a paragraph, not a heading: the sentence of
        the line above runs on into it, it runs on into the line below ("... (PSIA) also created a new unit
        to deal with technology trans-" + "fers. Prime Minister ..."), or it is a whole sentence in bold that the
        paragraph goes on from at the normal line spacing."""
        if ln.size >= BIG * self.m.body_size:
            return False
        prev = self.main.lines[-1] if self.main and self.main.kind in ("body", "back") else None
        if prev is not None and self._adjacent(prev, ln) and not prev.text.endswith(SENTENCE_END):
            return True
        if nxt is None or not self._adjacent(ln, nxt):
            return False
        # A bold lead sentence run into its paragraph: "The debate over X illustrates this point." + "The EU ..."
        lead = ln.text.rstrip().endswith(".") and len(ln.text.split()) >= 6 and not nxt.bold
        return nxt.text[:1].islower() or lead

    def _adjacent(self, above: Line, below: Line) -> bool:
        """Whether `below` is the next line of `above` in a paragraph: same column, same size, normal spacing."""
        return (above.page == below.page and above.column == below.column and abs(above.size - below.size) < 0.5
                and -0.5 * below.size <= below.bbox[1] - above.bbox[3] < self.m.line_gap + 0.45 * below.size)

    def _heading(self, ln: Line) -> None:
        if self.main and self.main.kind == "heading" and self._continues_heading(self.main.lines[-1], ln):
            self.main.lines.append(ln)
        else:
            self._close_side()
            self._close_main()
            self.main = _Block("heading", [ln])
            self.outer_role = self.role
        self.figure_page = None
        text = self._join_lines(self.main.lines)
        self.role = heading_role(text, self.rules_dir)
        if self.role == "body" and self.outer_role == "back" and BACK_SENTENCE.search(text):
            self.role = "back"  # a sentence set in bold under "About us" is a paragraph of that back matter

    def _heading_goes_on(self, ln: Line) -> bool:
        """Whether `ln` is the next line of the open bold block, in its size and weight at its spacing (which
        may yet prove a bold paragraph rather than a heading, once it ends)."""
        return bool(self.main and self.main.kind == "heading" and self._continues_heading(self.main.lines[-1], ln))

    def _runs_on(self, block: _Block, ln: Line) -> bool:
        """Whether the bold "heading" in the body size that `block` holds is the start of a sentence that `ln`
        goes on with: left open (no end stop) and carried on by a lower-case fragment, in the next line or at
        the top of the next column, or by the next line at the paragraph's own spacing after a last word in
        lower case ("In 2018 both ecosystems produced about" + "1,400 new scaleups, ...")."""
        last = block.lines[-1]
        if any(b.size >= BIG * self.m.body_size for b in block.lines) or last.text.rstrip().endswith(SENTENCE_END) \
                or abs(ln.size - last.size) > 0.12 * last.size:
            return False
        if ln.text[:1] in CONTINUES and (self._adjacent(last, ln) or (ln.page, ln.column) != (last.page, last.column)):
            return True
        words = last.text.split()
        return self._adjacent(last, ln) and bool(words) and words[-1].isalpha() and words[-1].islower()

    def _continues_heading(self, prev: Line, ln: Line) -> bool:
        return (prev.page == ln.page and abs(prev.size - ln.size) < 0.5 and prev.bold == ln.bold
                and -0.5 * ln.size <= ln.bbox[1] - prev.bbox[3] < 0.8 * ln.size)

    def _body_line(self, ln: Line, kind: str) -> None:
        self._close_side()
        if self.main and self.main.kind == "heading" and kind == "body" and self._runs_on(self.main, ln):
            self.main.kind = "body"  # a sentence set in bold that the paragraph goes on from, not a heading
            self.main.lines.append(ln)
            return
        if self.main and self.main.kind == kind and not self._breaks(self.main, ln):
            self.main.lines.append(ln)
            return
        self._close_main()
        self.main = _Block(kind, [ln])

    def _side_line(self, ln: Line) -> None:
        if self.side and not self._breaks(self.side, ln):
            self.side.lines.append(ln)
            return
        self._close_side()
        self.side = _Block("aside", [ln])

    def _caption_line(self, ln: Line) -> None:
        if CAPTION_RE.match(ln.text):
            self._close_side()
            self._close_main()
            self.main = _Block("caption", [ln])
        else:
            self.main.lines.append(ln)

    def _reference_line(self, ln: Line) -> None:
        kind = "bibliography" if self.role == "bibliography" else "endnote"
        if self.main and self.main.kind == kind and not self._new_reference(self.main, ln):
            self.main.lines.append(ln)
            return
        self._close_main()
        self.main = _Block(kind, [ln])

    def _new_reference(self, block: _Block, ln: Line) -> bool:
        """Whether `ln` starts a new entry of a reference list or endnote list."""
        if block.kind == "endnote":
            return note_start(ln) is not None or self._breaks(block, ln)
        if self.m.indented(ln):  # a continuation line under a hanging indent
            # A hanging indent is a few ems; a line set much deeper (a fragment of a justified line the
            # layout could not rejoin) continues the entry but says nothing about the list's style.
            if self.m.indent(ln) < HANGING_MAX_EM * ln.size:
                self.hanging = True
            return False
        return self.hanging or self._breaks(block, ln)

    def _breaks(self, block: _Block, ln: Line) -> bool:
        """Whether `ln` starts a new paragraph after the block's last line."""
        prev = block.lines[-1]
        if abs(prev.size - ln.size) > 0.12 * max(prev.size, ln.size):
            return True
        if LIST_ITEM_RE.match(ln.text):
            return True
        same_col = prev.page == ln.page and prev.column == ln.column and ln.bbox[1] > prev.bbox[1]
        if same_col:
            if ln.bbox[1] - prev.bbox[3] > self.m.line_gap + 0.45 * ln.size:
                return True
            if _hangs_under_item(block.lines[0], ln):
                return False
            if self.m.indented(ln) and not self.m.indented(prev):
                return True
            if self.m.short(prev) and RUN_IN_LABEL.match(ln.text):
                return True  # an entry of a list of run-in labels ("Nordics: Denmark, ...") after a short line
            return self.m.short(prev) and prev.text.endswith(SENTENCE_END)
        # a new column or page: the paragraph goes on unless it visibly ended; a sentence left open runs on into
        # a fragment that starts lower-case or with a bracket, whatever the geometry says. Lines without a word
        # or in capitals only ("689 $19.9B", "NUMBER OF SCALEUPS": a chart's numbers, a legend) are no sentence
        # a column's text could go on.
        if not any(_could_run_on(b.text) for b in block.lines):
            return True
        if not prev.text.endswith(SENTENCE_END) and ln.text[:1] in CONTINUES:
            return False
        if ln.bold and not prev.bold and prev.text.endswith(SENTENCE_END):
            return True  # a new column opening in bold after a finished sentence: a paragraph's bold lead
        return self.m.short(prev) or (self.m.indented(ln) and block.kind == "body")

    # -- notes -------------------------------------------------------------------------------
    def add_footnotes(self, lines: list[Line], expected: int) -> int:
        """Turn a page's footnote lines into notes; returns the note number expected next."""
        for marker, group in group_notes(lines, expected):
            if not marker and self.doc.notes and self.doc.notes[-1].kind == "footnote":
                note = self.doc.notes[-1]
                note.text = self._join_lines(group, note.text)
                self.note_passage[note.citation_id].text = note.text
                continue
            text = self._join_lines([_with_text(group[0], strip_marker(group[0], marker))] + group[1:])
            self._add_note("footnote", marker, text, group)
            if marker.isdigit():
                expected = int(marker) + 1
        return expected

    def _add_note(self, kind: str, marker: str, text: str, lines: list[Line]) -> None:
        prefix = {"footnote": "fn", "endnote": "en", "bibliography": "bib"}[kind]
        base = f"{prefix}{marker}" if marker else f"{prefix}{sum(n.kind == kind for n in self.doc.notes) + 1}"
        cid, k = base, 1
        existing = {n.citation_id for n in self.doc.notes}
        while cid in existing:
            k += 1
            cid = f"{base}-{k}"
        note = Note(self.doc.doc_id, cid, kind, marker, text, lines[0].page, _bbox(lines))
        self.doc.notes.append(note)
        self.note_passage[cid] = self._emit(kind, lines, text=text)

    # -- emitting ----------------------------------------------------------------------------
    def _close_side(self) -> None:
        if self.side:
            self._emit("aside", self.side.lines)
            self.side = None

    def _close_main(self) -> None:
        block, self.main = self.main, None
        if not block:
            return
        if block.kind == "heading" and self._bold_sentence(block):
            self._emit("body", block.lines)  # a paragraph set in bold ("Internet giants ... shape the landscape.")
        elif block.kind == "heading":
            text = self._join_lines(block.lines)
            if block.lines[0].page == 1 and block.lines[0].size >= TITLE_SIZE * self.m.body_size:
                self.titles.append((block.lines[0].size, text))
            first = block.lines[0]
            self.last_heading = (first.page, first.column, self.section, False)
            self.section = text
            # the heading of back matter ("About Mind the Bridge", "Disclaimer") is back matter too
            self._emit("back" if self.role == "back" else "heading", block.lines, text=text)
        elif block.kind == "caption":
            self._caption(block)
        elif block.kind in ("bibliography", "endnote"):
            self._reference(block)
        elif block.kind == "body" and not any(WORD_RE.search(ln.text) for ln in block.lines):
            # no word at all ("$44.1B $242M", "2014 2015", "67% 13%"): a label or an unruled table's cells
            self._emit("label", block.lines)
        elif block.kind == "body" and (target := self._resumes(block)) is not None:
            passage, lines = target
            whole = self._emit("body", lines + block.lines, pid=passage.passage_id)
            self.doc.passages.pop()  # the paragraph, whole, takes the place of its first part
            whole.section = passage.section
            self.doc.passages[self.doc.passages.index(passage)] = whole
            self.left_open = [t for t in self.left_open if t[0] is not passage]
            if not whole.text.rstrip().endswith(SENTENCE_END):
                self.left_open.append((whole, lines + block.lines))
            if self.open_body and self.open_body[0] is passage:
                self.open_body = (whole, lines + block.lines)
        else:
            passage = self._emit(block.kind, block.lines)
            if block.kind == "body":
                self._settle_section(passage, block.lines)

    def _settle_section(self, passage: Passage, lines: list[Line]) -> None:
        """Track the paragraph a fragment may resume, and take back a heading that heads no text: a label over
        the bylines of a cover's sidebar ("POLICY BRIEF" / "MAY 2025") is followed in its column by front matter
        only, and the paper's text goes on elsewhere under the heading before it."""
        first = lines[0]
        if is_front_matter(passage.text, self.rules_dir):
            if self.last_heading and (first.page, first.column) == self.last_heading[:2]:
                self.last_heading = (*self.last_heading[:3], True)
            return
        self.open_body = (passage, lines)
        if not passage.text.rstrip().endswith(SENTENCE_END):
            self.left_open.append((passage, lines))
        if self.last_heading:
            page, column, before, orphan = self.last_heading
            if orphan and (first.page, first.column) != (page, column):
                self.section = passage.section = before
            self.last_heading = None

    def _resumes(self, block: _Block) -> tuple[Passage, list[Line]] | None:
        """The body paragraph a body block is the rest of, which a figure, a caption, a table or a sidebar cut
        off: the block starts with a lower-case fragment in the paragraph's type size, and the paragraph was left
        in mid-sentence, on the same page or the one before. The last paragraph is the first candidate; where it
        ended its sentence, the latest paragraph of the same page left open (a column's text the reading order
        put a chart's neighbour between). The first text of a page resumes the page before's open paragraph
        in any case."""
        first = block.lines[0]

        def fits(passage: Passage, lines: list[Line], pages: int) -> bool:
            last = lines[-1]
            return (not passage.text.rstrip().endswith(SENTENCE_END) and 0 <= first.page - last.page <= pages
                    and abs(first.size - last.size) < 0.12 * last.size)

        if first.text[:1] not in CONTINUES:
            # The first text of a page, not indented, goes on the paragraph the page before left in mid-sentence
            # at the full measure of its column, whatever came between (a sidebar set after it).
            if self.m.indented(first) or any(p.kind == "body" and p.page == first.page for p in self.doc.passages):
                return None
            return next((t for t in reversed(self.left_open) if fits(*t, 1) and t[1][-1].page == first.page - 1
                         and not self.m.short(t[1][-1])), None)
        if self.open_body is not None and fits(*self.open_body, 1):
            return self.open_body
        return next((t for t in reversed(self.left_open) if fits(*t, 0)), None)

    def _bold_sentence(self, block: _Block) -> bool:
        """Whether a bold block in the body size is a whole sentence of some length, ended by a full stop: a
        paragraph set in bold for emphasis, as headings do not end so (a heading in capitals may)."""
        text = self._join_lines(block.lines)
        return (all(ln.size < BIG * self.m.body_size for ln in block.lines) and text.endswith(".")
                and len(text.split()) >= BOLD_SENTENCE_WORDS and not text.isupper())

    def _caption(self, block: _Block) -> None:
        text = self._join_lines(block.lines)
        m = CAPTION_RE.match(block.lines[0].text)  # the label may stand alone over the title ("Figure 5" / "NEW ...")
        if m and m.group(1).lower() != "table":
            label = m.group(1).lower()
            fig_id = f"{'figure' if label == 'fig.' else label}{m.group(2)}"
            self.doc.figures.append(Figure(self.doc.doc_id, fig_id, text, block.lines[0].page, _bbox(block.lines)))
        self._emit("caption", block.lines, text=text)
        self.figure_page = block.lines[0].page if m else None

    def _reference(self, block: _Block) -> None:
        lines = block.lines
        if block.kind == "endnote":
            marker = note_start(lines[0]) or ""
            text = self._join_lines([_with_text(lines[0], strip_marker(lines[0], marker))] + lines[1:])
            self._add_note("endnote", marker, text, lines)
        else:
            self._add_note("bibliography", "", self._join_lines(lines), lines)

    def _emit(self, kind: str, lines: list[Line], text: str | None = None, pid: str | None = None) -> Passage:
        if pid is None:
            self.counter += 1
            pid = f"{self.doc.doc_id}:{self.counter:04d}"
        markers: list[NoteMarker] = []
        if text is None:
            text = ""
            if kind in ("body", "aside", "back"):
                lines = [_without_bullet(lines[0]), *lines[1:]]
            for ln in lines:
                joined = join(text, ln.text, self.lexicon)
                base = len(joined) - len(ln.text)
                if kind not in ("footnote", "endnote"):
                    markers.extend(NoteMarker(self.doc.doc_id, pid, mk, base + off, ln.page) for off, mk in ln.markers)
                text = joined
        pages = sorted({ln.page for ln in lines})
        passage = Passage(self.doc.doc_id, pid, lines[0].page, lines[0].bbox if len(pages) > 1 else _bbox(lines),
                          PassageKind(kind).value, text, self.section, pages, markers)
        self.doc.passages.append(passage)
        return passage

    def _join_lines(self, lines: list[Line], text: str = "") -> str:
        for ln in lines:
            text = join(text, ln.text, self.lexicon)
        return text

    # -- tables ------------------------------------------------------------------------------
    def _table_before(self, ln: Line | None) -> None:
        """Emit the tables printed above this line (or all remaining ones at the end)."""
        while self.tables_left and (ln is None or _read_before(self.tables_left[0], ln)):
            self._close_side()
            self._close_main()
            self._emit_table(self.tables_left.pop(0))

    def _emit_table(self, table: Table) -> None:
        if table.caption:
            self._emit_text("caption", table.caption, table.page, table.bbox)
        for row in table.rows:
            cells = [c for c in row if c]
            if cells:
                self._emit_text("table", " | ".join(cells), table.page, table.bbox)

    def _emit_text(self, kind: str, text: str, page: int, bbox) -> None:
        self.counter += 1
        pid = f"{self.doc.doc_id}:{self.counter:04d}"
        self.doc.passages.append(Passage(self.doc.doc_id, pid, page, bbox, kind, text, self.section, [page]))

    def finish(self) -> None:
        self._close_side()
        self._close_main()
        self._table_before(None)
        if self.titles and not usable_title(self.doc.metadata.get("title")):
            self.doc.metadata["title"] = max(self.titles, key=lambda t: t[0])[1]  # the first of the largest


def usable_title(title: str | None) -> bool:
    """Whether the PDF's own title field names the document, not the file it was made from
    ("2019_TechScaleupChina_FINAL", "Microsoft Word - brief.docx")."""
    return bool(title and title.strip()) and not FILE_LIKE_TITLE.search(title.strip())


def _figure_lines(lines: list[Line], figures: list[BBox]) -> dict[int, list[Line]]:
    """The lines inside each figure region or just beside it (axis labels sit outside the marks), by index in
    `figures`; captions and source lines are left out: they describe the figure from outside and stay in the
    flow, as headings do."""
    groups: dict[int, list[Line]] = {}
    for ln in lines:
        if CAPTION_RE.match(ln.text) or SOURCE_RE.match(ln.text):
            continue
        k = next((k for k, region in enumerate(figures) if inside(ln.bbox, region, LABEL_MARGIN)), None)
        if k is not None:
            groups.setdefault(k, []).append(ln)
    return groups


def _is_prose(lines: list[Line]) -> bool:
    """Whether lines are running text (most of them six words or more), not labels, numbers and dates."""
    return len(lines) >= 2 and sum(_prose_line(ln) for ln in lines) >= 0.6 * len(lines)


def _prose_line(ln: Line) -> bool:
    return len(ln.text.split()) >= PROSE_WORDS


def _labels(lines: list[Line]) -> list[list[Line]]:
    """A figure's lines as its labels: lines stacked right under each other, overlapping across, are one label
    (a timeline entry wrapped over three lines); anything else starts the next."""
    labels: list[list[Line]] = []
    for ln in lines:
        prev = labels[-1][-1] if labels else None
        if prev is not None and -0.5 * ln.size <= ln.bbox[1] - prev.bbox[3] < 0.8 * ln.size \
                and ln.bbox[0] < prev.bbox[2] and prev.bbox[0] < ln.bbox[2]:
            labels[-1].append(ln)
        else:
            labels.append([ln])
    return labels


def _read_before(table: Table, ln: Line) -> bool:
    """Whether the reading flow has passed `table` when it reaches `ln`: the table is on an earlier page, or
    above the line in the line's own column, or in a column left of the line's. A table in the column to the
    right waits for the flow to get there, so it does not cut a paragraph of the left column in two."""
    if table.page != ln.page:
        return table.page < ln.page
    if table.bbox[2] <= ln.bbox[0]:
        return True
    if table.bbox[0] >= ln.bbox[2]:
        return False
    return table.bbox[1] < ln.bbox[1]


def _could_run_on(text: str) -> bool:
    """Whether a line may be part of a sentence: it has a word, and is not set in capitals only (a line of Han
    characters, which have no case, may)."""
    return bool(WORD_RE.search(text)) and (text != text.upper() or text.lower() == text.upper())


def _close_below(prev: Line, ln: Line) -> bool:
    """Whether `ln` is set on the same page right under `prev`, within two of its lines: a caption goes on
    there, never in another column's text or on the next page."""
    return prev.page == ln.page and -0.5 * ln.size <= ln.bbox[1] - prev.bbox[3] < 2 * ln.size


def _hangs_under_item(first: Line, ln: Line) -> bool:
    """Whether `ln` is a wrapped line of the list item `first` opens: set right of the item's marker, as a
    hanging indent is (a line back at the marker's left edge is the next paragraph, or needs other signs)."""
    return first.page == ln.page and first.column == ln.column and LIST_ITEM_RE.match(first.text) is not None \
        and ln.bbox[0] > first.bbox[0] + 0.5 * ln.size


def _without_bullet(line: Line) -> Line:
    """The line with a leading bullet glyph or dash removed (an item's number, "1." or "(a)", stays); its
    note markers keep their place in the shorter text."""
    glyph = BULLET_RE.match(line.text)
    if not glyph:
        return line
    cut = glyph.end()
    return Line(line.page, line.bbox, line.text[cut:], line.size, line.bold, line.italic, line.column,
                [(max(0, off - cut), mk) for off, mk in line.markers])


def _with_text(line: Line, text: str) -> Line:
    return Line(line.page, line.bbox, text, line.size, line.bold, line.italic, line.column, [])


def _bbox(lines: list[Line]) -> tuple[float, float, float, float]:
    same = [ln for ln in lines if ln.page == lines[0].page]
    return (min(ln.bbox[0] for ln in same), min(ln.bbox[1] for ln in same),
            max(ln.bbox[2] for ln in same), max(ln.bbox[3] for ln in same))


def _link_markers(doc: Document, note_passage: dict[str, Passage]) -> None:
    """Point each marker in the text at its note (same number, nearest page), and give each note's
    passage the section of the passage that cites it."""
    by_marker: dict[str, list[Note]] = defaultdict(list)
    cited: dict[str, str] = {}
    for note in doc.notes:
        if note.marker:
            by_marker[note.marker].append(note)
    for passage in doc.passages:
        for mk in passage.markers:
            parts = re.split(r"[,\u2013-]", mk.marker)
            candidates = by_marker.get(parts[0], [])
            if candidates:
                best = min(candidates, key=lambda n: (n.kind != "footnote" or n.page < mk.page, abs(n.page - mk.page)))
                mk.citation_id = best.citation_id
                cited.setdefault(best.citation_id, passage.section)
    for cid, passage in note_passage.items():
        passage.section = cited.get(cid, passage.section)
