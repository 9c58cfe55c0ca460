"""A store on a disk that refuses writes (full, or read-only): one line saying which, and reading still works.

Chroma writes to its database whenever it opens it (SQLite needs its journal even to find nothing to
change), so a store on a read-only folder or a full disk cannot even be read in place. It is read from a
copy in a temporary folder instead, made once per store version and removed when the process ends.
Not handled: a temporary folder that is full as well (then the error says so).
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
import threading
from pathlib import Path

from .errors import IngestError, StoreError

FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
# Chroma's errors carry no errno, so the disk itself is looked at: with less than this free, SQLite cannot
# write its journal plus one batch of 64 chunks (about 0.2 MB of vectors, text and metadata).
MIN_FREE_BYTES = 1 << 20
_COPIES: dict[tuple[str, int], tempfile.TemporaryDirectory] = {}
_COPIES_LOCK = threading.Lock()


def refused_write(exc: BaseException, home: Path) -> StoreError | None:
    """The one-line error for a write the store's disk refused (full, or read-only), else None."""
    kind, reason = _refusal(exc, home)
    if kind == "full":
        return StoreError(f"the disk holding the store at {home} is full ({reason}); free some space and run "
                          "this again (the store is as it was before this run)")
    if kind == "read-only":
        return StoreError(f"the store folder {home} is read-only ({reason}); ingest must write there: make it "
                          "writable or give another --home (ask, tables and quotes still read it)")
    return None


def _refusal(exc: BaseException, home: Path) -> tuple[str, str]:
    """("full" | "read-only" | "", the reason in words). An OSError says which by its errno; Chroma's own
    errors do not, so then the disk is asked whether it can still be written."""
    if isinstance(exc, (IngestError, StoreError)):
        return "", ""
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno in FULL:
            return "full", exc.strerror or "no space left on device"
        inside = exc.filename is None or Path(os.fsdecode(exc.filename)).resolve().is_relative_to(home.resolve())
        return ("read-only", exc.strerror or "not writable") if exc.errno in READ_ONLY and inside else ("", "")
    if not (can_write(home) and can_write(home / "chroma")):
        return "read-only", "not writable"
    if _free_bytes(home) < MIN_FREE_BYTES:
        return "full", "no space left on device"
    return "", ""


def can_write(folder: Path) -> bool:
    """Whether this process may write in the folder and to the files directly in it (False on a
    read-only file system even for root)."""
    if not folder.exists():
        return can_write(folder.parent) if folder.parent != folder else False
    return os.access(folder, os.W_OK) and all(os.access(p, os.W_OK) for p in folder.iterdir() if p.is_file())


def _free_bytes(folder: Path) -> int:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return MIN_FREE_BYTES


def readable_copy(chroma: Path, version: int, home: Path) -> str:
    """A copy of the Chroma folder to read from, in a temporary folder (one per store version)."""
    key = (str(chroma), version)
    with _COPIES_LOCK:
        if key not in _COPIES:
            folder = tempfile.TemporaryDirectory(prefix="citebrief-store-")
            try:
                shutil.copytree(chroma, Path(folder.name) / "chroma")
            except OSError as exc:
                folder.cleanup()
                raise StoreError(f"cannot read the store at {home}: its disk refuses writes, which Chroma needs "
                                 f"even to read, and copying it to {tempfile.gettempdir()} failed ({exc.strerror}); "
                                 "free some space there or set TMPDIR to a folder with room") from exc
            _COPIES[key] = folder
        return str(Path(_COPIES[key].name) / "chroma")
