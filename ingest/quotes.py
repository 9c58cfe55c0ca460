"""Find interview and free-text quotes in paragraphs, with the speaker role the report gives.

Two shapes are recognised:
- inline: ‘…’ (or “…”, or "…") of four words or more in a sentence that reports speech
  ("As one medical director put it: ‘…’"), each its own quote when one sentence holds two;
- block: a paragraph of its own after a paragraph that introduces speech ("One wrote:"), or
  after a sentence naming a speaker when the paragraph speaks in the first person.
Scare quotes, titles and quotations from the literature without a speech cue are not quotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .textutil import sentence_spans

SPEECH_CUE = re.compile(
    r"\b(said|says|say|put it|wrote|writes|argued|arguing|argues|explained|explains|described|"
    r"suggested|credited|commented|noted|added|told us|highlighted|amplified|in the words of|"
    r"remarked|observed|stated|reported|recalled|complained|insisted)\b", re.IGNORECASE)
ROLE = re.compile(
    r"\b(medical director|clinical director|medical leader|clinical leader|clinical lead|respondent|"
    r"interviewee|participant|chief executive|finance director|consultant|clinician|doctor|nurse|"
    r"manager|director)(s)?\b", re.IGNORECASE)
SINGULAR_DETERMINER = re.compile(r"\b(one|a|an|another|each)\s+(?:\w+\s+)?$", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(I|my|I’m|I've|I’ve|I'm|me)\b")
OPENERS = {"‘": "’", "“": "”", "\"": "\""}  # straight double marks open and close alike
MIN_INLINE_WORDS = 4
DEFAULT_SPEAKER = "respondent"


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int
    speaker: str
    style: str


def find_quotes(text: str, paragraphs: list[tuple[int, int]], blocks: bool = True) -> list[QuoteSpan]:
    """Quotes in the given paragraph spans of text, in order; block quotes only when `blocks` (a layout
    that sets block quotes apart itself, ingest.block_quotes, asks for inline quotes alone)."""
    found: list[QuoteSpan] = []
    for k, (start, end) in enumerate(paragraphs):
        if blocks and k and _is_block_quote(text, paragraphs[k - 1], (start, end)):
            speaker = _speaker(text, paragraphs[max(0, k - 2)][0], paragraphs[k - 1][1], found)
            found.append(QuoteSpan(start, end, speaker, "block"))
            continue
        for q_start, q_end, cue_at in _inline_quotes(text, start, end):
            speaker = _speaker(text, paragraphs[max(0, k - 1)][0], cue_at, found, quote_at=q_start)
            found.append(QuoteSpan(q_start, q_end, speaker, "inline"))
    return found


def _is_block_quote(text: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    intro = text[previous[0]:previous[1]].rstrip()
    body = text[current[0]:current[1]]
    if body.startswith("• ") or len(body.split()) < 8:
        return False
    last_sentence = text[sentence_spans(intro, previous[0])[-1][0]:previous[1]] if intro else ""
    if intro.endswith(":"):
        return bool(SPEECH_CUE.search(last_sentence))
    return bool(SPEECH_CUE.search(last_sentence) and ROLE.search(last_sentence) and FIRST_PERSON.search(body))


def _inline_quotes(text: str, start: int, end: int):
    """(start, end, cue offset) of each quoted span in a sentence with a speech cue; marks excluded."""
    i = start
    while i < end:
        opener = text[i]
        if opener in OPENERS and (i == start or not text[i - 1].isalnum()):
            close = _closing_mark(text, i + 1, end, OPENERS[opener])
            if close is None:
                i += 1
                continue
            cue = _cue_before(text, start, i)
            if cue is not None and len(text[i + 1:close].split()) >= MIN_INLINE_WORDS:
                yield i + 1, close, cue
            i = close + 1
        else:
            i += 1


def _closing_mark(text: str, i: int, end: int, mark: str) -> int | None:
    """The closing mark: not an apostrophe inside a word (don’t) or after a plural (patients’ care)."""
    while i < end:
        if text[i] == mark:
            after = text[i + 1] if i + 1 < end else " "
            plural = text[i - 1] == "s" and after == " " and text[i + 2:i + 3].islower()
            if not after.isalpha() and not plural:
                return i
        i += 1
    return None


def _cue_before(text: str, paragraph_start: int, quote_at: int) -> int | None:
    """Offset of the speech cue in the quote's sentence, if it has one."""
    sentence_start = paragraph_start
    for s, _ in sentence_spans(text[paragraph_start:quote_at], paragraph_start):
        sentence_start = s
    matches = list(SPEECH_CUE.finditer(text, sentence_start, quote_at))
    return matches[-1].start() if matches else None


def _speaker(text: str, context_start: int, cue_at: int, found: list[QuoteSpan], quote_at: int | None = None) -> str:
    """The role of who spoke: a singular 'one/a/another <role>' near the quote, else the subject
    of the nearest earlier sentence that names a role (how 'One said:' refers back)."""
    sentence_start = max([s for s, _ in sentence_spans(text[context_start:cue_at], context_start)] or [context_start])
    head = text[sentence_start:quote_at if quote_at else cue_at]
    singular = [m for m in ROLE.finditer(head) if not m.group(2) and SINGULAR_DETERMINER.search(head[:m.start()])]
    if singular:
        return _role(singular[-1])
    before_cue = list(ROLE.finditer(text, sentence_start, cue_at))
    if before_cue:
        return _role(before_cue[-1])
    inside = [(q.start, q.end) for q in found]
    for s, e in reversed(sentence_spans(text[context_start:sentence_start], context_start)):
        mentions = [m for m in ROLE.finditer(text, s, e) if not any(a <= m.start() < b for a, b in inside)]
        if mentions:
            return _role(mentions[0])
    return DEFAULT_SPEAKER


def introduces_speech(introduction: str) -> bool:
    """A paragraph whose last sentence reports speech and ends with ":" ("One nurse said:")."""
    spans = sentence_spans(introduction)
    last = introduction[spans[-1][0]:] if spans else introduction
    return introduction.rstrip().endswith(":") and bool(SPEECH_CUE.search(last))


def introduced_role(introduction: str) -> str:
    """The role named by the last sentence of a paragraph that introduces a quote, or ""."""
    spans = sentence_spans(introduction)
    last = introduction[spans[-1][0]:] if spans else introduction
    matches = list(ROLE.finditer(last))
    return _role(matches[-1]) if matches else ""


def _role(match: re.Match) -> str:
    return match.group(1).lower()
