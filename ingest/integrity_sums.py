"""Integrity checks down a table's columns: a printed total row against the rows above it, and a group
of rows against the column's printed base.

- Total rows: a row whose label opens with "Total" is checked against the sum of the data rows above
  it in its rows' group, back to the previous total row ("Total for England" after the areas); a total
  straight after another total ("Total for UK") sums nothing and is not checked. Counts only, not
  percentages; a dash counts as nothing, words ("N/A") are left out.
- Groups of rows against the base: in a column that prints its base ("Portsmouth (20)"), each group of
  two rows or more (rows under one group row, or sharing a label's lead, "Ethnicity: ...") should add up
  to the base. Checked only where some group of the same column does add up to it: otherwise the rows
  are not shares of one whole (a question with several answers per person).
The sums are exact: rows printed rounded that do not add up to their printed total are reported.
"""
from __future__ import annotations

import re
from typing import Iterator

from .cell_values import number, quantity
from .integrity_tables import SUMMARY_ROW, Context, _base_n, body_figures, decimals, fmt
from .types import Figure, Finding, Table

TOTAL_ROW = re.compile(r"^\s*total\b", re.IGNORECASE)


def sum_findings(ctx: Context, table: Table) -> list[Finding]:
    if table.layout == "ranked":
        return []
    return [*_total_rows(ctx, table), *_group_bases(ctx, table)]


def _column(table: Table, figure: Figure) -> list[Figure]:
    """The figures of one column (group and measure), in printed order."""
    return sorted((f for f in table.figures if (f.group, f.measure, f.base) == (figure.group, figure.measure, figure.base)),
                  key=lambda f: f.start)


def _total_rows(ctx: Context, table: Table) -> Iterator[Finding]:
    for total in table.figures:
        if not TOTAL_ROW.match(total.row) or total.measure != "number" or number(total.value) is None:
            continue
        above = []
        for f in reversed([f for f in _column(table, total) if f.start < total.start]):
            if f.block != total.block or SUMMARY_ROW.match(f.row):
                break
            above.append(f)
        counted = [f for f in above if quantity(f.value) is not None]
        if len(counted) >= 2 and not _adds_up(counted, total.value):
            yield _total_finding(ctx, table, total, counted)


def _adds_up(parts: list[Figure], printed: str) -> bool:
    places = max(decimals(f.value) for f in parts)
    return round(sum(quantity(f.value) for f in parts), places + 2) == round(number(printed), places + 2)


def _like(value: float, places: int, printed: list[str]) -> str:
    """A computed number written as the table writes its own: thousands parted by commas when it does."""
    return f"{value:,.{places}f}" if any("," in p for p in printed) else fmt(value, places)


def _total_finding(ctx: Context, table: Table, total: Figure, parts: list[Figure]) -> Finding:
    added = _like(sum(quantity(f.value) for f in parts), max(decimals(f.value) for f in parts),
                  [total.value] + [f.value for f in parts])
    message = (f"“{total.row}” ({total.group}, {table.id}): the {len(parts)} rows above it add up to {added}, "
               f"printed total {total.value} (computed by citebrief).")
    return ctx.finding("column_total", [table], message, [ctx.row(total)] + [ctx.row(f) for f in reversed(parts)],
                       group=total.group, row=total.row, measure="number", printed=total.value, recomputed=added)


def _group_bases(ctx: Context, table: Table) -> Iterator[Finding]:
    body = [f for f in body_figures(table) if f.measure == "number" and _base_n(f)]
    for column in {(f.group, f.base) for f in body}:
        figures = sorted((f for f in body if (f.group, f.base) == column), key=lambda f: f.start)
        runs = _runs(figures)
        base = _base_n(figures[0])
        sums = [(run, sum(quantity(f.value) or 0 for f in run)) for run in runs]
        if not any(total == base for _, total in sums):
            continue
        for run, total in sums:
            if total != base:
                yield _base_finding(ctx, table, run, total, base)


def _runs(figures: list[Figure]) -> list[list[Figure]]:
    """Consecutive figures of one rows' group, two or more, with a number or a dash in every cell."""
    runs: list[list[Figure]] = []
    for f in figures:
        if runs and runs[-1][-1].block == f.block:
            runs[-1].append(f)
        else:
            runs.append([f])
    return [r for r in runs if len(r) > 1 and all(quantity(f.value) is not None for f in r)]


def _base_finding(ctx: Context, table: Table, run: list[Figure], total: float, base: int) -> Finding:
    block = run[0].block or f"{run[0].row} to {run[-1].row}"
    added = _like(total, 0, [run[0].base] + [f.value for f in run])
    message = (f"The “{block}” rows of {table.id} ({run[0].group}) add up to {added}, but the column's base is "
               f"{run[0].base} (computed by citebrief).")
    return ctx.finding("group_total", [table], message, [ctx.row(f) for f in run], group=run[0].group, row=block,
                       measure="number", printed=run[0].base, recomputed=added)
