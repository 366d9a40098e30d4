"""WORK IN PROGRESS: the money extractor (being written)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors import base

NAME = "money"
base.register(NAME)


@Language.factory(NAME, default_config={"rules_dir": None})
def make_money(nlp: Language, name: str, rules_dir: str | None):
    def component(doc: Doc) -> Doc:
        return doc
    return component
