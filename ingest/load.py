"""Read .txt, .md and .pdf files into page texts; refuse what cannot be read, naming why."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import IngestError

SUPPORTED = (".txt", ".md", ".pdf")
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


@dataclass(frozen=True)
class RawDocument:
    path: Path
    sha256: str
    pages: tuple[tuple[int | None, str], ...]  # (page number or None, text)
    metadata: dict


def find_sources(paths: list[Path]) -> list[Path]:
    """Expand folders into their supported files, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise IngestError(f"{path}: no such file or folder")
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED and p.is_file()))
        else:
            found.append(path)
    return found


def load(path: Path) -> RawDocument:
    """Read one file; raises IngestError with the file name and the reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise IngestError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"{path}: unsupported file type '{suffix}' (use .txt, .md or .pdf)")
    pages = _pdf_pages(path, data) if suffix == ".pdf" else ((None, _decode(path, data)),)
    if not any(text.strip() for _, text in pages):
        raise IngestError(f"{path}: no text found in the file")
    return RawDocument(path, hashlib.sha256(data).hexdigest(), pages, _metadata(path))


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise IngestError(f"{path}: looks like a binary file, not text")
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise IngestError(f"{path}: looks like a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pdf_pages(path: Path, data: bytes) -> tuple[tuple[int | None, str], ...]:
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{path}: the PDF is encrypted; save an unprotected copy and ingest that")
        pages = tuple((number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1))
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"{path}: not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files; all mean the same here
        raise IngestError(f"{path}: not a readable PDF ({exc.__class__.__name__})") from exc
    if pages and not any(text.strip() for _, text in pages):
        raise IngestError(f"{path}: the PDF has no text layer (a scan?); it needs OCR before ingesting")
    return pages


def _metadata(path: Path) -> dict:
    """Bibliographic metadata from NAME.meta.json beside the file, with defaults from the file name."""
    meta_path = path.with_name(path.stem + ".meta.json")
    meta = {"title": path.stem.replace("-", " ").replace("_", " ").strip().capitalize(),
            "publisher": "", "year": None, "kind": "report"}
    if meta_path.exists():
        try:
            meta.update(json.loads(meta_path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise IngestError(f"{meta_path}: metadata is not valid JSON ({exc})") from exc
    return meta
