"""A follow-up read as a whole question: the previous question with the parts the new words replace.

'How many medical directors received coaching?' then 'And clinical directors?' reads as 'How many
clinical directors received coaching?'; 'What about mentoring?' replaces the row or topic; 'And in
Table 2?' the table; 'As a percentage?' the measure; 'And the lowest?' the extreme; 'And in 2030?' the year; 'What did they
say about it?' puts the people and the topic back for 'they' and 'it'; 'Why?' asks why of the last
question. A question with its own frame and topic stands on its own. Not handled: a follow-up that
reaches back past the last turn ('and the first one?'), or one that changes the report asked.
"""
from __future__ import annotations

import re

from .pinned import YEAR
from .question import Question, Reader
from .row_index import row_index
from .terms import FRAMING_TERMS, terms
from .types import Turn

CONNECTIVE = re.compile(r"^\s*(?:(?:and|but|also|or|so|then|ok(?:ay)?|now|right)[,\s]+)?(?:(?:what|how) about|what of|"
                        r"same (?:for|with)|likewise (?:for|with)|is that (?:also )?(?:true|the case|so) (?:for|of))\b"
                        r"|^\s*(?:and|but|also|or|then|plus)\b[,\s]*", re.I)
FRAMED = re.compile(r"^\s*(?:how|what|which|who|whom|whose|when|where|why|do|does|did|is|are|was|were|has|have|had|"
                    r"can|could|would|will|should|give|show|list|tell|summari[sz]e|name|describe|explain|quote|find|"
                    r"compare|according)\b", re.I)
PEOPLE_PRONOUN = re.compile(r"\b(they|them|their|those people|these people)\b", re.I)
# 'it', 'that' as a pronoun: at the end, or before a verb or a preposition ('those directors' is no pronoun).
THING_PRONOUN = re.compile(r"(?:\b(?:is|was|are|were|do|does|did|has|have|had|will|would|can|could|should|may|might) "
                           r"(it|that|this)\b)|"
                           r"\b(it|that|this|those|these)\b(?=\s*(?:[?.!]|$)|\s+(?:is|was|are|were|has|have|had|do|does|did|"
                           r"mean|means|say|says|said|show|shows|come|compare|in|for|to|of|on|by|with|from|about|among)\b)", re.I)
# 'those directors', 'these people': a word pointing back at the last question's topic.
DEMONSTRATIVE = re.compile(r"\b(?:those|these|that|this) ([a-z][\w-]*)\b(?!\s+(?:is|was|are|were)\b)", re.I)
PRONOUN_TERMS = frozenset(terms("it that this those these they them their"))
THIS_TABLE = re.compile(r"\b(?:this|that|the same|the) table\b", re.I)
BARE_WHY = re.compile(r"^\s*(?:and\s+|but\s+|so\s+)?(?:why|how come)\b(?:\s+(?:is|was|are|were)\s+(?:that|this|it|so))?\W*$", re.I)
AS_MEASURE = re.compile(r"\b(?:as an? )?(percentage|proportion|share|per ?cent|number|count|how many)\b", re.I)
# Words a follow-up uses that are not a topic of its own.
FOLLOW_WORDS = frozenset(terms("group groups one ones figure figures number share percentage proportion instead "
                               "lowest highest least most top bottom fewest more fewer less higher lower else "
                               "other way same case true"))
# A follow-up that is only a circumstance: when, after what, in which survey or place the last question holds.
_CIRCUMSTANCE_WORDS = r"after|before|when|once|if|while|during|in|without|under|unprompted"
CIRCUMSTANCE = re.compile(rf"(?:{_CIRCUMSTANCE_WORDS})\b", re.I)
CIRCUMSTANCE_IN = re.compile(rf"[\s,]+(?:{_CIRCUMSTANCE_WORDS})\b", re.I)
LEAD_PHRASE = re.compile(r"((?:in|for|at|among|within|from|according to)\b[^,?]{1,80}),\s*(?=(?:how|what|which|who|whom|"
                         r"whose|when|where|why|do|does|did|is|are|was|were|has|have|had)\b)", re.I)
TOPIC_AFTER = re.compile(r"\b(?:about|on|regarding|concerning|with|for|around|of|in|from)\s+((?:[\w’'-]+\s*){1,6})\??\s*$", re.I)


def follow_up_focus(reader: Reader, text: str) -> frozenset[str]:
    """A follow-up's own topic terms ('unique organisations' in 'And how many unique organisations?')."""
    body = CONNECTIVE.sub("", text, count=1).strip() or text
    return frozenset(t for _, t in reader.read(body).topic) - FOLLOW_WORDS - FRAMING_TERMS - PRONOUN_TERMS


def read_follow_up(reader: Reader, text: str, previous: Turn) -> tuple[str, bool]:
    """(read_as, follows): the text as a whole question, and whether the turn before filled it in.

    A bare phrase ('And clinical directors?', 'Mentoring?') or a question naming only parts ('What
    percentage is that?') replaces those parts of the last question; a question with pronouns ('What
    did they say about it?') gets the last question's people and topic for them; one with a frame but
    no topic ('Which group had more?') gets the last topic; one with its own topic stands alone."""
    if BARE_WHY.match(text):
        return _why(previous), True
    body = CONNECTIVE.sub("", text, count=1).strip() or text
    lead = LEAD_PHRASE.match(body)
    if lead:  # 'And in the HEE full report, what is ...?': a whole question, its circumstance said first
        return f"{body[lead.end():].rstrip(' ?')} {lead.group(1)}?", False
    alone = reader.read(body)
    own = {t for _, t in alone.topic} - FOLLOW_WORDS - FRAMING_TERMS - PRONOUN_TERMS
    if alone.kind == "section" or (alone.kind == "quote" and alone.speaker and own):
        return text, False  # 'And the recommendations?' asks for a whole part of its own
    framed = bool(FRAMED.match(body))
    own_beyond = own - set(terms(alone.named("people")))  # 'And how many care providers?' names only people
    if not framed or (not own_beyond and _names_parts(alone)):
        return _replace_parts(reader, previous, alone, body), True
    pronoun = (PEOPLE_PRONOUN.search(body) or THING_PRONOUN.search(body) or THIS_TABLE.search(body)
               or DEMONSTRATIVE.search(body))
    if own and not pronoun and not CONNECTIVE.match(text):
        return text, False
    filled = _fill(previous, body, alone, own)
    return filled, filled != body


def _names_parts(alone: Question) -> bool:
    return bool(alone.part("people") or alone.part("table") or alone.measures or alone.part("extreme"))


def _replace_parts(reader: Reader, previous: Turn, alone: Question, body: str) -> str:
    """The previous question with each part the new words name put in place of its own."""
    read_as = previous.question.read_as.rstrip(" ?")
    words = body.rstrip(" ?.!")
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement) in read_as
    people = alone.named("people")
    circumstance = CIRCUMSTANCE.match(words.strip())
    if circumstance and not (alone.named("table") or alone.measures or YEAR.search(words)) \
            and _topic_words(_without(words, people) if people else words) \
            and not _names_row(reader, previous, words[circumstance.end():]):
        # 'And after being given more information?', 'And in the GP record survey?': the last question asked
        # in another circumstance, which this one replaces (or, when it named none, joins); 'And in
        # clinical directors?' names only people, and is read below. The last one said is replaced: the
        # words before it may be the topic ('worked in IT education ... in the north').
        said = list(CIRCUMSTANCE_IN.finditer(read_as))
        at = said[-1].start() if said else len(read_as)
        return _apply(read_as, [(at, len(read_as), " " + words.strip())]) + "?"
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
    year = YEAR.search(words)
    if year:  # 'And in 2030?': the year asked replaces the last question's one
        words = _without(words, year.group(0))
        said = list(YEAR.finditer(read_as))
        spans.append((said[0].start(), said[0].end(), year.group(0)) if len(said) == 1
                     else (len(read_as), len(read_as), f" in {year.group(0)}"))
    rest = _topic_words(words)
    if rest and not people and _reads_as_people(reader, rest, previous.question):
        spans.append(_people_span(previous.question, read_as, rest))
    elif rest:
        spans.append(_topic_span(previous, read_as, rest))
    return _apply(read_as, spans) + "?"


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
        joiner = " " if re.search(r"\b(?:of|many|much)$", text[:frame.end], re.I) else " of "
        text = text[:frame.end] + joiner + people + text[frame.end:]
    found = THING_PRONOUN.search(text)
    if found and not them:  # 'What was it at the start?': all the last question was about, people too
        topic = _topic_phrase(previous, with_people=True) or topic
    if topic and found:
        at = found.lastindex
        text = text[:found.start(at)] + topic + text[found.end(at):]
    elif (people or topic) and DEMONSTRATIVE.search(text):  # 'those directors': the ones in the last question
        text = DEMONSTRATIVE.sub(lambda m: f"the {m.group(1)} in {people or topic}", text, count=1)
    elif topic and not own and text == body:
        text = f"{text.rstrip(' ?')} {topic}?"
    return " ".join(text.split())


def _why(previous: Turn) -> str:
    """'Why?' after an answer that said 'time was identified as the most important resource' reads as
    'Why is it that time was identified as the most important resource?'; after a figure, why of the
    question ('Why did few clinical directors...' cannot be made, so 'Why clinical directors got mentoring?')."""
    if previous.said:
        said = previous.said.rstrip(" .:;")
        return f"Why is it that {said[:1].lower()}{said[1:]}?"
    before = previous.question
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
    """Where the previous question names what it is about: a phrase starting with the new topic's first
    word ('Recommendation 5' for 'Recommendation 6'), the words of the row that answered it, the phrase
    after 'about/on/for', or its topic words from first to last."""
    found = _aligned(previous.question, read_as, topic) or _topic_location(previous, read_as)
    if found:
        return found[0], found[1], topic
    return len(read_as), len(read_as), f" about {topic}"


def _aligned(before: Question, read_as: str, topic: str) -> tuple[int, int] | None:
    """The span of the last question that starts with the new topic's first word and is as long."""
    new = re.findall(r"[\w’'-]+", topic)
    first = terms(new[0]) if new else []
    tokens = list(re.finditer(r"[\w’'-]+", read_as))
    taken = [(p.start, p.end) for p in before.parts]
    for at, token in enumerate(tokens):
        if first and terms(token.group(0)) == first and not any(s <= token.start() < e for s, e in taken):
            last = tokens[min(len(tokens), at + len(new)) - 1]
            return token.start(), last.end()
    return None


def _topic_location(previous: Turn, read_as: str, row_first: bool = True, whole: bool = False) -> tuple[int, int] | None:
    """Where the last question names its topic: the words of the table row that answered it (what
    'What about mentoring?' replaces), the phrase after its last 'about/on/of...' (what 'it' stands
    for), or its topic words from first to last."""
    taken = [(p.start, p.end) for p in previous.question.parts if p.kind in ("people", "table", "frame", "extreme", "section")]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    tokens = [(m.start(), m.end(), terms(m.group(0))) for m in re.finditer(r"[\w’'-]+", read_as)]

    def spanning(wanted: set[str]) -> tuple[int, int] | None:
        hits = [(s, e) for s, e, stem in tokens if stem and stem[0] in wanted and free(s, e)]
        return (hits[0][0], hits[-1][1]) if hits else None

    after = None if whole else TOPIC_AFTER.search(read_as)
    phrase = (after.start(1), after.start(1) + len(after.group(1).rstrip())) if after and free(after.start(1), after.end(1)) else None
    row = spanning(set(terms(previous.row))) if previous.row else None
    found = (row or phrase) if row_first else (phrase or row)
    return found or spanning({t for _, t in previous.question.topic} - FRAMING_TERMS)


def _topic_phrase(previous: Turn, with_people: bool = False) -> str:
    """What 'it' stands for: the row that answered the last question, or all it was about, first topic
    word to last ('the AnalystX survey open for responses'): which of its nouns 'it' means is left to the
    search. With people, from its people on ('domiciliary care providers are compliant')."""
    read_as = previous.question.read_as
    found = _topic_location(previous, read_as, row_first=True, whole=True)
    people = previous.question.part("people")
    if with_people and people and found and not previous.row:
        found = (min(found[0], people.start), max(found[1], people.end))
    return read_as[found[0]:found[1]] if found else ""


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

