"""Text layers that are not text: fonts without a Unicode map and fonts whose glyph codes are shifted.

A font without a Unicode map gives placeholders ("(cid:12)(cid:7)"); a font whose codes are shifted
gives letters that spell nothing ("$GXOW VRFLDO" for "Adult social"). Either is stored and indexed as
if it were the report's words, and may become a section title, so such text is left out, by font:
a font is unreadable when at least GARBLED_SHARE of its words (over the whole document) are
placeholders or implausible as prose (ingest.readers.letter_pairs). A word that is mostly
placeholders is left out whatever its font.
Not handled: a garbled font with fewer than MIN_JUDGED words in the document (too few to tell).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from .letter_pairs import IMPLAUSIBLE, plausibility

CID = re.compile(r"\(cid:\d+\)")
# Measured on the nine real reports: no font has more than 12% of its words implausible (a bold font
# holding 8 words; the commonest are acronyms: CPIH, GPW); the same words with shifted glyph codes have
# at least 62% (per page). Half-way between.
GARBLED_SHARE = 0.4
MIN_JUDGED = 8  # words of 3+ letters; fewer cannot tell a font of acronyms from a garbled one


def unmapped(text: str) -> bool:
    """A word at least half made of unmapped-glyph placeholders ("(cid:3)(cid:9)")."""
    return 2 * sum(len(m) for m in CID.findall(text)) >= len(text) > 0


def garbled_fonts(words: Iterable[dict]) -> set[str]:
    """The fonts (pdfplumber's fontname) whose words are mostly placeholders or implausible."""
    judged: Counter = Counter()
    bad: Counter = Counter()
    for word in words:
        verdict = _implausible(word["text"])
        if verdict is not None:
            judged[word["fontname"]] += 1
            bad[word["fontname"]] += verdict
    return {font for font, n in judged.items() if n >= MIN_JUDGED and bad[font] >= GARBLED_SHARE * n}


def readable(word: dict, unreadable_fonts: set[str]) -> bool:
    return word["fontname"] not in unreadable_fonts and not unmapped(word["text"])


def _implausible(text: str) -> bool | None:
    if unmapped(text):
        return True
    score = plausibility(text)
    return None if score is None else score < IMPLAUSIBLE
