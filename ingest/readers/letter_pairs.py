"""How plausible a word's letters are as written language: a letter-pair (bigram) model of English prose.

The model is the count of each pair of letters (a-z, with "^" and "$" for the word's start and end) in
the King's Fund report bundled in corpus/, stored in letter_pairs.json; `python -m
ingest.readers.letter_pairs corpus/kings-fund-2010-leadership-needs.txt` rebuilds it (deterministic).
Accented letters count as their base letter, so French, German, Spanish, Portuguese or Dutch prose
scores close to English (measured on a paragraph of each: at most 7% of words below IMPLAUSIBLE, Welsh
20%), while text whose glyph codes are shifted ("$GXOW VRFLDO" for "Adult social") scores far below.
Not handled: scripts other than Latin (their words are not scored; see ingest.scripts).
"""
from __future__ import annotations

import json
import math
import sys
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).with_name("letter_pairs.json")
ALPHABET = "^abcdefghijklmnopqrstuvwxyz$"
SMOOTHING = 0.5  # added to every pair's count, so a pair the English text never shows is rare, not impossible
# A word whose letter pairs average below this log-probability is not plausible prose. Measured on the nine
# real reports' words of 3+ letters: at most 20% of a page's words (ONS p5, all acronyms: CPIH, RPI) fall
# below it; of the same pages with glyph codes shifted by 29 or letters by 3, or letters swapped by a random
# table, at least 62% do.
IMPLAUSIBLE = -4.0
MIN_LETTERS = 3  # shorter words (a, of, GP) say nothing about the script they are printed in


def letters(word: str) -> str:
    """The word's Latin letters, lower-cased, accents dropped ("Zürich," -> "zurich")."""
    folded = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in folded if "a" <= ch <= "z")


def plausibility(word: str) -> float | None:
    """The mean log-probability of the word's letter pairs; None when it has too few Latin letters to tell."""
    found = letters(word)
    if len(found) < MIN_LETTERS:
        return None
    counts, totals = _model()
    padded = f"^{found}$"
    return sum(math.log((counts.get(a + b, 0) + SMOOTHING) / (totals[a] + SMOOTHING * (len(ALPHABET) - 1)))
               for a, b in zip(padded, padded[1:])) / (len(padded) - 1)


def fit(text: str) -> dict[str, int]:
    """Letter-pair counts of a text's words, in ALPHABET order (so the stored file never changes by chance)."""
    counts: Counter = Counter()
    for word in text.split():
        found = letters(word)
        if found:
            padded = f"^{found}$"
            counts.update(a + b for a, b in zip(padded, padded[1:]))
    return {a + b: counts[a + b] for a in ALPHABET for b in ALPHABET if counts[a + b]}


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, int], dict[str, int]]:
    counts = json.loads(MODEL.read_text(encoding="utf-8"))
    totals: Counter = Counter()
    for pair, n in counts.items():
        totals[pair[0]] += n
    return counts, totals


if __name__ == "__main__":
    MODEL.write_text(json.dumps(fit(Path(sys.argv[1]).read_text(encoding="utf-8")), indent=0) + "\n", encoding="utf-8")
