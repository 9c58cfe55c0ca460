"""Read a Word (.docx) file into the layout model: its paragraphs with their style, its tables as cells.

Paragraphs become Lines in reading order, text as the document now reads (tracked insertions in,
deletions out: ingest.readers.docx_runs), each with its style (heading and level, list item, quote:
ingest.readers.docx_styles). A text box is read after the paragraph it is anchored in; a footnote or
endnote after the paragraph that refers to it, as a "note" line "N text", the paragraph keeping N in
Line.notes (ingest.readers.docx_notes). Content controls are read; a generated table of contents is
not (its entries repeat the headings). Tables come from the document's real cells (python-docx): a
cell merged across columns is repeated in each, a cell merged down rows is printed once, in its first
row; heading rows are the rows marked "repeat as header row", else the rows above the first row holding
a figure, else a bold first row. There is no geometry: `top` (and `bottom`) number lines and tables in
one sequence, in reading order. The core properties give the title, author and date, the extended
properties the company (as publisher), the opening paragraphs the year they print.
Not read: headers, footers, comments, equations; .doc (the older binary format) is refused by the loader.
"""
from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from pathlib import Path

from ..errors import IngestError
from ..layout import Grid, Layout, Line, Page
from ..grid_rows import heading_levels, heading_rows, holds_figures
from .docx_notes import Notes
from .docx_runs import W, paragraph_content
from .docx_styles import bold_headings, paragraph_style
from .metadata import document_metadata, printed_year

CONTENTS_GALLERY = "Table of Contents"
OPENING_LINES = 40  # paragraphs of a title page or a transcript's header block, where a document prints its date
EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def read_docx(path: Path, data: bytes) -> Layout:
    """The document's paragraphs and tables in order; IngestError when it is not a readable .docx."""
    try:
        import docx

        document = docx.Document(BytesIO(data))
        reader = _Reader(document)
        reader.read(document.element.body)
        lines = bold_headings(reader.lines)
        metadata = _properties(document, "\n".join(line.text for line in lines[:OPENING_LINES]))
    except Exception as exc:  # python-docx raises zip, XML and key errors on damaged files; all mean the same
        raise IngestError(f"{path}: not a readable Word document ({exc.__class__.__name__}: {exc})") from exc
    return Layout((Page(None, tuple(lines), tuple(g for g in reader.grids if g.rows)),), file_metadata=metadata)


class _Reader:
    """Walks the body (and the text boxes in it) in reading order, numbering lines and tables in one sequence."""

    def __init__(self, document) -> None:
        self.document = document
        self.notes = Notes(document.part)
        self.lines: list[Line] = []
        self.grids: list[Grid] = []

    def read(self, container) -> None:
        from docx.table import Table

        for child in container:
            if child.tag == W + "p":
                self._paragraph(child)
            elif child.tag == W + "tbl":
                table = Table(child, self.document._body)
                if table.rows:
                    self.grids.append(_grid(table, self._position()))
            elif child.tag == W + "sdt" and not _contents(child):
                self.read(child.iterfind(W + "sdtContent/*"))
            elif child.tag == W + "customXml":
                self.read(child)

    def _paragraph(self, element) -> None:
        from docx.text.paragraph import Paragraph

        content = paragraph_content(element)
        marks = [(note, self.notes.mark(note)) for note in content.notes]
        text = content.text.replace("\r", "\n").strip()
        if text:
            style, level = paragraph_style(Paragraph(element, self.document._body))
            self._add(Line(text, None, bold=content.bold, style=style, level=level,
                           notes=tuple(mark for _, mark in marks if mark)))
        for box in content.boxes:
            self.read(box)
        for note, mark in marks:
            if mark and self.notes.texts[note]:
                self._add(Line(f"{mark} {self.notes.texts[note]}", None, style="note"))

    def _add(self, line: Line) -> None:
        position = self._position()
        self.lines.append(replace(line, top=position, bottom=position))

    def _position(self) -> int:
        return len(self.lines) + len(self.grids)


def _contents(sdt) -> bool:
    """A content control holding a generated table of contents."""
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and gallery.get(W + "val") == CONTENTS_GALLERY


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
    texts = (paragraph_content(p._p).text.strip() for p in cell.paragraphs)
    return "\n".join(text for text in texts if text)


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
    printed = [paragraph_content(p._p) for cell in cells[0] for p in cell.paragraphs]
    printed = [content for content in printed if content.text.strip()]
    return 1 if len(cells) > 1 and printed and all(content.bold for content in printed) else 0


def _properties(document, opening: str) -> dict:
    """Title, author and date from the core properties, the company from the extended ones (as publisher),
    the year as the opening paragraphs print it (ingest.readers.metadata.printed_year)."""
    props = document.core_properties
    date = props.created.date().isoformat() if props.created else ""
    return document_metadata(title=props.title or "", author=props.author or "", publisher=_company(document),
                             date=date, year=printed_year(opening, date))


def _company(document) -> str:
    from docx.oxml.parser import parse_xml

    for rel in document.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties") and not rel.is_external:
            found = parse_xml(rel.target_part.blob).find(f"{EXTENDED}Company")
            return (found.text or "") if found is not None else ""
    return ""
