"""What was typed, as the questions it asks: one line of printable text (an over-long message cut to its
question), and a question asking two things in turn ('When was the survey sent out, and how long did the interviews
take?') cut into its parts: each is answered on its own, since one passage rarely holds both, and the answer gives
both in order (a part the report does not answer says so)."""
from __future__ import annotations

import re

from ingest.textutil import sentence_spans

from .lexicon import (CITED_RUN, DEMONSTRATIVE, PEOPLE_PRONOUN, PERSON_PRONOUN, QUESTION_PARTS, QUESTION_WORDS, SUBJECT_IT,
                      THING_PRONOUN, alternation)

MAX_QUESTION_CHARS = 1000
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
# A part is a question of its own: its question word and at least two words more. 'How many and which
# directors...' and 'how quickly and how severely will it be felt?' ask one question of two things.
MIN_PART_WORDS = 3
ASKING = re.compile(rf"\b(?:{alternation(QUESTION_WORDS)})\b.*$", re.I | re.S)


def question_parts(question: str) -> list[str]:
    """The questions a question asks in turn, each ending in '?'; the question alone when it asks one."""
    pieces = [p.strip(" ,;") for p in QUESTION_PARTS.split(question)]
    if len(pieces) < 2 or any(len(_asking(p).split()) < MIN_PART_WORDS for p in pieces):
        return [question]
    return [(p[0].upper() + p[1:]).rstrip("?") + "?" for p in pieces]


def points_back(part: str) -> bool:
    """A later part naming what the part before asked about by a pronoun ('how many groups serve it?', 'what
    share is that?', 'what did they say?'): read alone it has nothing to ask of, so the question is one."""
    return any(p.search(part) for p in (PERSON_PRONOUN, PEOPLE_PRONOUN, THING_PRONOUN, SUBJECT_IT, DEMONSTRATIVE))


def _asking(piece: str) -> str:
    """The piece from its first question word on ('' when it has none)."""
    found = ASKING.search(piece)
    return found.group(0) if found else ""


def parts_notice(asked: list[str]) -> tuple[str, ...]:
    return ("Answered in parts: " + " ".join(f"“{part}”" for part in asked),) if len(asked) > 1 else ()


def unanswered_notices(parts: list[str]) -> tuple[str, ...]:
    """A whole question answered as one although a part of it found nothing asked on its own: the answer may
    cover that part or not, and the reader should know which to check."""
    return tuple(f"Asked on its own, “{part}” found no answer in the reports; this answer may not cover it." for part in parts)


def joined(answers: list[tuple[str, bool]]) -> str:
    """The parts' answers (each its text and whether it abstained) as one: a part the report does not
    answer is named by its place (the notices list the parts), and a cited sentence an earlier part already showed is not shown again (two parts
    are often answered from one passage). One part's answer is its text as it is."""
    if len(answers) == 1:
        return answers[0][0]
    shown: set[str] = set()
    texts = []
    for number, (text, abstained) in enumerate(answers, 1):
        if abstained:  # named by its place: the words asked may hold a number no cited passage does
            texts.append(f"On the {ORDINALS.get(number, f'{number}th')} part of the question: {text}")
            continue
        runs = [run.group(0) for run in CITED_RUN.finditer(text)]
        kept = "".join(run for run in runs if " ".join(run.split()) not in shown) + text[len("".join(runs)):]
        shown.update(" ".join(run.split()) for run in runs)
        if kept.strip():
            texts.append(kept.strip())
    return "\n\n".join(texts)


def tidied(question: str) -> tuple[str, tuple[str, ...]]:
    """One line of printable text: control characters and undecodable bytes (lone surrogates,
    as Python reads them from argv or stdin) become spaces. An over-long message is taken for context with
    the question pasted after it: its last sentence asking something (else its last sentence) is kept."""
    question = SURROGATE.sub(" ", question or "")
    question = " ".join(CONTROL.sub(" ", question).split())
    if len(question) <= MAX_QUESTION_CHARS:
        return question, ()
    sentences = [question[start:end] for start, end in sentence_spans(question)]
    kept = next((s for s in reversed(sentences) if s.endswith("?")), sentences[-1]).strip()
    if len(kept) > MAX_QUESTION_CHARS:  # one endless sentence: its end, from a word's start
        kept = kept[-MAX_QUESTION_CHARS:].split(" ", 1)[-1]
    return kept, (f"Your message was over {MAX_QUESTION_CHARS} characters, so only its question was read "
                  f"(“{kept if len(kept) <= 80 else kept[:79] + '…'}”); the other {len(question) - len(kept)} characters "
                  "were trimmed as context.",)
