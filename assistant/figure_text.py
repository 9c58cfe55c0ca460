"""A table cell written as a sentence a briefing can use: '34.92% of clinical directors (22 of 63) said
they have a firm understanding of how to use financial data to inform decisions (Table 3, ranked 10th)'.

The value is printed exactly, with its unit ('%' for a percentage column that prints bare numbers); the
count stands beside a percentage where the table prints both for the row and group; the base is said
in words ('of 63', '105 respondents answered'). A survey's groups are people: a table whose groups
have sizes (n=63) or whose base is the respondents who answered. A statement in the first person
('I have...') is said of the group ('said they have...'); any other row is named in the report's words.
"""
from __future__ import annotations

import re

from ingest.table_facts import ALL_GROUPS
from ingest.types import Figure, Table
from ingest.vocabulary import PERCENT_WORDS

FIRST_PERSON = {"i": "they", "i'm": "they are", "i’m": "they are", "am": "are", "my": "their", "me": "them",
                "myself": "themselves", "i've": "they have", "i’ve": "they have", "i'll": "they will", "i’ll": "they will"}
UNIT_MARK = re.compile(rf"\((?:%|{PERCENT_WORDS})\)", re.I)  # '(%)' in a heading: the value shows it
ANSWERED = re.compile(r"answered(?: question)?\D*(\d[\d,]*)", re.I)


def describe(figure: Figure, table: Table | None = None, count: Figure | None = None) -> str:
    """The figure as a sentence without its citation marker. `count` is the same row and group's count
    when the figure is a percentage; `table` gives the caption, the group sizes and the base."""
    people = _survey(table, figure)
    value = with_unit(figure)
    if not people:
        base = f"; base: {figure.base}" if figure.base else ""
        return f"{figure.row}, {_column_named(figure)}: {value} ({_where(figure, table)}{base})"
    group = group_words(figure, people)
    size = _group_size(figure, table)
    if figure.measure == "percentage":
        lead = f"{value} of {group}"
        if count is not None:
            base = size or _answered(figure)
            lead += f" ({count.value} of {base})" if base else f" ({count.value})"
    else:
        lead = f"{value} of {size} {group}" if size else f"{value} {group}"
    where = _where(figure, table)
    if people and _first_person(figure.row):
        return f"{lead} said {_third_person(figure.row)} ({where})"
    answered = _answered(figure)
    base = f"; {answered} respondents answered" if answered and figure.group != ALL_GROUPS else ""
    return f"{figure.row}: {lead} ({where}{base})"


def _column_named(figure: Figure) -> str:
    """The column a figure is in, as a reader tells it from the others: a bare total column ('Percentage of total
    responses') as printed, not as a group it is not; a column under a spanning header with the header's words
    ('CPI 12-month rate Apr 2025', not 'Apr 2025', which the 1-month rate's column is too); its unit mark left to
    the value."""
    if figure.column and (figure.group == ALL_GROUPS or (figure.group in figure.column and figure.group != figure.column)):
        return " ".join(UNIT_MARK.sub(" ", figure.column).split())
    return figure.group


def with_unit(figure: Figure) -> str:
    """The printed value, with '%' after a percentage column's bare number."""
    value = figure.value
    if figure.measure == "percentage" and re.fullmatch(r"[-+−]?\d[\d,]*(?:\.\d+)?", value):
        return value + "%"
    return value


def _where(figure: Figure, table: Table | None) -> str:
    caption = table.caption if table is not None and table.caption and not _first_person(figure.row) else ""
    rank = f", ranked {_ordinal(figure.rank)}" if figure.rank else ""
    if caption.lower().startswith(figure.table.lower()):  # 'Appendix A: How many ...' names its table itself
        return f"{caption}{rank}"
    return f"{figure.table}{', ' + caption if caption else ''}{rank}"


def _survey(table: Table | None, figure: Figure) -> bool:
    """The table counts people: its groups have sizes, or its base is the respondents who answered."""
    if table is not None and any(size for _, size in table.groups):
        return True
    return bool(ANSWERED.search(figure.base)) or figure.base.startswith("n=")


def group_words(figure: Figure, people: bool = True) -> str:
    """The figure's group as a briefing says it: 'clinical directors', 'respondents'."""
    if figure.group == ALL_GROUPS:
        return "respondents" if people else "all"
    words = figure.group.split()
    lowered = [w if w.isupper() else w.lower() for w in words]
    if people and figure.value not in ("1", "1.0") and not lowered[-1].endswith("s"):
        lowered[-1] += "s"
    return " ".join(lowered)


def _group_size(figure: Figure, table: Table | None) -> str:
    """The group's printed size ('63' for 'Clinical directors (n=63)'), or ''."""
    if table is None:
        found = re.search(r"n=(\d[\d,]*)", figure.base)
        return found.group(1) if found and ";" not in figure.base else ""
    return next((_as_printed(size, table) for group, size in table.groups if group == figure.group and size), "")


def _as_printed(number: int, table: Table) -> str:
    """A group size as the table prints it ('1,004', not 1004), from its column names or caption."""
    for text in (*table.columns, table.caption, table.base):
        for found in re.finditer(r"\d[\d,]*", text):
            if found.group().replace(",", "") == str(number):
                return found.group()
    return str(number)


def _answered(figure: Figure) -> str:
    found = ANSWERED.search(figure.base)
    return found.group(1) if found else ""


def _first_person(row: str) -> bool:
    return bool(re.match(r"^I(?:\s|’|')", row))


def _third_person(row: str) -> str:
    """'I am confident in my ability' -> 'they are confident in their ability'."""
    return re.sub(r"\b(?:I’m|I'm|I’ve|I've|I’ll|I'll|I|am|my|me|myself)\b", lambda m: FIRST_PERSON[m.group(0).lower()], row)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
