"""Cut a source into retrievable chunks whose offsets slice their text back out exactly."""
from __future__ import annotations

import hashlib
from typing import Sequence

from .instructions import is_instruction
from .textutil import sentence_spans
from .types import Chunk, Quote, Section, Source, Table


def chunk_id(source: str, kind: str, start: int, end: int, text: str) -> str:
    """Content hash: the same text at the same place gets the same id on every ingest."""
    return hashlib.sha256(f"{source}\x00{kind}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()[:24]


def make_chunk(source: Source, section: str, kind: str, start: int, end: int, **extra) -> Chunk:
    text = source.text[start:end]
    return Chunk(id=chunk_id(source.id, kind, start, end, text), source=source.id, title=source.title,
                 section=section, kind=kind, text=text, start=start, end=end,
                 page=source.page_at(start), page_label=source.page_label(start, end),
                 page_pdf=source.pdf_page_at(start), **extra)


def prose_chunks(source: Source, sections: list[Section], paragraphs: list[tuple[int, int]],
                 size: int, quotes: Sequence[Quote] = ()) -> list[Chunk]:
    """Paragraphs packed up to `size` characters within a section; longer ones split at sentences.

    A section's first chunk starts at its heading, so the heading's words are searchable. A passage
    that is exactly one of the quotes (a block quote packed alone) is left to its quote chunk: the
    same text stored twice would tie with itself in every search.
    """
    quoted = {(q.start, q.end) for q in quotes}
    chunks = []
    for section in sections:
        spans = _pieces([p for p in paragraphs if section.start <= p[0] < section.end], source.text, size)
        for k, (start, end) in enumerate(_pack(spans, size)):
            chunk_start = section.start if k == 0 and section.heading else start
            if (chunk_start, end) not in quoted:
                chunks.append(make_chunk(source, " > ".join(section.path), "prose", chunk_start, end))
    return chunks


def _pieces(paragraphs: list[tuple[int, int]], text: str, size: int) -> list[tuple[int, int]]:
    pieces = []
    for start, end in paragraphs:
        if end - start <= size:
            pieces.append((start, end))
        else:
            pieces.extend(_pack(sentence_spans(text[start:end], start), size))
    return pieces


def _pack(spans: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    packed: list[tuple[int, int]] = []
    for start, end in spans:
        if packed and end - packed[-1][0] <= size:
            packed[-1] = (packed[-1][0], end)
        else:
            packed.append((start, end))
    return packed


def sentence_chunks(source: Source, sections: list[Section], paragraphs: list[tuple[int, int]]) -> list[Chunk]:
    """One chunk per prose sentence of four words or more: how closely a question matches the
    best single sentence tells a covered question from an uncovered one better than passages do.
    A sentence telling its reader what to answer (ingest.instructions) is kind "instruction": no answer."""
    chunks = []
    for section in sections:
        label = " > ".join(section.path)
        for start, end in (p for p in paragraphs if section.start <= p[0] < section.end):
            for s, e in sentence_spans(source.text[start:end], start):
                if len(source.text[s:e].split()) >= 4:
                    kind = "instruction" if is_instruction(source.text[s:e]) else "sentence"
                    chunks.append(make_chunk(source, label, kind, s, e))
    return chunks


def quote_chunks(source: Source, quotes: list[Quote]) -> list[Chunk]:
    return [make_chunk(source, q.section, "quote", q.start, q.end, speaker=q.speaker) for q in quotes]


def table_chunks(source: Source, tables: list[Table]) -> list[Chunk]:
    """One chunk per rendered row line (the first line of a table is its caption)."""
    chunks = []
    for table in tables:
        spans = sorted({(f.start, f.end) for f in table.figures})
        chunks.extend(make_chunk(source, table.section, "table_row", s, e, table=table.id) for s, e in spans)
    return chunks
