"""Entities: the model's named entities plus domain names from the entity rules, rules winning overlaps."""
from __future__ import annotations

import json
import re

import pytest
import spacy
from spacy.tokens import Span

from pipeline.errors import RuleError
from pipeline.extractors import base
from pipeline.extractors.entities import (canonical_name, container_name, drop_coordinations, is_noise, link_containers,
                                          select, stoplist, trim_match)
from pipeline.model import Document, Mention, Note, NoteSource, Passage, Work
from pipeline.stages.annotate import load_nlp, make_doc
from .conftest import SHARED, need

GOLD = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json"


@pytest.fixture(scope="module")
def rules_only():
    """The entities component alone, on a blank pipeline: the rules without the statistical model."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entities")
    return nlp


def found(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(s.text, f["label"], f["canonical"]) for s, f in base.spans(nlp(text), "entities")]


@pytest.mark.parametrize("text, label, expected", [
    ("the Ministry of Finance", "ORG", "Ministry of Finance"),
    ("The Big Fund", "FUND", "Big Fund"),
    ("People’s Daily", "ORG", "People's Daily"),
    ("Georgetown University's", "ORG", "Georgetown University"),
    ("“Made in China 2025”", "PLAN", "Made in China 2025"),
    ("Science and   Tech- nology Daily", "ORG", "Science and Technology Daily"),
    ("National Medium- and Long-Term Plan", "PLAN", "National Medium- and Long-Term Plan"),
    ("Direct Methane to Olefin and", "ORG", "Direct Methane to Olefin"),
    ("Helima Croft *", "PERSON", "Helima Croft"),
    ("The Old Man and the Sea", "WORK_OF_ART", "The Old Man and the Sea"),
    ("the", "ORG", "the"),
])
def test_entities_canonical_name_cleans_pdf_artefacts(text, label, expected):
    assert canonical_name(text, label) == expected


@pytest.mark.parametrize("text, start, end, expected", [
    ("Ministry of Science and", 0, 4, "Ministry of Science"),
    ("Central Committee of CCP 2019", 0, 5, "Central Committee of CCP"),
    ("and the State Council", 0, 4, "State Council"),
    ("of and", 0, 2, ""),
])
def test_entities_trim_match_ends_on_words(rules_only, text, start, end, expected):
    doc = rules_only.make_doc(text)
    s, e = trim_match(doc, start, end)
    assert doc[s:e].text == expected


def test_entities_drop_coordinations_splits_two_names_joined_by_and(rules_only):
    doc = rules_only.make_doc("Central Committee of CCP and State Council")
    matched = {(0, 7), (0, 4), (3, 7), (0, 6), (5, 7)}
    assert drop_coordinations(matched, doc) == {(0, 4), (5, 7)}


def test_entities_drop_coordinations_keeps_names_with_and_inside(rules_only):
    doc = rules_only.make_doc("National Development and Reform Commission")
    assert drop_coordinations({(0, 5)}, doc) == {(0, 5)}


def test_entities_select_rules_win_overlaps_and_numbers_are_skipped(rules_only):
    doc = rules_only.make_doc("the Ministry of Finance spent $5 billion in Beijing")
    rule = Span(doc, 1, 4, label="GOV")
    model = [Span(doc, 0, 4, label="ORG"), Span(doc, 5, 7, label="MONEY"), Span(doc, 9, 10, label="GPE")]
    chosen = [(s.text, s.label_, source) for s, source in select([rule], model, ["MONEY"])]
    assert chosen == [("Ministry of Finance", "GOV", "rules"), ("Beijing", "GPE", "model")]


@pytest.mark.parametrize("text, noise", [
    ("Table 1", True), ("Section 3", True), ("Figure 2.1", True), ("Annex II", True), ("Ibid", True),
    ("Ibid.", True), ("https://perma.cc/XFZ3-3AMX", True), ("France • www.delorsinstitute.eu", True),
    ("mindthebridge.com/research", True),
    ("Made in China 2025", False), ("Table Mountain", False), ("Maple", False), ("Parti", False),
    ("Ministry of Finance", False), ("Coinmarketcap.com", False),
])
def test_entities_stoplist_names_document_parts_citation_words_and_urls(text, noise):
    from pipeline.rulefiles import read_csv
    assert is_noise(text, stoplist(read_csv("entity_stoplist.csv", required=("pattern",)))) is noise


def test_entities_select_leaves_out_stoplisted_model_entities(rules_only):
    doc = rules_only.make_doc("See Table 1 and Ibid on Huawei")
    model = [Span(doc, 1, 3, label="LAW"), Span(doc, 4, 5, label="PERSON"), Span(doc, 6, 7, label="ORG")]
    noise = stoplist([{"pattern": r"table\s*\d+"}, {"pattern": "ibid"}])
    assert [(s.text, source) for s, source in select([], model, (), noise)] == [("Huawei", "model")]


def test_entities_select_generic_rule_gives_way_to_the_models_entity_of_its_label(rules_only):
    doc = rules_only.make_doc("Director of Beijing Advanced Center for Biomedical Engineering and Rhodium Group")
    generic = [Span(doc, 0, 8, label="ORG"), Span(doc, 9, 11, label="ORG")]
    model = [Span(doc, 2, 8, label="ORG"), Span(doc, 9, 11, label="PERSON")]
    assert [(s.text, s.label_, source) for s, source in select(generic, model)] == [
        ("Beijing Advanced Center for Biomedical Engineering", "ORG", "model"), ("Rhodium Group", "ORG", "rules")]
    # the model's extra words: more of the name, or an article and a possessive
    doc = rules_only.make_doc("Beijing University of Aeronautics and Astronautics Institute of Optics at "
                              "a European Agency for Economic Security and Japan's Public Security Agency")
    generic = [Span(doc, 5, 9, label="ORG"), Span(doc, 11, 16, label="ORG"), Span(doc, 19, 22, label="ORG")]
    model = [Span(doc, 0, 9, label="ORG"), Span(doc, 10, 16, label="ORG"), Span(doc, 17, 22, label="ORG")]
    assert [(s.text, source) for s, source in select(generic, model)] == [
        ("Beijing University of Aeronautics and Astronautics Institute of Optics", "model"),
        ("European Agency for Economic Security", "rules"), ("Public Security Agency", "rules")]
    # a known name gives way to the model's longer name too
    doc = rules_only.make_doc("arms like Baidu Ventures")
    known = [Span(doc, 2, 3, label="ORG", span_id="Baidu")]
    assert [(s.text, source) for s, source in select(known, [Span(doc, 2, 4, label="ORG")])] == [
        ("Baidu Ventures", "model")]


def test_entities_bad_stoplist_pattern_is_a_rule_error():
    with pytest.raises(RuleError, match="entity_stoplist.csv: row 1"):
        stoplist([{"pattern": "(unclosed"}])


def test_entities_select_longest_rule_match_wins(rules_only):
    doc = rules_only.make_doc("China's Tech-Heavy STAR Market rose")
    rules = [Span(doc, 5, 7, label="MARKET"), Span(doc, 2, 7, label="MARKET")]
    assert [s.text for s, _ in select(rules, [])] == ["Tech-Heavy STAR Market"]


@pytest.mark.parametrize("text, expected", [
    ("The Ministry of Industry and Information Technology issued rules.",
     [("Ministry of Industry and Information Technology", "GOV", "Ministry of Industry and Information Technology")]),
    ("A decree of the Central Committee of CCP and State Council followed.",
     [("Central Committee of CCP", "GOV", "Central Committee of CCP"), ("State Council", "GOV", "State Council")]),
    ("The National Development and Reform Commission approved it.",
     [("National Development and Reform Commission", "GOV", "National Development and Reform Commission")]),
    ("Then the Big Fund invested.", [("Big Fund", "FUND", "National Integrated Circuit Industry Investment Fund")]),
    ("It is in the 14th Five Year Plan.", [("14th Five Year Plan", "PLAN", "14th Five-Year Plan")]),
    ("Under the Fourteenth Five-Year Plans, spending rose.",
     [("Fourteenth Five-Year Plans", "PLAN", "14th Five-Year Plan")]),
    ("Firms listed on the STAR Market.", [("STAR Market", "MARKET", "STAR Market")]),
    ("Funds went to state key laboratories.", [("state key laboratories", "LAB", "State Key Laboratory")]),
    ("The Made in China 2025 plan.", [("Made in China 2025", "PLAN", "Made in China 2025")]),
    ("It cited Central Committee of CCP 2019 twice.",
     [("Central Committee of CCP", "GOV", "Central Committee of CCP")]),
    # names no list holds, caught by the generic patterns
    ("The Ministry of Ocean Affairs objected.", [("Ministry of Ocean Affairs", "GOV", "Ministry of Ocean Affairs")]),
    ("The Lunar Mining Fund closed.", [("Lunar Mining Fund", "FUND", "Lunar Mining Fund")]),
    ("He ran the National Quantum Programs.", [("National Quantum Programs", "PROGRAM", "National Quantum Programs")]),
    ("The Hainan Port Plan for Digital Trade.",
     [("Hainan Port Plan for Digital Trade", "PLAN", "Hainan Port Plan for Digital Trade")]),
    ("Listed on the Chongqing Stock Exchange.",
     [("Chongqing Stock Exchange", "MARKET", "Chongqing Stock Exchange")]),
    ("Work at the Qingdao Marine Laboratory.", [("Qingdao Marine Laboratory", "LAB", "Qingdao Marine Laboratory")]),
    ("A report by the Center for Strategic and International Studies said so.",
     [("Center for Strategic and International Studies", "ORG", "Center for Strategic and International Studies")]),
    ("The Zhongguancun Hi-Tech Technology Enterprise Association met.",
     [("Zhongguancun Hi-Tech Technology Enterprise Association", "ORG",
       "Zhongguancun Hi-Tech Technology Enterprise Association")]),
    ("Published by Cornell University Press.", [("Cornell University Press", "ORG", "Cornell University Press")]),
    ("Under the Biden administration, rules changed.", [("Biden administration", "GOV", "Biden administration")]),
    ("A High Level Economic Security Forum met.",
     [("High Level Economic Security Forum", "ORG", "High Level Economic Security Forum")]),
    ("It was listed on Euronext Amsterdam under NextGenerationEU.",
     [("Euronext Amsterdam", "MARKET", "Euronext Amsterdam"), ("NextGenerationEU", "PROGRAM", "NextGenerationEU")]),
    # the name goes on past "Projects": an agency, not a programme
    ("The Defense Advanced Research Projects Agency paid.",
     [("Defense Advanced Research Projects Agency", "ORG", "Defense Advanced Research Projects Agency")]),
    # well-known names the model takes for persons or places
    ("Xiaomi and the G7 met.", [("Xiaomi", "ORG", "Xiaomi"), ("G7", "ORG", "Group of Seven")]),
    ("Reported by Xinhua News Agency.", [("Xinhua News Agency", "ORG", "Xinhua")]),
    ("The Guangdong Energy Administration ruled.",
     [("Guangdong Energy Administration", "GOV", "Guangdong Energy Administration")]),
    ("The House Appropriations Committee on Finance met.",
     [("House Appropriations Committee on Finance", "GOV", "House Appropriations Committee on Finance")]),
    ("The General Office of the State Council wrote.",
     [("General Office of the State Council", "GOV", "General Office of the State Council")]),
])
def test_entities_rules_find_domain_names(rules_only, text, expected):
    assert found(rules_only, text) == expected


@pytest.mark.parametrize("text", [
    "The Plan was late.",
    "In Plan B nothing changed.",
    "a fund for research and a market for chips",
    "the ministry of finance, in lower case",
    "Mini stry of Fin ance",  # a name torn apart by a bad line join
    "He went to the Ministry of",
    "The Commission met.",
    "The Chinese administration and the American administration replied.",  # no name: a nationality
    "The Committee on September rules.",
    "Mail Jan.Doe@ec.europa.eu Fund",
    "",
])
def test_entities_rules_do_not_match(rules_only, text):
    assert found(rules_only, text) == []


def test_entities_user_rules_add_to_the_shipped_ones(tmp_path):
    (tmp_path / "entities.jsonl").write_text('{"label": "GOV", "pattern": "Zhongnanhai", "id": "CCP leadership"}\n',
                                             encoding="utf-8")
    user = spacy.blank("en")
    user.add_pipe("entities", config={"rules_dir": str(tmp_path)})
    shipped = spacy.blank("en")
    shipped.add_pipe("entities")
    text = "Zhongnanhai backed the Big Fund."
    assert [e[1:] for e in found(user, text)] == [("GOV", "CCP leadership"),
                                                 ("FUND", "National Integrated Circuit Industry Investment Fund")]
    assert [e[0] for e in found(shipped, text)] == ["Big Fund"]


@pytest.mark.parametrize("line, message", [
    ('{"label": "GOV", "pattern": [{"NOT_AN_ATTR": "x"}]}', r"entities\.jsonl: rule \d+ is not a valid spaCy pattern"),
    ('{"pattern": "Zhongnanhai"}', r"entities\.jsonl: rule \d+ needs a label and a pattern"),
])
def test_entities_bad_user_rule_is_a_rule_error(tmp_path, line, message):
    (tmp_path / "entities.jsonl").write_text(line + "\n", encoding="utf-8")
    nlp = spacy.blank("en")
    with pytest.raises(RuleError, match=message):
        nlp.add_pipe("entities", config={"rules_dir": str(tmp_path)})


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_entities_component_copies_model_entities_and_skips_numbers(nlp):
    text = "In 2021 the Ministry of Finance in Beijing paid Huawei $5 billion, 20 percent more than in 2020."
    assert {e.label_ for e in nlp(text).ents} >= {"MONEY", "PERCENT", "ORG"}  # what the model alone finds
    doc = nlp(make_doc(nlp, text))
    rows = [(s.text, f["label"], f["canonical"], f["source"]) for s, f in base.spans(doc, "entities")]
    assert rows == [("2021", "DATE", "2021", "model"), ("Ministry of Finance", "GOV", "Ministry of Finance", "rules"),
                    ("Beijing", "GPE", "Beijing", "model"), ("Huawei", "ORG", "Huawei", "rules"),
                    ("2020", "DATE", "2020", "model")]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[-‐–]", " ", text.replace("’", "'")).lower().split())


def test_entities_paper_recall_of_gold_organisations(paper):
    gold = json.loads(need(GOLD).read_text())["organizations"]
    names = {_norm(m.fields["canonical"]) for m in paper.mentions if m.table == "entities"}
    names |= {_norm(m.text) for m in paper.mentions if m.table == "entities"}
    hits = [o for o in gold if any(_norm(n) in names for n in [o["name"], *o["aliases"]])]
    assert len(hits) / len(gold) >= 0.85


@pytest.mark.parametrize("doc_name, text, label, canonical", [
    ("paper", "Ministry of Science and Technology", "GOV", "Ministry of Science and Technology"),
    ("paper", "14th Five-Year Plan", "PLAN", "14th Five-Year Plan"),
    ("paper", "Comprehensive Deepening Reform Commission", "GOV", "Comprehensive Deepening Reform Commission"),
    ("paper", "National Key Research and Development Program", "PROGRAM", "National Key R&D Program"),
    ("paper", "14F STI Plans", "PLAN", "14th Five-year Plans for Scientific and Technological Innovation"),
    ("brief", "Big Fund", "FUND", "National Integrated Circuit Industry Investment Fund"),
    ("brief", "STAR Market", "MARKET", "STAR Market"),
    ("brief", "Ministry of Industry and Information Technology", "GOV",
     "Ministry of Industry and Information Technology"),
    ("brief", "State Key Labs", "LAB", "State Key Laboratory"),
])
def test_entities_seed_domain_names(request, doc_name, text, label, canonical):
    document = request.getfixturevalue(doc_name)
    rows = {(m.fields["label"], m.fields["canonical"], m.fields["source"]) for m in document.mentions
            if m.table == "entities" and m.text == text}
    assert rows == {(label, canonical, "rules")}


def test_entities_brief_back_matter_keeps_its_kind(brief):
    kinds = {}
    for m in brief.mentions:
        if m.table == "entities":
            kinds.setdefault(m.kind, []).append(m.fields["canonical"])
    assert "Wesley K. Clark" in kinds["back"]
    assert "Wesley K. Clark" not in kinds["body"] + kinds["footnote"]
    assert len(kinds["body"]) > len(kinds["back"])


def test_entities_seeds_have_no_numeric_labels(brief, paper):
    labels = {m.fields["label"] for d in (brief, paper) for m in d.mentions if m.table == "entities"}
    assert not labels & {"MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}
    assert {"GOV", "FUND", "PROGRAM", "PLAN", "MARKET", "LAB", "ORG", "GPE", "PERSON"} <= labels


@pytest.mark.parametrize("container, name", [
    ("Foreign Affairs", "Foreign Affairs"), ("欧亚系统科学研究会 (essra.org.cn)", "欧亚系统科学研究会"),
    ("Resources, Conservation and Recycling", "Resources, Conservation and Recycling"),
    ("Chinese Power and Artificial Intelligence: Perspectives and Challenges", ""),  # a book title
    ("In Bermann, S. & Fabry, E. (edited by) EU and China (Report n.126, pp. 54–64)", ""),
    ("edited volume", ""), ("", ""),
])
def test_entities_container_name(container, name):
    assert container_name(container) == name


def test_entities_link_containers_adds_outlets_and_relabels_their_words():
    text = "Smith, J. (2023). Indispensable leverage. Foreign Affairs. Hogan Lovells, memo."
    passage = Passage("d", "d:1", 3, (0, 0, 0, 0), "footnote", text)
    person = Mention("d", "d:1", 3, "footnote", "entities", "Hogan Lovells", text.index("Hogan"),
                     text.index("Hogan") + 13, {"label": "PERSON", "canonical": "Hogan Lovells", "source": "model"})
    note = Note("d", "d:n1", "footnote", "1", text, 3, (0, 0, 0, 0), container="Foreign Affairs",
                sources=[NoteSource(1, "full", Work(container="Foreign Affairs"), Work()),
                         NoteSource(2, "full", Work(container="Hogan Lovells"), Work())])
    document = Document("d", "d.pdf", passages=[passage], notes=[note], mentions=[person])
    link_containers(document)
    rows = [(m.text, m.fields["label"], m.fields["source"], text[m.start:m.end]) for m in document.mentions]
    assert rows == [("Foreign Affairs", "ORG", "citation", "Foreign Affairs"),
                    ("Hogan Lovells", "ORG", "model", "Hogan Lovells")]
