"""What the figure route needs from every table row, computed once per set of tables, not per question.

A library's tables are frozen dataclasses whose hash walks every cell, so caches here are keyed by
the tables' identity instead; each entry holds its tables, so an identity cannot be reused while
the entry lives. Not handled: tables rebuilt as equal copies get their own entry.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from ingest.table_facts import ALL_GROUPS, MEASURE_WORDS, PRINTED_BASE
from ingest.types import Table

from .lexicon import MONTHS, YEAR
from .terms import terms

ENTRIES = 8
MONTH_TERMS = frozenset(t for month in MONTHS for t in terms(month))
# A unit printed after a dash at a heading's end ("Projected supply in 2030 – WTEs", "... – £millions").
UNIT = re.compile(r"\s+[–-]\s+([^\s\d–-]+(?:\s[^\s\d–-]+)?)\s*$")
Result = TypeVar("Result")


def by_identity(function: Callable[[Sequence[Table]], Result]) -> Callable[[Sequence[Table]], Result]:
    """Cache a function of a sequence of tables by which table objects it holds, in order; the least
    recently used of ENTRIES entries goes first."""
    cache: dict[tuple[int, ...], tuple[tuple[Table, ...], Result]] = {}

    @functools.wraps(function)
    def cached(tables: Sequence[Table]) -> Result:
        key = tuple(map(id, tables))
        entry = cache.pop(key, None)
        if entry is None:
            entry = (tuple(tables), function(tables))
            if len(cache) >= ENTRIES:
                cache.pop(next(iter(cache)))
        cache[key] = entry  # (again) the most recent
        return entry[1]

    return cached


@dataclass(frozen=True)
class Column:
    """A value column's heading split into what it counts and the unit it counts in."""

    concept: frozenset[str]  # terms of what it counts, without measure words, base or unit ('project suppli 2030')
    unit: frozenset[str]  # terms of the unit after a closing dash ('wtes', 'million'); empty when none

    @property
    def terms(self) -> frozenset[str]:
        return self.concept | self.unit


@functools.lru_cache(maxsize=4096)
def column_of(heading: str) -> Column:
    """The heading's concept and unit: 'Percentage of total organisations across England' counts
    'total organisations across England'; '10-year increase required – WTEs' counts in WTEs."""
    named = MEASURE_WORDS.sub("", PRINTED_BASE.sub("", heading)).strip(" –-")
    unit = UNIT.search(named)
    concept = named[:unit.start()] if unit else named
    return Column(frozenset(terms(concept)), frozenset(terms(unit.group(1))) if unit else frozenset())


@dataclass(frozen=True)
class Row:
    table: Table
    label: str
    terms: frozenset[str]  # the label's search terms, or the lower-cased label when it has none
    caption: frozenset[str]  # the table caption's search terms
    columns: tuple[Column, ...] = ()  # the table's value columns, each once
    years: frozenset[str] = frozenset()  # the years its caption and headings print ('2020', '2030')
    months: frozenset[str] = frozenset()  # the months' terms its caption and headings print ('april', 'march')


@dataclass(frozen=True)
class RowIndex:
    rows: tuple[Row, ...]  # every table's distinct row labels, in table and row order
    by_term: dict[str, tuple[int, ...]]  # term -> positions in rows
    by_key: dict[tuple[str, str, str], tuple[int, ...]]  # (source, table, label) -> positions in rows

    def rows_sharing(self, asked: set[str], keys) -> list[Row]:
        """The rows whose label shares a term with the question, or whose key is among keys, in order."""
        positions = {p for term in asked for p in self.by_term.get(term, ())}
        positions.update(p for key in keys for p in self.by_key.get(key, ()))
        return [self.rows[p] for p in sorted(positions)]


# A code in brackets after a row's name ('London (Y56)'): letters and digits in one word, printed to identify
# the row, never asked for.
ROW_CODE = re.compile(r"\(\s*(?=\w*[A-Za-z])(?=\w*\d)\w+\s*\)")


def _label_terms(label: str) -> frozenset[str]:
    """A row label's search terms, its bracketed code left out; the lower-cased label when it has none."""
    return frozenset(terms(ROW_CODE.sub(" ", label))) or frozenset({label.lower()})


@by_identity
def row_index(tables: Sequence[Table]) -> RowIndex:
    rows = tuple(Row(table, label, _label_terms(label), caption, columns, years, months)
                 for table, caption, columns, years, months in ((t, frozenset(terms(t.caption)), table_columns(t),
                                                                 table_years(t), table_months(t)) for t in tables)
                 for label in dict.fromkeys(f.row for f in table.figures))
    by_term: dict[str, list[int]] = {}
    by_key: dict[tuple[str, str, str], list[int]] = {}
    for position, row in enumerate(rows):
        for term in row.terms:
            by_term.setdefault(term, []).append(position)
        by_key.setdefault((row.table.source, row.table.id, row.label), []).append(position)
    return RowIndex(rows, {t: tuple(p) for t, p in by_term.items()}, {k: tuple(p) for k, p in by_key.items()})


def table_columns(table: Table) -> tuple[Column, ...]:
    """The table's value columns (those holding figures), each once, in order."""
    return tuple(dict.fromkeys(column_of(f.column) for f in table.figures if f.column))


def table_years(table: Table) -> frozenset[str]:
    return frozenset(YEAR.findall(" ".join((table.caption, *table.columns))))


def table_months(table: Table) -> frozenset[str]:
    return MONTH_TERMS & frozenset(terms(" ".join((table.caption, *table.columns))))


@by_identity
def column_concepts(tables: Sequence[Table]) -> frozenset[frozenset[str]]:
    """What the tables' value columns count, where that takes two terms or more ('projected demand 2030'). Not
    the columns of a table that splits its respondents into groups (sized groups, or groups beside a total
    column): those name people ('Clinical director'), not what is counted."""
    return frozenset(c.concept for t in tables if not _by_groups(t) for c in table_columns(t) if len(c.concept) >= 2)


def _by_groups(table: Table) -> bool:
    return bool(table.groups) or any(f.group == ALL_GROUPS for f in table.figures)


@by_identity
def group_names(tables: Sequence[Table]) -> frozenset[str]:
    """The groups the tables' cells belong to, other than all respondents."""
    return frozenset(f.group for t in tables for f in t.figures if f.group != ALL_GROUPS)
