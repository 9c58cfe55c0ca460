"""A flowing layout (Word, HTML) as plain text: its lines and table rows in reading order, a blank line
between. This is the text transcripts are read from and the text of a file as read; structure is found
from the layout itself (ingest.blocks)."""
from __future__ import annotations

from .layout import Layout


def flat_text(layout: Layout) -> str:
    blocks = []
    for page in layout.pages:
        blocks += [(line.top, line.text) for line in page.lines]
        blocks += [(grid.top, "\n\n".join(" ".join(row) for row in grid.rows)) for grid in page.grids]
    return "\n\n".join(text for _, text in sorted(blocks, key=lambda b: b[0]) if text.strip())
