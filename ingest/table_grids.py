"""From a Layout to its parsed tables: grids joined over page breaks, captioned, and text tables.

`tables_in_layout(layout)` gives every table of a document as a PlacedTable (the ParsedTable, the page
and top where it starts, the caption line it consumed and where it stands in reading order), with
one-line warnings naming the page (a caption with no table, rows of unequal widths).
- A grid continues on the next page (one table) when it is the last grid of its page, the next page's
  first grid has the same columns at the same place (within CONTINUED_SHIFT points) and only a running
  header above it; a repeated heading is dropped. Signals: position and column count, not words.
- Caption: the nearest line above the table, or below it, that opens 'Table N' ("Table 3.2:",
  "Table 6A.1", "Table 1 –"); a caption wrapped over lines is read whole. A caption the format gives
  (<caption>, or the caption a PDF reader found over an unruled table) counts too. An unnumbered table takes
  the heading just above it as its caption.
- Rows and headings: ingest.grid_rows (a heading printed across several columns is kept apart in
  `spans`: it gives the group, or the measure's group, and the base). A row a page break cut in two
  (the next page opens with a row of words and no label) is joined up again.
- Text tables (plain text, a PDF's unruled tables): ingest.tables parses caption-led text lines.
On pages without geometry (Word, HTML, Markdown, text) `top` is a position in reading order: lines
and grids are numbered in one sequence by the reader.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .cell_values import is_value
from .grid_rows import parse_grid_rows
from .layout import Grid, Layout, Line, Page
from .tables import ParsedTable, caption_parts, find_tables, joined_caption
from .textutil import join_lines

CONTINUED_SHIFT = 3.0  # points a continued grid's left and right edges may move between pages
CAPTION_GAP = 2.5  # line heights between a table and its caption (or between a caption's wrapped lines)
CAPTION_LINES = 4
WRAP_SLACK = 3.0  # font sizes short of the right text edge a wrapped line may end
PARAGRAPH_GAP = 0.6  # font sizes of white between two printed lines that part them like a blank line
HEADER_LINES = 2  # lines of running header a continued table may have above it on its new page  # a caption wraps over at most this many lines
HEADING_BODY_LINES = 4  # lines of text that may stand between an unnumbered table and the heading naming it
SHORT_ID_WORDS = 4  # "Appendix A: How many ..." is named "Appendix A" (the words before a colon, if this few)


@dataclass(frozen=True)
class PlacedTable:
    """A parsed table and where it stands: the structure code removes `consumed` lines and puts the table
    before the line at `at` ((page position, line position) in the layout; line position may equal the
    page's line count: after its last line)."""

    table: ParsedTable
    page: int | None
    top: float
    caption: Line | None
    consumed: frozenset[tuple[int, int]]
    at: tuple[int, int]


def tables_in_layout(layout: Layout, furniture: frozenset[tuple[int, int]] = frozenset()
                     ) -> tuple[list[PlacedTable], list[str]]:
    """Every table in the layout, in reading order, and the warnings met (each a line naming the page).
    `furniture` holds the (page position, line position) of running headers and footers: they are passed
    over (a caption may follow a footer; a continued table may have one above it)."""
    shown, where = _without(layout, furniture)
    placed, warnings, unnumbered = [], [], 0
    for run in _runs(shown):
        found = _from_grids(shown, run, unnumbered)
        unnumbered += not found.table.numbered
        placed.append(found)
        warnings += _uneven_rows(shown, run)
    taken = set().union(*(p.consumed for p in placed)) if placed else set()
    placed += [t for pi, page in enumerate(shown.pages) for t in _text_tables(pi, page, taken)]
    warnings += _orphan_captions(shown, placed)
    placed = [replace(p, consumed=frozenset((pi, where[pi][k]) for pi, k in p.consumed), at=_back(where, p.at))
              for p in placed]
    return sorted(placed, key=lambda p: p.at), warnings


def _without(layout: Layout, furniture: frozenset[tuple[int, int]]):
    """The layout without its furniture lines, and for each page the original position of each line kept."""
    if not furniture:
        return layout, [list(range(len(page.lines))) for page in layout.pages]
    where = [[k for k in range(len(page.lines)) if (p, k) not in furniture] for p, page in enumerate(layout.pages)]
    pages = tuple(replace(page, lines=tuple(page.lines[k] for k in kept)) for page, kept in zip(layout.pages, where))
    return replace(layout, pages=pages), where


def _back(where: list[list[int]], at: tuple[int, int]) -> tuple[int, int]:
    pi, k = at
    return (pi, where[pi][k]) if k < len(where[pi]) else (pi, (where[pi][-1] + 1) if where[pi] else 0)


# ---- grids over page breaks ----------------------------------------------------------------------------

def _runs(layout: Layout) -> list[list[tuple[int, Grid]]]:
    """The grids in order, each continued grid joined to the run it continues."""
    runs: list[list[tuple[int, Grid]]] = []
    for pi, page in enumerate(layout.pages):
        for k, grid in enumerate(page.grids):
            if runs and k == 0 and _continues(layout, runs[-1][-1], (pi, grid)):
                runs[-1].append((pi, grid))
            else:
                runs.append([(pi, grid)])
    return runs


def _continues(layout: Layout, before: tuple[int, Grid], after: tuple[int, Grid]) -> bool:
    (pa, a), (pb, b) = before, after
    return (layout.has_geometry and pb == pa + 1 and a is layout.pages[pa].grids[-1]
            and _width(a) == _width(b) and _same_place(a, b) and _page_head_above(layout.pages[pb], b)
            and (b.header_rows == 0 or b.rows[:b.header_rows] == a.rows[:a.header_rows]))


def _same_place(a: Grid, b: Grid) -> bool:
    """Whether two grids stand in the same columns: each column's printed extent meets its twin's (for grids
    read from words' alignment), or the outer edges agree within CONTINUED_SHIFT (for ruled grids)."""
    if a.columns and b.columns:
        return len(a.columns) == len(b.columns) and all(
            min(p[1], q[1]) > max(p[0], q[0]) for p, q in zip(a.columns, b.columns))
    return abs(a.x0 - b.x0) <= CONTINUED_SHIFT and abs(a.x1 - b.x1) <= CONTINUED_SHIFT


def _page_head_above(page: Page, grid: Grid) -> bool:
    """Whether nothing but a running header stands above the grid: at most HEADER_LINES lines, each set
    apart from it (a caption or a heading of a new table stands close above its table)."""
    above = [line for line in page.lines if _above(line, grid)]
    return len(above) <= HEADER_LINES and all(grid.top - line.bottom >= CAPTION_GAP * line.height / 2 for line in above)


def _width(grid: Grid) -> int:
    return max((len(row) for row in grid.rows), default=0)


def _uneven_rows(layout: Layout, run: list[tuple[int, Grid]]) -> list[str]:
    widths = {len(row) for _, grid in run for row in grid.rows}
    if len(widths) < 2:
        return []
    pi, grid = run[0]
    return [f"{_where(layout.pages[pi])}: a table's rows have unequal numbers of cells ({', '.join(map(str, sorted(widths)))}); "
            "short rows were padded with empty cells"]


def _where(page: Page) -> str:
    return f"page {page.label or page.number}" if page.number is not None else "the document"


# ---- one table from its grids -----------------------------------------------------------------------------

def _from_grids(layout: Layout, run: list[tuple[int, Grid]], unnumbered: int) -> PlacedTable:
    pi, first = run[0]
    page = layout.pages[pi]
    caption_at = _caption_lines(page, first)
    caption_lines = [page.lines[i] for i in caption_at]
    parts = caption_parts(joined_caption([line.text for line in caption_lines])) if caption_lines else None
    parts = parts or caption_parts(first.caption)
    if parts:
        table_id, caption, numbered = *parts, True
    else:
        caption = first.caption or _heading_above(page, first)
        table_id, numbered = _unnumbered_id(caption, page, unnumbered), False
    rows, row_pages = _joined_rows(run, layout)
    table = parse_grid_rows(rows, first.header_rows, table_id, caption, numbered)
    if len(set(row_pages)) > 1:
        table = replace(table, row_pages=tuple(row_pages[first.header_rows:]))
    consumed = frozenset((pi, i) for i in caption_at)
    return PlacedTable(table, page.number, first.top, caption_lines[0] if caption_lines else None, consumed,
                       _position(page, pi, first, caption_at))


def _joined_rows(run: list[tuple[int, Grid]], layout: Layout) -> tuple[list[tuple[str, ...]], list[int | None]]:
    """The first grid's rows, then each continuation's body rows (its repeated heading dropped); a row the
    page break cut in two is joined up again (see _cut_row). With them, the page each row starts on."""
    width = max(len(row) for _, grid in run for row in grid.rows)
    rows = [_padded(row, width) for row in run[0][1].rows]
    pages = [layout.pages[run[0][0]].number] * len(rows)
    bodies = [[_padded(row, width) for row in grid.rows[grid.header_rows:]] for _, grid in run]
    labelled = all(row[0] for body in bodies for row in body[1:]) and all(row[0] for row in bodies[0][:1])
    for (pi, _), body in zip(run[1:], bodies[1:]):
        if body and len(rows) > run[0][1].header_rows and _cut_row(body[0], labelled):
            rows[-1] = tuple(_run_on(a, b) for a, b in zip(rows[-1], body.pop(0)))
        rows += body
        pages += [layout.pages[pi].number] * len(body)
    return rows, pages


def _cut_row(row: tuple[str, ...], labelled: bool) -> bool:
    """A page's first row that goes on with the row before: no label and no figure, and either a cell left
    empty or a table whose other rows all print a label (a row filling every cell but the label, in a table
    that prints a label once for several rows, is a new row)."""
    return not row[0] and not any(map(is_value, row)) and (not all(row[1:]) or labelled)


def _padded(row: tuple[str, ...], width: int) -> tuple[str, ...]:
    return tuple(row) + ("",) * (width - len(row))


def _run_on(before: str, after: str) -> str:
    """A cell's text continued on the next page: a list goes on with a new line, prose with a space."""
    if not before or not after:
        return before or after
    return f"{before}\n{after}" if "\n" in before else join_lines([before, after])


def _position(page: Page, pi: int, grid: Grid, caption_at: list[int]) -> tuple[int, int]:
    """Where the table stands: at its caption when the caption is above it, else before the first line below it."""
    above = [i for i in caption_at if page.lines[i].top <= grid.top]
    if above:
        return pi, min(above)
    later = [i for i, line in enumerate(page.lines) if line.top >= grid.top and i not in caption_at]
    return pi, min(later, default=len(page.lines))


def _unnumbered_id(caption: str, page: Page, count: int) -> str:
    """An unnumbered table's name: its heading's lead before a colon ('Appendix A'), its heading, or its place."""
    lead, colon, _ = caption.partition(":")
    if colon and len(lead.split()) <= SHORT_ID_WORDS:
        return lead.strip()
    if caption:
        return caption
    return f"Table on page {page.label or page.number}" if page.number is not None else f"Unnumbered table {count + 1}"


# ---- captions ----------------------------------------------------------------------------------------

def _caption_lines(page: Page, grid: Grid) -> list[int]:
    """Indexes of the caption's lines: read upwards from the line above the grid, or downwards from the
    line below it, through lines close together, until one opens 'Table N'."""
    above = sorted((i for i, line in enumerate(page.lines) if _above(line, grid)), key=lambda i: -page.lines[i].top)
    found = _caption_run(page, above, grid.top, upwards=True)
    if found:
        return found
    below = sorted((i for i, line in enumerate(page.lines) if _below(line, grid)), key=lambda i: page.lines[i].top)
    found = _caption_run(page, below, grid.bottom, upwards=False)
    heads_next = found and any(g.top >= grid.bottom and _close(page.lines[found[-1]], g.top, True) for g in page.grids)
    return [] if heads_next else found  # a caption right above the next table is that table's


def _above(line: Line, grid: Grid) -> bool:
    return line.top < grid.top and line.bottom <= grid.top + 1


def _below(line: Line, grid: Grid) -> bool:
    return line.bottom > grid.bottom and line.top >= grid.bottom - 1


def _caption_run(page: Page, order: list[int], edge: float, upwards: bool) -> list[int]:
    run: list[int] = []
    previous = edge
    for i in order[:CAPTION_LINES]:
        line = page.lines[i]
        if not _close(line, previous, upwards):
            break
        run.append(i)
        previous = line.top if upwards else line.bottom
        if caption_parts(line.text):
            return sorted(run) if upwards else _caption_continued(page, order, run)
        if not upwards:
            return []  # below a table, the caption's first line comes first
    return []


def _close(line: Line, edge: float, upwards: bool) -> bool:
    gap = edge - line.bottom if upwards else line.top - edge
    return gap <= CAPTION_GAP * max(line.height, 1.0)


def _caption_continued(page: Page, order: list[int], run: list[int]) -> list[int]:
    """A caption under its table wraps onto lines set like it (same size and weight), close below, while
    each line it has runs to the page's right text edge (a short line ends it)."""
    first = page.lines[run[0]]
    right = max(line.x1 for line in page.lines)
    for i in order[order.index(run[0]) + 1: order.index(run[0]) + CAPTION_LINES]:
        line, last = page.lines[i], page.lines[run[-1]]
        full = right > 0 and right - last.x1 <= WRAP_SLACK * max(last.size, 1.0)  # (a format without geometry
        # gives a paragraph as one line)
        if not full or (line.size, line.bold) != (first.size, first.bold) or not _close(line, last.bottom, False):
            break
        run.append(i)
    return run


def _heading_above(page: Page, grid: Grid) -> str:
    """The heading that opens an unnumbered table's part of the page: the nearest heading line above it
    (heading-styled, or bold on a printed page) with at most HEADING_BODY_LINES lines of text between,
    its wrapped lines joined; '' when there is none."""
    above = sorted((line for line in page.lines if _above(line, grid)), key=lambda line: -line.top)
    for k, line in enumerate(above[:HEADING_BODY_LINES + 1]):
        if _is_heading(line, page) and not any(line.bottom <= g.top < grid.top for g in page.grids):
            wrapped = [line]
            for earlier in above[k + 1:]:
                if not (_is_heading(earlier, page) and (earlier.size, earlier.bold) == (line.size, line.bold)
                        and _close(earlier, wrapped[-1].top, True)):
                    break
                wrapped.append(earlier)
            return join_lines([w.text for w in reversed(wrapped)])
    return ""


def _is_heading(line: Line, page: Page) -> bool:
    return line.style == "heading" or (line.bold and page.number is not None)


def _orphan_captions(layout: Layout, placed: list[PlacedTable]) -> list[str]:
    """A caption line whose table was not parsed anywhere (a contents entry names a table found elsewhere)."""
    found = {p.table.id for p in placed}
    warnings = []
    for page in layout.pages:
        for line in page.lines:
            parts = caption_parts(line.text)
            if parts and parts[0] not in found:
                found.add(parts[0])
                warnings.append(f"{_where(page)}: caption “{line.text.strip()[:80]}” but no table was parsed there")
    return warnings


# ---- text tables -------------------------------------------------------------------------------------

def _text_tables(pi: int, page: Page, taken: set[tuple[int, int]]) -> list[PlacedTable]:
    """Caption-led tables printed as text lines (ingest.tables), among the lines no grid consumed; on a
    printed page a blank line stands where a gap wider than a line's spacing parts its lines."""
    texts, line_of = [], []
    for i, line in enumerate(page.lines):
        if i and page.number is not None and line.top - page.lines[i - 1].bottom > PARAGRAPH_GAP * max(line.size, 1.0):
            texts.append("")
            line_of.append(None)
        texts.append("" if (pi, i) in taken else line.text)
        line_of.append(i)
    placed = []
    for table in find_tables(texts):
        lines = sorted(line_of[t] for t in table.lines if line_of[t] is not None)
        caption = next((page.lines[i] for i in lines if caption_parts(page.lines[i].text)), None)
        placed.append(PlacedTable(replace(table, lines=frozenset(lines)), page.number, page.lines[lines[0]].top,
                                  caption, frozenset((pi, i) for i in lines), (pi, lines[0])))
    return placed
