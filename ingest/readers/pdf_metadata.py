"""What a PDF says of itself: its title, author and date, for a report ingested without NAME.meta.json.

The title is the information dictionary's /Title when the first page prints its words (a /Title the
page does not print is a leftover, "Report template" or "Microsoft Word - draft3.docx"), else the first
page's largest text. The author is /Author as given (often the person who saved the file). The year is
the one the first page prints (ingest.readers.metadata.printed_year), else the creation year.
Not handled: the publisher (a PDF has no field for it; NAME.meta.json gives it), a title printed as an image.
"""
from __future__ import annotations

import re

from ..layout import Page
from .metadata import document_metadata, printed_year

TITLE_MAX_WORDS = 40  # a cover's largest text beyond this is a paragraph set large, not a title
SIZE_TOLERANCE = 0.5  # points: lines this close in size are one style


def pdf_metadata(info: dict, first: Page | None) -> dict:
    """title, author, year and date as the file says them; keys missing where it says nothing."""
    printed = first.text if first else ""
    given = str(info.get("/Title") or "").strip()
    title = given if given and _printed(given, printed) else _largest_text(first)
    date = _pdf_date(str(info.get("/CreationDate") or ""))
    return document_metadata(title=title, author=str(info.get("/Author") or ""), date=date,
                             year=printed_year(printed, date))


def _printed(title: str, text: str) -> bool:
    words = set(re.findall(r"\w+", text.lower()))
    return all(word in words for word in re.findall(r"\w+", title.lower()))


def _largest_text(page: Page | None) -> str:
    """The first run of lines printed at the page's largest size (with letters in them)."""
    lines = [line for line in (page.lines if page else ()) if sum(ch.isalpha() for ch in line.text) >= 2]
    if not lines:
        return ""
    largest = max(line.size for line in lines)
    run: list[str] = []
    for line in lines:
        if abs(line.size - largest) <= SIZE_TOLERANCE:
            run.append(line.text.strip())
        elif run:
            break
    title = " ".join(run)
    return title if len(title.split()) <= TITLE_MAX_WORDS else ""


def _pdf_date(value: str) -> str:
    """'2022-12-01' from 'D:20221201103910+00'00''; '' when it is not a PDF date."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", value)
    if not match:
        return ""
    year, month, day = match.groups()
    return "-".join(part for part in (year, month, day) if part)
