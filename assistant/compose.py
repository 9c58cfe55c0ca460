"""Extractive composition: pick the passages' sentences that answer the question, each cited."""
from __future__ import annotations

from ingest.textutil import sentence_spans

from .citations import CitationBook
from .library import Library
from .terms import terms
from .types import Hit

MAX_SENTENCES = 3
MIN_SENTENCE_SCORE = 0.2


def relevance(library: Library, question_terms: set[str], text: str) -> float:
    """Share of the question's (idf-weighted) terms that the text contains."""
    if not question_terms:
        return 0.0
    total = sum(library.idf.get(t, 1.0) for t in question_terms)
    shared = question_terms & set(terms(text))
    return sum(library.idf.get(t, 1.0) for t in shared) / total


def best_sentences(library: Library, question: str, hits: list[Hit]) -> list[tuple[Hit, tuple[int, int], float]]:
    """Up to three (hit, sentence span, score), best first; spans are source offsets."""
    asked = set(terms(question))
    scored = []
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        for start, end in sentence_spans(chunk.text, chunk.start):
            sentence = chunk.text[start - chunk.start:end - chunk.start]
            if len(sentence.split()) < 4 or _is_heading_only(sentence):
                continue
            score = relevance(library, asked, sentence) + 0.3 * hit.dense + 0.05 / (1 + rank)
            scored.append((hit, (start, end), score))
    scored.sort(key=lambda item: item[2], reverse=True)
    chosen, seen = [], set()
    for hit, span, score in scored:
        text = library.source(hit.chunk.source).text[span[0]:span[1]]
        if text in seen or (chosen and score < MIN_SENTENCE_SCORE + 0.3 * hits[0].dense * 0.5):
            continue
        seen.add(text)
        chosen.append((hit, span, score))
        if len(chosen) == MAX_SENTENCES:
            break
    return chosen


def _is_heading_only(sentence: str) -> bool:
    return "\n" in sentence and len(sentence.split("\n\n")[0].split()) <= 10 and sentence.count(".") == 0


def compose(library: Library, question: str, hits: list[Hit], book: CitationBook) -> str:
    """The chosen sentences, in reading order, each followed by its citation marker."""
    chosen = best_sentences(library, question, hits)
    chosen.sort(key=lambda item: (item[0].chunk.source, item[1][0]))
    parts = []
    for hit, (start, end), _ in chosen:
        text = library.source(hit.chunk.source).text[start:end]
        text = text.split("\n\n")[-1].strip()  # a section's first sentence may carry its heading
        n = book.cite(hit.chunk, (end - len(text), end))
        parts.append(f"{text} [{n}]")
    return " ".join(parts)
