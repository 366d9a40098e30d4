"""Text-mining pipeline for policy PDFs: passages, notes, tables, citations and extractions as tables.

`pipeline.run(paths, out=...)` and `pipeline.open(out)` are the Python API (pipeline/api.py); they are imported
when first used, so that `import pipeline.model` does not load spaCy.
"""

__version__ = "0.1.0"
__all__ = ["open", "run"]


def __getattr__(name: str):
    if name in __all__:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
