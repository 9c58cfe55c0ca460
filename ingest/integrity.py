"""Figure integrity: do a report's printed numbers add up, and does its prose agree with its tables?

Pure functions over the parsed Table/Figure artifacts and the cleaned text, run once at ingest.
Checked, where the data allow:
- each percentage against its count and base (n, or "answered question") at the printed precision;
  when a column fails, the base that would give all of its percentages is searched for (a shifted n);
- group counts against the row's total (grid tables), a printed average against its column's mean;
- a total row against the rows above it, and groups of rows against their column's base (integrity_sums);
- answered + skipped, and the groups' sizes, against the respondents the text states; the groups'
  shares the text states ("57 per cent of the respondents") against their sizes;
- every percentage the prose states about a table row: exact, rounded, or inconsistent.
Not handled: counts or percentages written in words, numbers stated about a row in prose without a
percentage, and groups that overlap (the size check assumes they partition the respondents).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from .integrity_sums import sum_findings
from .integrity_tables import Context, relation, table_findings
from .integrity_text import text_findings
from .textutil import sentence_spans
from .types import Figure, Finding, Source, Table

__all__ = ["check_source", "relation", "with_notes"]


def check_source(source: Source, tables, paragraphs, section_of: Callable[[int], str]) -> tuple[Finding, ...]:
    """Every finding on a source's tables; paragraphs are the (start, end) spans of its prose."""
    sentences = tuple((s, e, k) for k, (start, end) in enumerate(paragraphs)
                      for s, e in sentence_spans(source.text[start:end], start))
    ctx = Context(source, tuple(tables), sentences, section_of)
    per_table = [f for table in ctx.tables for f in (*table_findings(ctx, table), *sum_findings(ctx, table))]
    return tuple(per_table) + tuple(text_findings(ctx))


# Checks about a whole table's respondents (107 in the tables vs 108 in the text) stay in the audit:
# as a note on every cell they would bury the notes that single out a cell or a column.
TABLE_WIDE_CHECKS = {"group_sizes", "group_share", "answered_skipped"}


def with_notes(tables, findings) -> list[Table]:
    """The tables with each figure that a failed cell or column check covers carrying its message as a note."""
    failed = [f for f in findings if f.verdict == "inconsistent" and f.check not in TABLE_WIDE_CHECKS]
    return [replace(t, figures=tuple(_noted(figure, failed) for figure in t.figures)) for t in tables]


def _noted(figure: Figure, failed: list[Finding]) -> Figure:
    notes = tuple(f.message for f in failed if f.source == figure.source and figure.table in f.tables
                  and f.group in ("", figure.group) and f.row in ("", figure.row) and f.measure in ("", figure.measure))
    return replace(figure, notes=tuple(dict.fromkeys(figure.notes + notes))) if notes else figure
