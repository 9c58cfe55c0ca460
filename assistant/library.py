"""Everything a question needs, loaded once per process: sources, chunks, tables, BM25, the model."""
from __future__ import annotations

import math
import re
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

import bm25s
import numpy as np

from ingest.embed import get_embedder
from ingest.errors import StoreError
from ingest.settings import Settings
from ingest.store import Store
from ingest.types import Block, Chunk, Figure, ParsedSource, Quote, Source, Table

from .rerank import get_reranker
from .terms import folded, terms

ACRONYM = re.compile(r"((?:[A-Za-z][a-z]+ ){1,6})\(([A-Z]{2,6})\)")
# Measured: 'NHS' is in 6% of the King's Fund report's sentences; the places and years asked of reports
# that do not cover them ('Scotland', 'Wales', '2040') are in at most 1.3% of any report's.
SUBJECT_SHARE = 0.05
MIN_SUBJECT_SENTENCES = 3  # in a report of a few sentences, one sentence's word is no subject
WORD = re.compile(r"[a-z]+(?:[’'-][a-z]+)*")


@dataclass
class Library:
    settings: Settings
    store: Store
    parsed: list[ParsedSource]
    chunks: list[Chunk]
    bm25: bm25s.BM25
    vocabulary: frozenset[str]
    load_seconds: float
    index_by_id: dict[str, int]
    idf: dict[str, float]
    vectors: np.ndarray  # the stored embedding of every chunk, in chunk order: a lexical-only hit still gets its similarity
    version: int = 0  # the store's version when it was opened (Store.version)

    @classmethod
    def open(cls, settings: Settings | None = None) -> "Library":
        started = time.perf_counter()
        settings = settings or Settings.from_env()
        store = Store(settings)
        version = store.version()  # read first: a change made while loading is then seen as one
        if not store.exists():
            raise StoreError(f"no store at {settings.home}; run 'citebrief ingest' first")
        parsed = store.load_all()
        chunks = [c for p in parsed for c in p.chunks]
        stored = store.vectors([c.id for c in chunks])
        missing = len(chunks) - len(stored)
        if missing:
            raise StoreError(f"the store at {settings.home} is missing {missing} chunks; "
                             "run 'citebrief ingest --rebuild'")
        tokenized = [terms(f"{c.section} {c.text}") for c in chunks]
        bm25 = bm25s.BM25()
        bm25.index(tokenized, show_progress=False)
        # A quote's speaker is printed beside it ('Jane Wheeler, Director of Local Care'), and a table's headings
        # over its columns ('Site' over the row labels 'A', 'B', 'C'): words the library has.
        headings = (column for p in parsed for t in p.tables for column in t.columns)
        vocabulary = (frozenset(t for doc in tokenized for t in doc) | frozenset(t for c in chunks for t in terms(c.speaker))
                      | frozenset(t for column in headings for t in terms(column)))
        get_embedder(settings.model).for_queries()
        if settings.reranker:  # loaded now, so a bad name fails before the first question
            get_reranker(settings.reranker)
        document_counts = Counter(t for doc in tokenized for t in set(doc))
        idf = {t: math.log(1 + len(chunks) / n) for t, n in document_counts.items()}
        vectors = np.array([stored[c.id] for c in chunks], dtype=np.float32).reshape(len(chunks), -1)
        return cls(settings, store, parsed, chunks, bm25, vocabulary, time.perf_counter() - started,
                   {c.id: i for i, c in enumerate(chunks)}, idf, vectors, version)

    def changed(self) -> bool:
        """Whether an ingest has written the store since this library was opened (one stat call)."""
        return self.store.version() != self.version

    @property
    def embedder(self):
        return get_embedder(self.settings.model)

    def embed_query(self, text: str) -> np.ndarray:
        """The question's embedding; the last few are kept, as one question may be embedded by several steps."""
        return _embedded(self.embedder, text)

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """Acronyms the sources define, 'chief executive officer (CEO)' -> {'ceo': 'chief executive officer'}."""
        found = {}
        for parsed in self.parsed:
            for match in ACRONYM.finditer(parsed.source.text):
                words, short = match.group(1).split(), match.group(2)
                long_form = words[-len(short):]
                if len(long_form) == len(short) and all(w[0].lower() == c.lower() for w, c in zip(long_form, short)):
                    found[short.lower()] = " ".join(long_form).lower()
        return found

    @cached_property
    def word_counts(self) -> Counter:
        """Every word of the sources, folded (assistant.terms), and how often it occurs: what a misspelling is read against."""
        return Counter(w for p in self.parsed for w in WORD.findall(folded(p.source.text)))

    @cached_property
    def subjects(self) -> dict[str, frozenset[str]]:
        """Each source's terms found in at least SUBJECT_SHARE of its sentences: what the whole report is
        about ('nhs' in a report on NHS leaders), said of any passage of it."""
        counts: dict[str, Counter] = {}
        sizes: Counter = Counter()
        for chunk in self.chunks:
            if chunk.kind == "sentence":
                sizes[chunk.source] += 1
                counts.setdefault(chunk.source, Counter()).update(set(terms(f"{chunk.section} {chunk.text}")))
        return {s: frozenset(t for t, n in c.items() if n >= max(SUBJECT_SHARE * sizes[s], MIN_SUBJECT_SENTENCES))
                for s, c in counts.items()}

    @cached_property
    def title_terms(self) -> dict[str, frozenset[str]]:
        """Each source's title and publisher terms, by source id: what a follow-up naming a report names ('the
        engagement report', 'the Transformation Partners report')."""
        return {p.source.id: frozenset(terms(f"{p.source.title} {p.source.publisher}")) for p in self.parsed}

    def source(self, source_id: str) -> Source:
        return next(p.source for p in self.parsed if p.source.id == source_id)

    def blocks_from(self, source_id: str, at: int) -> list[Block]:
        """The source's blocks in its text (ingest's document model), in reading order, from the first
        starting at or after offset `at`."""
        blocks, starts = self._text_blocks[source_id]
        return blocks[bisect_left(starts, at):]

    def block_at(self, source_id: str, at: int) -> Block | None:
        """The block of the source's text holding offset `at`, if any."""
        blocks, starts = self._text_blocks[source_id]
        before = bisect_left(starts, at + 1) - 1
        return blocks[before] if before >= 0 and blocks[before].end > at else None

    def block_before(self, source_id: str, block: Block) -> Block | None:
        """The block of the source's text just before `block`, if any."""
        blocks, starts = self._text_blocks[source_id]
        before = bisect_left(starts, block.start) - 1
        return blocks[before] if before >= 0 else None

    @cached_property
    def _text_blocks(self) -> dict[str, tuple[list[Block], list[int]]]:
        """Each source's blocks in its text, by start, with their starts (searched on every question)."""
        ordered = {p.source.id: sorted((b for b in p.blocks if b.start >= 0), key=lambda b: b.start) for p in self.parsed}
        return {source: (blocks, [b.start for b in blocks]) for source, blocks in ordered.items()}

    # Indexes built once, so that a question's work does not grow with the number of reports.
    @cached_property
    def tables(self) -> list[Table]:
        return [t for p in self.parsed for t in p.tables]

    @cached_property
    def quotes(self) -> list[Quote]:
        return [q for p in self.parsed for q in p.quotes]

    @cached_property
    def speakers(self) -> frozenset[str]:
        """Every quote's speaker role, once."""
        return frozenset(q.speaker for q in self.quotes)

    def figures_at(self, chunk: Chunk) -> list[Figure]:
        """The figures printed on the table row line a chunk starts at."""
        return self._figures_by_line.get((chunk.source, chunk.start), [])

    @cached_property
    def _figures_by_line(self) -> dict[tuple[str, int], list[Figure]]:
        lines: dict[tuple[str, int], list[Figure]] = {}
        for table in self.tables:
            for figure in table.figures:
                lines.setdefault((table.source, figure.start), []).append(figure)
        return lines

    def chunks_of(self, source: str, kind: str) -> list[Chunk]:
        """One source's chunks of a kind, in reading order: where to look for a passage, a row's chunk,
        or a list's items without scanning every report."""
        return self._chunks_by_source_kind.get((source, kind), [])

    @cached_property
    def _chunks_by_source_kind(self) -> dict[tuple[str, str], list[Chunk]]:
        grouped: dict[tuple[str, str], list[Chunk]] = {}
        for chunk in self.chunks:
            grouped.setdefault((chunk.source, chunk.kind), []).append(chunk)
        return grouped

    def allowed(self, kinds: tuple[str, ...] = (), source: str = "") -> np.ndarray:
        """A mask over self.chunks of those of the kinds (any, when none) from the source (any, when "")."""
        key = (tuple(kinds), source)
        mask = self._masks.get(key)
        if mask is None:
            mask = np.ones(len(self.chunks), dtype=bool)
            if kinds:
                mask &= np.isin(self._chunk_kinds, list(kinds))
            if source:
                mask &= self._chunk_sources == source
            self._masks[key] = mask
        return mask

    @cached_property
    def _masks(self) -> dict[tuple[tuple[str, ...], str], np.ndarray]:
        return {}

    @cached_property
    def _chunk_kinds(self) -> np.ndarray:
        return np.array([c.kind for c in self.chunks])

    @cached_property
    def _chunk_sources(self) -> np.ndarray:
        return np.array([c.source for c in self.chunks])

    @cached_property
    def vector_norms(self) -> np.ndarray:
        norms = np.linalg.norm(self.vectors, axis=1)
        return np.where(norms > 0, norms, 1.0)


@lru_cache(maxsize=32)
def _embedded(embedder, text: str) -> np.ndarray:
    vector = embedder.embed_query(text)
    vector.setflags(write=False)  # shared by every caller asking the same text
    return vector
