"""Extractive composition: the retrieved sentences that answer the question, each cited."""
from __future__ import annotations

import re

from ingest.types import Chunk

from .citations import CitationBook
from .library import Library
from .terms import FRAMING_TERMS, terms, topic_words
from .types import Hit

MAX_SENTENCES = 3
KEEP_WITHIN = 0.08  # a further sentence must score this close to the best one
LEXICAL_WEIGHT = 0.5
TYPE_BONUS = 0.1
RESTATES_QUESTION = re.compile(r"^(we|they)( also)? asked\b|^(respondents|participants) were asked\b|"
                               r"^we were interested to know\b", re.I)
ASKS_NAME = re.compile(r"\b(which|what) (publication|document|report|book|paper|study|country|countries|organi[sz]ation|"
                       r"institute|body|framework|city|programme|program|journal)\b|\bwhere did .* come from\b|^\s*who\b", re.I)
PROPER_NAME = re.compile(r"(?<=[a-z,;:(] )[A-Z][a-z]+(?: (?:for |of |and )?[A-Z][a-z]+)*")  # not a sentence's first word
NAMES_ASKED = re.compile(r"\bnamed\b|\bnames? of\b|\bname the\b|\bwhat (is|are|was|were) (it|they) called\b", re.I)
ASKED_THING = re.compile(r"^\s*(?:what|which)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s+"
                         r"(?:did|do|does|is|are|was|were|has|have|had|can|could|would|will|should)\b", re.I)
SOURCE_MARKER = re.compile(r"\[(\d+)\]")
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DATE = re.compile(rf"\b(1[89]\d\d|20\d\d)\b|\b({MONTHS})\b", re.I)
TABLE_NUMBER = re.compile(r"\b(table|figure|chart|page|appendix)\s+\d+\b", re.I)
NOT_A_COUNT = re.compile(rf"\b(1[89]|20)\d\d\b|{TABLE_NUMBER.pattern}", re.I)
ASKS_SHARE = re.compile(r"\b(percentage|per cent|percent|share|proportion|fraction)\b|%", re.I)
SHARE_WORD = re.compile(r"(half|third|thirds|quarter|quarters)\b")
ASKS_QUANTITY = re.compile(r"\bhow (many|much|long|often)\b|\bwhat (share|proportion|percentage|fraction|number)\b|"
                           r"\bwhat (is|was|are|were) the (total|number|amount|size|cost|value)\b", re.I)
QUANTITY_REACH = 20  # words between a number and what it counts ('80 per cent of ... in acute trusts')
QUANTITY_TOPIC = 0.5  # share of the question's (idf-weighted) topic that must lie within that reach
QUANTITY = re.compile(r"\d+(?:\.\d+)?|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|dozen)\b", re.I)


def relevance(library: Library, question_terms: set[str], text: str) -> float:
    """Share of the question's (idf-weighted) terms that the text contains."""
    if not question_terms:
        return 0.0
    total = sum(library.idf.get(t, 1.0) for t in question_terms)
    shared = question_terms & set(terms(text))
    return sum(library.idf.get(t, 1.0) for t in shared) / total


def strength(question: str, sentences: list[Hit]) -> float:
    """How distinctly the best sentence matches: its similarity, its lead over the fifth best, and
    a bonus when one of the three closest has the shape of answer asked for (a date, a number)."""
    ranked = sorted(sentences, key=lambda h: h.dense, reverse=True)
    if not ranked:
        return 0.0
    top, fifth = ranked[0].dense, ranked[min(4, len(ranked) - 1)].dense
    typed = any(fits_asked_shape(question, h.chunk.text) for h in ranked[:3])
    return top + (top - fifth) + (TYPE_BONUS if typed else 0.0)


def choose(library: Library, question: str, sentences: list[Hit]) -> list[Hit]:
    asked = set(terms(question))
    scored = sorted(((h.dense + LEXICAL_WEIGHT * relevance(library, asked, h.chunk.text)
                      + (TYPE_BONUS if fits_asked_shape(question, h.chunk.text) else 0.0), h) for h in sentences),
                    key=lambda pair: pair[0], reverse=True)
    if not scored:
        return []
    best = scored[0][0]
    return [h for score, h in scored[:MAX_SENTENCES] if score >= best - KEEP_WITHIN]


def neutralise_markers(text: str) -> str:
    """A source's own '[7]' would read as one of our citation markers; it is shown as '(7)'."""
    return SOURCE_MARKER.sub(r"(\1)", text)


def fits_asked_shape(question: str, text: str) -> bool:
    """The text has the shape of answer the question asks for: a date or a number; a name the
    question does not already give ('Which publication...?'); or the thing a 'which/what X did...'
    question asks for ('What hypothesis does the report offer...?' -> a sentence with 'hypothesis')."""
    wants = _answer_type(question)
    if wants is not None and wants.search(text):
        return True
    if ASKS_NAME.search(question):
        given = set(terms(question))
        if any(not set(terms(name)) <= given for name in PROPER_NAME.findall(text)):
            return True
    head = _asked_thing(question)
    return bool(head) and head in terms(text)


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
    if re.search(r"^\s*when\b|\bwhat (year|month|date)\b|\bwhich (year|month)\b|\buntil when\b", lowered):
        return DATE
    if ASKS_QUANTITY.search(lowered):
        return QUANTITY
    return None


def states_asked_quantity(library: Library, question: str, chosen: list[Hit], people: set[str]) -> bool:
    """For a 'how many / what share' question: a chosen sentence gives a number (not one the question
    states, not a year or a table's number) with most of the question's topic around it. '80 per cent
    of responses come from ... acute trusts, ..., mental health trusts' gives no share for mental
    health trusts."""
    return _answer_type(question) is not QUANTITY or states_quantity(library, question, chosen, people)


def states_asked_name(question: str, chosen: list[Hit]) -> bool:
    """For a question that asks for names ('Which named NHS trusts...?'): a chosen sentence gives a
    name the question does not; 'acute trusts, primary care trusts' names no trust."""
    if not NAMES_ASKED.search(question):
        return True
    given = set(terms(question))
    return any(not set(terms(name)) <= given for hit in chosen for name in PROPER_NAME.findall(hit.chunk.text))


def states_quantity(library: Library, question: str, hits: list[Hit], people: set[str]) -> bool:
    """One of the sentences gives a number with most of the question's topic around it."""
    asked = ASKS_QUANTITY.sub(" ", question)  # 'how long' frames the question; 'long' is not its topic
    topic = {t for w, t in topic_words(asked, people)
             if t in library.vocabulary and not QUANTITY.fullmatch(w) and w != "one"}
    if not topic:
        return True
    weight = {t: library.idf.get(t, 0.0) for t in topic}
    given = {w.lower() for w in QUANTITY.findall(question)}
    wants_share = bool(ASKS_SHARE.search(question))
    not_a_count = NOT_A_COUNT if not re.search(r"how long", question, re.I) else TABLE_NUMBER  # 'until 2017'
    for hit in hits:
        words = not_a_count.sub(" ", hit.chunk.text).split()
        stems = [set(terms(w)) for w in words]
        for at, word in enumerate(words):
            number = QUANTITY.search(word)
            if not number or number.group(0).lower() in given or (wants_share and not _states_share(words, at)):
                continue
            near = set().union(*stems[max(0, at - QUANTITY_REACH): at + QUANTITY_REACH + 1])
            if sum(weight[t] for t in topic & near) >= QUANTITY_TOPIC * sum(weight.values()):
                return True
    return False


def _states_share(words: list[str], at: int) -> bool:
    """The number at `at` is a share: '35 per cent', '35%', 'half', 'a third', not a 'six-point' scale."""
    word, after = words[at].lower(), " ".join(words[at + 1:at + 3]).lower()
    return word.rstrip(".,;:)").endswith("%") or after.startswith(("per cent", "percent")) or bool(SHARE_WORD.match(word))


def compose(library: Library, question: str, chosen: list[Hit], book: CitationBook) -> str:
    """The chosen sentences in reading order, each followed by the marker of the passage holding it."""
    chosen = sorted(chosen, key=lambda h: (h.chunk.source, h.chunk.start))
    chosen = _with_followers(library, chosen)
    parts = []
    for hit in chosen:
        passage = passage_of(library, hit.chunk)
        n = book.cite(passage, (hit.chunk.start, hit.chunk.end))
        parts.append(f"{neutralise_markers(hit.chunk.text)} [{n}]")
    return " ".join(parts)


def _with_followers(library: Library, chosen: list[Hit]) -> list[Hit]:
    """A sentence that restates what respondents were asked brings the sentence after it, which
    holds the answer; a sentence that introduces a list ('...stood out were:') brings its items."""
    out: list[Hit] = []

    def add(chunk: Chunk, hit: Hit) -> None:
        if all(chunk.id != h.chunk.id for h in out):
            out.append(hit if chunk is hit.chunk else Hit(chunk, hit.score, hit.dense))

    for hit in chosen:
        add(hit.chunk, hit)
        following = _following(library, hit.chunk)
        lead = hit.chunk
        if RESTATES_QUESTION.search(lead.text) and following:
            lead, following = following[0], following[1:]
            add(lead, hit)
        if lead.text.rstrip().endswith(":"):
            for item in following:
                if not item.text.startswith("• "):
                    break
                add(item, hit)
    return out


def _following(library: Library, sentence: Chunk) -> list[Chunk]:
    """The sentences that follow one with nothing but white space between them."""
    text = library.source(sentence.source).text
    later = [c for c in library.chunks_of(sentence.source, "sentence") if c.start >= sentence.end]
    run, cursor = [], sentence.end
    for chunk in later:
        if text[cursor:chunk.start].strip():
            break
        run.append(chunk)
        cursor = chunk.end
    return run


def passage_of(library: Library, sentence: Chunk) -> Chunk:
    """The prose chunk that holds a sentence chunk (citations show the whole passage)."""
    for chunk in library.chunks_of(sentence.source, "prose"):
        if chunk.start <= sentence.start and sentence.end <= chunk.end:
            return chunk
    return sentence
