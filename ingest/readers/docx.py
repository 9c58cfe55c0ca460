"""Read a Word (.docx) file into the layout model: its paragraphs with their style, its tables as cells.

Paragraphs become Lines in document order: "Heading N" and "Title" styles are headings (level N;
a title is level 1), list styles ("List Bullet", "List Number 2", a numbered paragraph) are list
items, "Quote" styles are quotes; a line break inside a paragraph stays in its text. Tables come
from the document's real cells (python-docx): a cell merged across columns is repeated in each, a
cell merged down rows is printed once, in its first row; heading rows are the rows marked "repeat
as header row", else the rows above the first row holding a figure, else a bold first row.
There is no geometry: `top` (and `bottom`) number lines and tables in one sequence, in reading order.
Not read: headers, footers, footnotes, comments, text boxes and tracked-change deletions; .doc (the
older binary format) is refused by the loader.
"""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from ..errors import IngestError
from ..layout import Grid, Layout, Line, Page
from ..grid_rows import heading_levels, heading_rows, holds_figures

HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
LIST_STYLE = re.compile(r"^list(?:\s+(?:bullet|number|paragraph|continue))?(?:\s+(\d))?$", re.IGNORECASE)
QUOTE_STYLE = re.compile(r"quote", re.IGNORECASE)


def read_docx(path: Path, data: bytes) -> Layout:
    """The document's paragraphs and tables in order; IngestError when it is not a readable .docx."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(BytesIO(data))
        lines: list[Line] = []
        grids: list[Grid] = []
        for position, block in enumerate(document.iter_inner_content()):
            if isinstance(block, Paragraph) and block.text.strip():
                lines.append(_line(block, position))
            elif isinstance(block, Table) and block.rows:
                grids.append(_grid(block, position))
    except Exception as exc:  # python-docx raises zip, XML and key errors on damaged files; all mean the same
        raise IngestError(f"{path}: not a readable Word document ({exc.__class__.__name__}: {exc})") from exc
    return Layout((Page(None, tuple(lines), tuple(g for g in grids if g.rows)),), file_metadata=_properties(document))


def _line(paragraph, position: int) -> Line:
    style, level = _style(paragraph)
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold for r in runs)
    return Line(paragraph.text.replace("\r", "\n").strip(), None, top=position, bottom=position,
                bold=bold, style=style, level=level)


def _style(paragraph) -> tuple[str, int]:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = HEADING_STYLE.match(name)
    if heading or name.lower() == "title":
        return "heading", int(heading.group(1)) if heading else 1
    listed = LIST_STYLE.match(name)
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if listed or numbered:
        return "list", int(listed.group(1)) if listed and listed.group(1) else 1
    return ("quote", 0) if QUOTE_STYLE.search(name) else ("", 0)


def _grid(table, position: int) -> Grid:
    """The table's rows of cell texts; heading rows collapsed to a spanning row and a row of names."""
    cells = [list(row.cells) for row in table.rows]  # the lists keep each cell's XML element alive for `is`
    width = max(len(row) for row in cells)
    rows = [[_text(c, cells, r, k) for k, c in enumerate(row)] + [""] * (width - len(row)) for r, row in enumerate(cells)]
    header = _marked_header(table) or (heading_rows(rows) if holds_figures(rows) else _bold_first(cells))
    spans = [[(rows[r][k], _across(cells[r], k)) for k in range(width)] for r in range(header)]
    title, levels = heading_levels(spans)
    body = [tuple(row) for row in rows[header:]]
    return Grid(None, tuple(levels) + tuple(body), len(levels), top=position, bottom=position, caption=title)


def _text(cell, cells, r: int, k: int) -> str:
    """A cell's text; '' where a cell merged down rows continues (python-docx repeats it)."""
    above = cells[r - 1][k] if r and k < len(cells[r - 1]) else None
    if above is not None and above._tc is cell._tc:
        return ""
    return "\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _across(row, k: int) -> int:
    """How many columns the cell at k covers (python-docx repeats a merged cell in each)."""
    return sum(1 for c in row if c._tc is row[k]._tc)


def _marked_header(table) -> int:
    """The leading rows Word marks "repeat as header row"."""
    from docx.oxml.ns import qn

    count = 0
    for row in table.rows:
        props = row._tr.trPr
        if props is None or props.find(qn("w:tblHeader")) is None:
            break
        count += 1
    return count if count < len(table.rows) else 0


def _bold_first(cells) -> int:
    runs = [run for cell in cells[0] for p in cell.paragraphs for run in p.runs if run.text.strip()]
    return 1 if len(cells) > 1 and runs and all(run.bold for run in runs) else 0


def _properties(document) -> dict:
    props = document.core_properties
    return {key: value for key, value in (("title", props.title), ("author", props.author)) if value}
