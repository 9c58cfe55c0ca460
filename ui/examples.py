"""Example questions for the chat page, made from the reports in the library: their own section headings and
table rows, so that a library without the bundled report never offers that report's questions.

Taken in turn from each report (in library order): a numbered table's row ("What does Table 2 show for Nurses?")
first for every other report, a heading first for the rest. A heading printed as a question is asked as printed,
any other as "What does the report find on ...?" ("say" would ask for quotes). Headings that name a part of
every report (contents, references...) are left out, as are sections with little text of their own.
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
MIN_SECTION_CHARS = 80  # a section with less than a sentence of its own answers nothing; longer ones come first
HEADING_WORDS = (2, 9)  # fewer is a label ("Findings"), more a sentence the question would only repeat
ROW_WORDS = 6
NUMBERING = re.compile(r"^\s*(?:(?:\d+\s*\.?\s*)+(?:\d+)?|[A-Z]\.|[IVX]+\.)\s+")  # "6 . ", "5.1 ", "B. ", "IV. "
NUMBERED_TABLE = re.compile(r"^(?:Table|Figure|Chart|Exhibit|Box)\s+[\w.]+$")  # a table the question can name
TOTAL_ROW = re.compile(r"^(?:total|all|answered|skipped|base|sum)\b", re.IGNORECASE)  # a sum, not a row of its own


def examples(parsed: list[ParsedSource], count: int = 3) -> list[str]:
    """Up to `count` questions, spread over the reports, each report's best first."""
    per_report = [_alternating(_table_questions(p), _heading_questions(p), turn) for turn, p in enumerate(parsed)]
    spread = [q for q in chain.from_iterable(zip_longest(*per_report)) if q]
    return list(dict.fromkeys(spread))[:count]


def _alternating(tables: list[str], headings: list[str], turn: int) -> list[str]:
    """A report's questions, a table's first for every other report, so the first few mix both kinds."""
    first, second = (tables, headings) if turn % 2 == 0 else (headings, tables)
    return list(dict.fromkeys(first + second))


def _heading_questions(parsed: ParsedSource) -> list[str]:
    sections = [s for s in parsed.sections if _worth_asking(s)]
    sections.sort(key=lambda s: (not s.heading.rstrip().endswith("?"), -(s.end - s.start), s.start))
    return [_asked(_bare(s.heading)) for s in sections[:2]]


def _bare(heading: str) -> str:
    """The heading's words without its numbering, on one line."""
    return NUMBERING.sub("", " ".join(heading.split())).rstrip(" .:")


def _worth_asking(section: Section) -> bool:
    heading = _bare(section.heading)
    return (HEADING_WORDS[0] <= len(heading.split()) <= HEADING_WORDS[1] and not APPARATUS.match(heading)
            and section.end - section.start >= MIN_SECTION_CHARS and sum(c.isalpha() for c in heading) >= 6)


def _asked(heading: str) -> str:
    """A question heading as printed; any other heading as what the report finds on it (in lower case
    where the heading was set in capitals or only starts with one)."""
    if heading.endswith("?"):
        return heading
    if heading.isupper():
        heading = heading.lower()
    first, _, rest = heading.partition(" ")
    if first[:1].isupper() and first[1:].islower():
        first = first.lower()
    return f"What does the report find on {' '.join(x for x in (first, rest) if x)}?"


def _table_questions(parsed: ParsedSource) -> list[str]:
    tables = sorted((t for t in parsed.tables if NUMBERED_TABLE.match(t.id) and _row(t)),
                    key=lambda t: (-len(t.figures), t.start))
    return [f"What does {t.id} show for {_row(t)}?" for t in tables[:1]]


def _row(table: Table) -> str:
    """The table's first row label of two words or more, no total and no aside in brackets; else its first
    label of words."""
    labels = [" ".join(f.row.split()) for f in table.figures]
    worded = [label for label in dict.fromkeys(labels)
              if 0 < len(label.split()) <= ROW_WORDS and sum(c.isalpha() for c in label) >= 3]
    plain = [label for label in worded if len(label.split()) > 1 and not TOTAL_ROW.match(label) and "(" not in label]
    return next(iter(plain + worded), "")
