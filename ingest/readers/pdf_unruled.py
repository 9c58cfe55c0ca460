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
- the heading is read from the lines above the first figure row (ingest.readers.pdf_unruled_heading); a 'Table N'
  caption close above them is the grid's caption, its lines inside the grid's box (not left as text);
- a chart's data labels line up too, but leave cells empty or print no row labels: a block is a table when
  its rows of values fill their cells and print labels as tables do (MIN_FILLED, MIN_LABELLED), or when a
  'Table N' caption stands over it (then one value column is enough).
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
from .pdf_unruled_heading import (COLUMN_GAP_EMS, OVER, ROW_GAP_EMS, caption_text, heading, heading_lines, join_wrapped,
                                  regions)

WORD_GAP = 1.5  # points: letters closer than this are one word (pdfplumber's default 3 glues "2015=100)rate")
# Lines of one table are parted by two kinds of white: a label wrapped over lines (tight) and rows (wider).
# A step between the two is a ratio of at least TIGHT_RATIO between a table's whites sorted (ONS: 2 points
# against 10.6; WHO's Table 1: under 0 against 8; a bulletin's three-line label 5 against 13.7); whites under
# MIN_WHITE points count as MIN_WHITE. A table of one row takes WRAPPED_SHARE of the white above it.
TIGHT_RATIO = 2.0
MIN_WHITE = 0.5
WRAPPED_SHARE = 0.5
CURRENCY = frozenset("$£€¥")
MIN_FIGURE_ROWS = 2  # fewer make a table only under a heading that names every value column (a page break's)
MIN_COLUMNS = 2  # value columns of a table without a 'Table N' caption over it
# Share of a table's value cells that print something, and share of its rows of values that print a label,
# below which a block of aligned figures is a chart's data labels, not a table (unless a 'Table N' caption
# stands over it). Measured on the nine real reports, reading every page's words as if unruled (ruled tables'
# words too): all 37 blocks that are tables fill 100% and label at least 87%; the three blocks that are chart
# labels fill 55-67% and label 0%, 50% and 100% (garbled). On the 278 TAT-QA tables, fill is at least 67%
# (12 under 80%) and labels at least 50%.
MIN_FILLED = 0.6
MIN_LABELLED = 0.5


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
class _Block:
    lines: list[int]  # indexes of the page's rows that make the table's body
    tight: float  # the white under which two of its lines are one printed row's (see _tight)


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


def _headed(table: Grid, band: Grid) -> Grid:
    """The unruled table under a ruled heading band's rows (which keep its cells spanning columns)."""
    return replace(table, rows=band.rows + table.rows[table.header_rows:], header_rows=len(band.rows),
                   top=min(table.top, band.top), x0=min(table.x0, band.x0), x1=max(table.x1, band.x1))


# ---- rows -------------------------------------------------------------------------------------------

def _rows(words: list[dict]) -> list[_Row]:
    """Words sharing a baseline band, top to bottom, each with the values it ends in."""
    bands: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        band = next((b for b in reversed(bands[-3:]) if _same_band(b, word)), None)
        band.append(word) if band else bands.append([word])
    rows = []
    for band in map(_with_currency, bands):
        size = max(w["size"] for w in band)
        rows.append(_Row(band, min(w["top"] for w in band), max(w["bottom"] for w in band), size,
                         _trailing_values(band, size)))
    return sorted(rows, key=lambda r: r.top)


def _with_currency(band: list[dict]) -> list[dict]:
    """The band's words left to right, a currency sign printed apart from its figure ("$  1,452.4", as
    annual reports align them) made one word with it."""
    words: list[dict] = []
    for word in sorted(band, key=lambda w: w["x0"]):
        if words and words[-1]["text"] in CURRENCY and is_value(word["text"]):
            words[-1] = {**word, "text": f"{words[-1]['text']} {word['text']}", "x0": words[-1]["x0"]}
        else:
            words.append(word)
    return words


def _same_band(band: list[dict], word: dict) -> bool:
    middle = (word["top"] + word["bottom"]) / 2
    return any(w["top"] <= middle <= w["bottom"] for w in band)


def _trailing_values(words: list[dict], size: float) -> list[dict]:
    """The values a row ends in, each parted from the one before by a column gap; [] unless one is a figure
    other than a year (a row of years is a heading) and there are two, or one parted from the label by a
    column gap too (a table of one value column)."""
    run: list[dict] = []
    for word in reversed(words):
        if not is_value(word["text"]) or (run and run[0]["x0"] - word["x1"] < COLUMN_GAP_EMS * size):
            break
        run.insert(0, word)
    figures = sum(is_figure(w["text"]) and not is_year(w["text"]) for w in run)
    label = words[len(words) - len(run) - 1] if len(run) < len(words) else None
    apart = len(run) >= MIN_COLUMNS or bool(run and label and run[0]["x0"] - label["x1"] >= COLUMN_GAP_EMS * size)
    return run if figures and apart else []


# ---- blocks of rows ---------------------------------------------------------------------------------

def _blocks(rows: list[_Row]) -> list[_Block]:
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
    return [_whole(rows, b) for b in map(lambda b: _numbered_labels(rows, b), blocks) if any(rows[i].figures for i in b)]


def _whole(rows: list[_Row], lines: list[int]) -> _Block:
    """A block from its first to its last figure row, with the label lines set tight under or over it."""
    end = max(k for k, i in enumerate(lines) if rows[i].figures) + 1
    tight = _tight(rows, lines[:end])
    return _Block(_led(rows, _trimmed(rows, lines, end, tight), tight), tight)


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
            rows[i].figures = rows[i].figures[1:]
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


def _trimmed(rows: list[_Row], block: list[int], end: int, tight: float) -> list[int]:
    """The block without the lines after its last figure row (at `end`) that do not stand tight under it (a
    note or paragraph after the table, not a wrapped label)."""
    while end < len(block) and _white(rows, block, end) < tight:
        end += 1
    return block[:end]


def _led(rows: list[_Row], block: list[int], tight: float) -> list[int]:
    """The block with the label lines just above its first figure row that stand tight over it (the first
    row's label wrapped over lines, its figures on a later one)."""
    first_column = _columns(rows, block)[0][0]
    while block[0] > 0:
        row, below = rows[block[0] - 1], rows[block[0]]
        if row.figures or row.x1 > first_column + OVER or below.top - row.bottom >= tight:
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

def _table(page_number: int, rows: list[_Row], found: _Block) -> _Found | None:
    block = found.lines
    columns = _columns(rows, block)
    body = _body(rows, found, columns)
    above, caption = heading_lines(rows, block, columns)
    if not (caption or (len(columns) >= MIN_COLUMNS and _table_like(body))):
        return None  # a chart's data labels or a list of page numbers, not a table
    title, levels = heading(rows, above, regions(rows, block, columns, above))
    if len(body) < MIN_FIGURE_ROWS and not (levels and all(levels[-1][1:])):
        return None  # one row of figures is a table only under a heading naming each of its columns
    lines = [rows[i] for i in caption + above + block]  # the caption is the table's: its lines are not text
    left = min(r.x0 for r in lines)
    grid = Grid(page=page_number, rows=tuple(levels) + tuple(body), header_rows=len(levels), x0=left,
                top=lines[0].top, x1=max(r.x1 for r in lines), bottom=max(r.bottom for r in lines),
                caption=caption_text(rows, caption) or title, columns=((left, columns[0][0]),) + tuple(columns))
    return _Found(grid, min(rows[i].top for i in block))


def _table_like(body: list[tuple[str, ...]]) -> bool:
    """Whether rows of values fill their cells and print their labels as a table's do (MIN_FILLED,
    MIN_LABELLED); a group heading's row prints no values and is left out."""
    valued = [row for row in body if any(row[1:])]
    cells = [cell for row in valued for cell in row[1:]]
    return (sum(map(bool, cells)) >= MIN_FILLED * len(cells)
            and sum(bool(row[0]) for row in valued) >= MIN_LABELLED * len(valued))


def _body(rows: list[_Row], block: _Block, columns) -> list[tuple[str, ...]]:
    """One row of cells per printed row: its label (the words of all its lines left of the figures) and its
    values by column; a printed row of words only (a group heading) has empty value cells."""
    body = []
    for printed in _printed_rows(rows, block):
        words = [w for i in printed for w in rows[i].words if w not in rows[i].figures]
        cells = [""] * len(columns)
        for w in next((rows[i].figures for i in printed if rows[i].figures), []):
            cells[max(range(len(columns)), key=lambda k: _overlap(w, columns[k]))] = w["text"]
        lines = [" ".join(w["text"] for w in rows[i].words if w in words) for i in printed]
        body.append((join_wrapped([line for line in lines if line]), *cells))
    return body


def _printed_rows(rows: list[_Row], block: _Block) -> list[list[int]]:
    """The block's lines grouped into printed rows: a line set tight under the one before (see _tight) goes on
    its row; a second figure row always opens a row of its own."""
    printed: list[list[int]] = []
    for k, i in enumerate(block.lines):
        joins = k and _white(rows, block.lines, k) < block.tight and not (
            rows[i].figures and any(rows[j].figures for j in printed[-1]))
        printed[-1].append(i) if joins else printed.append([i])
    return printed


def _tight(rows: list[_Row], block: list[int]) -> float:
    """The white under which two lines of the block belong to one printed row (a label wrapped over lines):
    the upper side of the widest step, by ratio (at least TIGHT_RATIO), between the block's whites sorted;
    with no such step no white is (the table sets every line as a row); for a block of one line, a share
    (WRAPPED_SHARE) of the white above it."""
    whites = sorted(_white(rows, block, k) for k in range(1, len(block)))
    steps = [(upper / max(lower, MIN_WHITE), upper) for lower, upper in zip(whites, whites[1:])
             if upper >= TIGHT_RATIO * max(lower, MIN_WHITE)]
    if steps:
        return max(steps)[1]
    if whites:
        return whites[0]
    return WRAPPED_SHARE * (rows[block[0]].top - rows[block[0] - 1].bottom) if block[0] else 0.0


def _white(rows: list[_Row], block: list[int], k: int) -> float:
    """The white between the block's line k and the line before it."""
    return rows[block[k]].top - rows[block[k - 1]].bottom
