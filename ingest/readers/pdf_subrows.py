"""Rows printed inside one ruled row: where a ruled table leaves out the rules between some of its rows.

A results framework prints two focus areas, each with its indicator and its outcome, inside one ruled row,
set apart only by white space, while a cell on the left (the priority they share) spans both.
`sub_row_rules(page, table)` gives the horizontal rules to add so that pdfplumber's table finder parts them:
- in each cell of a ruled row, the white between two lines at least BREAK_WHITE line heights high is a gap;
- a stripe of white that high is a row break where at least two cells, and SHARED of the cells printed in
  the row, have a gap there (the white they share); the other cells span the break (merged);
- the rule is added only across the cells that have the gap, so a merged cell stays one cell.
Not handled: rows parted by white that no two cells share (one cell's paragraphs are one cell's).
"""
from __future__ import annotations

from pdfplumber.utils import cluster_objects

# Line heights of white, shared by cells of one ruled row, that part two rows printed inside it; and the least
# share of the row's printed cells that must share it. Measured on the nine real reports' ruled rows: the two
# rows the gold parts (WHO Table 3, Priorities 4 and 5) share 1.7 and 2.0 line heights across 6 of their 7
# cells; of the other 28 stripes of white two cells share, none is over 1.3 line heights but one, shared by
# 2 cells of 5 (a list beside a list).
BREAK_WHITE = 1.5
SHARED = 0.5
LINE_TOLERANCE = 3.0  # points: characters whose tops differ less than this are one line
MIN_CELLS = 2


def sub_row_rules(page, table) -> list[dict]:
    """Horizontal rule segments (pdfplumber line objects) parting the rows printed inside the table's rows."""
    chars = [c for c in page.chars if c["text"].strip()]
    rules = []
    for band in _bands(table.cells):
        lines = {cell: _lines(chars, cell) for cell in band}
        for top, bottom in _breaks(lines):
            y = (top + bottom) / 2
            rules += [{"object_type": "line", "x0": cell[0], "x1": cell[2], "top": y, "bottom": y,
                       "width": cell[2] - cell[0], "height": 0.0}
                      for cell, cell_lines in lines.items() if _gap_at(cell_lines, top, bottom)]
    return rules


def _bands(cells) -> list[list[tuple]]:
    """The table's cells by the ruled row they open in."""
    bands: dict[float, list[tuple]] = {}
    for cell in cells:
        bands.setdefault(round(cell[1]), []).append(tuple(cell))
    return list(bands.values())


def _lines(chars, cell) -> list[tuple[float, float]]:
    """(top, bottom) of each printed line inside a cell, top to bottom."""
    inside = [c for c in chars if cell[0] <= (c["x0"] + c["x1"]) / 2 <= cell[2] and cell[1] <= (c["top"] + c["bottom"]) / 2 <= cell[3]]
    lines = cluster_objects(inside, "top", LINE_TOLERANCE)
    return sorted((min(c["top"] for c in line), max(c["bottom"] for c in line)) for line in lines)


def _gaps(lines: list[tuple[float, float]], least: float) -> list[tuple[float, float]]:
    return [(a[1], b[0]) for a, b in zip(lines, lines[1:]) if b[0] - a[1] >= least]


def _breaks(lines: dict) -> list[tuple[float, float]]:
    """The stripes of white (top, bottom), at least BREAK_WHITE line heights high, shared by at least two
    cells and SHARED of the cells printed in the row; the most shared first, overlapping ones taken once."""
    printed = [cell_lines for cell_lines in lines.values() if cell_lines]
    heights = sorted(b - a for cell_lines in printed for a, b in cell_lines)
    least = BREAK_WHITE * heights[len(heights) // 2] if heights else 0.0
    candidates = []
    for gap in {g for cell_lines in printed for g in _gaps(cell_lines, least)}:
        sharing = [g for cell_lines in printed for g in _gaps(cell_lines, least) if min(g[1], gap[1]) > max(g[0], gap[0])]
        top, bottom = max(g[0] for g in sharing), min(g[1] for g in sharing)
        if bottom - top >= least and len(sharing) >= max(MIN_CELLS, SHARED * len(printed)):
            candidates.append((len(sharing), bottom - top, top, bottom))
    found: list[tuple[float, float]] = []
    for _, _, top, bottom in sorted(candidates, reverse=True):
        if not any(t < bottom and top < b for t, b in found):
            found.append((top, bottom))
    return found


def _gap_at(lines: list[tuple[float, float]], top: float, bottom: float) -> bool:
    return any(a <= top and b >= bottom for a, b in _gaps(lines, bottom - top))


def cell_pieces(page_chars, cell, band_tops: list[float]) -> list[tuple]:
    """A cell spanning several ruled rows cut where a block of its text, set apart by BREAK_WHITE line heights,
    opens in a later row (a rule missing under a merged cell's first entry): each piece is printed in the row
    it opens in. A cell whose text is one block is one piece."""
    tops = [t for t in band_tops if cell[1] + LINE_TOLERANCE < t < cell[3] - LINE_TOLERANCE]
    lines = _lines([c for c in page_chars if c["text"].strip()], cell)
    if not tops or len(lines) < 2:
        return [tuple(cell)]
    heights = sorted(b - a for a, b in lines)
    cuts = [max(t for t in tops if a < t <= b + LINE_TOLERANCE)
            for a, b in _gaps(lines, BREAK_WHITE * heights[len(heights) // 2])
            if any(a < t <= b + LINE_TOLERANCE for t in tops)]
    edges = [cell[1], *cuts, cell[3]]
    return [(cell[0], top, cell[2], bottom) for top, bottom in zip(edges, edges[1:])]
