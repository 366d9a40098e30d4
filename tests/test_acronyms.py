"""Acronyms: Schwartz & Hearst definitions in both orders, one row per (short, long), links into entities."""
from __future__ import annotations

import json
import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import base
from pipeline.extractors.acronyms import (base_form, count_uses, find_definitions, initials_match, is_short_form,
                                          link_entities, schwartz_hearst, uses_pattern)
from pipeline.model import Document, Mention, Passage
from pipeline.stages.annotate import annotate, load_nlp
from .conftest import SHARED, need

GOLD = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json"


@pytest.mark.parametrize("short, candidate, long_form", [
    ("WTO", "when the country joined the World Trade Organization", "World Trade Organization"),
    ("S&T", "a rising budget for science and technology", "science and technology"),
    ("NSS&TF", "building a national strategic science and technology force",
     "national strategic science and technology force"),
    ("SEIs", "a push for “strategic emerging industries”", "strategic emerging industries”"),
    ("OMB", "the White House Office of Management and Budget", "Office of Management and Budget"),
    ("AHA", "moving it to the new Administration for a Healthy America", "Administration for a Healthy America"),
    ("MLP", "the 2006 Medium and Long-Term Plan", "Medium and Long-Term Plan"),
    ("CAS", "scientists of the Chinese Academy of Sciences", "Chinese Academy of Sciences"),
    ("RMB", "2 trillion renminbi", "renminbi"),
    ("PPP", "a public-private partnership", "public-private partnership"),  # not "private partnership"
    ("AI", "on artificial intelligence", "artificial intelligence"),
])
def test_acronyms_schwartz_hearst_finds_where_the_long_form_starts(short, candidate, long_form):
    at = schwartz_hearst(short, candidate)
    assert candidate[at:] == long_form


@pytest.mark.parametrize("short, candidate", [
    ("XYZ", "nothing that spells it"),
    ("GDP", "domestic product"),  # no word starts with G
    ("MEMS", "Micro System Technology"),  # letters out of reach
    ("EU", "based on Eurostat data"),  # the last letter must fall in the last word
    ("IT", "from the US and China—in the digital"),  # the first letter may not start a function word
    ("SP", "the China's plan"),  # nor the s after an apostrophe
    ("AI", "have acquired leading"),  # a two-letter short form needs both letters on word initials
    ("AB", ""),
])
def test_acronyms_schwartz_hearst_none_when_letters_do_not_match(short, candidate):
    assert schwartz_hearst(short, candidate) is None


@pytest.mark.parametrize("short, candidate, long_form", [
    ("14F STI Plans", "the provincial 14th Five-year Plans for Scientific and Technological Innovation",
     "14th Five-year Plans for Scientific and Technological Innovation"),
    ("NS Plan", "a new National Security Plan", "National Security Plan"),
])
def test_acronyms_initials_match_multiword_short_forms(short, candidate, long_form):
    assert candidate[initials_match(short, candidate):] == long_form


@pytest.mark.parametrize("short, candidate", [
    ("14F STI Plans", "the provincial 14th Five-year Programs for Scientific and Technological Innovation"),
    ("NS Plan", "a new National Plan"),
    ("Abc Def", "Alpha Beta Charlie Delta"),
])
def test_acronyms_initials_match_rejects(short, candidate):
    assert initials_match(short, candidate) is None


@pytest.mark.parametrize("text, expected", [
    ("NKPs", True), ("NSS&TF", True), ("14F STI Plans", True), ("IC", True), ("S&T", True), ("5G", True),
    ("Sun 2020", False), ("MOSTc 2022", False), ("Beijing", False), ("10 billion RMB", False),
    ("科技自立自强", False), ("a", False), ("Mems", False), ("see Table 2", False), ("-AB", False),
    ("ABCDEFGHIJKL", False),
])
def test_acronyms_is_short_form(text, expected):
    assert is_short_form(text) is expected


@pytest.mark.parametrize("text, short, long_form", [
    ("Money flows through the National Key R&D Programs (NKPs) every year.", "NKPs", "National Key R&D Programs"),
    ("The plan set targets (or KPIs: key performance indicators) for every bureau.", "KPIs",
     "key performance indicators"),
    ("Officials at MOST (Ministry of Science and Technology) drafted the list.", "MOST",
     "Ministry of Science and Technology"),
    ("Officials at MOST (the Ministry of Science and Technology) drafted the list.", "MOST",
     "Ministry of Science and Technology"),
    ("They stressed the “innovation-driven development strategy” (IDDS) again.", "IDDS",
     "innovation-driven development strategy"),
    ("Provinces issued 14th Five-year Plans for Scientific and Technological Innovation (14F STI Plans; two "
     "remain unpublished).", "14F STI Plans", "14th Five-year Plans for Scientific and Technological Innovation"),
    ("Firms in the electric vehicle (EV) sector grew.", "EV", "electric vehicle"),
    ("It lent to the State Key Labs (SKLs) directly.", "SKLs", "State Key Labs"),
    ("They built the National Strategic S&T Force (NSS&TF) quickly.", "NSS&TF", "National Strategic S&T Force"),
    ("Shares of Semiconductor Manufacturing International Corporation (SMIC) fell.", "SMIC",
     "Semiconductor Manufacturing International Corporation"),
    # word initials win over inner letters, and hyphenated words are split
    ("They rely on a public-private partnership (PPP) model.", "PPP", "public-private partnership"),
    ("Talks on the Transatlantic Trade and Investment Partnership (TTIP) were halted.", "TTIP",
     "Transatlantic Trade and Investment Partnership"),
    # "or" names a second short form; a name whose last words are not in the short form
    ("The People’s Republic of China (PRC or China) approved it.", "PRC", "People’s Republic of China"),
    ("It took the Updated Network and Information Security Directive (NIS2) as a model.", "NIS2",
     "Network and Information Security Directive"),
    ("The Indo-Pacific Economic Framework for Prosperity (IPEF) launched.", "IPEF",
     "Indo-Pacific Economic Framework for Prosperity"),
    # a long title after the name: the long form is what the letters spell
    ("It approved China’s 15th Five-Year Plan for National Economic and Social Development (FYP) in March.",
     "FYP", "Five-Year Plan"),
])
def test_acronyms_find_definitions_in_both_orders(text, short, long_form):
    [d] = find_definitions(text)
    assert (d.short, d.long) == (short, long_form)
    assert text[d.short_start:d.short_end] == short
    assert text[d.long_start:d.long_end] == long_form


@pytest.mark.parametrize("text", [
    "As argued before (Sun 2020), the plan failed.",
    "Policy shifted (Central Committee of CCP 2019) after the plenum.",
    "The figures (see Table 2) are rough.",
    "The state put in $1.4 billion (10 billion RMB) last year.",
    "The slogan (科技自立自强) spread.",
    "Chapter two (II) covers funds.",
    "It amends Regulation (EU) 2021/694 on the semiconductor ecosystem and amending Regulation (EU) 2021/695.",
    "The National Institute of 2,191.7 Mental Health (NIMH) row.",
    "Beijing (China) hosted it.",
    "The fund (GGF) is new.",  # no long form before it
    "China have acquired leading (AI, supercomputing, digital, etc.) positions.",  # "I" on no word initial
    "It is based on Eurostat data (EU) for 2020.",
    "((( ))) () (ABC ABC) x ( (",
    "",
])
def test_acronyms_find_definitions_rejects_non_definitions(text):
    assert find_definitions(text, not_short={"II"}) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ABCDEFGS&s aeiou-()“”;:,.14\n", max_size=120))
def test_acronyms_find_definitions_offsets_hold_on_any_text(text):
    for d in find_definitions(text):
        assert text[d.short_start:d.short_end] == d.short
        assert " ".join(text[d.long_start:d.long_end].split()) == d.long
        assert is_short_form(d.short)


@pytest.mark.parametrize("short, base", [
    ("NKPs", "NKP"), ("14F STI Plans", "14F STI Plan"), ("CAS", "CAS"), ("S&T", "S&T"), ("IPOs", "IPO"),
])
def test_acronyms_base_form_drops_the_plural(short, base):
    assert base_form(short) == base


def test_acronyms_uses_pattern_finds_whole_words_singular_and_plural():
    pattern = uses_pattern(["NKPs", "S&T", "14F STI Plans"])
    text = "One NKP, two NKPs, no NKPx or ANKP; S&T but not NSS&TF; 14F STI Plans and 14F STI Plan."
    assert [m.group() for m in pattern.finditer(text)] == ["NKP", "NKPs", "S&T", "14F STI Plans", "14F STI Plan"]
    assert uses_pattern([]) is None


def test_acronyms_component_reads_user_stopwords(tmp_path):
    (tmp_path / "acronym_stopwords.csv").write_text("short\nNKPs\n", encoding="utf-8")
    text = "Funds for the National Key R&D Programs (NKPs) and the State Key Labs (SKLs) rose."
    shipped = spacy.blank("en")
    shipped.add_pipe("acronyms")
    user = spacy.blank("en")
    user.add_pipe("acronyms", config={"rules_dir": str(tmp_path)})
    assert [(s.text, f["long"]) for s, f in base.spans(shipped(text), "acronyms")] == [
        ("NKPs", "National Key R&D Programs"), ("SKLs", "State Key Labs")]
    assert [s.text for s, _ in base.spans(user(text), "acronyms")] == ["SKLs"]


def test_acronyms_component_skips_back_matter():
    nlp = spacy.blank("en")
    nlp.add_pipe("acronyms")
    text = "This document was prepared by the Congressional Research Service (CRS)."
    body, back = nlp.make_doc(text), nlp.make_doc(text)
    back.user_data["passage_kind"] = "back"
    assert [f["long"] for _, f in base.spans(nlp(body), "acronyms")] == ["Congressional Research Service"]
    assert list(base.spans(nlp(back), "acronyms")) == []


def _passage(n: int, text: str, kind: str = "body") -> Passage:
    return Passage("d", f"d:{n}", n, (0, 0, 0, 0), kind, text)


def _definition(n: int, text: str, short: str, long_form: str) -> Mention:
    start = text.index(f"({short}") + 1
    return Mention("d", f"d:{n}", n, "body", "acronyms", short, start, start + len(short),
                   {"short": short, "long": long_form})


def test_acronyms_count_uses_one_row_per_pair_with_uses_counted():
    texts = ["The Big Data Office (BDO) and the electric vehicle (EV) lobby met.",
             "Later the BDO spoke; the Big Data Office (BDO) spoke again; EVs sold.",
             "The Bureau of Data Oversight (BDO) is another body."]
    doc = Document("d", "d.pdf", passages=[_passage(i, t) for i, t in enumerate(texts)])
    doc.mentions = [_definition(0, texts[0], "BDO", "Big Data Office"),
                    _definition(0, texts[0], "EV", "electric vehicle"),
                    _definition(1, texts[1], "BDO", "Big  Data office"),
                    _definition(2, texts[2], "BDO", "Bureau of Data Oversight")]
    count_uses(doc)
    rows = [(m.fields["short"], m.fields["long"], m.passage_id, m.fields["n_mentions"])
            for m in doc.mentions if m.table == "acronyms"]
    assert rows == [("BDO", "Big Data Office", "d:0", 4), ("EV", "electric vehicle", "d:0", 2),
                    ("BDO", "Bureau of Data Oversight", "d:2", 4)]


def _both_steps(doc):
    count_uses(doc)
    link_entities(doc)


def test_acronyms_link_entities_links_entities_to_the_long_form():
    texts = ["The Big Data Office (BDO) and the electric vehicle (EV) lobby met.",
             "Later the BDO spoke with Acme; EVs sold."]
    doc = Document("d", "d.pdf", passages=[_passage(0, texts[0]), _passage(1, texts[1], "footnote")])
    long_entity = Mention("d", "d:0", 0, "body", "entities", "The Big Data Office", 0, 19,
                          {"label": "GOV", "canonical": "Big Data Office", "source": "rules"})
    acme = Mention("d", "d:1", 1, "footnote", "entities", "Acme", 25, 29,
                   {"label": "ORG", "canonical": "Acme", "source": "model"})
    doc.mentions = [long_entity, acme, _definition(0, texts[0], "BDO", "Big Data Office"),
                    _definition(0, texts[0], "EV", "electric vehicle")]
    _both_steps(doc)
    entities = [(m.passage_id, m.kind, m.text, m.fields["label"], m.fields["canonical"], m.fields["source"])
                for m in doc.mentions if m.table == "entities"]
    # the definition's own BDO is not a new mention; EV is a common noun, so its uses are no entities
    assert entities == [("d:0", "body", "The Big Data Office", "GOV", "Big Data Office", "rules"),
                        ("d:1", "footnote", "BDO", "GOV", "Big Data Office", "acronym"),
                        ("d:1", "footnote", "Acme", "ORG", "Acme", "model")]


@pytest.mark.parametrize("long_form, model_label, added", [
    ("Quantum Computing Alliance", "ORG", [("QCAs", "ORG")]),  # a proper name the model tags elsewhere
    ("Quantum Computing Alliance", "NORP", [("QCAs", "NORP")]),
    ("Quantum Computing Alliance", "PERSON", []),  # a label that does not carry over
    ("quantum computing advances", "ORG", []),  # a common noun
])
def test_acronyms_link_entities_labels_uses_by_the_models_view_of_the_acronym(long_form, model_label, added):
    text = f"The {long_form} (QCA) grew. The QCA and QCAs abroad met."
    doc = Document("d", "d.pdf", passages=[_passage(0, text)])
    qca = text.index("QCA and")
    doc.mentions = [Mention("d", "d:0", 0, "body", "entities", "The QCA", qca - 4, qca + 3,
                            {"label": model_label, "canonical": "QCA", "source": "model"}),
                    _definition(0, text, "QCA", long_form)]
    _both_steps(doc)
    entities = [(m.text, m.fields["label"], m.fields["canonical"], m.fields["source"])
                for m in doc.mentions if m.table == "entities"]
    assert entities == [("The QCA", model_label, long_form, "model")] + [
        (t, label, long_form, "acronym") for t, label in added]


def test_acronyms_steps_without_definitions_change_nothing():
    doc = Document("d", "d.pdf", passages=[_passage(0, "No acronyms here.")])
    mention = Mention("d", "d:0", 0, "body", "entities", "here", 12, 16, {"label": "ORG", "canonical": "here",
                                                                            "source": "model"})
    doc.mentions = [mention]
    _both_steps(doc)
    assert doc.mentions == [mention]


def test_acronyms_annotate_runs_the_document_steps():
    texts = ["The Ministry of Science and Technology (MOST) funds the National Key R&D Programs (NKPs).",
             "In 2021 MOST cut two NKPs."]
    doc = Document("d", "d.pdf", passages=[_passage(i, t) for i, t in enumerate(texts)])
    annotate(doc, load_nlp())
    rows = [(m.fields["short"], m.fields["long"], m.fields["n_mentions"]) for m in doc.mentions
            if m.table == "acronyms"]
    assert rows == [("MOST", "Ministry of Science and Technology", 2), ("NKPs", "National Key R&D Programs", 2)]
    later = {m.text: m.fields for m in doc.mentions if m.table == "entities" and m.passage_id == "d:1"}
    assert later["MOST"]["canonical"] == "Ministry of Science and Technology"
    assert later["NKPs"]["canonical"] == "National Key R&D Programs"
    assert later["NKPs"]["label"] == "PROGRAM"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[-‐–]", " ", text).lower().split())


def _pairs(document) -> set[tuple[str, str]]:
    return {(_norm(m.fields["short"]), _norm(m.fields["long"])) for m in document.mentions if m.table == "acronyms"}


def test_acronyms_paper_f1_against_gold(paper):
    gold = {(_norm(a["short"]), _norm(a["long"])) for a in json.loads(need(GOLD).read_text())["acronyms"]}
    found = _pairs(paper)
    tp = len(gold & found)
    precision, recall = tp / len(found), tp / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.9


@pytest.mark.parametrize("short, long_form, page, n_mentions", [
    ("MOST", "Ministry of Science and Technology", 7, 12),
    ("14F STI Plans", "14th Five-year Plans for Scientific and Technological Innovation", 7, 6),
    ("NSS&TF", "national strategic science and technology force", 1, 13),
    ("NSS&TF", "National Strategic S&T Force", 16, 13),
    ("KPIs", "key performance indicators", 2, 1),
    ("MLP", "Medium and Long-Term Plan", 3, 2),
    ("CAS", "Chinese Academy of Sciences", 17, 5),
])
def test_acronyms_paper_rows(paper, short, long_form, page, n_mentions):
    rows = [m for m in paper.mentions if m.table == "acronyms" and m.fields["short"] == short
            and m.fields["long"] == long_form]
    assert [(m.page, m.fields["n_mentions"]) for m in rows] == [(page, n_mentions)]


def test_acronyms_paper_one_row_per_pair(paper):
    rows = [(m.fields["short"], _norm(m.fields["long"])) for m in paper.mentions if m.table == "acronyms"]
    assert len(rows) == len(set(rows)) == 19


@pytest.mark.parametrize("short, long_form, n_mentions", [
    ("NKPs", "National Key R&D Programs", 3),
    ("SKLs", "State Key Labs", 5),
    ("GGF", "government guidance fund", 5),
    ("SMIC", "Semiconductor Manufacturing International Corporation", 2),
    ("NYSE", "New York Stock Exchange", 2),
    ("RMB", "renminbi", 3),
    ("R&D", "research and development", 11),
])
def test_acronyms_brief_rows(brief, short, long_form, n_mentions):
    rows = [m.fields for m in brief.mentions if m.table == "acronyms" and m.fields["short"] == short]
    assert [(r["long"], r["n_mentions"]) for r in rows] == [(long_form, n_mentions)]


@pytest.mark.parametrize("text, label, canonical, count", [
    ("SKLs", "LAB", "State Key Labs", 4),
    ("NKPs", "PROGRAM", "National Key R&D Programs", 2),
])
def test_acronyms_brief_later_uses_become_entities(brief, text, label, canonical, count):
    found = [m.fields for m in brief.mentions if m.table == "entities" and m.text == text]
    assert len(found) == count
    assert {(f["label"], f["canonical"], f["source"]) for f in found} == {(label, canonical, "acronym")}


def test_acronyms_paper_most_mentions_have_the_long_form(paper):
    most = [m.fields for m in paper.mentions if m.table == "entities" and m.text == "MOST"]
    assert len(most) >= 8
    assert {f["canonical"] for f in most} == {"Ministry of Science and Technology"}
