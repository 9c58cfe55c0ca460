"""A cited PDF page as printed: the page rendered to an image (pypdfium2, cached on disk) and the boxes of the
cited words on it, found among the page's words as pdfplumber reads them.

The cited words are matched to the page's words in order, word for word after folding case, accents and
punctuation; runs of at least MIN_RUN words count (a lone word such as "the" or "7" matches too easily),
unless the cited words are that few. A run's words on one printed line make one box. Not handled: words
the cleaned text changed beyond that (a hyphenated word joined across lines is matched by its other words),
and text in images.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from io import BytesIO
from pathlib import Path

SCALE = 1.5  # pixels per PDF point: 893 pixels across an A4 page, sharp in a dialog ~900 pixels wide
PNG_LEVEL = 1  # zlib's fastest: 0.07-0.18 s a page against 0.13-0.64 s at the default, files about as large
MIN_RUN = 2
WORD = re.compile(r"\w+")
SAME_LINE = 0.5  # two words whose tops differ by less than this share of their height are on one line


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in PDF points, measured from the page's top-left corner (pdfplumber's frame)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class PageView:
    """One printed page: its PNG, its size in points, the boxes of the cited words, and its label as printed."""

    png: bytes
    width: float
    height: float
    boxes: tuple[Box, ...]
    pdf_page: int
    label: str


def page_view(path: Path, sha256: str, pdf_page: int, label: str, cited: list[str], cache: Path) -> PageView:
    """The page (1-based index) of the PDF at `path`, with the boxes of each of the `cited` texts."""
    png = rendered(path, sha256, pdf_page, cache)
    width, height, words = page_words(path, sha256, pdf_page)
    boxes = tuple(box for text in cited for box in boxes_of(words, text))
    return PageView(png, width, height, boxes, pdf_page, label)


def rendered(path: Path, sha256: str, pdf_page: int, cache: Path) -> bytes:
    """The page as a PNG, from the cache folder when it was rendered before (the file's hash names it)."""
    target = cache / f"{sha256[:32]}-{pdf_page}-{SCALE}.png"
    if target.exists():
        return target.read_bytes()
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[pdf_page - 1].render(scale=SCALE).to_pil()
    finally:
        document.close()
    buffer = BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_LEVEL)
    cache.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    return buffer.getvalue()


@lru_cache(maxsize=64)
def page_words(path: Path, sha256: str, pdf_page: int) -> tuple[float, float, tuple[dict, ...]]:
    """The page's width, height and words (text and box) in the order the PDF draws them (its text flow,
    which follows columns where the cleaned text does). Cached by the file's hash, so a changed file is read anew."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[pdf_page - 1]
        words = page.extract_words(use_text_flow=True, keep_blank_chars=False)
        return float(page.width), float(page.height), tuple(
            {k: w[k] for k in ("text", "x0", "top", "x1", "bottom")} for w in words if w.get("upright", True))


def boxes_of(words: tuple[dict, ...], text: str) -> list[Box]:
    """The boxes, one per printed line, of the page's words that match `text` in order."""
    tokens, owners = _page_tokens(words)
    cited = tokens_of(text)
    if not cited:
        return []
    matcher = SequenceMatcher(None, tokens, cited, autojunk=False)
    least = min(MIN_RUN, len(cited))
    matched = sorted({owners[i] for run in matcher.get_matching_blocks() if run.size >= least
                      for i in range(run.a, run.a + run.size)})
    return _line_boxes([words[i] for i in matched])


def tokens_of(text: str) -> list[str]:
    """Words folded for matching: compatibility forms (ligatures), no accents, lower case."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return WORD.findall("".join(c for c in folded if not unicodedata.combining(c)).lower())


def _page_tokens(words: tuple[dict, ...]) -> tuple[list[str], list[int]]:
    """The page's tokens, and for each the index of the word it came from ("2030:" gives one, "e-mail" two)."""
    tokens, owners = [], []
    for index, word in enumerate(words):
        for token in tokens_of(word["text"]):
            tokens.append(token)
            owners.append(index)
    return tokens, owners


def _line_boxes(words: list[dict]) -> list[Box]:
    """Words grouped into printed lines (close tops, in drawing order), each line's words made one box."""
    lines: list[list[dict]] = []
    for word in words:
        last = lines[-1][-1] if lines else None
        height = word["bottom"] - word["top"]
        if last is not None and abs(word["top"] - last["top"]) < SAME_LINE * height and word["x0"] >= last["x0"]:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Box(min(w["x0"] for w in line), min(w["top"] for w in line), max(w["x1"] for w in line),
                max(w["bottom"] for w in line)) for line in lines]
