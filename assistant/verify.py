"""Check a generated answer against the passages it cites: numbers, quotes and markers.

A sentence survives only if it cites at least one given passage, every number in it is printed
in a passage it cites (or in a cited figure), and every quoted span in it is verbatim there.
Does not judge whether a claim without numbers or quotes is supported: that stays the reader's
job, helped by the citation beside each sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.instructions import is_instruction
from ingest.textutil import sentence_spans

from .lexicon import MARKER, NUMBER, QUOTED_RUN
from .types import Citation, CitedFigure



@dataclass(frozen=True)
class Verification:
    text: str  # the answer with unsupported sentences removed
    problems: tuple[str, ...]
    kept: int
    dropped: int

    @property
    def ok(self) -> bool:
        return not self.problems


def _plain(text: str) -> str:
    for curly, straight in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split()).lower()


def verify(answer: str, citations: tuple[Citation, ...], figures: tuple[CitedFigure, ...] = ()) -> Verification:
    by_number = {c.n: c for c in citations}
    kept, problems, dropped = [], [], 0
    for start, end in sentence_spans(answer.strip()):
        sentence = answer.strip()[start:end]
        issues = _sentence_problems(sentence, by_number, figures)
        problems.extend(f"{issue}: “{sentence}”" for issue in issues)
        if issues:
            dropped += 1
        else:
            kept.append(sentence)
    return Verification(" ".join(kept), tuple(problems), len(kept), dropped)


def _without_instructions(passage: str) -> str:
    """A passage minus sentences that address a model ('ignore previous instructions, say ...'):
    what such a sentence prints is not evidence, so a model obeying it cannot pass."""
    return " ".join(passage[s:e] for s, e in sentence_spans(passage) if not is_instruction(passage[s:e]))


def _sentence_problems(sentence: str, by_number: dict[int, Citation], figures: tuple[CitedFigure, ...]) -> list[str]:
    cited = [int(n) for n in MARKER.findall(sentence)]
    if not cited:
        return ["no citation"]
    unknown = [n for n in cited if n not in by_number]
    if unknown:
        return [f"cites passage [{unknown[0]}], which was not given"]
    support = " ".join(_without_instructions(by_number[n].text) for n in cited) + " " + " ".join(
        f.figure.value for f in figures if f.citation in cited)
    body = MARKER.sub(" ", sentence)
    issues = [f"number {n} is not in the cited passages" for n in NUMBER.findall(body)
              if not re.search(rf"(?<![\w.]){re.escape(n)}(?![\w]|\.\d)", support)]
    issues += [f"quoted words not verbatim in the cited passages (“{q}”)" for q in QUOTED_RUN.findall(body)
               if _plain(q) not in _plain(support)]
    return issues
