"""Find 'Table N caption' blocks in text lines and parse them cell-exact.

Two printed layouts are understood:
- grid: a header of short column names (wrapped over lines), then rows 'Label v1 v2 ...',
  with summary rows that print fewer values ('Answered question 105'); the caption stands
  before or after the block.
- ranked: the caption, a line of groups with sizes ('Medical directors (n=44) Clinical
  directors (n=63)'), a line of measures ('Number Percentage ...'), then the groups' ranked
  statements side by side: each label (wrapped over lines) is followed by its values, and the
  next group's label begins on the same line as those values; a summary row ('Average x y') ends it.
Tables printed as images, or with merged cells spanning rows, are not handled here: tables the
format gives as cells (PDF ruling lines, Word, HTML, Markdown pipes) are read by ingest.table_grids.

A caption is 'Table N' (or 'Table 3.2', 'Table 6A.1', an appendix's 'Table A1' or 'Table B.2') then a separator ('.', ':', '–') or a capitalised
title: "Table 1: 10-year increase ...", "Table 3.2 Projected supply ...", "Table 1 – Sample". A line
that only mentions a table ("Table 3 (below) and Table 4 (opposite) show ...") is not a caption.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .textutil import join_lines
from .vocabulary import PERCENT_WORDS

NUM = r"-?\d[\d,]*(?:\.\d+)?%?"
PRIVATE_USE, PRIVATE_USE_END = 0xE000, 0xF8FF  # Unicode's private use area: glyphs that stand for no character
CAPTION = re.compile(r"^\s*Table\s+(?P<number>(?:[A-Z]\.?)?\d+[A-Z]?(?:\.\d+)*)(?:\s*[.:]\s*|\s+[–—-]\s+|\s+(?=[A-Z‘'\"]))"
                     r"(?P<title>\S.{2,250})$")
DATA_ROW = re.compile(rf"^\s*(?P<label>\S.*?[A-Za-z)\]’'])\s+(?P<values>{NUM}(?:\s+{NUM})*)\s*$")
PAIR = re.compile(rf"^\s*(?P<values>\d[\d,]*(?:\s+\d[\d,]*(?:\.\d+)?%?)+)(?:\s+(?P<rest>[^\d\s].*))?$")
GROUP = re.compile(r"([^()]+?)\s*\(\s*n\s*=\s*(\d+)\s*\)")
MEASURES = re.compile(rf"^\s*((?:number|{PERCENT_WORDS}|%|count|n)\s*)+$", re.IGNORECASE)
HEADER_FRAGMENT_CHARS = 30
MAX_LABEL_LINES = 20


@dataclass(frozen=True)
class ParsedTable:
    """A table as parsed (from text lines or from a format's cells), before it is placed in the cleaned text.

    `rows` are as printed, label cells first; a group row ("Responses by organisation type") prints its
    heading in the first cell and nothing else. `spans` gives, for each column, the heading printed across
    it and its neighbours ("Sample size" over "Survey 1 | Survey 2"), '' where none; `labels` is how many
    leading columns name the row (2 when a group column, its cells merged down, stands before the label).
    `row_pages` gives the page each of `rows` is printed on when the table runs over pages (empty: all on its
    first page), so that a row is cited on its own page.
    """

    id: str  # "Table 3.2", "Table 6A.1"; for an unnumbered table, its heading
    caption: str
    layout: str  # "grid" or "ranked"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    groups: tuple[tuple[str, int | None], ...]
    measures: tuple[str, ...]
    lines: frozenset[int]  # indexes of the input lines the table consumed
    numbered: bool = True
    spans: tuple[str, ...] = ()
    labels: int = 1
    row_pages: tuple[int | None, ...] = ()


def caption_parts(line: str) -> tuple[str, str] | None:
    """('Table 3.2', 'Projected supply ...') for a caption line, None for any other line."""
    match = CAPTION.match(line)
    return (f"Table {match.group('number')}", " ".join(match.group("title").split())) if match else None


def joined_caption(texts: list[str]) -> str:
    """A caption's wrapped lines as one line; a number range broken at its dash ("2013-" / "18") stays whole; a
    private-use glyph (a symbol font's space or bullet, no character) is left out."""
    text = ""
    for piece in texts:
        piece = " ".join("".join(ch for ch in piece if not PRIVATE_USE <= ord(ch) <= PRIVATE_USE_END).split())
        glued = text[-2:-1].isdigit() and text.endswith(("-", "–")) and piece[:1].isdigit()
        text = text + piece if glued else join_lines([text, piece])
    return text


def find_tables(lines: list[str]) -> list[ParsedTable]:
    """Every captioned table the lines hold, in order."""
    tables = []
    for i, line in enumerate(lines):
        parts = caption_parts(line)
        if not parts or not _stands_alone(lines, i):
            continue
        table_id, caption = parts
        table = _parse_ranked(lines, i, table_id, caption) or _parse_grid(lines, i, table_id, caption)
        if table:
            tables.append(table)
    return tables


def _stands_alone(lines: list[str], i: int) -> bool:
    """A caption is a line of its own: after a blank line, the start, or the table's last row.

    (PDF text extraction drops blank lines, so a caption printed under its table follows a row.)
    """
    return i == 0 or not lines[i - 1].strip() or bool(DATA_ROW.match(lines[i - 1]))


def _next_filled(lines: list[str], i: int, step: int = 1) -> int:
    while 0 <= i < len(lines) and not lines[i].strip():
        i += step
    return i


# ---- ranked, side-by-side layout -------------------------------------------------------------

def _parse_ranked(lines: list[str], caption_at: int, table_id: str, caption: str) -> ParsedTable | None:
    head = _next_filled(lines, caption_at + 1)
    if head >= len(lines) or len(GROUP.findall(lines[head])) < 2:
        return None
    groups = tuple((name.strip(), int(n)) for name, n in GROUP.findall(lines[head]))
    measures_at = _next_filled(lines, head + 1)
    if measures_at >= len(lines) or not MEASURES.match(lines[measures_at]):
        return None
    words = _measure_words(lines[measures_at])
    per_group = tuple(words[: max(1, len(words) // len(groups))])
    entries, summary, last = _ranked_entries(lines, measures_at + 1, len(per_group))
    if len(entries) < len(groups):
        return None
    rows = _ranked_rows(entries, summary, groups, per_group)
    consumed = frozenset(range(caption_at, last + 1))
    columns = ("Group", "Rank", "Statement") + per_group
    return ParsedTable(table_id, caption, "ranked", columns, rows, groups, per_group, consumed)


def _measure_words(line: str) -> list[str]:
    return re.findall(r"percentage|per cent|percent|number|count|%|\bn\b", line, re.IGNORECASE)


def _ranked_entries(lines: list[str], i: int, width: int):
    """(label, values) in reading order, the summary row, and the last line index used."""
    entries, label, summary, last = [], [], None, i
    while i < len(lines):
        text = lines[i]
        pair = PAIR.match(text)
        if not text.strip():
            pass
        elif pair and label and len(pair.group("values").split()) == width:
            entries.append((join_lines(label), tuple(pair.group("values").split())))
            label = [pair.group("rest")] if pair.group("rest") else []
            last = i
        elif not label and (row := DATA_ROW.match(text)) and len(row.group("label").split()) <= 3:
            summary, last = (row.group("label").strip(), tuple(row.group("values").split())), i
            break
        elif label or _label_leads_to_values(lines, i, width):
            label.append(text)
        else:
            break
        i += 1
    return entries, summary, last


def _label_leads_to_values(lines: list[str], i: int, width: int) -> bool:
    """A new label is part of the table only if values end it: on its last line, or on the line
    after the blank that closes it (a label may wrap over many lines of a narrow column)."""
    def has_values(j: int) -> bool:
        pair = PAIR.match(lines[j]) if j < len(lines) else None
        return bool(pair and len(pair.group("values").split()) == width)

    for j in range(i, min(len(lines), i + MAX_LABEL_LINES)):
        if not lines[j].strip():
            return has_values(_next_filled(lines, j))
        if has_values(j):
            return True
    return False


def _ranked_rows(entries, summary, groups, measures) -> tuple[tuple[str, ...], ...]:
    group_names = [f"{name} (n={n})" for name, n in groups]
    rows, ranks = [], [0] * len(groups)
    for k, (label, values) in enumerate(entries):
        g = k % len(groups)
        ranks[g] += 1
        rows.append((group_names[g], str(ranks[g]), label) + values)
    order = sorted(range(len(rows)), key=lambda r: (group_names.index(rows[r][0]), int(rows[r][1])))
    rows = [rows[r] for r in order]
    if summary:
        label, values = summary
        for g, value in enumerate(values[: len(groups)]):
            cells = [""] * len(measures)
            cells[_measure_index(value, measures)] = value
            rows.append((group_names[g], "", label, *cells))
    return tuple(rows)


def _measure_index(value: str, measures: tuple[str, ...]) -> int:
    """A summary value with decimals belongs to the percentage column, a whole number to the count."""
    wants_percent = "." in value or value.endswith("%")
    for k, measure in enumerate(measures):
        if _is_percentage(measure) == wants_percent:
            return k
    return len(measures) - 1


def _is_percentage(header: str) -> bool:
    return bool(re.search(r"percent|per cent|%", header, re.IGNORECASE))


# ---- grid layout ---------------------------------------------------------------------------

def _parse_grid(lines: list[str], caption_at: int, table_id: str, caption: str) -> ParsedTable | None:
    for step in (-1, 1):
        rows, fragments = _grid_block(lines, caption_at + step, step)
        if len(rows) >= 2:
            width = max(len(lines[j].split()) - len(_row(lines[j])[0].split()) for j in rows)
            fragments = fragments[-width:]
            columns = _grid_columns([[lines[j] for j in f] for f in fragments], width)
            printed = tuple((label,) + values for label, values in map(_row, (lines[j] for j in rows)))
            consumed = frozenset(rows) | {j for f in fragments for j in f} | {caption_at}
            return ParsedTable(table_id, caption, "grid", ("Row",) + columns, printed, (), (), consumed)
    return None


def _row(text: str) -> tuple[str, tuple[str, ...]]:
    match = DATA_ROW.match(text)
    return match.group("label").strip(), tuple(match.group("values").split())


def _grid_block(lines: list[str], i: int, step: int) -> tuple[list[int], list[list[int]]]:
    """Line indexes of the data rows and of the header fragments, walking away from the caption.

    Walking up, rows come first and the header above them; walking down, the header first.
    A header fragment is a blank-separated group of short lines (one column name, wrapped).
    """
    rows: list[int] = []
    fragments: list[list[int]] = []
    for phase in (("rows", "header") if step == -1 else ("header", "rows")):
        current: list[int] = []
        while 0 <= i < len(lines):
            text = lines[i]
            if not text.strip():
                if current:
                    fragments.append(current)
                    current = []
            elif phase == "rows" and DATA_ROW.match(text):
                rows.append(i)
            elif phase == "header" and _is_header_fragment(text):
                current.append(i)
            else:
                break
            i += step
        if current:
            fragments.append(current)
    if step == -1:
        rows.reverse()
        fragments = [sorted(f) for f in reversed(fragments)]
    return rows, fragments


def _is_header_fragment(text: str) -> bool:
    stripped = text.strip()
    return (len(stripped) <= HEADER_FRAGMENT_CHARS and len(stripped.split()) <= 4
            and not re.search(r"\d", stripped) and stripped[-1] not in ".,;:!?")


def _grid_columns(fragments: list[list[str]], width: int) -> tuple[str, ...]:
    names = [join_lines(f) for f in fragments]
    missing = width - len(names)
    return tuple(f"Column {k + 1}" for k in range(missing)) + tuple(names)
