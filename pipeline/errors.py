"""Exceptions and the problem categories a document can end with."""
from __future__ import annotations


class PipelineError(Exception):
    """Base class for errors the pipeline raises on purpose."""


class BadPDFError(PipelineError):
    """A file that cannot be read as a PDF; `category` is one of CATEGORIES."""

    def __init__(self, category: str, message: str):
        super().__init__(message)
        self.category = category

    def __reduce__(self):  # so that a worker process can hand it to the batch (--strict)
        return type(self), (self.category, str(self)), self.__dict__


class DocumentTimeout(BaseException):
    """A document that ran past the per-document time limit.

    A BaseException, like KeyboardInterrupt, so that the handlers that keep one broken page or table from
    losing a document (`except Exception`) cannot swallow it.
    """


class RuleError(PipelineError):
    """A rule file or pipeline config that cannot be used; the message names the file (and line)."""


def one_line(text: str) -> str:
    """`text` with every unprintable character (newline, tab, a lone surrogate from an undecodable file name)
    written as its escape, so a reason is one line that names the file recognisably."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


# Categories used in Problem.category and in the one-line reasons printed for failed files.
CATEGORIES = {
    "not_pdf": "the file is not a PDF",
    "corrupt": "the PDF is truncated or corrupt",
    "encrypted": "the PDF is encrypted and needs a password",
    "no_pages": "the PDF has no pages",
    "no_text": "the PDF has no text layer (a scan?); OCR it first",
    "page_error": "a page could not be parsed",
    "repaired": "the PDF's cross-reference table was broken and rebuilt (truncated?); content may be missing",
    "tables": "table extraction failed on a page",
    "cite_error": "citation parsing failed on the document's notes",
    "annotate_error": "the extractors failed on the document's passages",
    "classify_error": "the phase classifier failed on the document's passages",
    "timeout": "the document took longer than the time limit",
    "memory": "the document's worker went over the memory limit",
    "worker_died": "the worker process processing the document died",
    "too_many_pages": "the document has more pages than the page limit",
    "write_error": "the document's results could not be written",
    "control_chars": "the text layer maps glyphs to control characters (dropped)",
}
