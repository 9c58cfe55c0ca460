"""Link table percentages to the prose that states them, exactly or rounded ('only 35 per cent')."""
from __future__ import annotations

from dataclasses import dataclass

from ingest.integrity import relation
from ingest.textutil import sentence_spans
from ingest.types import Chunk, Figure

from .lexicon import PERCENT_VALUE
from .library import Library
from .terms import terms

MIN_SHARED_TERMS = 3


@dataclass(frozen=True)
class Mention:
    figure: Figure
    chunk: Chunk
    start: int
    end: int
    printed: str
    relation: str  # "exact" or "rounded"


def prose_mentions(library: Library, figures: tuple[Figure, ...]) -> list[Mention]:
    mentions = []
    for figure in figures:
        if figure.measure != "percentage":
            continue
        label = set(terms(figure.row))
        for chunk, start, end, sentence in _percent_sentences(library, figure.source):
            if len(label & set(terms(sentence))) < MIN_SHARED_TERMS:
                continue
            for match in PERCENT_VALUE.finditer(sentence):
                relation = _relation(figure.value, match.group(1))
                if relation:
                    mentions.append(Mention(figure, chunk, start, end, match.group(0), relation))
    return mentions


def _relation(printed_cell: str, stated: str) -> str:
    """'exact' or 'rounded' when the prose agrees with the cell (the rule ingest's integrity checks use), else ''."""
    agreed = relation(printed_cell, stated)
    return agreed if agreed in ("exact", "rounded") else ""


def _percent_sentences(library: Library, source: str) -> list[tuple[Chunk, int, int, str]]:
    """One source's prose sentences that state a percentage, found once per source."""
    cache = library.__dict__.setdefault("_percent_sentences", {})
    if source not in cache:
        found = []
        for chunk in library.chunks_of(source, "prose"):
            for start, end in sentence_spans(chunk.text, chunk.start):
                sentence = chunk.text[start - chunk.start:end - chunk.start]
                if PERCENT_VALUE.search(sentence):
                    found.append((chunk, start, end, sentence))
        cache[source] = found
    return cache[source]
