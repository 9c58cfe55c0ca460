"""The briefing basket: quotes, passages and figures a user collects (ui.export writes them out).

Pure functions over frozen items, so the page only keeps a tuple of them in its session state.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from assistant.answer import describe
from assistant.types import Answer, Citation, CitedFigure, CitedQuote
from ingest.types import Figure

from .markup import Parts, spans

HEADINGS = {"quote": "Quote", "citation": "Passage", "figure": "Figure"}


@dataclass(frozen=True)
class BriefingItem:
    """One collected piece of evidence, with everything its reference needs."""

    kind: str  # "quote", "citation" or "figure"
    parts: Parts  # the verbatim text in pieces; True marks the span the answer used
    question: str  # the question it answered
    title: str
    publisher: str = ""
    year: int | None = None
    section: str = ""
    page: int | None = None
    speaker: str = ""
    notes: tuple[str, ...] = ()
    source: str = ""
    start: int = 0
    end: int = 0
    figure: Figure | None = None  # a figure item's printed cell: row, group, measure, value, base
    caption: str = ""  # a figure's table caption, as printed
    note: str = ""  # the user's own words about this evidence (a line to take), shown above it

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)

    @property
    def evidence(self) -> str:
        """The words quoted in a briefing: a passage's words the answer used (pieces joined by ' … '), else
        the whole text; each piece verbatim."""
        used = [text.strip() for text, marked in self.parts if marked and text.strip()]
        return " … ".join(used) if self.kind == "citation" and used else self.text

    @property
    def key(self) -> str:
        """Stable for the same evidence answering the same question: page widgets are keyed on it."""
        identity = "\x1f".join(map(str, (self.kind, self.question, self.source, self.start, self.end, self.text)))
        return hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]


def from_citation(answer: Answer, citation: Citation) -> BriefingItem:
    return _item(answer, citation, "citation", spans(citation.text, citation.start, citation.highlights))


def from_quote(answer: Answer, quote: CitedQuote) -> BriefingItem:
    item = _item(answer, cited(answer, quote.citation), "quote", ((quote.text, False),))
    return replace(item, speaker=quote.speaker, section=quote.section or item.section)


def from_figure(answer: Answer, cited_figure: CitedFigure, caption: str = "") -> BriefingItem:
    """A figure item; its text is the figure described in one line (what keys it), never shown as a quote."""
    figure = cited_figure.figure
    item = _item(answer, cited(answer, cited_figure.citation), "figure", ((describe(figure), False),))
    return replace(item, notes=figure.notes, figure=figure, caption=caption)


def cited(answer: Answer, n: int) -> Citation:
    """The citation numbered n in this answer."""
    return next(c for c in answer.citations if c.n == n)


def _item(answer: Answer, citation: Citation, kind: str, parts: Parts) -> BriefingItem:
    return BriefingItem(kind, parts, answer.question, citation.title, citation.publisher, citation.year,
                        citation.section, citation.page, source=citation.source, start=citation.start,
                        end=citation.end)


# ---- the basket: a tuple, changed only by building a new one ------------------------------------
def added(items: tuple[BriefingItem, ...], item: BriefingItem) -> tuple[BriefingItem, ...]:
    return items if any(i.key == item.key for i in items) else items + (item,)


def removed(items: tuple[BriefingItem, ...], key: str) -> tuple[BriefingItem, ...]:
    return tuple(i for i in items if i.key != key)


def noted(items: tuple[BriefingItem, ...], key: str, note: str) -> tuple[BriefingItem, ...]:
    """The items with the user's words for one of them (trimmed; blank removes them)."""
    return tuple(replace(i, note=note.strip()) if i.key == key else i for i in items)


def moved(items: tuple[BriefingItem, ...], key: str, step: int) -> tuple[BriefingItem, ...]:
    """The item moved `step` places (-1 up, +1 down); unchanged at either end."""
    at = next((n for n, i in enumerate(items) if i.key == key), None)
    if at is None or not 0 <= at + step < len(items):
        return items
    order = list(items)
    order[at], order[at + step] = order[at + step], order[at]
    return tuple(order)


def count(n: int) -> str:
    """'1 item', '3 items'."""
    return f"{n} item" + ("" if n == 1 else "s")


# ---- how an item is named and referenced ---------------------------------------------------------
def heading(item: BriefingItem) -> str:
    """'Quote: clinical director', 'Figure: Coaching', 'Passage: Time' (the section's own heading)."""
    if item.kind == "quote" and item.speaker:
        return f"Quote: {item.speaker}"
    if item.figure:
        return f"Figure: {item.figure.row}"
    name = item.section.split(" > ")[-1] if item.kind == "citation" else ""
    return f"{HEADINGS[item.kind]}: {name}" if name else HEADINGS[item.kind]


def reference(item: BriefingItem) -> str:
    """'Leadership needs (The King's Fund, 2010), section “Findings”, p. 4' with missing parts left out."""
    imprint = ", ".join(str(x) for x in (item.publisher, item.year) if x)
    where = [f"{item.title} ({imprint})" if imprint else item.title]
    if item.section:
        where.append(f"section “{item.section}”")
    if item.page:
        where.append(f"p. {item.page}")
    return ", ".join(where)
