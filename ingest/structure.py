"""From a loaded file to a ParsedSource: cleaned text, sections, tables, quotes and chunks."""
from __future__ import annotations

from .block_model import StructureModel, load_model
from .blocks import build_blocks
from .chunk import prose_chunks, quote_chunks, sentence_chunks, table_chunks
from .contents import is_contents_entry, repeated_headings_as_contents
from .document import document_blocks, off_text_blocks
from .errors import IngestError
from .furniture import Furniture, find_furniture
from .integrity import check_source, with_notes
from .layout import Layout
from .load import RawDocument
from .quotes import report_quotes
from .readers.text import read_text
from .render import Piece, PlacedPiece, render
from .table_facts import build_table, render_rows
from .transcripts import is_transcript, parse_transcript
from .types import ParsedSource, Quote, Section, Source

# Raised whenever a change to reading or structure changes what is stored: the next ingest reads stored
# sources again (ingest.pipeline), whatever files it is given.
PARSER_VERSION = 13
MIN_PAGES_FOR_HEADINGS = 3
STATED_HEADING_WORDS = 8
PROSE = ("paragraph", "list_item", "footnote", "caption")  # the roles answers are built from


def parser_version() -> str:
    """What the manifest records as the parser that read its sources: this code's version and the model's file."""
    return f"{PARSER_VERSION}+{load_model().fingerprint}"


def parse(raw: RawDocument, source_id: str, chunk_size: int, model: StructureModel | None = None) -> ParsedSource:
    """An interview transcript by its turns (see ingest.transcripts); anything else as a report, its block
    roles decided by `model` (the packaged one by default; the cross-report evaluation passes its own)."""
    if is_transcript(raw):
        return parse_transcript(raw, source_id, chunk_size, as_report=parse_report)
    return parse_report(raw, source_id, chunk_size, model)


def parse_report(raw: RawDocument, source_id: str, chunk_size: int, model: StructureModel | None = None) -> ParsedSource:
    meta = raw.metadata
    layout = report_layout(raw)
    furniture = find_furniture(layout)
    model = model or load_model()
    pieces, figure_text, table_warnings = build_blocks(layout, furniture, model)
    text, placed = render(pieces, render_rows)
    if not text.strip():
        raise IngestError(f"{raw.path}: no text left after removing page headers and footers")
    source = Source(id=source_id, path=str(raw.path), sha256=raw.sha256, title=meta.get("title") or source_id,
                    publisher=meta.get("publisher") or "", year=meta.get("year"), kind=meta.get("kind") or "report",
                    text=text, pages=_page_starts(placed), page_labels=furniture.labels)
    placed = repeated_headings_as_contents(placed)
    sections = _sections(source, placed, by_level=layout.has_geometry or _styled(layout))
    section_of = _section_lookup(sections)
    roles = [_final_role(p, section_of) for p in placed]
    tables = [build_table(p.piece.table, source.id, section_of(p.start), source.page_at(p.start), p.start, p.end, p.spans)
              for p in placed if p.piece.role == "table"]
    paragraphs = [(p.start, p.end) for p, role in zip(placed, roles) if role in PROSE]
    findings = check_source(source, tables, paragraphs, section_of)
    tables = with_notes(tables, findings)  # a figure whose cell or column failed a check says so
    quotes = [Quote(source.id, text[q.start:q.end], q.speaker, section_of(q.start), q.start, q.end,
                    source.page_at(q.start), q.style) for q in report_quotes(text, placed, roles, model.quote_spans)]
    stated = [(p.start, p.end) for p in placed if p.piece.role == "heading" and _states_something(p.piece.text)]
    # A quote's sentences answer questions too ('The best is Sweden.'), and a paragraph the block model takes
    # for a quote keeps its sentences: before the block model, a plain-text report's quotes were found inside
    # its paragraphs and their sentences were chunks (the King's Fund held-out set fell 0.90 -> 0.89 without).
    said = [(p.start, p.end) for p, role in zip(placed, roles) if role == "quote"]
    chunks = (prose_chunks(source, sections, paragraphs, chunk_size, quotes) + quote_chunks(source, quotes)
              + table_chunks(source, tables) + sentence_chunks(source, sections, sorted(paragraphs + stated + said)))
    warnings = tuple(f"{raw.path}: {warning}" for warning in table_warnings) + (
        _unread_structure(raw, layout, placed, sections, quotes) if layout.has_geometry else ())
    return ParsedSource(source, tuple(sections), tuple(quotes), tuple(tables), tuple(chunks), warnings=warnings,
                        findings=findings, blocks=document_blocks(placed, roles),
                        furniture=off_text_blocks(_furniture_pieces(layout, furniture) + figure_text))


def report_layout(raw: RawDocument) -> Layout:
    """The file as its reader laid it out; plain text (and a transcript read as a report) by its lines."""
    return raw.layout or read_text(raw.pages, raw.metadata.get("title", ""))


def _final_role(placed: PlacedPiece, section_of) -> str:
    """A paragraph of the contents page is a contents entry (ingest.contents)."""
    role = placed.piece.role
    if role in ("paragraph", "list_item", "footnote") and is_contents_entry(placed.piece.text, section_of(placed.start)):
        return "contents"
    return role


def _furniture_pieces(layout: Layout, furniture: Furniture) -> list[Piece]:
    lines = [layout.pages[p].lines[k] for p, k in sorted(furniture.lines)]
    return [Piece("furniture", line.text, line.page, (line,), ((0, len(line.text)),)) for line in lines]


def _states_something(heading: str) -> bool:
    """A heading printed as a whole sentence ("Recommendation 8: Health Education England to work with ...
    to deliver a supply of analysts.") is also a sentence to answer from; a title is not."""
    return heading.rstrip().endswith(".") and len(heading.split()) >= STATED_HEADING_WORDS


def _unread_structure(raw: RawDocument, layout: Layout, placed: list[PlacedPiece], sections: list[Section],
                      quotes: list[Quote]) -> tuple[str, ...]:
    """One line per kind of structure seen in a printed layout but not read (tables' own warnings come from
    ingest.table_grids): a long report with no headings, a paragraph that opens and closes with quotation
    marks but was not read as a quote."""
    warnings = []
    if len(layout.pages) >= MIN_PAGES_FOR_HEADINGS and not any(s.heading for s in sections):
        warnings.append(f"{raw.path}: no headings found in {len(layout.pages)} pages; answers will cite "
                        "no section")
    for p in placed:
        text = p.piece.text
        stored = any(p.start <= q.start < p.end for q in quotes)
        if p.piece.role == "paragraph" and text[:1] in "“\"" and text.rstrip()[-1:] in "”\"" and len(text.split()) >= 5 \
                and not stored:
            opening = " ".join(text.strip("“”\"").split()[:8])
            warnings.append(f"{raw.path}: page {p.piece.page}: a paragraph in quotation marks was not read as a "
                            f"quote (it begins: {opening} ...)")
    return tuple(warnings)


def _styled(layout: Layout) -> bool:
    """A flowing layout that names its headings or tables; one that names none (a Word file typed all in
    'Normal') nests its sections by adjacency, as plain text does."""
    return any(line.style == "heading" for page in layout.pages for line in page.lines) \
        or any(page.grids for page in layout.pages)


def _page_starts(placed: list[PlacedPiece]) -> tuple[tuple[int, int], ...]:
    starts: list[tuple[int, int]] = []
    for p in placed:
        for offset, page in p.page_starts:
            if page is not None and (not starts or starts[-1][1] != page):
                starts.append((offset, page))
    return tuple(starts)


def _sections(source: Source, placed: list[PlacedPiece], by_level: bool) -> list[Section]:
    """A section per heading, nested under the nearest earlier heading of a higher level when the
    layout gives levels (by_level), else under a heading it follows straight after."""
    sections = _sections_by_level(source, placed) if by_level else _sections_by_adjacency(source, placed)
    if not sections or sections[0].start > 0:
        sections.insert(0, Section(source.id, "", (), 0, sections[0].start if sections else len(source.text)))
    return [Section(s.source, s.heading, s.path, s.start, nxt.start if nxt else len(source.text), s.page)
            for s, nxt in zip(sections, sections[1:] + [None])]


def _sections_by_level(source: Source, placed: list[PlacedPiece]) -> list[Section]:
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, heading) of the open sections
    for p in placed:
        if p.piece.role == "heading":
            stack = [(level, h) for level, h in stack if level < p.piece.level] + [(p.piece.level, p.piece.text)]
            sections.append(Section(source.id, p.piece.text, tuple(h for _, h in stack), p.start, p.end,
                                    source.page_at(p.start)))
    return sections


def _sections_by_adjacency(source: Source, placed: list[PlacedPiece]) -> list[Section]:
    sections: list[Section] = []
    parent = ""
    previous_was_heading = False
    for p in placed:
        if p.piece.role != "heading":
            previous_was_heading = False
            continue
        heading = p.piece.text
        if previous_was_heading and sections:
            parent = sections[-1].heading
        elif not previous_was_heading:
            parent = parent if p.piece.level > 1 and parent else ""
        path = (parent, heading) if parent else (heading,)
        sections.append(Section(source.id, heading, path, p.start, p.end, source.page_at(p.start)))
        previous_was_heading = True
    return sections


def _section_lookup(sections: list[Section]):
    def section_of(offset: int) -> str:
        for section in reversed(sections):
            if section.start <= offset:
                return " > ".join(section.path)
        return ""
    return section_of
