"""Printed table cells as values: which cells are figures, and the number a printed figure stands for.

A cell is kept exactly as printed ("48%", "+7,848", "(250)", "−310", "£5.2bn", "12.5*", "1,100a", "$ 1,452.4",
"$(62)", "$—");
`number` gives the quantity beside it, for checks only: brackets are a negative (accounting style),
a Unicode minus or en dash is a minus, a currency sign, a unit (% bn m k) and a footnote marker
(* † ‡ or one lower-case letter) are dropped. A figure followed by a bracketed qualifier
("1000 (incl. LA)") stands for its figure. Not handled: numbers written in words, ranges
("18,500 – 20,499"), fractions ("3/71").
"""
from __future__ import annotations

import re

CURRENCY = r"(?:[£$€¥]\s?)?"  # a currency sign, perhaps set apart from its figure ("$ 1,452.4")
FIGURE = re.compile(
    rf"^{CURRENCY}(?P<open>\()?(?P<sign>[+\-−–])?{CURRENCY}(?P<digits>\d[\d,]*(?:\.\d+)?|\.\d+)"
    r"(?P<unit>%|bn|m|k)?(?P<close>\))?(?P<marker>[*†‡]+|[a-z])?$")
QUALIFIED = re.compile(r"^(?P<figure>\S+)\s+\([^()]*\)$")
# Cells that print "nothing here": a dash, a slash, not applicable.
PLACEHOLDERS = frozenset({"-", "–", "—", "/", "n/a", "N/A", "NA", "..", "…", "x"})


def is_figure(cell: str) -> bool:
    """A printed number in any of the forms above ("48%", "(250)", "£116", "12.5*")."""
    match = FIGURE.match(cell.strip())
    return bool(match) and bool(match.group("open")) == bool(match.group("close"))


def is_value(cell: str) -> bool:
    """A figure (perhaps with a bracketed qualifier, "1000 (incl. LA)") or a placeholder ("-", "n/a"):
    what a data cell holds, unlike a heading's words."""
    qualified = QUALIFIED.match(cell.strip())
    return (is_figure(cell) or cell.strip().lstrip("£$€¥").strip() in PLACEHOLDERS
            or bool(qualified and is_figure(qualified.group("figure"))))


def is_year(cell: str) -> bool:
    """A year as a heading prints it ("2020"), which is not a data value."""
    text = cell.strip()
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def number(cell: str) -> float | None:
    """The quantity a printed figure stands for, or None for text and placeholders."""
    text = cell.strip()
    qualified = QUALIFIED.match(text)
    if qualified and is_figure(qualified.group("figure")):
        text = qualified.group("figure")
    match = FIGURE.match(text)
    if not match or bool(match.group("open")) != bool(match.group("close")):
        return None
    value = float(match.group("digits").replace(",", ""))
    negative = match.group("sign") in ("-", "−", "–") or bool(match.group("open"))
    return -value if negative else value


def quantity(cell: str) -> float | None:
    """Like `number`, but a placeholder dash counts as nothing (0) in a sum; other text is None."""
    return 0.0 if cell.strip() in ("-", "–", "—") else number(cell)


def decimals(cell: str) -> int:
    """Decimal places printed ("12.50%" -> 2, "1000 (incl. LA)" -> 0)."""
    text = cell.strip()
    qualified = QUALIFIED.match(text)
    match = FIGURE.match(qualified.group("figure") if qualified else text)
    digits = match.group("digits") if match else text
    return len(digits.partition(".")[2])
