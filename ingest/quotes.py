"""The quotes of a report, each stored once with its speaker: the blocks the block model read as quotes, and
the quoted spans in prose (paragraphs, list items) the quote model reads as someone's words.

A quote's speaker is its attribution as printed (the attribution block after it, or the bracket after its
closing mark: "(Hospital C, Consultant 2)"), else the person or group the sentence introducing it names,
or the heading above it ("These people say"), resolved by ingest.speakers; a block quote straight after
another shares its speaker. When nothing names anyone the quote is credited to DEFAULT_SPEAKER.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .block_model import LinearModel
from .quote_spans import REFERENCE_AFTER, WHOLE_BLOCK, QuotedSpan, quoted_spans, span_features
from .render import PlacedPiece
from .speakers import SAYING, heading_speaker, introduced_by
from .textutil import sentence_spans

DEFAULT_SPEAKER = "respondent"  # a quote whose report names no one: the survey's respondent, as printed reports say
SEARCHED = ("paragraph", "list_item")  # the roles whose quoted spans may be quotes
BRACKET_AFTER = re.compile(r"^\s*[.,;]?\s*\(([^()]*[A-Za-z]{3}[^()]*)\)")
CONTEXT_BLOCKS = 2  # blocks before a quote read for the people its introduction refers to


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int
    speaker: str
    style: str  # "block" or "inline"


def report_quotes(text: str, placed: list[PlacedPiece], roles: list[str], model: LinearModel) -> list[QuoteSpan]:
    """Every quote in the cleaned text, in order."""
    quotes: list[QuoteSpan] = []
    headings = _headings_above(placed, roles)
    for k, role in enumerate(roles):
        if role == "quote":
            quotes.append(_block_quote(text, placed, roles, k, headings[k], quotes))
    texts = [text[p.start:p.end] if role in SEARCHED else "" for p, role in zip(placed, roles)]
    spans = quoted_spans(texts)
    previous = [""] + [text[p.start:p.end] for p in placed[:-1]]
    for span, verdict in zip(spans, model.predict(span_features(spans, texts, previous))):
        if verdict == "quote":
            quotes.append(_inline_quote(text, placed, span, headings[span.block]))
    return sorted(quotes, key=lambda q: q.start)


def _headings_above(placed: list[PlacedPiece], roles: list[str]) -> list[str]:
    above, heading = [], ""
    for p, role in zip(placed, roles):
        heading = p.piece.text if role == "heading" else heading
        above.append(heading)
    return above


def _block_quote(text: str, placed: list[PlacedPiece], roles: list[str], k: int, heading: str,
                 found: list[QuoteSpan]) -> QuoteSpan:
    p = placed[k]
    start, end = _inside_marks(text, p.start, p.end)
    printed = _unbracketed(text[placed[k + 1].start:placed[k + 1].end]) if k + 1 < len(roles) and roles[k + 1] == "attribution" else ""
    if printed:
        return QuoteSpan(start, end, printed, "block")
    if k and roles[k - 1] == "quote" and found:
        return QuoteSpan(start, end, found[-1].speaker, "block")
    introduction = text[placed[k - 1].start:placed[k - 1].end] if k and roles[k - 1] in SEARCHED else ""
    named = introduced_by(introduction, _context(text, placed, k - 1)) if _introduces(introduction) else ""
    return QuoteSpan(start, end, named or heading_speaker(heading) or DEFAULT_SPEAKER, "block")


def _inline_quote(text: str, placed: list[PlacedPiece], span: QuotedSpan, heading: str) -> QuoteSpan:
    block = placed[span.block]
    start, end = block.start + span.start, block.start + span.end
    bracket = BRACKET_AFTER.match(text[end + 1:block.end])
    printed = _unbracketed(bracket.group(0)) if bracket and not REFERENCE_AFTER.match(text[end + 1:block.end]) else ""
    named = introduced_by(text[block.start:start - 1], _context(text, placed, span.block)) if text[block.start:start - 1].strip() else ""
    style = "block" if end - start >= WHOLE_BLOCK * (block.end - block.start) else "inline"
    return QuoteSpan(start, end, printed or named or heading_speaker(heading) or DEFAULT_SPEAKER, style)


def _introduces(paragraph: str) -> bool:
    """The paragraph's last sentence leads into what follows: it ends with ':' or reports speech."""
    spans = sentence_spans(paragraph)
    last = paragraph[spans[-1][0]:] if spans else paragraph
    return paragraph.rstrip().endswith(":") or bool(SAYING.search(last))


def _context(text: str, placed: list[PlacedPiece], k: int) -> str:
    """The blocks before block k (what 'One said' may refer back to)."""
    first = max(0, k - CONTEXT_BLOCKS)
    return text[placed[first].start:placed[k].start] if k > 0 else ""


def _inside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The quote's words without the quotation marks around them (a closing mark may be missing)."""
    body = text[start:end].rstrip()
    end = start + len(body)
    if body[:1] in "“‘\"'":
        start += 1
        if body[-1:] in "”’\"'":
            end -= 1
    return start, end


def _unbracketed(attribution: str) -> str:
    """An attribution as printed, without the dash or brackets it is set off with ("— Sex worker", "(York juror)")."""
    speaker = attribution.strip().strip(".,;").strip().lstrip("—–-").strip()
    return speaker[1:-1].strip() if speaker[:1] == "(" and speaker[-1:] == ")" else speaker
