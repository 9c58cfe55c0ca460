"""Contents-page entries: the lines of a report's table of contents, which repeat its headings.

An entry is a line that ends in a dot leader and a page number ("Tiered access ......28"), or a line
in the section headed "Contents" / "Table of contents" that does not end with a full stop: a heading's
title (which may be a question, "Want to know more?"), a run of page numbers. Entries stay in the report's text (its offsets and pages
hold), but they are no passage to answer from: they match a question's words as well as the
heading they repeat, and say nothing about it. A short block printed on an earlier page that repeats a
heading printed later is an entry too, whatever its own role (a contents page without dot leaders, whose
entries may look like headings), where its page holds CONTENTS_ENTRIES such blocks.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .render import PlacedPiece

DOT_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d*\s*$")
CONTENTS_HEADING = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)
# A page is a contents page when this many of its blocks repeat headings printed later (the gold's rule,
# evals.structure_gold): a heading that recurs in each chapter ("Requirements in the NHS", "Focus areas")
# stands alone on its page and stays a heading.
CONTENTS_ENTRIES = 3


def is_contents_entry(text: str, section_path: str) -> bool:
    """`section_path`: the path of the section holding the line, its headings joined by " > "."""
    if DOT_LEADER.search(text):
        return True
    heading = section_path.rsplit(" > ", 1)[-1].strip()
    return bool(CONTENTS_HEADING.match(heading)) and not text.rstrip().endswith(".")


def repeated_headings_as_contents(placed: list[PlacedPiece]) -> list[PlacedPiece]:
    """Blocks (headings or paragraphs, no sentences) that repeat a heading printed on a later page, as entries."""
    later: dict[str, int] = {}  # a heading's text -> the last page printing it
    entries = set()
    for k in range(len(placed) - 1, -1, -1):
        piece = placed[k].piece
        key = " ".join(DOT_LEADER.sub("", piece.text).lower().split())
        if piece.role in ("heading", "paragraph") and piece.page is not None and later.get(key, 0) > piece.page \
                and not piece.text.rstrip().endswith("."):
            entries.add(k)
        elif piece.role == "heading" and piece.page is not None:
            later[key] = max(later.get(key, 0), piece.page)
    per_page = Counter(placed[k].piece.page for k in entries)
    entries = {k for k in entries if per_page[placed[k].piece.page] >= CONTENTS_ENTRIES}
    return [replace(p, piece=replace(p.piece, role="contents", level=0)) if k in entries else p for k, p in enumerate(placed)]
