"""Parse one footnote, endnote or reference-list entry into fields; tell ibid, short forms and comments apart.

Pure functions over one string, so tests call them without a document. The styles they follow are the ones
policy papers use: Chicago notes ("Author, “Title,” Outlet, Month D, YYYY, URL."), Chicago and APA-like
author-date reference lists ("Surname, Given. 2020. Title. Place: Publisher."), and think-tank house styles
that print a Chinese title in brackets after its translation ("“Title [中文],” Xinhua, ...") or a web page's
own title ("中文标题--栏目--人民网 (people.com.cn), URL").

The words and phrases that steer the parse (months, organisation and publisher words, "Ibid", "See", "last
visited", ...) are data: `rules/citation_words.csv` and `rules/citation_phrases.csv`.

notes.py holds the entry points (parse_note, parse_reference) and sources.py the parse of one source; they
build on urls.py, dates.py, names.py (authors), titles.py, containers.py (outlets and publishers) and text.py
(brackets, quotes, sentences). matching.py tells whether two records name the same work; rules.py loads the
word lists and parsed.py holds the Parsed record.
"""
from pipeline.extractors.citations.dates import find_dates
from pipeline.extractors.citations.matching import matches_key, norm, same_work, shared_author, title_likeness
from pipeline.extractors.citations.names import split_authors
from pipeline.extractors.citations.notes import parse_note, parse_reference
from pipeline.extractors.citations.parsed import Parsed
from pipeline.extractors.citations.rules import CitationRules, load_rules
from pipeline.extractors.citations.urls import find_urls

__all__ = [
    "CitationRules", "Parsed", "find_dates", "find_urls", "load_rules", "matches_key", "norm", "parse_note",
    "parse_reference", "same_work", "shared_author", "split_authors", "title_likeness",
]
