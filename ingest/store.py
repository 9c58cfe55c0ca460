"""The store: a Chroma collection of chunks, structured JSON per source, and a manifest.

Chroma is embedded on disk under the home folder, or a server when a URL is given. The
manifest is written last and atomically, so a store is always what its manifest says;
chunks that a killed ingest left behind are swept by the next one. Each store's collection is
named after an id its manifest records when the store is created, so homes sharing one Chroma
server keep their chunks apart.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import urlparse

from .embed import model_dimension, model_fingerprint
from .errors import StoreError, StoreLockedError, StoreMismatchError
from .settings import Settings
from .store_disk import can_write, readable_copy, refused_write
from .types import ParsedSource, parsed_from_dict, to_dict

MANIFEST_VERSION = 1
# Ids per Chroma call: its SQLite refuses a statement with more than 32,766 variables, and Chroma
# takes at most 5,461 records in one write.
ID_BATCH = 5_000

# Chroma keeps one System per folder per process (chromadb.api.shared_system_client), and the segments it
# has loaded are never refreshed from disk: once another process has written, the ids it added are not
# found ("Error finding id") and the ids it deleted are still returned. So a folder's System is used only
# while the store is at the version it was opened at; this process's own writes move that version along.
_SYSTEMS_AT: dict[str, int] = {}
_SYSTEMS_LOCK = threading.Lock()


def in_batches(items: Sequence, size: int = 0) -> Iterator[Sequence]:
    """Consecutive slices of at most `size` items (default ID_BATCH, read at call time)."""
    size = size or ID_BATCH
    for start in range(0, len(items), size):
        yield items[start:start + size]


def write_json_atomic(path: Path, data) -> None:
    """Write JSON whole or not at all: a write that fails (a full disk) leaves the old file and no
    temporary one behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _described(dimension: int | None, fingerprint: str) -> str:
    size = f"{dimension}-dimensional embeddings" if dimension else "embedding size not recorded"
    return f"{size}, files {fingerprint[:12]}"


def _well_formed(manifest) -> bool:
    """The shape every reader relies on: {"sources": {id: {"path", "sha256", "chunks"}}, ...}."""
    sources = manifest.get("sources") if isinstance(manifest, dict) else None
    return isinstance(sources, dict) and all(
        isinstance(entry, dict) and {"path", "sha256", "chunks"} <= set(entry) for entry in sources.values())


class Store:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.home = settings.home
        self._collection = None
        self._unsaved_id = ""
        self._replacing: str | None = None  # during a rebuild: the collection the new one replaces
        self._writing = False  # inside writer_lock: never read from a copy

    # ---- manifest and structured JSON ------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.home / "manifest.json"

    def exists(self) -> bool:
        return self.manifest_path.exists()

    def manifest(self) -> dict:
        if not self.manifest_path.exists():
            return self._empty_manifest(self._new_store_id())
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"the store at {self.home} is damaged ({exc}); run 'citebrief ingest --rebuild'") from exc
        if not _well_formed(manifest):
            raise StoreError(f"the store at {self.home} is damaged (manifest.json is not a citebrief manifest); "
                             "run 'citebrief ingest --rebuild'")
        return manifest

    def _new_store_id(self) -> str:
        """The id a new store's first manifest records; the same one until that manifest is written."""
        self._unsaved_id = self._unsaved_id or uuid.uuid4().hex[:16]
        return self._unsaved_id

    def version(self) -> int:
        """Changes whenever an ingest writes the manifest (0 before the first): a process that
        keeps a library open compares it to know when to reload. One stat call; the inode is part of
        it because each write is a new file, so two writes within one clock tick still differ."""
        try:
            stat = self.manifest_path.stat()
        except FileNotFoundError:
            return 0
        return hash((stat.st_mtime_ns, stat.st_ino, stat.st_size))

    def write_manifest(self, manifest: dict) -> None:
        """Write the manifest, unless it says what the stored one says: readers then have nothing to reload."""
        if self._replacing is None and self.exists() and self.manifest() == manifest:
            return
        write_json_atomic(self.manifest_path, manifest)
        self._opened_at_version()
        if self._replacing is not None and manifest.get("store_id") == self._unsaved_id:
            replaced, self._replacing = self._replacing, None
            if replaced and replaced != self.collection_name:
                self._drop_collection(replaced)

    def start_over(self) -> dict:
        """An empty manifest for a rebuild whose chunks go into a new collection: the store on disk
        stays whole, and is what readers see, until write_manifest records the new one (then the
        old collection goes). A rebuild that fails part way loses nothing."""
        replacing = self.collection_name if self.exists() else ""
        present = self._collection_names()  # a damaged database is found now, while --rebuild can still wipe it
        if not self.settings.chroma_url:  # embedded, every collection is this home's: drop killed rebuilds' leftovers
            for leftover in set(present) - {replacing}:
                self._drop_collection(leftover)
        self._unsaved_id, self._replacing, self._collection = uuid.uuid4().hex[:16], replacing, None
        return self._empty_manifest(self._unsaved_id)

    def _empty_manifest(self, store_id: str) -> dict:
        """A new store's manifest: its model by name and by what it is (model_sha256, see
        model_fingerprint; the embedding size, "dimension", is added by the ingest that embeds)."""
        return {"version": MANIFEST_VERSION, "store_id": store_id, "model": self.settings.model,
                "model_sha256": model_fingerprint(self.settings.model), "chunk_size": self.settings.chunk_size,
                "sources": {}}

    def abandon_rebuild(self) -> None:
        """Drop the collection of a rebuild that failed; the old store stays as it was."""
        if self._replacing is not None:
            pending = self.collection_name
            self._replacing, self._collection = None, None
            self._drop_collection(pending)

    def check_settings(self, manifest: dict) -> None:
        """Refuse a store built with another model or chunking: mixing them gives wrong answers. A model
        is known by its files too, so one replaced at the same path is refused as well (a store made
        before manifests recorded model_sha256 is checked by name only)."""
        for key in ("model", "chunk_size"):
            if manifest.get(key) != getattr(self.settings, key):
                raise StoreMismatchError(
                    f"the store at {self.home} was built with {key} '{manifest.get(key)}', not "
                    f"'{getattr(self.settings, key)}'; run 'citebrief ingest --rebuild' to rebuild it")
        built, now = manifest.get("model_sha256"), model_fingerprint(self.settings.model)
        if built and now and built != now:
            raise StoreMismatchError(
                f"the store at {self.home} was built with model '{manifest['model']}' "
                f"({_described(manifest.get('dimension'), built)}), not the model now at that name "
                f"({_described(model_dimension(self.settings.model), now)}); "
                "run 'citebrief ingest --rebuild' to rebuild it")

    def source_path(self, source_id: str) -> Path:
        return self.home / "sources" / f"{source_id}.json"

    def save_source(self, parsed: ParsedSource) -> None:
        write_json_atomic(self.source_path(parsed.source.id), to_dict(parsed))

    def load_source(self, source_id: str) -> ParsedSource:
        path = self.source_path(source_id)
        try:
            return parsed_from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:  # missing, cut short, wrong shape
            raise StoreError(f"the store at {self.home} is damaged ({path.name}: {exc.__class__.__name__}); "
                             "run 'citebrief ingest --rebuild'") from exc

    def load_all(self) -> list[ParsedSource]:
        manifest = self.manifest()
        if not manifest["sources"]:
            raise StoreError(f"the store at {self.home} is empty; run 'citebrief ingest' first")
        self.check_settings(manifest)
        return [self.load_source(source_id) for source_id in manifest["sources"]]

    # ---- Chroma ---------------------------------------------------------------------------
    @property
    def collection_name(self) -> str:
        """'citebrief-<store id>'; a store made before stores had ids keeps the shared name 'citebrief'."""
        store_id = self._unsaved_id if self._replacing is not None else self.manifest().get("store_id")
        return f"{self.settings.collection}-{store_id}" if store_id else self.settings.collection

    @property
    def collection(self):
        if self._collection is None:
            name = self.collection_name
            client = self._client()
            try:
                self._collection = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
            except Exception as exc:  # a half-deleted store opens, then fails on its first read
                raise self._damaged(exc) from exc
        return self._collection

    def _client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if self.settings.chroma_url:
                url = urlparse(self.settings.chroma_url)
                return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                           ssl=url.scheme == "https", settings=chroma_settings)
            return self._persistent_client(chromadb, chroma_settings)
        except Exception as exc:  # chromadb raises its own, sqlite and connection errors
            raise self._damaged(exc) from exc

    def _persistent_client(self, chromadb, chroma_settings):
        """The embedded store, opened where it is, or read from a copy when its disk refuses writes (a
        read-only folder, a full disk: Chroma writes whenever it opens; see ingest.store_disk)."""
        path = self._fresh_system()
        if self._writing or can_write(Path(path)):
            try:
                return chromadb.PersistentClient(path=path, settings=chroma_settings)
            except Exception as exc:
                if self._writing or not refused_write(exc, self.home):
                    raise
        return chromadb.PersistentClient(path=readable_copy(Path(path), self.version(), self.home),
                                         settings=chroma_settings)

    def _fresh_system(self, writing: bool = False) -> str:
        """The Chroma folder, its cached System forgotten when another process has changed the store since
        it was opened (or, for a writer, always: a killed ingest elsewhere may have added chunks without
        a manifest). Clients already open keep the System they have, so a question in flight finishes."""
        path = str(self.home / "chroma")
        with _SYSTEMS_LOCK:
            now = self.version()
            if writing or _SYSTEMS_AT.setdefault(path, now) != now:
                from chromadb.api.shared_system_client import SharedSystemClient

                SharedSystemClient._identifier_to_system.pop(path, None)  # not stopped: open clients still use it
                SharedSystemClient._identifier_to_refcount.pop(path, None)
                self._collection = None
            _SYSTEMS_AT[path] = now
        return path

    def _opened_at_version(self) -> None:
        """After this process wrote the manifest: its System has seen those writes, so it stays."""
        with _SYSTEMS_LOCK:
            _SYSTEMS_AT[str(self.home / "chroma")] = self.version()

    def _damaged(self, exc: Exception) -> StoreError:
        refused = refused_write(exc, self.home)
        if refused:
            return refused
        where = self.settings.chroma_url or self.home / "chroma"
        return StoreError(f"cannot open the Chroma store at {where} ({exc.__class__.__name__}: "
                          f"{str(exc).splitlines()[0] if str(exc) else ''}); "
                          "run 'citebrief ingest --rebuild' if it is damaged")

    def reset(self) -> None:
        """Drop everything: the collection, the structured JSON and the manifest."""
        self._drop_collection(self.collection_name)
        self._collection, self._unsaved_id = None, ""
        for name in ("sources", "manifest.json"):
            target = self.home / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()

    def _collection_names(self) -> list[str]:
        try:
            return [c if isinstance(c, str) else c.name for c in self._client().list_collections()]
        except Exception as exc:  # a damaged database: --rebuild then wipes the files instead
            raise self._damaged(exc) from exc

    def _drop_collection(self, name: str) -> None:
        if name in self._collection_names():
            try:
                self._client().delete_collection(name)
            except Exception as exc:
                raise self._damaged(exc) from exc

    def wipe_files(self) -> None:
        """Remove a damaged local store's files entirely (used by --rebuild when Chroma cannot open)."""
        for name in ("chroma", "sources", "manifest.json"):
            target = self.home / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()

    def stored_ids(self) -> set[str]:
        return set(self.collection.get(include=[])["ids"])

    def present_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of the ids the collection holds."""
        return {found for got in self._get_in_batches(ids, []) for found in got["ids"]}

    def vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        """The stored embeddings of those of the ids the collection holds."""
        return {i: v for got in self._get_in_batches(ids, ["embeddings"]) for i, v in zip(got["ids"], got["embeddings"])}

    def _get_in_batches(self, ids: Sequence[str], include: list[str]) -> Iterator[dict]:
        for batch in in_batches(ids):
            yield self.collection.get(ids=list(batch), include=include)

    def delete_ids(self, ids: Sequence[str]) -> None:
        for batch in in_batches(ids):
            self.collection.delete(ids=list(batch))

    # ---- the writer's lock ----------------------------------------------------------------
    @contextmanager
    def writer_lock(self):
        """One ingest at a time per store; a second one is refused at once with a clear message.

        The lock is the kernel's (flock), so a killed ingest never leaves a stale lock behind.
        """
        try:
            with self._locked() as handle:
                handle.truncate(0)
                handle.write(str(os.getpid()))
                handle.flush()
                if not self.settings.chroma_url:
                    self._fresh_system(writing=True)
                self._writing = True
                yield
        except Exception as exc:  # a write the disk refused (full, read-only) is said in one line
            refused = refused_write(exc, self.home)
            if refused:
                raise refused from exc
            raise
        finally:
            self._writing = False

    @contextmanager
    def _locked(self):
        """The lock file, held; StoreLockedError at once when another process holds it."""
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / ".lock", "a+") as handle:  # "a+": opening must not erase the holder's pid
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                handle.seek(0)
                holder = handle.read().strip()
                by = f" (process {holder})" if holder.isdigit() else ""
                raise StoreLockedError(f"another ingest{by} is writing to {self.home}; "
                                       "wait for it to finish, then run this again") from exc
            try:
                yield handle
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
