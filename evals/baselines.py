"""What citebrief is measured against: the LangChain tutorial RAG, and plain BM25 over its chunks.

Both read the same corpus files with the same loader and (for the RAG) the same MiniLM model, so
the differences the benchmark shows come from chunking, structure and routing, not from the model.
Neither can abstain, name a table cell or quote: their "answer" is the retrieved text.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from ingest.embed import get_embedder
from ingest.load import find_sources, load

CHUNK_SIZE = 1000  # the LangChain tutorial's numbers
CHUNK_OVERLAP = 200
TOP_K = 4
COLLECTION = "baseline"


class MiniLMEmbeddings(Embeddings):
    """LangChain's embedding interface over the packaged MiniLM that citebrief itself uses."""

    def __init__(self, model: str):
        self.embedder = get_embedder(model)

    def for_queries(self) -> "MiniLMEmbeddings":
        """The same torch threading citebrief uses for questions, so query timings compare like with like."""
        self.embedder.for_queries()
        return self

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def split_corpus(paths: list[Path]) -> list[Document]:
    """One Document per file page, split by RecursiveCharacterTextSplitter(1000, 200)."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    pages = [Document(text, metadata={"source": str(path), "page": page or 0})
             for path in find_sources(paths) for page, text in load(path).pages]
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return splitter.split_documents(pages)


class LangChainRag:
    """Chroma similarity search over the split documents (the tutorial's vector store)."""

    def __init__(self, store):
        self.store = store

    @classmethod
    def build(cls, chunks: list[Document], model: str, folder: Path) -> "LangChainRag":
        from langchain_chroma import Chroma

        embeddings = MiniLMEmbeddings(model)
        store = Chroma.from_documents(chunks, embeddings, collection_name=COLLECTION, persist_directory=str(folder),
                                      client_settings=_chroma_settings())
        embeddings.for_queries()
        return cls(store)

    @classmethod
    def open(cls, model: str, folder: Path) -> "LangChainRag":
        from langchain_chroma import Chroma

        return cls(Chroma(COLLECTION, MiniLMEmbeddings(model).for_queries(), persist_directory=str(folder),
                          client_settings=_chroma_settings()))

    def retrieve(self, question: str, k: int = TOP_K) -> list[str]:
        return [d.page_content for d in self.store.similarity_search(question, k=k)]


class Bm25Chunks:
    """bm25s over the same chunks: English stop words and Snowball stemming, as bm25s documents it."""

    def __init__(self, chunks: list[Document]):
        import bm25s
        import Stemmer

        self.texts = [c.page_content for c in chunks]
        self.stemmer = Stemmer.Stemmer("english")
        self.index = bm25s.BM25()
        self.index.index(bm25s.tokenize(self.texts, stopwords="en", stemmer=self.stemmer, show_progress=False),
                         show_progress=False)

    def retrieve(self, question: str, k: int = TOP_K) -> list[str]:
        import bm25s

        tokens = bm25s.tokenize([question], stopwords="en", stemmer=self.stemmer, show_progress=False)
        if not tokens.vocab:
            return []
        found, scores = self.index.retrieve(tokens, k=min(k, len(self.texts)), show_progress=False)
        return [self.texts[i] for i, s in zip(found[0], scores[0]) if s > 0]


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def main(argv: list[str] | None = None) -> int:
    """One cold question, for the benchmark's start-up timing: open, retrieve top 4, print."""
    parser = argparse.ArgumentParser(prog="python -m evals.baselines")
    parser.add_argument("system", choices=["baseline", "bm25"])
    parser.add_argument("question")
    parser.add_argument("--model", required=True)
    parser.add_argument("--store", type=Path, help="the baseline's Chroma folder")
    parser.add_argument("--corpus", type=Path, action="append", help="files or folders (bm25 indexes at start)")
    args = parser.parse_args(argv)
    if args.system == "baseline":
        system = LangChainRag.open(args.model, args.store)
    else:
        system = Bm25Chunks(split_corpus(args.corpus))
    print("\n\n".join(system.retrieve(args.question)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
