"""The bibliographic data a reader found in the file itself, in one shape for every format.

Keys: title, author, publisher (strings), date (ISO, as precise as the file gives it: "2021", "2021-03-24")
and year (int). A key the file says nothing of is left out, so the loader's defaults and NAME.meta.json
fill it (ingest.load).
"""
from __future__ import annotations

import re

MAX_TITLE_CHARS = 300  # a title longer than this is a paragraph a file put in its title field
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def document_metadata(title: str = "", author: str = "", publisher: str = "", date: str = "",
                      year: int | None = None) -> dict:
    found = {"title": " ".join(title.split())[:MAX_TITLE_CHARS], "author": " ".join(author.split()),
             "publisher": " ".join(publisher.split()), "date": date, "year": year}
    return {key: value for key, value in found.items() if value}


def printed_year(opening: str, created: str = "") -> int | None:
    """The latest year the document's opening text prints ("March 2021", "Date: 14 March 2011") up to the
    year the file was created (a strategy for "2024-2028" was written in 2024), else the creation year: a
    file saved or printed to PDF years later still prints its own date."""
    made = year_of(created)
    years = [int(y) for y in YEAR.findall(opening) if made is None or int(y) <= made]
    return max(years) if years else made


def year_of(date: str) -> int | None:
    """The year a date string opens with ("2021-03-24T10:30:24Z" -> 2021); None when there is none."""
    match = re.match(r"^\s*(\d{4})", date or "")
    return int(match.group(1)) if match else None
