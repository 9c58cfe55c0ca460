"""Sentence-transformers embeddings, loaded once per process and per model, offline."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .processes import cores

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

PACKAGED_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
NOT_THE_MODEL = {"readme.md", ".gitattributes"}  # a model card may change without the model changing


def model_location(spec: str) -> str:
    """Where to load a model from: the packaged MiniLM for its names, else the name or path as given."""
    if spec.lower() in PACKAGED_NAMES:
        from .settings import packaged_model_path

        return packaged_model_path()
    return spec


def model_folder(spec: str) -> Path | None:
    """The folder a model loads from: the path given, the packaged MiniLM, or a name's snapshot in the
    local Hugging Face cache; None when there is none (the load then fails with its own message)."""
    location = Path(model_location(spec))
    if location.is_dir():
        return location
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(spec, local_files_only=True))
    except Exception:  # not a repository name, or not in the cache
        return None


def model_fingerprint(spec: str) -> str:
    """What the model is, not what it is called: a SHA-256 over every file of its folder (configuration,
    tokenizer and weights; not its README) with their relative paths. '' when the folder is not found.
    Read once per process while the files' sizes and times are unchanged."""
    folder = model_folder(spec)
    if folder is None:
        return ""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts
                   and p.name.lower() not in NOT_THE_MODEL)
    return _fingerprint(tuple((str(p), str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                              for p in files))


@lru_cache(maxsize=16)
def _fingerprint(files: tuple[tuple[str, str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for path, name, _, _ in files:
        digest.update(name.encode() + b"\x00")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=4)
def model_words(spec: str) -> frozenset[str]:
    """The whole lower-case words of the model's tokenizer vocabulary (WordPiece `vocab.txt`; about 21,700 for
    MiniLM): a dictionary of English that ships with the model. Empty when the model has no such file."""
    folder = model_folder(spec)
    vocabulary = folder / "vocab.txt" if folder else None
    if vocabulary is None or not vocabulary.is_file():
        return frozenset()
    lines = vocabulary.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w.isalpha() and w.islower())


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
    @contextmanager
    def on_every_core() -> Iterator[None]:
        """Passages embedded in batches with a torch thread per core, whatever a library opened in this process set
        for its queries (for_queries): on 2 cores, 1,024 of the HEE report's passages took 54 s on one thread and
        28 s on two. The count set before is restored after."""
        import torch

        before = torch.get_num_threads()
        torch.set_num_threads(cores())
        try:
            yield
        finally:
            torch.set_num_threads(before)

    @staticmethod
    def for_queries() -> None:
        """One torch thread: a single short query gains nothing from two, and on a busy 2-core
        machine the second thread's contention made a query 10x slower (500 ms against 49 ms)."""
        import torch

        torch.set_num_threads(int(os.environ.get("CITEBRIEF_QUERY_THREADS", "1")))

    def embed_query(self, text: str):
        return self.model.encode([text], normalize_embeddings=True, show_progress_bar=False,
                                 convert_to_numpy=True)[0]


def model_dimension(spec: str) -> int | None:
    """The embedding size of the model now at spec, loaded afresh (this process may hold an older copy
    of it), or None when it does not load. It costs a model load: for messages, not for every check."""
    try:
        return Embedder(spec).dimension
    except ValueError:
        return None


@lru_cache(maxsize=4)
def get_embedder(spec: str) -> Embedder:
    return Embedder(spec)
