"""Quoted spans inside prose, and the named features from which the quote model (ingest.block_model) tells a
quote (someone's words: "As one director put it: ‘...’", a questionnaire answer “perhaps occasionally”)
from a scare quote, a title, a term or a quotation from the literature (‘affective leadership skills’
after "Newman et al (2009) call").

A span runs from an opening mark (‘ “ ") that does not follow a letter to its closing mark (not an
apostrophe inside a word, "don’t", or after a plural, "patients’ care"); its offsets exclude the marks.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .speakers import BY, SAYING, introduced_by
from .textutil import CONTRACTION, FIRST_PERSON, sentence_spans

OPENERS = {"‘": "’", "“": "”", "\"": "\""}  # straight double marks open and close alike
CITATION = re.compile(r"\(\s*(?:19|20)\d\d[a-z]?\b|\bet al\b|\b(?:19|20)\d\d[a-z]?\)")
TERM = re.compile(r"\b(?:called|call|calls|termed|so-called|term|terms|known as|labelled|labeled|named|entitled|"
                  r"titled|phrase|word|words|concept|notion|described as|referred to as)\W*$", re.IGNORECASE)
REFERENCE_AFTER = re.compile(r"^\W{0,2}\((?:[A-Z]{1,3}\d|\d)")  # "(QA6, QA7)", "(P12)": the participants' codes
CUE_AFTER_WORDS = 6
WHOLE_BLOCK = 0.8  # a quoted span this share of its block is a quote printed as a block
IN_SENTENCE = ("cue_before", "cue_after", "names_speaker", "marks_in_sentence", "few_words", "colon_before",
               "term", "citation", "starts_upper", "ends_sentence")


@dataclass(frozen=True)
class QuotedSpan:
    """Words in quotation marks in the text of block `block`: text[start:end], marks excluded."""

    block: int
    start: int
    end: int


def quoted_spans(texts: list[str]) -> list[QuotedSpan]:
    """Every quoted span in each text, in order ('' for a block not to search)."""
    found = []
    for k, text in enumerate(texts):
        i = 0
        while i < len(text):
            close = _closing_mark(text, i + 1, OPENERS[text[i]]) if text[i] in OPENERS and (
                i == 0 or not text[i - 1].isalnum()) else None
            if close is not None and text[i + 1:close].strip():
                found.append(QuotedSpan(k, i + 1, close))
                i = close
            i += 1
    return found


def _closing_mark(text: str, i: int, mark: str) -> int | None:
    """The first closing mark after i that ends a word; one after a plural followed by a lower-case word
    ("patients’ care") only when no other closes the span."""
    possessive = None
    while i < len(text):
        if text[i] == mark:
            after = text[i + 1] if i + 1 < len(text) else " "
            plural = text[i - 1] == "s" and after == " " and text[i + 2:i + 3].islower()
            if not after.isalpha() and not plural:
                return i
            if plural and possessive is None:
                possessive = i
        i += 1
    return possessive


def span_features(spans: list[QuotedSpan], texts: list[str], previous: list[str] | None = None) -> list[dict[str, float]]:
    """Each span's features; `previous[k]` is the text of the block printed before block k (what introduces a
    span that opens its block: "One said:")."""
    previous = previous or [""] + texts[:-1]
    return [_features(span, texts, previous[span.block]) for span in spans]


def _features(span: QuotedSpan, texts: list[str], previous: str) -> dict[str, float]:
    own = _own_features(span, texts, previous)
    whole = own["share_of_block"] >= WHOLE_BLOCK or bool(own["whole_sentences"])
    # Quotes printed as whole blocks and phrases quoted inside sentences are told apart differently: the
    # sentence's features count for the phrases only, with weights of their own.
    return {**own, "whole_block": float(whole), **{f"in_sentence_{name}": 0.0 if whole else own[name] for name in IN_SENTENCE}}


def _own_features(span: QuotedSpan, texts: list[str], previous: str) -> dict[str, float]:
    text = texts[span.block]
    inside = text[span.start:span.end]
    sentence_start, sentence_end = _sentence_around(text, span.start)
    before, after = text[sentence_start:span.start - 1], text[span.end + 1:sentence_end]
    words = inside.split()
    others = sum(1 for m in re.finditer(r"[‘“\"]", text[sentence_start:sentence_end]))
    return {
        "words": math.log1p(len(words)), "few_words": float(len(words) <= 3),
        "starts_upper": float(inside[:1].isupper()), "ends_sentence": float(inside.rstrip()[-1:] in ".!?…"),
        "first_person": float(bool(FIRST_PERSON.search(inside))), "contractions": float(bool(CONTRACTION.search(inside))),
        "colon_before": float((before.strip() or previous).rstrip().endswith(":")),
        "cue_before": float(bool(SAYING.search(before)) or bool(BY.search(before))),
        "cue_after": float(bool(SAYING.search(" ".join(after.split()[:CUE_AFTER_WORDS])))),
        "names_speaker": float(bool(introduced_by(before))) if before.strip() else 0.0,
        "citation": float(bool(CITATION.search(text[sentence_start:sentence_end]))),
        "term": float(bool(TERM.search(before))),
        "reference_after": float(bool(REFERENCE_AFTER.match(after))),
        "share_of_sentence": (span.end - span.start) / max(1, sentence_end - sentence_start),
        "share_of_block": (span.end - span.start) / max(1, len(text)),
        "marks_in_sentence": float(min(4, others)),
        "opens_sentence": float(not before.strip()),
        # a quote printed as whole sentences inside a paragraph ("One said: ‘This is ... know.’") is told apart as a
        # block quote is, not as a phrase inside a sentence
        "whole_sentences": float(inside[:1].isupper() and inside.rstrip()[-1:] in ".!?…"),
        "or_between": float(bool(re.search(r"[’”\"]\s*(?:or|and|to)\s*$", before))),
    }


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    """The sentence holding offset `at` (the splitter cannot see inside quotes: the span may run past it)."""
    spans = sentence_spans(text)
    start = max([s for s, _ in spans if s <= at] or [0])
    end = min([e for s, e in spans if e > at] or [len(text)])
    return start, end
