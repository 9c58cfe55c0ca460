"""What the figure route needs from every table row, computed once per set of tables, not per question.

A library's tables are frozen dataclasses whose hash walks every cell, so caches here are keyed by
the tables' identity instead; each entry holds its tables, so an identity cannot be reused while
the entry lives. Not handled: tables rebuilt as equal copies get their own entry.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from ingest.table_facts import ALL_GROUPS
from ingest.types import Table

from .terms import terms

ENTRIES = 8
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
class Row:
    table: Table
    label: str
    terms: frozenset[str]  # the label's search terms, or the lower-cased label when it has none
    caption: frozenset[str]  # the table caption's search terms


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


@by_identity
def row_index(tables: Sequence[Table]) -> RowIndex:
    rows = tuple(Row(table, label, frozenset(terms(label)) or frozenset({label.lower()}), caption)
                 for table, caption in ((t, frozenset(terms(t.caption))) for t in tables)
                 for label in dict.fromkeys(f.row for f in table.figures))
    by_term: dict[str, list[int]] = {}
    by_key: dict[tuple[str, str, str], list[int]] = {}
    for position, row in enumerate(rows):
        for term in row.terms:
            by_term.setdefault(term, []).append(position)
        by_key.setdefault((row.table.source, row.table.id, row.label), []).append(position)
    return RowIndex(rows, {t: tuple(p) for t, p in by_term.items()}, {k: tuple(p) for k, p in by_key.items()})


@by_identity
def group_names(tables: Sequence[Table]) -> frozenset[str]:
    """The groups the tables' cells belong to, other than all respondents."""
    return frozenset(f.group for t in tables for f in t.figures if f.group != ALL_GROUPS)
