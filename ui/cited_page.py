"""Where a citation comes from, shown on request: a PDF's printed page with the cited words highlighted and
the original file to download; for Word, HTML, Markdown and text, the passage inside its section.

The page is an image with the highlight boxes laid over it (positions in percent of the page, so they stay
on their words at any width); each box also carries its PDF coordinates as data attributes. Only numbers and
escaped labels go into that HTML: the document's text never does.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

import streamlit as st

from assistant.types import Citation
from ingest.types import ParsedSource, Section, Source

from . import session
from .markup import emphasised, escape, spans
from .page_image import PageView, page_view

PAGES_CACHE = "pages"  # rendered pages, under the store's home
CONTEXT = 1500  # characters of the section shown either side of a passage in a long section
CONTEXT_POINTS = 110  # of the page shown above and below the highlight: a few lines of the paragraphs around it
WHOLE_PAGE_PIXELS = 760  # wide: an A4 page about 1,075 pixels tall, most of it in view in a large dialog
MIME = {".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".html": "text/html", ".htm": "text/html", ".md": "text/markdown", ".txt": "text/plain", ".vtt": "text/vtt"}


def button(citation: Citation, key: str) -> None:
    """'See page 12' (a PDF) or 'See it in its section' under a citation; opens the dialog."""
    label = f"See page {citation.page_label}" if citation.page_pdf else "See it in its section"
    if citation.page_pdf and not citation.page_label:
        label = "See the page"
    if st.button(label, key=key, icon=":material/find_in_page:"):
        _dialog(citation)


@st.dialog("Where this comes from", width="large")
def _dialog(citation: Citation) -> None:
    parsed = next((p for p in session.assistant().library.parsed if p.source.id == citation.source), None)
    if parsed is None:
        st.warning("This report is no longer in the library.")
        return
    source = parsed.source
    st.markdown(f"**{escape(source.title)}**")
    path = Path(source.path)
    if citation.page_pdf and path.suffix.lower() == ".pdf" and path.exists():
        show_page(cited_page(citation, source, session.home() / PAGES_CACHE))
    else:
        if citation.page_pdf:
            st.info(escape(f"The original file is no longer at {path}; the passage is shown in its section."))
        show_section(parsed, citation)
    _download(path)


def cited_page(citation: Citation, source: Source, cache: Path) -> PageView:
    """The page where the words the answer used begin (the passage's first page when none are marked)."""
    marked = citation.highlights or ((citation.start, citation.end),)
    pdf_page = source.pdf_page_at(marked[0][0]) or citation.page_pdf
    texts = [source.text[a:b] for a, b in marked]
    return page_view(Path(source.path), source.sha256, pdf_page, source.label_of(pdf_page), texts, cache)


def show_page(view: PageView) -> None:
    printed = f"Page {view.label} as printed" if view.label else "This page prints no number"
    st.caption(escape(f"{printed} (page {view.pdf_page} of the PDF). The cited words are highlighted."))
    if not view.boxes:
        st.caption("The cited words could not be placed on the page image; the passage is in the answer's sources.")
    whole = not view.boxes or st.toggle("Show the whole page", key="whole-page")
    st.html(page_html(view, whole))


def page_html(view: PageView, whole: bool = True) -> str:
    """The page image with one absolutely placed, translucent box per highlighted line; unless `whole`, seen
    through a window around the boxes (CONTEXT_POINTS above and below), so the words show without scrolling."""
    image = base64.b64encode(view.png).decode("ascii")
    boxes = "".join(
        f'<div class="citebrief-highlight" data-x0="{b.x0:.2f}" data-top="{b.top:.2f}" data-x1="{b.x1:.2f}" '
        f'data-bottom="{b.bottom:.2f}" style="position:absolute;left:{100 * b.x0 / view.width:.3f}%;'
        f'top:{100 * b.top / view.height:.3f}%;width:{100 * (b.x1 - b.x0) / view.width:.3f}%;'
        f'height:{100 * (b.bottom - b.top) / view.height:.3f}%;background:rgba(255,208,0,0.35);'
        f'outline:2px solid rgba(230,150,0,0.9)"></div>' for b in view.boxes)
    alt = html.escape(f"Page {view.label or view.pdf_page} of the report", quote=True)
    page = (f'<div class="citebrief-page" data-width="{view.width:.2f}" data-height="{view.height:.2f}" '
            f'style="position:relative;width:100%;top:{{offset}}">'
            f'<img src="data:image/png;base64,{image}" alt="{alt}" style="display:block;width:100%">{boxes}</div>')
    if whole or not view.boxes:
        return f'<div style="max-width:{WHOLE_PAGE_PIXELS}px">{page.replace("{offset}", "0")}</div>'
    top = max(0.0, min(b.top for b in view.boxes) - CONTEXT_POINTS)
    bottom = min(view.height, max(b.bottom for b in view.boxes) + CONTEXT_POINTS)
    window = f"overflow:hidden;aspect-ratio:{view.width:.2f} / {bottom - top:.2f};border:1px solid #ddd"
    return f'<div class="citebrief-window" style="{window}">{page.replace("{offset}", f"-{100 * top / (bottom - top):.3f}%")}</div>'


def show_section(parsed: ParsedSource, citation: Citation) -> None:
    """The section holding the passage, its used words (or the whole passage) in bold."""
    section = section_at(parsed, citation.start)
    text = parsed.source.text
    start, end = (section.start, section.end) if section else (citation.start, citation.end)
    if end - start > 2 * CONTEXT + (citation.end - citation.start):
        start, end = max(start, citation.start - CONTEXT), min(end, citation.end + CONTEXT)
    st.caption(escape(f"Section: {' > '.join(section.path) or section.heading}" if section else "No section heading"))
    marked = citation.highlights or ((citation.start, citation.end),)
    shown = emphasised(spans(text[start:end], start, marked))
    opening, closing = ("… " if section and start > section.start else ""), ("…" if section and end < section.end else "")
    st.markdown(f"{opening}{shown}{closing}")


def section_at(parsed: ParsedSource, offset: int) -> Section | None:
    """The innermost section holding the offset (the last to start, of those that hold it)."""
    holding = [s for s in parsed.sections if s.start <= offset < s.end]
    return max(holding, key=lambda s: (s.start, len(s.path)), default=None)


def _download(path: Path) -> None:
    if not path.exists():
        return
    st.download_button(f"Download the original ({path.name})", path.read_bytes(), file_name=path.name,
                       mime=MIME.get(path.suffix.lower(), "application/octet-stream"), key="download-original",
                       icon=":material/download:")
