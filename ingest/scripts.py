"""Which writing system a text is mostly in, so a report the embedding model cannot read is named at ingest.

The embedding model (all-MiniLM-L6-v2) was trained on English: a report written in Chinese, Arabic or
Russian is stored, but its passages embed as noise and every question about it is answered as "not
covered". A letter's script is the first word of its Unicode name ("CJK UNIFIED IDEOGRAPH-4E2D" ->
CJK); Japanese kana count with CJK.
Not handled: languages written in Latin letters (French, Welsh), which the model reads poorly but not
as noise; a mixed report is named by its commonest non-Latin script only when that passes half its letters.
"""
from __future__ import annotations

import unicodedata
from collections import Counter

SAMPLE_CHARS = 200_000  # the script of a report shows in its first pages; reading all of a long one adds nothing
FOREIGN_SHARE = 0.5  # a report with at least this share of its letters in one non-Latin script is written in it
KANA = {"HIRAGANA", "KATAKANA"}  # Japanese syllabaries, written among CJK ideographs
NAMES = {"CJK": "Chinese or Japanese (CJK)", "HANGUL": "Korean (Hangul)"}


def foreign_script(text: str) -> tuple[str, float] | None:
    """(script name, share of letters) when most of the text's letters are in one script other than Latin."""
    scripts: Counter = Counter()
    for ch in text[:SAMPLE_CHARS]:
        if ch.isalpha():
            scripts[_script(ch)] += 1
    total = sum(scripts.values())
    scripts.pop("LATIN", None)
    if not total or not scripts:
        return None
    script, count = scripts.most_common(1)[0]
    return (_name(script), count / total) if count >= FOREIGN_SHARE * total else None


def _script(ch: str) -> str:
    word = unicodedata.name(ch, "UNKNOWN").split()[0]
    return "CJK" if word in KANA else word


def _name(script: str) -> str:
    return NAMES.get(script, script.capitalize())
