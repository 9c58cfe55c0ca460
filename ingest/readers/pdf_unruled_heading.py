"""The heading of a table read from its words' alignment (ingest.readers.pdf_unruled): the printed lines
above its first figure row that stand over its columns, as at most two heading rows.

- The heading lines run up from the first figure row while each line is close to the one below it and
  stands within the table (no word left of its label column, none past its last value column by more than
  a column gap or REACH_EMS); a caption line ('Table 2: ...') ends them, and the caption's own wrapped lines (set in its
  font, aligned with it, its words at word spaces) are not heading lines: a line of column headings set in the
  caption's font and flush with it is parted into columns.
- Each column owns an x-range of the heading, up to the next column's: a column set left-aligned owns from
  its figures' left edge, one set right-aligned up to its figures' right edge (headings are aligned as their
  figures are), else the boundary is midway between two columns' figures.
- A heading line's words make one cell while they stand over a shared column; a cell reaching over two or
  more columns heads each of them on a first heading row ("CPIH 12-month rate (%)" over "Mar 2025" and
  "Apr 2025"), a cell over every column is the table's title; the cells of each column are joined top to
  bottom ("CPIH 12-" / "month" -> "CPIH 12-month").
Rows are ingest.readers.pdf_unruled's rows: words (pdfplumber dicts), top, bottom, size, figures.
Not handled: a short heading centred over two columns without reaching into both (it heads the one it
stands over).
"""
from __future__ import annotations

from ..tables import CAPTION, joined_caption

COLUMN_GAP_EMS = 0.6  # font sizes between two words of a row that part them into two columns
ROW_GAP_EMS = 3.0  # font sizes of white between two heading lines of one table
ALIGNED_EMS = 0.5  # font sizes two lines' left edges (or centres) may differ and still be set as one block
OVER = 1.0  # points a word must reach into a column to stand over it
# How far past the last column's figures a heading line may run: the widest gap between columns, or this many
# font sizes ("Responses" over a column of two-digit counts runs 4.8 past them).
REACH_EMS = 6.0


def join_wrapped(parts: list[str]) -> str:
    """Wrapped label or heading lines as one: a line ending in a hyphen after a letter or digit runs on
    ("12-" / "month")."""
    text = ""
    for part in parts:
        part = " ".join(part.split())
        if text.endswith("-") and len(text) > 1 and text[-2].isalnum() and part[:1].isalpha():
            text += part
        else:
            text = f"{text} {part}".strip()
    return text


def heading_lines(rows: list, block: list[int], columns) -> tuple[list[int], list[int]]:
    """Indexes of the lines above the block that head it: close above one another, every word over the
    table's columns (or its label column), not a caption or the caption's wrapped lines; and the indexes of
    the caption ('Table 2: ...') standing close above them, its wrapped lines with it ([] when none does)."""
    left = min(rows[i].x0 for i in block)
    reach = max([b[0] - a[1] for a, b in zip(columns, columns[1:])] + [REACH_EMS * rows[block[0]].size])
    right = columns[-1][1] + reach
    picked: list[int] = []
    edge = rows[block[0]].top
    for i in range(block[0] - 1, -1, -1):
        row = rows[i]
        if edge - row.bottom > ROW_GAP_EMS * row.size or row.figures:
            break
        if CAPTION.match(_text(row)):
            wrapped = _wrapped(rows[i], [rows[j] for j in picked])
            return picked[wrapped:], [i] + picked[:wrapped]
        if row.x0 < left - ALIGNED_EMS * row.size or row.x1 > right:  # wider than the table: not its heading
            break
        picked.insert(0, i)
        edge = row.top
    return picked, []


def caption_text(rows: list, caption: list[int]) -> str:
    """The caption's lines as one line."""
    return joined_caption([_text(rows[i]) for i in caption])


def _text(row) -> str:
    return " ".join(w["text"] for w in row.words)


def _wrapped(caption, lines: list) -> int:
    """How many of the lines under the caption are its own wrapped lines: set in its font, aligned with it
    (same left edge or same centre), and not parted into columns."""
    k = 0
    while k < len(lines) and _set_like(lines[k], caption) and not _in_columns(lines[k]):
        k += 1
    return k


def _set_like(row, caption) -> bool:
    slack = ALIGNED_EMS * caption.size
    aligned = abs(row.x0 - caption.x0) <= slack or abs((row.x0 + row.x1) - (caption.x0 + caption.x1)) / 2 <= slack
    return aligned and _fonts(row) == _fonts(caption)


def _in_columns(row) -> bool:
    """Whether two of the line's words stand a column gap apart (headings over columns, not wrapped prose)."""
    return any(b["x0"] - a["x1"] >= COLUMN_GAP_EMS * row.size for a, b in zip(row.words, row.words[1:]))


def _fonts(row) -> set[tuple[str, float]]:
    return {(w["fontname"], round(w["size"], 1)) for w in row.words}


def regions(rows: list, block: list[int], columns, heading: list[int]) -> list[tuple[float, float]]:
    """The x-range each table column owns in its heading, label column first. Between two value columns the
    boundary is where the right one's heading starts when it is set left-aligned over its figures, where the
    left one's ends when that is right-aligned, else midway between their figures."""
    aligned = [_alignment(rows, block, column, heading) for column in columns]
    labels = [w["x1"] for i in block for w in rows[i].words if w not in rows[i].figures]
    first = columns[0][0] if aligned[0] == "left" or not labels else (max(labels) + columns[0][0]) / 2
    bounds = [first] + [b[0] if aligned[k + 1] == "left" else a[1] if aligned[k] == "right" else (a[1] + b[0]) / 2
                        for k, (a, b) in enumerate(zip(columns, columns[1:]))]
    starts = [min(rows[i].x0 for i in block)] + bounds
    return list(zip(starts, bounds + [float("inf")]))


def _alignment(rows: list, block: list[int], column: tuple[float, float], heading: list[int]) -> str:
    """How a value column is set: 'left' or 'right' when its figures' left (or right) edges line up and the
    others do not; when both do (figures of one width), as its heading words line up with them; else ''."""
    figures = [w for i in block for w in rows[i].figures if min(w["x1"], column[1]) > max(w["x0"], column[0])]
    left = max(w["x0"] for w in figures) - min(w["x0"] for w in figures)
    right = max(w["x1"] for w in figures) - min(w["x1"] for w in figures)
    if abs(left - right) > OVER:
        return "left" if left < right else "right"
    over = [w for i in heading for w in rows[i].words if min(w["x1"], column[1]) > max(w["x0"], column[0])]
    slack = ALIGNED_EMS * max((w["size"] for w in over), default=0.0)
    if any(abs(w["x0"] - column[0]) <= slack for w in over):
        return "left"
    return "right" if any(abs(w["x1"] - column[1]) <= slack for w in over) else ""


def heading(rows: list, heading: list[int], regions) -> tuple[str, list[tuple[str, ...]]]:
    """The table's title (a heading cell over every column) and at most two heading rows: the cells over
    several columns, then each column's own, each joined top to bottom."""
    width = len(regions)
    title: list[str] = []
    spans: list[list[str]] = [[] for _ in regions]
    own: list[list[str]] = [[] for _ in regions]
    for i in heading:
        for cell in _cells(rows[i].words, regions):
            reached = sorted({k for w in cell for k in _reached(w, regions)})
            text = " ".join(w["text"] for w in cell)
            if len(reached) == width > 2:
                title.append(text)
                continue
            for k in reached:
                (spans if 1 < len(reached) < width else own)[k].append(text)
    levels = [tuple(join_wrapped(parts) for parts in level) for level in (spans, own)]
    return join_wrapped(title), [level for level in levels if any(level)]


def _reached(word: dict, regions) -> list[int]:
    """The columns a heading word stands over (the nearest by its left edge when it stands in a gap)."""
    return [k for k, (a, b) in enumerate(regions) if min(word["x1"], b) - max(word["x0"], a) > OVER] or [
        min(range(len(regions)), key=lambda k: abs(regions[k][0] - word["x0"]))]


def _cells(words: list[dict], regions) -> list[list[dict]]:
    """A heading line's words in cells: a word joins the cell before when both stand over a shared column."""
    cells: list[list[dict]] = []
    for word in words:
        if cells and set(_reached(word, regions)) & set(_reached(cells[-1][-1], regions)):
            cells[-1].append(word)
        else:
            cells.append([word])
    return cells
