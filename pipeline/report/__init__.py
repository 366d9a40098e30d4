"""The static HTML report of an output folder (`pipeline report OUT`): build.py writes it, html.py makes the
pieces, page.html and style.css are its template and stylesheet."""
from pipeline.report.build import write_report

__all__ = ["write_report"]
