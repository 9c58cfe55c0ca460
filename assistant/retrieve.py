"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank.

Chroma evaluates a metadata filter over every stored record, so a filtered query grows with the
library; the dense ranking asks for more neighbours without a filter and keeps the allowed ones.
When too few of those survive, it ranks the allowed chunks exactly from the vectors the library
holds in memory (one matrix product); Chroma's filtered query is left for speaker and section.
Every ranking here breaks an exact tie by chunk order (the library's), never by which of two equal
neighbours an approximate index happens to return first.
"""
from __future__ import annotations

import math

import numpy as np

from .library import Library
from .rerank import rerank
from .terms import terms
from .types import Hit

RRF_K = 60
CANDIDATES = 40
OVERFETCH = 4  # unfiltered neighbours asked for, per allowed one needed, beyond the allowed share
MAX_UNFILTERED = 2000  # beyond this many, the exact ranking is the cheaper one


def search(library: Library, question: str, k: int = 5, kinds: tuple[str, ...] = (),
           section: str = "", speaker: str = "", source: str = "",
           query_vector: np.ndarray | None = None, reranked: bool = True) -> list[Hit]:
    """The k best chunks for the question, optionally only of some kinds, section, speaker or source.
    reranked=False skips the optional cross-encoder: for callers that re-score the candidates anyway."""
    allowed = _allowed(library, kinds, section, speaker, source)
    count = int(np.count_nonzero(allowed))
    if not count:
        return []
    vector = library.embed_query(question) if query_vector is None else query_vector
    if section or speaker:
        speakers = sorted({library.chunks[i].speaker for i in np.flatnonzero(allowed)}) if speaker else []
        dense = _dense(library, vector, kinds, section, speakers, source, count)
    else:
        dense = _dense_unfiltered(library, vector, allowed, count) or _dense_exact(library, vector, allowed, count)
    lexical = _lexical(library, question, allowed)
    fused: dict[int, float] = {}
    for ranking in (list(dense), lexical):
        for rank, index in enumerate(ranking):
            fused[index] = fused.get(index, 0.0) + 1.0 / (RRF_K + rank + 1)
    dense_rank = {index: r for r, index in enumerate(dense)}
    lexical_rank = {index: r for r, index in enumerate(lexical)}
    order = sorted(fused, key=lambda i: (-fused[i], i))
    best = (rerank(library, question, order) if reranked else order)[:k]
    return [Hit(library.chunks[i], fused[i], dense[i] if i in dense else similarity(library, vector, i),
                dense_rank.get(i), lexical_rank.get(i), order=i) for i in best]


def lexical_hits(library: Library, text: str, vector: np.ndarray, k: int, kinds: tuple[str, ...] = (),
                 source: str = "") -> list[Hit]:
    """The k chunks BM25 ranks best for the text, each with its similarity to `vector`: words that must reach
    the candidates whatever the meaning of the whole question ranks first (a follow-up's own words)."""
    ranked = _lexical(library, text, library.allowed(kinds, source))[:k]
    return [Hit(library.chunks[i], 1.0 / (RRF_K + rank + 1), similarity(library, vector, i), None, rank, order=i)
            for rank, i in enumerate(ranked)]


def similarity(library: Library, vector: np.ndarray, index: int) -> float:
    """Cosine similarity of a chunk Chroma did not return (found by BM25 alone, or by a table's words) to the question."""
    return float(library.vectors[index] @ vector / (library.vector_norms[index] * (np.linalg.norm(vector) or 1.0)))


def _dense(library: Library, vector, kinds, section, speakers: list[str], source, allowed_count: int) -> dict[int, float]:
    """Chroma's nearest chunks as {chunk index: cosine similarity}, best first; `speakers` as printed
    ('Jane Wheeler, Director of Local Care, NWL ICB'), the allowed chunks' own."""
    clauses = []
    if kinds:
        clauses.append({"kind": {"$in": list(kinds)}})
    if speakers:
        clauses.append({"speaker": {"$in": speakers}})
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
    return _in_tie_order(ranked)


def _allowed(library: Library, kinds, section: str, speaker: str, source: str) -> np.ndarray:
    """A mask over the library's chunks; section and speaker (rarely asked for) are checked one by one."""
    mask = library.allowed(kinds, source)
    if section or speaker:
        mask = mask.copy()
        for i in np.flatnonzero(mask):
            chunk = library.chunks[i]
            mask[i] = section.lower() in chunk.section.lower() and speaker.lower() in chunk.speaker.lower()
    return mask


def _dense_unfiltered(library: Library, vector, allowed: np.ndarray, count: int) -> dict[int, float] | None:
    """The filtered query's answer from an unfiltered one: enough nearest chunks that the allowed
    ones among them are the nearest allowed. None when too many would be needed or too few survive."""
    wanted, total = min(CANDIDATES, count), len(library.chunks)
    fetch = wanted if count == total else min(total, math.ceil(wanted * OVERFETCH * total / count))
    if fetch > MAX_UNFILTERED:
        return None
    result = library.store.collection.query(query_embeddings=[vector.tolist()], n_results=fetch, include=["distances"])
    index_of = library.index_by_id
    ranked = {}
    for chunk_id, distance in zip(result["ids"][0], result["distances"][0]):
        index = index_of.get(chunk_id)
        if index is not None and allowed[index]:
            ranked[index] = 1.0 - distance
            if len(ranked) == wanted:
                return _in_tie_order(ranked)
    return _in_tie_order(ranked) if fetch >= total else None


def _in_tie_order(ranked: dict[int, float]) -> dict[int, float]:
    """Chroma's neighbours best first, an exact tie in chunk order (Chroma's own order among ties is arbitrary)."""
    return {i: ranked[i] for i in sorted(ranked, key=lambda i: (-ranked[i], i))}


def _dense_exact(library: Library, vector, allowed: np.ndarray, count: int) -> dict[int, float]:
    """The nearest allowed chunks by exact cosine similarity over the library's vectors."""
    similarities = library.vectors @ vector / (library.vector_norms * (np.linalg.norm(vector) or 1.0))
    indices = np.flatnonzero(allowed)
    nearest = indices[np.argsort(-similarities[indices], kind="stable")[:min(CANDIDATES, count)]]
    return {int(i): float(similarities[i]) for i in nearest}


def _lexical(library: Library, question: str, allowed: np.ndarray) -> list[int]:
    """The allowed chunks BM25 scores above zero, best first; ties keep reading order."""
    query = [t for t in terms(question) if t in library.vocabulary]
    if not query:
        return []
    scores = library.bm25.get_scores(query)
    scored = np.flatnonzero((scores > 0) & allowed)
    return scored[np.argsort(-scores[scored], kind="stable")][:CANDIDATES].tolist()
