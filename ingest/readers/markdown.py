"""Read a Markdown file into the layout model: its blocks by their marks, its pipe tables as cells.

Blocks are runs of lines between blank lines, as Markdown reads them: `#`..`######` opens a heading
(level = the number of marks), `-`, `*`, `+` or `1.` a list item (its wrapped lines joined to it), `>` a
quote; any other run is one paragraph, its wrapped lines joined with spaces. Pipe tables come from
ingest.readers.pipe_tables, their cells as printed. There is no geometry: `top` numbers lines and tables
by the index of their first line in the file, in one sequence.
"""
from __future__ import annotations

import re

from ..layout import Layout, Line, Page
from .pipe_tables import pipe_grids

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")


def read_markdown(text: str) -> Layout:
    """The file's lines and pipe tables in reading order."""
    lines = text.split("\n")
    found = pipe_grids(lines)
    taken = {i for _, consumed in found for i in consumed}
    return Layout((Page(None, tuple(_blocks(lines, taken)), tuple(grid for grid, _ in found)),))


def _blocks(lines: list[str], taken: set[int]) -> list[Line]:
    """One Line per heading, list item, quote or paragraph; lines of a table are left to its grid."""
    out: list[Line] = []
    open_line: Line | None = None
    for i, raw in enumerate(lines):
        if i in taken or not raw.strip():
            open_line = _close(out, open_line)
            continue
        heading, item, quote = HEADING.match(raw), ITEM.match(raw), QUOTE.match(raw)
        if heading:
            open_line = _close(out, open_line)
            out.append(Line(heading.group(2), None, top=i, bottom=i, style="heading", level=len(heading.group(1))))
        elif item:
            _close(out, open_line)
            open_line = Line(item.group(2).strip(), None, top=i, bottom=i, style="list", level=1 + len(item.group(1)) // 2)
        elif quote and (open_line is None or open_line.style == "quote"):
            open_line = _joined(open_line, quote.group(1), i, "quote")
        else:
            open_line = _joined(open_line, raw, i, open_line.style if open_line else "")
    _close(out, open_line)
    return out


def _joined(line: Line | None, text: str, i: int, style: str) -> Line:
    """The open block with one more wrapped line, or a new block starting at line i."""
    if line is None:
        return Line(text.strip(), None, top=i, bottom=i, style=style)
    return Line(f"{line.text} {text.strip()}".strip(), None, top=line.top, bottom=i, style=line.style, level=line.level)


def _close(out: list[Line], line: Line | None) -> None:
    if line is not None and line.text:
        out.append(line)
    return None
