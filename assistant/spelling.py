"""Question words the library does not have, read as the closest word it does ('clincal' -> 'clinical'),
and the tables' group abbreviations spelled out ('CDs' -> 'clinical directors').

A word is corrected only when it is lower case (a capitalised word may be a name the sources lack,
and that should stay unknown), five letters or more, not a stop or framing word, neither it nor its
stem is in the sources, its stem is not an English word's (a word of the embedding model's vocabulary,
stemmed as search terms are: 'three' is not read as 'there', nor 'chats' as 'chaps'), and one library word
starting with the same letter lies within one edit (two for words of eight letters or more; a swap of two
letters is one edit). Among equally close words the most frequent in the sources wins. Not handled: a misspelling of a word's first letter,
or one that is itself an English word ('wards' for 'awards').
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ingest.embed import model_words

from .lexicon import WORD
from .terms import FRAMING_TERMS, STOPWORDS, folded, terms

MIN_LENGTH = 5
LONG_WORD = 8


@lru_cache(maxsize=4)
def english_stems(model: str) -> frozenset[str]:
    """The stems of the words of English the embedding model knows (ingest.embed.model_words), once a process."""
    return frozenset(stem for word in model_words(model) for stem in terms(word))


class Speller:
    def __init__(self, counts: Counter, vocabulary: frozenset[str], abbreviations: dict[str, str],
                 english: frozenset[str] = frozenset()):
        """counts: the sources' lower-case words and how often each occurs; vocabulary: their stems;
        abbreviations: 'cd' -> 'clinical director', from the tables' group names; english: the stems of English
        words (english_stems), never corrected."""
        self.known = frozenset(counts)
        self.english = english
        self.vocabulary = vocabulary
        self.abbreviations = abbreviations
        by_letter: dict[str, list[str]] = {}
        for word, _ in counts.most_common():
            if word.isalpha() and len(word) >= MIN_LENGTH - 1:
                by_letter.setdefault(word[0], []).append(word)
        self.by_letter = by_letter

    def correct(self, text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The text with its misspellings and group abbreviations replaced, and (typed, read) pairs."""
        corrections: list[tuple[str, str]] = []

        def replace(match: re.Match) -> str:
            word = match.group(0)
            better = self._abbreviation(word) or self._closest(word, match.start())
            if better and better != word:
                corrections.append((word, better))
                return better
            return word

        corrected = WORD.sub(replace, text)
        return corrected, tuple(dict.fromkeys(corrections))

    def _abbreviation(self, word: str) -> str:
        """'CDs' -> 'clinical directors': an upper-case group abbreviation, with its plural."""
        if not word[:1].isupper() or not word.rstrip("s").isupper():
            return ""
        plural = word.endswith("s") and not word.isupper()
        name = self.abbreviations.get(word.rstrip("s").lower(), "")
        return (name + "s" if plural and not name.endswith("s") else name) if name else ""

    def _closest(self, word: str, at: int) -> str:
        lowered = folded(word)
        if (len(word) < MIN_LENGTH or (word[0].isupper() and at > 0) or not word.isalpha() or lowered in self.known
                or lowered in STOPWORDS or not terms(lowered) or terms(lowered)[0] in FRAMING_TERMS
                or terms(lowered)[0] in self.vocabulary or terms(lowered)[0] in self.english):
            return ""
        limit = 1 if len(word) < LONG_WORD else 2
        found = process.extractOne(lowered, self.by_letter.get(lowered[0], ()), scorer=OSA.distance, score_cutoff=limit)
        if not found:
            return ""
        return found[0] if word.islower() else found[0].capitalize()
