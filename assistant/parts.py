"""A question asking two things in turn ('When was the survey sent out, and how long did the interviews
take?') cut into the questions it asks: each is answered on its own, since one passage rarely holds both, and
the answer gives both in order (a part the report does not answer says so)."""
from __future__ import annotations

import re

from .lexicon import (DEMONSTRATIVE, PEOPLE_PRONOUN, PERSON_PRONOUN, QUESTION_PARTS, QUESTION_WORDS, SUBJECT_IT,
                      THING_PRONOUN, alternation)

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


def part_text(asked: str, text: str, abstained: bool) -> str:
    """A part's answer as the whole answer shows it: one the report does not answer names what it asked."""
    return f"On “{asked}”: {text}" if abstained else text
