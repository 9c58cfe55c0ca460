"""Read a PDF into the layout model with pdfplumber: printed lines with position, font and colour.

pdfplumber (on pdfminer.six) gives every word with its box, font name, size and fill colour; this
module groups words into printed lines, cuts a line where a wide gap shows two columns or a table's
cells, puts the pieces in reading order (ingest.readers.reading_order) and cuts superscript footnote
markers off the words they are glued to ("April 2022.4"). pypdf answers what pdfplumber does not:
encryption, and the document's own page labels (/PageLabels).

Not handled: text in images (no OCR), rotated text (chart axis labels; dropped), right-to-left scripts.
"""
from __future__ import annotations

import logging
import warnings
from collections import Counter
from io import BytesIO

from ..errors import IngestError
from ..layout import Layout, Line, Page
from .pdf_tables import find_grids, in_grid
from .reading_order import Segment, reading_order

WORD_ATTRS = ["size", "fontname", "non_stroking_color"]
# Two words on one baseline further apart than this many font sizes are in different columns or cells.
COLUMN_GAP_EMS = 1.6
# A word this much smaller than its line and glued to the word before it is a superscript marker.
SUPERSCRIPT_RATIO = 0.8
GLUED_EMS = 0.05  # a gap under this many font sizes joins two words without a space


def read_pdf(path, data: bytes) -> Layout:
    """The PDF's pages as printed lines in reading order; IngestError when it cannot be read."""
    import pdfplumber

    labels = _page_labels(path, data)
    pages = []
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with warnings.catch_warnings(), pdfplumber.open(BytesIO(data)) as pdf:
        warnings.simplefilter("ignore")
        for index, page in enumerate(pdf.pages, start=1):
            grids = tuple(find_grids(page))  # ruled tables: their words are read as cells, not lines
            lines = _page_lines(page, index, grids)
            pages.append(Page(index, tuple(lines), grids, float(page.width), float(page.height),
                              labels[index - 1] if labels else ""))
            page.close()  # pdfplumber caches every object of a page; a 200-page report would keep them all
    return Layout(tuple(pages), has_geometry=True)


def _page_labels(path, data: bytes) -> tuple[str, ...]:
    """The document's own page labels, or () when it has none (pypdf would invent '1', '2', ...)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise IngestError(f"{path}: the PDF is encrypted; save an unprotected copy and ingest that")
    if "/PageLabels" not in reader.trailer["/Root"]:
        return ()
    return tuple(reader.page_labels)


def _page_lines(page, index: int, grids=()) -> list[Line]:
    words = [w for w in page.extract_words(extra_attrs=WORD_ATTRS, keep_blank_chars=False)
             if w.get("upright", True) and not in_grid(w, grids)]
    segments = [segment for row in _rows(words) for segment in _split_at_gaps(row)]
    return [_line(segment.words, index) for segment in reading_order(segments, float(page.width))]


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words sharing a baseline band: a word joins a row when it overlaps the row's middle vertically."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        row = next((r for r in reversed(rows[-3:]) if _overlaps(r, word)), None)
        if row is None:
            rows.append([word])
        else:
            row.append(word)
    return [sorted(r, key=lambda w: w["x0"]) for r in rows]


def _overlaps(row: list[dict], word: dict) -> bool:
    main = max(row, key=lambda w: w["size"])
    middle = (main["top"] + main["bottom"]) / 2
    return word["top"] <= middle <= word["bottom"] or main["top"] <= (word["top"] + word["bottom"]) / 2 <= main["bottom"]


def _split_at_gaps(row: list[dict]) -> list[Segment]:
    size = _main_size(row)
    pieces: list[list[dict]] = [[row[0]]]
    for word in row[1:]:
        if word["x0"] - pieces[-1][-1]["x1"] > COLUMN_GAP_EMS * size:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [Segment(p, p[0]["x0"], min(w["top"] for w in p), max(w["x1"] for w in p), max(w["bottom"] for w in p))
            for p in pieces]


def _main_size(words: list[dict]) -> float:
    weights = Counter()
    for w in words:
        weights[round(w["size"], 1)] += len(w["text"])
    return weights.most_common(1)[0][0]


def _line(words: list[dict], page: int) -> Line:
    size = _main_size(words)
    text, notes = "", []
    main_words: list[dict] = []
    for k, word in enumerate(words):
        if k and word["x0"] - words[k - 1]["x1"] < GLUED_EMS * size and word["size"] < SUPERSCRIPT_RATIO * size \
                and _is_marker(word["text"]):
            notes.append(word["text"])
            continue
        # glued to the last word kept, not to a marker cut between them ("survey⁴ ran")
        glued = bool(main_words) and word["x0"] - main_words[-1]["x1"] < GLUED_EMS * size
        text += word["text"] if glued or not text else " " + word["text"]
        main_words.append(word)
    main_words = main_words or words
    return Line(text=text, page=page, x0=words[0]["x0"], top=min(w["top"] for w in words), x1=words[-1]["x1"],
                bottom=max(w["bottom"] for w in words), size=size, bold=_share(main_words, _is_bold) > 0.5,
                italic=_share(main_words, _is_italic) > 0.5, color=_colors(main_words)[0], colors=_colors(main_words),
                notes=tuple(notes))


def _is_marker(text: str) -> bool:
    """Footnote markers: 1-3 digits, or a run of them with commas ("4,5")."""
    return bool(text) and len(text) <= 7 and all(ch.isdigit() or ch == "," for ch in text) and text[0].isdigit()


def _share(words: list[dict], test) -> float:
    total = sum(len(w["text"]) for w in words) or 1
    return sum(len(w["text"]) for w in words if test(w["fontname"])) / total


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return any(mark in name for mark in ("bold", "black", "heavy", "semibold", "demi")) or name.endswith(",b")


def _is_italic(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return "italic" in name or "oblique" in name


def _colors(words: list[dict]) -> tuple[str, ...]:
    """The fill colours of the words' characters, most used first."""
    colors = Counter()
    for w in words:
        colors[str(w.get("non_stroking_color"))] += len(w["text"])
    return tuple(c for c, _ in colors.most_common())

