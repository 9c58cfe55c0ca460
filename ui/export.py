"""A briefing written out as a document: Word (.docx, A4, UK English) or Markdown, saying the same things.

Both give the title, the date and who prepared it, the user's summary, then each item: its heading, the
user's own words about it (when they wrote any), and beneath them the cited evidence verbatim (a quote with
its speaker, the words of a passage the answer used, a figure as a small table of the printed cell) pointing
with [n] at a numbered reference list (title, publisher, year, section, page).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO

from .briefing import BriefingItem, count, heading
from .markup import blockquote, escape

LANGUAGE = "en-GB"
FIGURE_COLUMNS = ("Row", "Group", "Measure", "Value", "Base")
NOTE = ("Evidence is quoted verbatim from the reports (“…” marks words left out between the parts quoted), and "
        "figures are copied exactly as printed in their tables; numbers in square brackets point to the references.")
# Characters XML 1.0 forbids; python-docx refuses text that holds them.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Document:
    """What an export needs besides the items: the title, who prepared it and when (local time)."""

    title: str
    author: str
    when: datetime
    summary: str = ""  # the user's summary, paragraphs separated by blank lines

    @property
    def date(self) -> str:
        return f"{self.when.day} {self.when:%B %Y}"  # 3 June 2025

    @property
    def byline(self) -> str:
        return f"{self.date} · Prepared by {self.author}" if self.author else self.date

    @property
    def paragraphs(self) -> list[str]:
        """The summary's paragraphs, each on one line."""
        return [" ".join(p.split()) for p in self.summary.split("\n\n") if p.strip()]


def references(items: tuple[BriefingItem, ...]) -> list[tuple]:
    """The distinct (title, publisher, year, section, page) the items cite, numbered in order of first use."""
    return list(dict.fromkeys(_reference_key(item) for item in items))


def reference_text(key: tuple) -> str:
    """'Leadership needs. The King's Fund, 2010. Section “Findings > Time”, p. 12.'"""
    title, publisher, year, section, page = key
    parts = [title, ", ".join(str(x) for x in (publisher, year) if x)]
    parts.append(", ".join(x for x in (f"Section “{section}”" if section else "", f"p. {page}" if page else "") if x))
    return " ".join(f"{p}." for p in parts if p)


def figure_row(item: BriefingItem) -> tuple[str, ...]:
    figure = item.figure
    return (figure.row, figure.group, figure.measure, figure.value, figure.base or "not stated")


def figure_caption(item: BriefingItem) -> str:
    return f"{item.figure.table}: {item.caption}" if item.caption else item.figure.table


def _reference_key(item: BriefingItem) -> tuple:
    return (item.title, item.publisher, item.year, item.section, item.page)


def _marker(item: BriefingItem, refs: list[tuple]) -> str:
    return f"[{refs.index(_reference_key(item)) + 1}]"


# ---- Markdown ------------------------------------------------------------------------------------
def to_markdown(items: tuple[BriefingItem, ...], document: Document) -> str:
    """The briefing as CommonMark: text escaped only where it would otherwise turn into markup."""
    refs = references(items)
    lines = [f"# {escape(document.title, page=False)}", "", escape(document.byline, page=False), ""]
    for paragraph in document.paragraphs:
        lines += [escape(paragraph, page=False), ""]
    for number, item in enumerate(items, start=1):
        lines += [f"## {number}. {escape(heading(item), page=False)}", ""]
        lines += [escape(item.note, page=False), ""] if item.note else []
        lines += [*_markdown_body(item, refs), ""]
        lines += [f"*Data note:* {escape(note, page=False)}  " for note in item.notes]
        lines += [""] if item.notes else []
    lines += ["## References", ""]
    lines += [f"{n}. {escape(reference_text(key), page=False)}" for n, key in enumerate(refs, start=1)]
    lines += ["", f"*{count(len(items))}. {NOTE}*"]
    return "\n".join(lines) + "\n"


def _markdown_body(item: BriefingItem, refs: list[tuple]) -> list[str]:
    marker = _marker(item, refs)
    if item.figure:
        cells = [_cell(c) for c in figure_row(item)]
        return [escape(figure_caption(item), page=False), "", "| " + " | ".join(FIGURE_COLUMNS) + " |",
                "|" + " --- |" * len(FIGURE_COLUMNS), "| " + " | ".join(cells) + " |", "", f"Source: {marker}"]
    if item.kind == "quote":
        return [blockquote(f"“{escape(item.text, page=False)}”"), "", f"— {escape(item.speaker, page=False)} {marker}"]
    return [blockquote(f"“{escape(item.evidence, page=False)}”"), "", f"Source: {marker}"]


def _cell(text: str) -> str:
    return escape(" ".join(text.split()), page=False).replace("|", "\\|")


# ---- Word ----------------------------------------------------------------------------------------
def to_docx(items: tuple[BriefingItem, ...], document: Document) -> bytes:
    """The briefing as a Word document on A4 in UK English, its title, author and creation time set."""
    import docx

    word = docx.Document()
    _page_and_language(word)
    _properties(word, document)
    refs = references(items)
    word.add_paragraph(_xml_safe(document.title), style="Title")
    word.add_paragraph(_xml_safe(document.byline), style="Subtitle")
    for paragraph in document.paragraphs:
        word.add_paragraph(_xml_safe(paragraph))
    for number, item in enumerate(items, start=1):
        word.add_heading(_xml_safe(f"{number}. {heading(item)}"), level=1)
        if item.note:
            word.add_paragraph(_xml_safe(item.note))
        _word_body(word, item, _marker(item, refs))
        for note in item.notes:
            _labelled(word, "Data note: ", note)
    word.add_heading("References", level=1)
    for n, key in enumerate(refs, start=1):
        word.add_paragraph(_xml_safe(f"[{n}] {reference_text(key)}"))
    word.add_paragraph().add_run(f"{count(len(items))}. {NOTE}").italic = True
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _word_body(word, item: BriefingItem, marker: str) -> None:
    if item.figure:
        word.add_paragraph(_xml_safe(figure_caption(item)), style="Caption")
        table = word.add_table(rows=2, cols=len(FIGURE_COLUMNS), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, FIGURE_COLUMNS):
            cell.paragraphs[0].add_run(text).bold = True
        for cell, text in zip(table.rows[1].cells, figure_row(item)):
            cell.text = _xml_safe(text)
        word.add_paragraph(f"Source: {marker}")
        return
    word.add_paragraph(_xml_safe(f"“{item.text if item.kind == 'quote' else item.evidence}”"), style="Quote")
    word.add_paragraph(_xml_safe(f"— {item.speaker} {marker}" if item.kind == "quote" else f"Source: {marker}"))


def _page_and_language(word) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(25)
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for properties in [defaults] + [s.element.get_or_add_rPr() for s in word.styles if s.type in (1, 2)]:
        _language(properties)


def _language(properties) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _properties(word, document: Document) -> None:
    properties = word.core_properties
    stamp = document.when.astimezone(timezone.utc).replace(tzinfo=None)  # python-docx writes it as UTC
    properties.title = _xml_safe(document.title)[:255]
    properties.author = properties.last_modified_by = _xml_safe(document.author)[:255]
    properties.created = properties.modified = stamp
    properties.revision = 1
    properties.language = LANGUAGE
    properties.subject = "Briefing"
    properties.comments = "Prepared with citebrief from the reports cited."


def _labelled(word, label: str, text: str) -> None:
    paragraph = word.add_paragraph()
    paragraph.add_run(label).italic = True
    paragraph.add_run(_xml_safe(text))


def _xml_safe(text: str) -> str:
    return NOT_XML.sub(" ", text)
