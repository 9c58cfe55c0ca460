"""`citebrief bench-ingest`: how long ingesting each report takes, per printed page, embedding included.

Each file is ingested alone into a fresh store, so its time covers reading the layout, finding its
structure, chunking and embedding every chunk; the model's load is counted once, apart.
Times are wall-clock seconds on whatever else the machine is doing: run it on a quiet machine.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ingest.load import find_sources, load
from ingest.pipeline import ingest
from ingest.settings import Settings


@dataclass(frozen=True)
class IngestTiming:
    source: str
    pages: int  # PDF pages; 1 for a page-less file
    chunks: int
    seconds: float  # without the model's load
    model_seconds: float

    @property
    def seconds_per_page(self) -> float:
        return self.seconds / max(1, self.pages)


def time_ingest(paths: list[Path], model: str, progress=lambda message: None) -> list[IngestTiming]:
    """One timing per file under `paths`; IngestError as `citebrief ingest` raises it."""
    timings = []
    for path in find_sources(paths):
        pages = len(load(path).pages)
        with tempfile.TemporaryDirectory(prefix="citebrief-ingest-speed-") as home:
            report = ingest([path], Settings.from_env(home=Path(home), model=model, chroma_url=""))
        timings.append(IngestTiming(path.stem, pages, report.chunks, report.seconds - report.model_seconds,
                                    report.model_seconds))
        progress(f"{path.name}: {pages} pages in {timings[-1].seconds:.1f} s")
    return timings


def timing_table(timings: list[IngestTiming]) -> str:
    """A Markdown table: one row per file, then all files together."""
    rows = ["| source | pages | chunks | seconds | seconds per page |", "|---|---:|---:|---:|---:|"]
    for t in timings:
        rows.append(f"| {t.source} | {t.pages} | {t.chunks} | {t.seconds:.1f} | {t.seconds_per_page:.2f} |")
    pages, seconds = sum(t.pages for t in timings), sum(t.seconds for t in timings)
    rows.append(f"| all | {pages} | {sum(t.chunks for t in timings)} | {seconds:.1f} | {seconds / max(1, pages):.2f} |")
    return "\n".join(rows)
