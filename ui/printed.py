"""A parsed table laid out as the report prints it, for the Reports page: pure functions over ingest's Table.

- Ranked side-by-side groups (layout "ranked": each row is group, rank, cells...) become column groups,
  one block of the table's cell columns per group, lined up by rank; summary rows (no rank, e.g. "Average")
  go last, lined up in the order each group prints them.
- Grid columns whose names begin with one of the table's groups become that group's column block.
- A grid row with fewer cells than columns (a summary row such as "Answered question 105") puts each value
  under the column whose cells are of the same kind (group and measure), as the value's Figure says, so a
  total sits under the total column; a value of a kind no column has follows the label.
Each frame cell remembers the printed row and cell it came from, so flagged cells can be marked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ingest.types import Figure, Table

@dataclass(frozen=True)
class Printed:
    """The frame to show and, for each frame cell (row, column), the (row, cell) of table.rows it shows."""

    frame: pd.DataFrame
    origin: dict[tuple[int, int], tuple[int, int]]


def printed(table: Table) -> Printed:
    if table.layout == "ranked" and table.groups:
        return _ranked(table)
    return _grid(table)


def flagged_cells(table: Table) -> set[tuple[int, int]]:
    """(row, cell) of each printed cell whose figure carries a data note from the integrity checks."""
    noted = [f for f in table.figures if f.notes]
    cells = set()
    for i, row in enumerate(table.rows):
        for f in noted:
            if f.row in row and (table.layout != "ranked" or row[0].startswith(f.group)):
                cells |= {(i, j) for j, cell in enumerate(row) if cell == f.value and j > 0}
    return cells


def marked(shown: Printed, cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The frame positions (row, column) showing any of these printed (row, cell) positions."""
    return {at for at, printed_at in shown.origin.items() if printed_at in cells}


# ---- ranked groups side by side ------------------------------------------------------------------------
def _ranked(table: Table) -> Printed:
    """Rows are (group label, rank, cells...); the frame's index is the rank, its columns (group, cell name)."""
    width = max([len(table.columns)] + [len(r) for r in table.rows]) - 2
    names = list(table.columns[2:]) + [f"column {n + 3}" for n in range(len(table.columns) - 2, width)]
    labels = list(dict.fromkeys(row[0] for row in table.rows))
    lines = _rank_lines(table)
    order = [key for key in dict.fromkeys(lines.values()) if not isinstance(key, tuple)] + \
            [key for key in dict.fromkeys(lines.values()) if isinstance(key, tuple)]
    cells = [[""] * (len(labels) * len(names)) for _ in order]
    origin = {}
    for i, row in enumerate(table.rows):
        r, block = order.index(lines[i]), labels.index(row[0]) * len(names)
        for j, cell in enumerate(row[2:2 + len(names)]):
            cells[r][block + j] = cell
            origin[(r, block + j)] = (i, j + 2)
    columns = pd.MultiIndex.from_tuples([(label, name) for label in labels for name in names])
    index = pd.Index(["" if isinstance(key, tuple) else key for key in order], name=table.columns[1] or "Rank")
    return Printed(pd.DataFrame(cells, columns=columns, index=index), origin)


def _rank_lines(table: Table) -> dict[int, str | tuple[str, int]]:
    """Each row's line: its rank, or ("summary", n) for a group's n-th row without a rank."""
    seen: dict[str, int] = {}
    lines = {}
    for i, (label, rank, *_) in enumerate(table.rows):
        if rank:
            lines[i] = rank
        else:
            lines[i] = ("summary", seen.get(label, 0))
            seen[label] = seen.get(label, 0) + 1
    return lines


# ---- grids -------------------------------------------------------------------------------------------------
def _grid(table: Table) -> Printed:
    width = max([len(table.columns)] + [len(r) for r in table.rows])
    kinds = _column_kinds(table)
    runs = _row_figures(table)
    cells, origin = [], {}
    for i, row in enumerate(table.rows):
        line = [""] * width
        for j, at in enumerate(_places(row, runs[i], kinds, width)):
            line[at] = row[j]
            origin[(i, at)] = (i, j)
        cells.append(line)
    return Printed(pd.DataFrame(cells, columns=_grid_columns(table, width)), origin)


def _places(row: tuple[str, ...], figures: list[Figure], kinds: dict[tuple[str, str], int],
            width: int) -> list[int]:
    """Where each cell of the row goes: in order for a full row, by the kind of its figure for a short one."""
    if len(row) >= width or len(figures) != len(row) - 1:
        return list(range(len(row)))
    places, taken = [0], {0}
    for figure in figures:
        at = kinds.get((figure.group, figure.measure))
        if at is None or at in taken:
            at = next(n for n in range(1, width) if n not in taken)
        places.append(at)
        taken.add(at)
    return places


def _row_figures(table: Table) -> list[list[Figure]]:
    """Each printed row's figures, in the order of its cells: the run of figures that follows, with its label."""
    runs: list[list[Figure]] = []
    for figure in table.figures:
        if runs and (runs[-1][0].start, runs[-1][0].row) == (figure.start, figure.row):
            runs[-1].append(figure)
        else:
            runs.append([figure])
    by_row, at = [], 0
    for row in table.rows:
        if len(row) > 1 and at < len(runs) and runs[at][0].row == row[0]:
            by_row.append(runs[at])
            at += 1
        else:
            by_row.append([])
    return by_row


def _column_kinds(table: Table) -> dict[tuple[str, str], int]:
    """(group, measure) -> the first column holding cells of that kind, read from the full rows' figures."""
    kinds: dict[tuple[str, str], int] = {}
    for row, figures in zip(table.rows, _row_figures(table)):
        if len(row) == len(table.columns) and len(figures) == len(row) - 1:
            for n, figure in enumerate(figures, start=1):
                kinds.setdefault((figure.group, figure.measure), n)
    return kinds


def _grid_columns(table: Table, width: int):
    """The printed column names; under a two-level header when columns begin with the table's group names."""
    names = list(table.columns) + [""] * (width - len(table.columns))
    names = [name or f"column {n + 1}" for n, name in enumerate(names)]
    names = [f"{name} ({n + 1})" if names.count(name) > 1 else name for n, name in enumerate(names)]
    split = [_split(name, [group for group, _ in table.groups]) for name in names]
    if not any(group for group, _ in split):
        return names
    return pd.MultiIndex.from_tuples([(group, rest) if group else (rest, "") for group, rest in split])


def _split(name: str, groups: list[str]) -> tuple[str, str]:
    """('Medical directors (n=44)', 'Number') from 'Medical directors (n=44) - Number'; ('', name) otherwise."""
    for group in sorted(groups, key=len, reverse=True):
        match = re.match(rf"({re.escape(group)}(?:\s*\([^)]*\))?)[\s\-–—:/|]+(\S.*)$", name)
        if match:
            return match.group(1), match.group(2)
    return "", name
