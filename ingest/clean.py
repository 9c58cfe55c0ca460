"""Remove page furniture (running headers, footers, page numbers) and normalise bullets.

Works line by line and keeps each line's page; paragraphs are re-flowed later, in layout.
Does not handle multi-column page layouts: their lines arrive interleaved from the PDF.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

COPYRIGHT_FOOTER = re.compile(r"^\s*(\d{1,4}\s+)?©.*$")
PAGE_NUMBER = re.compile(r"^\s*(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?\s*$", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[n•▪■●◦‣∙·*]|-(?=\s))\s+(?=\S)")
SHORT_LINE_WORDS = 6


@dataclass(frozen=True)
class Line:
    text: str
    page: int | None


def clean_lines(pages: tuple[tuple[int | None, str], ...], title: str) -> list[Line]:
    """All lines of the document, without furniture, blank lines kept as ''."""
    # A page break is a paragraph break; layout joins a sentence that runs on across it.
    lines = [Line(_blank_to_empty(text), page) for page, body in pages for text in body.split("\n") + [""]]
    furniture = _furniture_indexes(lines, title, page_count=len(pages))
    kept = [line for i, line in enumerate(lines) if i not in furniture]
    return _mark_bullets(kept)


def _blank_to_empty(text: str) -> str:
    text = text.replace("\t", " ").replace("\f", "").rstrip()
    return text if text.strip() else ""


def _furniture_indexes(lines: list[Line], title: str, page_count: int) -> set[int]:
    edges = _page_edge_indexes(lines) if page_count > 1 else set()
    # A bare number is a page number only at a page edge; elsewhere it may be table data.
    footers = {i for i, line in enumerate(lines) if line.text and COPYRIGHT_FOOTER.match(line.text)}
    footers |= {i for i in edges if PAGE_NUMBER.match(lines[i].text)}
    # Running headers stand next to a footer (blank lines between) or repeat at page edges.
    near = {j for i in footers for j in _neighbours(lines, i)} | edges
    counts = Counter(lines[j].text.strip().lower() for j in near)
    title_key = title.strip().lower()
    headers = set()
    for j in near:
        key = lines[j].text.strip().lower()
        if len(key.split()) > SHORT_LINE_WORDS or ends_with_punctuation(key):
            continue
        repeated = counts[key] >= 2 and (page_count > 1 or j not in edges)
        if repeated or (title_key and title_key.startswith(key)):
            headers.add(j)
    return footers | headers


def ends_with_punctuation(text: str) -> bool:
    return text.rstrip()[-1:] in ".,;:?!"


def _neighbours(lines: list[Line], i: int) -> list[int]:
    """The nearest non-blank line above and below index i."""
    found = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j].text:
            j += step
        if 0 <= j < len(lines):
            found.append(j)
    return found


def _page_edge_indexes(lines: list[Line]) -> set[int]:
    first: dict[int | None, int] = {}
    last: dict[int | None, int] = {}
    for i, line in enumerate(lines):
        if line.text:
            first.setdefault(line.page, i)
            last[line.page] = i
    return set(first.values()) | set(last.values())


def _mark_bullets(lines: list[Line]) -> list[Line]:
    """A bullet glyph opening a paragraph becomes '• '; 'n' is how PDF extraction renders the glyph."""
    out = []
    for i, line in enumerate(lines):
        opens_paragraph = i == 0 or not lines[i - 1].text or lines[i - 1].text.rstrip().endswith(":")
        if opens_paragraph and BULLET.match(line.text):
            line = Line("• " + BULLET.sub("", line.text, count=1).strip(), line.page)
        out.append(line)
    return out
