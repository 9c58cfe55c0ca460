"""Interview transcripts as sources: every interviewee turn a quote, chunks that keep to turns.

A file is read as a transcript when its NAME.meta.json says "kind": "transcript", when it is WebVTT,
when its header gives an interviewee role, or when its shape says so (speaker-labelled turns from near
the top, an interviewer and an interviewee among them). A transcript with no speaker labels is read as
plain text, with a warning. The cleaned text is the header, then one paragraph block per turn:
'[00:04:12] MD3: words'. Interviewer turns are context (the question a prose chunk opens with), never quotes.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from .chunk import make_chunk, quote_chunks, sentence_chunks
from .load import RawDocument, default_title
from .transcript_turns import ROLE_KEYS, Transcript, Turn, default_role, is_vtt, read_text, read_vtt, role_of, vtt_plain
from .types import Chunk, ParsedSource, Quote, Section, Source
from .vocabulary import YEAR

KIND = "transcript"
MAX_PREAMBLE = 3  # paragraphs before the first turn that a transcript found by its shape may have


@dataclass(frozen=True)
class TurnSpan:
    """Where one turn lies in the cleaned text."""

    number: int
    turn: Turn
    heading: str  # "Turn 3, MD3 (00:04:12)": the section citations show
    start: int  # the turn's line: its timestamp or label
    body: tuple[int, int]  # the words spoken, without the label
    paragraphs: tuple[tuple[int, int], ...]


def is_transcript(raw: RawDocument) -> bool:
    text = _text(raw)
    if raw.metadata.get("kind") == KIND or is_vtt(text):
        return True
    transcript = read_text(text)
    shaped = transcript.has_interviewee and any(t.interviewer for t in transcript.turns)
    return bool(transcript.header_value(*ROLE_KEYS)) or (shaped and len(transcript.preamble) <= MAX_PREAMBLE)


def parse_transcript(raw: RawDocument, source_id: str, chunk_size: int,
                     as_report: Callable[[RawDocument, str, int], ParsedSource]) -> ParsedSource:
    """The transcript's turns, quotes and chunks; without speaker labels, as_report's reading plus a warning."""
    text = _text(raw)
    transcript = read_vtt(text) if is_vtt(text) else read_text(text)
    if transcript.has_interviewee:
        return _parsed(raw, source_id, transcript, chunk_size)
    plain = replace(raw, pages=((None, vtt_plain(text)),)) if is_vtt(text) else raw
    parsed = as_report(plain, source_id, chunk_size)
    warning = (f"{raw.path}: read as plain text: it looks like an interview transcript but no turn has a "
               "speaker label ('Interviewer: ...', 'MD3: ...', or a WebVTT <v Speaker> tag)")
    return replace(parsed, warnings=parsed.warnings + (warning,))


def _text(raw: RawDocument) -> str:
    return "\n\n".join(text for _, text in raw.pages)


def _parsed(raw: RawDocument, source_id: str, transcript: Transcript, chunk_size: int) -> ParsedSource:
    text, front_end, spans = render(transcript)
    source = _source(raw, source_id, transcript, text)
    sections = _sections(source, front_end, spans)
    role = default_role(transcript)
    answers = [s for s in spans if not s.turn.interviewer]
    quotes = [Quote(source.id, text[s.body[0]:s.body[1]], role_of(s.turn.label, role), s.heading, s.body[0],
                    s.body[1], None, "turn", turn=s.number, timestamp=s.turn.timestamp, label=s.turn.label)
              for s in answers]
    said = [p for s in answers for p in s.paragraphs]
    chunks = (front_chunks(source, front_end) + exchange_chunks(source, spans, chunk_size)
              + quote_chunks(source, quotes) + sentence_chunks(source, sections, said))
    return ParsedSource(source, tuple(sections), tuple(quotes), chunks=tuple(chunks))


def _source(raw: RawDocument, source_id: str, transcript: Transcript, text: str) -> Source:
    """Metadata from NAME.meta.json where it says more than the file name; else from the header."""
    meta = raw.metadata
    title = meta.get("title") or source_id
    if title == default_title(raw.path):
        title = transcript.header_value("title") or _preamble_title(transcript) or title
    year = meta.get("year")
    if year is None:
        found = YEAR.search(transcript.header_value("date", "interview date", "date of interview"))
        year = int(found.group(0)) if found else None
    return Source(id=source_id, path=str(raw.path), sha256=raw.sha256, title=title,
                  publisher=meta.get("publisher") or "", year=year, kind=KIND, text=text, details=transcript.header)


def _preamble_title(transcript: Transcript) -> str:
    """A short first line before the turns ('# Interview with a medical director') names the transcript."""
    first = transcript.preamble[0].lstrip("# ").strip() if transcript.preamble else ""
    return first if first and len(first.split()) <= 15 and not first.endswith(".") else ""


def render(transcript: Transcript) -> tuple[str, int, list[TurnSpan]]:
    """The cleaned text, where its front matter (header, preamble) ends, and each turn's place in it."""
    header = "\n".join(f"{key}: {value}" for key, value in transcript.header)
    text = "\n\n".join(b for b in (header, *transcript.preamble) if b)
    front_end = len(text)
    spans = []
    for number, turn in enumerate(transcript.turns, start=1):
        text += "\n\n" if text else ""
        start = len(text)
        text += (f"[{turn.timestamp}] " if turn.timestamp else "") + f"{turn.label}: "
        paragraphs = []
        for k, paragraph in enumerate(turn.paragraphs):
            text += "\n\n" if k else ""
            paragraphs.append((len(text), len(text) + len(paragraph)))
            text += paragraph
        when = f" ({turn.timestamp})" if turn.timestamp else ""
        spans.append(TurnSpan(number, turn, f"Turn {number}, {turn.label}{when}", start,
                              (paragraphs[0][0], paragraphs[-1][1]), tuple(paragraphs)))
    return text, front_end, spans


def _sections(source: Source, front_end: int, spans: list[TurnSpan]) -> list[Section]:
    """The front matter, then one section per turn, each running to the next."""
    sections = [Section(source.id, "Interview details", ("Interview details",), 0, spans[0].start)] if front_end else []
    ends = [s.start for s in spans[1:]] + [len(source.text)]
    return sections + [Section(source.id, s.heading, (s.heading,), s.start, end) for s, end in zip(spans, ends)]


def front_chunks(source: Source, front_end: int) -> list[Chunk]:
    return [make_chunk(source, "Interview details", "prose", 0, front_end)] if front_end else []


def exchange_chunks(source: Source, spans: list[TurnSpan], size: int) -> list[Chunk]:
    """Prose chunks of whole answer turns, packed up to size; the first of each exchange opens at the question.

    A chunk never starts mid-turn, so one turn longer than size is a chunk of its own, longer than size.
    """
    chunks: list[Chunk] = []
    question: TurnSpan | None = None
    for span in spans:
        if span.turn.interviewer:
            question = span
        elif question is not None:  # the first answer after a question: the chunk carries the question
            chunks.append(make_chunk(source, span.heading, "prose", question.start, span.body[1]))
            question = None
        elif chunks and span.body[1] - chunks[-1].start <= size:  # a further answer to the same question
            chunks[-1] = make_chunk(source, chunks[-1].section, "prose", chunks[-1].start, span.body[1])
        else:
            chunks.append(make_chunk(source, span.heading, "prose", span.start, span.body[1]))
    return chunks

