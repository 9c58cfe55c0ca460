"""Tables printed without ruling lines, found from how a PDF page's words line up.

`with_unruled(page, ruled)` adds to the ruled grids of a pdfplumber page the tables read from its words'
alignment alone, as `Grid`s like the ruled finder's, so captions, page breaks and headings are handled the
same way downstream (ingest.table_grids):
- a figure row is a printed row that ends in two or more values ("48%", "(250)", "-0.4", "1,100a", "-"),
  one of them a figure other than a year, each parted from the one before by a column gap; consecutive
  figure rows whose figures stand in the same columns make a table, with only label lines (a row label
  wrapped over lines) between them;
- the value columns are the x-extents of the figures, overlapping extents taken as one; everything to the
  left of the first is the row label;
- the widest white between two figure rows parts the label lines between them (a row label printed over
  2-3 lines with its figures on its first, middle or last line); before the first or after the last figure
  row, a label line belongs to it only when it stands closer to it than rows stand to each other;
- one figure row makes a table only under a heading that names each of its value columns (a table's first
  row left alone at the foot of a page);
- the heading is read from the lines above the first figure row (ingest.readers.pdf_unruled_heading);
- a chart's data labels line up too, but leave most cells empty: a block is a table only when its value
  cells are filled (MIN_FILLED).
An unruled reading replaces the ruled grids it overlaps when it reads every figure row of theirs again
and more values besides: a table printed in shaded bands is found by the ruled finder one band at a time,
a table ruled only inside loses its outer columns there. A ruled heading band above it heads it.
Not handled: unruled tables whose last column holds words (a row must end in figures to be found), values
printed with spaces inside ("10 000"), and rows whose figures wrap onto a second line.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..cell_values import is_figure, is_value, is_year
from ..grid_rows import holds_figures
from ..layout import Grid
from .pdf_unruled_heading import OVER, ROW_GAP_EMS, heading, heading_lines, join_wrapped, regions

WORD_GAP = 1.5  # points: letters closer than this are one word (pdfplumber's default 3 glues "2015=100)rate")
COLUMN_GAP_EMS = 0.6  # font sizes between two figures of a row that part them into two columns
# A label line before the first or after the last figure row belongs to it when the white between them is
# under this share of the white between the table's rows (ONS and WHO tables: wrapped label lines 2 points
# apart, rows 10 points).
WRAPPED_SHARE = 0.5
MIN_FIGURE_ROWS = 2  # fewer make a table only under a heading that names every value column (a page break's)
MIN_COLUMNS = 2
# Share of a table's value cells that print something. Measured on the nine real reports, reading every page's
# words as if unruled (ruled tables' words too): all 37 blocks that are tables fill 100% of their cells; the
# 3 blocks that are a chart's data labels read as rows fill 55-67%.
MIN_FILLED = 0.8


@dataclass
class _Row:
    words: list[dict]
    top: float
    bottom: float
    size: float
    figures: list[dict]  # the values the row ends in (empty for a label or heading line)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]


@dataclass(frozen=True)
class _Found:
    grid: Grid
    body_top: float  # where its first figure row begins


def with_unruled(page, ruled: list[Grid]) -> list[Grid]:
    """The page's ruled grids and its unruled tables (see the module's docstring)."""
    kept = list(ruled)
    for found in unruled_tables(page):
        table = found.grid
        met = [g for g in kept if _overlaps(g, table)]
        if met and not (all(_read_again(g, table) for g in met) and _values(table) > sum(map(_values, met))):
            continue
        band = next((g for g in met if g.bottom <= found.body_top + OVER and not holds_figures(g.rows)
                     and _width(g) == _width(table)), None)
        kept = [g for g in kept if g not in met] + [_headed(table, band) if band else table]
    return kept


def unruled_tables(page) -> list[_Found]:
    """Every table on a pdfplumber page read from its words' alignment alone, top to bottom."""
    words = [w for w in page.extract_words(x_tolerance=WORD_GAP, extra_attrs=["size", "fontname"])
             if w.get("upright", True)]
    rows = _rows(words)
    return [found for block in _blocks(rows) if (found := _table(page.page_number, rows, block))]


def _overlaps(a: Grid, b: Grid) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def _values(grid: Grid) -> int:
    return sum(is_value(cell) for row in grid.rows[grid.header_rows:] for cell in row[1:])


def _width(grid: Grid) -> int:
    return max((len(row) for row in grid.rows), default=0)


def _read_again(ruled: Grid, table: Grid) -> bool:
    """Whether each row of a ruled grid that holds figures has its values, in order, in a row of the table."""
    readings = [[c for c in row if is_value(c)] for row in table.rows]
    return all(any(_in_order([c for c in row if is_value(c)], reading) for reading in readings)
               for row in ruled.rows if holds_figures([row]))


def _in_order(part: list[str], whole: list[str]) -> bool:
    remaining = iter(whole)
    return all(cell in remaining for cell in part)


def _headed(table: Grid, heading: Grid) -> Grid:
    """The unruled table under a ruled heading band's rows (which keep its cells spanning columns)."""
    return replace(table, rows=heading.rows + table.rows[table.header_rows:], header_rows=len(heading.rows),
                   top=min(table.top, heading.top), x0=min(table.x0, heading.x0), x1=max(table.x1, heading.x1))


# ---- rows -------------------------------------------------------------------------------------------

def _rows(words: list[dict]) -> list[_Row]:
    """Words sharing a baseline band, top to bottom, each with the values it ends in."""
    bands: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        band = next((b for b in reversed(bands[-3:]) if _same_band(b, word)), None)
        band.append(word) if band else bands.append([word])
    rows = []
    for band in bands:
        band.sort(key=lambda w: w["x0"])
        size = max(w["size"] for w in band)
        rows.append(_Row(band, min(w["top"] for w in band), max(w["bottom"] for w in band), size,
                         _trailing_values(band, size)))
    return sorted(rows, key=lambda r: r.top)


def _same_band(band: list[dict], word: dict) -> bool:
    middle = (word["top"] + word["bottom"]) / 2
    return any(w["top"] <= middle <= w["bottom"] for w in band)


def _trailing_values(words: list[dict], size: float) -> list[dict]:
    """The values a row ends in, each parted from the one before by a column gap; [] unless at least two,
    one a figure other than a year (a row of years is a heading)."""
    run: list[dict] = []
    for word in reversed(words):
        if not is_value(word["text"]) or (run and run[0]["x0"] - word["x1"] < COLUMN_GAP_EMS * size):
            break
        run.insert(0, word)
    figures = sum(is_figure(w["text"]) and not is_year(w["text"]) for w in run)
    return run if len(run) >= MIN_COLUMNS and figures else []


# ---- blocks of rows ---------------------------------------------------------------------------------

def _blocks(rows: list[_Row]) -> list[list[int]]:
    """Runs of row indexes that make one table: figure rows in shared columns, label lines between them."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, row in enumerate(rows):
        if current and (_fits(rows, current, row) if row.figures else _label_line(rows, current, row)):
            current.append(i)
        else:
            blocks.append(current)
            current = [i] if row.figures else []
    blocks.append(current)
    return [_led(rows, _trimmed(rows, b)) for b in map(lambda b: _numbered_labels(rows, b), blocks)
            if any(rows[i].figures for i in b)]


def _numbered_labels(rows: list[_Row], block: list[int]) -> list[int]:
    """The block with a first 'value column' that most rows print a word space after their label ("Trust 12",
    "Aged 65") given back to the labels: a value column is parted from the label by a column gap."""
    while columns := _columns(rows, block):
        first = columns[0]
        opening = [i for i in block if rows[i].figures and _overlap(rows[i].figures[0], first) > 0]
        glued = [i for i in opening if _glued(rows[i])]
        if len(glued) * 2 <= len(opening):
            return block
        for i in opening:
            rows[i].figures = rows[i].figures[1:] if len(rows[i].figures) > MIN_COLUMNS else []
    return block


def _glued(row: _Row) -> bool:
    """Whether the row's first value follows a word of its label at a word space."""
    k = row.words.index(row.figures[0])
    return k > 0 and row.figures[0]["x0"] - row.words[k - 1]["x1"] < COLUMN_GAP_EMS * row.size


def _close_below(rows: list[_Row], block: list[int], row: _Row) -> bool:
    last = rows[block[-1]]
    return row.top - last.bottom <= ROW_GAP_EMS * max(row.size, last.size)


def _fits(rows: list[_Row], block: list[int], row: _Row) -> bool:
    """A figure row continues the block: close below it, each figure in a column of its own."""
    columns = _columns(rows, block)
    hits = [k for w in row.figures for k, c in enumerate(columns) if _overlap(w, c) > 0]
    return _close_below(rows, block, row) and bool(hits) and len(hits) == len(set(hits))


def _label_line(rows: list[_Row], block: list[int], row: _Row) -> bool:
    """A line of words left of the block's first value column, close below it."""
    return _close_below(rows, block, row) and row.x1 <= _columns(rows, block)[0][0] + OVER


def _row_white(rows: list[_Row], block: list[int]) -> float:
    """The least white between a figure row and the line above it (in the block, or above the block for a
    block of one figure row)."""
    whites = [rows[b].top - rows[a].bottom for a, b in zip(block, block[1:]) if rows[b].figures]
    first = next(i for i in block if rows[i].figures)
    return min(whites) if whites else (rows[first].top - rows[first - 1].bottom if first else 0.0)


def _trimmed(rows: list[_Row], block: list[int]) -> list[int]:
    """The block without the lines after its last figure row that do not stand close to it (a note or
    paragraph after the table, not a wrapped label)."""
    white = _row_white(rows, block)
    end = max(k for k, i in enumerate(block) if rows[i].figures) + 1
    while end < len(block) and rows[block[end]].top - rows[block[end - 1]].bottom < WRAPPED_SHARE * white:
        end += 1
    return block[:end]


def _led(rows: list[_Row], block: list[int]) -> list[int]:
    """The block with the label lines just above its first figure row that stand close to it (the first
    row's label wrapped over lines, its figures on a later one)."""
    first_column, white = _columns(rows, block)[0][0], _row_white(rows, block)
    while block[0] > 0:
        row, below = rows[block[0] - 1], rows[block[0]]
        if row.figures or row.x1 > first_column + OVER or below.top - row.bottom >= WRAPPED_SHARE * white:
            break
        block = [block[0] - 1] + block
    return block


def _columns(rows: list[_Row], block: list[int]) -> list[tuple[float, float]]:
    """The value columns' x-extents: the figures' extents, overlapping ones merged, left to right."""
    merged: list[list[float]] = []
    for x0, x1 in sorted((w["x0"], w["x1"]) for i in block for w in rows[i].figures):
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _overlap(word: dict, column: tuple[float, float]) -> float:
    return min(word["x1"], column[1]) - max(word["x0"], column[0])


# ---- one block to a grid ----------------------------------------------------------------------------

def _table(page_number: int, rows: list[_Row], block: list[int]) -> _Found | None:
    columns = _columns(rows, block)
    body = _body(rows, block, columns)
    cells = [cell for row in body for cell in row[1:]]
    if len(columns) < MIN_COLUMNS or sum(map(bool, cells)) < MIN_FILLED * len(cells):
        return None  # a chart's data labels, not a table
    above = heading_lines(rows, block, columns)
    title, levels = heading(rows, above, regions(rows, block, columns))
    if len(body) < MIN_FIGURE_ROWS and not (levels and all(levels[-1][1:])):
        return None  # one row of figures is a table only under a heading naming each of its columns
    lines = [rows[i] for i in above + block]
    left = min(r.x0 for r in lines)
    grid = Grid(page=page_number, rows=tuple(levels) + tuple(body), header_rows=len(levels), x0=left,
                top=lines[0].top, x1=max(r.x1 for r in lines), bottom=max(r.bottom for r in lines), caption=title,
                columns=((left, columns[0][0]),) + tuple(columns))
    return _Found(grid, min(rows[i].top for i in block))


def _body(rows: list[_Row], block: list[int], columns) -> list[tuple[str, ...]]:
    """One row of cells per figure row: its label (its own words and its label lines') and its values by column."""
    owner = _label_owners(rows, block)
    labels: dict[int, list[str]] = {i: [] for i in block if rows[i].figures}
    for i in block:
        words = [w for w in rows[i].words if w not in rows[i].figures]
        if words:
            labels[owner[i]].append(" ".join(w["text"] for w in words))
    body = []
    for i, label in labels.items():
        cells = [""] * len(columns)
        for w in rows[i].figures:
            cells[max(range(len(columns)), key=lambda k: _overlap(w, columns[k]))] = w["text"]
        body.append((join_wrapped(label), *cells))
    return body


def _label_owners(rows: list[_Row], block: list[int]) -> dict[int, int]:
    """The figure row each line of the block belongs to: between two figure rows, the lines above the widest
    white between them go with the row above, the others with the row below; lines before the first figure
    row go with it, lines after the last with it."""
    figure_at = [k for k, i in enumerate(block) if rows[i].figures]
    owner = {block[k]: block[figure_at[0]] for k in range(figure_at[0])}
    for a, b in zip(figure_at, figure_at[1:] + [len(block)]):
        parting = b if b == len(block) else max(range(a + 1, b + 1), key=lambda k: (_white(rows, block, k), k))
        owner.update({block[k]: block[a] for k in range(a, parting)})
        owner.update({block[k]: block[b] for k in range(parting, b)} if b < len(block) else {})
    return owner


def _white(rows: list[_Row], block: list[int], k: int) -> float:
    """The white between the block's line k and the line before it."""
    return rows[block[k]].top - rows[block[k - 1]].bottom
