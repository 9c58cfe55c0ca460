"""From a loaded file to a ParsedSource: cleaned text, sections, tables, quotes and chunks."""
from __future__ import annotations

from .chunk import prose_chunks, quote_chunks, sentence_chunks, table_chunks
from .clean import clean_lines
from .errors import IngestError
from .integrity import check_source, with_notes
from .layout import PlacedBlock, build_blocks, render
from .load import RawDocument
from .quotes import find_quotes
from .table_facts import build_table, render_rows
from .transcripts import is_transcript, parse_transcript
from .types import ParsedSource, Quote, Section, Source


def parse(raw: RawDocument, source_id: str, chunk_size: int) -> ParsedSource:
    """An interview transcript by its turns (see ingest.transcripts); anything else as a report."""
    if is_transcript(raw):
        return parse_transcript(raw, source_id, chunk_size, as_report=parse_report)
    return parse_report(raw, source_id, chunk_size)


def parse_report(raw: RawDocument, source_id: str, chunk_size: int) -> ParsedSource:
    meta = raw.metadata
    lines = clean_lines(raw.pages, meta.get("title", ""))
    text, placed = render(build_blocks(lines), render_rows)
    if not text.strip():
        raise IngestError(f"{raw.path}: no text left after removing page headers and footers")
    source = Source(id=source_id, path=str(raw.path), sha256=raw.sha256, title=meta.get("title") or source_id,
                    publisher=meta.get("publisher") or "", year=meta.get("year"), kind=meta.get("kind") or "report",
                    text=text, pages=_page_starts(placed))
    sections = _sections(source, placed)
    section_of = _section_lookup(sections)
    tables = [build_table(p.block.table, source.id, section_of(p.start), source.page_at(p.start), p.start, p.end, p.row_spans)
              for p in placed if p.block.kind == "table"]
    paragraphs = [(p.start, p.end) for p in placed if p.block.kind in ("paragraph", "item")]
    findings = check_source(source, tables, paragraphs, section_of)
    tables = with_notes(tables, findings)  # a figure whose cell or column failed a check says so
    quotes = [Quote(source.id, text[q.start:q.end], q.speaker, section_of(q.start), q.start, q.end,
                    source.page_at(q.start), q.style) for q in find_quotes(text, paragraphs)]
    chunks = (prose_chunks(source, sections, paragraphs, chunk_size, quotes) + quote_chunks(source, quotes)
              + table_chunks(source, tables) + sentence_chunks(source, sections, paragraphs))
    return ParsedSource(source, tuple(sections), tuple(quotes), tuple(tables), tuple(chunks), findings=findings)


def _page_starts(placed: list[PlacedBlock]) -> tuple[tuple[int, int], ...]:
    starts: list[tuple[int, int]] = []
    for p in placed:
        if p.block.page is not None and (not starts or starts[-1][1] != p.block.page):
            starts.append((p.start, p.block.page))
    return tuple(starts)


def _sections(source: Source, placed: list[PlacedBlock]) -> list[Section]:
    """A section per heading; a heading straight after another heading is nested under it."""
    sections: list[Section] = []
    parent = ""
    previous_was_heading = False
    for p in placed:
        if p.block.kind != "heading":
            previous_was_heading = False
            continue
        heading = p.block.text
        if previous_was_heading and sections:
            parent = sections[-1].heading
        elif not previous_was_heading:
            parent = parent if p.block.level > 1 and parent else ""
        path = (parent, heading) if parent else (heading,)
        sections.append(Section(source.id, heading, path, p.start, p.end, source.page_at(p.start)))
        previous_was_heading = True
    if not sections or sections[0].start > 0:
        sections.insert(0, Section(source.id, "", (), 0, sections[0].start if sections else len(source.text)))
    return [Section(s.source, s.heading, s.path, s.start, nxt.start if nxt else len(source.text), s.page)
            for s, nxt in zip(sections, sections[1:] + [None])]


def _section_lookup(sections: list[Section]):
    def section_of(offset: int) -> str:
        for section in reversed(sections):
            if section.start <= offset:
                return " > ".join(section.path)
        return ""
    return section_of
