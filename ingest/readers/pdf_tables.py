"""Tables printed with ruling lines on a PDF page, read cell by cell from the page's geometry.

`find_grids(page)` takes a pdfplumber Page and gives one `Grid` per ruled table, with its bounding
box (so the page reader can drop the table's words from its text lines). pdfplumber's table finder
("lines" strategy) gives the cells; on top of it:
- an open edge: a table cut by a page break often has no rule above its first row (or below its
  last); when the column rules run on past the last horizontal rule, a rule is added where they end;
- columns are the x-ranges that hold printed characters; a cell edge between two of them is a column
  boundary only if most rows have it, so header shading and padding cells do not split columns;
- a cell spanning several columns is repeated in each; a cell spanning several rows is printed once,
  in its first row, as the table prints it; superscript footnote markers are cut from cells;
- header rows are the rows above the first row holding a figure (or, with no figures, a bold first
  row); they come out as at most two rows: the header cells spanning several columns, then the rest.
Not tables: text boxes (one column), contents lists (a column of page numbers in order) and chart
gridlines (mostly empty cells). Not handled: tables without ruling lines (the text reader's parsers
cover caption-led text tables), cells rotated or set vertically, and nested tables.
"""
from __future__ import annotations

from collections import Counter

from pdfplumber.utils import cluster_objects, extract_words

from ..layout import Grid
from .pdf_subrows import cell_pieces, sub_row_rules
from .pdf_unruled import with_unruled
from ..grid_rows import heading_levels, heading_rows, holds_figures
from ..tables import CAPTION
from ..textutil import join_lines

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                  "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}
EDGE_TOLERANCE = 1.0  # points within which two cell edges are the same edge
OPEN_EDGE = 2.0  # points the column rules must run past a table's outer rule to mark an open edge
SUPERSCRIPT = 0.8  # a character this much smaller than its cell's text, and raised, is a footnote marker
MIN_EMPTY_COLUMN = 12.0  # points: an empty stretch between cell edges this wide is a column; narrower is padding
MIN_FILLED = 0.4  # below this share of filled body cells a lattice is a chart's gridlines, not a table
MIN_CONTENTS_ENTRIES = 3
CAPTION_REACH = 30.0  # points above or below a one-column box searched for its 'Table N' caption
BULLETS = "●•▪■◦‣∙\uf0b7"  # \uf0b7: the Symbol font's bullet as Word exports it


def find_grids(page) -> list[Grid]:
    """Every ruled table on a pdfplumber page, in top-to-bottom order; [] for a page without rules."""
    grids = [_read_table(page, table) for table in _ruled_tables(page)] if page.edges else []
    page_count = len(page.pdf.pages) if page.pdf else 0
    kept = [g for g in grids if g is not None and not _is_contents(g, page_count)]
    return sorted(with_unruled(page, kept), key=lambda g: (g.top, g.x0))


def in_grid(word, grids) -> bool:
    """Whether a word (or character) of the page is printed inside one of the grids' boxes."""
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return any(g.x0 <= x <= g.x1 and g.top <= y <= g.bottom for g in grids)


# ---- finding the tables ----------------------------------------------------------------------------

def _ruled_tables(page) -> list:
    tables = page.find_tables(TABLE_SETTINGS)
    closing = [rule for table in tables for rule in _open_edges(page, table.bbox)]
    if closing:
        tables = page.find_tables({**TABLE_SETTINGS, "explicit_horizontal_lines": closing})
    parting = [rule for table in tables for rule in sub_row_rules(page, table)]
    if parting:
        tables = page.find_tables({**TABLE_SETTINGS, "explicit_horizontal_lines": closing + parting})
    return [t for t in tables if not any(o is not t and _inside(t.bbox, o.bbox) for o in tables)]


def _open_edges(page, bbox) -> list[dict]:
    """Horizontal rules to add where the table's column rules run on past its top or bottom rule."""
    x0, top, x1, bottom = bbox
    rules = [e for e in page.vertical_edges if x0 - EDGE_TOLERANCE <= e["x0"] <= x1 + EDGE_TOLERANCE]
    added = []
    for end, step in ((top, -1), (bottom, 1)):
        reach = _follow(rules, end, step)
        if abs(reach - end) > OPEN_EDGE:
            added.append({"object_type": "line", "x0": x0, "x1": x1, "top": reach, "bottom": reach,
                          "width": x1 - x0, "height": 0.0})
    return added


def _follow(rules: list[dict], y: float, step: int) -> float:
    """How far (up for step -1, down for +1) vertical rules touching y continue, piece by piece."""
    while True:
        if step < 0:
            further = [e["top"] for e in rules if e["top"] < y - EDGE_TOLERANCE <= e["bottom"]]
        else:
            further = [e["bottom"] for e in rules if e["bottom"] > y + EDGE_TOLERANCE >= e["top"]]
        if not further:
            return y
        y = min(further) if step < 0 else max(further)


def _inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] - EDGE_TOLERANCE and inner[1] >= outer[1] - EDGE_TOLERANCE
            and inner[2] <= outer[2] + EDGE_TOLERANCE and inner[3] <= outer[3] + EDGE_TOLERANCE)


# ---- reading one table ---------------------------------------------------------------------------

def _read_table(page, table) -> Grid | None:
    printed = [c for c in page.chars if _centre_in(c, table.bbox)]
    chars = [c for c in printed if c["text"].strip()]
    columns = _columns(table.cells, chars)
    if not columns or (len(columns) < 2 and not _captioned(page, table.bbox)):
        return None  # a text box: one column of prose, not captioned as a table
    bands = _edges([c[1] for c in table.cells])
    cells = [piece for cell in table.cells for piece in cell_pieces(chars, cell, bands)]
    placed = [(_band(bands, cell[1]), _covered(columns, cell), cell) for cell in cells]
    padding = _padding(cells, chars)
    texts = {id(cell): _cell_text(printed, cell, padding) for cell in cells}
    rows = _rows(placed, texts, len(bands), len(columns))
    keep = [b for b, row in enumerate(rows) if any(row)]
    header = heading_rows([rows[b] for b in keep]) if holds_figures(rows) else _bold_first_row(chars, placed, keep)
    header = _through_tall_cells(placed, bands, keep, _complete_heading(placed, texts, keep, header, len(columns)))
    title, levels = heading_levels(_heading_cells(placed, texts, keep[:header], len(columns)))
    body = tuple(tuple(rows[b]) for b in keep[header:])
    spanning = sum(any(len(p[1]) > 1 and texts[id(p[2])] for p in placed if p[0] == b) for b in keep[header:])
    if not body or _is_chart(body) or (len(columns) > 1 and spanning * 2 > len(body)):
        return None  # chart gridlines, or prose whose lines are ruled (most rows one cell across columns)
    x0, top, x1, bottom = table.bbox
    return Grid(page=page.page_number, rows=tuple(levels) + body, header_rows=len(levels),
                x0=x0, top=top, x1=x1, bottom=bottom, caption=title)


def _captioned(page, bbox) -> bool:
    """Whether the line just above or below a box opens with a table caption ('Table 5.1: ...')."""
    x0, top, x1, bottom = bbox
    words = page.crop((x0, max(0, top - CAPTION_REACH), x1, min(page.height, bottom + CAPTION_REACH))).extract_words()
    above = [w for w in words if w["bottom"] <= top + EDGE_TOLERANCE]
    below = [w for w in words if w["top"] >= bottom - EDGE_TOLERANCE]
    lines = [_line_at(above, max((w["top"] for w in above), default=None)),
             _line_at(below, min((w["top"] for w in below), default=None))]
    return any(CAPTION.match(line) for line in lines if line)


def _line_at(words, top) -> str:
    return " ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]) if top is not None and abs(w["top"] - top) < 2)


def _centre_in(obj, bbox) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _edges(values) -> list[float]:
    """Distinct positions, positions closer than EDGE_TOLERANCE taken as one."""
    merged: list[float] = []
    for v in sorted(values):
        if not merged or v - merged[-1] > EDGE_TOLERANCE:
            merged.append(v)
    return merged


def _band(bands: list[float], y: float) -> int:
    return min(range(len(bands)), key=lambda b: abs(bands[b] - y))


def _columns(cells, chars) -> list[tuple[float, float]]:
    """The table's columns as x-ranges: runs of cell-edge intervals that hold characters (or are too wide
    to be padding), split only at edges that most rows share."""
    xs = _edges([x for cell in cells for x in (cell[0], cell[2])])
    columns: list[tuple[float, float]] = []
    for a, b in zip(xs, xs[1:]):
        if b - a < MIN_EMPTY_COLUMN and not any(a <= (c["x0"] + c["x1"]) / 2 < b for c in chars):
            continue
        if columns and not _shared_edge(cells, columns[-1][1], a):
            columns[-1] = (columns[-1][0], b)
        else:
            columns.append((a, b))
    return columns


def _shared_edge(cells, left: float, right: float) -> bool:
    """Whether at least half the rows of two cells or more have a cell edge between left and right."""
    by_row: dict[float, list] = {}
    for cell in cells:
        by_row.setdefault(round(cell[1]), []).append(cell)
    rows = [row for row in by_row.values() if len(row) > 1]
    with_edge = sum(any(left - EDGE_TOLERANCE <= c[0] <= right + EDGE_TOLERANCE for c in row) for row in rows)
    return with_edge * 2 >= len(rows)


def _covered(columns, cell) -> tuple[int, ...]:
    """The columns a cell covers: more than half of each column's width lies inside it."""
    return tuple(k for k, (a, b) in enumerate(columns)
                 if min(b, cell[2]) - max(a, cell[0]) > (b - a) / 2)


def _cell_text(chars, cell, padding: float) -> str:
    """The cell's printed text without superscript markers; lines re-flowed, each bullet on its own line,
    and a word broken over two lines without a hyphen (it filled the line) joined up again."""
    inside = [c for c in chars if _centre_in(c, cell) and c["text"].strip()]
    if not inside:
        return ""
    size = Counter(round(c["size"], 1) for c in inside).most_common(1)[0][0]
    kept = [c for c in inside if c["size"] > SUPERSCRIPT * size or not _raised(c, inside, size)]
    if not kept:
        return ""
    spaces = [c for c in chars if _centre_in(c, cell) and not c["text"].strip()]
    words = extract_words(kept + _printed_spaces(spaces, kept), x_tolerance=1.5, y_tolerance=3)
    lines = [sorted(line, key=lambda w: w["x0"]) for line in cluster_objects(words, "top", 3)]
    items: list[list[str]] = []
    for k, line in enumerate(lines):
        text = " ".join(w["text"] for w in line)
        bullet = text[:1] in BULLETS
        if bullet or not items:
            items.append([])
        if k and not bullet and _broken_word(lines[k - 1], line[0], cell[2] - padding, spaces):
            items[-1][-1] += text
        else:
            items[-1].append(text.lstrip(BULLETS).strip() if bullet else text)
    return "\n".join(join_lines(item) for item in items if join_lines(item))


def _printed_spaces(spaces: list[dict], chars: list[dict]) -> list[dict]:
    """The space characters that stand between letters (they part words however tight the setting), not over
    one (a stray space drawn across a figure: "1 6")."""
    def covered(space: dict) -> float:
        return sum(max(0.0, min(space["x1"], c["x1"]) - max(space["x0"], c["x0"])) for c in chars
                   if c["top"] < space["bottom"] and space["top"] < c["bottom"])
    return [space for space in spaces if covered(space) < (space["x1"] - space["x0"]) / 2]


def _broken_word(before: list[dict], word: dict, right: float, spaces: list[dict]) -> bool:
    """A line of one word with no space printed after it, ending where the cell's text must end (less room
    than a letter of the next line's lower-case opening): the word runs on there ("percentag" / "e").
    Ordinary wrapping ends a line at a space."""
    last = before[-1]
    spaced = any(abs(c["top"] - last["top"]) < 3 and c["x0"] >= last["x1"] - 0.5 for c in spaces)
    letter = (word["x1"] - word["x0"]) / max(len(word["text"]), 1)
    return len(before) == 1 and not spaced and word["text"][:1].islower() and right - last["x1"] < letter


def _padding(cells, chars) -> float:
    """The table's cell margin: the most common gap between a cell's left edge and its text."""
    gaps = Counter(round(min(c["x0"] for c in inside) - cell[0], 1) for cell in cells
                   if (inside := [c for c in chars if _centre_in(c, cell)]))
    return max(0.0, gaps.most_common(1)[0][0]) if gaps else 0.0


def _raised(char, chars, size: float) -> bool:
    """A small character set above the baseline of the full-size text beside it: a superscript marker."""
    return any(c["size"] >= size and c["top"] < char["bottom"] and c["bottom"] > char["bottom"] + 1 for c in chars)


def _rows(placed, texts, band_count: int, width: int) -> list[list[str]]:
    """Each band's cell texts by column: a spanning cell repeated, cells sharing a column joined."""
    rows = [[""] * width for _ in range(band_count)]
    for band, columns, cell in sorted(placed, key=lambda p: (p[0], p[2][0])):
        text = texts[id(cell)]
        for k in columns:
            if text:
                rows[band][k] = f"{rows[band][k]} {text}".strip()
    return rows


def _through_tall_cells(placed, bands: list[float], keep: list[int], header: int) -> int:
    """The heading runs on over every row that a heading cell reaches down into ('Demographic' beside
    'Leicester' over '(21)')."""
    while 0 < header < len(keep):
        bottom = max(cell[3] for band, _, cell in placed if band in keep[:header])
        if bands[keep[header]] >= bottom - EDGE_TOLERANCE:
            break
        header += 1
    return header


def _bold_first_row(chars, placed, keep: list[int]) -> int:
    """The number of bands of the first row when its text is all bold and the next row's is not, else 0."""
    first_cells = [p[2] for p in placed if p[0] == keep[0]] if keep else []
    if not first_cells or len(keep) < 2:
        return 0
    bottom = max(c[3] for c in first_cells)
    bands = sum(1 for b in keep if min(p[2][1] for p in placed if p[0] == b) < bottom - EDGE_TOLERANCE)
    first = [c for c in chars if any(_centre_in(c, cell) for cell in first_cells)]
    rest = [c for c in chars if (c["top"] + c["bottom"]) / 2 > bottom]
    return bands if first and _all_bold(first) and not _all_bold(rest) else 0


def _complete_heading(placed, texts, keep: list[int], header: int, width: int) -> int:
    """The heading rows up to a row that names every value column with a cell of its own, when the row after
    it prints its own label (a row of words with no figure, so counted as heading, under a complete heading
    is the table's first row)."""
    for k, band in enumerate(keep[:max(header - 1, 0)]):
        own = sorted(p[1][0] for p in placed if p[0] == band and len(p[1]) == 1 and p[1][0] > 0 and texts[id(p[2])])
        labelled = any(p[0] == keep[k + 1] and p[1][:1] == (0,) and texts[id(p[2])] for p in placed)
        if own == list(range(1, width)) and labelled:
            return k + 1
    return header


def _all_bold(chars) -> bool:
    return bool(chars) and all("bold" in c["fontname"].lower() for c in chars)


def _heading_cells(placed, texts, bands: list[int], width: int) -> list[list[tuple[str, int]]]:
    """The heading bands as rows of (text, columns the cell covers), each cell in every column it covers."""
    rows = [[("", 1)] * width for _ in bands]
    for band, columns, cell in sorted(placed, key=lambda p: p[2][0]):
        if band in bands and columns:
            for k in columns:
                text = " ".join(t for t in (rows[bands.index(band)][k][0], texts[id(cell)].replace("\n", " ")) if t)
                rows[bands.index(band)][k] = (text, len(columns))
    return rows


def _is_chart(body) -> bool:
    cells = [cell for row in body for cell in row]
    return sum(bool(c) for c in cells) < MIN_FILLED * len(cells)


def _is_contents(grid: Grid, page_count: int) -> bool:
    """A contents list: no heading, and its last column page numbers within the document, in order."""
    if grid.header_rows or not page_count:
        return False
    last = [row[-1].strip() for row in grid.rows if row[-1].strip()]
    pages = [int(p) for p in last if p.isdigit()]
    return (len(pages) == len(last) >= MIN_CONTENTS_ENTRIES and pages == sorted(pages)
            and all(1 <= p <= page_count for p in pages))
