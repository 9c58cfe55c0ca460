"""What a question pins down (a place, a year, a person, a numbered cohort or tier) and whether the
passage an answer cites holds it: with several reports in the library, a word some source contains is
not enough, the cited passage (its text, its section, its quote's speaker, its source's title) must say it.

The signals are any report's: capitalised words past a question's first, acronyms, four-digit years,
and the things reports number ('cohort 3', 'Tier 1'); a report's title numbering the same thing
('Cohort 2 Report') says which one the whole report is about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.types import Chunk

from .lexicon import ABOUT, ASKED_OF, NAME, NARROWS, NUMBERED, PLACE, POINTERS, YEAR
from .library import Library
from .terms import FRAMING_TERMS, terms
from .units import passage_at, referent_text

PREFIX = 7  # letters two forms of a name share ('Scandinavia', 'Scandinavian'), as the scope check reads them
PLACE_SUBJECT = 3  # a place a report names this often is its subject: it holds in every passage of it


@dataclass(frozen=True)
class Pins:
    """A question's pinned words as terms (`names`: places, people, acronyms, years) and its numbered
    things as (label, number) pairs."""

    names: tuple[str, ...] = ()
    numbered: tuple[tuple[str, str], ...] = ()
    acronyms: tuple[str, ...] = ()  # those of `names` typed in capitals ('csu' for 'CSUs')
    places: tuple[str, ...] = ()  # places with their compass part, lower case, single-spaced: 'south east london'

    def __bool__(self) -> bool:
        return bool(self.names or self.numbered or self.places)

    @classmethod
    def of(cls, question: str) -> "Pins":
        """'What did cohort 3 conclude...?' -> numbered (('cohort', '3'),); 'in Wales by 2030' -> names ('wale', '2030')."""
        numbered = tuple(dict.fromkeys((label.lower(), n) for label, n in NUMBERED.findall(question)))
        labels = {label for label, _ in numbered} | POINTERS
        words = [w for w in NAME.findall(question.strip()) if w.lower() not in labels] + YEAR.findall(question)
        stems = [t for w in words for t in terms(w) if t not in FRAMING_TERMS]
        capitals = [t for w in words if w.isupper() for t in terms(w.rstrip("s"))]
        places = [_compass(f"{m.group(1)} {m.group(2)}") for m in PLACE.finditer(question)]
        return cls(tuple(dict.fromkeys(stems)), numbered, tuple(dict.fromkeys(capitals)), tuple(dict.fromkeys(places)))


def context(library: Library, chunk: Chunk) -> str:
    """What a cited chunk says about where it stands: its text, its passage (for a quote, the paragraph
    holding or introducing it and the one before; for a sentence, also the sentence its pronoun refers to), its section, its speaker, its source's title and publisher."""
    source = library.source(chunk.source)
    if chunk.kind == "quote":
        before = source.text.rfind("\n\n", 0, max(source.text.rfind("\n\n", 0, chunk.start), 0))
        around = source.text[max(before, 0):chunk.end]
    else:
        passage = passage_at(library, chunk.source, chunk.start, chunk.end) if chunk.kind == "sentence" else None
        around = passage.text if passage else ""
        if chunk.kind == "table_row":  # the row's headings, the one over its labels too ('Site' over 'C', 'D')
            around += " " + " ".join(_headings_of(library, chunk))
        if chunk.kind == "sentence":  # the sentence naming who 'he' is comes with it, cited
            around += " " + referent_text(library, chunk)
    return " ".join((chunk.text, around, chunk.section, chunk.speaker, source.title, getattr(source, "publisher", "") or ""))


def _headings_of(library: Library, chunk: Chunk) -> list[str]:
    """The column headings of the table a row chunk is from."""
    tables = {(f.source, f.table) for f in library.figures_at(chunk)}
    return [column for t in library.tables if (t.source, t.id) in tables for column in t.columns]


def holds(library: Library, pins: Pins, chunk: Chunk) -> bool:
    """Every pinned word is in the chunk's context, and every numbered thing is named there with its
    number, in a source whose title does not number it otherwise ('Cohort 2 Report' for 'cohort 3')."""
    if not pins:
        return True
    text = context(library, chunk)
    said = set(terms(text))
    if chunk.kind != "table_row":  # a table says its own unit and year; a report's subject does not reach its cells
        said |= library.subjects.get(chunk.source, frozenset())
    if not all(_said(name, said) or (name in pins.acronyms and _spelled_out(name, text)) for name in pins.names):
        return False
    if not all(place in _compass(text) or _compassed_report(library.source(chunk.source).text).count(place) >= PLACE_SUBJECT
               for place in pins.places):
        return False  # 'south east London' is not 'north central London'; a report's own area holds throughout
    title = library.source(chunk.source).title
    for label, number in pins.numbered:
        if not re.search(rf"\b{label}s?\s+{number}\b", text, re.I):
            return False
        titled = {n for l, n in NUMBERED.findall(title) if l.lower() == label}
        if titled and not titled & {n for l, n in pins.numbered if l == label}:
            return False
    return True


def asked_of(question: str) -> str:
    """The people a quote question asks for, as typed: 'a care home resident in north central London'
    in 'Quote what a care home resident in north central London said'; '' when none is named."""
    found = ASKED_OF.search(question)
    return (found.group(1) or found.group(2) or "").strip() if found else ""


def on_topic(question: str, where: str) -> bool:
    """A quote asked 'about' something stands where at least one of that topic's words is said
    ('recruitment difficulties': 'recruit' or 'difficult' in the quote, its paragraph or its section)."""
    found = ABOUT.search(question)
    wanted = set(terms(found.group(1))) - FRAMING_TERMS if found else set()
    return not wanted or bool(wanted & set(terms(where)))


def names_people(asked: str, speaker_terms: frozenset[str], indefinite: frozenset[str]) -> bool:
    """The people asked of are people: their head word is a word for people in general ('the respondent
    from the ambulance trust') or a quote speaker's word ('a team lead'), not 'the report' or 'you'."""
    narrowing = NARROWS.search(asked)
    words = re.findall(r"[\w’'-]+", asked[:narrowing.start()] if narrowing else asked)
    head = words[-1].lower() if words else ""
    return bool(head) and (head in indefinite or bool(set(terms(head)) & speaker_terms))


def speaks(asked: str, speaker: str, where: str, indefinite: frozenset[str]) -> bool:
    """The quote (its `speaker`, and `where` it stands: its context) is by the people asked. The head word
    of the people ('resident', 'leads') must be in the speaker's words, unless the speaker is printed only
    as a word for people in general ('respondent'), which cannot say who they were; what narrows the people
    ('in the demand-forecasting exercise') must be, half of it at least, where the quote stands. Words for
    people in general match any speaker; a person's name ('James Freed') is pinned, and checked by `holds`."""
    narrowing = NARROWS.search(asked)
    people = asked[:narrowing.start()] if narrowing else asked
    words = [w for w in re.findall(r"[\w’'-]+", people) if w.lower() not in ("a", "an", "one", "the")]
    if not words or words[-1].lower() in indefinite or words[-1][0].isupper():
        return True
    generic = set(terms(speaker)) <= {t for w in indefinite for t in terms(w)}
    if not generic and not set(terms(words[-1].rstrip("’'s"))) <= set(terms(speaker)):
        return False
    narrowed = set(terms(narrowing.group(0))) - FRAMING_TERMS if narrowing else set()
    return len(narrowed & set(terms(where))) * 2 >= len(narrowed)


def _compass(text: str) -> str:
    """Lower case, with 'north-west' and 'north  west' alike ('north west')."""
    return " ".join(text.lower().replace("-", " ").split())


@lru_cache(maxsize=16)
def _compassed_report(text: str) -> str:
    """A whole report's text as `_compass` gives it, worked out once per report, not once per passage checked."""
    return _compass(text)


def _spelled_out(term: str, text: str) -> bool:
    """An acronym written out in capitalised words ('CSUs': 'Commissioning Support Unit'), as a table row
    or a report may name what a question abbreviates without defining the abbreviation."""
    words = text.split()
    n = len(term)
    return any(all(w[:1].isupper() and w[1:2].islower() for w in words[i:i + n])
               and "".join(w[0] for w in words[i:i + n]).lower() == term for i in range(len(words) - n + 1))


def _said(term: str, said: set[str]) -> bool:
    """The term, its plural ('WTE', 'WTEs'), or a longer or shorter form of it past its first seven
    letters ('scandinavian', 'scandinavia')."""
    return (term in said or f"{term}s" in said or term.rstrip("s") in said
            or (len(term) > PREFIX and any(t.startswith(term[:PREFIX]) for t in said if len(t) >= PREFIX)))
