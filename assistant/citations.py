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

    def fork(self) -> "CitationBook":
        """A copy to write one candidate answer into; `take` keeps it when that answer is given."""
        copy = CitationBook(self.library)
        copy._order, copy._highlights = list(self._order), {k: list(v) for k, v in self._highlights.items()}
        return copy

    def take(self, fork: "CitationBook") -> None:
        self._order, self._highlights = fork._order, fork._highlights

    def citations(self) -> tuple[Citation, ...]:
        """Each cited chunk once; its page is where the words the answer takes from it are printed (a
        sentence on p.19 of a passage running over pp.18-19 is cited as p.19), else the chunk's."""
        out = []
        for n, chunk in enumerate(self._order, start=1):
            source = self.library.source(chunk.source)
            highlights = tuple(sorted(self._highlights[chunk.id]))
            page, label, pdf_page = chunk.page, chunk.page_label, chunk.page_pdf
            if highlights and source.pages:
                start, end = min(s for s, _ in highlights), max(e for _, e in highlights)
                printed = source.page_label(start, end)
                if printed:
                    page, label, pdf_page = source.page_at(start), printed, source.pdf_page_at(start)
            out.append(Citation(n=n, source=chunk.source, title=chunk.title, section=chunk.section, page=page,
                                kind=chunk.kind, text=chunk.text, start=chunk.start, end=chunk.end,
                                publisher=source.publisher, year=source.year, highlights=highlights,
                                page_label=label, page_pdf=pdf_page, speaker=chunk.speaker if chunk.kind == "quote" else ""))
        return tuple(out)
