"""Author-year citations in running text (pipeline/extractors/intext.py) and their resolution (stages/cite.py)."""
from __future__ import annotations

import json

import pytest

from pipeline.extractors.intext import find_citations, load_rules, split_year
from pipeline.model import Document, Note, Passage
from pipeline.stages.cite import cite
from tests.conftest import SHARED, need

GOLD = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json"


def _found(text: str) -> list[tuple[str, str, int | None, str]]:
    return [(c.text, c.name, c.year, c.suffix) for c in find_citations(text)]


@pytest.mark.parametrize("text, expected", [
    ("Output rose sharply (Okafor 2019).", [("(Okafor 2019)", "Okafor", 2019, "")]),
    ("as shown before (Brandt et al. 2020).", [("(Brandt et al. 2020)", "Brandt et al.", 2020, "")]),
    ("as shown before (Brandt et al., 2020).", [("(Brandt et al., 2020)", "Brandt et al.", 2020, "")]),
    ("a long debate (Moreau and Tanaka 2017).", [("(Moreau and Tanaka 2017)", "Moreau and Tanaka", 2017, "")]),
    ("the plan says so (State Planning Commission 1998b).",
     [("(State Planning Commission 1998b)", "State Planning Commission", 1998, "b")]),
    ("the ministry said (Ministry of Finance 2021A).",
     [("(Ministry of Finance 2021A)", "Ministry of Finance", 2021, "A")]),
    ("exactly this point (Okafor 2019, 44).", [("(Okafor 2019, 44)", "Okafor", 2019, "")]),
    ("exactly this point (Okafor 2019: 12-15).", [("(Okafor 2019: 12-15)", "Okafor", 2019, "")]),
    ("exactly this point (Okafor 2019, p. 7).", [("(Okafor 2019, p. 7)", "Okafor", 2019, "")]),
    ("a later speech (quoted in Duarte 2022).", [("(quoted in Duarte 2022)", "Duarte", 2022, "")]),
    ("a later speech (Cited in Duarte 2022).", [("(Cited in Duarte 2022)", "Duarte", 2022, "")]),
    ("two views (Okafor 2019; Brandt et al. 2020).",
     [("Okafor 2019", "Okafor", 2019, ""), ("Brandt et al. 2020", "Brandt et al.", 2020, "")]),
    ("repeatedly (Okafor 2019, 2021).",
     [("(Okafor 2019, 2021)", "Okafor", 2019, ""), ("(Okafor 2019, 2021)", "Okafor", 2021, "")]),
    ("As Okafor (2019) argues, ...", [("Okafor (2019)", "Okafor", 2019, "")]),
    ("Following Brandt et al. (2020), we ...", [("Brandt et al. (2020)", "Brandt et al.", 2020, "")]),
    ("According to Zhou Minghua (2018), the ...", [("Zhou Minghua (2018)", "Zhou", 2018, "")]),
    ("According to Helen Okafor (2019), the ...", [("Helen Okafor (2019)", "Okafor", 2019, "")]),
    ("an unsigned essay (“Why Chips Matter” 2020).", [("(“Why Chips Matter” 2020)", "“Why Chips Matter”", 2020, "")]),
    ("a split\ncitation (National Bureau of\nStatistics 2022).",
     [("(National Bureau of\nStatistics 2022)", "National Bureau of\nStatistics", 2022, "")]),
    ("an undated page (Okafor n.d.).", [("(Okafor n.d.)", "Okafor", None, "")]),
])
def test_intext_finds_author_year_forms(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize("text", [
    "in the current (post-2020) period",
    "the plan period (2021–2025) and the next",
    "worth $392 billion (RMB 2.79 trillion) in 2021",
    "the 14th Five-Year Plan (2021) set targets",
    "Made in China (MIC) 2025 named ten sectors",
    "as the data show (Table 3 2020)",
    "growth slowed (January 2020) after",
    "see the chart (Figure 2)",
    "The Medium- and Long-Term Plan (MLP 2006) set the goal",
    "In China (2020) the share rose",
    "((Okafor 2019 and then nothing closes",
    "garbled ) ( 2019 ) (( 20x9 ))",
    "",
])
def test_intext_ignores_years_in_prose_and_plan_names(text):
    assert find_citations(text) == []


def test_intext_marks_narrative_citations():
    assert [c.narrative for c in find_citations("Okafor (2019) disagrees with (Zhou 2018).")] == [True, False]


def test_intext_offsets_point_at_the_printed_citation():
    text = "Prices fell (Okafor 2019) and Brandt et al. (2020) agree."
    for c in find_citations(text):
        assert text[c.start:c.end] == c.text


@pytest.mark.parametrize("raw, expected", [("2020", (2020, "")), ("2020a", (2020, "a")), ("2021A", (2021, "A")),
                                           ("n.d.", (None, "")), ("forthcoming", (None, ""))])
def test_intext_split_year(raw, expected):
    assert split_year(raw) == expected


def test_intext_user_rules_add_words_that_are_no_author(tmp_path):
    (tmp_path / "citation_words.csv").write_text("word,role,value\nBlueprint,not_author,\n", encoding="utf-8")
    text = "the Green Blueprint (2021) says"
    assert [c.name for c in find_citations(text)] == ["Blueprint"]
    assert find_citations(text, load_rules(str(tmp_path))) == []


def _doc(passages: list[tuple[str, str]], notes: list[tuple[str, str, str]]) -> Document:
    doc = Document(doc_id="d", path="d.pdf")
    doc.passages = [Passage("d", f"d:{i}", 1, (0, 0, 0, 0), kind, text) for i, (kind, text) in enumerate(passages)]
    doc.notes = [Note("d", cid, kind, cid[2:] if kind == "footnote" else "", text, 1, (0, 0, 0, 0))
                 for cid, kind, text in notes]
    return doc


def test_cite_resolves_intext_citations_to_reference_entries():
    doc = _doc([("body", "Two views (Okafor 2019; Zhou 2018) and Okafor (2019a) differ (Lindgren 2015)."),
                ("heading", "Okafor (2019) in a heading is not scanned")],
               [("bib1", "bibliography", "Okafor, Helen. 2019. “Chips.” Journal of Industry 4 (2): 1–9."),
                ("bib2", "bibliography", "Okafor, Helen. 2019a. Fabs. London: Verso Press."),
                ("bib3", "bibliography", "Zhou Minghua (周明华). 2018. “Funds (基金)”, Caixin, 3 May 2018.")])
    cite(doc)
    assert [(c.surname_or_org, c.year, c.year_suffix, c.resolves_to) for c in doc.intext_citations] == [
        ("Okafor", 2019, "", "bib1"), ("Zhou", 2018, "", "bib3"), ("Okafor", 2019, "a", "bib2"),
        ("Lindgren", 2015, "", "")]


def test_cite_resolves_each_work_of_a_bracket():
    doc = _doc([("body", "Both agree (Okafor 2019; Zhou and Li 2018, 12).")],
               [("bib1", "bibliography", "Okafor, Helen. 2019. “Chips.” Journal of Industry 4 (2): 1–9."),
                ("bib2", "bibliography", "Zhou, Minghua, and Li Na. 2018. Funds. Beijing: Caixin Press.")])
    cite(doc)
    assert [(c.text, c.resolves_to) for c in doc.intext_citations] == [("Okafor 2019", "bib1"),
                                                                      ("Zhou and Li 2018, 12", "bib2")]
    assert [n.authors for n in doc.notes] == [["Helen Okafor"], ["Zhou Minghua", "Li Na"]]


def test_cite_prefers_the_surname_over_a_given_name():
    # "Liu Yin" is cited as Liu; "(Yin et al. 2021)" is Yin Bo's paper, not Liu Yin's.
    doc = _doc([("body", "as argued (Yin et al. 2021).")],
               [("bib1", "bibliography", "Liu Yin, Cao Jun. 2021. “A Title”, Outlet, 1 May 2021."),
                ("bib2", "bibliography", "Yin Bo, Chen Li, Jia Hua. 2021. “Another Title”, Outlet, 2 May 2021.")])
    cite(doc)
    assert [c.resolves_to for c in doc.intext_citations] == ["bib2"]


def test_cite_skips_note_brackets_without_a_reference_list():
    # In a notes-only document "(Harbor Institute, 2021)" is a publisher and a year, not a citation.
    doc = _doc([("footnote", "Ana Ruiz, Counting Funds (Harbor Institute, 2021), 9."),
                ("body", "A claim (Okafor 2019).")],
               [("fn1", "footnote", "Ana Ruiz, Counting Funds (Harbor Institute, 2021), 9.")])
    cite(doc)
    assert [(c.text, c.resolves_to) for c in doc.intext_citations] == [("(Okafor 2019)", "")]


def test_intext_paper_finds_every_gold_citation_and_resolves_it(paper):
    gold = json.loads(need(GOLD).read_text(encoding="utf-8"))
    bib = {n.citation_id: n for n in paper.notes if n.kind == "bibliography"}
    keys = {g["key"]: f"bib{i}" for i, g in enumerate(gold["bibliography"], 1)}
    assert len(bib) == len(keys) == 37
    want = [(g["text"], g["surname_or_org"], g["year"], g["year_suffix"], keys.get(g["resolves_to"] or "", ""))
            for g in gold["intext_citations"]]
    got = [(c.text, c.surname_or_org, c.year, c.year_suffix, c.resolves_to) for c in paper.intext_citations]
    assert sorted(got) == sorted(want)  # the gold lists notes' citations where the note is printed


@pytest.mark.parametrize("text, resolves_to", [
    ("(Central Committee of CCP 2020A)", "bib5"),
    ("(Central Committee of CCP 2020)", "bib4"),
    ("(Central Committee of CCP and State Council 2016)", "bib2"),
    ("(Cited in Xu et al. 2020)", "bib33"),
    ("(Xi 2021A)", "bib30"),
    ("Jiang Feitao (2021)", "bib11"),
    ("(“More deadly than the chip” 2022)", "bib7"),
    ("(MOSTc 2022)", ""),
    ("Naughton (2020)", ""),
    ("(Jin 2022)", ""),
])
def test_intext_paper_resolves_keys_and_lists_unresolved(paper, text, resolves_to):
    assert {c.resolves_to for c in paper.intext_citations if c.text == text} == {resolves_to}


def test_intext_paper_citations_in_footnotes_are_found(paper):
    kinds = {p.passage_id: p.kind for p in paper.passages}
    in_notes = sorted(c.text for c in paper.intext_citations if kinds[c.passage_id] == "footnote")
    assert in_notes == ["(Holmes 2014)", "Naughton (2020)"]


def test_intext_brief_has_no_author_year_citations(brief):
    assert brief.intext_citations == []
