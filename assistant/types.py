"""The artifacts the assistant hands to the CLI, the chat page and the evaluation runner."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from ingest.types import Chunk, Figure

if TYPE_CHECKING:
    from .question import Question


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks behind it."""

    chunk: Chunk
    score: float
    dense: float = 0.0  # cosine similarity to the question
    dense_rank: int | None = None
    lexical_rank: int | None = None
    order: int = 0  # the chunk's place in the library (reading order within a source): the tie-break


def best_first(hits: Iterable[Hit], score: Callable[[Hit], float] = lambda h: h.dense) -> list[Hit]:
    """Hits by descending score (cosine similarity unless given); an exact tie goes to the earlier
    chunk in library order, the one tie-break every ranking uses, so no order depends on the machine."""
    return sorted(hits, key=lambda h: (-score(h), h.order))


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    section: str
    page: int | None
    kind: str
    text: str  # the verbatim passage: source text[start:end]
    start: int
    end: int
    publisher: str = ""
    year: int | None = None
    highlights: tuple[tuple[int, int], ...] = ()  # the spans the answer used, as source offsets
    page_label: str = ""  # the page as printed ("12", "12–13" over a page break); "" when unknown
    page_pdf: int | None = None  # the PDF page index (1-based) where the passage starts
    speaker: str = ""  # who said a quoted passage, as printed ("Hospital C, Consultant 2"); "" for other passages


@dataclass(frozen=True)
class CitedQuote:
    text: str
    speaker: str
    section: str
    citation: int
    source: str = ""


@dataclass(frozen=True)
class CitedFigure:
    figure: Figure
    citation: int


@dataclass(frozen=True)
class Turn:
    """One answered question as a follow-up needs it: the question as read, and the table row or
    section that answered it (empty when a passage did)."""

    question: "Question"
    table: str = ""  # "Table 1"
    row: str = ""  # the row label, as printed
    source: str = ""
    section: str = ""
    said: str = ""  # the first sentence a passage answer gave, without its markers ('Why is that?' asks why of it)
    answer: str = ""  # the answer's text, as shown: the people a follow-up's 'she' may mean are named in it
    quotes: tuple[tuple[str, str], ...] = ()  # (words, speaker) of each quote the answer showed, first shown first


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    abstained: bool
    route: str  # "figure", "quote", "general", "out_of_scope", "invalid"
    citations: tuple[Citation, ...] = ()
    figures: tuple[CitedFigure, ...] = ()
    quotes: tuple[CitedQuote, ...] = ()
    notices: tuple[str, ...] = ()
    timings_ms: dict = field(default_factory=dict)
    read_as: str = ""  # the question as read: spelling corrected, a follow-up filled in from the turn before
    turn: Turn | None = field(default=None, compare=False, repr=False)  # what the next follow-up reads against
