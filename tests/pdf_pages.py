"""Test helper: a PDF read into a Layout with pdfplumber, enough to test tables without the full reader.

Lines are pdfplumber's text lines with their position, size and weight; the words inside a table's
box are left out, as the page reader does. It stands in for ingest.readers.pdf in table tests only.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
from pdfplumber.utils import extract_text

from ingest.layout import Layout, Line, Page
from ingest.readers.pdf_tables import find_grids


def pdf_layout(path: Path) -> Layout:
    with pdfplumber.open(path) as pdf:
        return Layout(tuple(_page(page) for page in pdf.pages), has_geometry=True)


def _page(page) -> Page:
    grids = tuple(find_grids(page))
    lines = []
    for found in page.extract_text_lines(return_chars=True):
        chars = [c for c in found["chars"] if not any(_inside(c, g) for g in grids)]
        if not "".join(c["text"] for c in chars).strip():
            continue
        size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
        bottom = max(c["bottom"] for c in chars if round(c["size"], 1) == size)
        marks = [c for c in chars if c["size"] < 0.8 * size and c["bottom"] < bottom - 1]  # superscript markers
        if len(chars) < len(found["chars"]) or marks:
            text = extract_text([c for c in chars if c not in marks]).strip()
        else:
            text = found["text"]
        bold = all("bold" in c["fontname"].lower() for c in chars if c["text"].strip())
        lines.append(Line(text, page.page_number, min(c["x0"] for c in chars), min(c["top"] for c in chars),
                          max(c["x1"] for c in chars), max(c["bottom"] for c in chars), size, bold))
    return Page(page.page_number, tuple(lines), grids, page.width, page.height)


def _inside(char, grid) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return grid.x0 <= x <= grid.x1 and grid.top <= y <= grid.bottom


def tables_and_findings(layout: Layout, source_id: str):
    """The layout's tables as Table artifacts and the integrity findings on them, over a plain text made
    of the page lines (one paragraph per page part) and the rendered tables: a stand-in for ingest.structure."""
    from ingest.integrity import check_source
    from ingest.table_facts import build_table, render_rows
    from ingest.table_grids import tables_in_layout
    from ingest.types import Source
    from ingest.textutil import join_lines

    placed, warnings = tables_in_layout(layout)
    consumed = set().union(*(p.consumed for p in placed)) if placed else set()
    parts, spans, paragraphs, cursor = [], [], [], 0

    def add(text: str) -> tuple[int, int]:
        nonlocal cursor
        start = cursor + (2 if parts else 0)
        parts.append(("\n\n" if parts else "") + text)
        cursor = start + len(text)
        return start, cursor

    by_place = {}
    for p in placed:
        by_place.setdefault(p.at, []).append(p)
    for pi, page in enumerate(layout.pages):
        pending: list[str] = []
        for li in range(len(page.lines) + 1):
            tables_here = by_place.get((pi, li), [])
            if (tables_here or li == len(page.lines)) and pending:
                paragraphs.append(add(join_lines(pending)))
                pending = []
            for p in tables_here:
                rows = render_rows(p.table)
                start, end = add("\n".join(rows))
                offsets, at = [], start
                for row in rows:
                    offsets.append((at, at + len(row)))
                    at += len(row) + 1
                spans.append((p, start, end, tuple(offsets)))
            if li < len(page.lines) and (pi, li) not in consumed:
                line = page.lines[li]
                if pending and line.top - page.lines[li - 1].bottom > 0.8 * line.height:
                    paragraphs.append(add(join_lines(pending)))
                    pending = []
                pending.append(line.text)
    source = Source(id=source_id, path="", sha256="", title=source_id, text="".join(parts))
    tables = [build_table(p.table, source_id, "", p.page, start, end, offsets) for p, start, end, offsets in spans]
    findings = check_source(source, tables, paragraphs, lambda offset: "")
    return tables, findings, warnings
