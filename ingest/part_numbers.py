"""Part numbers as reports print them: "3", "1A", "7A", "IIA", "3b", "iv", "C", read as (number, sub-letter).

A number is digits, a roman numeral or one letter, optionally followed by one sub-part letter ("Item 1A",
"Part IIA", "Annex 3b"). A lone letter that is also a roman numeral ("C", "I") is ambiguous, so a series
is read twice, once with letters and once with roman numerals, and is consecutive when either reading
steps by one throughout. Text after the number ("1:", "2—Risk", "3.") is ignored. Not handled: dotted
depths ("4.1"; ingest.headings counts those), numbers written as words ("Part One").
"""
from __future__ import annotations

import re

LEADING = re.compile(r"^(\d{1,3}|[IVXLCDM]{1,7}|[ivxlcdm]{1,7}|[A-Za-z])([A-Za-z])?(?![A-Za-z0-9])")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
ROMAN_FORM = re.compile(r"^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def part_number(token: str, roman: bool) -> tuple[int, int] | None:
    """(number, sub-part) of the part number opening the token (sub-part 0 when none, 1 for "a"...);
    roman=False reads a lone letter as a letter. None when the token opens with no part number."""
    match = LEADING.match(token.strip())
    if not match:
        return None
    head, sub = match.groups()
    value = _value(head, roman)
    if value is None:  # "IIA" read without roman numerals
        return None
    return value, _letter(sub) if sub else 0


def consecutive(tokens: list[str]) -> bool:
    """True when the part numbers step by one: 1, 1A, 1B, 2 / A, B, C / I, II, IIA, III."""
    return any(_steps([part_number(t, roman) for t in tokens]) for roman in (False, True))


def _steps(numbers: list[tuple[int, int] | None]) -> bool:
    if not numbers or any(n is None for n in numbers):
        return False
    return all(b in ((a[0], a[1] + 1), (a[0] + 1, 0)) for a, b in zip(numbers, numbers[1:]))


def _value(head: str, roman: bool) -> int | None:
    if head.isdigit():
        return int(head)
    if roman and ROMAN_FORM.match(head.lower()):
        return _roman(head.lower())
    return _letter(head) if len(head) == 1 else None


def _letter(ch: str) -> int:
    return ord(ch.lower()) - ord("a") + 1


def _roman(text: str) -> int:
    values = [ROMAN[ch] for ch in text]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))
