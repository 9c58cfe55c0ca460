"""The shape of answer a question asks for (a number, a date, a name, the thing it names) and
whether sentences give it: the checks that let a general answer abstain instead of guessing."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (ASKED_THING, ASKS_DATE, ASKS_NAME, ASKS_QUANTITY, ASKS_SHARE, DATE, NAMES_ASKED, NOT_A_COUNT,
                      PROPER_NAME, QUANTITY, REFERS_BACK, SHARE_WORD, TABLE_NUMBER)
from .library import Library
from .terms import FRAMING_TERMS, terms, topic_words
from .types import Hit
from .units import referent_text

TYPE_BONUS = 0.1  # what a sentence of the asked shape gains when sentences are ranked
QUANTITY_REACH = 20  # words between a number and what it counts ('80 per cent of ... in acute trusts')
QUANTITY_TOPIC = 0.5  # share of the question's (idf-weighted) topic that must lie within that reach


@dataclass(frozen=True)
class AskedShape:
    """The shape of answer a question asks for, worked out once per question: a date or a number
    (`wants`); a name it does not already give ('Which publication...?'); the thing a 'which/what
    X did...' question asks for ('What hypothesis does the report offer...?' -> 'hypothesis'); for a
    number, the topic it must stand near, the numbers the question itself states and whether a share
    is asked."""

    wants: re.Pattern | None
    name_not_in: frozenset[str] | None  # the question's terms, when it asks for a name
    head: str
    names_asked: bool = False  # 'Which named trusts...?'
    quantity_topic: tuple[tuple[str, str], ...] = ()  # (word, term) pairs; 'how long' frames, it is no topic
    given: frozenset[str] = frozenset()  # numbers the question states, lower-cased
    share: bool = False
    duration: bool = False  # 'how long': a year may be the answer
    which: bool = False  # 'Which IT supplier has...': the answer names one of the things asked for

    @classmethod
    def of(cls, question: str) -> "AskedShape":
        asks_name = ASKS_NAME.search(question)
        return cls(_answer_type(question), frozenset(terms(question)) if asks_name else None, _asked_thing(question),
                   bool(NAMES_ASKED.search(question)), tuple(topic_words(ASKS_QUANTITY.sub(" ", question))),
                   frozenset(w.lower() for w in QUANTITY.findall(question)) | frozenset(
                       m.group(0).lower() for m in QUANTITY.finditer(question)),
                   bool(ASKS_SHARE.search(question)), bool(re.search(r"how long", question, re.I)),
                   bool(re.match(r"\s*(?:and\s+)?which\b", question, re.I)))

    def gives(self, text: str) -> bool:
        """The text has a number or date of the kind asked that the question does not state itself
        ('by 2030' asked: a sentence whose only number is 2030 gives none); a year or a table's
        number is no quantity."""
        if self.wants is QUANTITY and not self.duration:
            text = NOT_A_COUNT.sub(" ", text)  # 'in 2023', 'Table 3' count nothing
        return self.wants is not None and any(m.group(0).lower() not in self.given for m in self.wants.finditer(text))

    def fits(self, text: str) -> bool:
        """The text has that shape."""
        if self.gives(text):
            return True
        if self.name_not_in is not None and any(not _given(name, self.name_not_in) for name in PROPER_NAME.findall(text)):
            return True
        return bool(self.head) and self.head in terms(text)


def _given(name: str, question_terms: frozenset[str]) -> bool:
    """The question already gives the name, maybe in another form ('Scandinavia' in 'Which Scandinavian country')."""
    return all(any(t == q or (min(len(t), len(q)) >= 5 and (q.startswith(t) or t.startswith(q))) for q in question_terms)
               for t in terms(name))


def _asked_thing(question: str) -> str:
    """The term of the thing a 'which/what X did...' question asks for: 'authorities' in 'Which
    health authorities did...', 'hypothesis' in 'What hypothesis does...'."""
    found = ASKED_THING.search(question)
    if not found:
        return ""
    run = []
    for word in found.group(1).split():
        term = terms(word)
        if not term or term[0] in FRAMING_TERMS:
            if run:
                break
            continue
        run.append(term[0])
    return run[-1] if run else ""


def _answer_type(question: str) -> re.Pattern | None:
    """What shape of answer the question asks for: a date, or a number."""
    lowered = question.lower()
    if ASKS_DATE.search(lowered):
        return DATE
    if ASKS_QUANTITY.search(lowered):
        return QUANTITY
    return None


def states_asked_quantity(library: Library, shape: AskedShape, chosen: list[Hit], people: frozenset[str]) -> bool:
    """For a 'how many / what share' question: a chosen sentence gives a number (not one the question
    states, not a year or a table's number) with most of the question's topic around it. '80 per cent
    of responses come from ... acute trusts, ..., mental health trusts' gives no share for mental
    health trusts."""
    return shape.wants is not QUANTITY or states_quantity(library, shape, chosen, people)


def states_asked_name(shape: AskedShape, question_terms: frozenset[str], chosen: list[Hit]) -> bool:
    """For a question that asks for names ('Which named NHS trusts...?'): a chosen sentence gives a
    name the question does not; 'acute trusts, primary care trusts' names no trust."""
    if not shape.names_asked:
        return True
    return any(not _given(name, question_terms) for hit in chosen for name in PROPER_NAME.findall(hit.chunk.text))


def states_asked_thing(shape: AskedShape, question_terms: frozenset[str], said: list[tuple[str, str]]) -> bool:
    """For a 'Which X did...?' question: an answer sentence's passage names the kind of thing asked for
    ('supplier'), or the sentence gives a name the question does not ('Sweden' for 'Which country').
    `said`: (sentence, its passage) for each sentence the answer would give."""
    if not (shape.which and shape.head):
        return True
    return any(shape.head in terms(where) or any(not _given(name, question_terms) for name in PROPER_NAME.findall(text))
               for text, where in said)


def states_qualifiers(qualifiers: tuple[str, ...], chosen: list[Hit], people: frozenset[str] = frozenset()) -> bool:
    """Each qualifier ('from foundation trusts', 'than chief executives') has most of its words in one
    chosen sentence: an answer about directors in general does not answer it. Words the library's own
    groups share (`people`: 'directors') do not count: 'finance directors' wants 'finance'."""
    for phrase in qualifiers:
        wanted = (set(terms(phrase)) - people) or set(terms(phrase))
        if wanted and not any(len(wanted & set(terms(h.chunk.text))) * 2 >= len(wanted) for h in chosen):
            return False
    return True


def _topic_weights(library: Library, shape: AskedShape, people: frozenset[str]) -> dict[str, float]:
    """The terms of the topic a quantity is asked about, each weighed by its rarity in the library."""
    topic = {t for w, t in shape.quantity_topic
             if t in library.vocabulary and t not in people and not QUANTITY.fullmatch(w) and w != "one"}
    return {t: library.idf.get(t, 0.0) for t in topic}


def topic_held(library: Library, shape: AskedShape, where: str, people: frozenset[str]) -> float:
    """The share of the question's topic (its words, each weighed by its rarity) that `where` names; 1 when
    the question names no topic."""
    weight = _topic_weights(library, shape, people)
    said = set(terms(where))
    return sum(w for t, w in weight.items() if t in said) / sum(weight.values()) if sum(weight.values()) else 1.0


def row_states_quantity(library: Library, shape: AskedShape, row_context: str, people: frozenset[str]) -> bool:
    """For a 'how many / what share / how much' question: a table row's words, headings and caption name most
    of the topic asked about, as a sentence must name it around its number ('cost per participant' is not
    a row counting who attended a workshop)."""
    return shape.wants is not QUANTITY or topic_held(library, shape, row_context, people) >= QUANTITY_TOPIC


def states_quantity(library: Library, shape: AskedShape, hits: list[Hit], people: frozenset[str]) -> bool:
    """One of the sentences gives a number (in figures or in words) with most of the question's topic around it."""
    weight = _topic_weights(library, shape, people)
    if not weight:
        return True
    topic = set(weight)
    not_a_count = TABLE_NUMBER if shape.duration else NOT_A_COUNT  # 'until 2017'
    for hit in hits:
        before = not_a_count.sub(" ", _preceding(library, hit)).split()  # the topic may be named just before
        words = before + not_a_count.sub(" ", hit.chunk.text).split()
        stems = [set(terms(w)) for w in words]
        # 'He estimated ~10,000': he, named before, stands beside the number
        named = set(terms(referent_text(library, hit.chunk))) if REFERS_BACK.match(hit.chunk.text) else set()
        for at, word in enumerate(words):
            number = QUANTITY.search(word) if at >= len(before) else None
            if (not number or number.group(0).lower() in shape.given or (shape.share and not _states_share(words, at))
                    or not _counts(words, at, number.group(0))):
                continue
            near = set().union(named, *stems[max(0, at - QUANTITY_REACH): at + QUANTITY_REACH + 1])
            if sum(weight[t] for t in topic & near) >= QUANTITY_TOPIC * sum(weight.values()):
                return True
    return False


def _preceding(library: Library, hit: Hit) -> str:
    """The sentence before a sentence chunk in the same paragraph ('All north central London GP practices
    ... 52.5% of practices now use the NHS App'), or ''."""
    text = library.source(hit.chunk.source).text
    start = hit.chunk.start
    gap_start = max(text.rfind("\n\n", 0, start), 0)
    earlier = [c for c in library.chunks_of(hit.chunk.source, "sentence") if gap_start <= c.start and c.end <= start]
    if not earlier or text[earlier[-1].end:start].strip():
        return ""
    return earlier[-1].text


def _counts(words: list[str], at: int, number: str) -> bool:
    """A fraction word counts only as a fraction: 'half of', 'a third of', 'two-thirds', not 'third sector'."""
    if not SHARE_WORD.fullmatch(number):
        return True
    after = words[at + 1].lower() if at + 1 < len(words) else ""
    before = words[at - 1].lower() if at else ""
    return "-" in words[at] or after.startswith("of") or before in ("a", "one", "two", "three", "four", "about", "almost", "over", "nearly")


def _states_share(words: list[str], at: int) -> bool:
    """The number at `at` is a share: '35 per cent', '35%', 'half', 'a third', 'two-thirds', not a 'six-point' scale."""
    word, after = words[at].lower(), " ".join(words[at + 1:at + 3]).lower()
    return (word.rstrip(".,;:)").endswith("%") or after.startswith(("per cent", "percent")) or bool(SHARE_WORD.search(word))
            or bool(SHARE_WORD.match(after)))
