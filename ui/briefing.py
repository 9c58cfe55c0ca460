"""The briefing basket: quotes, passages and figures a user collects, exported as Markdown or Word.

Pure functions over frozen items, so the page only keeps a tuple of them in its session state.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO

from assistant.answer import describe
from assistant.types import Answer, Citation, CitedFigure, CitedQuote

from .markup import Parts, blockquote, emphasised, escape, spans

HEADINGS = {"quote": "Quote", "citation": "Passage", "figure": "Figure"}
# Characters XML 1.0 forbids; python-docx refuses text that holds them.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)

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


def from_figure(answer: Answer, cited_figure: CitedFigure) -> BriefingItem:
    figure = cited_figure.figure
    item = _item(answer, cited(answer, cited_figure.citation), "figure", ((describe(figure), False),))
    return replace(item, notes=figure.notes)


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


def moved(items: tuple[BriefingItem, ...], key: str, step: int) -> tuple[BriefingItem, ...]:
    """The item moved `step` places (-1 up, +1 down); unchanged at either end."""
    at = next((n for n, i in enumerate(items) if i.key == key), None)
    if at is None or not 0 <= at + step < len(items):
        return items
    order = list(items)
    order[at], order[at + step] = order[at + step], order[at]
    return tuple(order)


# ---- how an item is named and referenced ---------------------------------------------------------
def heading(item: BriefingItem) -> str:
    who = f": {item.speaker}" if item.speaker else ""
    return f"{HEADINGS[item.kind]}{who}"


def reference(item: BriefingItem) -> str:
    """'Leadership needs (The King's Fund, 2010), section “Findings”, p. 4' with missing parts left out."""
    imprint = ", ".join(str(x) for x in (item.publisher, item.year) if x)
    where = [f"{item.title} ({imprint})" if imprint else item.title]
    if item.section:
        where.append(f"section “{item.section}”")
    if item.page:
        where.append(f"p. {item.page}")
    return ", ".join(where)


# ---- exports ------------------------------------------------------------------------------------
def to_markdown(items: tuple[BriefingItem, ...], title: str = "Briefing") -> str:
    """The briefing as Markdown; document and question text are escaped so they print as written."""
    lines = [f"# {escape(title, page=False)}", "", _preamble(items), ""]
    for number, item in enumerate(items, start=1):
        lines += [f"## {number}. {escape(heading(item), page=False)}", "",
                  blockquote(emphasised(item.parts, page=False)), ""]
        lines += [f"*Data note:* {escape(note, page=False)}  " for note in item.notes]
        lines += [f"*Source:* {escape(reference(item), page=False)}  ",
                  f"*Question:* {escape(item.question, page=False)}", ""]
    return "\n".join(lines)


def to_docx(items: tuple[BriefingItem, ...], title: str = "Briefing") -> bytes:
    """The briefing as a Word document: used spans in bold, each item with its reference and question."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=0)
    document.add_paragraph(_preamble(items))
    for number, item in enumerate(items, start=1):
        document.add_heading(f"{number}. {heading(item)}", level=2)
        passage = document.add_paragraph(style="Quote")
        for text, used in item.parts:
            passage.add_run(_xml_safe(text)).bold = used
        for note in item.notes:
            _labelled(document, "Data note: ", note)
        _labelled(document, "Source: ", reference(item))
        _labelled(document, "Question: ", item.question)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _labelled(document, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(label).italic = True
    paragraph.add_run(_xml_safe(text))


def _preamble(items: tuple[BriefingItem, ...]) -> str:
    count = f"{len(items)} item" + ("" if len(items) == 1 else "s")
    return (f"{count} collected with citebrief on {date.today().isoformat()}. "
            "Quotes and passages are verbatim from the reports; bold marks the words an answer used.")


def _xml_safe(text: str) -> str:
    return NOT_XML.sub(" ", text)
