"""From a loaded file to a ParsedSource: cleaned text, sections, tables, quotes and chunks."""
from __future__ import annotations

from .chunk import prose_chunks, quote_chunks, sentence_chunks, table_chunks
from .clean import clean_lines
from .contents import is_contents_entry
from .errors import IngestError
from .furniture import find_furniture
from .integrity import check_source, with_notes
from .flow_blocks import flow_blocks
from .layout_blocks import layout_blocks
from .text_blocks import Block, PlacedBlock, build_blocks, render
from .load import RawDocument
from .quotes import DEFAULT_SPEAKER, find_quotes, introduced_role
from .table_facts import build_table, render_rows
from .transcripts import is_transcript, parse_transcript
from .types import ParsedSource, Quote, Section, Source

MIN_PAGES_FOR_HEADINGS = 3
STATED_HEADING_WORDS = 8


def parse(raw: RawDocument, source_id: str, chunk_size: int) -> ParsedSource:
    """An interview transcript by its turns (see ingest.transcripts); anything else as a report."""
    if is_transcript(raw):
        return parse_transcript(raw, source_id, chunk_size, as_report=parse_report)
    return parse_report(raw, source_id, chunk_size)


def parse_report(raw: RawDocument, source_id: str, chunk_size: int) -> ParsedSource:
    meta = raw.metadata
    blocks, labels, table_warnings = _blocks(raw)
    text, placed = render(blocks, render_rows)
    if not text.strip():
        raise IngestError(f"{raw.path}: no text left after removing page headers and footers")
    source = Source(id=source_id, path=str(raw.path), sha256=raw.sha256, title=meta.get("title") or source_id,
                    publisher=meta.get("publisher") or "", year=meta.get("year"), kind=meta.get("kind") or "report",
                    text=text, pages=_page_starts(placed), page_labels=labels)
    sections = _sections(source, placed, by_level=_laid_out(raw) or _styled(raw))
    section_of = _section_lookup(sections)
    tables = [build_table(p.block.table, source.id, section_of(p.start), source.page_at(p.start), p.start, p.end, p.row_spans)
              for p in placed if p.block.kind == "table"]
    paragraphs = [(p.start, p.end) for p in placed if p.block.kind in ("paragraph", "item", "note")
                  and not is_contents_entry(p.block.text, section_of(p.start))]
    findings = check_source(source, tables, paragraphs, section_of)
    tables = with_notes(tables, findings)  # a figure whose cell or column failed a check says so
    quotes = sorted([Quote(source.id, text[q.start:q.end], q.speaker, section_of(q.start), q.start, q.end,
                           source.page_at(q.start), q.style) for q in find_quotes(text, paragraphs, blocks=not _laid_out(raw))]
                    + _block_quotes(source, placed, section_of), key=lambda q: q.start)
    stated = [(p.start, p.end) for p in placed if p.block.kind == "heading" and _states_something(p.block.text)]
    chunks = (prose_chunks(source, sections, paragraphs, chunk_size, quotes) + quote_chunks(source, quotes)
              + table_chunks(source, tables) + sentence_chunks(source, sections, sorted(paragraphs + stated)))
    warnings = tuple(f"{raw.path}: {warning}" for warning in table_warnings) + (
        _unread_structure(raw, placed, sections) if _laid_out(raw) else ())
    return ParsedSource(source, tuple(sections), tuple(quotes), tuple(tables), tuple(chunks), warnings=warnings,
                        findings=findings)


def _states_something(heading: str) -> bool:
    """A heading printed as a whole sentence ("Recommendation 8: Health Education England to work with ...
    to deliver a supply of analysts.") is also a sentence to answer from; a title is not."""
    return heading.rstrip().endswith(".") and len(heading.split()) >= STATED_HEADING_WORDS


def _unread_structure(raw: RawDocument, placed: list[PlacedBlock], sections: list[Section]) -> tuple[str, ...]:
    """One line per kind of structure seen in a printed layout but not read (tables' own warnings come from
    ingest.table_grids): a long report with no headings, a paragraph that opens and closes with quotation
    marks but was not read as a quote."""
    warnings = []
    if len(raw.layout.pages) >= MIN_PAGES_FOR_HEADINGS and not any(s.heading for s in sections):
        warnings.append(f"{raw.path}: no headings found in {len(raw.layout.pages)} pages; answers will cite "
                        "no section")
    for p in placed:
        text = p.block.text
        if p.block.kind == "paragraph" and text[:1] in "“\"" and text.rstrip()[-1:] in "”\"" and len(text.split()) >= 5:
            opening = " ".join(text.strip("“”\"").split()[:8])
            warnings.append(f"{raw.path}: page {p.block.page}: a paragraph in quotation marks was not read as a "
                            f"quote (it begins: {opening} ...)")
    return tuple(warnings)


def _blocks(raw: RawDocument) -> tuple[list[Block], tuple[str, ...], list[str]]:
    """Blocks from the printed layout where the reader gives one (PDF), else from the text's lines;
    with each page's printed label and the table warnings met."""
    if _laid_out(raw):
        furniture = find_furniture(raw.layout)
        blocks, warnings = layout_blocks(raw.layout, furniture)
        return blocks, furniture.labels, warnings
    if _styled(raw):  # Word, HTML: the format names each line's style
        blocks, warnings = flow_blocks(raw.layout)
        return blocks, (), warnings
    return build_blocks(clean_lines(raw.pages, raw.metadata.get("title", ""))), (), []


def _styled(raw: RawDocument) -> bool:
    """A flowing layout that names its headings or tables; one that names none (a Word file typed all in
    'Normal') is read by its text's shape instead."""
    return raw.layout is not None and any(line.style == "heading" for page in raw.layout.pages for line in page.lines) \
        or raw.layout is not None and any(page.grids for page in raw.layout.pages)


def _laid_out(raw: RawDocument) -> bool:
    return raw.layout is not None and raw.layout.has_geometry


def _block_quotes(source: Source, placed: list[PlacedBlock], section_of) -> list[Quote]:
    """Quotes the layout set apart as blocks; an unattributed one is credited to the role its
    introducing sentence names ("as one participant explained:"), or shares the speaker of the
    unattributed quote it follows, else is credited to a respondent."""
    quotes: list[Quote] = []
    for k, p in enumerate(placed):
        if p.block.kind != "quote":
            continue
        text = source.text[p.start:p.end]
        start, end = _inside_marks(text, p.start, p.end)
        after_quote = k and placed[k - 1].block.kind == "quote" and quotes and not placed[k - 1].block.speaker
        speaker = p.block.speaker or (quotes[-1].speaker if after_quote else
                                      introduced_role(source.text[placed[k - 1].start:placed[k - 1].end]) if k else "")
        quotes.append(Quote(source.id, source.text[start:end], speaker or DEFAULT_SPEAKER, section_of(start), start, end,
                            source.page_at(start), "block"))
    return quotes


def _inside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The quote's words without the quotation marks that open and close it."""
    if text[:1] in "“‘\"'" and text.rstrip()[-1:] in "”’\"'":
        return start + 1, start + len(text.rstrip()) - 1
    return start, end


def _page_starts(placed: list[PlacedBlock]) -> tuple[tuple[int, int], ...]:
    starts: list[tuple[int, int]] = []
    for p in placed:
        breaks = ((0, p.block.page),) + p.block.page_breaks
        for offset, page in breaks:
            if page is not None and (not starts or starts[-1][1] != page):
                starts.append((p.start + offset, page))
    return tuple(starts)


def _sections(source: Source, placed: list[PlacedBlock], by_level: bool) -> list[Section]:
    """A section per heading, nested under the nearest earlier heading of a higher level when the
    layout gives levels (by_level), else under a heading it follows straight after."""
    sections = _sections_by_level(source, placed) if by_level else _sections_by_adjacency(source, placed)
    if not sections or sections[0].start > 0:
        sections.insert(0, Section(source.id, "", (), 0, sections[0].start if sections else len(source.text)))
    return [Section(s.source, s.heading, s.path, s.start, nxt.start if nxt else len(source.text), s.page)
            for s, nxt in zip(sections, sections[1:] + [None])]


def _sections_by_level(source: Source, placed: list[PlacedBlock]) -> list[Section]:
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, heading) of the open sections
    for p in placed:
        if p.block.kind == "heading":
            stack = [(level, h) for level, h in stack if level < p.block.level] + [(p.block.level, p.block.text)]
            sections.append(Section(source.id, p.block.text, tuple(h for _, h in stack), p.start, p.end,
                                    source.page_at(p.start)))
    return sections


def _sections_by_adjacency(source: Source, placed: list[PlacedBlock]) -> list[Section]:
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
    return sections


def _section_lookup(sections: list[Section]):
    def section_of(offset: int) -> str:
        for section in reversed(sections):
            if section.start <= offset:
                return " > ".join(section.path)
        return ""
    return section_of
