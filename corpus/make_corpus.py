"""Generate the project's default corpus: three small, synthetic policy PDFs.

    python corpus/make_corpus.py            # writes the PDFs next to this file
    python corpus/make_corpus.py --out DIR  # or into DIR

Only reportlab is needed (`pip install -e '.[corpus]'`, or `make corpus`). All prose is original to this
project; institutions, authors and some cited works are fictional (the footer of every page says so).
The output is byte-for-byte deterministic (canvases are built with invariant=1 and nothing depends on
the clock, the locale or optional packages such as pyphen).

The documents exercise the pipeline's parser on purpose: superscript note markers and page-bottom
footnotes, a two-column brief with paragraphs that run across columns and pages, words hyphenated at
line ends, a ruled table and a bar chart with captions, author-year citations and a reference list
with hanging indents, money amounts in several notations, and Chinese terms set in the built-in CID
font STSong-Light (extractable text, nothing embedded). corpus/README.md lists the ground truth.
"""
from __future__ import annotations

import argparse
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, FrameBreak, Frame, KeepTogether,
                                PageTemplate, Paragraph, Table, TableStyle)

HERE = Path(__file__).resolve().parent
CJK_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))

FOOTER_NOTE = "Synthetic sample document for software testing. Authors, institution and some sources are fictional."
INK = colors.HexColor("#1f2a44")
ACCENT = colors.HexColor("#8a1c1c")
RULE = colors.HexColor("#555555")
SHY = "\xad"  # soft hyphen: reportlab breaks the word here (printing "-") only when it falls at a line end

_CJK_RUN = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def cjk(markup: str) -> str:
    """Set every run of CJK characters in the CID font, so the text stays extractable."""
    return _CJK_RUN.sub(lambda m: f'<font name="{CJK_FONT}">{m.group(0)}</font>', markup)


def style(name: str, **kw) -> ParagraphStyle:
    # hyphenationLang="" keeps the layout independent of whether pyphen happens to be installed, so
    # words break only at soft hyphens. embeddedHyphenation (breaking a compound after its hyphen) is
    # off by default: reportlab 4-5 drops the hyphen of such a word when a paragraph with mixed fonts is
    # laid out again after a failed split ("self-reliance" came out as "selfreliance"). The brief turns
    # it on only for paragraphs set in a single font, where that does not happen.
    base = {} if "parent" in kw else dict(fontName="Times-Roman", fontSize=11, leading=14.2,
                                          hyphenationLang="", embeddedHyphenation=0, splitLongWords=0,
                                          allowWidows=0, allowOrphans=0)
    base.update(kw)
    return ParagraphStyle(name, **base)


def P(markup: str, st: ParagraphStyle) -> Paragraph:
    return Paragraph(cjk(markup.replace("'", "’")), st)  # typographic apostrophes


# Break points for long words in the narrow, justified columns of the brief (a tiny fixed dictionary,
# so the result does not depend on a hyphenation package). "·" marks where a soft hyphen goes.
BRIEF_HYPHENS = [
    "semi·con·duc·tors", "semi·con·duc·tor", "extra·ordi·nar·ily", "manu·fac·tur·ers", "manu·fac·tur·ing",
    "in·vest·ment", "in·vest·ors", "gov·ern·ment", "juris·dic·tions", "account·abil·ity", "re·struc·tur·ing",
    "pro·fes·sional", "con·cen·trated", "com·men·tary", "al·lo·ca·tions", "de·po·si·tion", "gov·er·nance",
    "Litho·graphy", "cap·abil·ity", "sub·stan·tial", "eco·systems", "im·pli·ca·tion", "equip·ment",
    "ex·emp·tion", "pop·u·la·tion", "in·cen·tives", "pol·icy·makers", "aspir·ation",
    "dupli·ca·tion", "in·dus·trial", "Inte·grated", "inte·grated", "sub·si·dized",
]
_HYPHEN_RE = re.compile(r"\b(" + "|".join(w.replace("·", "") for w in BRIEF_HYPHENS) + r")\b")
_HYPHEN_MAP = {w.replace("·", ""): w.replace("·", SHY) for w in BRIEF_HYPHENS}


def soft_hyphenate(text: str) -> str:
    return _HYPHEN_RE.sub(lambda m: _HYPHEN_MAP[m.group(1)], text)


# --------------------------------------------------------------------------------------------------
# Layout engine: page templates with frames that leave room for that page's footnotes.
# --------------------------------------------------------------------------------------------------

@dataclass
class Spec:
    filename: str
    title: str
    author: str
    subject: str
    pagesize: tuple[float, float]
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    story: Callable[[], list]
    decorate: Callable  # (canvas, doc, page_number) -> None: running header and footer
    columns: int = 1
    gutter: float = 18
    first_page_head: float = 0.0  # height of a full-width title frame on page 1 (multi-column layouts)
    notes: dict[str, str] = field(default_factory=dict)  # marker -> note markup (without its number)
    note_style: ParagraphStyle | None = None
    note_number: str = "super"  # "super": superscript number; "plain": "1 " at full note size
    keywords: str = ""


MAX_PAGES = 8


def _markers_in(flowable) -> list[str]:
    """Superscript note markers drawn by a (possibly split) Paragraph: fragments with a raised baseline."""
    bl = getattr(flowable, "blPara", None)
    found = []
    for line in getattr(bl, "lines", []) or []:
        for word in getattr(line, "words", []) or []:
            if getattr(word, "rise", 0) > 0 and word.text.strip():
                found.append(word.text.strip())
    return found


class _Doc(BaseDocTemplate):
    def __init__(self, buf, spec: Spec, note_pages: dict[int, list[str]]):
        self.spec = spec
        self.note_pages = note_pages
        self.marker_pages: dict[str, list[int]] = {}
        self.page_log: list[tuple[int, object]] = []
        w, h = spec.pagesize
        left, right, top, bottom = spec.margins
        super().__init__(buf, pagesize=spec.pagesize, leftMargin=left, rightMargin=right,
                         topMargin=top, bottomMargin=bottom, invariant=1, title=spec.title,
                         author=spec.author, subject=spec.subject, keywords=spec.keywords,
                         creator="policy-pdf-pipeline corpus/make_corpus.py")
        templates = []
        for n in range(1, MAX_PAGES + 1):
            notes_h = self._notes_height(note_pages.get(n, []))
            y0 = bottom + notes_h
            y1 = h - top
            frames = []
            if n == 1 and spec.first_page_head:
                frames.append(Frame(left, y1 - spec.first_page_head, w - left - right, spec.first_page_head,
                                    id="head", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0))
                y1 -= spec.first_page_head
            colw = (w - left - right - spec.gutter * (spec.columns - 1)) / spec.columns
            for c in range(spec.columns):
                frames.append(Frame(left + c * (colw + spec.gutter), y0, colw, y1 - y0, id=f"col{c}",
                                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0))
            templates.append(PageTemplate(id=f"P{n}", frames=frames, onPage=self._on_page,
                                          onPageEnd=self._on_page_end,
                                          autoNextPageTemplate=f"P{min(n + 1, MAX_PAGES)}"))
        self.addPageTemplates(templates)

    # footnotes ------------------------------------------------------------------------------------
    def _note_paragraphs(self, markers: list[str]) -> list[Paragraph]:
        sp = self.spec
        out = []
        for m in markers:
            num = f"<super>{m}</super>" if sp.note_number == "super" else f"{m}"
            out.append(P(f"{num} {sp.notes[m]}", sp.note_style))
        return out

    def _notes_height(self, markers: list[str]) -> float:
        if not markers:
            return 0.0
        width = self.spec.pagesize[0] - self.spec.margins[0] - self.spec.margins[1]
        hs = [p.wrap(width, 10_000)[1] for p in self._note_paragraphs(markers)]
        return sum(hs) + 2.5 * (len(hs) - 1) + 16  # gaps between notes + rule and the space above it

    def _draw_notes(self, canv, markers: list[str]) -> None:
        sp = self.spec
        left, right, _, bottom = sp.margins
        width = sp.pagesize[0] - left - right
        paras = self._note_paragraphs(markers)
        y = bottom + self._notes_height(markers) - 16
        canv.saveState()
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(0.5)
        canv.line(left, y + 7, left + 1.6 * inch, y + 7)
        canv.restoreState()
        for p in paras:
            _, ph = p.wrap(width, 10_000)
            p.drawOn(canv, left, y - ph)
            y -= ph + 2.5

    # hooks ------------------------------------------------------------------------------------------
    def _on_page(self, canv, doc):  # before the body: running header and footer
        self.spec.decorate(canv, doc, canv.getPageNumber())

    def _on_page_end(self, canv, doc):  # after the body, so notes follow it in the content stream
        markers = self.note_pages.get(canv.getPageNumber(), [])
        if markers:
            self._draw_notes(canv, markers)

    def afterFlowable(self, flowable):
        self.page_log.append((self.page, flowable))
        if isinstance(flowable, Paragraph):
            for m in _markers_in(flowable):
                self.marker_pages.setdefault(m, []).append(self.page)


def build(spec: Spec, out_dir: Path) -> tuple[bytes, _Doc]:
    """Lay the document out until the footnotes sit on the pages of their markers, then write it."""
    note_pages: dict[int, list[str]] = {}
    for _ in range(8):
        buf = io.BytesIO()
        doc = _Doc(buf, spec, note_pages)
        doc.build(spec.story())
        for m, pages in doc.marker_pages.items():
            if len(pages) != 1:
                raise SystemExit(f"{spec.filename}: note marker {m!r} printed {len(pages)} times")
        missing = set(spec.notes) - set(doc.marker_pages)
        if missing:
            raise SystemExit(f"{spec.filename}: notes without markers: {sorted(missing)}")
        found: dict[int, list[str]] = {}
        for m, (page,) in sorted(doc.marker_pages.items(), key=lambda kv: int(kv[0])):
            found.setdefault(page, []).append(m)
        if found == note_pages:
            data = buf.getvalue()
            (out_dir / spec.filename).write_bytes(data)
            return data, doc
        note_pages = found
    raise SystemExit(f"{spec.filename}: footnote placement did not converge; adjust the text")


# --------------------------------------------------------------------------------------------------
# Document 1: two-column policy brief
# --------------------------------------------------------------------------------------------------

def brief_spec() -> Spec:
    W, H = letter
    L = R = 0.75 * inch
    T, B = 0.95 * inch, 0.8 * inch

    body = style("brief-body", fontName="Helvetica", fontSize=10, leading=13.6, alignment=TA_JUSTIFY,
                 spaceAfter=6.8)
    head = style("brief-h", fontName="Helvetica-Bold", fontSize=11.5, leading=14, textColor=INK,
                 spaceBefore=7, spaceAfter=4, keepWithNext=1)
    kicker = style("brief-kicker", fontName="Helvetica-Bold", fontSize=9, leading=11, textColor=ACCENT)
    title = style("brief-title", fontName="Helvetica-Bold", fontSize=21, leading=25, textColor=INK,
                  spaceBefore=6, spaceAfter=8)
    byline = style("brief-by", fontName="Helvetica", fontSize=10.5, leading=13, spaceAfter=10)
    body_hy = style("brief-body-hy", parent=body, embeddedHyphenation=1)
    summary = style("brief-sum", fontName="Helvetica-Oblique", fontSize=10.5, leading=14.5,
                    alignment=TA_LEFT, textColor=INK)

    def decorate(canv, doc, n):
        canv.saveState()
        y = H - 0.55 * inch
        canv.setFont("Helvetica-Bold", 8.5)
        canv.setFillColor(ACCENT)
        canv.drawString(L, y, "POLICY BRIEF")
        canv.setFillColor(colors.black)
        canv.setFont("Helvetica", 8.5)
        canv.drawString(L + 78, y, "Financing Semiconductors")
        canv.drawRightString(W - R, y, "June 2024")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(L, y - 5, W - R, y - 5)
        canv.line(L, 0.62 * inch, W - R, 0.62 * inch)
        canv.setFont("Helvetica", 7.5)
        canv.drawString(L, 0.45 * inch, "Harbor Institute for Industrial Policy  |  " + FOOTER_NOTE)
        canv.setFont("Helvetica-Bold", 8.5)
        canv.drawRightString(W - R, 0.45 * inch, str(n))
        canv.restoreState()

    def para(text: str) -> Paragraph:
        """A body paragraph: long words get soft hyphens; single-font ones may also break compounds."""
        plain = "<" not in text and not _CJK_RUN.search(text)
        return P(soft_hyphenate(text), body_hy if plain else body)

    def story():
        s = [
            P("POLICY BRIEF  |  CHINA TECHNOLOGY POLICY SERIES", kicker),
            P("Financing Semiconductors: State Capital and the Search for Chip Self-Reliance", title),
            P("Mara Lindqvist and Chen Hao", byline),
            P("Since 2014 Beijing has steered hundreds of billions of yuan into the chip industry through a "
              "national investment fund and a dense layer of local guidance funds. This brief traces how the "
              "money was raised and spent, what it achieved, and why equity finance has proved better at "
              "building factories than at closing the technology gaps that officials call chokepoints.",
              summary),
            FrameBreak(),
            P("Why Chips, and Why Now", head),
            para("China buys more semiconductors than any other country, yet for most of the past two decades it "
              "has imported the bulk of the chips its factories consume. Integrated circuits have regularly been "
              "its largest import by value, ahead of crude oil. For planners in Beijing this dependence is more "
              "than a trade statistic. It is the clearest example of what official documents call chokepoint "
              "(卡脖子) technologies: inputs that foreign governments can withhold and that domestic firms "
              "cannot yet replace."),
            para("Semiconductors were listed among the priority fields of the 2006 Medium- and Long-Term Plan (MLP) "
              "and again in Made in China 2025, but the funding model changed decisively in 2014. That year the "
              "State Council issued guidelines for the integrated circuit industry and, rather than relying "
              "mainly on grants and tax relief, created a national equity fund to take stakes in chip companies. "
              "The premise was that patient state capital, managed on commercial lines, would crowd in local and "
              "private money and give domestic firms the scale that subsidies alone had not delivered."),
            para("Export controls introduced by the United States from 2018 onward sharpened the argument. "
              "Restrictions on ZTE and then Huawei, followed by sweeping controls on advanced chips and "
              "chipmaking tools in October 2022, turned semiconductor self-reliance from an industrial "
              "aspiration into a security imperative. The 14th Five-Year Plan (2021–2025) lists integrated "
              "circuits among the frontier fields for major national projects, and official commentary "
              "increasingly presents the effort as a test of the new-style national system (新型举国体制). "
              "No other sector shows as wide a gap between ambition and capability, or as direct a link "
              "between industrial policy and national security."),
            P("The Big Fund", head),
            para("The National Integrated Circuit Industry Investment Fund, universally known as the Big Fund "
              "(大基金), closed its first phase in 2014 with RMB 138.7 billion in registered capital. The "
              "Ministry of Finance was the largest shareholder, alongside China Development Bank Capital, China "
              "Tobacco, state-owned telecom carriers and several provincial investment platforms. A second phase "
              "followed in 2019 with RMB 204.2 billion ($29.6 billion), and a third, registered in May 2024 "
              "with RMB 344 billion, was larger than the first two combined."),
            para("The fund behaves as a corporate investor rather than a grant-making agency. It takes minority "
              "stakes, usually alongside local government vehicles and strategic investors, and it is expected "
              "to exit over time. The first phase concentrated on manufacturing: foundries and memory makers "
              "absorbed well over half of committed capital, with smaller allocations to design, packaging and "
              "testing, and equipment. The second phase tilted toward equipment and materials, the segments in "
              "which foreign suppliers are hardest to replace."),
            para("Scale matters because chip fabrication is extraordinarily capital-intensive. A leading-edge "
              "logic fab now costs well over $20 billion, and even a modest mature-node line can require "
              "US$1.5 billion before it ships a single wafer. Provincial co-investment packages for one fab "
              "commonly fall in the range of $1–2 billion. Equity from the Big Fund signalled political "
              "backing, which in turn unlocked bank loans and local money on terms that private investors "
              "would not have offered on their own."),
            P("Guidance Funds at Scale", head),
            para("The Big Fund is only the most visible layer. Beneath it sits a far larger population of "
              "government guidance funds (政府引导基金), set up by ministries, provinces and cities to invest "
              "through private-equity structures. Industry trackers counted well over a thousand such funds by "
              "2020, with combined target sizes in the trillions of yuan, although paid-in capital has "
              "consistently lagged the headline figures."),
            para("Guidance funds stretch public money through a fund-of-funds design. A city might commit 20 or "
              "30 percent of a sub-fund and invite a professional manager to raise the remainder from banks, "
              "insurers and corporate investors. In practice many of the nominally private partners were "
              "themselves state-owned, so the leverage on genuinely private capital was lower than the "
              "structure implied. Local officials also had strong incentives to recruit projects to their own "
              "jurisdictions, which encouraged duplication: several provinces backed competing "
              "memory or display ventures at the same time."),
            para("Fiscal incentives ran in parallel. Qualifying chip designers and manufacturers have long "
              "enjoyed a two-year exemption from corporate income tax followed by three years at half the "
              "standard rate, or 12.5%, and rules issued in 2020 granted longer tax holidays to producers "
              "working at the most advanced process nodes."),
            P("What the Money Bought", head),
            para("Measured by capacity, the results are substantial. Mainland fabs have added more mature-node "
              "capacity than any other region since 2018, and domestic firms have become credible suppliers of "
              "memory, power devices and many of the analog chips used in cars and household appliances. "
              "Chinese toolmakers have moved from a marginal position to supplying a meaningful share of the "
              "etching, deposition and cleaning equipment installed on domestic lines."),
            para("Measured by capability at the frontier, the record is more mixed. Lithography remains the "
              "clearest gap, and the most advanced domestic logic processes rely on older imported tools "
              "pushed to their limits, at high cost and modest yields. State capital has also been exposed to "
              "failures of governance. Tsinghua Unigroup, a flagship recipient of national and local money, "
              "defaulted on its bonds in 2020 and went through court-led restructuring, and in 2022 "
              "investigators detained several senior figures connected with the fund's management company. "
              "A number of heavily subsidized local fab projects were abandoned before production began."),
            P("Implications for Policy", head),
            para("Three lessons stand out. First, equity finance is good at building capacity where the "
              "technology is known and the binding constraint is capital; it is much weaker where the "
              "constraint is tacit knowledge, tools and access to foreign ecosystems. Second, layering "
              "national and local funds has raised the volume of investment but blurred accountability for "
              "losses. Third, the turn to the new-style national system suggests that Beijing now sees "
              "coordination, rather than money alone, as the scarce ingredient."),
            para("For outside observers the practical implication is that headline fund sizes are a poor guide to "
              "impact. Analysts should track paid-in rather than registered capital, follow where sub-funds "
              "actually invest, and watch whether the third phase of the Big Fund sustains its announced "
              "emphasis on equipment, materials and the tools that remain the industry's deepest chokepoints."),
        ]
        return s

    return Spec(filename="brief_semiconductor_finance.pdf",
                title="Financing Semiconductors: State Capital and the Search for Chip Self-Reliance",
                author="Mara Lindqvist; Chen Hao", subject="Policy brief (synthetic test document)",
                keywords="semiconductors, Big Fund, guidance funds, China", pagesize=letter,
                margins=(L, R, T, B), story=story, decorate=decorate, columns=2, gutter=20,
                first_page_head=2.55 * inch)


# --------------------------------------------------------------------------------------------------
# Document 2: single-column research note with footnotes and a ruled table
# --------------------------------------------------------------------------------------------------

def note_spec() -> Spec:
    W, H = letter
    L = R = 1.0 * inch
    T, B = 1.0 * inch, 0.9 * inch

    body = style("rn-body", fontSize=11, leading=14.4, alignment=TA_JUSTIFY, spaceAfter=7,
                 firstLineIndent=0)
    head = style("rn-h", fontName="Times-Bold", fontSize=12, leading=15, spaceBefore=6, spaceAfter=4,
                 keepWithNext=1)
    kicker = style("rn-kicker", fontName="Helvetica-Bold", fontSize=9, leading=11, textColor=ACCENT)
    title = style("rn-title", fontName="Times-Bold", fontSize=19, leading=23, spaceBefore=4, spaceAfter=6)
    byline = style("rn-by", fontName="Times-Italic", fontSize=11.5, leading=14, spaceAfter=14)
    caption = style("rn-cap", fontName="Times-Roman", fontSize=10, leading=12.5, spaceBefore=4, spaceAfter=5,
                    keepWithNext=1)
    cell = style("rn-cell", fontSize=9.5, leading=11.5)
    cellb = style("rn-cellb", fontName="Times-Bold", fontSize=9.5, leading=11.5)
    tnote = style("rn-tnote", fontSize=8.5, leading=10.5, spaceBefore=4, spaceAfter=10)
    fn = style("rn-fn", fontSize=8, leading=9.6, firstLineIndent=8, alignment=TA_LEFT)

    def decorate(canv, doc, n):
        canv.saveState()
        y = H - 0.6 * inch
        canv.setFont("Helvetica-Bold", 8)
        canv.setFillColor(ACCENT)
        canv.drawString(L, y, "RESEARCH NOTE")
        canv.setFillColor(colors.black)
        canv.setFont("Helvetica", 8)
        canv.drawString(L + 74, y, "Made in China 2025 at Ten")
        canv.drawRightString(W - R, y, "No. 7  |  March 2025")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(L, y - 5, W - R, y - 5)
        canv.setFont("Helvetica", 7)
        canv.drawString(L, 0.5 * inch, FOOTER_NOTE)
        canv.setFont("Times-Roman", 9.5)
        canv.drawRightString(W - R, 0.5 * inch, f"Page {n}")
        canv.restoreState()

    notes = {
        "1": "State Council, 国务院关于印发《中国制造2025》的通知 [Notice of the State Council on Made in "
             "China 2025], Guofa [2015] No. 28, May 8, 2015, "
             "http://www.gov.cn/zhengce/content/2015-05/19/content_9784.htm.",
        "2": "State Council, <i>National Medium- and Long-Term Plan for the Development of Science and "
             "Technology (2006–2020)</i> (Beijing: State Council, 2006), https://perma.cc/K3FD-9QWA.",
        "3": "State Council, Notice on Made in China 2025, sec. 2.",
        "4": "Ibid., sec. 2, table 1.",
        "5": "Jonas Everett and Wu Lan, <i>Counting the Guidance Funds: Targets, Paid-In Capital and Local "
             "Debt</i>, Working Paper 21-07 (Harbor Institute for Industrial Policy, 2021), 9–12, "
             "https://perma.cc/7QKD-M2TB.",
        "6": "National Bureau of Statistics of China, <i>Statistical Communiqué on National Expenditure on "
             "Science and Technology in 2021</i> (Beijing, August 31, 2022), https://perma.cc/5XRW-LN8C.",
        "7": "Registered capital is a commitment rather than cash in hand. Shareholders usually pay in over "
             "several years, and several funds have reported paid-in ratios well below one half.",
    }

    def table1():
        rows = [
            ["Fund", "Launched", "Size (RMB bn)", "Size (US$ bn)"],
            ["National IC Industry Investment Fund, Phase I", "2014", "138.7", "22.6"],
            ["National Emerging Industries Venture Capital Guidance Fund", "2015", "40.0", "6.4"],
            ["National IC Industry Investment Fund, Phase II", "2019", "204.2", "29.6"],
            ["National Manufacturing Transformation and Upgrade Fund", "2019", "147.2", "21.3"],
            ["National Green Development Fund", "2020", "88.5", "12.8"],
        ]
        num, numb = style("rn-num", parent=cell, alignment=2), style("rn-numb", parent=cellb, alignment=2)
        data = [[Paragraph(c, (cellb if i == 0 else cell) if j == 0 else (numb if i == 0 else num))
                 for j, c in enumerate(r)] for i, r in enumerate(rows)]  # numbers right-aligned
        t = Table(data, colWidths=[252, 58, 79, 79], hAlign="LEFT")
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ]))
        return t

    def story():
        return [
            P("RESEARCH NOTE  |  INDUSTRIAL POLICY", kicker),
            P("Made in China 2025 at Ten: Targets, Funds, and the Turn to Self-Reliance", title),
            P("Tomas Varga", byline),
            P("Introduction", head),
            P("When the State Council released Made in China 2025 (中国制造2025) in May 2015, it presented "
              "the plan as the first stage of a thirty-year effort to turn China from a large manufacturer into "
              "a strong one.<super>1</super> The document named ten priority sectors, from new-generation "
              "information technology and robotics to aerospace equipment, biomedicine and new materials, and "
              "it set quantitative goals for innovation, quality, energy efficiency and digitalization. A "
              "decade later the label has nearly vanished from official speeches, yet the policy logic it "
              "expressed is more influential than ever.", body),
            P("The plan drew on an older vocabulary. The 2006 Medium- and Long-Term Plan for Science and "
              "Technology (MLP) had already made indigenous innovation (自主创新) the organizing principle of "
              "technology policy and had called for cutting dependence on foreign technology to 30 percent or "
              "less.<super>2</super> What was new in 2015 was the explicit link to market share. The plan set "
              "targets for domestic supply of core components and basic materials, 40 percent by 2020 and 70 "
              "percent by 2025.<super>3</super> It also asked large manufacturers to raise R&amp;D spending to "
              "1.68 percent of their revenue by 2025.<super>4</super>", body),
            P("Targets and Instruments", head),
            P("Made in China 2025 was less a spending program than a coordinating framework. It relied on "
              "instruments that already existed, such as special funds, tax credits, preferential loans, "
              "public procurement and standard setting, and it asked ministries and provinces to align them "
              "with the ten priority sectors. Provincial governments answered with hundreds of implementation "
              "plans, many of which copied the national sector list with little regard for local comparative "
              "advantage.", body),
            P("The Funding Machinery", head),
            P("Where the plan did change practice was in finance. Between 2014 and 2020 the central government "
              "created or expanded several large investment funds that took equity stakes instead of handing "
              "out grants (Table 1). The first phase of the National Integrated Circuit Industry Investment "
              "Fund raised RMB 138.7 billion in 2014, and the National Manufacturing Transformation and Upgrade "
              "Fund, set up in 2019 to serve the plan's priority sectors, added RMB 147.2 billion. Local "
              "guidance funds were larger still in aggregate: one count put their combined target size at more "
              "than 11 trillion yuan by 2020, of which perhaps half had actually been raised.<super>5</super>",
              body),
            KeepTogether([
                Paragraph("<b>Table 1:</b> Selected state investment funds, 2014–2020", caption),
                table1(),
                P("<i>Note:</i> Registered capital at launch; US dollar values at the annual average "
                  "exchange rate of the launch year. <i>Source:</i> Fund announcements; author's compilation.",
                  tnote),
            ]),
            P("Funds of this kind changed incentives as much as budgets. Because they invest alongside local "
              "governments and banks, a national commitment of a few billion yuan can anchor a project many "
              "times larger, and because they are expected to earn a return, they favor firms that can "
              "already show revenue. Both features pushed money toward capacity expansion in established "
              "segments rather than toward early-stage research.", body),
            P("From Catch-Up to Self-Reliance", head),
            P("After 2018 the emphasis shifted from catching up to securing supply chains. The 14th Five-Year "
              "Plan, adopted in March 2021, called science and technology self-reliance (科技自立自强) the "
              "strategic support for national development, and the dual circulation (双循环) strategy placed "
              "domestic demand and domestic suppliers at the center of growth policy. National R&amp;D spending "
              "reached $441 billion (RMB 2.79 trillion) in 2021, equal to 2.4 percent of GDP.<super>6</super> "
              "Basic research, long the weak link, accounted for about 6.5 percent of the total.", body),
            P("Assessment", head),
            P("Judged against its own targets, the plan's record is uneven. China now leads in electric "
              "vehicles, batteries, high-speed rail and commercial drones, and it has narrowed gaps in "
              "industrial robots and medical devices. It still depends on imports for advanced chips, "
              "chipmaking tools, aircraft engines and high-end industrial software. Funding volume is also a "
              "weak proxy for effort, because headline fund sizes overstate the resources actually "
              "deployed.<super>7</super> The more durable legacy may be institutional: a habit of coordinating "
              "industrial finance across levels of government that now underpins the new-style national "
              "system (新型举国体制).", body),
        ]

    return Spec(filename="research_note_mic2025.pdf",
                title="Made in China 2025 at Ten: Targets, Funds, and the Turn to Self-Reliance",
                author="Tomas Varga", subject="Research note (synthetic test document)",
                keywords="Made in China 2025, guidance funds, industrial policy", pagesize=letter,
                margins=(L, R, T, B), story=story, decorate=decorate, notes=notes, note_style=fn,
                note_number="super")


# --------------------------------------------------------------------------------------------------
# Document 3: author-year working paper with a bar chart and a reference list
# --------------------------------------------------------------------------------------------------

GERD = [  # gross domestic expenditure on R&D, RMB trillion (NBS communiqués)
    ("2012", 1.03), ("2013", 1.18), ("2014", 1.30), ("2015", 1.42), ("2016", 1.57),
    ("2017", 1.76), ("2018", 1.97), ("2019", 2.21), ("2020", 2.44), ("2021", 2.80),
]


def paper_spec() -> Spec:
    W, H = A4
    L = R = 25 * mm
    T, B = 25 * mm, 24 * mm

    body = style("wp-body", fontSize=11, leading=14.6, alignment=TA_JUSTIFY, firstLineIndent=14,
                 spaceAfter=3)
    first = style("wp-first", parent=body, firstLineIndent=0)
    head = style("wp-h", fontName="Times-Bold", fontSize=12, leading=15, spaceBefore=10, spaceAfter=5,
                 keepWithNext=1)
    title = style("wp-title", fontName="Times-Bold", fontSize=17, leading=21, alignment=TA_CENTER,
                  spaceAfter=10)
    authors = style("wp-auth", fontSize=12, leading=15, alignment=TA_CENTER)
    affil = style("wp-aff", fontName="Times-Italic", fontSize=10.5, leading=13, alignment=TA_CENTER,
                  spaceAfter=14)
    abs_head = style("wp-abs-h", fontName="Times-Bold", fontSize=10, leading=12, alignment=TA_CENTER,
                     spaceAfter=3)
    abstract = style("wp-abs", fontSize=10, leading=12.8, alignment=TA_JUSTIFY, leftIndent=28, rightIndent=28)
    kw = style("wp-kw", parent=abstract, spaceBefore=5, spaceAfter=8)
    caption = style("wp-cap", fontSize=10, leading=12.5, alignment=TA_CENTER, spaceBefore=3, spaceAfter=10,
                    leftIndent=20, rightIndent=20)
    ref = style("wp-ref", fontSize=10, leading=12.8, leftIndent=22, firstLineIndent=-22, spaceAfter=4,
                alignment=TA_LEFT)
    fn = style("wp-fn", fontSize=8, leading=9.6, leftIndent=0, firstLineIndent=0)

    def decorate(canv, doc, n):
        canv.saveState()
        y = H - 14 * mm
        canv.setFont("Times-Italic", 9)
        if n == 1:
            canv.drawString(L, y, "Harbor Institute for Industrial Policy")
            canv.drawRightString(W - R, y, "Working Paper 24-03  |  September 2024")
        else:
            canv.drawString(L, y, "Marsh and Zhou")
            canv.drawRightString(W - R, y, "From Indigenous Innovation to Self-Reliance")
        canv.setLineWidth(0.4)
        canv.line(L, y - 4, W - R, y - 4)
        canv.setFont("Times-Roman", 7.5)
        canv.drawString(L, 10 * mm, FOOTER_NOTE)
        canv.setFont("Times-Roman", 10)
        canv.drawRightString(W - R, 10 * mm, str(n))
        canv.restoreState()

    notes = {
        "1": "By planning documents we mean plans and programs issued by the State Council, or jointly by the "
             "Party Central Committee and the State Council; ministerial implementing rules are excluded.",
        "2": "Figures are nominal and are taken from the annual statistical communiqués on science and "
             "technology expenditure; they include enterprise, government and university performers.",
    }

    def chart():
        d = Drawing(380, 175)
        bc = VerticalBarChart()
        bc.x, bc.y, bc.width, bc.height = 42, 28, 320, 130
        bc.data = [[v for _, v in GERD]]
        bc.categoryAxis.categoryNames = [y for y, _ in GERD]
        bc.categoryAxis.labels.fontName = "Helvetica"
        bc.categoryAxis.labels.fontSize = 7.5
        bc.valueAxis.valueMin, bc.valueAxis.valueMax, bc.valueAxis.valueStep = 0, 3, 0.5
        bc.valueAxis.labels.fontName = "Helvetica"
        bc.valueAxis.labels.fontSize = 7.5
        bc.valueAxis.labelTextFormat = "%0.1f"
        bc.valueAxis.visibleGrid = 1
        bc.valueAxis.gridStrokeColor = colors.HexColor("#cccccc")
        bc.valueAxis.gridStrokeWidth = 0.4
        bc.bars[0].fillColor = INK
        bc.bars[0].strokeColor = None
        bc.barSpacing = 2
        d.add(bc)
        d.add(String(6, 165, "RMB trillion", fontName="Helvetica", fontSize=7.5))
        d.hAlign = "CENTER"
        return d

    def refs():
        entries = [
            "Chen, Wei, and Li Na. 2019. “Techno-Nationalism Revisited: Indigenous Innovation and the "
            "Limits of Technology Transfer.” <i>Journal of Chinese Industrial Policy</i> 4 (2): 33–58.",
            "National Bureau of Statistics. 2022. <i>Statistical Communiqué on National Expenditure on "
            "Science and Technology in 2021</i>. Beijing: NBS. https://perma.cc/5XRW-LN8C.",
            "State Council. 2006. <i>National Medium- and Long-Term Plan for the Development of Science and "
            "Technology, 2006–2020</i> (国家中长期科学和技术发展规划纲要). Beijing: State Council. "
            "https://perma.cc/K3FD-9QWA.",
            "Wang, Lei, Sarah Brooks, and Feng Kai. 2021. “Mission Creep? Industrial Policy after the Trade "
            "War.” <i>China Policy Review</i> 12 (1): 1–29.",
            "Xi, Jinping. 2020. “国家中长期经济社会发展战略若干重大问题” [Several major issues in the "
            "national medium- and long-term strategy for economic and social development]. <i>Qiushi</i>, "
            "no. 21.",
            "Zhang, Yu. 2018. <i>Planning Innovation: Megaprojects and Ministries in China</i>. Working Paper "
            "18-02. Harbor Institute for Industrial Policy.",
        ]
        return [P(e, ref) for e in entries]

    def story():
        return [
            P("From Indigenous Innovation to Self-Reliance: Continuity and Change in China’s Science and "
              "Technology Planning, 2006–2021", title),
            P("Helen Marsh and Zhou Ping", authors),
            P("Harbor Institute for Industrial Policy", affil),
            P("Abstract", abs_head),
            P("This paper traces how the language and instruments of Chinese science and technology planning "
              "changed between the 2006 Medium- and Long-Term Plan and the 14th Five-Year Plan. We argue that "
              "the shift from indigenous innovation to self-reliance was an escalation rather than a break: the "
              "goals were present in 2006, but export controls after 2018 turned them from development targets "
              "into security requirements. Using official spending data and policy texts, we show that rising "
              "research budgets were accompanied by a growing reliance on mission-style coordination.", abstract),
            P("<b>Keywords:</b> industrial policy; science and technology planning; self-reliance; China", kw),
            P("1. Introduction", head),
            P("Few ideas have travelled as far in Chinese policy writing as self-reliance. In a 2020 essay on "
              "the country’s long-term development strategy, Xi Jinping argued that industrial and supply "
              "chains must be secure and independently controllable, and that science and technology should "
              "be the foundation of that security (Xi 2020). The sentiment is not new. The 2006 Medium- and "
              "Long-Term Plan (MLP) made indigenous innovation (自主创新) its central slogan (State Council "
              "2006), and scholars have long debated whether that agenda was techno-nationalist at heart or a "
              "pragmatic response to the limits of technology transfer (Chen and Li 2019).", first),
            P("This paper asks what changed in Chinese planning between 2006 and 2021 and what stayed the "
              "same.<super>1</super> We make two claims. First, the goals of self-reliance were largely set in "
              "the MLP era; what changed was their priority relative to growth and openness. Second, the "
              "instruments moved from broad subsidies toward directed, mission-style coordination. Section 2 "
              "reviews the planning documents, Section 3 examines spending, and Section 4 discusses the "
              "new-style national system (新型举国体制).", body),
            P("2. From Indigenous Innovation to Self-Reliance", head),
            P("The MLP set out to make China an innovation-oriented country by 2020, with research intensity "
              "of 2.5 percent of GDP and a much lower dependence on imported technology. It identified sixteen "
              "megaprojects, among them core electronic components, chip manufacturing equipment and large "
              "aircraft. Zhang (2018) shows that the megaprojects were run through the ministries that already "
              "controlled the relevant industries, an arrangement that tended to favor incumbent state firms "
              "over new entrants.", first),
            P("Made in China 2025 carried the logic from research into production. Where the MLP spoke of "
              "innovation capacity, the 2015 plan spoke of market share and set domestic-content goals for "
              "components and materials. Foreign governments read those goals as import substitution by "
              "design, and the plan became a focal point of the trade dispute that began in 2018 (Wang et "
              "al. 2021, 14). A technical roadmap issued later in 2015 by an advisory committee led by the "
              "Chinese Academy of Engineering was more specific still, naming market-share goals for "
              "individual products. References to the plan by name fell away after that, even as its sectoral "
              "priorities resurfaced in later documents, often under the more neutral heading of supply chain "
              "security.", body),
            P("The 14th Five-Year Plan marks the clearest change of register. It raises science and technology "
              "self-reliance (科技自立自强) to a strategic support for national development and pairs it with "
              "dual circulation (双循环), a strategy that treats the domestic market as a buffer against "
              "external pressure. Lists of chokepoint (卡脖子) technologies, from lithography and industrial "
              "software to high-end sensors and specialty materials, became a standard feature of ministerial "
              "planning (Chen and Li 2019; Wang et al. 2021).", body),
            P("3. Money and Measurement", head),
            P("Spending rose steadily throughout the period. Gross expenditure on R&amp;D grew from about 1.2 "
              "trillion yuan in 2013 to RMB 2.79 trillion in 2021, equivalent to 2.44 percent of GDP (National "
              "Bureau of Statistics 2022).<super>2</super> As Figure 1 shows, the growth was remarkably smooth: "
              "the annual increase never fell below 8 percent, not even in 2020.", first),
            KeepTogether([
                chart(),
                P("<b>Figure 1:</b> Gross domestic expenditure on R&amp;D in China, 2012–2021 (RMB trillion). "
                  "Source: National Bureau of Statistics.", caption),
            ]),
            P("The composition of spending changed far less than the totals. Enterprises performed more than "
              "three-quarters of all R&amp;D throughout the period, and basic research stayed near 6 percent of "
              "the total, well below the shares typical of advanced economies. Wang et al. (2021) attribute "
              "this to evaluation systems that reward patents and prototypes over long-horizon science.", body),
            P("4. The New-Style National System", head),
            P("The new-style national system revives the older idea of concentrating national resources on a "
              "few strategic projects, as in the nuclear and satellite programs, while adding market "
              "mechanisms. Its advocates argue that it combines the mobilizing capacity of the state with the "
              "efficiency of firms (Xi 2020); critics note that the line between coordination and command is "
              "rarely drawn (Zhang 2018). In practice the system works through lead-firm consortia, "
              "ministerial task forces and financial vehicles such as the Big Fund. Its novelty lies less in "
              "any single instrument than in a willingness to accept low financial returns in exchange for "
              "strategic capabilities (Wang et al. 2021, 22).", first),
            P("5. Conclusion", head),
            P("The move from indigenous innovation to self-reliance was an escalation rather than a "
              "reinvention. The goals of 2006 survived; the tolerance for cost rose. For analysts, the "
              "implication is that policy texts are best read as a continuous series in which new slogans "
              "reweight old priorities, not as a sequence of clean breaks.", first),
            CondPageBreak(1.2 * inch),
            P("References", head),
            *refs(),
        ]

    return Spec(filename="working_paper_self_reliance.pdf",
                title="From Indigenous Innovation to Self-Reliance: Continuity and Change in China’s Science "
                      "and Technology Planning, 2006–2021",
                author="Helen Marsh; Zhou Ping", subject="Working paper (synthetic test document)",
                keywords="self-reliance, indigenous innovation, MLP, R&D", pagesize=A4,
                margins=(L, R, T, B), story=story, decorate=decorate, notes=notes, note_style=fn,
                note_number="plain")


SPECS = [brief_spec, note_spec, paper_spec]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: corpus/)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for make in SPECS:
        spec = make()
        data, doc = build(spec, args.out)
        print(f"{spec.filename}: {doc.page} pages, {len(data):,} bytes")


if __name__ == "__main__":
    main()
