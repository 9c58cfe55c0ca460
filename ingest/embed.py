"""Sentence-transformers embeddings, loaded once per process and per model, offline."""
from __future__ import annotations

import os
from functools import lru_cache

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

PACKAGED_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def model_location(spec: str) -> str:
    """Where to load a model from: the packaged MiniLM for its names, else the name or path as given."""
    if spec.lower() in PACKAGED_NAMES:
        from .settings import packaged_model_path

        return packaged_model_path()
    return spec


class Embedder:
    def __init__(self, spec: str):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        self.spec = spec
        try:
            self.model = SentenceTransformer(model_location(spec), device="cpu")
        except Exception as exc:  # sentence-transformers raises OSError, ValueError, HF errors...
            raise ValueError(f"cannot load embedding model '{spec}' offline: {exc}".splitlines()[0]) from exc
        self.dimension = self.model.get_embedding_dimension()

    def embed(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        vectors = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                    show_progress_bar=False, convert_to_numpy=True)
        return vectors.tolist()

    @staticmethod
    def for_queries() -> None:
        """One torch thread: a single short query gains nothing from two, and on a busy 2-core
        machine the second thread's contention made a query 10x slower (500 ms against 49 ms)."""
        import torch

        torch.set_num_threads(int(os.environ.get("CITEBRIEF_QUERY_THREADS", "1")))

    def embed_query(self, text: str):
        return self.model.encode([text], normalize_embeddings=True, show_progress_bar=False,
                                 convert_to_numpy=True)[0]


@lru_cache(maxsize=4)
def get_embedder(spec: str) -> Embedder:
    return Embedder(spec)
