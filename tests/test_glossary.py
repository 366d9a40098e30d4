"""Glossary extractor: English terms and titles with their Chinese originals, on our own sentences and the seeds."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.batch import process
from pipeline.errors import RuleError
from pipeline.evaluate import match_glossary
from pipeline.extractors.base import spans
from pipeline.extractors.glossary_types import load_type_rules, name_type, pair_type
from pipeline.extractors.glossary import (
    bracket_groups,
    clean_chinese,
    english_before,
    keep_first_pairs,
    find_pairs,
    is_person,
    load_rules,
    quote_opened_before,
    split_list,
)
from pipeline.model import Document, Mention
from pipeline.settings import Settings
from pipeline.stages.annotate import load_nlp, make_doc

from .conftest import CORPUS, SHARED, need

RULES = load_rules()
PAPER_GOLD = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json"


def pairs(text: str, rules=RULES) -> list[tuple[str, str]]:
    return [(p.english, p.chinese) for p in find_pairs(text, rules)]


@pytest.mark.parametrize("text, expected", [
    # an unquoted noun phrase, cut at the article
    ("The plan leans on a new-style national team (新型举国体制) for chips.",
     [("new-style national team", "新型举国体制")]),
    # full-width and lenticular brackets
    ("Officials cite the Three Gorges Dam（三峡大坝）as proof.", [("Three Gorges Dam", "三峡大坝")]),
    ("See the Science Daily【科技日报】series.", [("Science Daily", "科技日报")]),
    # a capitalised name runs through "of" but stops at "the"
    ("He joined the Chinese Academy of Sciences (中国科学院) in 1990.", [("Chinese Academy of Sciences", "中国科学院")]),
    # an acronym in brackets inside the term is dropped
    ("the goal of science and technology (S&T) self-reliance (科技自立) matters",
     [("science and technology self-reliance", "科技自立")]),
    # a quoted term, then its original
    ("Planners use the term “strategic emerging industries” (战略性新兴产业) often.",
     [("strategic emerging industries", "战略性新兴产业")]),
    # a title in a note, its original in square brackets inside the quotes
    ("“Premier Chairs a Meeting on Innovation [总理主持创新会议],” Xinhua, May 1, 2020.",
     [("Premier Chairs a Meeting on Innovation", "总理主持创新会议")]),
    # book-title marks around the whole original are dropped, inner ones kept
    ('They issued the "Made in China 2025" (《中国制造2025》) plan.', [("Made in China 2025", "中国制造2025")]),
    ("“A Notice on the Plan (关于印发《计划》的通知)”", [("A Notice on the Plan", "关于印发《计划》的通知")]),
    # nested straight quotes inside a quoted title
    ('Li Hua. 2020. "Why the "chip gap" matters (为什么芯片差距重要)", Daily.',
     [('Why the "chip gap" matters', "为什么芯片差距重要")]),
    # an unquoted title in an author-date reference
    ("State Office. 2011. Outline for Rural Science, 2011–2015 (农村科技纲要). Beijing.",
     [("Outline for Rural Science, 2011–2015", "农村科技纲要")]),
    # Chinese first, English in brackets
    ("the slogan 自主创新 (indigenous innovation) was coined", [("indigenous innovation", "自主创新")]),
    ("Council, 国务院关于印发《中国制造2025》的通知 [Notice on Made in China 2025], 2015",
     [("Notice on Made in China 2025", "国务院关于印发《中国制造2025》的通知")]),
    # a list in quotes with an enumerated original gives one pair per item
    ("three kinds: “basic materials, core parts, and advanced processes” (基础材料、核心零部件、先进工艺).",
     [("basic materials", "基础材料"), ("core parts", "核心零部件"), ("advanced processes", "先进工艺")]),
    # items separated by commas, each with its own bracket
    ("labs (实验室), research institutes (科研机构), and leading firms (领军企业) matter",
     [("labs", "实验室"), ("research institutes", "科研机构"), ("leading firms", "领军企业")]),
    # a bare term tied to a quoted rendering by a cue
    ("The Chinese term 卡脖子 is “choke point,” literally.", [("choke point", "卡脖子")]),
    ("The term 举国体制 is “whole-nation system,” but we prefer the translation of “national team.”",
     [("whole-nation system", "举国体制"), ("national team", "举国体制")]),
    # the English is at most one content word per Chinese character
    ("many very important key technologies (技术) exist", [("key technologies", "技术")]),
])
def test_glossary_finds_pairs(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "依靠新型举国体制--人民网 (people.com.cn), http://example.cn",  # a website's domain
    "科技日报【专题报道】核心技术（1-5）",  # no English at all
    "The original reads “国内循环越顺畅，越能形成引力场”.",  # a Chinese quotation alone
    "the Ministry of Finance (MOF) said",  # no Chinese
    "“alpha, beta” (甲、乙、丙)",  # lists of different lengths
    "the one called “long boards” (长板",  # an unclosed bracket
    "(((【【 ]]）资（ a (b) c (中",  # garbled brackets
    "（ ）【】[]",
    "prices fell in 2020 (二〇二〇年)",  # a number is not a term
    "",
])
def test_glossary_finds_nothing(text):
    assert pairs(text) == []


_PIECES = st.sampled_from(list("()（）[]【】《》“”\"'’ ,.;:、，-–") + list("中国科技部新型举国体制")
                         + ["the ", "of ", "Plan ", "new ", "team ", "2020 ", "Xi ", "is ", "translation of "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_glossary_garbled_text_never_breaks(text):
    for p in find_pairs(text, RULES):
        assert 0 <= p.start < p.end <= len(text)
        assert p.english.strip() and p.chinese.strip()


def test_glossary_quote_left_open_does_not_run_across_sentences():
    text = "He said “the plan works. Later the Ministry of Finance (财政部) agreed."
    assert pairs(text) == [("Ministry of Finance", "财政部")]


@pytest.mark.parametrize("text, expected", [
    ("a (b) c", [(2, 4)]),
    ("x (《方案（2022年）》) y", [(2, 14)]),
    ("[甲 (乙)] (丙", [(0, 6)]),
    ("】) nothing opens", []),
])
def test_glossary_bracket_groups_are_outermost_and_closed(text, expected):
    assert bracket_groups(text) == expected


@pytest.mark.parametrize("raw, expected", [
    ("《企业技术创新能力提升行动方案（2022—2023年）》", "企业技术创新能力提升行动方案（2022—2023年）"),
    ("“补短板”", "补短板"),
    ("  科技部  财政部 ", "科技部 财政部"),
    ("《甲》和《乙》", "《甲》和《乙》"),
])
def test_glossary_clean_chinese_drops_wrappers_only(raw, expected):
    assert clean_chinese(raw) == expected


@pytest.mark.parametrize("english, chinese, expected", [
    ("Xi Jinping", "习近平", True),
    ("Liu Yadong", "刘亚东", True),
    ("Renmin Wang", "人民网", False),  # a website whose pinyin ends in a surname
    ("Long Boards", "长板", False),
    ("Wang Hao", "王浩先生好人啊", False),  # too many characters for a name
])
def test_glossary_is_person_by_surname_and_shape(english, chinese, expected):
    assert is_person(english, chinese, RULES.surnames) is expected


def test_glossary_split_list_keeps_titles_whole():
    title = "The New Team: History, Traits"
    assert split_list(title, "新型举国体制：历史演变、时代特征") == [(title, "新型举国体制：历史演变、时代特征")]
    assert split_list("a, b and c", "甲、乙、丙") == [("a", "甲"), ("b", "乙"), ("c", "丙")]


def test_glossary_quote_opened_before_skips_nested_quotes():
    text = 'x "Why the "chip gap" matters ('
    assert quote_opened_before(text, 0, len(text) - 1) == 2
    assert quote_opened_before('he said "no" and the term (', 0, 26) is None


@pytest.mark.parametrize("text, n_zh, expected", [
    ("published on Renmin Wang ", 3, "Renmin Wang"),
    ("Deputy Director of the Institute of World Economics, China Institute of Contemporary Relations ", 15,
     "Institute of World Economics, China Institute of Contemporary Relations"),
    ("Beijing, Renmin Wang ", 3, "Renmin Wang"),  # too few characters to run on across the comma
    ("In 2022, the 27th meeting of the Deepening Reform Commission ", 16,
     "27th meeting of the Deepening Reform Commission"),
    ("at the Deepening Reform Commission ", 6, "Deepening Reform Commission"),  # short original: no "of the"
    ("and S&T leading enterprises ", 6, "S&T leading enterprises"),
    ("Research & Development Centre ", 6, "Research & Development Centre"),
])
def test_glossary_english_before_cuts_the_term(text, n_zh, expected):
    start, english = english_before(text, 0, len(text), n_zh, RULES.roles)
    assert english == expected
    assert text[start:].startswith(expected.split()[0])


def test_glossary_english_before_stops_at_tagged_verbs():
    text = "China needs to compensate "
    assert english_before(text, 0, len(text), 3, RULES.roles, stops=frozenset({15})) is None


def test_glossary_user_rules_add_words_and_surnames(tmp_path):
    text = "regarding Policy Banks (政策性银行) and Zhuo Lin (卓琳)"
    assert ("Policy Banks", "政策性银行") in pairs(text)
    (tmp_path / "glossary_words.csv").write_text("word,role\nbanks,break\n", encoding="utf-8")
    (tmp_path / "glossary_surnames.csv").write_text("surname\nZzz\n", encoding="utf-8")
    user = load_rules(str(tmp_path))
    assert pairs("the Zzz Lin (某某) and Policy Banks (政策性银行)", user) == [("Zzz Lin", "某某")]
    assert is_person("Zzz Lin", "某某", user.surnames) and not is_person("Zzz Lin", "某某", RULES.surnames)
    assert "the" in user.roles and "break" == user.roles["banks"]  # shipped words are still there


def test_glossary_user_rules_bad_role_is_named(tmp_path):
    (tmp_path / "glossary_words.csv").write_text("word,role\nof,brake\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"glossary_words.csv: role 'brake' of 'of' is not one of break"):
        load_rules(str(tmp_path))


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def glossary_spans(nlp, text, kind="body"):
    doc = nlp(make_doc(nlp, text, kind))
    return [(f["english"], f["chinese"]) for _, f in spans(doc, "glossary")]


@pytest.mark.parametrize("text, expected", [
    ("In these areas China must compensate (补短板) quickly.", []),  # a verb, not a term
    ("Firms like S&T leading enterprises (科技领军企业) gain.", [("S&T leading enterprises", "科技领军企业")]),
    ("Budgets rose in 2021 without any Chinese at all.", []),
])
def test_glossary_component_uses_parts_of_speech(nlp, text, expected):
    assert glossary_spans(nlp, text) == expected


def test_glossary_component_gives_each_list_item_its_own_fields(nlp):
    text = "two kinds: “basic materials and core parts” (基础材料、核心零部件)."
    assert glossary_spans(nlp, text, "footnote") == [("basic materials", "基础材料"), ("core parts", "核心零部件")]


def _mention(pid, english, chinese, table="glossary"):
    return Mention(doc_id="d", passage_id=pid, page=int(pid[1:]), kind="body", table=table, text=english,
                   start=0, end=1, fields={"english": english, "chinese": chinese})


def test_glossary_keep_first_pairs_keeps_the_first_of_identical_pairs():
    doc = Document(doc_id="d", path="d.pdf")
    doc.mentions = [_mention("p1", "long boards", "长板"), _mention("p2", "Big Fund", "大基金", "money"),
                    _mention("p3", "long boards", "长板"), _mention("p4", "Long boards", "长板"),
                    _mention("p5", "Big Fund", "大基金", "money")]
    keep_first_pairs(doc)
    assert [(m.passage_id, m.table) for m in doc.mentions] == [
        ("p1", "glossary"), ("p2", "money"), ("p4", "glossary"), ("p5", "money")]


def _glossary(document):
    return [m for m in document.mentions if m.table == "glossary"]


@pytest.mark.parametrize("english, chinese, kind, page", [
    ("new-style national team", "新型举国体制", "body", 14),
    ("Institute of World Economics, China Institute of Contemporary International Relations",
     "中国现代国际关系研究院世界经济研究所", "footnote", 5),
    ("27th meeting of the Comprehensive Deepening Reform Commission", "全面深化改革委员会第二十七次会议", "body", 15),
    ("key generic technologies", "关键共性技术", "body", 6),
    ("disruptive technologies", "颠覆性技术", "body", 6),
    ("new-style whole-of-nation system", "新型举国体制", "footnote", 14),
    ("new national team", "新型举国体制", "footnote", 14),
    ("Qiushi", "求是", "bibliography", 18),
    ("MOF", "财政部", "bibliography", 20),
    ("Action Plan for Improving Enterprises' Technological Innovation Capability (2022–2023)",
     "企业技术创新能力提升行动方案（2022—2023年）", "body", 7),
])
def test_glossary_paper_pairs(paper, english, chinese, kind, page):
    found = [(m.kind, m.page) for m in _glossary(paper)
             if (m.fields["english"], m.fields["chinese"]) == (english, chinese)]
    assert found == [(kind, page)]


@pytest.mark.parametrize("english, chinese, kind", [
    ("Bai Chunli", "白春礼", "person"),
    ("Fan Yubo", "樊瑜波", "person"),
    ("Qiushi", "求是", "org"),  # a periodical, by the outlets of citation_words.csv
    ("MOF", "财政部", "org"),
    ("Chinese Academy of Engineering", "中国工程院", "org"),
    ("Three Gorges Dam", "三峡大坝", "place"),
    ("new-style national team", "新型举国体制", "term"),
    ("Action Plan for Improving Enterprises' Technological Innovation Capability (2022–2023)",
     "企业技术创新能力提升行动方案（2022—2023年）", "title"),  # set in 《》
])
def test_glossary_paper_pairs_are_typed(paper, english, chinese, kind):
    types = {m.fields["type"] for m in _glossary(paper) if (m.fields["english"], m.fields["chinese"]) == (english, chinese)}
    assert kind in types


def test_glossary_paper_keeps_people_and_leaves_out_websites(paper):
    englishes = {m.fields["english"] for m in _glossary(paper)}
    chineses = {m.fields["chinese"] for m in _glossary(paper)}
    assert {"Bai Chunli", "Liu Yadong", "Fan Yubo"} <= englishes
    assert "people.com.cn" not in englishes and "专题报道" not in chineses


def test_glossary_paper_rows_are_distinct(paper):
    keys = [(m.fields["english"], m.fields["chinese"], m.fields["type"]) for m in _glossary(paper)]
    assert len(keys) == len(set(keys)) >= 86


def test_glossary_paper_f1_against_gold(paper):
    gold = json.loads(need(PAPER_GOLD).read_text(encoding="utf-8"))["glossary"]
    score = match_glossary(gold, [m.fields for m in _glossary(paper)])
    assert score.f1 >= 0.95
    assert score.fn <= 2


@pytest.mark.parametrize("english, chinese", [
    ("Xi Jinping: Core Technology is the Most Important Weapon of the Country", "习近平：关键核心技术是国之重器"),
    ("Outline of the National Innovation-Driven Development Strategy Issued by the CPC Central Committee and the "
     "State Council", "中共中央 国务院印发《国家创新驱动发展战略纲要》"),
    ("The Report on the Development of Specialized, New Small and Medium Enterprises was Released",
     "《专精特新中小企业发展报告》发布"),
    ("Correctly Understand and Grasp the Characteristics of the Rules of Capital (People’s Viewpoint)",
     "正确认识和把握资本的特性和行为规律（人民观点）"),
])
def test_glossary_brief_note_titles(brief, english, chinese):
    found = [(m.kind, m.fields["type"]) for m in _glossary(brief)
             if (m.fields["english"], m.fields["chinese"]) == (english, chinese)]
    assert found == [("footnote", "title")]


def test_glossary_brief_pairs_all_come_from_notes(brief):
    rows = _glossary(brief)
    assert len(rows) >= 12
    # the footnotes, and the numbered source note printed under Figure 1 (part of its caption)
    [under_figure] = [m for m in rows if m.kind != "footnote"]
    assert under_figure.kind == "caption" and under_figure.page == 5
    assert under_figure.fields["english"] == ("2021 Government Guidance Fund Data Inventory—Fund Optimization and "
                                              "Integration is Around the Corner")


@pytest.fixture(scope="module")
def samples():
    docs = {}
    for name in ("brief_semiconductor_finance", "research_note_mic2025", "working_paper_self_reliance"):
        docs[name] = process(Document(doc_id=name, path=str(CORPUS / f"{name}.pdf")), Settings(tables=False))
    return docs


@pytest.mark.parametrize("name, expected", [
    ("brief_semiconductor_finance", {("chokepoint", "卡脖子"), ("new-style national system", "新型举国体制"),
                                     ("Big Fund", "大基金"), ("government guidance funds", "政府引导基金")}),
    ("research_note_mic2025", {("Made in China 2025", "中国制造2025"), ("indigenous innovation", "自主创新"),
                               ("science and technology self-reliance", "科技自立自强"),
                               ("dual circulation", "双循环"), ("new-style national system", "新型举国体制"),
                               ("Notice of the State Council on Made in China 2025",
                                "国务院关于印发《中国制造2025》的通知")}),
    ("working_paper_self_reliance", {("indigenous innovation", "自主创新"), ("new-style national system", "新型举国体制"),
                                     ("science and technology self-reliance", "科技自立自强"),
                                     ("dual circulation", "双循环"), ("chokepoint", "卡脖子"),
                                     ("National Medium- and Long-Term Plan for the Development of Science and "
                                      "Technology, 2006–2020", "国家中长期科学和技术发展规划纲要"),
                                     ("Several major issues in the national medium- and long-term strategy for "
                                      "economic and social development", "国家中长期经济社会发展战略若干重大问题")}),
])
def test_glossary_sample_corpus_pairs(samples, name, expected):
    assert {(m.fields["english"], m.fields["chinese"]) for m in _glossary(samples[name])} == expected


def test_glossary_person_names_are_pairs_now():
    assert pairs("said Bai Chunli (白春礼) in 2021") == [("Bai Chunli", "白春礼")]
    assert pairs("习近平 (Xi Jinping) spoke") == [("Xi Jinping", "习近平")]


@pytest.mark.parametrize("english, chinese, kind", [
    ("Ministry of Industry and Information Technology", "工业和信息化部", "org"),
    ("Harbor Daily", "港口日报", "org"),
    ("Anhui Province", "安徽省", "place"),
    ("new infrastructure", "新基建", ""),
])
def test_glossary_name_types_come_from_the_rule_file(english, chinese, kind):
    assert name_type(english, chinese, load_type_rules()) == kind


@pytest.mark.parametrize("text, kind, expected", [
    ("“Grid Storage Census” (电网储能普查)", "footnote", "title"),  # quoted in a note: the work cited
    ("the so-called “grid census” (电网普查)", "body", "term"),  # quoted in the body: the author's term
    ("the Storage Plan (《储能规划》)", "body", "title"),
    ("Bai Chunli (白春礼)", "body", "person"),
    ("the Ministry of Finance (财政部)", "body", "org"),
])
def test_glossary_pair_type(text, kind, expected):
    [p] = find_pairs(text, RULES)
    person = is_person(p.english, p.chinese, RULES.surnames)
    assert pair_type(text, p.start, p.end, p.english, p.chinese, kind, person, load_type_rules()) == expected


def test_glossary_type_rules_a_user_extends_and_bad_rows_are_named(tmp_path):
    (tmp_path / "glossary_types.csv").write_text("type,side,cue\nplace,english_word,valley\n", encoding="utf-8")
    assert name_type("Pearl Valley", "珠谷", load_type_rules(str(tmp_path))) == "place"
    (tmp_path / "glossary_types.csv").write_text("type,side,cue\nfruit,english_word,apple\n", encoding="utf-8")
    with pytest.raises(RuleError, match="glossary_types.csv: fruit,english_word,apple"):
        load_type_rules(str(tmp_path))
