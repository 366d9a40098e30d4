"""Notes and references parsed into fields (pipeline/extractors/citations/) and linked (pipeline/stages/cite.py)."""
from __future__ import annotations

import json

import pytest

from pipeline.extractors.citations import (Parsed, find_dates, find_urls, load_rules, matches_key, norm,
                                           parse_note, parse_reference, same_work, split_authors)
from pipeline.layout.source_notes import source_notes
from pipeline.model import Document, Note, Passage
from pipeline.stages.cite import cite
from pipeline.stages.tabulate import note_source_rows
from tests.conftest import SHARED, need

GOLD = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json"
RULES = load_rules()


# --- URLs and dates -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, urls", [
    ("Outlet, May 2, 2021, https://perma.cc/AB12-CD34.", ["https://perma.cc/AB12-CD34"]),
    ("a link split by a line break https://perma.cc/AB12- CD34.", ["https://perma.cc/AB12-CD34"]),
    ("at http://www.example.gov.cn/xinwen/2021-12/10/ content_5659796.htm; and",
     ["http://www.example.gov.cn/xinwen/2021-12/10/content_5659796.htm"]),
    ("at https://example.org/analysis/dual-circulati on-and-chinas-new-hedged-strategy, 2020",
     ["https://example.org/analysis/dual-circulation-and-chinas-new-hedged-strategy"]),
    ("two: https://a.example.org/x.pdf; https://b.example.org/y.htm", ["https://a.example.org/x.pdf",
                                                                        "https://b.example.org/y.htm"]),
    ("Accessed at www.example.com/content/1528371.html", ["www.example.com/content/1528371.html"]),
    ("see (https://example.org/page_(draft)) now", ["https://example.org/page_(draft)"]),
    ("see https://example.org/a?b=1&c=2,3 then", ["https://example.org/a?b=1&c=2,3"]),
    ("网址：http://www.example.cn/a.htm。下一句", ["http://www.example.cn/a.htm"]),
    ("Visit https://example.org/ and then go home.", ["https://example.org/"]),
    ("the site https://example.org/report is useful", ["https://example.org/report"]),
    ("“Title,” Outlet, May 1, 2020. Available at https://example.org/t.", ["https://example.org/t"]),
    ("no link here, only www. and http:// fragments", []),
    ("available at <stats.example.gov/bkmk /table/1.0/S2601B>.", ["stats.example.gov/bkmk/table/1.0/S2601B"]),
    ("see <https://example.org/a b/c.htm> and <not a link>", ["https://example.org/ab/c.htm"]),
])
def test_citations_find_urls_rejoins_and_trims(text, urls):
    assert find_urls(text) == urls


@pytest.mark.parametrize("text, iso", [
    ("Xinhua, July 15, 2018, https://x", ["2018-07-15"]),
    ("Outlet, 7 Oct. 2014, www.x", ["2014-10-07"]),
    ("Center for X, March 2021, https://x", ["2021-03"]),
    ("Official Journal of the European Union, 18.9.2023.", ["2023-09-18"]),
    ("Caixin, 2022-01-12.", ["2022-01-12"]),
    ("Mercer, 2021, https://x", ["2021"]),
    ("(London: Routledge, 2022)", ["2022"]),
    ("Outlet, last visited October 26, 2022, https://x", []),
    ("Outlet, accessed March 1, 2022", []),
    ("it was first used in 2004, when he spoke", []),
    ("the Plan (2006–2020) set goals", []),
    ("Working Paper 21-07", []),
])
def test_citations_find_dates(text, iso):
    assert [h.iso for h in find_dates(text, RULES)] == iso


# --- notes in several styles --------------------------------------------------------------------------------

NOTES = [
    # Chicago notes, article with URL
    ("Anna Berg and Tom Reed, “Chips and the State,” Policy Review Online, March 3, 2021, https://perma.cc/AB12-CD34.",
     "full", ["Anna Berg", "Tom Reed"], "Chips and the State", "", "Policy Review Online", "2021-03-03",
     ["https://perma.cc/AB12-CD34"]),
    # Chicago notes, book
    ("Tom Reed, The Planning State: Ministries and Markets in China (Oxford: Oxford University Press, 2019), 45–47.",
     "full", ["Tom Reed"], "The Planning State: Ministries and Markets in China", "", "Oxford University Press",
     "2019", []),
    # book with the publisher in a sentence of its own, after a comment and "See"
    ("Earlier work abounds. See Ruth Ames, Governing Growth: Plans and Prices in Asia. Ithaca: Cornell University "
     "Press, 1994.", "full", ["Ruth Ames"], "Governing Growth: Plans and Prices in Asia", "",
     "Cornell University Press", "1994", []),
    # chapter in an edited book
    ("Li Wen and Ana Ruiz, “Funding the Labs” in Paul Stone and Mei Ito, eds., Science and the State (2nd ed.), "
     "(London: Routledge, 2020), https://doi.org/10.1000/182.", "full", ["Li Wen", "Ana Ruiz"], "Funding the Labs", "",
     "Science and the State", "2020", ["https://doi.org/10.1000/182"]),
    # journal article
    ("Mara Lindqvist and Chen Hao, “Guidance Funds at Scale,” Journal of Chinese Finance 12, no. 3 (2020): 101–29.",
     "full", ["Mara Lindqvist", "Chen Hao"], "Guidance Funds at Scale", "", "Journal of Chinese Finance", "2020", []),
    # think-tank style: Chinese original in brackets inside the quotes, straight quotes
    ('"Notice on the Chip Fund [关于芯片基金的通知]," Ministry of Finance, June 1, 2021, https://example.gov.cn/a.html.',
     "full", [], "Notice on the Chip Fund", "关于芯片基金的通知", "Ministry of Finance", "2021-06-01",
     ["https://example.gov.cn/a.html"]),
    # Chinese title first, English translation in brackets, organisation as author
    ("Ministry of Industry and Information Technology, “工业和信息化部关于印发计划的通知 [Notice on Issuing the Plan],” "
     "June 1, 2021, https://www.example.gov.cn/a.html.", "full", ["Ministry of Industry and Information Technology"],
     "Notice on Issuing the Plan", "工业和信息化部关于印发计划的通知", "", "2021-06-01", ["https://www.example.gov.cn/a.html"]),
    # "et al." and an access date that is no publication date
    ("Ana Ruiz, et al., “Counting Funds,” Harbor Institute, last visited May 2, 2022, https://example.org/funds/.",
     "full", ["Ana Ruiz"], "Counting Funds", "", "Harbor Institute", "2022-05-02", ["https://example.org/funds/"]),
    # comment, then a source introduced by a signal phrase
    ("Officials use many slogans. For a recent example, “Win the Chip Battle,” Provincial Daily, September 19, 2022. "
     "Accessed at www.example.com/content/1.html", "full", [], "Win the Chip Battle", "", "Provincial Daily",
     "2022-09-19", ["www.example.com/content/1.html"]),
    # a web page's own title, "Page--Section--Site (domain)"
    ("See the report: 芯片基金的新进展--科技--人民网 (people.com.cn), http://example.people.com.cn/n1/1.html",
     "full", [], "", "芯片基金的新进展", "人民网 (people.com.cn)", "", ["http://example.people.com.cn/n1/1.html"]),
    # several sources: the first one's fields, type multi
    ("Anna Berg, “Chips,” Outlet One, May 1, 2020, https://a.example.org/1; Tom Reed, “Fabs,” Outlet Two, "
     "June 2, 2021, https://b.example.org/2.", "multi", ["Anna Berg"], "Chips", "", "Outlet One", "2020-05-01",
     ["https://a.example.org/1", "https://b.example.org/2"]),
    # a translation of the same source is no second source
    ("“Plan for Chips [芯片规划],” Xinhua, March 12, 2021, https://perma.cc/AB12-CD34; English translation is "
     "available at: https://example.org/plan_EN.pdf.", "full", [], "Plan for Chips", "芯片规划", "Xinhua", "2021-03-12",
     ["https://perma.cc/AB12-CD34", "https://example.org/plan_EN.pdf"]),
    # only links
    ("Several reports say so. See https://a.example.org/1.htm; https://b.example.org/2.htm", "multi", [], "", "", "",
     "", ["https://a.example.org/1.htm", "https://b.example.org/2.htm"]),
    # the URL introduced by a phrase after the outlet and date
    ("“Chips Rising,” Outlet Daily, May 1, 2020. Available at https://example.org/t.", "full", [], "Chips Rising", "",
     "Outlet Daily", "2020-05-01", ["https://example.org/t"]),
    # a note in author-date style
    ("World Bank. 2021. China Economic Update: Rebalancing Act. Washington, DC: World Bank.", "full", ["World Bank"],
     "China Economic Update: Rebalancing Act", "", "World Bank", "2021", []),
]


@pytest.mark.parametrize("text, kind, authors, title, original, container, date, urls", NOTES)
def test_citations_parse_note_styles(text, kind, authors, title, original, container, date, urls):
    p = parse_note(text, RULES)
    assert (p.type, p.authors, p.title, p.title_original, p.container, p.date, p.urls) == (
        kind, authors, title, original, container, date, urls)
    assert p.year == (int(date[:4]) if date else None)


@pytest.mark.parametrize("text, kind, authors, title", [
    ('"Plan for Chips."', "short", [], "Plan for Chips"),
    ('Berg, "Chips and the State."', "short", ["Berg"], "Chips and the State"),
    ("Reed, Planning State, 52.", "short", ["Reed"], "Planning State"),
    ("State Council, Notice on the Chip Fund, sec. 2.", "short", ["State Council"], "Notice on the Chip Fund"),
    ("Lindqvist and Chen, “Guidance Funds,” 110.", "short", ["Lindqvist", "Chen"], "Guidance Funds"),
    ("Prices rose, as others note (Okafor 2019).", "short", ["Okafor"], ""),
    ("We do not repeat that here. Okafor (2019).", "short", ["Okafor"], ""),
    ("The method follows Lindgren and Ruiz (1998) closely.", "short", ["Lindgren", "Ruiz"], ""),
    ("A widely read essay says so (“Why Chips Matter” 2020).", "short", [], "Why Chips Matter"),
])
def test_citations_parse_note_short_forms(text, kind, authors, title):
    p = parse_note(text, RULES)
    assert (p.type, p.authors, p.title, p.urls) == (kind, authors, title, [])


@pytest.mark.parametrize("text", ["Ibid.", "Ibid., p. 4.", "ibid., 12–14.", "Ibidem, sec. 3.",
                                  "Author’s calculation from figures in Ibid."])
def test_citations_parse_note_ibid(text):
    p = parse_note(text, RULES)
    assert (p.type, p.authors, p.title, [s.type for s in p.sources]) == ("ibid", [], "", ["ibid"])


def test_citations_parse_note_ibid_inside_a_source_note_is_no_ibid():
    p = parse_note("Anna Berg, “Chips,” Outlet, May 1, 2020; see also ibid., 45.", RULES)
    assert (p.type, p.title, p.date) == ("full", "Chips", "2020-05-01")


@pytest.mark.parametrize("text, ref", [("See footnote 11.", "11"), ("See note 4 above.", "4"),
                                       ("supra note 7, at 3.", "7")])
def test_citations_parse_note_cross_reference(text, ref):
    p = parse_note(text, RULES)
    assert (p.type, p.note_ref) == ("short", ref)


@pytest.mark.parametrize("text", [
    "These figures are the author's estimates and include local funds.",
    "The term was first used by a vice-premier in 2004, when he said that “science should lead the economy.”",
    "“Leapfrogging” (弯道超车) originally refers to overtaking on a bend.",
    "The original statement in Chinese is “国内循环越顺畅”",
    "There is an important line in the plan: “build a strong nation by science.” Background Section.",
    "This section was written by Ana Ruiz, Analyst in Science Policy.",
    "Interviewees asked not to be named; the interviews took place between 2019 and 2021.",
    "",
    ",,, ;;; “ ” ( ) [ ] 2020 ---",
])
def test_citations_parse_note_comments_have_no_source(text):
    p = parse_note(text, RULES)
    assert (p.type, p.authors, p.title, p.title_original, p.container, p.date, p.urls) == (
        "comment", [], "", "", "", "", [])


@pytest.mark.parametrize("text, title, container", [
    # an unclosed quote: the title runs to the original-language bracket
    ("Yin Bo. 2021. “The Features of the National Team (国家队的特征), Science Forum (科学论坛), 2021(09):1-9.",
     "The Features of the National Team", "Science Forum"),
    # a quote inside a straight-quoted title
    ('Chen Wen. 2022. "Worse than the "cut off" of chips (比芯片更要命)", China Weekly (中国周刊), 5 June 2022.',
     'Worse than the "cut off" of chips', "China Weekly"),
])
def test_citations_parse_reference_garbled_quotes(text, title, container):
    p = parse_reference(text, RULES)
    assert (p.title, p.container) == (title, container)


# --- reference-list entries ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, authors, year, suffix, title, original, container, date, urls", [
    ("Okafor, Helen, and Wei Chen. 2019a. “How Provinces Pick Winners.” Regional Studies 53 (4): 512–30.",
     ["Helen Okafor", "Wei Chen"], 2019, "a", "How Provinces Pick Winners", "", "Regional Studies", "2019", []),
    ("Zhou, Minghua. 2018. Planning Innovation: Ministries in China. Working Paper 18-02. Harbor Institute for "
     "Industrial Policy.", ["Zhou Minghua"], 2018, "", "Planning Innovation: Ministries in China", "",
     "Harbor Institute for Industrial Policy", "2018", []),
    ("State Council. 2006. National Plan for Science, 2006–2020 (国家科学规划纲要). Beijing: State Council. "
     "https://perma.cc/K3FD-9QWA.", ["State Council"], 2006, "", "National Plan for Science, 2006–2020",
     "国家科学规划纲要", "State Council", "2006", ["https://perma.cc/K3FD-9QWA"]),
    ("Ruiz, A., Stone, P.J. and M. Ito (2023). The global position of chips, Publications Office of the European "
     "Union, 2023, https://doi.org/10.2777/1", ["A. Ruiz", "P.J. Stone", "M. Ito"], 2023, "",
     "The global position of chips", "", "Publications Office of the European Union", "2023",
     ["https://doi.org/10.2777/1"]),
    ("Berg, A. (2024). How China built its fabs, Nature, https://www.nature.com/articles/x1",
     ["A. Berg"], 2024, "", "How China built its fabs", "", "Nature", "2024", ["https://www.nature.com/articles/x1"]),
    ("Hu Lan (胡兰). 2020A. \"Chips and Power (芯片与权力)\", Qiushi (求是), 31 October 2020, http://example.cn/a.htm",
     ["Hu Lan"], 2020, "A", "Chips and Power", "芯片与权力", "Qiushi", "2020-10-31", ["http://example.cn/a.htm"]),
    ("Xi, Jinping. 2020. “国家中长期发展问题” [Issues of long-term development]. Qiushi, no. 21.",
     ["Xi Jinping"], 2020, "", "Issues of long-term development", "国家中长期发展问题", "Qiushi", "2020", []),
    ('"The difference between two labs (两种实验室的区别)", Maigoo, 17 March 2022, https://example.com/1.html',
     [], 2022, "", "The difference between two labs", "两种实验室的区别", "Maigoo", "2022-03-17",
     ["https://example.com/1.html"]),
])
def test_citations_parse_reference_styles(text, authors, year, suffix, title, original, container, date, urls):
    p = parse_reference(text, RULES)
    assert (p.type, p.authors, p.year, p.year_suffix, p.title, p.title_original, p.container, p.date, p.urls) == (
        "full", authors, year, suffix, title, original, container, date, urls)


@pytest.mark.parametrize("text, inverted, names", [
    ("Jude Berg and Andrew Polk", False, ["Jude Berg", "Andrew Polk"]),
    ("Gerard Lane, Ilaria Rossi, and Scott Kim", False, ["Gerard Lane", "Ilaria Rossi", "Scott Kim"]),
    ("Xu Lan (许兰), Wang Hao (王浩), et al.", False, ["Xu Lan", "Wang Hao"]),
    ("Central Committee of CCP and State Council", False, ["Central Committee of CCP", "State Council"]),
    ("Ministry of Science and Technology", False, ["Ministry of Science and Technology"]),
    ("National Aeronautics and Space Administration (NASA)", False, ["National Aeronautics and Space Administration"]),
    ("National Academies of Sciences, Engineering, and Medicine", False,
     ["National Academies of Sciences, Engineering, and Medicine"]),
    ("MOST (科技部) and MOF (财政部)", False, ["MOST", "MOF"]),
    ("Holmes, Kim", True, ["Kim Holmes"]),
    ("Xi, Jinping", True, ["Xi Jinping"]),
    ("Bonvillian, W.B., Van Atta, R., and P. Windham", True, ["W.B. Bonvillian", "R. Van Atta", "P. Windham"]),
    ("", False, []),
])
def test_citations_split_authors(text, inverted, names):
    assert split_authors(text, RULES, inverted) == names


@pytest.mark.parametrize("short, full, same", [
    (Parsed(title="Planning State", authors=["Reed"]),
     Parsed(title="The Planning State: Ministries", authors=["Tom Reed"]), True),
    (Parsed(title="Chips and the State"), Parsed(title="Chips and the State", authors=["Anna Berg"]), True),
    (Parsed(title="Chips and the State", authors=["Okafor"]),
     Parsed(title="Chips and the State", authors=["Anna Berg"]), False),
    (Parsed(title="Budget Supplement", authors=["NASA"]),
     Parsed(title="Budget Supplement", authors=["National Aeronautics and Space Administration"]), True),
    (Parsed(title="Fabs and Funds"), Parsed(title="Chips and the State"), False),
    (Parsed(title="Plan for Chips"),
     Parsed(title="Somewhere", title_original="x", alias="Ministry, Plan for Chips"), True),
])
def test_citations_same_work(short, full, same):
    assert same_work(short, full) is same


@pytest.mark.parametrize("name, year, suffix, entry, strict, hit", [
    ("Chen and Yu", 2018, "", Parsed(authors=["Chen Fang", "Yu Xiao"], year=2018), True, True),
    ("Chen", 2018, "", Parsed(authors=["Chen Fang", "Yu Xiao"], year=2018), True, False),
    ("Xu et al.", 2020, "", Parsed(authors=["Xu Lan", "Wang Hao"], year=2020), True, True),
    ("Holmes", 2014, "", Parsed(authors=["Kim Holmes"], year=2014), True, True),
    ("Yin et al.", 2021, "", Parsed(authors=["Liu Yin", "Cao Jun"], year=2021), True, False),
    ("Xi", 2021, "A", Parsed(authors=["Xi Jinping"], year=2021, year_suffix="A"), True, True),
    ("Xi", 2021, "", Parsed(authors=["Xi Jinping"], year=2021, year_suffix="A"), True, False),
    ("Chen", 2019, "", Parsed(authors=["Wei Chen"], year=2019), True, False),
    ("Chen", 2019, "", Parsed(authors=["Wei Chen"], year=2019), False, True),
    ("“The difference between”", 2022, "", Parsed(title="The difference between two labs", year=2022), True, True),
])
def test_citations_matches_key(name, year, suffix, entry, strict, hit):
    assert matches_key(name, year, suffix, entry, RULES, strict) is hit


def test_citations_user_rules_add_an_ibid_spelling(tmp_path):
    (tmp_path / "citation_phrases.csv").write_text("phrase,role\nEbenda,ibid\n", encoding="utf-8")
    assert parse_note("Ebenda, S. 4.", RULES).type != "ibid"
    assert parse_note("Ebenda, S. 4.", load_rules(str(tmp_path))).type == "ibid"


# --- the cite stage -----------------------------------------------------------------------------------------

def _notes_doc(texts: list[str]) -> Document:
    doc = Document(doc_id="d", path="d.pdf")
    doc.notes = [Note("d", f"fn{i}", "footnote", str(i), t, 1, (0, 0, 0, 0)) for i, t in enumerate(texts, 1)]
    return doc


def test_cite_links_ibid_short_forms_and_cross_references():
    doc = _notes_doc([
        "Anna Berg, “Chips and the State,” Policy Review, May 1, 2020, https://perma.cc/AB12-CD34.",
        "Ibid., 4.",
        "Counting such funds is hard; the figures are estimates.",
        "Ibid.",
        "Tom Reed, The Planning State: Ministries and Markets (Oxford: Oxford University Press, 2019), 45.",
        "Berg, “Chips and the State,” 9.",
        "Reed, Planning State, 52.",
        "Ibid., 60.",
        "See note 5.",
        "Okafor, “Unrelated Title,” 3.",
    ])
    cite(doc)
    assert [(n.type, n.refers_to) for n in doc.notes] == [
        ("full", ""), ("ibid", "fn1"), ("comment", ""), ("ibid", "fn1"), ("full", ""), ("short", "fn1"),
        ("short", "fn5"), ("ibid", "fn5"), ("short", "fn5"), ("short", "")]


# --- the seed papers ----------------------------------------------------------------------------------------

def test_citations_brief_every_note_has_its_marker_and_type(brief):
    notes = [n for n in brief.notes if n.kind == "footnote"]
    assert [n.marker for n in notes] == [str(i) for i in range(1, 39)]
    assert [n.marker for n in notes if n.type == "ibid"] == ["12", "16", "37"]
    assert [n.marker for n in notes if n.type == "short"] == ["20", "22", "23", "26", "27"]
    assert [n.marker for n in notes if n.type == "multi"] == ["14"]
    assert not [n for n in notes if n.type == "comment"]


def test_citations_brief_repeats_point_to_the_right_note(brief):
    by_id = {n.citation_id: n.marker for n in brief.notes}
    links = {n.marker: by_id[n.refers_to] for n in brief.notes if n.refers_to}
    assert links == {"12": "11", "16": "15", "20": "6", "22": "15", "23": "21", "26": "17", "27": "6", "37": "36"}


@pytest.mark.parametrize("marker, field, value", [
    ("1", "urls", ["https://perma.cc/3XVT-U6C2"]),
    ("1", "title", "Xi Jinping: Core Technology is the Most Important Weapon of the Country"),
    ("1", "title_original", "习近平：关键核心技术是国之重器"),
    ("1", "container", "Xinhua"),
    ("1", "date", "2018-07-15"),
    ("3", "authors", ["Jude Blanchette", "Andrew Polk"]),
    ("4", "date", "2022-10-26"),  # only an access date is printed: it stands for the date
    ("6", "urls", ["https://perma.cc/73AK-BUW2",
                   "https://cset.georgetown.edu/wp-content/uploads/t0284_14th_Five_Year_Plan_EN.pdf"]),
    ("10", "container", "Chinese Power and Artificial Intelligence: Perspectives and Challenges"),
    ("11", "date", "2022-06"),
    ("21", "year", 2021),
    ("23", "authors", ["Yang"]),
    ("34", "title", "Companies on the Front Line: Trends in Overseas Chinese Listings"),
    ("34", "urls", ["https://www.atlanticcouncil.org/blogs/econographics/companies-on-the-front-line-trends-in-overseas"
                    "-chinese-listings/#:~:text=US%20and%20China%3A%20Capital%20markets,more%20diverse%20group%20of"
                    "%20investors"]),
    ("38", "authors", ["Liu Weifeng", "Ma Si", "Li Fusheng"]),
])
def test_citations_brief_fields(brief, marker, field, value):
    note = next(n for n in brief.notes if n.marker == marker)
    assert getattr(note, field) == value


def test_citations_brief_urls_are_exact(brief):
    gold = json.loads(need(SHARED / "gold" / "luong-2022-financing-tech-self-reliance.json").read_text("utf-8"))
    urls = [u for n in brief.notes if n.kind == "footnote" for u in n.urls]
    assert len(urls) == 34
    # The gold's 35th URL is printed in the source note under Figure 1, which ingest does not make a note.
    assert urls == [u for g in gold["citations"] if g["marker"] != "fig1-1" for u in g["urls"]]


def _gold():
    return json.loads(need(GOLD).read_text(encoding="utf-8"))


def _norm(v):
    return v if v is not None else ""


@pytest.mark.parametrize("field", ["kind", "authors", "title", "title_original", "container", "date", "year",
                                   "urls"])
def test_citations_paper_notes_match_the_gold(paper, field):
    # The gold's fields describe the work cited: a short form's are those of the full reference it points to.
    notes = {n.marker: n for n in paper.notes if n.kind == "footnote"}
    gold = _gold()["citations"]

    def value(note):
        if field == "kind":
            return note.type
        return getattr(note if field == "urls" else note.resolved, field)

    wrong = [g["marker"] for g in gold if _norm(value(notes[g["marker"]])) != _norm(g[field])]
    # Note 5 quotes a plan by its acronym (IDDS) and names its section; the gold reads it as a short form of the
    # plan's reference-list entry, which an acronym does not lead to.
    assert wrong == (["5"] if field != "urls" else [])


@pytest.mark.parametrize("field", ["authors", "title", "title_original", "container", "date", "year", "year_suffix",
                                   "urls"])
def test_citations_paper_references_match_the_gold(paper, field):
    bib = [n for n in paper.notes if n.kind == "bibliography"]
    gold = _gold()["bibliography"]
    assert len(bib) == len(gold) == 37
    wrong = [i for i, (g, n) in enumerate(zip(gold, bib), 1) if not _same(getattr(n, field), g[field])]
    assert wrong == []


def _same(mine, gold) -> bool:
    """Equal, text compared without case, punctuation or spacing (the gold drops a space the PDF prints)."""
    if isinstance(gold, list):
        return len(mine) == len(gold) and all(_same(m, g) for m, g in zip(mine, gold))
    if isinstance(gold, str) or gold is None:
        return norm(mine or "") == norm(gold or "")
    return mine == gold


@pytest.mark.parametrize("cid, field, value", [
    ("bib5", "year_suffix", "A"),
    ("bib9", "authors", ["Kim Holmes"]),
    ("bib19", "authors", ["MOST", "MOF"]),
    ("bib30", "title", ""),
    ("bib35", "container", "China Science and Technology Forum"),
    ("fn8", "authors", ["Holmes"]),
    ("fn21", "type", "multi"),
    ("fn24", "container", "人民网 (people.com.cn)"),
])
def test_citations_paper_fields(paper, cid, field, value):
    note = next(n for n in paper.notes if n.citation_id == cid)
    assert getattr(note, field) == value


# APA (7th edition), the style of journals and many European think tanks; the strings are written for the test.
@pytest.mark.parametrize("text, authors, title, container, date", [
    ("Okafor, N. T. (2021, March 4). Why battery makers moved inland. The Daily Ledger. https://ledger.example.com/a",
     ["N. T. Okafor"], "Why battery makers moved inland", "The Daily Ledger", "2021-03-04"),
    ("Berg, A., Lindqvist, P., & Van Der Berg, C. (2019). Subsidy races in solar glass. Energy Policy Review, 12(3), "
     "44–61. https://doi.org/10.1000/xyz", ["A. Berg", "P. Lindqvist", "C. Van Der Berg"],
     "Subsidy races in solar glass", "Energy Policy Review", "2019"),
    ("Ministry of Finance. (2018, July 2). Notice on pilot tax credits for design software [Press release]. "
     "https://mof.example.gov/n", ["Ministry of Finance"], "Notice on pilot tax credits for design software", "",
     "2018-07-02"),
    ("Guidance funds at a crossroads. (2022, May 30). Asia Capital Monitor. https://acm.example.org/g",
     [], "Guidance funds at a crossroads", "Asia Capital Monitor", "2022-05-30"),
    ("Rossi, L. (2017). Catch-up by decree. In M. Chen & R. Diaz (Eds.), States and Markets in East Asia "
     "(pp. 10–31). Harbor Press.", ["L. Rossi"], "Catch-up by decree", "States and Markets in East Asia", "2017"),
    ("Ito, K. (2023, June 1). Can export controls work? The Lantern Institute for Policy Research. "
     "https://lantern.example.org/k", ["K. Ito"], "Can export controls work?", "The Lantern Institute for Policy Research",
     "2023-06-01"),
    ("Central Bank Board. (2020). Why rates moved? A look back (Working Paper Series). https://cbb.example.org/w",
     ["Central Bank Board"], "Why rates moved? A look back", "Working Paper Series", "2020"),
])
def test_citations_parse_note_apa(text, authors, title, container, date):
    p = parse_note(text, RULES)
    assert (p.type, p.authors, p.title, p.container, p.date) == ("full", authors, title, container, date)


def test_citations_apa_reference_after_prose_in_a_note():
    p = parse_note("The figure was later revised, see Marsh, D., & Oyelaran, F. (2024, January 9). Chip subsidies "
                   "compared. Policy Quarterly. https://pq.example.org/c", RULES)
    assert (p.authors, p.title, p.container, p.date) == (["D. Marsh", "F. Oyelaran"], "Chip subsidies compared",
                                                         "Policy Quarterly", "2024-01-09")
    assert p.urls == ["https://pq.example.org/c"]


def test_citations_apa_sources_of_a_multi_note_keep_their_own_urls():
    p = parse_note("Hale, J. (2020, May 1). Grid storage bets. The Courier. https://courier.example.com/1 ; Wu, M. "
                   "(2021). Battery tariffs. Trade Notes. https://tn.example.org/2", RULES)
    assert p.type == "multi"
    assert [(s.authors, s.title, s.urls) for s in p.sources] == [
        (["J. Hale"], "Grid storage bets", ["https://courier.example.com/1"]),
        (["M. Wu"], "Battery tariffs", ["https://tn.example.org/2"]),
    ]


# A source described in a sentence, and a URL that is the whole reference.
@pytest.mark.parametrize("text, authors, container", [
    ("See the speech by Wen Hailin, deputy minister, https://example.org/speech", ["Wen Hailin"], ""),
    ("See the article by Premier Li Wenhua in the 3rd issue of Harbor Review magazine, https://example.org/a",
     ["Li Wenhua"], "Harbor Review"),
    ("See Anna Berg’s remarks to the press, https://example.org/b", ["Anna Berg"], ""),
    ("The ministry raised the cap in 2023, https://www.reuters.com/markets/asia/cap-2023/", [], "Reuters"),
    ("Output data from the provincial bureau, https://www.gov.cn/zhengce/2024/notice.html", [], "State Council"),
    ("County figures, https://www.county.gov.cn/zwyw/2024/t1.html", [], ""),  # no gov.cn site is the State Council
    ("As reported in the Financial Times, https://example.com/story", [], "Financial Times"),
])
def test_citations_prose_source_author_and_outlet(text, authors, container):
    p = parse_note(text, RULES)
    assert (p.type, p.authors, p.container) == ("full", authors, container)


def test_citations_outlet_domains_are_a_rule_file_a_user_extends(tmp_path):
    (tmp_path / "outlet_domains.csv").write_text("domain,outlet,kind\nharbor.example.org,Harbor Daily,news\n",
                                                 encoding="utf-8")
    rules = load_rules(str(tmp_path))
    note = "The port's figures rose again, https://news.harbor.example.org/x"
    assert parse_note(note, rules).container == "Harbor Daily"
    assert parse_note(note, RULES).container == ""


# House styles beyond Chicago and APA; each string is written for the test in that style.
@pytest.mark.parametrize("text, kind, authors, title, original, container, date", [
    # bracketed Chinese after a name, in square brackets, parentheses or bare
    ("Zhang Wei [张伟], “Chip Funds Revisited,” Caijing, March 2, 2020, https://example.cn/c.", "full",
     ["Zhang Wei"], "Chip Funds Revisited", "", "Caijing", "2020-03-02"),
    ("Xu Ming (徐明), “Planning after 2035,” China Economic Review, 2019.", "full", ["Xu Ming"],
     "Planning after 2035", "", "China Economic Review", "2019"),
    ("Wang Lihua 王丽华, “Provincial Funds,” Securities Times, July 7, 2021.", "full", ["Wang Lihua"],
     "Provincial Funds", "", "Securities Times", "2021-07-07"),
    # an organisation whose name holds digits
    ("Zero9 Research, “Equity Market Review 2021 [2021年股权市场回顾],” Zero9, January 10, 2022.", "full",
     ["Zero9 Research"], "Equity Market Review 2021", "2021年股权市场回顾", "Zero9", "2022-01-10"),
    # unpublished records: a date, no author
    ("Interview, provincial planning official, September 22, 2017.", "comment", [], "", "", "", "2017-09-22"),
    ("Personal communication with a fund manager, Shenzhen, March 3, 2019.", "comment", [], "", "", "",
     "2019-03-03"),
    # a law cited with its enactment: the promulgation date, not the date it took effect
    ("Data Rules of the People’s Republic of China (promulgated by the Standing Comm. Nat’l People’s Cong., "
     "Nov. 7, 2016, effective June 1, 2017), art. 37.", "full", ["Standing Comm. Nat’l People’s Cong."],
     "Data Rules of the People’s Republic of China", "", "", "2016-11-07"),
    # an access date is not the publication date when one is printed
    ("Anna Berg, “Export Curbs Bite,” Harbor Times, May 2, 2023, accessed 3 May 2024, https://example.com/e.",
     "full", ["Anna Berg"], "Export Curbs Bite", "", "Harbor Times", "2023-05-02"),
    # French and German titles, quotes and months kept as printed
    ("Jean Martin, « La politique industrielle chinoise », Le Quotidien, 3 mai 2021.", "full", ["Jean Martin"],
     "La politique industrielle chinoise", "", "Le Quotidien", "2021-05-03"),
    ("Hans Weber, „Chinas Industriepolitik im Wandel“, Tagesblatt, 4. März 2022.", "full", ["Hans Weber"],
     "Chinas Industriepolitik im Wandel", "", "Tagesblatt", "2022-03-04"),
])
def test_citations_parse_note_house_styles(text, kind, authors, title, original, container, date):
    p = parse_note(text, RULES)
    assert (p.type, p.authors, p.title, p.title_original, p.container, p.date) == (
        kind, authors, title, original, container, date)


@pytest.mark.parametrize("text, alias", [
    ("Research Group, “Market Review (Part 1) [市场回顾],” (hereinafter “Market Review (Part 1)”), Outlet, 2022.",
     "Market Review (Part 1)"),
    ("State Council, “Guiding Opinions on Fund Management” (hereafter: the Guidance), May 3, 2015.", "the Guidance"),
    ("State Council, “Notice on the Plan [规划]” [hereinafter MIC 2025], May 8, 2015.", "MIC 2025"),
    ("State Council, “Opinions on Venture Capital” (hereinafter “VC Opinions), June 2, 2016.", "VC Opinions"),
])
def test_citations_parse_note_reads_the_alias_a_reference_announces(text, alias):
    p = parse_note(text, RULES)
    assert (p.type, p.alias) == ("full", alias)
    assert "hereafter" not in p.title.lower() and "hereinafter" not in p.title.lower()


def test_citations_id_is_ibid_and_op_cit_names_the_author():
    assert parse_note("Id. at 45.", RULES).type == "ibid"
    p = parse_note("Lindqvist, op. cit., 45.", RULES)
    assert (p.type, p.authors, p.title) == ("short", ["Lindqvist"], "")


def test_cite_resolves_aliases_authors_and_drifted_short_titles():
    doc = _notes_doc([
        "State Council, “Notice on Made in Harbor 2030 [港制造2030]” [hereinafter MIH 2030], May 8, 2015.",
        "Mara Lindqvist, “The Other Secrets to Fund Growth,” Policy Review, May 1, 2020.",
        "Tom Reed, “Ministries and Markets,” Asia Letters, June 2, 2019.",
        "MIH 2030, sec. 3.",
        "Lindqvist, “Another Secret Behind,” 12.",
        "Reed, op. cit., 45.",
        "Interview, fund manager, Shenzhen, March 3, 2019.",
    ])
    cite(doc)
    assert [(n.type, n.refers_to) for n in doc.notes] == [
        ("full", ""), ("full", ""), ("full", ""), ("short", "fn1"), ("short", "fn2"), ("short", "fn3"),
        ("comment", "")]
    assert doc.notes[3].resolved.title == "Notice on Made in Harbor 2030"
    assert doc.notes[3].resolved.date == "2015-05-08"
    assert (doc.notes[4].authors, doc.notes[4].resolved.authors) == (["Lindqvist"], ["Mara Lindqvist"])
    assert doc.notes[4].resolved.container == "Policy Review"
    assert doc.notes[5].resolved.title == "Ministries and Markets"
    assert doc.notes[6].resolved.date == "2019-03-03"


def test_cite_a_short_form_can_point_at_a_later_source_of_a_multi_note():
    doc = _notes_doc([
        "Anna Berg, “Chips and the State,” Policy Review, May 1, 2020; Shen Li, “Interview with a Fund Manager,” "
        "Harbor Daily, June 3, 2021, https://harbor.example.com/i.",
        "Shen, “Interview with a Fund Manager.”",
        "Ibid.",
    ])
    cite(doc)
    first = doc.notes[0]
    assert first.type == "multi"
    assert [(s.source_no, s.type, s.printed.authors, s.urls) for s in first.sources] == [
        (1, "full", ["Anna Berg"], []), (2, "full", ["Shen Li"], ["https://harbor.example.com/i"])]
    assert (doc.notes[1].refers_to, doc.notes[1].resolved.authors, doc.notes[1].resolved.date) == (
        "fn1", ["Shen Li"], "2021-06-03")
    assert doc.notes[1].resolved.container == "Harbor Daily"
    assert doc.notes[2].resolved.title == "Interview with a Fund Manager"


def test_cite_an_author_year_pointer_in_a_note_resolves_to_the_reference_list():
    doc = _notes_doc(["Growth slowed after the reform (Okafor 2019).", "Okafor (2019), 12."])
    doc.notes.append(Note("d", "ref1", "bibliography", "", "Okafor, Nia. 2019. “Funds and Firms.” Harbor Review "
                          "12 (3): 4–19.", 9, (0, 0, 0, 0)))
    cite(doc)
    for note in doc.notes[:2]:
        assert (note.type, note.refers_to) == ("short", "ref1")
        assert (note.authors, note.resolved.authors, note.resolved.title) == (["Okafor"], ["Nia Okafor"],
                                                                              "Funds and Firms")


def test_citations_brief_note_sources_rows_hold_every_source_and_its_resolution(brief):
    rows = list(note_source_rows(brief))
    by_note = {}
    for r in rows:
        by_note.setdefault(r["citation_id"], []).append(r)
    multi = by_note[next(n.citation_id for n in brief.notes if n.marker == "14")]
    assert [(r["source_no"], r["authors"], r["container"]) for r in multi] == [
        (1, "Ngor Luong; Zachary Arnold", "Center for Security and Emerging Technology"),
        (2, "Fendy Wang", "EE Times")]
    assert multi[1]["urls"] == "https://www.eetimes.com/huawei-vs-xiaomi-how-two-giants-fueled-chinas-growth/"
    short = by_note[next(n.citation_id for n in brief.notes if n.marker == "23")][0]
    assert (short["type"], short["authors"], short["resolved_authors"], short["resolved_container"],
            short["resolved_year"]) == ("short", "Yang", "Mei Ni Yang", "Mercer", 2021)


def _captions_doc(texts: list[str]) -> Document:
    doc = Document(doc_id="d", path="d.pdf")
    doc.passages = [Passage("d", f"d:{i:04d}", 2, (0, 0, 0, 0), "caption", t) for i, t in enumerate(texts)]
    return doc


def test_source_notes_are_the_numbered_references_under_a_source_line():
    doc = _captions_doc([
        "Figure 2: Funds raised by province, 2015–2021",
        "Source: Author’s analysis. 1 “Fund Review [基金回顾],” Harbor Daily, March 16, 2022, "
        "https://harbor.example.com/r. 2 Anna Berg, “Chips,” Policy Review, May 1, 2020.",
        "Table 3: Megaprojects",
        "Source: Author’s compilation from 12 ministry notices.",  # no numbered list
    ])
    notes = source_notes(doc)
    assert [(n.kind, n.marker, n.citation_id) for n in notes] == [
        ("source_note", "fig2-1", "src-fig2-1"), ("source_note", "fig2-2", "src-fig2-2")]
    assert notes[0].text == "“Fund Review [基金回顾],” Harbor Daily, March 16, 2022, https://harbor.example.com/r."
    doc.notes = notes
    cite(doc)
    assert (notes[0].title, notes[0].title_original, notes[0].date) == ("Fund Review", "基金回顾", "2022-03-16")
    assert notes[1].authors == ["Anna Berg"]


def test_citations_brief_figure_source_is_a_note(brief):
    note = next(n for n in brief.notes if n.kind == "source_note")
    assert (note.marker, note.page, note.date, note.container, note.urls) == (
        "fig1-1", 5, "2022-03-16", "Zero2IPO", ["https://perma.cc/6BNX-UGTR"])


@pytest.mark.parametrize("text, kind", [
    ("See Daniel Okafor, Mara Lindqvist and Tom Reed, “After the Boom: Funds in 2025,”", "full"),
    ("Lindqvist and Reed, “After the Boom,” 12.", "short"),
    ("Wang Lihua, “Provincial Funds,” 4.", "short"),  # a Chinese name is printed whole in short forms too
])
def test_citations_authors_with_given_names_open_a_full_reference(text, kind):
    assert parse_note(text, RULES).type == kind


@pytest.mark.parametrize("text, title", [
    ("Each spring the Harbor Institute publishes its grid storage census, which ranks 40 provinces, "
     "https://harbor.example.org/census", "grid storage census"),
    ("The bureau released its annual fund survey in March, https://bureau.example.gov/s", ""),  # "in" ends no title
])
def test_citations_prose_source_names_what_was_published(text, title):
    assert parse_note(text, RULES).title == title


def test_citations_a_url_only_note_is_a_full_reference_with_its_outlet():
    p = parse_note("https://www.reuters.com/markets/asia/chip-fund-2024-05-02/", RULES)
    assert (p.type, p.urls, p.container, p.title) == (
        "full", ["https://www.reuters.com/markets/asia/chip-fund-2024-05-02/"], "Reuters", "")
