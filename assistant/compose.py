"""Extractive composition: the retrieved sentences that answer the question, each cited."""
from __future__ import annotations

import re

from ingest.types import Chunk

from .citations import CitationBook
from .library import Library
from .terms import terms
from .types import Hit

MAX_SENTENCES = 3
KEEP_WITHIN = 0.08  # a further sentence must score this close to the best one
LEXICAL_WEIGHT = 0.5
TYPE_BONUS = 0.1
SOURCE_MARKER = re.compile(r"\[(\d+)\]")
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DATE = re.compile(rf"\b(1[89]\d\d|20\d\d)\b|\b({MONTHS})\b", re.I)
QUANTITY = re.compile(r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|dozen)\b", re.I)


def relevance(library: Library, question_terms: set[str], text: str) -> float:
    """Share of the question's (idf-weighted) terms that the text contains."""
    if not question_terms:
        return 0.0
    total = sum(library.idf.get(t, 1.0) for t in question_terms)
    shared = question_terms & set(terms(text))
    return sum(library.idf.get(t, 1.0) for t in shared) / total


def strength(question: str, sentences: list[Hit]) -> float:
    """How distinctly the best sentence matches: its similarity, its lead over the fifth best, and
    a bonus when one of the three closest has the shape of answer asked for (a date, a number)."""
    ranked = sorted(sentences, key=lambda h: h.dense, reverse=True)
    if not ranked:
        return 0.0
    top, fifth = ranked[0].dense, ranked[min(4, len(ranked) - 1)].dense
    wants = _answer_type(question)
    typed = bool(wants and any(wants.search(h.chunk.text) for h in ranked[:3]))
    return top + (top - fifth) + (TYPE_BONUS if typed else 0.0)


def choose(library: Library, question: str, sentences: list[Hit]) -> list[Hit]:
    asked = set(terms(question))
    wants = _answer_type(question)
    scored = sorted(((h.dense + LEXICAL_WEIGHT * relevance(library, asked, h.chunk.text)
                      + (TYPE_BONUS if wants and wants.search(h.chunk.text) else 0.0), h) for h in sentences),
                    key=lambda pair: pair[0], reverse=True)
    if not scored:
        return []
    best = scored[0][0]
    return [h for score, h in scored[:MAX_SENTENCES] if score >= best - KEEP_WITHIN]


def neutralise_markers(text: str) -> str:
    """A source's own '[7]' would read as one of our citation markers; it is shown as '(7)'."""
    return SOURCE_MARKER.sub(r"(\1)", text)


def _answer_type(question: str) -> re.Pattern | None:
    """What shape of answer the question asks for: a date, or a number."""
    lowered = question.lower()
    if re.search(r"^\s*when\b|\bwhat (year|month|date)\b|\bwhich (year|month)\b|\buntil when\b", lowered):
        return DATE
    if re.search(r"\bhow (many|much|long|often)\b|\bwhat (share|proportion|percentage|fraction|number)\b", lowered):
        return QUANTITY
    return None


def compose(library: Library, question: str, sentences: list[Hit], book: CitationBook) -> str:
    """The chosen sentences in reading order, each followed by the marker of the passage holding it."""
    chosen = sorted(choose(library, question, sentences), key=lambda h: (h.chunk.source, h.chunk.start))
    chosen = _with_list_items(library, chosen)
    parts = []
    for hit in chosen:
        passage = passage_of(library, hit.chunk)
        n = book.cite(passage, (hit.chunk.start, hit.chunk.end))
        parts.append(f"{neutralise_markers(hit.chunk.text)} [{n}]")
    return " ".join(parts)


def _with_list_items(library: Library, chosen: list[Hit]) -> list[Hit]:
    """A sentence that introduces a list ('...stood out were:') brings the list's items along."""
    out: list[Hit] = []
    for hit in chosen:
        if hit not in out:
            out.append(hit)
        if hit.chunk.text.rstrip().endswith(":"):
            for item in _items_after(library, hit.chunk):
                if all(item.id != h.chunk.id for h in out):
                    out.append(Hit(item, hit.score, hit.dense))
    return out


def _items_after(library: Library, sentence: Chunk) -> list[Chunk]:
    text = library.source(sentence.source).text
    following = sorted((c for c in library.chunks if c.kind == "sentence" and c.source == sentence.source
                        and c.start > sentence.end), key=lambda c: c.start)
    items, cursor = [], sentence.end
    for chunk in following:
        if not chunk.text.startswith("• ") or text[cursor:chunk.start].strip():
            break
        items.append(chunk)
        cursor = chunk.end
    return items


def passage_of(library: Library, sentence: Chunk) -> Chunk:
    """The prose chunk that holds a sentence chunk (citations show the whole passage)."""
    for chunk in library.chunks:
        if (chunk.kind == "prose" and chunk.source == sentence.source
                and chunk.start <= sentence.start and sentence.end <= chunk.end):
            return chunk
    return sentence
