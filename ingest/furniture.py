"""Page furniture in a laid-out document: running headers and footers, page numbers, and page labels.

The signal is repetition at the same place: a line in the top or bottom band of the page whose
text, with its numbers masked, stands at about the same height on many pages, and either repeats
word for word or differs only in a number that rises with the page, is furniture
(a running header "Data Driven Healthcare in 2030", a footer "8 | AnalystX Observatory ...",
"Page 3 of 12", a browser's print date and URL). A bare page number in an edge band is furniture
wherever it stands. A slightly different copy of a furniture line (a URL cut one character
earlier), the rest of a footer line beside one, and a short edge line in a style printed on that
page alone (a one-off "| Private and Confidential") are furniture too. Lines printed larger than the
body are never counted or one-off furniture: they are headings ("Case study 3" atop its page). The cover's title is not: it does not stand where the running header does.

Plain text (ingest.readers.text) has no places, so its furniture is found by what it says: a copyright
line ("3 © The King's Fund 2010"), a bare page number at a page's first or last line, and short lines
standing next to those (or at page edges) that repeat, or begin the document's title (a running header).

Page labels: the file's own (/PageLabels) when it has them, unless the pages of one of its runs print
other numbers more often than its own (then the printed ones); otherwise the number printed in the
page's furniture, taken from the numeric slot that rises with the PDF page index across pages.
Pages with no printed number get no label (""), unless they stand between pages printing n - 1 and
n + 1 (a full-page table without its footer: page n); a document that prints none at all gets () and
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
HEADING_RATIO = 1.15  # printed this much larger than the body, a line is a heading, not furniture
ONE_OFF_MIN_PAGES = 5  # in a shorter document every style may be printed on one page only  # rapidfuzz ratio at which an edge line counts as a copy of a furniture line
DIGITS = re.compile(r"\d+")
COPYRIGHT = re.compile(r"^\s*(\d{1,4}\s+)?©")
TEXT_HEADER_WORDS = 6  # a running header of a text dump is a short line (a title, a chapter's name)
PAGE_NUMBER = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
# Front matter is often numbered in roman numerals ("i", "ii", "xiv"), in lower or upper case.
ROMAN = re.compile(r"^(?=[ivxlc]+$|[IVXLC]+$)(c{0,3}|C{0,3})(xc|xl|l?x{0,3}|XC|XL|L?X{0,3})(ix|iv|v?i{0,3}|IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True)
class Furniture:
    """Which lines are furniture, as (page index, line index) pairs, and each page's printed label."""

    lines: frozenset[tuple[int, int]]
    labels: tuple[str, ...]  # by PDF page index - 1; "" where nothing is printed; () when none is


def find_furniture(layout: Layout) -> Furniture:
    if layout.plain_lines:
        return Furniture(frozenset(_text_furniture(layout)), ())
    if not layout.has_geometry:  # Word, HTML, Markdown: their readers leave headers and footers out
        return Furniture(frozenset(), ())
    edge = [(p, k, line) for p, page in enumerate(layout.pages) for k, line in enumerate(page.lines)
            if _in_edge_band(line, page.height)]
    body_size = _body_size(layout)
    repeated = _repeated_keys(edge, len(layout.pages), body_size)
    found = set()
    numbered: list[tuple[int, int, str]] = []  # (page, line, text) of furniture lines that may hold its number
    for p, k, line in edge:
        key = _key(line.text)
        if key in repeated or PAGE_NUMBER.match(line.text.strip()) or _roman(line.text) or _near_copy(key, repeated):
            found.add((p, k))
            numbered.append((p, k, line.text))
    found |= _beside_furniture(edge, found) | _one_page_styles(layout, edge, body_size)
    printed = _between_numbered(_printed_labels(numbered, len(layout.pages)))
    own = tuple(page.label for page in layout.pages)
    labels = _reconciled(own, printed) if any(own) else printed
    # A document that prints no page numbers at all is cited by PDF page, as a viewer shows it.
    return Furniture(frozenset(found), labels if any(labels) else ())


def _beside_furniture(edge: list[tuple[int, int, Line]], found: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Edge lines on the same baseline as a furniture line: the rest of a footer ("82   Thinks | Private")."""
    rows = {(p, round(line.bottom)) for p, k, line in edge if (p, k) in found}
    return {(p, k) for p, k, line in edge if (p, round(line.bottom)) in rows}


def _one_page_styles(layout: Layout, edge: list[tuple[int, int, Line]], body_size: float) -> set[tuple[int, int]]:
    """Short edge lines in a style the document uses on that page only: a one-off footer or header
    ("BritainThinks | Private and Confidential", a cover's "Publication reference: ...")."""
    if len(layout.pages) < ONE_OFF_MIN_PAGES:
        return set()
    pages_of: dict[tuple, set[int]] = defaultdict(set)
    for p, page in enumerate(layout.pages):
        for line in page.lines:
            pages_of[_style(line)].add(p)
    return {(p, k) for p, k, line in edge if pages_of[_style(line)] == {p}
            and len(line.text.split()) <= ONE_OFF_MAX_WORDS and line.size <= HEADING_RATIO * body_size}


def _style(line: Line) -> tuple:
    return round(line.size * 2) / 2, line.bold, line.italic, line.color


def _in_edge_band(line: Line, height: float) -> bool:
    return bool(height) and (line.bottom < EDGE_BAND * height or line.top > (1 - EDGE_BAND) * height)


def _key(text: str) -> str:
    return " ".join(DIGITS.sub("#", text.lower()).split())


def _body_size(layout: Layout) -> float:
    """The font size most characters are printed in (points)."""
    sizes = Counter()
    for page in layout.pages:
        for line in page.lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _repeated_keys(edge: list[tuple[int, int, Line]], page_count: int, body_size: float) -> set[str]:
    """Masked texts that stand at about one height on at least MIN_SHARE_OF_PAGES of the pages (two at least)."""
    places: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
    larger: set[str] = set()
    for p, _, line in edge:
        places[_key(line.text)].append((p, line.top, line.text))
        if line.size > HEADING_RATIO * body_size:
            larger.add(_key(line.text))
    needed = max(2, round(MIN_SHARE_OF_PAGES * page_count))
    repeated = set()
    for key, seen in places.items():
        heights = Counter(round(top / SAME_PLACE_POINTS) for _, top, _ in seen)
        band, _ = heights.most_common(1)[0]
        pages = {p for p, top, _ in seen if abs(round(top / SAME_PLACE_POINTS) - band) <= 1}
        # A line larger than the body that counts with the pages is a numbered heading ("Case study 3").
        if len(pages) >= needed and (_repeats_exactly(seen) or (_counts_pages(seen) and key not in larger)):
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
    """For each page, the number in its furniture whose slot rises with the page index (printed = PDF - offset),
    as printed: a bare roman numeral ("iii") is a slot of its own, so front matter keeps its labels."""
    by_slot: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)  # slot -> (page, value, printed)
    for p, _, text in numbered:
        if _roman(text):
            by_slot[("roman", 0)].append((p, _roman(text), text.strip()))
        for j, match in enumerate(DIGITS.finditer(text)):
            by_slot[(_key(text), j)].append((p, int(match.group()), match.group()))
    offsets = Counter((slot[1] if slot[0] != "roman" else -1, p + 1 - value)
                      for slot, values in by_slot.items() for p, value, _ in values)
    labels = [""] * page_count
    voted = [(offsets[(slot[1] if slot[0] != "roman" else -1, p + 1 - value)], p, printed, len({q for q, _, _ in values}))
             for slot, values in by_slot.items() for p, value, printed in values]
    for count, p, printed, pages in sorted(voted, key=lambda v: -v[0]):  # a page printing two numbers (a facing
        if count >= max(2, pages // 2) and not labels[p]:  # page's header beside its own) takes the better supported
            labels[p] = printed
    return tuple(labels)


def _reconciled(own: tuple[str, ...], printed: tuple[str, ...]) -> tuple[str, ...]:
    """The file's own labels, except on a run of them (each counting on from the one before) whose pages print
    other numbers more often than theirs: there the printed labels stand (a file labelling its roman-numbered
    front matter 1, 2, 3 ..., its unnumbered cover included)."""
    labels: list[str] = []
    for run in _label_runs(own):
        agree = sum(1 for p in run if printed[p] and printed[p] == own[p])
        differ = sum(1 for p in run if printed[p] and printed[p] != own[p])
        labels += [printed[p] if differ > agree else own[p] for p in run]
    return tuple(labels)


def _label_runs(labels: tuple[str, ...]) -> list[list[int]]:
    """The page indexes in runs of labels that count on by one ('1', '2', ... or 'i', 'ii', ...)."""
    runs: list[list[int]] = []
    for p, label in enumerate(labels):
        before = labels[p - 1] if p else ""
        counts_on = label.isdigit() == before.isdigit() and _value(label) and _value(label) == _value(before) + 1
        if runs and counts_on:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def _value(label: str) -> int:
    return int(label) if label.isdigit() else _roman(label)


def _between_numbered(labels: tuple[str, ...]) -> tuple[str, ...]:
    """A page that prints no number between pages printing n - 1 and n + 1 is page n (a full-page table
    or figure set without its footer): cited by the number the report's sequence gives it."""
    filled = list(labels)
    for p in range(1, len(labels) - 1):
        before, after = labels[p - 1], labels[p + 1]
        if not labels[p] and before.isdigit() and after.isdigit() and int(after) - int(before) == 2:
            filled[p] = str(int(before) + 1)
    return tuple(filled)


def _roman(text: str) -> int:
    """The value of a line that is only a roman numeral ("xiv" -> 14); 0 for anything else."""
    text = text.strip()
    if not text or not ROMAN.match(text):
        return 0
    values = [ROMAN_VALUES[c] for c in text.lower()]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


# ---- plain text ---------------------------------------------------------------------------------------

def _text_furniture(layout: Layout) -> set[tuple[int, int]]:
    lines = [(p, k, line.text) for p, page in enumerate(layout.pages) for k, line in enumerate(page.lines)]
    edges = _text_page_edges(lines) if len(layout.pages) > 1 else set()
    # A bare number is a page number only at a page edge; elsewhere it may be table data.
    footers = {i for i, (_, _, text) in enumerate(lines) if COPYRIGHT.match(text)}
    footers |= {i for i in edges if PAGE_NUMBER.match(lines[i][2].strip())}
    near = {j for i in footers for j in _text_neighbours(lines, i)} | edges
    counts = Counter(lines[j][2].strip().lower() for j in near)
    title = layout.file_metadata.get("title", "").strip().lower()
    headers = set()
    for j in near:
        key = lines[j][2].strip().lower()
        if len(key.split()) > TEXT_HEADER_WORDS or key[-1:] in ".,;:?!":
            continue
        if (counts[key] >= 2 and (len(layout.pages) > 1 or j not in edges)) or (title and title.startswith(key)):
            headers.add(j)
    return {lines[i][:2] for i in footers | headers}


def _text_neighbours(lines: list[tuple[int, int, str]], i: int) -> list[int]:
    """The nearest non-blank line above and below line i."""
    found = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j][2]:
            j += step
        if 0 <= j < len(lines):
            found.append(j)
    return found


def _text_page_edges(lines: list[tuple[int, int, str]]) -> set[int]:
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, (p, _, text) in enumerate(lines):
        if text:
            first.setdefault(p, i)
            last[p] = i
    return set(first.values()) | set(last.values())
