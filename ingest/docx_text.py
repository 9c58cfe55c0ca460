"""The text of a Word (.docx) file: paragraphs and table rows in reading order, a blank line between.

A line break inside a paragraph stays a line break. Not read: headers, footers, footnotes, comments,
text boxes and tracked-change deletions; .doc (the older binary format) is refused by the loader.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from .errors import IngestError


def docx_text(path: Path, data: bytes) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(BytesIO(data))
        blocks = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                blocks.append(block.text)
            elif isinstance(block, Table):
                blocks.extend(" ".join(cell.text for cell in row.cells) for row in block.rows)
    except Exception as exc:  # python-docx raises zip, XML and key errors on damaged files; all mean the same
        raise IngestError(f"{path}: not a readable Word document ({exc.__class__.__name__}: {exc})") from exc
    return "\n\n".join(b.replace("\r", "\n") for b in blocks if b.strip())
