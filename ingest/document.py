"""The document model stored with each source (ingest.types.Block), built from the rendered blocks, and the
accessors a caller needs: the block at an offset, a list's items and lead-in, a quote's attribution, and
the boxes on the printed pages that show a span of the cleaned text.

A block's parent: a heading's is the nearest heading above it of a higher level; an attribution's is
the quote it follows; a list item's is the paragraph that leads into its list (one ending with ':' or
saying 'the following'), a quote's the paragraph introducing it (ending with ':'); anything else's is
its section's heading. Line boxes are on PDF pages only; a format without geometry gives none.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .render import Piece, PlacedPiece
from .types import Block, LineBox

LEADS_IN = re.compile(r"(?::|\b(?:the following|as follows|below|these)[.:]?)\s*$", re.IGNORECASE)
Box = tuple[int | None, float, float, float, float]  # (page, x0, top, x1, bottom)


def document_blocks(placed: list[PlacedPiece], roles: list[str]) -> tuple[Block, ...]:
    """The stored blocks, one per placed piece, with `roles` (the pieces' final roles) and their parents."""
    blocks = [_block(p, role) for p, role in zip(placed, roles)]
    return tuple(_with_parents(blocks, [p.piece.text for p in placed]))


def off_text_blocks(pieces: list[Piece]) -> tuple[Block, ...]:
    """The layer off the text (furniture, figure text): each with its words and boxes, no span."""
    return tuple(Block(p.role, -1, -1, p.page, _box(p.lines), text=p.text,
                       lines=tuple(_line_box(line, -1, -1) for line in p.lines)) for p in pieces)


def _block(placed: PlacedPiece, role: str) -> Block:
    piece = placed.piece
    lines = () if piece.role == "table" else tuple(_line_box(line, s, e) for line, (s, e) in zip(piece.lines, placed.spans))
    return Block(role, placed.start, placed.end, piece.page, _box(piece.lines), piece.level, None, piece.label,
                 piece.links, lines)


def _line_box(line, start: int, end: int) -> LineBox:
    return LineBox(line.page, round(line.x0, 1), round(line.top, 1), round(line.x1, 1), round(line.bottom, 1), start, end)


def _box(lines) -> tuple[float, ...]:
    """The box around the lines printed on the first one's page; () without geometry."""
    on_page = [line for line in lines if line.page is not None and line.page == lines[0].page and line.x1 > 0]
    if not on_page:
        return ()
    return (round(min(l.x0 for l in on_page), 1), round(min(l.top for l in on_page), 1),
            round(max(l.x1 for l in on_page), 1), round(max(l.bottom for l in on_page), 1))


def _with_parents(blocks: list[Block], texts: list[str]) -> list[Block]:
    out: list[Block] = []
    headings: list[int] = []  # the open headings, outermost first
    lead_in: int | None = None
    for k, block in enumerate(blocks):
        if block.role in ("heading", "title"):
            headings = [h for h in headings if blocks[h].level < block.level]
            parent = headings[-1] if headings else None
            headings.append(k)
        elif block.role == "attribution" and k and blocks[k - 1].role == "quote":
            parent = k - 1
        elif block.role in ("list_item", "quote") and lead_in is not None:
            parent = lead_in
        else:
            parent = headings[-1] if headings else None
        if block.role not in ("list_item", "quote", "attribution"):
            lead_in = k if block.role == "paragraph" and LEADS_IN.search(texts[k]) else None
        out.append(Block(**{**block.__dict__, "parent": parent}))
    return out


# ---- accessors ------------------------------------------------------------------------------------------

def block_at(blocks: tuple[Block, ...], offset: int) -> int | None:
    """The index of the block holding this offset of Source.text, or None (between blocks, or past the end)."""
    k = bisect_right([b.start for b in blocks], offset) - 1
    return k if k >= 0 and blocks[k].start <= offset < blocks[k].end else None


def list_of(blocks: tuple[Block, ...], k: int) -> tuple[int | None, list[int]]:
    """A list item's lead-in (None when its list has none) and the items of its list, in order."""
    if blocks[k].role != "list_item":
        return None, []
    first = k
    while first and blocks[first - 1].role == "list_item" and blocks[first - 1].parent == blocks[k].parent:
        first -= 1
    last = k
    while last + 1 < len(blocks) and blocks[last + 1].role == "list_item" and blocks[last + 1].parent == blocks[k].parent:
        last += 1
    parent = blocks[k].parent
    lead = parent if parent is not None and blocks[parent].role == "paragraph" else None
    return lead, list(range(first, last + 1))


def attribution_of(blocks: tuple[Block, ...], k: int) -> int | None:
    """The attribution printed with the quote at k ('Liverpool, male, Workshop 1'), or None."""
    after = k + 1
    return after if after < len(blocks) and blocks[after].role == "attribution" and blocks[after].parent == k else None


def boxes_for(blocks: tuple[Block, ...], start: int, end: int) -> list[Box]:
    """The boxes on the printed pages that show text[start:end]: each line it touches, cut at the span's
    ends in proportion to the characters (a line's words are not measured one by one)."""
    boxes = []
    for block in blocks[max(0, bisect_right([b.start for b in blocks], start) - 1):]:
        if block.start >= end:
            break
        for line in block.lines:
            if line.start < end and start < line.end and line.x1 > line.x0:
                width = (line.x1 - line.x0) / max(1, line.end - line.start)
                x0 = line.x0 + width * max(0, start - line.start)
                x1 = line.x1 - width * max(0, line.end - end)
                boxes.append((line.page, round(x0, 1), line.top, round(x1, 1), line.bottom))
    return boxes
