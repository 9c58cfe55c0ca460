"""A follow-up read as a whole question: the previous question with the parts the new words replace.

'How many medical directors received coaching?' then 'And clinical directors?' reads as 'How many
clinical directors received coaching?'; 'What about mentoring?' replaces the row or topic; 'And in
Table 2?' the table; 'As a percentage?' the measure; 'And the lowest?' the extreme; 'What did they
say about it?' puts the people and the topic back for 'they' and 'it'; 'Why?' asks why of the last
question. A question with its own frame and topic stands on its own. Not handled: a follow-up that
reaches back past the last turn ('and the first one?'), or one that changes the report asked.
"""
from __future__ import annotations

import re

from .question import Question, Reader
from .terms import FRAMING_TERMS, terms
from .types import Turn

CONNECTIVE = re.compile(r"^\s*(?:(?:and|but|also|or|so|then|ok(?:ay)?|now|right)[,\s]+)?(?:(?:what|how) about|what of|"
                        r"same (?:for|with)|likewise (?:for|with)|is that (?:also )?(?:true|the case|so) (?:for|of))\b"
                        r"|^\s*(?:and|but|also|or|then|plus)\b[,\s]*", re.I)
FRAMED = re.compile(r"^\s*(?:how|what|which|who|whom|whose|when|where|why|do|does|did|is|are|was|were|has|have|had|"
                    r"can|could|would|will|should|give|show|list|tell|summari[sz]e|name|describe|explain|quote|find|"
                    r"compare|according)\b", re.I)
PEOPLE_PRONOUN = re.compile(r"\b(they|them|their|those people|these people)\b", re.I)
THING_PRONOUN = re.compile(r"\b(it|that|this|those|these)\b(?!\s+(?:table|report|section|people|group))", re.I)
THIS_TABLE = re.compile(r"\b(?:this|that|the same|the) table\b", re.I)
BARE_WHY = re.compile(r"^\s*(?:and\s+|but\s+|so\s+)?(?:why|how come)\b(?:\s+(?:is|was|are|were)\s+(?:that|this|it|so))?\W*$", re.I)
AS_MEASURE = re.compile(r"\b(?:as an? )?(percentage|proportion|share|per ?cent|number|count|how many)\b", re.I)
# Words a follow-up uses that are not a topic of its own.
FOLLOW_WORDS = frozenset(terms("group groups one ones figure figures number share percentage proportion instead "
                               "lowest highest least most top bottom fewest more fewer less higher lower else "
                               "other way same case true"))
TOPIC_AFTER = re.compile(r"\b(?:about|on|regarding|concerning|with|for|around)\s+((?:[\w’'-]+\s*){1,6})\??\s*$", re.I)


def read_follow_up(reader: Reader, text: str, previous: Turn) -> tuple[str, bool]:
    """(read_as, follows): the text as a whole question, and whether the turn before filled it in."""
    alone = reader.read(text)
    own_topic = {t for _, t in alone.topic} - FOLLOW_WORDS - FRAMING_TERMS
    body = CONNECTIVE.sub("", text, count=1).strip()
    elliptical = bool(CONNECTIVE.match(text)) or not FRAMED.match(body) or not own_topic
    if BARE_WHY.match(text):
        return _why(previous.question), True
    if elliptical and (alone.kind == "section" or alone.speaker and alone.kind == "quote"):
        return text, False  # 'And the recommendations?' asks for a whole section of its own
    if elliptical:
        return _replace_parts(reader, previous, alone, body), True
    if PEOPLE_PRONOUN.search(text) or THING_PRONOUN.search(text) or THIS_TABLE.search(text):
        filled = _fill_pronouns(previous, text)
        return filled, filled != text
    return text, False


def _replace_parts(reader: Reader, previous: Turn, alone: Question, body: str) -> str:
    """The previous question with each part the new words name put in place of its own."""
    read_as = previous.question.read_as.rstrip(" ?")
    words = body.rstrip(" ?.!")
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement) in read_as
    people = alone.named("people")
    if people:
        words = _without(words, people)
        spans.append(_people_span(previous.question, read_as, people))
    table = alone.named("table")
    if table:
        words = _without(words, table)
        spans.append(_table_span(previous, read_as, table))
    if alone.measures and (alone.measures != previous.question.measures or AS_MEASURE.search(body)):
        words = AS_MEASURE.sub(" ", words)
        spans.append(_frame_span(previous.question, read_as, alone.measures))
    extreme = alone.named("extreme")
    if extreme:
        words = _without(words, extreme)
        own = previous.question.part("extreme")
        spans.append((own.start, own.end, extreme) if own else (len(read_as), len(read_as), f" ({extreme})"))
    rest = _topic_words(words)
    if rest and not people and _reads_as_people(reader, rest, previous.question):
        spans.append(_people_span(previous.question, read_as, rest))
    elif rest:
        spans.append(_topic_span(previous, read_as, rest))
    return _apply(read_as, spans) + "?"


def _fill_pronouns(previous: Turn, text: str) -> str:
    """'What did they say about it?' with the previous people for 'they' and its topic for 'it'."""
    before = previous.question
    people = before.named("people")
    topic = _topic_phrase(previous)
    if THIS_TABLE.search(text) and previous.table:
        text = THIS_TABLE.sub(previous.table, text, count=1)
    if people:
        text = PEOPLE_PRONOUN.sub(lambda m: people if m.group(1).lower() != "their" else f"{people}'", text, count=1)
    if topic and THING_PRONOUN.search(text):
        text = THING_PRONOUN.sub(topic, text, count=1)
    return text


def _why(before: Question) -> str:
    """'Why?' after 'Do clinical directors feel cut off...?' -> 'Why do clinical directors feel cut off...?'"""
    clause = re.sub(r"^\s*(?:how many|how much|what (?:percentage|proportion|share|number) of|which|what)\s+", "",
                    before.read_as.rstrip(" ?"), flags=re.I)
    return f"Why {clause[:1].lower()}{clause[1:]}?"


# ---- where each part goes ------------------------------------------------------------------------

def _people_span(before: Question, read_as: str, people: str) -> tuple[int, int, str]:
    own = before.part("people")
    if own and own.end <= len(read_as):
        return own.start, own.end, people
    frame = before.part("frame")
    if frame:
        joiner = " " if re.search(r"\b(?:of|many|much)$", read_as[:frame.end], re.I) else " of "
        return frame.end, frame.end, joiner + people
    return len(read_as), len(read_as), f" for {people}"


def _table_span(previous: Turn, read_as: str, table: str) -> tuple[int, int, str]:
    own = previous.question.part("table")
    if own:
        return own.start, own.end, table
    return len(read_as), len(read_as), f" in {table}"


def _frame_span(before: Question, read_as: str, measures: frozenset[str]) -> tuple[int, int, str]:
    frame = before.part("frame")
    wanted = "What percentage of" if "percentage" in measures else "How many"
    if frame:
        return frame.start, frame.end, wanted
    return 0, 0, f"{wanted} "


def _topic_span(previous: Turn, read_as: str, topic: str) -> tuple[int, int, str]:
    """Where the previous question names what it is about: the words of the row that answered it,
    the phrase after 'about/on/for', or its topic words from first to last."""
    found = _topic_location(previous, read_as)
    if found:
        return found[0], found[1], topic
    return len(read_as), len(read_as), f" about {topic}"


def _topic_location(previous: Turn, read_as: str) -> tuple[int, int] | None:
    taken = [(p.start, p.end) for p in previous.question.parts if p.kind in ("people", "table", "frame", "extreme")]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    tokens = [(m.start(), m.end(), terms(m.group(0))) for m in re.finditer(r"[\w’'-]+", read_as)]
    wanted = set(terms(previous.row)) if previous.row else set()
    if not wanted:
        after = TOPIC_AFTER.search(read_as)
        if after and free(after.start(1), after.end(1)):
            return after.start(1), after.start(1) + len(after.group(1).rstrip())
        wanted = {t for _, t in previous.question.topic} - FRAMING_TERMS
    hits = [(s, e) for s, e, stem in tokens if stem and stem[0] in wanted and free(s, e)]
    return (hits[0][0], hits[-1][1]) if hits else None


def _topic_phrase(previous: Turn) -> str:
    found = _topic_location(previous, previous.question.read_as)
    return previous.question.read_as[found[0]:found[1]] if found else ""


def _reads_as_people(reader: Reader, words: str, before: Question) -> bool:
    """Bare new words replace the people, not the topic, when the last question named people and
    the words are not the sources' (an unknown plural: 'And nurses?') or name a speaker."""
    if not before.part("people"):
        return False
    stems = terms(words)
    return any(s not in reader.vocabulary for s in stems) and words.lower().endswith("s")


def _topic_words(words: str) -> str:
    """What is left of a follow-up once its connective, people, table and measure words are gone."""
    kept = [w for w in re.findall(r"[\w’'-]+", words) if not set(terms(w)) <= (FOLLOW_WORDS | FRAMING_TERMS)
            and w.lower() not in ("the", "a", "an", "of", "for", "in", "with", "about", "on", "what", "how", "is",
                                  "are", "was", "were", "did", "do", "does")]
    return " ".join(kept)


def _without(text: str, phrase: str) -> str:
    return re.sub(re.escape(phrase), " ", text, count=1, flags=re.I)


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The replacements made from the end backwards, so earlier offsets stay right; overlaps dropped."""
    out, limit = text, len(text) + 1
    for start, end, replacement in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        if end > limit:
            continue
        out = out[:start] + replacement + out[end:]
        limit = start
    return " ".join(out.split())

