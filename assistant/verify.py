"""Check an answer against the passages it cites: numbers, quotes, markers and words.

`verify` (a generated answer): a sentence survives only if it cites at least one given passage, every
number in it is printed in a passage it cites (or in a cited figure), and every quoted span in it is
verbatim there. Does not judge whether a claim without numbers or quotes is supported: that stays the
reader's job, helped by the citation beside each sentence.

`check_answer` (every extractive answer, before it is given): each run of words before a group of
markers lies in the passages those markers cite (when the words are the report's own), nothing is shown
after the last marker, every number the answer states is printed in what it cites, and every quoted span
is verbatim in a cited passage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.instructions import is_instruction
from ingest.textutil import sentence_spans

from .lexicon import ATTRIBUTION, CITED_RUN, COMPUTED_SENTENCE, MARKER, NUMBER, QUOTED_RUN
from .types import Citation, CitedFigure

ADDED = re.compile(r"[“”•]")  # what an answer sets around the words it takes: quotation marks, a bullet
TEXT_PASSAGES = ("prose", "quote", "sentence")  # passages whose words an answer shows as the report prints them


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
    return _unprinted(MARKER.sub(" ", sentence), support, support)


def unprinted_numbers(shown: str, support: str) -> list[str]:
    """The numbers `shown` states that `support` does not print, each read as a number is printed (NUMBER)."""
    printed = set(NUMBER.findall(support))
    return [n for n in NUMBER.findall(shown) if n not in printed]


def _unprinted(shown: str, support: str, passages: str) -> list[str]:
    """The numbers `shown` states that `support` does not print, and its quoted words not verbatim in `passages`."""
    issues = [f"number {n} is not in the cited passages" for n in unprinted_numbers(shown, support)]
    return issues + [f"quoted words not verbatim in the cited passages (“{q}”)" for q in QUOTED_RUN.findall(shown)
                     if _plain(q) not in _plain(passages)]


def check_answer(answer: str, citations: tuple[Citation, ...], figures: tuple[CitedFigure, ...] = ()) -> Verification:
    """Each run of an answer (the words before a group of markers) checked against the passages its markers
    cite; the answer comes back without the runs that fail, and nothing after the last marker (see the
    module's docstring). A computed value is labelled so and cited by the figures it compares: set aside."""
    by_number = {c.n: c for c in citations}
    values = {f.citation: f.figure.value for f in figures}
    plain = COMPUTED_SENTENCE.sub(lambda m: " " * len(m.group(0)), answer)  # offsets kept
    kept, problems, end, dropped = [], [], 0, 0
    for run in CITED_RUN.finditer(plain):
        end = run.end()
        cited = [by_number.get(int(n)) for n in MARKER.findall(run.group(2))]
        issues = _run_problems(run.group(1), cited, values)
        problems.extend(f"{issue}: “{run.group(1).strip()}”" for issue in issues)
        if issues:
            dropped += 1
        else:
            kept.append(answer[run.start():run.end()])
    computed = "".join(m.group(0) for m in COMPUTED_SENTENCE.finditer(answer))
    rest = plain[end:]
    if rest.strip(" .\n"):
        problems.append(f"words after the last citation: “{rest.strip()}”")
        dropped += 1
    text = "".join(kept) + (" " + computed if computed and kept else "")
    return Verification(text.strip(), tuple(problems), len(kept), dropped)


def _run_problems(words: str, cited: list[Citation | None], values: dict[int, str]) -> list[str]:
    if None in cited:
        return ["cites a passage that was not given"]
    support = " ".join(f"{c.text} {c.section} {c.page_label} {c.speaker} {values.get(c.n, '')}"
                       for c in cited)
    issues = _unprinted(words, support, " ".join(c.text for c in cited))
    if all(c.kind in TEXT_PASSAGES for c in cited) and not _held(words, cited):
        issues.append("words beyond the cited passages")
    return issues


def _held(words: str, cited: list[Citation]) -> bool:
    """Each sentence of a run lies in the cited passages, read in source order as one text; what follows a
    last ' — ' may instead be cited quotes' speakers, each alone or with its section (how an answer attributes)."""
    passages = " ".join(c.text for c in sorted(cited, key=lambda c: (c.source, c.start)))
    passages = _plain(ADDED.sub(" ", MARKER.sub(r"(\1)", passages)))  # a report's '[7]' as shown: compose.neutralise_markers
    printed = {_plain(said).strip(" .") for c in cited if c.speaker
               for said in (c.speaker, f"{c.speaker}, {c.section or 'untitled section'}")}
    shown, _, attribution = words.strip().rpartition(ATTRIBUTION)
    if not shown or not {_plain(said).strip(" .") for said in attribution.split("; ")} <= printed:
        shown = words
    shown = ADDED.sub(" ", shown).strip()
    return all(_plain(shown[s:e]).strip(" .") in passages for s, e in sentence_spans(shown)
               if _plain(shown[s:e]).strip(" ."))
