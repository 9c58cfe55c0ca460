"""What a turn after the first reads against, chosen by a small fitted model: it stands alone, or it goes on
from the last question (its slots), or its pronoun points at the person, the quote or the passage the last
answer gave ('What is her job title?', 'Which group said that?', 'Why is that?').

Each candidate is scored by a multinomial logistic regression over the named FEATURES of the turn and of
what the last answer holds; a candidate the last answer does not hold (no person named, no quote shown)
cannot be chosen. The model is fitted on the follow-up sets (`python -m evals.conversations fit`) and
shipped as `models/followup.json`: weights, not code, so it loads without scikit-learn. Not handled: a
pronoun reaching past the last turn, or one of several people in one answer told apart by gender.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .choice import Choice, fitted
from .lexicon import (ASKS_WHO, BARE_WHY, CONNECTIVE, DEMONSTRATIVE, FOLLOW_WORDS, FRAMED, LEAD_PHRASE, MARKER,
                      NOT_A_PERSON, PEOPLE_PRONOUN, PEOPLE_WORD, PERSON_NAME, PERSON_PRONOUN, PRONOUN_TERMS, QUOTED_SPEECH,
                      ROLE_OF, SAYS, SUBJECT_IT, THING_PRONOUN, THIS_TABLE, TOKEN)
from .terms import FRAMING_TERMS, terms
from .types import Turn

if TYPE_CHECKING:
    from .question import Question

MODEL = Path(__file__).with_name("models") / "followup.json"
CANDIDATES = ("alone", "question", "person", "quote", "passage")
FEATURES = ("framed", "lead_phrase", "connective", "short", "own_topic", "new_topic", "names_parts", "people_pronoun",
            "person_pronoun", "thing_pronoun", "demonstrative", "this_table", "asks_who", "says", "bare_why", "own_kind",
            "points_at_speaker", "that_pronoun", "subject_it",
            "question_overlap", "answer_overlap", "quote_overlap", "person_available", "quote_available",
            "passage_available", "last_asked_who", "last_asked_quote")
OWN_TERMS_FULL = 3  # own topic words counted up to this many: past three, a question plainly has a topic of its own
REGULARISATION = 1.0  # scikit-learn's default strength; the features are 0-1, so no scaling is needed


@dataclass(frozen=True)
class Referents:
    """What the last answer gave that a pronoun may point at: the people it named (first the likeliest),
    the quotes it showed (words, speaker) and its first sentence."""

    persons: tuple[str, ...] = ()
    quotes: tuple[tuple[str, str], ...] = ()
    passage: str = ""
    passage_answer: bool = False  # the last answer was a passage's words (not a figure, a quote or an abstention)

    @classmethod
    def of(cls, previous: Turn) -> "Referents":
        """The person a follow-up already took, or the one its question named ('What did Jane Wheeler say?'),
        comes first; after a 'who' question, the people its answer names that the question did not."""
        shown = MARKER.sub(" ", previous.answer)
        quotes = previous.quotes or tuple((a or b, "") for a, b in QUOTED_SPEECH.findall(shown))
        before = previous.question
        asked_who = bool(ASKS_WHO.search(before.read_as))
        named = ([before.referent] if before.refers_to == "person" else []) + (
            [] if asked_who else _people_named(before.text, set())) + _people_named(
            shown, set(terms(before.text)) if asked_who else set())
        named += [name for _, speaker in quotes for name in _people_named(speaker, set()) or [speaker] if speaker]
        return cls(tuple(dict.fromkeys(named)), quotes, previous.said or _first_sentence(shown), bool(previous.said))

    @property
    def available(self) -> tuple[str, ...]:
        held = {"person": bool(self.persons), "quote": bool(self.quotes), "passage": self.passage_answer}
        return tuple(c for c in CANDIDATES if held.get(c, True))


def _people_named(text: str, asked: set[str]) -> list[str]:
    """The people a text names, as printed ('Kyle Bozentko'): a name after a title first, then the others
    in the order printed; not a role or a body ('Executive Director', 'Jefferson Center'), nor words the
    question asked with ('Cabo Verde' in 'Who is the WHO Country Representative in Cabo Verde?')."""
    found = []
    for match in PERSON_NAME.finditer(text):
        titled, name = match.group(1) is not None, " ".join((match.group(1) or match.group(2)).split())
        said = set(terms(name))
        if not said & asked and (titled or not (said & NOT_A_PERSON or _role_is_of(text[:match.start()]))):
            found.append((not titled, match.start(), name))
    return [name for _, _, name in sorted(found)]


def _role_is_of(before: str) -> bool:
    """The text before a capitalised run ends in a role and 'of' or 'for' ('Director of ')."""
    role = ROLE_OF.search(before)
    return bool(role) and bool(set(terms(role.group(1))) & NOT_A_PERSON)


def _first_sentence(text: str) -> str:
    first = text.split(". ", 1)[0].strip().lstrip("• ").strip()
    return first if len(first.split()) >= 3 else ""


def pointing(body: str, previous: Turn) -> re.Match | None:
    """'those directors', 'that figure': a demonstrative whose noun the last question or answer named; not
    'this financial year' asked anew."""
    said = previous.question.terms | set(terms(f"{previous.row} {previous.answer}"))
    return next((m for m in DEMONSTRATIVE.finditer(body) if set(terms(m.group(1))) & said), None)


def own_terms(alone: "Question") -> set[str]:
    """A turn's own topic terms: not framing, not a follow-up's words ('instead', 'the lowest'), no pronoun."""
    return {t for _, t in alone.topic} - FOLLOW_WORDS - FRAMING_TERMS - PRONOUN_TERMS


def features(typed: str, body: str, alone: "Question", previous: Turn, referents: Referents) -> dict[str, float]:
    """The named features of a turn (as typed, without its connective, and read on its own) against the last turn."""
    own = own_terms(alone)
    before = previous.question
    said = set(terms(f"{previous.row} {previous.answer}"))
    quoted = set(terms(" ".join(q for q, _ in referents.quotes)))
    beyond_people = own - set(terms(alone.named("people")))
    parts = alone.part("people") or alone.part("table") or alone.measures or alone.part("extreme") or alone.part("date")
    values = {
        "framed": bool(FRAMED.match(body) or LEAD_PHRASE.match(body)), "lead_phrase": bool(LEAD_PHRASE.match(body)),
        "connective": bool(CONNECTIVE.match(typed)), "short": len(TOKEN.findall(body)) <= 4,
        "own_topic": min(len(own), OWN_TERMS_FULL) / OWN_TERMS_FULL,
        "new_topic": min(len(own - before.terms - said), OWN_TERMS_FULL) / OWN_TERMS_FULL,
        "names_parts": bool(parts) and not beyond_people,
        "people_pronoun": bool(PEOPLE_PRONOUN.search(body)), "person_pronoun": bool(PERSON_PRONOUN.search(body)),
        "thing_pronoun": bool(THING_PRONOUN.search(body)), "demonstrative": bool(pointing(body, previous)),
        "this_table": bool(THIS_TABLE.search(body)), "asks_who": bool(ASKS_WHO.search(body)),
        "says": bool(SAYS.search(body)), "bare_why": bool(BARE_WHY.match(body)),
        "own_kind": alone.kind == "section" or (alone.kind == "quote" and bool(alone.speaker)),
        "points_at_speaker": _points_at_speaker(body, previous, referents),
        "that_pronoun": any((m.group(m.lastindex) or "").lower() in ("that", "this") for m in THING_PRONOUN.finditer(body)),
        "subject_it": bool(SUBJECT_IT.search(body)),
        "question_overlap": _share(own, before.terms), "answer_overlap": _share(own, said),
        "quote_overlap": _share(own, quoted), "person_available": bool(referents.persons),
        "quote_available": bool(referents.quotes), "passage_available": referents.passage_answer,
        "last_asked_who": bool(ASKS_WHO.search(before.read_as)), "last_asked_quote": before.kind == "quote",
    }
    return {name: float(values[name]) for name in FEATURES}


def _points_at_speaker(body: str, previous: Turn, referents: Referents) -> bool:
    """'that consultant', 'the participant': a word for the one whose words the last answer quoted."""
    speakers = set(terms(" ".join(s for _, s in referents.quotes))) | set(terms(
        f"{previous.question.asked_of} {previous.question.speaker}"))
    named = [m.group(1) for m in DEMONSTRATIVE.finditer(body)] + PEOPLE_WORD.findall(body)
    return bool(referents.quotes) and any(set(terms(word)) & speakers for word in named)


def _share(own: set[str], among: set[str] | frozenset[str]) -> float:
    return len(own & among) / len(own) if own else 0.0


class FollowUpChoice(Choice):
    """Which candidate a follow-up turn reads against (CANDIDATES): a fitted choice over FEATURES."""

    def choose(self, values: dict[str, float], available: tuple[str, ...]) -> str:
        """The likeliest candidate the last turn holds; an exact tie goes to the first in CANDIDATES."""
        scores = self.scores(values)
        return max((c for c in CANDIDATES if c in available and c in scores), key=lambda c: scores[c])


@lru_cache(maxsize=1)
def shipped() -> FollowUpChoice:
    """The model in the package, read once."""
    return FollowUpChoice.from_json(MODEL.read_text(encoding="utf-8"))


def fit(rows: list[tuple[dict[str, float], str]], trained_on: dict | None = None) -> FollowUpChoice:
    """A choice fitted on (features, right candidate) rows (choice.fitted), each candidate as often as
    conversations use it (most turns go on from the last question)."""
    return fitted(FollowUpChoice, rows, FEATURES, CANDIDATES, REGULARISATION, trained_on or {"turns": len(rows)})
