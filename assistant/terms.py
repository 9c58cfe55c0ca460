"""Search terms: lower-cased, stemmed words without stop words, shared by BM25 and sentence scoring.

Words are matched without their diacritics ('Zurich' typed finds 'Zürich', 'hôpitaux' is one word, not
'h' and 'pitaux'); only terms are folded, the text a citation prints keeps its accents. Not handled:
scripts other than Latin (their words are no terms at all).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
# Combining marks left by canonical decomposition (NFD: 'ü' -> 'u' + U+0308); NFKD is not used, as it would
# also turn a superscript footnote mark into a digit ('12,400²' -> '12,4002').
COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Latin letters that are not a base letter plus a mark, so NFD leaves them whole.
UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
                              "ß": "ss"})
ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")  # 'CCGs': the CCG a table row or a passage may print
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers
him his how i if in into is it its itself just me more most my no nor not of off on once only or other our ours
out over own same she should so some such than that the their theirs them then there these they this those through
to too under until up very was we were what when where which while who whom why will with would you your yours
s t don didn weren wasn isn aren doesn haven hadn won wouldn couldn shouldn also per cent report say said tell
give me please show
""".split()) - {"other"}

# Words that frame a question rather than name its topic; a report need not contain them.
QUESTION_FRAMING = frozenset(_w for _w in """
according actually amount answer answered approximately asked came cite cited come compare compared comparison count counted
did differ difference different does figure figures find found get gets getting give given go going got kind
kinds largest least left list listed main many mean mention mentioned mentions most much number numbers overall
particular people percentage percentages person point proportion put rank ranked ranking rate recorded reply
replies reported respond responded roughly say says share single smallest specific state stated states
tally talk think thought top topped total totals type types typical usable use used way ways whole
""".split())

_stemmer = Stemmer.Stemmer("english")
# A month as tables abbreviate it ('2025 Jan', 'Sept'): the same term as the month written out. Not 'may' (the
# same word either way) and not 'mar' alone in prose, which is rare enough to be taken as March.
MONTH_SHORT = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
               "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
               "dec": "december"}


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer.stemWord(MONTH_SHORT.get(word, word))


def folded(text: str) -> str:
    """Lower case without diacritics: 'Zürich' -> 'zurich', 'Ærø' -> 'aero'. What words are matched by."""
    text = text.lower()
    if text.isascii():
        return text
    return COMBINING.sub("", unicodedata.normalize("NFD", text)).translate(UNDECOMPOSED)


def _words(text: str) -> list[str]:
    return [w for w in TOKEN.findall(folded(text).replace("’", "'")) if w not in STOPWORDS]


def terms(text: str) -> list[str]:
    return [_stem(w) for w in _words(text)]


FRAMING_TERMS = frozenset(_stem(w) for w in QUESTION_FRAMING)


def topic_words(text: str, people: frozenset[str] | set[str] = frozenset()) -> list[tuple[str, str]]:
    """(word, term) pairs that name what a text is about: not stop words, not question framing,
    not the people terms given (a report's groups)."""
    pairs = ((w, _stem(w)) for w in _words(text))
    return [(w, t) for w, t in pairs if t not in FRAMING_TERMS and t not in people]
