"""Read .txt, .md, .pdf, .docx, .html and .vtt files into page texts, with the file's layout where the
format has one (PDF, Word, HTML: ingest.readers); refuse what cannot be read, naming why.

Limits: a text file over MAX_TEXT_BYTES (or a PDF whose text is longer) is refused before it is
read whole, because every 1 MB of text is thousands of chunks to embed. Scanned PDFs are refused
(no OCR here). Text is decoded as UTF-8, UTF-16 with a byte-order mark, then cp1252, then latin-1.
A file read only in part, or in a script the embedding model does not read, is stored with one
warning line per fault naming the file (and page: the reader's Page.notices).
"""
from __future__ import annotations

import codecs
import hashlib
import json
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

from .errors import IngestError
from .layout import Layout
from .flat_text import flat_text
from .readers.docx import read_docx
from .readers.html import read_html
from .readers.markdown import read_markdown
from .readers.pdf import NO_TEXT_LAYER, read_pdf
from .scripts import foreign_script

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".vtt")
PACKAGED = (".pdf", ".docx")
TEXT_FORMATS = (".txt", ".md", ".vtt")  # files that carry images, so may be far larger than their text
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
MAX_TEXT_BYTES = 10 * 1024 * 1024  # ~36,000 chunks: hours of embedding on a laptop CPU
MAX_PDF_BYTES = 200 * 1024 * 1024  # PDFs carry images, so their files may be far larger than their text
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class RawDocument:
    path: Path
    sha256: str
    pages: tuple[tuple[int | None, str], ...]  # (page number or None, text)
    metadata: dict
    # The file as printed (ingest.layout), for formats whose reader gives more than text (PDF).
    layout: Layout | None = None
    # What was not read, or will not be answered well, each one line naming the file (and page).
    warnings: tuple[str, ...] = ()


def scan_sources(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The supported files under the paths, in a stable order, and one message per path that gave none."""
    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if not path.exists():
            problems.append(f"{path}: no such file or folder")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED and p.is_file())
            found.extend(files)
            if not files:
                problems.append(f"{path}: no {', '.join(SUPPORTED)} files in this folder")
        else:
            found.append(path)
    return found, problems


def find_sources(paths: list[Path]) -> list[Path]:
    """Expand folders into their supported files; a missing path or empty folder raises IngestError."""
    found, problems = scan_sources(paths)
    if problems:
        raise IngestError(problems[0])
    return found


def load(path: Path) -> RawDocument:
    """Read one file; raises IngestError with the file name and the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"{path}: unsupported file type '{suffix}' (use {', '.join(SUPPORTED)})")
    data = _read_bytes(path, MAX_PDF_BYTES if suffix in PACKAGED else MAX_TEXT_BYTES)
    if not data:
        raise IngestError(f"{path}: the file is empty")
    if not data.strip():
        raise IngestError(f"{path}: the file is empty (only whitespace)")
    layout = _layout(path, suffix, data)
    if layout is not None and layout.has_geometry:
        pages = tuple((p.number, p.text) for p in layout.pages)
    elif suffix in TEXT_FORMATS:  # the file's own text: a transcript is read from its lines
        pages = ((None, _decode(path, data)),)
    else:
        pages = ((None, flat_text(layout)),)
    if not any(text.strip() for _, text in pages):
        raise IngestError(f"{path}: no text found in the file")
    _check_text_size(path, pages)
    return RawDocument(path, hashlib.sha256(data).hexdigest(), pages, _metadata(path, layout), layout,
                       _page_warnings(path, layout) + _script_warnings(path, pages))


def _page_warnings(path: Path, layout: Layout | None) -> tuple[str, ...]:
    return tuple(f"{path}: page {page.number} {notice}" for page in (layout.pages if layout else ())
                 for notice in page.notices)


def _script_warnings(path: Path, pages: tuple[tuple[int | None, str], ...]) -> tuple[str, ...]:
    found = foreign_script("\n".join(text for _, text in pages))
    if found is None:
        return ()
    script, share = found
    return (f"{path}: written in {script} script ({share:.0%} of its letters), which the embedding model does not "
            "read (it reads English); it is stored, but questions about it will mostly go unanswered",)


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes; refused before reading when it is not a regular file or is over the limit."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(f"{path}: not a regular file")
        if info.st_size > limit:
            raise IngestError(f"{path}: too large to ingest ({_mb(info.st_size)}; the limit is {_mb(limit)}); "
                              "split it into smaller files")
        return path.read_bytes()
    except OSError as exc:  # vanished, unreadable, a folder named like a file...
        raise IngestError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _check_text_size(path: Path, pages: tuple[tuple[int | None, str], ...]) -> None:
    size = sum(len(text) for _, text in pages)
    if size > MAX_TEXT_BYTES:
        raise IngestError(f"{path}: too much text to ingest ({size:,} characters; the limit is "
                          f"{MAX_TEXT_BYTES:,}); split it into smaller files")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(UTF16_BOMS):
        text = _decode_utf16(path, data)
    elif b"\x00" in data[:4096]:
        raise IngestError(f"{path}: looks like a binary file, not text")
    else:
        text = next(t for t in (_try_decode(data, e) for e in TEXT_ENCODINGS) if t is not None)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise IngestError(f"{path}: looks like a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None  # latin-1, the last encoding tried, decodes any bytes


def _decode_utf16(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: starts like UTF-16 text but does not decode as UTF-16") from exc


def _pdf_layout(path: Path, data: bytes) -> Layout:
    _check_pdf_ends(path, data)
    try:
        with warnings.catch_warnings():  # warnings about damaged files would break one-line reports
            warnings.simplefilter("ignore")
            layout = read_pdf(path, data)
    except IngestError:
        raise
    except Exception as exc:  # pdfminer and pypdf raise many kinds on damaged files (and RecursionError)
        raise IngestError(f"{path}: not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    if layout.pages and not any(line.text.strip() for page in layout.pages for line in page.lines):
        unread = next((p for p in layout.pages if p.notices and p.notices[0] != NO_TEXT_LAYER), None)
        if unread is not None:  # text was printed, but none of it could be read
            raise IngestError(f"{path}: no page could be read (page {unread.number} {unread.notices[0]})")
        raise IngestError(f"{path}: the PDF has no text layer (a scan?); it needs OCR before ingesting")
    return layout


def _check_pdf_ends(path: Path, data: bytes) -> None:
    """A PDF starts with %PDF- and ends with %%EOF; a reader would rebuild a truncated one and lose pages quietly."""
    if b"%PDF-" not in data[:1024]:
        raise IngestError(f"{path}: not a readable PDF (it does not start like a PDF file)")
    if b"%%EOF" not in data[-4096:]:
        raise IngestError(f"{path}: the PDF is truncated (no end-of-file marker); copy it again from its origin")


def _layout(path: Path, suffix: str, data: bytes) -> Layout | None:
    """The file as its reader lays it out (PDF, Word, HTML, Markdown); None for plain text and WebVTT, whose
    layout is their text's lines (ingest.readers.text, read when the file is not a transcript)."""
    if suffix == ".pdf":
        return _pdf_layout(path, data)
    if suffix == ".docx":
        return read_docx(path, data)
    if suffix in (".html", ".htm"):
        return read_html(path, _decode(path, data))
    if suffix == ".md":
        return read_markdown(_decode(path, data))
    return None


def default_title(path: Path) -> str:
    """The title a source gets from its file name when NAME.meta.json gives none."""
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


def _metadata(path: Path, layout: Layout | None) -> dict:
    """Bibliographic metadata: NAME.meta.json beside the file, over what the file says of itself
    (ingest.readers.metadata), over defaults (the title from the file name)."""
    meta_path = path.with_name(path.stem + ".meta.json")
    meta = {"title": default_title(path),
            "publisher": "", "year": None, "kind": "report"}
    meta.update(layout.file_metadata if layout else {})
    if meta_path.exists():
        try:
            given = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IngestError(f"{meta_path}: metadata is not valid JSON ({exc})") from exc
        if not isinstance(given, dict):
            raise IngestError(f"{meta_path}: metadata must be a JSON object with title, publisher, year, kind")
        meta.update(given)
    _check_metadata(meta_path, meta)
    return meta


def _check_metadata(meta_path: Path, meta: dict) -> None:
    """Titles and years travel into every citation, so a wrong type is refused here, not met later."""
    for key in ("title", "publisher", "kind"):
        if not isinstance(meta.get(key), str):
            raise IngestError(f"{meta_path}: '{key}' must be a string")
    if meta.get("year") is not None and (not isinstance(meta["year"], int) or isinstance(meta["year"], bool)):
        raise IngestError(f"{meta_path}: 'year' must be a whole number or null")
