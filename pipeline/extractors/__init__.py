"""Every extractor, in run order: the one place that shows what exists.

Each name is a module of this package, the spaCy factory it registers, its span group and the output table
its rows go to. Importing this package imports every module, which registers the factories. Which of them a
run uses, and in what order, is set by pipeline/rules/pipeline.cfg.
"""
from __future__ import annotations

import importlib

EXTRACTORS: tuple[str, ...] = (
    "entities",
    "acronyms",
    "money",
    "percentages",
    "technologies",
    "glossary",
)

for _name in EXTRACTORS:
    importlib.import_module(f"{__name__}.{_name}")
