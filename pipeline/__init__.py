"""Text-mining pipeline for policy PDFs: passages, notes, tables, citations and extractions as tables."""

__version__ = "0.1.0"
