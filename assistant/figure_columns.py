"""Which of a table row's columns a figure question asks for, read from the columns' printed headings.

A heading names what its column counts and the unit it counts in (ingest `Figure.column`, split by
`row_index.column_of`): the question's words beyond the row's own pick the heading that holds most of
them, rare heading words counting most; a unit the question names ('in WTEs') keeps that unit's cells.
A row's cells that print words ('Band 8c') are given when the question names their heading.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from ingest.cell_values import is_value
from ingest.types import Figure, Table

from .question import Question
from .row_index import column_of
from .terms import terms

# A name in a heading, capitalised words after its first ('Estimated totals by Health Foundation paper').
PROPER_NAME_IN_HEADING = re.compile(r"(?<=\S\s)(?:[A-Z][a-z]+\s+)+[A-Z][a-z]+\b")
NAMED_HEADING = 0.5  # share of a word column's heading the question must name to be given its cell ('which band')


def word_cells(q: Question, table: Table, label: str) -> tuple[tuple[str, str], ...]:
    """The row's cells that print words, not figures ('Band 8c'), under a heading the question names
    ('which Agenda for Change band' of 'NHS Agenda for Change banding*'), with their headings."""
    row = next((r for r in table.rows if any(c and (c == label or label.startswith(f"{c} (")) for c in r)), None)
    if row is None or len(row) != len(table.columns):
        return ()
    found = []
    for heading, cell in zip(table.columns, row):
        named = set(terms(heading))
        if cell and cell != label and not is_value(cell) and named and \
                len(named & q.row_terms) >= NAMED_HEADING * len(named) and not named <= set(terms(label)):
            found.append((heading, cell))
    return tuple(found)


def named_columns(asked: frozenset[str], cells: list[Figure], label: str) -> list[Figure]:
    """The row's cells under the heading that best holds the question's words (`asked`) beyond the row's own
    ('projected supply' in 'Projected supply in 2030 – WTEs'), each heading's words weighted by how
    few of the row's headings share them; that heading's cells in every unit ('– WTEs', '– %'); [] when
    no heading holds any of them."""
    asked = asked - set(terms(label))
    concepts = {f.column: _named_whole(column_of(f.column).concept, f.column, asked) for f in cells if f.column}
    distinct = set(concepts.values())
    counts = Counter(t for concept in distinct for t in concept)
    fits = {column: sum(math.log(1 + len(distinct) / counts[t]) for t in asked & concept)
            for column, concept in concepts.items()}
    best = max(fits.values(), default=0.0)
    if best <= 0:
        return []
    chosen = {concepts[c] for c, fit in fits.items() if fit >= best - 1e-9}
    return [f for f in cells if f.column and concepts[f.column] in chosen]


def _named_whole(concept: frozenset[str], heading: str, asked: frozenset[str]) -> frozenset[str]:
    """The heading's words less those of a name in it that the question does not name whole: 'health' asked
    about the health sector is not the Health Foundation's paper."""
    for name in PROPER_NAME_IN_HEADING.findall(heading):
        named = set(terms(name))
        if not named <= asked:
            concept = concept - named
    return concept
