"""The text of a Word (.docx) file for the text pipeline: paragraphs and table rows in reading order,
a blank line between (ingest.readers.docx reads the file; this flattens its layout).

Stays until the loader hands the Word layout itself to ingest.structure.
"""
from __future__ import annotations

from pathlib import Path

from .readers.docx import read_docx


def docx_text(path: Path, data: bytes) -> str:
    page = read_docx(path, data).pages[0]
    blocks = [(line.top, line.text) for line in page.lines]
    blocks += [(grid.top, "\n\n".join(" ".join(row) for row in grid.rows)) for grid in page.grids]
    return "\n\n".join(text for _, text in sorted(blocks))
