"""Footnote markers and paragraph numbers: cut from the words they are printed with, kept on the block.

- A footnote number glued to the end of a word or to the punctuation after it ("men,19", "24 votes3",
  "levelling up.89") is cut from the text and kept as a link, when the document prints a note opening with
  that number (a footnote, or an entry of its references). A reader's superscripts (Line.notes) are links
  already. Not cut: numbers in names ("COVID19", "Q3": no lower-case word before them), decimals ("1970.20").
- A paragraph number ("61. The committee ...") is the paragraph's label, not its text, when the document
  numbers its paragraphs: at least PARAGRAPH_RUN paragraphs numbered one after another (a numbered list of a
  few items keeps its numbers in its text).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .render import Piece

GLUED = re.compile(r"(?<=[a-z]{2})(?:[.,;:’”)])?(\d{1,3})(?=[\s.,;:)]|$)")
NOTE_OPENING = re.compile(r"^(\d{1,3})\.?\s+\S")
PARAGRAPH_NUMBER = re.compile(r"^(\d{1,3})\.\s+(?=[A-Z‘“\"(])")
PARAGRAPH_RUN = 10  # numbered lists rarely run past nine items; numbered paragraphs run into dozens


def with_markers_cut(pieces: list[Piece]) -> list[Piece]:
    """The pieces with glued footnote numbers and paragraph numbers cut out (see the module's docstring)."""
    notes = {m.group(1) for p in pieces if p.role in ("footnote", "paragraph") for m in [NOTE_OPENING.match(p.text)] if m}
    numbered = _numbered_paragraphs(pieces)
    out = []
    for k, piece in enumerate(pieces):
        if k in numbered:
            number = PARAGRAPH_NUMBER.match(piece.text)
            piece = replace(_without(piece, 0, number.end()), label=number.group(1) + ".")
        if piece.role in ("paragraph", "list_item", "quote", "heading") and notes:
            piece = _links_cut(piece, notes)
        out.append(piece)
    return out


def _numbered_paragraphs(pieces: list[Piece]) -> set[int]:
    runs: list[list[int]] = []
    for k, piece in enumerate(pieces):
        number = PARAGRAPH_NUMBER.match(piece.text) if piece.role == "paragraph" else None
        if number is None:
            continue
        if runs and int(PARAGRAPH_NUMBER.match(pieces[runs[-1][-1]].text).group(1)) + 1 == int(number.group(1)):
            runs[-1].append(k)
        else:
            runs.append([k])
    return {k for run in runs if len(run) >= PARAGRAPH_RUN for k in run}


def _links_cut(piece: Piece, notes: set[str]) -> Piece:
    for match in reversed([m for m in GLUED.finditer(piece.text) if m.group(1) in notes]):
        piece = replace(_without(piece, match.start(1), match.end(1)), links=(match.group(1),) + piece.links)
    return piece


def _without(piece: Piece, start: int, end: int) -> Piece:
    """The piece with text[start:end] taken out, its lines' spans moved to match."""
    cut = end - start
    spans = tuple((s - cut if s >= end else min(s, start), e - cut if e >= end else min(e, start)) for s, e in piece.spans)
    return replace(piece, text=piece.text[:start] + piece.text[end:], spans=spans)
