"""The artifacts that cross from ingestion to the store and the assistant, defined once."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """One ingested file: its identity, bibliographic metadata and cleaned text."""

    id: str
    path: str
    sha256: str
    title: str
    publisher: str = ""
    year: int | None = None
    kind: str = "report"
    text: str = ""
    # (start offset, PDF page index) for each page, in order; empty when the file has no pages.
    pages: tuple[tuple[int, int], ...] = ()
    # An interview transcript's header lines as (key, value): date, interviewee role, organisation type...
    details: tuple[tuple[str, str], ...] = ()
    # The printed page label of each PDF page (index - 1), "" where none is printed; () when not known.
    page_labels: tuple[str, ...] = ()
    # Who wrote it and when, as the document (or NAME.meta.json, or the user on the page) says; "" when unknown.
    author: str = ""
    date: str = ""

    def pdf_page_at(self, offset: int) -> int | None:
        """The PDF page index (1-based) holding this offset of the cleaned text, or None for page-less sources."""
        page = None
        for start, number in self.pages:
            if start > offset:
                break
            page = number
        return page

    def label_of(self, pdf_page: int | None) -> str:
        """The page's printed label; the PDF index itself for sources stored before labels were read."""
        if pdf_page is None:
            return ""
        if not self.page_labels:
            return str(pdf_page)
        return self.page_labels[pdf_page - 1] if pdf_page <= len(self.page_labels) else ""

    def page_at(self, offset: int) -> int | None:
        """The printed page number at this offset (None where the page prints none, or no pages)."""
        label = self.label_of(self.pdf_page_at(offset))
        return int(label) if label.isdigit() else None

    def page_label(self, start: int, end: int) -> str:
        """The printed page label of a span, "12–13" when it runs over a page break; "" when unknown."""
        # the pages met in the span; a footnote of an earlier page may follow a paragraph's continuation
        met = [self.pdf_page_at(start)] + [page for at, page in self.pages if start < at < end]
        first, last = (min(met), max(met)) if None not in met else (met[0], met[-1])
        labels = [self.label_of(first), self.label_of(last)]
        if first == last or not (labels[0] and labels[1]):  # from or onto an unnumbered page: where it starts
            return labels[0]
        return f"{labels[0]}–{labels[1]}"


@dataclass(frozen=True)
class Section:
    source: str
    heading: str
    path: tuple[str, ...]
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class Quote:
    """A verbatim interview or free-text quote, with who said it as the report (or transcript) gives it."""

    source: str
    text: str
    speaker: str
    section: str
    start: int
    end: int
    page: int | None = None
    style: str = "inline"  # "inline" (‘…’ in a sentence), "block" (a paragraph of its own) or "turn"
    # A transcript turn's number (interviewer turns counted), its hh:mm:ss and its speaker label as written.
    turn: int | None = None
    timestamp: str = ""
    label: str = ""


@dataclass(frozen=True)
class Figure:
    """One printed cell of a table, with everything needed to state it exactly."""

    source: str
    table: str
    row: str
    group: str
    measure: str  # "number" or "percentage"
    value: str  # exactly as printed
    base: str
    rank: int | None = None
    start: int = 0  # offsets of the table row line in the cleaned text
    end: int = 0
    notes: tuple[str, ...] = ()
    # The rows' group the figure's row belongs to: the group row printed above it ("Location of
    # respondents") or its label's lead ("Ethnicity" in "Ethnicity: White"); '' when the table has none.
    block: str = ""
    # The value column's heading as printed, a heading spanning it included ("Projected supply in 2030 – WTEs");
    # the measure heading of a ranked table; '' for a row printed with fewer cells than the table has columns.
    column: str = ""


@dataclass(frozen=True)
class Table:
    source: str
    id: str
    caption: str
    layout: str  # "grid" or "ranked"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    groups: tuple[tuple[str, int | None], ...]
    base: str
    section: str
    start: int
    end: int
    page: int | None = None
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A retrievable unit; its text is exactly source.text[start:end]."""

    id: str
    source: str
    title: str
    section: str
    kind: str  # "prose", "sentence", "quote", "table_row", "instruction" (a sentence telling its reader what to answer)
    text: str
    start: int
    end: int
    page: int | None = None
    speaker: str = ""
    table: str = ""
    page_label: str = ""  # as printed, "12–13" over a page break
    page_pdf: int | None = None  # the PDF page index (1-based) where the chunk starts


@dataclass(frozen=True)
class Passage:
    """A span of a source's cleaned text that a finding rests on; text is exactly text[start:end]."""

    source: str
    section: str
    start: int
    end: int
    text: str
    page: int | None = None


@dataclass(frozen=True)
class Finding:
    """One result of the integrity checks: a table that does not add up, or a prose number linked to its cell.

    verdict is "inconsistent" for a failed check; a prose number that matches its cell is "exact" or "rounded".
    An empty group, row or measure means the finding covers every one of them in its tables.
    """

    source: str
    check: str  # percentage, base, row_total, average, answered_skipped, group_sizes, group_share, prose
    verdict: str
    tables: tuple[str, ...]
    group: str
    row: str
    measure: str
    printed: str
    recomputed: str
    message: str
    passages: tuple[Passage, ...] = ()


# The closed vocabulary of block roles (after docling-core's DocItemLabel). "furniture" (running headers,
# footers, page numbers) and "figure_text" (words printed in a chart) are kept off the text, in their own layer.
ROLES = ("title", "heading", "paragraph", "list_item", "quote", "attribution", "caption", "table", "footnote",
         "contents", "furniture", "figure_text")
OFF_TEXT = ("furniture", "figure_text")


@dataclass(frozen=True)
class LineBox:
    """One printed line of a block: its box on its page (PDF points from the top-left corner) and its span
    [start, end) in Source.text (-1, -1 for a line off the text: furniture)."""

    page: int | None
    x0: float
    top: float
    x1: float
    bottom: float
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """One block of the document model: its role, where it is in Source.text (text[start:end]) and on the page.

    `parent` is the index (in ParsedSource.blocks) of the block it belongs to: a heading's enclosing
    heading, a paragraph's section heading, a list item's lead-in (or section), a quote's introduction
    (or section), an attribution's quote, a caption's table. `label` is what the block is numbered or
    marked with, cut from its text ("61.", "•", a footnote's "3"); `links` are the footnote numbers its
    words point to. Blocks off the text (OFF_TEXT roles) carry their words in `text` and no span (-1, -1).
    """

    role: str
    start: int
    end: int
    page: int | None = None
    box: tuple[float, ...] = ()  # (x0, top, x1, bottom) on `page`; () where the format has no geometry
    level: int = 0  # a heading's level (1 = top), a list item's nesting
    parent: int | None = None
    label: str = ""
    links: tuple[str, ...] = ()
    lines: tuple[LineBox, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class ParsedSource:
    """Everything ingestion learned about one source."""

    source: Source
    sections: tuple[Section, ...] = ()
    quotes: tuple[Quote, ...] = ()
    tables: tuple[Table, ...] = ()
    chunks: tuple[Chunk, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    findings: tuple[Finding, ...] = ()
    # The document model: the blocks of Source.text in reading order, and the layer off the text.
    blocks: tuple[Block, ...] = ()
    furniture: tuple[Block, ...] = ()


def to_dict(artifact: Any) -> dict:
    return dataclasses.asdict(artifact)


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def parsed_from_dict(data: dict) -> ParsedSource:
    """Rebuild a ParsedSource from its JSON form (lists back to tuples)."""
    source = Source(**{k: _tuples(v) for k, v in data["source"].items()})
    tables = tuple(
        Table(**{**{k: _tuples(v) for k, v in t.items() if k != "figures"},
                 "figures": tuple(Figure(**{k: _tuples(v) for k, v in f.items()}) for f in t["figures"])})
        for t in data["tables"]
    )
    return ParsedSource(
        source=source,
        sections=tuple(Section(**{k: _tuples(v) for k, v in s.items()}) for s in data["sections"]),
        quotes=tuple(Quote(**q) for q in data["quotes"]),
        tables=tables,
        chunks=tuple(Chunk(**c) for c in data["chunks"]),
        warnings=tuple(data.get("warnings", ())),
        findings=tuple(_finding(f) for f in data.get("findings", ())),
        blocks=tuple(_block(b) for b in data.get("blocks", ())),
        furniture=tuple(_block(b) for b in data.get("furniture", ())),
    )


def _block(data: dict) -> Block:
    lines = tuple(LineBox(**line) for line in data.get("lines", ()))
    return Block(**{**{k: _tuples(v) for k, v in data.items() if k != "lines"}, "lines": lines})


def _finding(data: dict) -> Finding:
    passages = tuple(Passage(**p) for p in data["passages"])
    return Finding(**{**{k: _tuples(v) for k, v in data.items() if k != "passages"}, "passages": passages})
