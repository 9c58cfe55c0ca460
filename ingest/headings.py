"""Evidence for which printed lines are headings, from font size, weight, numbering and shape.

These are features of the block model (ingest.block_features), not decisions:
- a style (font size, weight, slant, colour) used on two pages or more (or the document's largest, its
  title, or one that numbers its lines) and larger than the body's whose paragraphs are short (at most
  HEADING_MAX_LINES lines), or a body-size bold style used only for short lines that do not end a sentence,
  is shaped like a heading style (heading_styles);
- numbering: "4.1 Trust in the NHS" is numbered at depth 2 (numbering_depth); "Recommendation 3:" opens a
  numbered series (series_key); "Table 3:", "Figure 2" are numbered captions (CAPTION);
- in a document printed in one font, a one-line paragraph shaped like a title (plain_heading).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

HEADING_MAX_LINES = 3
NUMBERED = re.compile(r"^(\d{1,2}[A-Z]?(?:\.\d{1,2})*)\.?\s+\S")
SERIES = re.compile(r"^([A-Z][a-z]+)\s+(\d{1,2}|[A-Z])\b[:.]?")
CAPTION = re.compile(r"^(?:Table|Figure|Fig\.|Chart|Box|Graph|Exhibit|Map)\s+[A-Z]?\d", re.IGNORECASE)
SIZE_STEP = 0.6
PLAIN_HEADING_WORDS = 10  # points: sizes closer than this are the same size


@dataclass(frozen=True)
class Style:
    size: float
    bold: bool
    italic: bool
    color: str


def style_of(line) -> Style:
    return Style(round(line.size * 2) / 2, line.bold, line.italic, line.color)


def body_style(lines) -> Style:
    """The style most characters are printed in."""
    weights = Counter()
    for line in lines:
        weights[style_of(line)] += len(line.text)
    return weights.most_common(1)[0][0]


def heading_styles(paragraphs: list[list], body: Style) -> dict[Style, int]:
    """Heading styles with their levels (1 = top), from how each style's paragraphs are shaped.

    `paragraphs` are groups of lines that share one style.
    """
    shapes: dict[Style, list[list]] = defaultdict(list)
    for group in paragraphs:
        shapes[style_of(group[0])].append(group)
    if not shapes:
        return {}
    largest = max(shapes, key=lambda s: s.size)
    chosen = [s for s, groups in shapes.items() if s != body and _heading_shaped(s, groups, body)
              and (len({g[0].page for g in groups}) >= 2 or s == largest
                   or any(numbering_depth(g[0].text) for g in groups))]
    ranked = sorted(chosen, key=lambda s: (-s.size, not s.bold, s.italic))
    return {s: k + 1 for k, s in enumerate(ranked)}


def _heading_shaped(style: Style, groups: list[list], body: Style) -> bool:
    groups = [g for g in groups if not g[-1].text.rstrip().endswith(":")]  # lead-ins ("Key contributors:")
    short = [g for g in groups if len(g) <= HEADING_MAX_LINES and not _ends_sentence(g[-1].text)]
    if not groups:
        return False
    if style.size >= body.size + SIZE_STEP:
        return len(short) >= 0.6 * len(groups)
    if style.size > body.size - SIZE_STEP and style.bold:
        single = [g for g in short if len(g) == 1]
        return len(single) >= 0.9 * len(groups) and len(groups) >= 2
    return False


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in ".!?" and not NUMBERED.match(text.strip() + " x")


def numbering_depth(text: str) -> int:
    """1 for "4." or "4 Title", 2 for "4.1 Title", 0 when the text is not numbered."""
    match = NUMBERED.match(text)
    return match.group(1).count(".") + 1 if match else 0


def series_key(text: str) -> str | None:
    """"Recommendation" for "Recommendation 3: ..."; None when the text does not open a numbered series
    (numbered captions, "Table 3", "Figure 2", are a series of their own that is never headings)."""
    match = SERIES.match(text)
    return match.group(1) if match and not CAPTION.match(text) else None


def plain_heading(group: list, following: list | None) -> bool:
    """In a document printed in one font: a one-line paragraph shaped like a title (at most
    PLAIN_HEADING_WORDS words, capitalised, no sentence end, no long numbers) before a paragraph."""
    text = group[0].text.strip()
    return (len(group) == 1 and following is not None and 0 < len(text.split()) <= PLAIN_HEADING_WORDS
            and text[:1].isupper() and text[-1:] not in ".,;:!?-–" and not re.search(r"\d{2,}", text)
            and not CAPTION.match(text) and not following[0].text[:1].islower())
