"""citebrief's hybrid retrieval as a LangChain retriever, for use in anyone's own chain."""
from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .library import Library
from .retrieve import search


class CitebriefRetriever(BaseRetriever):
    """Dense + BM25 retrieval over the store; each Document carries its citation metadata.

    Example: CitebriefRetriever(library=Library.open(), k=4).invoke("time for the job")
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)
    library: Library
    k: int = 5
    kinds: tuple[str, ...] = ("prose", "quote", "table_row")
    source: str = ""

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = search(self.library, query, k=self.k, kinds=self.kinds, source=self.source)
        return [Document(page_content=h.chunk.text, id=h.chunk.id,
                         metadata={"source": h.chunk.source, "title": h.chunk.title, "section": h.chunk.section,
                                   "page": h.chunk.page, "kind": h.chunk.kind, "start": h.chunk.start,
                                   "end": h.chunk.end, "speaker": h.chunk.speaker, "score": h.score})
                for h in hits]
