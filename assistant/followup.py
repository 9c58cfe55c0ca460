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

from .lexicon import (AS_MEASURE, BARE_WHY, CIRCUMSTANCE, CONNECTIVE, DATE_PHRASE, FILLER, FOLLOW_WORDS, FOR_PEOPLE, FOR_WHOM,
                      PRONOUN_TERMS,
                      FRAME, FRAMED, LEAD_PHRASE, PEOPLE_NOUNS, PEOPLE_PRONOUN, PERSON_PRONOUN, THING_PRONOUN, THIS_TABLE, TOKEN)
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
    written = read_as.parts() if isinstance(read_as, Slots) else ()
    return reader.read(text, str(read_as), corrections, True, frozenset(own_terms(alone)), chosen, referent, written)


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

    def swap(self, said: str, words: str) -> "Slots":
        """`said`, printed in the words between slots or in the topic, replaced by `words` as the topic."""
        for at, (slot, printed) in enumerate(self.pieces):
            found = printed.find(said) if slot in ("", "topic") else -1
            if found >= 0:
                parts = (("", printed[:found]), ("topic", words), ("", printed[found + len(said):]))
                return Slots(self.pieces[:at] + parts + self.pieces[at + 1:])
        return self.put("topic", words)

    def text(self) -> str:
        return " ".join("".join(words for _, words in self.pieces).rstrip(" ?.!").split()) + "?"

    def __str__(self) -> str:
        return self.text()

    def parts(self) -> tuple[Part, ...]:
        """Where each slot's words stand in the text written."""
        text, at, found = self.text(), 0, []
        for kind, words in self.pieces:
            said = " ".join(words.split()).rstrip(" ?.!")
            start = text.find(said, at) if kind and said else -1
            if start >= 0:
                found.append(Part(kind, start, start + len(said)))
                at = start + len(said)
        return tuple(found)


# ---- reading against the last question ------------------------------------------------------------------

def _against_question(reader: Reader, previous: Turn, body: str, alone: Question,
                      referents: Referents) -> tuple[str | Slots, str]:
    """A bare phrase ('And clinical directors?') or a question naming only parts ('What percentage is that?')
    replaces those slots of the last question; a bare 'Why?' asks why of it; any other question keeps its
    own words, its pronouns and missing topic filled from the last question."""
    if BARE_WHY.match(body):
        return _why(previous.question), ""
    own = own_terms(alone)
    said = set(terms(body)) - FOLLOW_WORDS - FRAMING_TERMS - PRONOUN_TERMS  # the tables' group words too
    beyond_people = said - set(terms(alone.named("people")))  # 'And how many care providers?' names only people
    names_parts = alone.part("people") or alone.part("table") or alone.measures or alone.part("extreme")
    if not (FRAMED.match(body) or LEAD_PHRASE.match(body)) or (not beyond_people and names_parts):
        return _replace_slots(reader, previous, alone, body), ""
    filled = _fill(previous, body, alone, own)
    return (filled if filled != " ".join(body.split()) else _with_context(previous.question, body)), ""


def _with_context(before: Question, body: str) -> str:
    """A question of its own words read as going on from the last one ('How big is the shortfall?' after a
    question about the projected supply by 2030): the last question's words, less its frame and what the
    new one says already, after it as its context."""
    said = set(terms(body))
    words = [w for w in TOKEN.findall(_clause(before)) if not set(terms(w)) <= said]
    context = " ".join(words).strip()
    return f"{body.rstrip(' ?.!')} ({context})?" if set(terms(context)) - FRAMING_TERMS else body


def _replace_slots(reader: Reader, previous: Turn, alone: Question, body: str) -> Slots:
    """The last question's slots, each the new words name put in place of its own."""
    slots = _slots_of(previous)
    words = body.rstrip(" ?.!")
    people = _people_named(alone, words)
    asked_of = FOR_PEOPLE.match(words)
    if asked_of and not (alone.named("table") or DATE_PHRASE.search(words)):
        people = asked_of.group(1)  # 'And for people with a disability?': the whole phrase is who it is asked of
        slots = _with_people_asked_for(previous, slots)
    circumstance = CIRCUMSTANCE.match(words.strip())
    if circumstance and not (alone.named("table") or alone.measures or DATE_PHRASE.search(words)) \
            and _topic_words(_without(words, people) if people else words) \
            and not _names_row(reader, previous, words[circumstance.end():]):
        # 'And after being given more information?', 'And in the GP record survey?': the last question asked
        # in another circumstance, which this one replaces (or, when it named none, joins); 'And in
        # clinical directors?' names only people, and is read below.
        return slots.put("circumstance", words.strip())
    for kind, said in (("people", people), ("table", alone.named("table")), ("extreme", alone.named("extreme"))):
        if said:
            words = _without(words, said)
            slots = slots.put(kind, said)
    if alone.measures and (alone.measures != previous.question.measures or AS_MEASURE.search(body)):
        words = AS_MEASURE.sub(" ", words)
        slots = slots.put("frame", "What percentage of" if "percentage" in alone.measures else "How many")
    date = DATE_PHRASE.search(words)
    if date:  # 'And in 2030?', 'And in March?': the date asked replaces the last question's one
        words = _without(words, date.group(0))
        slots = slots.put("date", date.group(0))
    rest = _topic_words(words)
    if rest and not people and (_reads_as_people(reader, rest, previous) or _row_is_people(previous)):
        slots = slots.put("people", rest)
    elif rest:
        slots = _with_topic(previous, slots, rest)
    return slots


def _people_named(alone: Question, words: str) -> str:
    """The people a bare follow-up names, with the words before them that narrow them ('alcohol specialist
    <nurses>'), up to a word that is no topic ('mentoring for <clinical directors>')."""
    people = alone.named("people")
    at = words.lower().find(people.lower()) if people else -1
    if at <= 0:
        return people
    before = TOKEN.findall(words[:at])
    kept = []
    for word in reversed(before):
        if word.lower() in FILLER or not set(terms(word)) - FRAMING_TERMS - FOLLOW_WORDS:
            break
        kept.insert(0, word)
    return " ".join(kept + [people])


def _with_people_asked_for(previous: Turn, slots: Slots) -> Slots:
    """The last question's slots with the people it was asked for as its people slot ('life expectancy for
    <women> in Cabo Verde'), when it named none of a group's."""
    before = previous.question
    found = FOR_WHOM.search(before.read_as)
    if before.part("people") or not found:
        return slots
    span = Part("people", found.start(1), found.start(1) + len(found.group(1).rstrip()))
    return Slots.of(before.read_as, [p for p in before.parts if not _overlaps(p, span)] + [span])


def _row_is_people(previous: Turn) -> bool:
    """The row that answered the last question named its people ('Alcohol specialist nurse' counted in a
    table of staff): bare new words name other people, in the same slot."""
    people = set(terms(previous.question.named("people")))
    return bool(previous.row) and bool(people & set(terms(previous.row)))


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
        return slots.swap(previous.question.read_as[aligned.start:aligned.end], topic)
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
    if found and not them:  # 'What was it at the start?': all the last question was about, people too;
        # 'What award did it win?' after a question about north central London: the place it named
        topic = before.named("place") or _topic_phrase(previous, with_people=True) or topic
    if topic and found:
        at = found.lastindex
        text = text[:found.start(at)] + topic + text[found.end(at):]
    elif (people or topic) and pointing(text, previous):  # 'those directors': the ones in the last question
        pointed = pointing(text, previous)
        whom = (people or topic) if set(terms(pointed.group(1))) & PEOPLE_NOUNS else (topic or people)
        text = f"{text[:pointed.start()]}the {pointed.group(1)} in {whom}{text[pointed.end():]}"
    elif topic and not own and text == body:
        text = f"{text.rstrip(' ?')} {topic}?"
    return " ".join(text.split())


def _why(before: Question) -> str:
    """Why of the last question: 'Why did few clinical directors...' cannot be made, so 'Why clinical
    directors got mentoring?'."""
    clause = _clause(before)
    return f"Why {clause[:1].lower()}{clause[1:]}?"


def _clause(before: Question) -> str:
    """The last question without its frame: 'medical directors received coaching'."""
    clause = FRAME.sub("", before.read_as.rstrip(" ?"), count=1).strip()
    return re.sub(r"^(?:of|which|what)\s+", "", clause, flags=re.I)


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


def _topic_location(previous: Turn, read_as: str) -> tuple[int, int] | None:
    """Where the last question names its topic: the words of the table row that answered it (what
    'What about mentoring?' replaces), else its topic slot (the phrase after its last 'about/on/of...',
    or its longest run of topic words)."""
    before = previous.question
    taken = [p for p in before.parts if p.kind in ("people", "table", "frame", "extreme", "section", "date")]
    hits = [m for m in TOKEN.finditer(read_as) if not any(p.start < m.end() and m.start() < p.end for p in taken)]
    row = [m for m in hits if set(terms(m.group(0))) & set(terms(previous.row))] if previous.row else []
    if row:
        return row[0].start(), row[-1].end()
    topic = before.part("topic")
    if topic:
        return topic.start, topic.end
    found = topic_run(read_as, taken)
    return found if found[1] > found[0] else None


def _topic_phrase(previous: Turn, with_people: bool = False) -> str:
    """What 'it' stands for: the row that answered the last question, or its topic slot ('a single patient
    record' in '... plans for a single patient record'), never its date. With people, from its people on
    ('domiciliary care providers are compliant')."""
    read_as = previous.question.read_as
    found = _topic_location(previous, read_as)
    first = topic_run(read_as, [p for p in previous.question.parts if p.kind not in ("topic", "circumstance")],
                      first=True)
    if found and not previous.row and first[1] > first[0]:  # from its first topic word: 'the AnalystX survey open ...'
        found = (min(found[0], first[0]), max(found[1], first[1]))
    people = previous.question.part("people")
    if with_people and people and found and not previous.row:
        found = (min(found[0], people.start), max(found[1], people.end))
    return read_as[found[0]:found[1]] if found else ""


def _reads_as_people(reader: Reader, words: str, previous: Turn) -> bool:
    """Bare new words replace the people, not the topic, when the last question named people, the words
    name no row of the table that answered it ('And simulations?') and they are a plural the sources lack
    ('And nurses?') or a plural of a word for people ('And chief executives?', 'And care providers?')."""
    said = terms(words)
    if not previous.question.part("people") or not said or not words.lower().endswith("s") \
            or _names_row(reader, previous, words):
        return False
    return any(s not in reader.vocabulary for s in said) or said[-1] in PEOPLE_NOUNS


def _topic_words(words: str) -> str:
    """What is left of a follow-up once its connective, people, table and measure words are gone."""
    return " ".join(w for w in TOKEN.findall(words) if not set(terms(w)) <= (FOLLOW_WORDS | FRAMING_TERMS)
                    and w.lower() not in FILLER)


def _without(text: str, phrase: str) -> str:
    return re.sub(re.escape(phrase), " ", text, count=1, flags=re.I)


def _overlaps(part: Part, other: Part) -> bool:
    return part.start < other.end and other.start < part.end
