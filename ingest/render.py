"""Blocks being built (Piece) and their rendering into the cleaned text every offset refers to.

The cleaned text is the blocks in reading order, a blank line between two: a paragraph's printed lines
re-flowed onto one line, a list item opening with '• ', a table as its caption then one line per row.
Each block keeps the printed lines it was made of with their span in its text, so that after rendering
every printed line knows its [start, end) in the cleaned text (how a citation finds its place on a page).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .layout import Line
from .tables import ParsedTable

WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
ITEM_MARK = "• "


@dataclass(frozen=True)
class Piece:
    """One block on its way to the document model: its role (ingest.types.ROLES), its text and its lines."""

    role: str
    text: str
    page: int | None
    lines: tuple[Line, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()  # each line's [start, end) in text
    level: int = 0  # a heading's level; a list item's nesting
    label: str = ""  # a paragraph number ("61."), a list marker, a footnote's number, cut from the text
    links: tuple[str, ...] = ()  # footnote numbers the block's words point to
    table: ParsedTable | None = None

    @property
    def page_breaks(self) -> tuple[tuple[int, int], ...]:
        """(offset in text, page) where a later page begins: a paragraph printed over a page break."""
        breaks, page = [], self.page
        for line, (start, _) in zip(self.lines, self.spans):
            if line.page is not None and page is not None and line.page != page:
                breaks.append((start, line.page))
                page = line.page
        return tuple(breaks)


@dataclass(frozen=True)
class PlacedPiece:
    """A piece and where it stands in the cleaned text; `spans` are its lines' (or a table's rows') spans there."""

    piece: Piece
    start: int
    end: int
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def page_starts(self) -> tuple[tuple[int, int | None], ...]:
        """(offset in the cleaned text, page) where the piece begins and where each of its lines (or a table's
        rows) printed on a later page begins: a paragraph over a page break, a table run over pages."""
        table = self.piece.table
        if table is not None and table.row_pages:  # spans: the caption line, then one line per row
            rows = tuple((start, page) for (start, _), page in zip(self.spans[1:], table.row_pages))
            return ((self.start, self.piece.page),) + rows
        return ((self.start, self.piece.page),) + tuple((self.start + at, page) for at, page in self.piece.page_breaks)


def joined(lines: list[Line], vocabulary: set[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The lines as one paragraph, with each line's span in it: a line-end hyphen is dropped where the
    document spells the word without it elsewhere ("reimburse-" + "ment"), kept otherwise ("long-" + "term")."""
    text, spans = "", []
    for line in lines:
        piece = " ".join(line.text.split())
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[:1].isalpha():
            head = WORD.findall(text)[-1].rstrip("-") if WORD.findall(text) else ""
            tail = WORD.match(piece).group(0) if WORD.match(piece) else ""
            dropped = (head + tail).lower() in vocabulary and f"{head}-{tail}".lower() not in vocabulary
            if dropped:
                text = text[:-1]
                spans[-1] = (spans[-1][0], len(text))
        elif text:
            text += " "
        spans.append((len(text), len(text) + len(piece)))
        text += piece
    return text, tuple(spans)


def vocabulary(texts) -> set[str]:
    """Every word (hyphenated compounds whole) printed inside a line, lower-cased."""
    found_words: set[str] = set()
    for text in texts:
        found = WORD.findall(text)
        found_words.update(w.lower() for w in (found[:-1] if text.rstrip().endswith("-") else found))
    return found_words


def merged(before: Piece, after: Piece) -> Piece:
    """One piece continuing another (a paragraph over a page break or a table): text joined by a space."""
    shift = len(before.text) + 1
    return replace(before, text=f"{before.text} {after.text}", lines=before.lines + after.lines,
                   spans=before.spans + tuple((s + shift, e + shift) for s, e in after.spans),
                   links=before.links + after.links)


def render(pieces: list[Piece], render_table) -> tuple[str, list[PlacedPiece]]:
    """The cleaned text and each piece's place in it; tables are rendered by render_table."""
    parts: list[str] = []
    placed: list[PlacedPiece] = []
    cursor = 0
    for piece in pieces:
        if parts:
            parts.append("\n\n")
            cursor += 2
        if piece.role == "table":
            rows = render_table(piece.table)
            text = "\n".join(rows)
            starts = [cursor + sum(len(r) + 1 for r in rows[:k]) for k in range(len(rows))]
            spans = tuple((s, s + len(r)) for s, r in zip(starts, rows))
        else:
            mark = ITEM_MARK if piece.role == "list_item" else ""
            text = mark + piece.text
            shift = cursor + len(mark)
            spans = tuple((s + shift, e + shift) for s, e in piece.spans)
        placed.append(PlacedPiece(piece, cursor, cursor + len(text), spans))
        parts.append(text)
        cursor += len(text)
    return "".join(parts), placed
