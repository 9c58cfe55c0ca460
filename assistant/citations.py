"""Numbering of cited passages: each chunk is cited once, in order of first use."""
from __future__ import annotations

from ingest.types import Chunk

from .library import Library
from .types import Citation


class CitationBook:
    def __init__(self, library: Library):
        self.library = library
        self._order: list[Chunk] = []
        self._highlights: dict[str, list[tuple[int, int]]] = {}

    def cite(self, chunk: Chunk, highlight: tuple[int, int] | None = None) -> int:
        if chunk.id not in self._highlights:
            self._order.append(chunk)
            self._highlights[chunk.id] = []
        if highlight and highlight not in self._highlights[chunk.id]:
            self._highlights[chunk.id].append(highlight)
        return self._order.index(chunk) + 1

    def citations(self) -> tuple[Citation, ...]:
        out = []
        for n, chunk in enumerate(self._order, start=1):
            source = self.library.source(chunk.source)
            out.append(Citation(n=n, source=chunk.source, title=chunk.title, section=chunk.section, page=chunk.page,
                                kind=chunk.kind, text=chunk.text, start=chunk.start, end=chunk.end,
                                publisher=source.publisher, year=source.year,
                                highlights=tuple(sorted(self._highlights[chunk.id])),
                                page_label=chunk.page_label, page_pdf=chunk.page_pdf))
        return tuple(out)
