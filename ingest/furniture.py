"""Page furniture in a laid-out document: running headers and footers, page numbers, and page labels.

The signal is repetition at the same place: a line in the top or bottom band of the page whose
text, with its numbers masked, stands at about the same height on many pages, and either repeats
word for word or differs only in a number that rises with the page, is furniture
(a running header "Data Driven Healthcare in 2030", a footer "8 | AnalystX Observatory ...",
"Page 3 of 12", a browser's print date and URL). A bare page number in an edge band is furniture
wherever it stands. A slightly different copy of a furniture line (a URL cut one character
earlier), the rest of a footer line beside one, and a short edge line in a style printed on that
page alone (a one-off "| Private and Confidential") are furniture too. The cover's title is not: it does not stand where the running header does.

Page labels: the file's own (/PageLabels) when it has them; otherwise the number printed in the
page's furniture, taken from the numeric slot that rises with the PDF page index across pages.
Pages with no printed number get no label (""); a document that prints none at all gets () and
is cited by PDF page index.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from .layout import Layout, Line

EDGE_BAND = 0.12  # the top and bottom 12% of a page hold its running headers and footers
SAME_PLACE_POINTS = 12.0  # two furniture lines on different pages stand within this height of each other
MIN_SHARE_OF_PAGES = 0.3
NEAR_COPY_RATIO = 90
ONE_OFF_MAX_WORDS = 8
ONE_OFF_MIN_PAGES = 5  # in a shorter document every style may be printed on one page only  # rapidfuzz ratio at which an edge line counts as a copy of a furniture line
DIGITS = re.compile(r"\d+")
PAGE_NUMBER = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)


@dataclass(frozen=True)
class Furniture:
    """Which lines are furniture, as (page index, line index) pairs, and each page's printed label."""

    lines: frozenset[tuple[int, int]]
    labels: tuple[str, ...]  # by PDF page index - 1; "" where nothing is printed; () when none is


def find_furniture(layout: Layout) -> Furniture:
    edge = [(p, k, line) for p, page in enumerate(layout.pages) for k, line in enumerate(page.lines)
            if _in_edge_band(line, page.height)]
    repeated = _repeated_keys(edge, len(layout.pages))
    found = set()
    numbered: list[tuple[int, int, str]] = []  # (page, line, text) of furniture lines that may hold its number
    for p, k, line in edge:
        key = _key(line.text)
        if key in repeated or PAGE_NUMBER.match(line.text.strip()) or _near_copy(key, repeated):
            found.add((p, k))
            numbered.append((p, k, line.text))
    found |= _beside_furniture(edge, found) | _one_page_styles(layout, edge)
    labels = tuple(page.label for page in layout.pages)
    if not any(labels):
        labels = _printed_labels(numbered, len(layout.pages))
    # A document that prints no page numbers at all is cited by PDF page, as a viewer shows it.
    return Furniture(frozenset(found), labels if any(labels) else ())


def _beside_furniture(edge: list[tuple[int, int, Line]], found: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Edge lines on the same baseline as a furniture line: the rest of a footer ("82   Thinks | Private")."""
    rows = {(p, round(line.bottom)) for p, k, line in edge if (p, k) in found}
    return {(p, k) for p, k, line in edge if (p, round(line.bottom)) in rows}


def _one_page_styles(layout: Layout, edge: list[tuple[int, int, Line]]) -> set[tuple[int, int]]:
    """Short edge lines in a style the document uses on that page only: a one-off footer or header
    ("BritainThinks | Private and Confidential", a cover's "Publication reference: ...")."""
    if len(layout.pages) < ONE_OFF_MIN_PAGES:
        return set()
    pages_of: dict[tuple, set[int]] = defaultdict(set)
    for p, page in enumerate(layout.pages):
        for line in page.lines:
            pages_of[_style(line)].add(p)
    return {(p, k) for p, k, line in edge
            if pages_of[_style(line)] == {p} and len(line.text.split()) <= ONE_OFF_MAX_WORDS}


def _style(line: Line) -> tuple:
    return round(line.size * 2) / 2, line.bold, line.italic, line.color


def _in_edge_band(line: Line, height: float) -> bool:
    return bool(height) and (line.bottom < EDGE_BAND * height or line.top > (1 - EDGE_BAND) * height)


def _key(text: str) -> str:
    return " ".join(DIGITS.sub("#", text.lower()).split())


def _repeated_keys(edge: list[tuple[int, int, Line]], page_count: int) -> set[str]:
    """Masked texts that stand at about one height on at least MIN_SHARE_OF_PAGES of the pages (two at least)."""
    places: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
    for p, _, line in edge:
        places[_key(line.text)].append((p, line.top, line.text))
    needed = max(2, round(MIN_SHARE_OF_PAGES * page_count))
    repeated = set()
    for key, seen in places.items():
        heights = Counter(round(top / SAME_PLACE_POINTS) for _, top, _ in seen)
        band, _ = heights.most_common(1)[0]
        pages = {p for p, top, _ in seen if abs(round(top / SAME_PLACE_POINTS) - band) <= 1}
        if len(pages) >= needed and (_repeats_exactly(seen) or _counts_pages(seen)):
            repeated.add(key)
    return repeated


def _repeats_exactly(seen: list[tuple[int, float, str]]) -> bool:
    return len({text for _, _, text in seen}) < len(seen)


def _counts_pages(seen: list[tuple[int, float, str]]) -> bool:
    """Texts that differ only in a number rising with the page ("3 | Title", "Page 3 of 9"), unlike
    headings that differ in their own numbering ("Chapter 1" on page 2, "Chapter 2" on page 7)."""
    slots = min(len(DIGITS.findall(text)) for _, _, text in seen)
    for j in range(slots):
        offsets = Counter(p - int(DIGITS.findall(text)[j]) for p, _, text in seen)
        if offsets.most_common(1)[0][1] >= 0.8 * len(seen):
            return True
    return False


def _near_copy(key: str, repeated: set[str]) -> bool:
    return len(key) >= 12 and any(fuzz.ratio(key, other) >= NEAR_COPY_RATIO for other in repeated)


def _printed_labels(numbered: list[tuple[int, int, str]], page_count: int) -> tuple[str, ...]:
    """For each page, the number in its furniture whose slot rises with the page index (printed = PDF - offset)."""
    by_slot: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for p, _, text in numbered:
        for j, match in enumerate(DIGITS.finditer(text)):
            by_slot[(_key(text), j)].append((p, match.group()))
    offsets = Counter()
    for slot, values in by_slot.items():
        for p, value in values:
            offsets[(slot[1], p + 1 - int(value))] += 1
    labels = [""] * page_count
    for slot, values in by_slot.items():
        for p, value in values:
            offset = p + 1 - int(value)
            if offsets[(slot[1], offset)] >= max(2, len({q for q, _ in values}) // 2) and not labels[p]:
                labels[p] = value
    return tuple(labels)
