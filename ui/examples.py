"""Example questions for the chat page, made from the reports in the library: their own section headings and
table rows, so that a library without the bundled report never offers that report's questions.

Taken in turn from each report (in library order): a table row ("What does Table 2 show for Nurses?"), then
headings: one printed as a question is asked as printed, any other as "What does the report say about ...?".
Headings that name a part of every report (contents, references...) are left out, as are sections with little
text of their own.
"""
from __future__ import annotations

import re
from itertools import chain, zip_longest

from ingest.types import ParsedSource, Section, Table

# Parts every report may have that say nothing about its subject: asked about, they show the report's apparatus.
APPARATUS = re.compile(r"^(contents|table of contents|foreword|preface|acknowledg\w*|references|bibliography|"
                       r"glossary|abbreviations|appendi\w*|annex\w*|about( this| the)?\b.*|notes?|endnotes|index|"
                       r"introduction|summary|executive summary|key (findings|messages)|methods?|methodology)\b",
                       re.IGNORECASE)
MIN_SECTION_CHARS = 400  # a section shorter than a paragraph or two answers little on its own
HEADING_WORDS = (2, 9)  # fewer is a label ("Findings"), more a sentence the question would only repeat
ROW_WORDS = 6


def examples(parsed: list[ParsedSource], count: int = 3) -> list[str]:
    """Up to `count` questions, spread over the reports, each report's best first."""
    per_report = [list(dict.fromkeys(_table_questions(p) + _heading_questions(p))) for p in parsed]
    spread = [q for q in chain.from_iterable(zip_longest(*per_report)) if q]
    return list(dict.fromkeys(spread))[:count]


def _heading_questions(parsed: ParsedSource) -> list[str]:
    sections = [s for s in parsed.sections if _worth_asking(s)]
    sections.sort(key=lambda s: (not s.heading.rstrip().endswith("?"), -(s.end - s.start), s.start))
    return [_asked(s.heading) for s in sections[:2]]


def _worth_asking(section: Section) -> bool:
    words = section.heading.split()
    return (HEADING_WORDS[0] <= len(words) <= HEADING_WORDS[1] and section.end - section.start >= MIN_SECTION_CHARS
            and not APPARATUS.match(section.heading.strip()) and any(c.isalpha() for c in section.heading))


def _asked(heading: str) -> str:
    """A question heading as printed; any other heading as what the report says about it."""
    heading = " ".join(heading.split()).rstrip(" .:")
    if heading.endswith("?"):
        return heading
    first, _, rest = heading.partition(" ")
    if first[:1].isupper() and first[1:].islower():  # a capital that only starts the heading
        first = first.lower()
    return f"What does the report say about {' '.join(x for x in (first, rest) if x)}?"


def _table_questions(parsed: ParsedSource) -> list[str]:
    tables = sorted((t for t in parsed.tables if _row(t)), key=lambda t: (-len(t.figures), t.start))
    return [f"What does {t.id} show for {_row(t)}?" for t in tables[:1]]


def _row(table: Table) -> str:
    """The first row label of the table that reads as words (not a number or a code)."""
    for figure in table.figures:
        label = " ".join(figure.row.split())
        if 0 < len(label.split()) <= ROW_WORDS and sum(c.isalpha() for c in label) >= 3:
            return label
    return ""
