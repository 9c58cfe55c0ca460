"""Markdown pipe tables (GitHub style) in a text file's lines, as Grids.

A pipe table is a heading line of cells, a delimiter line (`|---|:---:|`, one dash group per column)
and the body lines after it, up to a blank line or a line without a pipe; leading and trailing pipes
are optional and `\\|` is a pipe inside a cell. The heading line heads the columns, and so do the body
lines above the first one printing a figure other than years (the rule every reader shares,
`grid_rows.heading_rows`: '| | 2019 | 2018 |' under '| | Year ended June 30, | |'). Cells keep their
text as printed, with emphasis or code marks that wrap a whole cell (`**12**`, `` `n/a` ``) taken off,
as a reader sees it; a short body row is padded with empty cells and a long one keeps its extra cells
(the table code warns of unequal rows).
Not handled: tables without a delimiter line, and HTML tables inside Markdown (read them as .html).
"""
from __future__ import annotations

import re

from ..grid_rows import heading_rows, holds_figures
from ..layout import Grid

DELIMITER = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
WRAPPED = re.compile(r"^(\*\*|__|\*|_|`)(.+)\1$")


def pipe_grids(lines: list[str]) -> list[tuple[Grid, tuple[int, ...]]]:
    """Each pipe table in the lines with the indexes of the lines it takes. The Grid's `top` and `bottom`
    are the indexes of its first and last line (its place among lines numbered by their index)."""
    found = []
    i = 0
    while i + 1 < len(lines):
        heading = _cells(lines[i])
        if heading and "|" in lines[i] and DELIMITER.match(lines[i + 1]) and len(_cells(lines[i + 1])) == len(heading):
            end = i + 2
            while end < len(lines) and lines[end].strip() and "|" in lines[end]:
                end += 1
            found.append((_grid(lines, i, end, len(heading)), tuple(range(i, end))))
            i = end
        else:
            i += 1
    return found


def _grid(lines: list[str], start: int, end: int, width: int) -> Grid:
    rows = [_cells(lines[start])] + [_cells(lines[k]) for k in range(start + 2, end)]
    padded = tuple(tuple(row) + ("",) * (width - len(row)) for row in rows)
    return Grid(None, padded, header_rows=max(1, heading_rows(padded)) if holds_figures(padded) else 1,
                top=start, bottom=end - 1)


def _cells(line: str) -> list[str]:
    """The cells of one table line: split at unescaped pipes, outer pipes dropped, marks that wrap a cell taken off."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    parts = re.split(r"(?<!\\)\|", text)
    return [_unwrapped(part.strip().replace("\\|", "|")) for part in parts]


def _unwrapped(cell: str) -> str:
    match = WRAPPED.match(cell)
    return match.group(2).strip() if match else cell
