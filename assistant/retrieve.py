"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank."""
from __future__ import annotations

import numpy as np

from .library import Library
from .rerank import rerank
from .terms import terms
from .types import Hit

RRF_K = 60
CANDIDATES = 40


def search(library: Library, question: str, k: int = 5, kinds: tuple[str, ...] = (),
           section: str = "", speaker: str = "", source: str = "",
           query_vector: np.ndarray | None = None, reranked: bool = True) -> list[Hit]:
    """The k best chunks for the question, optionally only of some kinds, section, speaker or source.
    reranked=False skips the optional cross-encoder: for callers that re-score the candidates anyway."""
    allowed = [i for i, c in enumerate(library.chunks)
               if (not kinds or c.kind in kinds) and (not section or section.lower() in c.section.lower())
               and (not speaker or speaker.lower() in c.speaker.lower()) and (not source or c.source == source)]
    if not allowed:
        return []
    vector = library.embed_query(question) if query_vector is None else query_vector
    dense = _dense(library, vector, kinds, section, speaker, source, len(allowed))
    lexical = _lexical(library, question, allowed)
    fused: dict[int, float] = {}
    for ranking in (list(dense), lexical):
        for rank, index in enumerate(ranking):
            fused[index] = fused.get(index, 0.0) + 1.0 / (RRF_K + rank + 1)
    dense_rank = {index: r for r, index in enumerate(dense)}
    lexical_rank = {index: r for r, index in enumerate(lexical)}
    order = sorted(fused, key=fused.get, reverse=True)
    best = (rerank(library, question, order) if reranked else order)[:k]
    return [Hit(library.chunks[i], fused[i], dense[i] if i in dense else _similarity(library, vector, i),
                dense_rank.get(i), lexical_rank.get(i)) for i in best]


def _similarity(library: Library, vector: np.ndarray, index: int) -> float:
    """Cosine similarity of a chunk Chroma did not return (found by BM25 alone) to the question."""
    stored = library.vectors[index]
    return float(stored @ vector / (np.linalg.norm(stored) * np.linalg.norm(vector) or 1.0))


def _dense(library: Library, vector, kinds, section, speaker, source, allowed_count: int) -> dict[int, float]:
    """Chroma's nearest chunks as {chunk index: cosine similarity}, best first."""
    clauses = []
    if kinds:
        clauses.append({"kind": {"$in": list(kinds)}})
    if speaker:
        clauses.append({"speaker": {"$eq": speaker.lower()}})
    if source:
        clauses.append({"source": {"$eq": source}})
    where = clauses[0] if len(clauses) == 1 else ({"$and": clauses} if clauses else None)
    result = library.store.collection.query(query_embeddings=[vector.tolist()], n_results=min(CANDIDATES, allowed_count),
                                            where=where, include=["distances"])
    index_of = library.index_by_id
    ranked = {}
    for chunk_id, distance in zip(result["ids"][0], result["distances"][0]):
        if chunk_id in index_of and (not section or section.lower() in library.chunks[index_of[chunk_id]].section.lower()):
            ranked[index_of[chunk_id]] = 1.0 - distance
    return ranked


def _lexical(library: Library, question: str, allowed: list[int]) -> list[int]:
    query = [t for t in terms(question) if t in library.vocabulary]
    if not query:
        return []
    scores = library.bm25.get_scores(query)
    ranked = sorted((i for i in allowed if scores[i] > 0), key=lambda i: scores[i], reverse=True)
    return ranked[:CANDIDATES]
