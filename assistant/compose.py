"""Extractive composition: the retrieved sentences that answer the question, each cited."""
from __future__ import annotations

import re

from ingest.types import Chunk

from .citations import CitationBook
from .library import Library
from .shape import TYPE_BONUS, AskedShape
from .terms import terms
from .types import Hit, best_first

MAX_SENTENCES = 3
KEEP_WITHIN = 0.08  # a further sentence must score this close to the best one
LEXICAL_WEIGHT = 0.5
RESTATES_QUESTION = re.compile(r"^(we|they)( also)? asked\b|^(respondents|participants) were asked\b|"
                               r"^we were interested to know\b", re.I)
SOURCE_MARKER = re.compile(r"\[(\d+)\]")


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
    ranked = best_first(sentences)
    if not ranked:
        return 0.0
    top, fifth = ranked[0].dense, ranked[min(4, len(ranked) - 1)].dense
    shape = AskedShape.of(question)
    typed = any(shape.fits(h.chunk.text) for h in ranked[:3])
    return top + (top - fifth) + (TYPE_BONUS if typed else 0.0)


def choose(library: Library, question: str, sentences: list[Hit]) -> list[Hit]:
    asked, shape = set(terms(question)), AskedShape.of(question)
    score = {h.chunk.id: h.dense + LEXICAL_WEIGHT * relevance(library, asked, h.chunk.text)
             + (TYPE_BONUS if shape.fits(h.chunk.text) else 0.0) for h in sentences}
    ranked = best_first(sentences, lambda h: score[h.chunk.id])
    if not ranked:
        return []
    best = score[ranked[0].chunk.id]
    return [h for h in ranked[:MAX_SENTENCES] if score[h.chunk.id] >= best - KEEP_WITHIN]


def neutralise_markers(text: str) -> str:
    """A source's own '[7]' would read as one of our citation markers; it is shown as '(7)'."""
    return SOURCE_MARKER.sub(r"(\1)", text)


def compose(library: Library, question: str, chosen: list[Hit], book: CitationBook) -> str:
    """The chosen sentences in reading order, each followed by the marker of the passage holding it."""
    chosen = sorted(chosen, key=lambda h: (h.chunk.source, h.chunk.start))
    chosen = _with_followers(library, chosen)
    parts = []
    for hit in chosen:
        passage = passage_of(library, hit.chunk)
        n = book.cite(passage, (hit.chunk.start, hit.chunk.end))
        parts.append(f"{neutralise_markers(hit.chunk.text)} [{n}]")
    return " ".join(parts)


def _with_followers(library: Library, chosen: list[Hit]) -> list[Hit]:
    """A sentence that restates what respondents were asked brings the sentence after it, which
    holds the answer; a sentence that introduces a list ('...stood out were:') brings its items."""
    out: list[Hit] = []

    def add(chunk: Chunk, hit: Hit) -> None:
        if all(chunk.id != h.chunk.id for h in out):
            out.append(hit if chunk is hit.chunk else Hit(chunk, hit.score, hit.dense, order=library.index_by_id[chunk.id]))

    for hit in chosen:
        add(hit.chunk, hit)
        following = _following(library, hit.chunk)
        lead = hit.chunk
        if RESTATES_QUESTION.search(lead.text) and following:
            lead, following = following[0], following[1:]
            add(lead, hit)
        if lead.text.rstrip().endswith(":"):
            for item in following:
                if not item.text.startswith("• "):
                    break
                add(item, hit)
    return out


def _following(library: Library, sentence: Chunk) -> list[Chunk]:
    """The sentences that follow one with nothing but white space between them."""
    text = library.source(sentence.source).text
    later = [c for c in library.chunks_of(sentence.source, "sentence") if c.start >= sentence.end]
    run, cursor = [], sentence.end
    for chunk in later:
        if text[cursor:chunk.start].strip():
            break
        run.append(chunk)
        cursor = chunk.end
    return run


def passage_of(library: Library, sentence: Chunk) -> Chunk:
    """The prose chunk, or else the block quote, that holds a sentence chunk (citations show the whole
    passage; a block quote standing alone is stored as a quote chunk only)."""
    for kind in ("prose", "quote"):
        for chunk in library.chunks_of(sentence.source, kind):
            if chunk.start <= sentence.start and sentence.end <= chunk.end:
                return chunk
    return sentence
