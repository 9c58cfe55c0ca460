"""A grid's rows (as a reader gives them) to a ParsedTable, and the heading rules every reader shares.

- Heading rows: the rows above the first row holding a figure other than years; a row printed as one
  cell across the table (a group row) ends them unless it comes first (`heading_rows`); the rows under
  the first are joined top to bottom into each column's name (a third row of years is not lost).
- Heading levels: a cell across every column of the first heading row is the table's title; cells
  across several columns make a first heading row ("Sample size" over "Survey 1 | Survey 2"), the other
  cells a second, each joined top to bottom into one name per column (`heading_levels`).
- Body: a row printed as one cell across the table is a group row, kept once in its first cell; the
  first column is a group column (two label columns) when it is printed once and left blank below.
"""
from __future__ import annotations

from .cell_values import is_figure, is_value, is_year
from .tables import ParsedTable
from .textutil import join_lines


def parse_grid_rows(rows: list[tuple[str, ...]], header_rows: int, table_id: str, caption: str,
                    numbered: bool = True) -> ParsedTable:
    """A ParsedTable from a grid's rows (heading rows first, every row the same width)."""
    width = len(rows[0]) if rows else 0
    heading = rows[:header_rows]
    spans = heading[0] if header_rows > 1 else ("",) * width
    below = heading[1:] if header_rows > 1 else heading  # every heading row under the first, joined top to bottom
    own = tuple(join_lines([row[k] for row in below]) for k in range(width)) if below else ("",) * width
    columns = tuple(join_lines([s, o]) if s != o else o for s, o in zip(spans, own))
    body = tuple(_group_row(row) for row in rows[header_rows:])
    return ParsedTable(table_id, caption, "grid", columns, body, (), (), frozenset(), numbered,
                       tuple(spans), _label_columns(body))


def _group_row(row: tuple[str, ...]) -> tuple[str, ...]:
    """A row printed as one cell across the table ('Responses by organisation type') keeps it once."""
    if len(row) > 1 and row[0] and len(set(row)) == 1:
        return (row[0],) + ("",) * (len(row) - 1)
    return row


def _label_columns(body: tuple[tuple[str, ...], ...]) -> int:
    """2 when the first column groups the rows (printed once, blank below, in rows the second column names),
    else 1."""
    data = [row for row in body if len(row) > 2 and any(row[2:])]
    first_blank = any(not row[0] for row in data) and any(row[0] for row in data)
    texts = all(not is_figure(row[0]) and not is_figure(row[1]) and row[1] for row in data)
    return 2 if data and first_blank and texts else 1


# ---- headings, for every reader ------------------------------------------------------------------

def holds_figures(rows) -> bool:
    return any(_holds_figure(row) for row in rows)


def _holds_figure(row) -> bool:
    """A value cell after the first column that is not a year: "2020 | 2025" is a heading, and so is
    "2019 | 2018 | $ Difference" (the years a table compares, beside the difference it prints)."""
    return any(is_value(c) and not is_year(c) for c in row[1:])


def heading_rows(rows) -> int:
    """How many leading rows are column headings: those above the first row holding a figure other than
    years; a row printed as one cell across the table (a group row) ends them, unless it comes first."""
    count = 0
    while count < len(rows) and not _holds_figure(rows[count]) and not (count and len(set(rows[count])) == 1):
        count += 1
    return count if count < len(rows) else 0


def heading_levels(rows: list[list[tuple[str, int]]]) -> tuple[str, list[tuple[str, ...]]]:
    """A table's title and at most two heading rows from its heading rows, given as (text, columns the
    cell covers) in each column: a cell across every column of the first row is the title; cells across
    several columns make the first heading row, the others the second, each joined top to bottom."""
    width = len(rows[0]) if rows else 0
    title, spanning, own = "", [""] * width, [""] * width
    for r, row in enumerate(rows):
        if r == 0 and width > 1 and all(covered == width for _, covered in row) and row[0][0]:
            title = row[0][0]
            continue
        for k, (text, covered) in enumerate(row):
            target = spanning if 1 < covered < width else own
            target[k] = join_lines([target[k], text])
    levels = [tuple(spanning), tuple(own)] if any(spanning) else [tuple(own)]
    return title, [level for level in levels if any(level)]
