"""The technologies extractor: vocabulary names with canonical and category, patterns for names it lacks."""
from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
import spacy

from pipeline.errors import RuleError
from pipeline.extractors.base import spans
from pipeline.rulefiles import read_csv
from pipeline.extractors.technologies import (
    TechnologyFinder, inside_name, is_acronym, pattern_canonical, phrase_lists, plural, singular, spellings,
)
from pipeline.vocabulary import CATEGORIES, source_ids, split_aliases, technology_names, vocabulary
from pipeline.stages.annotate import load_nlp, make_doc
from .conftest import SHARED, need

GOLD = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json"
TABLE3 = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.table3.csv"
V, D = "vocabulary", "discovered"


def found(text: str, kind: str = "body", nlp=None) -> list[tuple[str, str, str, str]]:
    nlp = nlp or load_nlp()
    doc = nlp(make_doc(nlp, text, kind))
    return [(s.text, f["canonical"], f["category"], f["source"]) for s, f in spans(doc, "technologies")]


# --- pure helpers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word, expected", [
    ("technologies", "technology"), ("batteries", "battery"), ("processes", "process"), ("chips", "chip"),
    ("Microspheres", "Microsphere"), ("gas", "gas"), ("robotics", "robotics"), ("catalysis", "catalysis"),
    ("CO2", "CO2"), ("steel", "steel"),
])
def test_technologies_singular(word, expected):
    assert singular(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("technology", "technologies"), ("battery", "batteries"), ("process", "processes"), ("chip", "chips"),
    ("chips", "chips"), ("robotics", "robotics"), ("(MEMS)", "(MEMS)"), ("day", "days"),
])
def test_technologies_plural(word, expected):
    assert plural(word) == expected


@pytest.mark.parametrize("name, expected", [
    ("IC", True), ("AI", True), ("5G", True), ("A.I.", True), ("MEMS", True),
    ("ai", False), ("Lidar", False), ("iCLIP technology", False), ("5", False), ("solar PV", False),
])
def test_technologies_acronym_is_written_in_capitals(name, expected):
    assert is_acronym(name) is expected


def test_technologies_spellings_cover_number_and_hyphens():
    forms = spellings("high-end chips")
    assert {"high-end chips", "high end chips", "high-end chip", "high end chip", "high end-chips"} <= forms
    assert len(forms) == 8  # 2 numbers x 4 ways to write the 2 gaps
    assert spellings("IC") == {"IC", "ICs"}
    assert {"heavy-duty gas turbines", "heavy duty gas-turbine"} <= spellings("heavy duty gas turbine")


def test_technologies_spellings_of_long_names_stay_few():
    name = "molecular and gene control breeding technology for energy crops"
    assert spellings(name) == {name, name[:-1]}


def test_technologies_split_aliases_drops_blanks():
    assert split_aliases(" IC | chips ||") == ["IC", "chips"]
    assert split_aliases("") == []


def test_technologies_pattern_canonical_is_lower_and_singular():
    assert pattern_canonical("Gene  Sequencing Technologies") == "gene sequencing technology"
    assert pattern_canonical("wind turbine equipment") == "wind turbine equipment"


def test_technologies_vocabulary_later_row_wins():
    techs, names = vocabulary([
        {"canonical": "blockchain", "category": "general", "aliases": "distributed ledger"},
        {"canonical": "blockchain", "category": "frontier", "aliases": "DLT", "scope": ""},
        {"canonical": "ledgers", "category": "general", "aliases": "distributed ledger"},
    ])
    assert techs["blockchain"].category == "frontier"
    assert names == {"blockchain": "blockchain", "distributed ledger": "ledgers", "DLT": "blockchain",
                     "ledgers": "ledgers"}


@pytest.mark.parametrize("row, message", [
    ({"canonical": "x", "category": "chokepoint"}, "'x' has category 'chokepoint'; use one of bottleneck"),
    ({"canonical": "x", "category": "general", "scope": "prose"}, "'x' has scope 'prose'"),
])
def test_technologies_vocabulary_rejects_bad_values(row, message):
    with pytest.raises(RuleError, match=message):
        vocabulary([row])


def test_technologies_phrase_lists_split_acronyms():
    lower, exact = phrase_lists({"AI": "artificial intelligence", "Artificial Intelligence": "artificial intelligence"})
    assert exact == {"artificial intelligence": ["AI", "AIs"]}
    assert set(lower["artificial intelligence"]) >= {"artificial intelligence", "artificial-intelligence"}


def test_technologies_inside_name_needs_a_longer_entity():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("the Integrated Circuit Industry Investment Fund and integrated circuits")
    doc.ents = [spacy.tokens.Span(doc, 1, 6, label="ORG"), spacy.tokens.Span(doc, 7, 9, label="ORG")]
    assert inside_name(doc[1:3], frozenset({"ORG"}))
    assert not inside_name(doc[7:9], frozenset({"ORG"}))  # the whole entity is the name itself
    assert not inside_name(doc[1:3], frozenset({"GOV"}))


# --- the shipped vocabulary ---------------------------------------------------------------------------------

def test_technologies_shipped_vocabulary_has_one_row_per_canonical():
    rows = read_csv("technologies.csv")
    canon = Counter(r["canonical"] for r in rows)
    assert [c for c, n in canon.items() if n > 1] == []
    assert {r["category"] for r in rows} == set(CATEGORIES)
    assert len(rows) > 170


# One row of each public list, as technologies.csv's header documents the ids.
@pytest.mark.parametrize("source, canonical, category", [
    ("mlp2006", "laser technology", "frontier"),
    ("sei2010", "energy conservation and environmental protection", "frontier"),
    ("mic2025", "high-tech ships", "frontier"),
    ("sti2030", "deep sea space station", "frontier"),
    ("std-35", "photoresist", "bottleneck"),
    ("cae-2035", "graphene", "disruptive"),
    ("prov-14fyp", "information photonics", "frontier"),
    ("xi-2021", "chemical preparations", "general"),
    ("most-2021", "brain imaging", "disruptive"),
    ("fyp14", "future networks", "frontier"),
    ("fyp15", "low-altitude economy", "frontier"),
    ("us-cet-2024", "directed energy", "general"),
    ("eu-2023", "exoskeletons", "general"),
    ("aspi-ctt", "atomic clocks", "general"),
    ("jp-2022", "transport technology", "general"),
    ("gics", "technology hardware", "general"),
])
def test_technologies_shipped_rows_name_their_source_list(source, canonical, category):
    techs, _ = technology_names()
    assert source in source_ids()
    assert (techs[canonical].category, source in techs[canonical].sources) == (category, True)


def test_technologies_every_shipped_row_has_known_sources():
    known = set(source_ids())
    rows = read_csv("technologies.csv")
    assert [r["canonical"] for r in rows if not r["source"]] == []
    assert {s for r in rows for s in split_aliases(r["source"])} == known  # every declared list is used
    assert len(known) == 16


@pytest.mark.parametrize("source, message", [
    ("made-up", "'x' has source 'made-up', not an id of technology_sources.csv"),
    ("fyp14|nope", "'x' has source 'nope', not an id"),
])
def test_technologies_vocabulary_rejects_unknown_sources(source, message):
    with pytest.raises(RuleError, match=message):
        vocabulary([{"canonical": "x", "category": "general", "source": source}], ["fyp14"])
    assert vocabulary([{"canonical": "x", "category": "general", "source": "fyp14"}], ["fyp14"])[0]["x"].sources \
        == ("fyp14",)


def test_technologies_shipped_names_point_to_one_canonical():
    seen: dict[str, str] = {}
    clashes = []
    for row in read_csv("technologies.csv"):
        for name in [row["canonical"], *split_aliases(row["aliases"])]:
            key = name if is_acronym(name) else name.lower()
            if seen.setdefault(key, row["canonical"]) != row["canonical"]:
                clashes.append(name)
    assert clashes == []


# --- the component on our own sentences -----------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, expected", [
    ("Provincial plans subsidise high-end chips, ICs and the integrated circuit industry.", "body", [
        ("high-end chips", "integrated circuits", "bottleneck", V), ("ICs", "integrated circuits", "bottleneck", V),
        ("integrated circuit", "integrated circuits", "bottleneck", V)]),
    ("The AI plan also funds A.I. research and EVs.", "body", [
        ("AI", "artificial intelligence", "frontier", V), ("A.I.", "artificial intelligence", "frontier", V),
        ("EVs", "electric vehicle", "frontier", V)]),
    ("Beijing backs new energy vehicles (NEVs), 5G networks and photovoltaics.", "body", [
        ("new energy vehicles", "new energy vehicles", "frontier", V), ("NEVs", "new energy vehicles", "frontier", V),
        ("5G networks", "5G", "frontier", V), ("photovoltaics", "photovoltaic", "frontier", V)]),
    ("Both lithography machines and photoresists are choke points.", "body", [
        ("lithography machines", "lithography", "bottleneck", V), ("photoresists", "photoresist", "bottleneck", V)]),
    ("They import lithium-ion battery separators and high strength stainless-steel.", "body", [
        ("lithium-ion battery separators", "lithium battery separator", "bottleneck", V),
        ("high strength stainless-steel", "high strength stainless steel", "bottleneck", V)]),
    ("Gene editing and graphene are new; so are manned spaceflight and supercomputers.", "body", [
        ("Gene editing", "gene editing", "disruptive", V), ("graphene", "graphene", "disruptive", V),
        ("manned spaceflight", "manned spaceflight", "general", V),
        ("supercomputers", "supercomputers", "general", V)]),
    ("3 | Quantum Communication and Quantum Computer | Electronic Information", "table", [
        ("Quantum Communication and Quantum Computer", "quantum communication and quantum computer", "frontier", V),
        ("Electronic Information", "electronic information", "frontier", V)]),
    ("29 | Lithium battery separator", "table", [
        ("Lithium battery separator", "lithium battery separator", "bottleneck", V)]),
    ("Agriculture | √ | √", "table", [("Agriculture", "agriculture", "bottleneck", V)]),
    ("Firms invested in gene sequencing technology last year.", "body", [
        ("gene sequencing technology", None, None, D)]),
    ("Labs in Hefei work on quantum sensing.", "body", [("quantum sensing", "quantum sensing", "frontier", V)]),
    ("Labs in Hefei work on quantum annealing.", "body", [("quantum annealing", None, None, D)]),
    ("Chinese battery technology and wind turbine equipment differ.", "body", [  # technology joins the name
        ("battery technology", "batteries", "frontier", V), ("wind turbine equipment", None, None, D)]),
    ("Memory chips are in short supply.", "body", [  # the candidate holds a vocabulary name: both rows
        ("Memory chips", None, None, D), ("chips", "integrated circuits", "bottleneck", V)]),
    ("Output of solid-state batteries doubled.", "body", [
        ("solid-state batteries", None, None, D), ("batteries", "batteries", "frontier", V)]),
    ("Exports of power batteries and a lithium-ion battery rose.", "body", [  # plurals fold to one canonical
        ("power batteries", "batteries", "frontier", V), ("lithium-ion battery", "batteries", "frontier", V)]),
    ("Quantum-computing technologies, 6G networks and brain computer interfaces.", "body", [
        ("Quantum-computing technologies", "quantum computing", "frontier", V), ("6G networks", "6G", "frontier", V),
        ("brain computer interfaces", "brain-computer interfaces", "frontier", V)]),
])
def test_technologies_finds_names_with_canonical_and_category(text, kind, expected):
    assert found(text, kind) == expected


@pytest.mark.parametrize("text, kind", [
    ("It said the Thai firm was fine with it, and ai was not mentioned.", "body"),
    ("Science and technology matter; the technology is new.", "body"),
    ("Key core technologies, bottleneck technologies and disruptive technologies were listed.", "body"),
    ("The short-board technologies and frontier technologies differ from emerging technologies.", "body"),
    ("Agriculture employs a quarter of the workforce.", "body"),
    ("Firms invested in gene sequencing technology projects last year.", "body"),
    ("The Integrated Circuit Industry Investment Fund invested in SMIC.", "body"),
    ("intgrated circuts, a-i, chipsets, C H I P S and lithiumion", "body"),
    ("She researched AI and 5G.", "back"),
    ("The CHIPS and Science Act and the European Chips Act passed.", "body"),  # laws, not integrated circuits
    ("the Acts on Chips (September 2023)", "body"),
    ("It promoted high-quality technologies and high-quality development.", "body"),
])
def test_technologies_ignores_what_is_not_a_technology_name(text, kind):
    assert found(text, kind) == []


def test_technologies_user_rules_add_and_recategorise(tmp_path):
    (tmp_path / "technologies.csv").write_text(
        "canonical,category,aliases\nblockchain,frontier,distributed ledger|DLT\n", encoding="utf-8")
    (tmp_path / "pipeline.cfg").write_text(  # no tagger: the vocabulary still works, the patterns stay off
        '[nlp]\nlang = "en"\npipeline = ["technologies"]\n\n[components]\n\n'
        '[components.technologies]\nfactory = "technologies"\n', encoding="utf-8")
    nlp = load_nlp(str(tmp_path))
    assert found("A distributed ledger, DLTs, AI and gene sequencing technology.", nlp=nlp) == [
        ("distributed ledger", "blockchain", "frontier", V), ("DLTs", "blockchain", "frontier", V),
        ("AI", "artificial intelligence", "frontier", V)]


@pytest.mark.parametrize("line, message", [
    ('{"id": "bad", "pattern": [{"NOT_AN_ATTR": "x"}]}', "technology_patterns.jsonl: rule bad: "),
    ('{"id": "phrase", "pattern": "quantum dots"}', "rule phrase: 'pattern' must be a list of token objects"),
])
def test_technologies_bad_pattern_is_one_clear_error(tmp_path, line, message):
    (tmp_path / "technology_patterns.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        TechnologyFinder(spacy.blank("en"), str(tmp_path), [], [], [])


# --- the seed papers --------------------------------------------------------------------------------------

def _tech(document) -> list:
    return [m for m in document.mentions if m.table == "technologies"]


def _norm(name: str) -> str:
    return pattern_canonical(name.replace("-", " ").replace("“", "").replace("”", ""))


def test_technologies_paper_table3_lists_35_bottlenecks(paper):
    with need(TABLE3).open(encoding="utf-8") as fh:
        names = [row["Core Technology"] for row in csv.DictReader(fh)]
    cells = {m.fields["canonical"].lower(): m.fields["category"] for m in _tech(paper) if m.kind == "table"}
    assert len(names) == 35
    assert {n: cells.get(n.lower()) for n in names} == {n: "bottleneck" for n in names}


def test_technologies_paper_recall_against_gold(paper):
    gold = json.loads(need(GOLD).read_text(encoding="utf-8"))["technologies"]
    mentions = _tech(paper)
    in_tables = {_norm(x) for m in mentions if m.kind == "table" for x in (m.text, m.fields["canonical"])}
    in_prose = {_norm(x) for m in mentions if m.kind != "table" for x in (m.text, m.fields["canonical"])}
    category = {_norm(m.fields["canonical"]): m.fields["category"] for m in mentions}
    tables_found, prose_found, prose_missed, wrong = 0, 0, [], []
    for g in gold:
        names = {_norm(n) for n in [g["name"], *g["aliases"]]}
        tables_found += bool(g["in_tables"] and names & in_tables)
        if g["in_prose"]:
            prose_found += bool(names & in_prose)
            prose_missed += [] if names & in_prose else [g["name"]]
        wrong += [g["name"] for n in names if n in category and category[n] != g["category"]]
    assert (len(gold), tables_found, prose_found) == (143, 123, 35)
    # artificial blood vessels: an example of the paper's prose that no public list names, so no vocabulary row;
    # Digital Economy: named in prose only inside a run of Chinese text (数字经济)
    assert prose_missed == ["artificial blood vessels", "Digital Economy"]
    assert wrong == []


@pytest.mark.parametrize("text, canonical, category", [
    ("high-end chips", "integrated circuits", "bottleneck"),
    ("integrated circuit", "integrated circuits", "bottleneck"),
    ("IC", "integrated circuits", "bottleneck"),
    ("high-end medical equipment", "high-end medical equipment", "bottleneck"),
    ("industrial software", "core industrial software", "bottleneck"),
    ("electric vehicle", "electric vehicle", "frontier"),
    ("EV", "electric vehicle", "frontier"),
    ("quantum technology", "quantum information", "frontier"),
    ("process chemistry and catalysis", "process chemistry and catalysis", "disruptive"),
    ("high-speed railroads", "high-speed railroads", "general"),
])
def test_technologies_paper_prose_names(paper, text, canonical, category):
    prose = {(m.text, m.fields["canonical"], m.fields["category"]) for m in _tech(paper) if m.kind != "table"}
    assert (text, canonical, category) in prose


def test_technologies_paper_finds_no_pattern_noise(paper):
    assert [m.text for m in _tech(paper) if m.fields["source"] == "discovered"] == []


def test_technologies_brief_canonicals(brief):
    mentions = _tech(brief)
    assert Counter(m.fields["canonical"] for m in mentions) == {
        "artificial intelligence": 7, "semiconductors": 7, "integrated circuits": 4, "software": 2,
        "biotechnology": 2, "robotics": 1, "quantum computing": 1, "intelligent manufacturing": 1,
        "data analytics": 1, "cloud computing": 1, "big data": 1, "technology hardware": 1, "deep learning": 1,
        "advanced computing": 1}  # advanced-computing semiconductor chips
    assert {m.kind for m in mentions} == {"body", "footnote"}  # nothing from the board list or author notes


def test_technologies_brief_no_class_words(brief):
    texts = {m.text.lower() for m in _tech(brief)}
    assert not texts & {"technology", "technologies", "science and technology", "key and core technologies",
                        "emerging technologies", "foreign technologies", "tech"}
