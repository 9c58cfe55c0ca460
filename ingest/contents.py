"""Contents-page entries: the lines of a report's table of contents, which repeat its headings.

An entry is a line that ends in a dot leader and a page number ("Tiered access ......28"), or a line
in the section headed "Contents" / "Table of contents" that does not end with a full stop: a heading's
title (which may be a question, "Want to know more?"), a run of page numbers. Entries stay in the report's text (its offsets and pages
hold), but they are no passage to answer from: they match a question's words as well as the
heading they repeat, and say nothing about it.
"""
from __future__ import annotations

import re

DOT_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d*\s*$")
CONTENTS_HEADING = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)


def is_contents_entry(text: str, section_path: str) -> bool:
    """`section_path`: the path of the section holding the line, its headings joined by " > "."""
    if DOT_LEADER.search(text):
        return True
    heading = section_path.rsplit(" > ", 1)[-1].strip()
    return bool(CONTENTS_HEADING.match(heading)) and not text.rstrip().endswith(".")
