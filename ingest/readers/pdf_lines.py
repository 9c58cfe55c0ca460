"""A PDF page's words as printed lines: words on one baseline joined, cut where a wide gap shows two
columns or a table's cells, put in reading order (ingest.readers.reading_order), footnote markers cut off.

A footnote marker is a number printed smaller than its line and either glued to the word before it
("April 2022.4") or raised above that word's baseline ("£320 ¹", a LaTeX footnote mark after a figure);
it leaves the text and is kept in Line.notes, the link to its footnote.
Not handled: markers printed at the body's size, or lowered (subscripts), which stay in the text.
"""
from __future__ import annotations

from collections import Counter

from ..layout import Line
from .reading_order import Segment, reading_order

WORD_ATTRS = ["size", "fontname", "non_stroking_color"]
# Two words on one baseline further apart than this many font sizes are in different columns or cells.
COLUMN_GAP_EMS = 1.6
# A word this much smaller than its line and glued to the word before it is a superscript marker.
SUPERSCRIPT_RATIO = 0.8
GLUED_EMS = 0.05  # a gap under this many font sizes joins two words without a space
# A smaller number whose bottom sits this many font sizes above the word before it is raised: a footnote
# mark set as a superscript, whatever the gap. Measured on the nine real reports: such marks sit 0.34-0.36
# ems up (and fpdf2's superscripts 0.46); a smaller number on the baseline ("limitations 17, 31, 56", a
# reference list) is 0.00, and a smaller font's own descent moves its bottom under 0.1.
RAISED_EMS = 0.2


def page_lines(words: list[dict], page: int, width: float) -> list[Line]:
    """The words (pdfplumber's, with WORD_ATTRS) as printed lines in reading order."""
    segments = [segment for row in _rows(words) for segment in _split_at_gaps(row)]
    return [_line(segment.words, page) for segment in reading_order(segments, width)]


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
        if k and _is_note_mark(word, words[k - 1], size):
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


def _is_note_mark(word: dict, before: dict, size: float) -> bool:
    """A footnote number after a word: smaller than the line, and glued to the word or raised above it."""
    if not _is_marker(word["text"]) or word["size"] >= SUPERSCRIPT_RATIO * size:
        return False
    glued = word["x0"] - before["x1"] < GLUED_EMS * size
    return glued or before["bottom"] - word["bottom"] > RAISED_EMS * size  # a segment holds no column gap


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
