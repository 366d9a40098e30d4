"""Annotate stage: run the spaCy pipeline of extractors over every passage and collect Mentions.

One `nlp` holds the statistical model and every extractor component (pipeline/rules/pipeline.cfg); it is built
once per rules folder and reused for every document. Each passage becomes one spaCy Doc that knows its passage
kind, so an extractor can treat table cells or notes differently, and each extractor's span group becomes rows
of the output table of the same name.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from pipeline import extractors
from pipeline.errors import RuleError
from pipeline.extractors import acronyms, entities, glossary
from pipeline.extractors.base import spans
from pipeline.model import Document, Mention
from pipeline.layout.chart_labels import chart_labels
from pipeline.rulefiles import rule_cache, rule_files
from pipeline.schemas import MENTION_TABLES
from pipeline.text import TEXT_WORD_RE

CONFIG_NAME = "pipeline.cfg"
# A label drawn inside a figure is mined only when it reads as text, as a timeline's entry or a diagram's box
# does ("US tariffs on 50 billion USD of imports"): this many words of letters. Axis ticks, legend bins and the
# numbers on bars ("$1B", "2014", "14% 9%") have none: a timeline is a table of dated events, a bar chart is not.
FIGURE_TEXT_WORDS = 3


@dataclass(frozen=True)
class DocumentStep:
    """Work over a whole annotated Document, for what one passage cannot decide (an acronym defined on page 2
    names its uses on page 9). It runs when the pipeline fills every span group it `requires`, and changes or
    adds rows of the tables it `assigns` only."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Document], None]


# In this order, after every passage has been through nlp.
DOCUMENT_STEPS = (
    DocumentStep("first glossary pairs", ("glossary",), ("glossary",), glossary.keep_first_pairs),
    DocumentStep("acronym uses", ("acronyms",), ("acronyms",), acronyms.count_uses),
    DocumentStep("acronyms to entities", ("acronyms", "entities"), ("entities",), acronyms.link_entities),
    DocumentStep("citation containers to entities", ("entities",), ("entities",), entities.link_containers),
)


def config_file(rules: str | Path | None = None) -> Path:
    """The pipeline config in force: the user's pipeline.cfg when their rules folder has one, else the shipped one."""
    return rule_files(CONFIG_NAME, rules)[-1].path


@rule_cache
def load_nlp(rules: str | None = None) -> Language:
    """The annotating pipeline for a user rules folder (None: shipped rules only), built once and cached.

    Raises:
        RuleError: when the config cannot be read, names an unknown factory, or a rule file is bad.
    """
    path = config_file(rules)
    try:
        config = Config().from_disk(path)
    except Exception as exc:  # thinc raises several types for a malformed config
        raise RuleError(f"{path}: cannot read the pipeline config ({exc})") from exc
    for name, component in config.get("components", {}).items():
        factory = component.get("factory")
        if factory is not None and not Language.has_factory(factory):
            raise RuleError(f"{path}: component {name!r} names factory {factory!r}, which is not registered "
                            f"(extractors: {', '.join(extractors.EXTRACTORS)})")
        if factory in extractors.EXTRACTORS:
            component["rules_dir"] = rules
    try:
        return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    except RuleError:
        raise
    except (ValueError, KeyError, OSError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RuleError(f"{path}: {first_line}") from exc


def make_doc(nlp: Language, text: str, kind: str = "body") -> Doc:
    """A tokenised Doc for one passage, marked with its passage kind, ready for `nlp.pipe`."""
    doc = nlp.make_doc(text)
    doc.user_data["passage_kind"] = kind
    return doc


def annotate(document: Document, nlp: Language, batch_size: int = 64) -> None:
    """Run `nlp` over every passage of `document`, set `document.mentions` in passage order, then run the
    `DOCUMENT_STEPS` whose span groups the pipeline fills.

    Every span group named like an extraction table becomes rows of that table, whether a shipped extractor or
    a user's own registered factory wrote it; a group that names no table is reported as a problem once. Of the
    labels drawn in figures only those that read as text are mined (`FIGURE_TEXT_WORDS`), and of the wordless
    lines only an unruled table's cells, not a chart's labels (`layout.chart_labels`).

    Args:
        document: a segmented Document.
        nlp: from `load_nlp`.
        batch_size: passages per `nlp.pipe` batch.
    """
    charts = chart_labels(document.passages, (f.page for f in document.figures))
    passages = [p for p in document.passages if p.text.strip() and _mined(p) and p.passage_id not in charts]
    mentions: list[Mention] = []
    filled: set[str] = set(extractor_groups(nlp))
    unknown: set[str] = set()
    docs = (make_doc(nlp, p.text, _kind(p.kind)) for p in passages)
    for passage, doc in zip(passages, nlp.pipe(docs, batch_size=batch_size)):
        for group in sorted(doc.spans, key=_table_order):
            if group not in MENTION_TABLES:
                unknown.add(group)
                continue
            filled.add(group)
            for span, fields in spans(doc, group):
                mentions.append(Mention(
                    doc_id=document.doc_id, passage_id=passage.passage_id, page=passage.page,
                    kind=_kind(passage.kind), table=group, text=span.text,
                    start=span.start_char, end=span.end_char, fields=fields,
                ))
    for group in sorted(unknown):
        document.add_problem("annotate", "unknown_span_group", f"span group {group!r} names no output table "
                             f"(tables: {', '.join(MENTION_TABLES)}); its spans are not kept")
    document.mentions = mentions
    for step in DOCUMENT_STEPS:
        if filled.issuperset(step.requires):
            step.run(document)


def extractor_groups(nlp: Language) -> list[str]:
    """The extractor span groups this pipeline fills, in pipeline order."""
    return [nlp.get_pipe_meta(name).factory for name in nlp.pipe_names
            if nlp.get_pipe_meta(name).factory in extractors.EXTRACTORS]


def _table_order(group: str) -> int:
    return MENTION_TABLES.index(group) if group in MENTION_TABLES else len(MENTION_TABLES)


def _mined(passage) -> bool:
    return _kind(passage.kind) != "figure_text" or len(TEXT_WORD_RE.findall(passage.text)) >= FIGURE_TEXT_WORDS


def _kind(kind) -> str:
    return getattr(kind, "value", kind)
