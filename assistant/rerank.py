"""Optional cross-encoder reranking of fused candidates, when CITEBRIEF_RERANKER names a model.

Off by default: without the variable nothing is loaded and the fused order is returned as it is.
The model loads once per process, offline (a local path, or a name already in the Hugging Face
cache). Not handled: a reranker whose scores need a tokenizer pair format other than
sentence-transformers' CrossEncoder (question, passage).
"""
from __future__ import annotations

import threading
import time
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .library import Library

# The fused leaders the cross-encoder re-orders; the rest keep their place behind them. Cost is linear
# in it: a MiniLM-sized cross-encoder took about 0.5 s per 20 short passages on one busy core.
RERANK_TOP = 20

_spent = threading.local()  # per thread, so concurrent questions each time their own reranking


class Reranker:
    def __init__(self, spec: str):
        import ingest.embed  # noqa: F401  (sets HF_HUB_OFFLINE and quiets transformers before it loads)
        from sentence_transformers import CrossEncoder
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        self.spec = spec
        try:
            self.model = CrossEncoder(spec, device="cpu")
        except Exception as exc:  # sentence-transformers raises OSError, ValueError, HF errors...
            raise ValueError(f"cannot load reranker '{spec}' offline (CITEBRIEF_RERANKER): {exc}".splitlines()[0]) from exc

    def scores(self, question: str, passages: list[str]) -> list[float]:
        """One relevance score per passage, higher is better; all pairs in one batch."""
        pairs = [(question, passage) for passage in passages]
        return self.model.predict(pairs, batch_size=max(1, len(pairs)), show_progress_bar=False).tolist()


@lru_cache(maxsize=2)
def get_reranker(spec: str) -> Reranker:
    return Reranker(spec)


def rerank(library: Library, question: str, order: list[int]) -> list[int]:
    """Chunk indices with the first RERANK_TOP re-ordered by cross-encoder score (an exact tie in
    chunk order, as in every ranking); unchanged when no reranker is configured."""
    spec = library.settings.reranker
    if not spec or len(order) < 2:
        return order
    started = time.perf_counter()
    top = order[:RERANK_TOP]
    scores = get_reranker(spec).scores(question, [library.chunks[i].text for i in top])
    ranked = [top[p] for p in sorted(range(len(top)), key=lambda p: (-scores[p], top[p]))]
    _spent.runs = getattr(_spent, "runs", 0) + 1
    _spent.seconds = getattr(_spent, "seconds", 0.0) + time.perf_counter() - started
    return ranked + order[RERANK_TOP:]


class RerankClock:
    """Reranking time this thread spends from the clock's making on, for an answer's timings_ms."""

    def __init__(self):
        self._runs, self._seconds = _totals()

    def timings(self) -> dict[str, float]:
        """{"rerank": milliseconds} when reranking ran since, else {} (the key is left out)."""
        runs, seconds = _totals()
        return {"rerank": round((seconds - self._seconds) * 1000, 2)} if runs > self._runs else {}


def _totals() -> tuple[int, float]:
    return getattr(_spent, "runs", 0), getattr(_spent, "seconds", 0.0)
