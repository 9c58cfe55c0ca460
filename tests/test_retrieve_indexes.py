"""The indexes that keep a question's work from growing with the library give what a full scan gives."""
from __future__ import annotations

import pytest

from assistant import retrieve
from assistant.retrieve import search
from assistant.row_index import row_index
from assistant.terms import terms

QUESTIONS = ("How many clinical directors got coaching?", "What did clinical directors say about time?",
             "Why is clinical leadership important for quality?", "Which support would medical directors find most useful?")
KINDS = (("sentence",), ("table_row",), ("quote",), ("prose", "quote"))
# Similarities closer than this are a tie: Chroma's index computes them in its own float arithmetic and
# may return either first, so no assertion here depends on the order among them.
TIE = 1e-5


def ranked(hits) -> list[tuple[str, int | None, int | None]]:
    return [(h.chunk.id, h.dense_rank, h.lexical_rank) for h in hits]


def similarities(hits) -> list[float]:
    return [h.dense for h in hits]


def tied(similarity: list[float]) -> bool:
    """Whether any two neighbours of a best-first list of similarities are a tie."""
    return any(a - b < TIE for a, b in zip(similarity, similarity[1:]))


def same_up_to_ties(exact: dict[int, float], approximate: dict[int, float]) -> bool:
    """Same length, and at every rank the same chunk or one with a tied similarity."""
    return len(exact) == len(approximate) and all(
        i == j or abs(exact[i] - approximate[j]) < TIE for i, j in zip(exact, approximate))


@pytest.mark.parametrize("kinds", KINDS)
def test_a_search_of_some_kinds_ranks_as_an_exact_filtered_ranking_does(library, kinds, monkeypatch):
    unfiltered = [search(library, q, k=40, kinds=kinds) for q in QUESTIONS]
    monkeypatch.setattr(retrieve, "MAX_UNFILTERED", 0)  # every dense ranking from the vectors in memory
    exact = [search(library, q, k=40, kinds=kinds) for q in QUESTIONS]
    untied = [(u, e) for u, e, q in zip(unfiltered, exact, QUESTIONS) if not tied(dense_ranking(library, q, kinds))]
    assert len(untied) >= len(QUESTIONS) // 2, "too many tied rankings for the comparison to mean anything"
    assert [ranked(u) for u, _ in untied] == [ranked(e) for _, e in untied]
    for u, e in zip(unfiltered, exact):
        found, scanned = {h.chunk.id: h.dense for h in u}, {h.chunk.id: h.dense for h in e}
        assert all(abs(found[i] - scanned[i]) < TIE for i in found.keys() & scanned.keys())


def dense_ranking(library, question: str, kinds) -> list[float]:
    """The exact similarities of the allowed chunks behind a search, best first (one past the cut too)."""
    vector, allowed = library.embed_query(question), library.allowed(kinds)
    similarity = library.vectors[allowed] @ vector / library.vector_norms[allowed]
    return sorted(similarity.tolist(), reverse=True)[:retrieve.CANDIDATES + 1]


def test_too_few_allowed_chunks_among_the_unfiltered_neighbours_falls_back_to_an_exact_ranking(library,
                                                                                              monkeypatch):
    vector = library.embed_query(QUESTIONS[1])
    quotes = library.allowed(("quote",))
    monkeypatch.setattr(retrieve, "OVERFETCH", 0.1)  # fetch a tenth of what the quotes' share needs
    assert retrieve._dense_unfiltered(library, vector, quotes, int(quotes.sum())) is None
    assert [h.chunk.kind for h in search(library, QUESTIONS[1], k=10, kinds=("quote",))] == ["quote"] * 10


@pytest.mark.parametrize("kinds", KINDS)
def test_the_exact_ranking_from_the_vectors_in_memory_equals_chromas_filtered_query(library, kinds):
    for question in QUESTIONS:
        vector, allowed = library.embed_query(question), library.allowed(kinds)
        exact = retrieve._dense_exact(library, vector, allowed, int(allowed.sum()))
        chroma = retrieve._dense(library, vector, kinds, "", "", "", int(allowed.sum()))
        assert same_up_to_ties(exact, chroma)
        assert all(abs(exact[i] - chroma[i]) < TIE for i in exact.keys() & chroma.keys())


def test_the_allowed_mask_holds_exactly_the_chunks_of_the_kinds_and_source(library):
    source = library.parsed[0].source.id
    for kinds in KINDS + ((),):
        mask = library.allowed(kinds, source)
        assert [i for i, on in enumerate(mask) if on] == [
            i for i, c in enumerate(library.chunks) if (not kinds or c.kind in kinds) and c.source == source]
    assert not library.allowed(("sentence",), "no-such-report").any()


def test_figures_and_chunks_looked_up_by_line_and_kind_equal_a_scan_of_the_library(library):
    rows = [c for c in library.chunks if c.kind == "table_row"]
    assert rows and library.chunks_of(rows[0].source, "table_row") == rows
    for chunk in rows:
        scanned = [f for t in library.tables if t.source == chunk.source for f in t.figures if f.start == chunk.start]
        assert library.figures_at(chunk) == scanned and scanned


def test_the_rows_sharing_a_question_word_are_every_such_row_in_table_order(library):
    index = row_index(library.tables)
    asked = set(terms("How many clinical directors got coaching or mentoring?"))
    shared = index.rows_sharing(asked, keys=())
    assert shared == [row for row in index.rows if row.terms & asked]
    assert {row.label for row in shared} >= {"Coaching", "Mentoring"}
    named = next(row for row in index.rows if not row.terms & asked)
    key = (named.table.source, named.table.id, named.label)
    assert named in index.rows_sharing(asked, keys=[key])
    assert row_index(list(library.tables)) is index, "the same tables, in a new list, reuse the index"
