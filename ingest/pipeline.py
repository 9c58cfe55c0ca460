"""Ingest sources into the store: parse, skip what is unchanged, embed only new chunks."""
from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from . import bibliography
from .embed import get_embedder
from .errors import IngestError, StoreError, StoreMismatchError
from .instructions import instruction_warnings
from .load import PACKAGED, RawDocument, load, scan_sources
from .settings import Settings
from .store import Store, in_batches
from .page_faults import parse_by_pages
from .processes import outcomes
from .structure import parser_version
from .types import Chunk, ParsedSource

EMBED_BATCH = 64
Progress = Callable[[str, int, int], None]  # (stage, done, total)
# (file, stage, done, total) for each file: "read" 0 of 1 as its reading starts, "structure" 1 of 1 once it is read
# and its structure found (both in a worker process), then "embed" with its new passages embedded so far (0 of 0
# when none is new).
FileProgress = Callable[[str, str, int, int], None]


@dataclass
class IngestReport:
    sources: int = 0
    sections: int = 0
    chunks: int = 0
    quotes: int = 0
    tables: int = 0
    embedded: int = 0
    skipped: int = 0
    removed: int = 0
    model_seconds: float = 0.0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.sources} sources, {self.sections} sections, {self.chunks} chunks, {self.quotes} quotes, "
                f"{self.tables} tables; embedded {self.embedded}, skipped {self.skipped} unchanged"
                f"{f', removed {self.removed} stale' if self.removed else ''}; {self.seconds:.1f} s "
                f"(model load {self.model_seconds:.1f} s)")


def ingest(paths: list[Path], settings: Settings, rebuild: bool = False,
           progress: Progress | None = None, file_progress: FileProgress | None = None) -> IngestReport:
    """Bring the store in line with the given files. Failed files are reported and left as they were.
    Two PDF or Word files or more are read in worker processes (ingest.processes): a script calling this
    guards its top level with `if __name__ == "__main__":`."""
    started = time.perf_counter()
    progress = progress or (lambda stage, done, total: None)
    file_progress = file_progress or (lambda file, stage, done, total: None)
    store = Store(settings)
    report = IngestReport()
    with store.writer_lock():
        files = _files_to_ingest(paths, report)
        manifest = _fresh_manifest(store, rebuild)
        files += _stored_to_reread(files, manifest)
        try:
            parsed, text_keys = _parse_all(files, settings, manifest, report, progress, file_progress)
            new_chunks = _new_chunks(store, parsed)
            report.skipped = sum(len(p.chunks) for p in parsed) - len(new_chunks)
            embedding = _EmbedProgress(parsed, new_chunks, file_progress)
            if new_chunks:
                if not store.exists():  # record the model and chunking before the first chunk goes in
                    store.write_manifest(manifest)
                _embed_and_add(store, settings, new_chunks, report, progress, embedding)
                manifest.setdefault("dimension", get_embedder(settings.model).dimension)
            _commit(store, manifest, parsed, text_keys)
        except BaseException:
            store.abandon_rebuild()
            raise
        report.removed = _sweep_orphans(store, manifest)
    _count_totals(store, manifest, report)
    report.seconds = time.perf_counter() - started
    return report


def _commit(store: Store, manifest: dict, parsed: list[ParsedSource], text_keys: dict[str, str]) -> None:
    """Source JSON first, the manifest last and atomically: a run killed before this point changed nothing.
    A report the user has described on the page keeps their title, publisher and date."""
    corrections = bibliography.edits(store.home)
    for p in parsed:
        store.save_source(bibliography.applied(p, corrections[p.source.id]) if p.source.id in corrections else p)
        manifest["sources"][p.source.id] = {"path": p.source.path, "sha256": p.source.sha256,
                                            "text_sha256": text_keys[p.source.id], "chunks": [c.id for c in p.chunks]}
    _drop_missing(manifest)
    manifest["parser"] = parser_version()
    store.write_manifest(manifest)
    bibliography.forget(store.home, [s for s in corrections if s not in manifest["sources"]])


def _stored_to_reread(files: list[Path], manifest: dict) -> list[Path]:
    """Stored sources read by another parser (or block model) than this one: read again, with the files given."""
    if manifest.get("parser") == parser_version():
        return []
    given = {f.resolve() for f in files}
    return [Path(e["path"]) for e in manifest["sources"].values()
            if Path(e["path"]).exists() and Path(e["path"]).resolve() not in given]


def _count_totals(store: Store, manifest: dict, report: IngestReport) -> None:
    totals = [store.load_source(s) for s in manifest["sources"]]
    report.sources = len(totals)
    report.sections = sum(len(p.sections) for p in totals)
    report.chunks = sum(len(p.chunks) for p in totals)
    report.quotes = sum(len(p.quotes) for p in totals)
    report.tables = sum(len(p.tables) for p in totals)


def _files_to_ingest(paths: list[Path], report: IngestReport) -> list[Path]:
    """The files to read; a missing path or empty folder is reported, and raised when nothing is left."""
    files, problems = scan_sources(paths)
    if not files:
        raise IngestError("; ".join(problems) or "no files given")
    report.errors.extend(problems)
    return files


def _fresh_manifest(store: Store, rebuild: bool) -> dict:
    if rebuild:
        try:
            return store.start_over()
        except StoreError:  # a damaged store cannot be kept: start from empty files
            store.wipe_files()
            return store.manifest()
    manifest = store.manifest()
    if store.exists():
        try:
            store.check_settings(manifest)
        except StoreMismatchError:
            if manifest["sources"]:
                raise
            # Nothing was ever completed with those settings (a first run was killed): start clean.
            store.reset()
            manifest = store.manifest()
    return manifest


def _parse_all(files: list[Path], settings: Settings, manifest: dict, report: IngestReport,
               progress: Progress, file_progress: FileProgress) -> tuple[list[ParsedSource], dict[str, str]]:
    """The files read (several at once, one process per core), and each one's text key (text_sha256). A file
    whose bytes or text were met first in another file is skipped and said."""
    parsed: list[ParsedSource] = []
    text_keys: dict[str, str] = {}
    files, seen = _stored_first(files, manifest), _stored_elsewhere(files, manifest)
    calls, taken = [], set()
    for path in files:
        source_id = _source_id(path, manifest, taken)
        taken.add(source_id)
        calls.append((path, source_id, settings.chunk_size))
        file_progress(str(path), "read", 0, 1)
    # Text files read in milliseconds; a worker process takes a second to start.
    laid_out = sum(path.suffix.lower() in PACKAGED for path in files) >= 2
    for done, ((path, _, _), (outcome, failure)) in enumerate(zip(calls, outcomes(read_source, calls, laid_out)),
                                                              start=1):
        progress("parse", done, len(files))
        file_progress(str(path), "structure", 1, 1)
        if isinstance(failure, IngestError):
            report.errors.append(str(failure))
        elif failure is not None:  # a parser bug on one odd file must not cost the user the rest of the corpus
            report.errors.append(str(IngestError(f"{path}: could not be parsed ({failure.__class__.__name__}: "
                                                 f"{failure}); please report this file")))
        elif not (_copy_of(outcome.sha256, path, seen, report) or _copy_of(outcome.text_key, path, seen, report)):
            parsed.append(outcome.parsed)
            text_keys[outcome.parsed.source.id] = outcome.text_key
            report.warnings.extend(outcome.parsed.warnings + instruction_warnings(outcome.parsed))
    return parsed, text_keys


@dataclass(frozen=True)
class _ReadSource:
    """One file as read in a worker: its source, the hash of its bytes and of its text (text_sha256)."""

    parsed: ParsedSource
    sha256: str
    text_key: str


def read_source(path: Path, source_id: str, chunk_size: int) -> _ReadSource:
    """Read and structure one file (run in a worker process: module level, so it can be sent there)."""
    raw = load(path)
    one = bibliography.with_imprint(parse_by_pages(raw, source_id, chunk_size), raw.metadata)
    return _ReadSource(one, raw.sha256, text_sha256(one, raw))


def _copy_of(key: str, path: Path, seen: dict[str, Path], report: IngestReport) -> bool:
    """Whether a file with this content key was met first (stored, or earlier in this run); said if so."""
    first = seen.setdefault(key, path)
    if first.resolve() == path.resolve():
        return False
    report.warnings.append(f"{path}: same content as {first}; skipped")
    return True


def text_sha256(parsed: ParsedSource, raw: RawDocument) -> str:
    """The hash of a source's cleaned text: the same for a report saved with other line endings, a
    byte-order mark or another encoding, whose bytes differ. What the reader could not read (a garbled or
    scanned page, named by its notice) is part of it: two files whose readable text agrees but whose unread
    pages differ are two reports."""
    unread = [notice for page in raw.layout.pages for notice in page.notices] if raw.layout else []
    return hashlib.sha256("\n".join([parsed.source.text, *unread]).encode("utf-8")).hexdigest()


def _stored_first(files: list[Path], manifest: dict) -> list[Path]:
    """Files the store already holds come first, so a new copy of one is the duplicate, never the original."""
    stored = {Path(e["path"]).resolve() for e in manifest["sources"].values()}
    return sorted(files, key=lambda f: f.resolve() not in stored)


def _stored_elsewhere(files: list[Path], manifest: dict) -> dict[str, Path]:
    """Content hashes (of the bytes, and of the text where recorded) -> path of stored sources not being
    read now whose file is still there."""
    reading = {f.resolve() for f in files}
    return {key: Path(e["path"]) for e in manifest["sources"].values()
            if Path(e["path"]).exists() and Path(e["path"]).resolve() not in reading
            for key in (e["sha256"], e.get("text_sha256")) if key}


def _source_id(path: Path, manifest: dict, taken: set[str]) -> str:
    """The file's stem; a different file with the same stem gets a numbered id."""
    for entry_id, entry in manifest["sources"].items():
        if Path(entry["path"]).resolve() == path.resolve() and entry_id not in taken:
            return entry_id
    base, n = path.stem, 1
    candidate = base
    while candidate in taken or (candidate in manifest["sources"]
                                 and Path(manifest["sources"][candidate]["path"]).resolve() != path.resolve()):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _new_chunks(store: Store, parsed: list[ParsedSource]) -> list[Chunk]:
    wanted = [c for p in parsed for c in p.chunks]
    if not wanted:
        return []
    present = store.present_ids([c.id for c in wanted])
    return [c for c in wanted if c.id not in present]


class _EmbedProgress:
    """Each parsed file's new passages embedded so far, told to a FileProgress (at once for every file, so a
    file with nothing new is seen to be done)."""

    def __init__(self, parsed: list[ParsedSource], new_chunks: list[Chunk], file_progress: FileProgress):
        self.paths = {p.source.id: p.source.path for p in parsed}
        self.totals = Counter(c.source for c in new_chunks)
        self.done: Counter = Counter()
        self.file_progress = file_progress
        for source, path in self.paths.items():
            file_progress(path, "embed", 0, self.totals[source])

    def embedded(self, batch: Sequence[Chunk]) -> None:
        self.done.update(c.source for c in batch)
        for source in dict.fromkeys(c.source for c in batch):
            self.file_progress(self.paths[source], "embed", self.done[source], self.totals[source])


def _embed_and_add(store: Store, settings: Settings, chunks: list[Chunk], report: IngestReport,
                   progress: Progress, embedding: _EmbedProgress) -> None:
    loading = time.perf_counter()
    embedder = get_embedder(settings.model)
    report.model_seconds = time.perf_counter() - loading
    with embedder.on_every_core():
        for batch in in_batches(chunks, EMBED_BATCH):
            store.collection.upsert(ids=[c.id for c in batch], documents=[c.text for c in batch],
                                    embeddings=embedder.embed([c.text for c in batch]),
                                    metadatas=[chunk_metadata(c) for c in batch])
            report.embedded += len(batch)
            progress("embed", report.embedded, len(chunks))
            embedding.embedded(batch)


def chunk_metadata(chunk: Chunk) -> dict:
    """Chroma metadata: scalars only, so page None is left out."""
    meta = {"source": chunk.source, "title": chunk.title, "section": chunk.section, "kind": chunk.kind,
            "start": chunk.start, "end": chunk.end, "speaker": chunk.speaker, "table": chunk.table}
    if chunk.page is not None:
        meta["page"] = chunk.page
    if chunk.page_pdf is not None:
        meta["page_pdf"], meta["page_label"] = chunk.page_pdf, chunk.page_label
    return meta


def remove(source_ids: list[str], settings: Settings) -> int:
    """Take reports out of the store: their passages, parsed JSON and bibliographic corrections (their files
    stay where they are). Returns the passages deleted; StoreError names a report the store does not hold."""
    store = Store(settings)
    with store.writer_lock():
        manifest = store.manifest()
        for source_id in source_ids:
            if source_id not in manifest["sources"]:
                raise StoreError(f"no report '{source_id}' in the store at {settings.home}")
            del manifest["sources"][source_id]
        store.write_manifest(manifest)
        bibliography.forget(store.home, source_ids)
        return _sweep_orphans(store, manifest)


def _drop_missing(manifest: dict) -> None:
    """Sources whose file is gone leave the store."""
    for source_id in [s for s, e in manifest["sources"].items() if not Path(e["path"]).exists()]:
        del manifest["sources"][source_id]


def _sweep_orphans(store: Store, manifest: dict) -> int:
    """Delete chunks no manifest entry names: old versions of changed sources, or a killed run's."""
    keep = {cid for entry in manifest["sources"].values() for cid in entry["chunks"]}
    orphans = sorted(store.stored_ids() - keep)
    if orphans:
        store.delete_ids(orphans)
    for path in (store.home / "sources").glob("*.json"):
        if path.stem not in manifest["sources"]:
            path.unlink()
    return len(orphans)


def needs_ingest(paths: list[Path], settings: Settings) -> bool:
    """True when the store is missing, or a file's content differs from what the manifest holds."""
    store = Store(settings)
    if not store.exists():
        return True
    try:
        manifest = store.manifest()
        store.check_settings(manifest)
    except StoreError:
        return True
    if manifest.get("parser") != parser_version():
        return True
    known = {e["sha256"] for e in manifest["sources"].values()}
    files, _ = scan_sources(paths)
    return any(hashlib.sha256(f.read_bytes()).hexdigest() not in known for f in files)
