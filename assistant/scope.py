"""What a question turns on that no source contains: the check that lets an answer abstain at once."""
from __future__ import annotations

import re

from .library import Library
from .lexicon import INDEFINITE, QUOTE_SPEAKER
from .terms import ACRONYM_PLURAL, terms, topic_words

KNOWN_PREFIX = 7
# Measured on both eval sets: answerable paraphrases reach 0.78 of their topic absent ('When was the
# survey carried out?'), out-of-scope questions 0.87-1.0 ('typical salary', 'women and men').
ABSENT_TOPIC_SHARE = 0.85


class Scope:
    """The library's words, for telling a question about something absent from one in other words."""

    def __init__(self, library: Library, group_terms: frozenset[str]):
        self.library = library
        self.group_terms = group_terms
        self.rarest = max(library.idf.values(), default=1.0)  # the weight of a word no source uses

    def unknown_terms(self, text: str, speaker: str, asking: frozenset[str] = frozenset(),
                      qualifiers: tuple[str, ...] = ()) -> list[str]:
        """Names and numbers no source contains (a trust, a year), the people a quote is asked of
        ('nurses'), or nearly all of the topic words ('salary'). Words for people in general
        ('someone', 'anyone', 'people') are never names; `asking` terms ask for a part of a report
        ('recommend') and are no topic; half a qualifier's words ('from foundation trusts') or more unknown is unknown."""
        acronym = r"|\b[A-Z]{3,}s?\b" if not text.isupper() else ""  # a shouted question has no acronyms
        names = re.findall(rf"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]{{2,}}\b{acronym}|\b\d{{2,}}\b", text.strip())
        unknown = [w for w in dict.fromkeys(names) if terms(w) and w.lower() not in INDEFINITE and not self.known(w)]
        asked_of = QUOTE_SPEAKER.search(text)
        if asked_of and not speaker:
            words = [w for w in (asked_of.group(1) or asked_of.group(2)).split() if w.lower() not in INDEFINITE]
            unknown += [w for w, _ in topic_words(" ".join(words), self.group_terms) if not self.known(w)]
        for phrase in qualifiers:  # half or more of a qualifier unknown: 'foundation trusts', not 'acute hospital trusts'
            words = [w for w, _ in topic_words(phrase, self.group_terms)]
            absent = [w for w in words if not self.known(w)]
            if absent and len(absent) * 2 >= len(words):
                unknown += absent
        return list(dict.fromkeys(unknown)) or self._absent_topic(text, asking)

    def _absent_topic(self, text: str, asking: frozenset[str]) -> list[str]:
        """The topic words of a question most of whose (idf-weighted) topic no source mentions."""
        topic = {w: t for w, t in topic_words(text, self.group_terms) if t not in asking}
        weight = {w: self.library.idf.get(stem, self.rarest) for w, stem in topic.items()}
        absent = [w for w, stem in topic.items() if stem not in self.library.vocabulary]
        if absent and sum(weight[w] for w in absent) >= ABSENT_TOPIC_SHARE * sum(weight.values()):
            return absent
        return []

    def known(self, word: str) -> bool:
        """In the sources as it is, or as a longer form of a word there (Scandinavian, Scandinavia)."""
        singular = ACRONYM_PLURAL.fullmatch(word)
        if singular and self.known(singular.group(1)):  # 'CCGs' where a table prints 'CCG'
            return True
        stem = terms(word)[0]
        vocabulary = self.library.vocabulary
        if stem in vocabulary or stem.isdigit():
            return stem in vocabulary
        return any(v.startswith(stem[:KNOWN_PREFIX]) for v in vocabulary) if len(stem) > KNOWN_PREFIX else False
