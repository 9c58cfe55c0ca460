"""Read a PDF into the layout model with pdfplumber: printed lines with position, font and colour.

pdfplumber (on pdfminer.six) gives every character with its box, font name, size and fill colour;
ingest.readers.pdf_lines groups the words into printed lines in reading order. pypdf answers what
pdfplumber does not: encryption, the document's own page labels (/PageLabels) and its information
dictionary (ingest.readers.pdf_metadata).

Nothing is dropped without a word: a page is read on its own, so one that cannot be read is left out
with a notice naming why (Page.notices) and the rest of the file is read; so is a page with no text
layer (a scanned page inside a text PDF), and text in a font whose text layer is garbled
(ingest.readers.garbled). A sideways page is read in its own orientation (ingest.readers.pdf_orientation).
Not handled: text in images (no OCR), text turned at other angles than quarter turns, right-to-left scripts.
"""
from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field, replace
from io import BytesIO

from ..errors import IngestError
from ..layout import Grid, Layout, Page
from .garbled import garbled_fonts, readable
from .pdf_lines import WORD_ATTRS, page_lines
from .pdf_metadata import pdf_metadata
from .pdf_orientation import TurnedPage, page_turn
from .pdf_tables import find_grids, in_grid

# A page with no characters on which an image covers at least this share is a scanned page. Measured on
# the nine real reports: every page printing an image of half the page or more also has a text layer
# (the WHO report's photo dividers); its one page without characters is blank.
SCANNED_COVER = 0.5
NO_TEXT_LAYER = "has no text layer (a scanned page?); it was not read"


@dataclass
class _PageWords:
    """A page as first read: its words and tables, before the document's garbled fonts are known."""

    number: int
    width: float
    height: float
    words: list[dict] = field(default_factory=list)
    grids: tuple[Grid, ...] = ()
    turn: int = 0
    notices: tuple[str, ...] = ()


def read_pdf(path, data: bytes) -> Layout:
    """The PDF's pages as printed lines in reading order; IngestError when it cannot be read at all."""
    import pdfplumber

    labels, info = _document(path, data)
    read: list[_PageWords] = []
    failures: list[Exception] = []
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with warnings.catch_warnings(), pdfplumber.open(BytesIO(data)) as pdf:
        warnings.simplefilter("ignore")
        for index, page in enumerate(pdf.pages, start=1):
            unread = _PageWords(index, float(page.width), float(page.height))
            read.append(_isolated(lambda: _read_page(page, index), unread, failures))
            page.close()  # pdfplumber caches every object of a page; a 200-page report would keep them all
    if failures and len(failures) == len(read):
        raise failures[0]  # not one page could be read: the file is damaged, not one odd page
    unreadable = garbled_fonts(w for p in read for w in p.words)
    pages = tuple(_isolated(lambda: _page(p, labels, unreadable),
                            Page(p.number, (), width=p.width, height=p.height, notices=p.notices), failures) for p in read)
    return Layout(pages, has_geometry=True, file_metadata=pdf_metadata(info, pages[0] if pages else None))


def _document(path, data: bytes) -> tuple[tuple[str, ...], dict]:
    """The document's own page labels (() when it has none: pypdf would invent '1', '2', ...) and its
    information dictionary."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise IngestError(f"{path}: the PDF is encrypted; save an unprotected copy and ingest that")
    labels = tuple(reader.page_labels) if "/PageLabels" in reader.trailer["/Root"] else ()
    try:
        found = reader.metadata or {}
        info = {key: found[key] for key in found}  # indexing resolves indirect objects; dict() would not
    except Exception:  # a damaged information dictionary costs the title, never the text
        info = {}
    return labels, info


def _isolated(read, fallback, failures: list[Exception]):
    """read(), or when it raises, the fallback with a notice naming the error: one odd page never costs
    the whole file."""
    try:
        return read()
    except Exception as exc:  # pdfminer and the table finder raise many kinds on odd pages
        failures.append(exc)
        return replace(fallback, notices=fallback.notices + (
            f"could not be read ({exc.__class__.__name__}: {exc}); it was left out, the rest of the file was read",))


def _read_page(page, number: int) -> _PageWords:
    width, height = float(page.width), float(page.height)
    if not any(c["text"].strip() for c in page.chars):
        notices = (NO_TEXT_LAYER,) if _scanned(page) else ()
        return _PageWords(number, width, height, notices=notices)
    turn = page_turn(page.chars)
    if turn:
        page = TurnedPage(page, turn)
        width, height = float(page.width), float(page.height)
    grids = tuple(find_grids(page))  # ruled tables: their words are read as cells, not lines
    words = [w for w in page.extract_words(extra_attrs=WORD_ATTRS, keep_blank_chars=False) if w.get("upright", True)]
    return _PageWords(number, width, height, words, grids, turn)


def _scanned(page) -> bool:
    """An image covers most of the page (called for pages that print no characters)."""
    area = float(page.width) * float(page.height) or 1.0
    return any((im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) >= SCANNED_COVER * area for im in page.images)


def _page(read: _PageWords, labels: tuple[str, ...], unreadable: set[str]) -> Page:
    kept = [w for w in read.words if readable(w, unreadable)]
    left = [w["text"] for w in read.words if not readable(w, unreadable)]
    notices = read.notices + _garbled_notice(left, bool(kept))
    grids = read.grids if kept or not read.words else ()  # a page read as all garbled has no readable cells
    lines = page_lines([w for w in kept if not in_grid(w, grids)], read.number, read.width)
    return Page(read.number, tuple(lines), grids, read.width, read.height,
                labels[read.number - 1] if len(labels) >= read.number else "", rotation=read.turn, notices=notices)


def _garbled_notice(left: list[str], any_kept: bool) -> tuple[str, ...]:
    """What a page says of the words left out as garbled (ingest.readers.garbled)."""
    if not left:
        return ()
    begins = " ".join(left[:4])[:40]
    if not any_kept:
        return (f"has a garbled text layer (a font without a usable character map; it begins \"{begins}\"); "
                "it was not read",)
    return (f"prints {len(left)} words in a font without a usable character map (they begin \"{begins}\"); "
            "they were left out",)
