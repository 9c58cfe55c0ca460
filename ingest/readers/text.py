"""Read plain text into the layout model: one Line per line of the file, without geometry.

A text file says nothing of fonts or places, so a Line holds its words and what the text itself marks:
`top` and `bottom` number the file's lines, `x0` is the line's indent in characters, a blank line stays
as a Line with no text (it parts paragraphs), a bullet glyph opening a paragraph makes its line a list
item (the glyph dropped: 'n' and '§' are how a PDF's Wingdings bullet comes out as text), and a line
opening with '#' marks (Markdown written into a .txt file) is a heading at the marks' level.
Everything else (which lines are headings, quotes, furniture) is found by ingest.structure.
Not handled: page breaks a text dump does not mark (its running headers are found as furniture).
"""
from __future__ import annotations

import re

from ..layout import Layout, Line, Page
from ..textutil import BULLET_GLYPH

HEADING_MARKS = re.compile(r"^\s*(#{1,6})\s+(.+?)\s*#*\s*$")


def read_text(pages: tuple[tuple[int | None, str], ...], title: str = "") -> Layout:
    """The text's lines as one page per given page (a plain file is one page-less page)."""
    laid_out = []
    for number, body in pages:
        lines = body.replace("\t", " ").replace("\f", "").split("\n")
        laid_out.append(Page(number, tuple(_line(lines, i, number) for i in range(len(lines)))))
    return Layout(tuple(laid_out), plain_lines=True, file_metadata={"title": title} if title else {})


def _line(lines: list[str], i: int, page: int | None) -> Line:
    text = lines[i].rstrip()
    indent = len(text) - len(text.lstrip())
    heading = HEADING_MARKS.match(text)
    if heading:
        return Line(heading.group(2), page, x0=indent, top=i, bottom=i, style="heading", level=len(heading.group(1)))
    before = lines[i - 1].strip() if i else ""
    if BULLET_GLYPH.match(text) and (not before or before.endswith(":")) and text.lstrip()[:1] != "–":
        return Line(BULLET_GLYPH.sub("", text, count=1).strip(), page, x0=indent, top=i, bottom=i, style="list")
    return Line(text.strip(), page, x0=indent, top=i, bottom=i)
