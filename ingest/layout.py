"""The layout model every reader produces: a document as pages of printed lines and tables.

`Layout -> Page -> Line` (and `Page -> Grid` for tables the format gives as cells). Readers fill in
what their format knows: a PDF gives position, font size, weight, style and colour; Word, HTML and
Markdown give a style name ("heading 2", "list", "quote", "table") and nesting; plain text gives only
the words, one Line per line of the file (blank lines kept as Lines with no text: they part paragraphs). Structure (furniture, headings, paragraphs, lists, quotes, tables) is found from these
fields by the same code whatever the file type (ingest.structure), never by re-reading the file.

Units: PDF points (1/72 inch), measured from the page's top-left corner; 0 where a format has no
geometry. Page numbers are 1-based PDF page indexes; `label` is the page number as printed.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One printed line (a PDF text line, or one paragraph/list item/heading of a flowing format)."""

    text: str
    page: int | None  # 1-based PDF page index; None for formats without pages
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # the font size of most of its characters, in points; 0 when unknown
    bold: bool = False
    italic: bool = False
    color: str = ""  # the fill colour of most of its characters, as the PDF gives it ("(0.0, 0.22, 0.576)")
    # Every fill colour its characters have, most used first: a line with a link in it prints two.
    colors: tuple[str, ...] = ()
    style: str = ""  # a named style from the format: "heading", "list", "quote", "" (body)
    level: int = 0  # heading or list nesting level when the format names it (Word "Heading 2", <h2>, "##")
    # Superscript footnote markers cut from the line's words ("April 2022.4" -> "April 2022." + ("4",)).
    notes: tuple[str, ...] = ()

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Grid:
    """A table as its format gives it: rows of cell texts exactly as printed, header rows first.

    A cell spanning several columns is repeated in each (so every row has the same width);
    `header_rows` says how many leading rows are column headings (0 when unknown).
    """

    page: int | None
    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 0
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    caption: str = ""  # a caption the format attaches to the table (<caption>, a Word caption paragraph)
    # Pages the table continues on after `page` (a table over a page break is one Grid).
    continued_on: tuple[int, ...] = ()
    # Each column's x-extent (label column first) where the reader measured it from the printed words, else ():
    # a table continued on the next page stands in the same columns.
    columns: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Page:
    """One page: its printed lines in reading order and its tables, with its printed page label."""

    number: int | None  # 1-based PDF page index; None for page-less formats (one Page holds everything)
    lines: tuple[Line, ...]
    grids: tuple[Grid, ...] = ()
    width: float = 0.0
    height: float = 0.0
    label: str = ""  # the page's own page label (PDF /PageLabels) when the file has them, else ""
    # Degrees the page's text was turned (anticlockwise as printed) to read it upright: 90 for a sideways
    # page whose text runs up the page. Its lines' coordinates, width and height are in the turned frame.
    rotation: int = 0
    # What on this page could not be read and why, each completing "page N ..." ("has no text layer (a
    # scanned page?); it was not read"); the loader turns them into one warning line each.
    notices: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Layout:
    """A whole file as printed: its pages in order, and the metadata the file itself carries."""

    pages: tuple[Page, ...]
    has_geometry: bool = False  # True when lines carry positions and fonts (PDF)
    # True when each Line is one line of a plain text file, a paragraph's wrapped lines following each other
    # and a blank Line between paragraphs; False when each Line of a page-less layout is a whole paragraph.
    plain_lines: bool = False
    file_metadata: dict = field(default_factory=dict, hash=False, compare=False)
