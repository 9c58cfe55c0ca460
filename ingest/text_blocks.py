"""Turn cleaned lines into blocks (headings, paragraphs, list items, tables) and the cleaned text.

The cleaned text is what every offset refers to: paragraphs re-flowed onto one line, blocks
separated by a blank line, and each table rendered as its caption followed by one line per row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Line
from .tables import ParsedTable, find_tables
from .textutil import ends_sentence, join_lines

MARKDOWN_HEADING = re.compile(r"^\s*(#{1,6})\s+(.+?)\s*#*\s*$")
HEADING_MAX_CHARS = 70
HEADING_MAX_WORDS = 10


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "item", "quote", "note", "table"
    text: str
    page: int | None
    table: ParsedTable | None = None
    level: int = 1
    # Offsets into text where a later page begins, with that page: a paragraph printed over a page break.
    page_breaks: tuple[tuple[int, int], ...] = ()
    speaker: str = ""  # a block quote's attribution as printed ("Liverpool, male, Workshop 1")


@dataclass(frozen=True)
class PlacedBlock:
    block: Block
    start: int
    end: int
    row_spans: tuple[tuple[int, int], ...] = ()  # tables: each rendered row line


def build_blocks(lines: list[Line]) -> list[Block]:
    """Headings, paragraphs, list items and tables, in reading order."""
    texts = [line.text for line in lines]
    tables = find_tables(texts)
    table_at = {min(t.lines): t for t in tables}
    consumed = set().union(*(t.lines for t in tables)) if tables else set()
    blocks: list[Block] = []
    pending_tables: list[Block] = []
    group: list[Line] = []
    for i, line in enumerate(lines):
        if i in consumed or not line.text:
            if group:
                _append_group(blocks, pending_tables, group)
                group = []
            if i in table_at:
                pending_tables.append(Block("table", table_at[i].caption, line.page, table_at[i]))
            continue
        group.append(line)
    if group:
        _append_group(blocks, pending_tables, group)
    return blocks + pending_tables


def _append_group(blocks: list[Block], pending_tables: list[Block], group: list[Line]) -> None:
    """Add one blank-separated group of lines; a paragraph cut by a table or page joins up again."""
    units = _split_group(group)
    first = units[0]
    previous = next((b for b in reversed(blocks) if b.kind != "table"), None)
    if (first.kind == "paragraph" and previous is not None and previous.kind in ("paragraph", "item")
            and not ends_sentence(previous.text) and first.text[:1].islower()):
        index = blocks.index(previous)
        blocks[index] = Block(previous.kind, f"{previous.text} {first.text}", previous.page)
        units = units[1:]
    blocks.extend(pending_tables)
    pending_tables.clear()
    blocks.extend(units)


def _split_group(group: list[Line]) -> list[Block]:
    units: list[Block] = []
    current: list[Line] = []

    def flush(kind: str = "paragraph") -> None:
        if current:
            units.append(Block(kind, join_lines([l.text for l in current]), current[0].page))
            current.clear()

    for k, line in enumerate(group):
        heading = MARKDOWN_HEADING.match(line.text)
        if heading:
            flush(_kind(units, current))
            units.append(Block("heading", heading.group(2), line.page, level=len(heading.group(1))))
        elif not current and _looks_like_heading(group, k, units):
            units.append(Block("heading", line.text.strip(), line.page))
        elif line.text.startswith("• ") or (current and line.text.startswith(" ") and ends_sentence(current[-1].text)):
            flush(_kind(units, current))
            current.append(line)
        else:
            current.append(line)
    flush(_kind(units, current))
    return units


def _kind(units: list[Block], current: list[Line]) -> str:
    return "item" if current and current[0].text.startswith("• ") else "paragraph"


def _looks_like_heading(group: list[Line], k: int, units: list[Block]) -> bool:
    """A short line opening its group (or following a heading), shaped like a title, not a sentence."""
    if k > 0 and not (units and units[-1].kind == "heading"):
        return False
    text = group[k].text.strip()
    nxt = group[k + 1].text.strip() if k + 1 < len(group) else ""
    return (len(text) <= HEADING_MAX_CHARS and len(text.split()) <= HEADING_MAX_WORDS
            and text[:1].isupper() and text[-1] not in ".,;:!-–" and not text.startswith("• ")
            and not re.search(r"\d{2,}", text) and not nxt[:1].islower())


def render(blocks: list[Block], render_table) -> tuple[str, list[PlacedBlock]]:
    """The cleaned text and each block's place in it; tables are rendered by render_table."""
    parts: list[str] = []
    placed: list[PlacedBlock] = []
    cursor = 0
    for block in blocks:
        if parts:
            parts.append("\n\n")
            cursor += 2
        if block.kind == "table":
            row_lines = render_table(block.table)
            text = "\n".join(row_lines)
            spans, offset = [], cursor
            for row_line in row_lines:
                spans.append((offset, offset + len(row_line)))
                offset += len(row_line) + 1
            placed.append(PlacedBlock(block, cursor, cursor + len(text), tuple(spans)))
        else:
            text = ("• " + block.text[2:]) if block.kind == "item" else block.text
            placed.append(PlacedBlock(block, cursor, cursor + len(text)))
        parts.append(text)
        cursor += len(text)
    return "".join(parts), placed
