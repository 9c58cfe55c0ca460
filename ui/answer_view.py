"""One answer on the chat page: its text, figures, quotes and sources, each with 'Add to briefing'.

Everything from a question or a document goes through ui.markup (escaped Markdown) or a dataframe;
nothing is rendered as HTML.
"""
from __future__ import annotations

import time
from collections import Counter

import pandas as pd
import streamlit as st

from assistant.types import Answer, Citation

from . import briefing, cited_page, session
from .briefing import BriefingItem
from .markup import blockquote, emphasised, escape, spans

STREAM_SECONDS = 0.6  # the whole answer appears within this, word group by word group


def show_answer(answer: Answer, seen: Counter, stream: bool = False) -> None:
    """Draw one answer. `seen` counts widget keys drawn in this run, so a repeated question gets its own."""
    if answer.route == "invalid":
        st.info(escape(answer.answer))
        return
    if answer.abstained:
        st.warning(escape(answer.answer))
    elif answer.route == "quote" and answer.quotes:
        _quotes(answer, seen)  # a quote answer is its quotes: shown as cards rather than run together
    elif stream:
        st.write_stream(_word_groups(escape(answer.answer)))
    else:
        st.markdown(escape(answer.answer))
    for notice in answer.notices:
        st.info(escape(notice))
    if answer.figures:
        _figures(answer, seen)
    _citations(answer, seen)
    st.caption(f"{answer.route} answer · {answer.timings_ms.get('total', 0):.0f} ms")


def _word_groups(markdown: str, size: int = 3):
    words = markdown.split(" ")
    groups = [" ".join(words[i:i + size]) + " " for i in range(0, len(words), size)]
    pause = min(0.02, STREAM_SECONDS / max(1, len(groups)))
    for group in groups:
        yield group
        time.sleep(pause)


def _quotes(answer: Answer, seen: Counter) -> None:
    for quote in answer.quotes:
        where = escape(f"{quote.speaker}, {quote.section or 'untitled section'} [{quote.citation}]")
        st.markdown(blockquote(f"“{escape(quote.text)}”\n\n— {where}"))
        add_button(briefing.from_quote(answer, quote), seen)


def _figures(answer: Answer, seen: Counter) -> None:
    rows = [{"table": f.figure.table, "row": f.figure.row, "group": f.figure.group, "value": f.figure.value,
             "measure": f.figure.measure, "base": f.figure.base, "source": f"[{f.citation}]"} for f in answer.figures]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    captions = {(t.source, t.id): t.caption for p in session.assistant().library.parsed for t in p.tables}
    for cited_figure in answer.figures:
        figure = cited_figure.figure
        st.markdown(escape(f"{figure.table} · {figure.row} · {figure.group}: {figure.value}"))
        for note in figure.notes:
            st.caption(f"Data note: {escape(note)}")
        add_button(briefing.from_figure(answer, cited_figure, captions.get((figure.source, figure.table), "")), seen)


def _citations(answer: Answer, seen: Counter) -> None:
    if not answer.citations:
        return
    st.caption("Closest passages (not an answer)" if answer.abstained else "Sources")
    for citation in answer.citations:
        with st.expander(escape(f"[{citation.n}] {where(citation)}")):
            st.markdown(emphasised(spans(citation.text, citation.start, citation.highlights)))
            with st.container(horizontal=True):
                cited_page.button(citation, _unique(f"page-{citation.source}-{citation.start}", seen))
                # The closest passages of an abstention answered nothing, so they cannot go in a briefing.
                if not answer.abstained:
                    add_button(briefing.from_citation(answer, citation), seen)


def where(citation: Citation, words: int = 8) -> str:
    """'Leadership needs, Current and future support, p. 12: “Clinical directors were less likely …”': the
    title, section and page (when the source has pages) and the passage's first words, so that two
    passages of one section can be told apart."""
    page = f"p. {citation.page}" if citation.page else ""
    head = ", ".join(x for x in (citation.title, citation.section, page) if x)
    opening = citation.text.split()
    if not opening:
        return head
    more = " …" if len(opening) > words else ""
    return f"{head}: “{' '.join(opening[:words])}{more}”"


def _unique(key: str, seen: Counter) -> str:
    """The key, then key-2, key-3 ... for its repeats in this run."""
    seen[key] += 1
    return key if seen[key] == 1 else f"{key}-{seen[key]}"


def add_button(item: BriefingItem, seen: Counter) -> None:
    """'Add to briefing', keyed on the item's content: add-quote-1a2b3c..., then -2, -3 for repeats."""
    key = _unique(f"add-{item.kind}-{item.key}", seen)
    if any(i.key == item.key for i in session.basket()):
        st.button("In briefing ✓", key=key, disabled=True)
    else:
        st.button("Add to briefing", key=key, on_click=session.add, args=(item,), icon=":material/add:")
