"""A turn read against the last one. What it reads against is the fitted choice of `referents.py`: it stands
alone (read as typed, never rewritten), or it goes on from the last question, or its pronoun points at the
person, quote or passage the last answer gave. This module writes the reading.

Against the last question, the new words replace its slots: 'How many medical directors received coaching?'
then 'And clinical directors?' puts 'clinical directors' in its people slot; 'What about mentoring?' its
topic (where the row that answered it is named); 'And in Table 2?' its table; 'As a percentage?' its frame;
'And the lowest?' its extreme; 'And in 2030?' its year; 'And after the interviews?' its circumstance. A
question with pronouns ('What did they say about it?') gets the last question's people and topic for them;
'Why?' asks why of the last question. `read_as` is written from the slots (`Slots`). Against the last answer,
the pronoun is the person ('What is her job title?' -> "What is Jane Wheeler's job title?"), the quote
('Which group said that?') or the passage ('Why is that?'). Not handled: a pronoun that reaches back past
the last turn ('and the first one?').
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (AS_MEASURE, BARE_WHY, CIRCUMSTANCE, CONNECTIVE, FILLER, FOLLOW_WORDS, FOR_PEOPLE, FRAME, FRAMED,
                      LEAD_PHRASE, PEOPLE_PRONOUN, PERSON_PRONOUN, THING_PRONOUN, THIS_TABLE, TOKEN, YEAR)
from .question import Part, Question, Reader, topic_run
from .referents import Referents, features, own_terms, pointing
from .row_index import row_index
from .terms import FRAMING_TERMS, terms
from .types import Turn

QUOTE_WORDS = 25  # of a long quote put in a question for 'that': enough to find it, short enough to read
ENDS_IN_OF = re.compile(r"\b(?:of|many|much)$", re.I)  # a frame the people follow directly: 'How many', 'share of'
POSSESSIVE_NEXT = re.compile(r"\s+(?!(?:to|for|about|at|in|on|with|from|by|of|and|or|that|if|when)\b)[a-z]", re.I)


def read_turn(reader: Reader, text: str, corrected: str, corrections=(), previous: Turn | None = None) -> Question:
    """The turn as read: on its own when it is the first or the choice says it stands alone, else
    written from what it reads against, with `refers_to` saying which."""
    if previous is None:
        return reader.read(text, corrected, corrections)
    body = CONNECTIVE.sub("", corrected, count=1).strip() or corrected
    alone = reader.read(body)
    referents = Referents.of(previous)
    chosen = reader.follow_ups.choose(features(corrected, body, alone, previous, referents), referents.available)
    if chosen == "alone":
        return reader.read(text, corrected, corrections)
    read_as, referent = READINGS[chosen](reader, previous, body, alone, referents)
    return reader.read(text, read_as, corrections, True, frozenset(own_terms(alone)), chosen, referent)


# ---- the slots of a question, and read_as written from them ------------------------------------------------

@dataclass(frozen=True)
class Slots:
    """A question as the words of its slots and the words between them, in order: read_as written back."""

    pieces: tuple[tuple[str, str], ...]  # (slot, words); slot "" for the words between

    @classmethod
    def of(cls, text: str, parts: list[Part]) -> "Slots":
        pieces, at = [], 0
        for part in sorted(parts, key=lambda p: p.start):
            pieces += [("", text[at:part.start]), (part.kind, text[part.start:part.end])]
            at = part.end
        return cls(tuple(pieces + [("", text[at:])]))

    def get(self, kind: str) -> str:
        return next((words for slot, words in self.pieces if slot == kind), "")

    def put(self, kind: str, words: str) -> "Slots":
        """The slot's words replaced, or the slot added where a question of that kind says it."""
        if self.get(kind):
            return Slots(tuple((slot, words if slot == kind else said) for slot, said in self.pieces))
        if kind == "frame":
            return Slots(((kind, words + " "),) + self.pieces)
        if kind == "people" and self.get("frame"):
            at = next(i for i, (slot, _) in enumerate(self.pieces) if slot == "frame") + 1
            joiner = " " if ENDS_IN_OF.search(self.get("frame")) else " of "
            return Slots(self.pieces[:at] + (("", joiner), (kind, words)) + self.pieces[at:])
        lead = {"people": " for ", "extreme": " (", "topic": " about ", "circumstance": " "}.get(kind, " in ")
        pieces = list(self.pieces)
        pieces[-1] = ("", pieces[-1][1].rstrip(" ?.!"))
        return Slots(tuple(pieces) + (("", lead), (kind, words), ("", ")" if kind == "extreme" else "")))

    def text(self) -> str:
        return " ".join("".join(words for _, words in self.pieces).rstrip(" ?.!").split()) + "?"


# ---- reading against the last question ------------------------------------------------------------------

def _against_question(reader: Reader, previous: Turn, body: str, alone: Question, referents: Referents) -> tuple[str, str]:
    """A bare phrase ('And clinical directors?') or a question naming only parts ('What percentage is that?')
    replaces those slots of the last question; a bare 'Why?' asks why of it; any other question keeps its
    own words, its pronouns and missing topic filled from the last question."""
    if BARE_WHY.match(body):
        return _why(previous.question), ""
    own = own_terms(alone)
    beyond_people = own - set(terms(alone.named("people")))  # 'And how many care providers?' names only people
    names_parts = alone.part("people") or alone.part("table") or alone.measures or alone.part("extreme")
    if not (FRAMED.match(body) or LEAD_PHRASE.match(body)) or (not beyond_people and names_parts):
        return _replace_slots(reader, previous, alone, body), ""
    return _fill(previous, body, alone, own), ""


def _replace_slots(reader: Reader, previous: Turn, alone: Question, body: str) -> str:
    """The last question's slots, each the new words name put in place of its own."""
    slots = _slots_of(previous)
    words = body.rstrip(" ?.!")
    people = alone.named("people")
    asked_of = FOR_PEOPLE.match(words)
    if asked_of and previous.question.part("people") and not (alone.named("table") or YEAR.search(words)):
        people = asked_of.group(1)  # 'And for people with a disability?': the whole phrase is who it is asked of
    circumstance = CIRCUMSTANCE.match(words.strip())
    if circumstance and not (alone.named("table") or alone.measures or YEAR.search(words)) \
            and _topic_words(_without(words, people) if people else words) \
            and not _names_row(reader, previous, words[circumstance.end():]):
        # 'And after being given more information?', 'And in the GP record survey?': the last question asked
        # in another circumstance, which this one replaces (or, when it named none, joins); 'And in
        # clinical directors?' names only people, and is read below.
        return slots.put("circumstance", words.strip()).text()
    for kind, said in (("people", people), ("table", alone.named("table")), ("extreme", alone.named("extreme"))):
        if said:
            words = _without(words, said)
            slots = slots.put(kind, said)
    if alone.measures and (alone.measures != previous.question.measures or AS_MEASURE.search(body)):
        words = AS_MEASURE.sub(" ", words)
        slots = slots.put("frame", "What percentage of" if "percentage" in alone.measures else "How many")
    year = YEAR.search(words)
    if year:  # 'And in 2030?': the year asked replaces the last question's one
        words = _without(words, year.group(0))
        slots = slots.put("year", year.group(0))
    rest = _topic_words(words)
    if rest and not people and _reads_as_people(reader, rest, previous.question):
        slots = slots.put("people", rest)
    elif rest:
        slots = _with_topic(previous, slots, rest)
    return slots.text()


def _slots_of(previous: Turn) -> Slots:
    """The last question's slots, its topic where the row that answered it is named, when it is."""
    before = previous.question
    parts = [p for p in before.parts if p.kind != "topic"]
    found = _topic_location(previous, before.read_as)
    topic = [Part("topic", *found)] if found else []
    return Slots.of(before.read_as, parts + [t for t in topic if not any(_overlaps(p, t) for p in parts)])


def _with_topic(previous: Turn, slots: Slots, topic: str) -> Slots:
    """The new topic in place of a phrase of the last question starting with its first word, as long
    ('Recommendation 5' for 'Recommendation 6'), else in the topic slot."""
    aligned = _aligned(previous.question, topic)
    if aligned:
        before = previous.question
        parts = [p for p in before.parts if not _overlaps(p, aligned)] + [aligned]
        return Slots.of(before.read_as, parts).put("topic", topic)
    return slots.put("topic", topic)


def _names_row(reader: Reader, previous: Turn, phrase: str) -> bool:
    """The phrase names a row of the table the last turn answered from ('And in the North East?' after a
    figure from its 'North East and Yorkshire (Y63)' row's table): the row is replaced, not a circumstance."""
    said = set(terms(phrase))
    return bool(said) and any(len(said & row.terms) * 2 >= len(row.terms) for row in row_index(reader.tables).rows
                              if (row.table.id, row.table.source) == (previous.table, previous.source))


def _fill(previous: Turn, body: str, alone: Question, own: set[str]) -> str:
    """'What did they say about it?' with the last question's people for 'they' and its topic for 'it';
    'How many wanted it?' also gets the last people after its frame; 'Which group had more?', with no
    topic of its own, gets the last topic at its end."""
    before = previous.question
    people = before.named("people")
    topic = _topic_phrase(previous)
    text = body
    if THIS_TABLE.search(text) and previous.table:
        text = THIS_TABLE.sub(previous.table, text, count=1)
    them = bool(people and PEOPLE_PRONOUN.search(text))
    if them:
        text = PEOPLE_PRONOUN.sub(lambda m: people if m.group(1).lower() != "their" else f"{people}'", text, count=1)
    elif people and alone.part("frame") and not alone.part("people"):
        frame = alone.part("frame")
        joiner = " " if ENDS_IN_OF.search(text[:frame.end]) else " of "
        text = text[:frame.end] + joiner + people + text[frame.end:]
    found = THING_PRONOUN.search(text)
    if found and not them:  # 'What was it at the start?': all the last question was about, people too
        topic = _topic_phrase(previous, with_people=True) or topic
    if topic and found:
        at = found.lastindex
        text = text[:found.start(at)] + topic + text[found.end(at):]
    elif (people or topic) and pointing(text, previous):  # 'those directors': the ones in the last question
        pointed = pointing(text, previous)
        text = f"{text[:pointed.start()]}the {pointed.group(1)} in {people or topic}{text[pointed.end():]}"
    elif topic and not own and text == body:
        text = f"{text.rstrip(' ?')} {topic}?"
    return " ".join(text.split())


def _why(before: Question) -> str:
    """Why of the last question: 'Why did few clinical directors...' cannot be made, so 'Why clinical
    directors got mentoring?'."""
    clause = FRAME.sub("", before.read_as.rstrip(" ?"), count=1).strip()
    clause = re.sub(r"^(?:of|which|what)\s+", "", clause, flags=re.I)
    return f"Why {clause[:1].lower()}{clause[1:]}?"


# ---- reading against the last answer: its person, quote or passage ---------------------------------------

def _against_person(reader: Reader, previous: Turn, body: str, alone: Question, referents: Referents) -> tuple[str, str]:
    """'What is her job title?' -> "What is Jane Wheeler's job title?"; 'Who did he work with?' -> 'Who did
    Kyle Bozentko work with?'."""
    person = referents.persons[0]

    def name(match: re.Match) -> str:
        word = match.group(1).lower()
        possessive = word in ("his", "hers") or (word == "her" and POSSESSIVE_NEXT.match(body, match.end()))
        return f"{person}'s" if possessive else person

    read_as = PERSON_PRONOUN.sub(name, body, count=1) if PERSON_PRONOUN.search(body) else f"{body.rstrip(' ?')} ({person})?"
    return " ".join(read_as.split()), person


def _against_quote(reader: Reader, previous: Turn, body: str, alone: Question, referents: Referents) -> tuple[str, str]:
    """'Which group said that?' -> 'Which group said “<the quote>”?'; 'that consultant' is the one who said it,
    'they' its speaker when the report names one."""
    words, speaker = referents.quotes[0]
    quote = "“" + " ".join(words.split()[:QUOTE_WORDS]) + "”"
    text = body
    if speaker and (PEOPLE_PRONOUN.search(text) or PERSON_PRONOUN.search(text)):
        pronoun = PEOPLE_PRONOUN.search(text) or PERSON_PRONOUN.search(text)
        text = f"{text[:pronoun.start()]}{speaker}{text[pronoun.end():]}"
    pointed = pointing(text, previous)
    thing = THING_PRONOUN.search(text)
    if pointed and not thing:
        text = f"{text[:pointed.start()]}the {pointed.group(1)} who said {quote}{text[pointed.end():]}"
    elif thing:
        at = thing.lastindex
        text = text[:thing.start(at)] + quote + text[thing.end(at):]
    else:
        text = f"{text.rstrip(' ?')} {quote}?"
    return " ".join(text.split()), words


def _against_passage(reader: Reader, previous: Turn, body: str, alone: Question, referents: Referents) -> tuple[str, str]:
    """'Why is that?' after 'time was identified as the most important resource' -> 'Why is it that time
    was identified as the most important resource?'; 'How big a rise is that?' takes the sentence for 'that'."""
    said = referents.passage.rstrip(" .:;")
    if BARE_WHY.match(body):
        return f"Why is it that {said[:1].lower()}{said[1:]}?", referents.passage
    thing = THING_PRONOUN.search(body)
    if thing:
        at = thing.lastindex
        return " ".join((body[:thing.start(at)] + said + body[thing.end(at):]).split()), referents.passage
    return f"{body.rstrip(' ?')} ({said})?", referents.passage


READINGS = {"question": _against_question, "person": _against_person, "quote": _against_quote,
            "passage": _against_passage}


# ---- where the last question names its topic ---------------------------------------------------------------

def _aligned(before: Question, topic: str) -> Part | None:
    """The span of the last question that starts with the new topic's first word and is as long."""
    new = TOKEN.findall(topic)
    first = terms(new[0]) if new else []
    tokens = list(TOKEN.finditer(before.read_as))
    taken = [(p.start, p.end) for p in before.parts if p.kind != "topic"]
    for at, token in enumerate(tokens):
        if first and terms(token.group(0)) == first and not any(s <= token.start() < e for s, e in taken):
            last = tokens[min(len(tokens), at + len(new)) - 1]
            return Part("topic", token.start(), last.end())
    return None


def _topic_location(previous: Turn, read_as: str, whole: bool = False) -> tuple[int, int] | None:
    """Where the last question names its topic: the words of the table row that answered it (what
    'What about mentoring?' replaces), else its topic slot (the phrase after its last 'about/on/of...',
    or its topic words from first to last); with `whole`, its topic words, not the phrase."""
    before = previous.question
    taken = [p for p in before.parts if p.kind in ("people", "table", "frame", "extreme", "section")]
    hits = [m for m in TOKEN.finditer(read_as) if not any(p.start < m.end() and m.start() < p.end for p in taken)]
    row = [m for m in hits if set(terms(m.group(0))) & set(terms(previous.row))] if previous.row else []
    if row:
        return row[0].start(), row[-1].end()
    topic = before.part("topic")
    if topic and not whole:
        return topic.start, topic.end
    found = topic_run(read_as, taken)
    return found if found[1] > found[0] else None


def _topic_phrase(previous: Turn, with_people: bool = False) -> str:
    """What 'it' stands for: the row that answered the last question, or all it was about, first topic
    word to last ('the AnalystX survey open for responses'). With people, from its people on
    ('domiciliary care providers are compliant')."""
    read_as = previous.question.read_as
    found = _topic_location(previous, read_as, whole=True)
    people = previous.question.part("people")
    if with_people and people and found and not previous.row:
        found = (min(found[0], people.start), max(found[1], people.end))
    return read_as[found[0]:found[1]] if found else ""


def _reads_as_people(reader: Reader, words: str, before: Question) -> bool:
    """Bare new words replace the people, not the topic, when the last question named people and
    the words are not the sources' (an unknown plural: 'And nurses?')."""
    if not before.part("people"):
        return False
    return any(s not in reader.vocabulary for s in terms(words)) and words.lower().endswith("s")


def _topic_words(words: str) -> str:
    """What is left of a follow-up once its connective, people, table and measure words are gone."""
    return " ".join(w for w in TOKEN.findall(words) if not set(terms(w)) <= (FOLLOW_WORDS | FRAMING_TERMS)
                    and w.lower() not in FILLER)


def _without(text: str, phrase: str) -> str:
    return re.sub(re.escape(phrase), " ", text, count=1, flags=re.I)


def _overlaps(part: Part, other: Part) -> bool:
    return part.start < other.end and other.start < part.end
