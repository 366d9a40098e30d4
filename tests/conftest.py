"""Shared fixtures: paths to ../shared (skipped with a reason when absent) and parsed seed documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import process
from pipeline.layout import tables as table_finder
from pipeline.model import Document
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
BRIEF = SEEDS / "luong-2022-financing-tech-self-reliance.pdf"
PAPER = SEEDS / "naughton-2023-trajectory-industrial-policy.pdf"
CORPUS = ROOT / "corpus"


def need(path: Path) -> Path:
    """The path, or skip the test: the reference corpus lives beside the repo, not in it."""
    if not path.exists():
        pytest.skip(f"{path} not present: the reference corpus ../shared is not checked out beside the repo")
    return path


def break_table_page(monkeypatch: pytest.MonkeyPatch, number: int, message: str) -> None:
    """Make the table pass raise ValueError(message) on page `number`, as pdfminer does on a damaged page."""
    real = table_finder._page_pieces

    def broken(page):
        if page.page_number == number:
            raise ValueError(message)
        return real(page)

    monkeypatch.setattr(table_finder, "_page_pieces", broken)


def parsed(path: Path) -> Document:
    doc = Document(doc_id=path.stem, path=str(path))
    return process(doc, Settings())


@pytest.fixture(scope="session")
def brief() -> Document:
    return parsed(need(BRIEF))


@pytest.fixture(scope="session")
def paper() -> Document:
    return parsed(need(PAPER))
