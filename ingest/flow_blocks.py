"""From a flowing layout (Word, HTML: lines that name their style, no geometry) to blocks.

The format says what each line is, so nothing is guessed: a "heading" line is a heading at its level,
a "list" line a list item, a "quote" line a block quote, any other line a paragraph. Tables come from
the layout's grids (ingest.table_grids), placed where they stand in the reading order, their caption
lines taken out of the text.
"""
from __future__ import annotations

from bisect import bisect_left

from .layout import Layout, Line
from .table_grids import tables_in_layout
from .text_blocks import Block

KINDS = {"heading": "heading", "list": "item", "quote": "quote", "note": "note"}


def flow_blocks(layout: Layout) -> tuple[list[Block], list[str]]:
    """The layout's blocks in reading order, and the table warnings met (each naming its page)."""
    placed, warnings = tables_in_layout(layout)
    taken = set().union(*(t.consumed for t in placed)) if placed else set()
    positions = [(p, k) for p, page in enumerate(layout.pages) for k, line in enumerate(page.lines)
                 if (p, k) not in taken and line.text.strip()]
    blocks = [_block(layout.pages[p].lines[k]) for p, k in positions]
    for table in sorted(placed, key=lambda t: t.at, reverse=True):  # from the end, so earlier places hold
        blocks.insert(bisect_left(positions, table.at), Block("table", table.table.caption, table.page, table.table))
    return blocks, warnings


def _block(line: Line) -> Block:
    kind = KINDS.get(line.style, "paragraph")
    text = " ".join(line.text.split())
    if kind == "item":
        text = "• " + text
    return Block(kind, text, line.page, level=max(1, line.level))
