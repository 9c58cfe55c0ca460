"""The Reports page: add, read again and remove reports, and how each is cited (ui.library_view); then the
report browser: each source's tables as printed, its sections to read, and its quotes."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.types import ParsedSource, Section, Table
from ui import library_view, session
from ui.markup import escape
from ui.printed import flagged_cells, marked, printed

FLAG = "background-color: #fde2c8"
NUMERIC = r"[\d.,%()+\-−–]*"  # empty cells count as numeric
TEXT_WIDTH = 250  # pixels: two groups' wording columns and their figures fit a 1280-pixel window


def render() -> None:
    st.title("Reports")
    library_view.add_reports()
    library_view.progress()
    parsed = session.assistant().library.parsed if session.has_reports() else []
    library_view.library(parsed)
    if parsed:
        st.subheader("Look inside a report")
        _contents(parsed)


def _contents(parsed: list[ParsedSource]) -> None:
    """One report's tables as printed, its sections to read, and its quotes."""
    at = st.selectbox("Report", range(len(parsed)), format_func=lambda n: parsed[n].source.title, key="report")
    chosen = parsed[at]
    _overview(chosen)
    tables, sections, quotes = st.tabs([f"Tables ({len(chosen.tables)})", f"Sections ({len(chosen.sections)})",
                                        f"Quotes ({len(chosen.quotes)})"])
    with tables:
        for table in chosen.tables:
            _table(table)
    with sections:
        _sections(chosen)
    with quotes:
        st.dataframe(pd.DataFrame([{"speaker": q.speaker, "quote": q.text, "section": q.section, "page": q.page}
                                   for q in chosen.quotes]), hide_index=True)


def _overview(parsed: ParsedSource) -> None:
    source = parsed.source
    imprint = ", ".join(str(x) for x in (source.publisher, source.year, source.kind) if x)
    st.caption(escape(f"{imprint} · {source.path} · {len(parsed.chunks)} passages indexed"))


def _table(table: Table) -> None:
    """The table as printed, every row shown (the frame is as tall as its rows), flagged cells shaded."""
    st.subheader(escape(f"{table.id}: {table.caption}"))
    page = f" · p. {table.page}" if table.page else ""
    st.caption(escape(f"Base: {table.base or 'not stated'} · section {table.section}{page}"))
    shown = printed(table)
    flagged = marked(shown, flagged_cells(table))
    frame = shown.frame
    if flagged:
        style = pd.DataFrame([[FLAG if (i, j) in flagged else "" for j in range(frame.shape[1])]
                              for i in range(frame.shape[0])], index=frame.index, columns=frame.columns)
        frame = frame.style.apply(lambda _: style, axis=None)
    ranked = isinstance(shown.frame.columns, pd.MultiIndex) and table.layout == "ranked"
    st.dataframe(frame, hide_index=not ranked, height="content", column_config=_widths(shown.frame) if ranked else None)
    for note in dict.fromkeys(n for f in table.figures for n in f.notes):
        st.warning(escape(f"Data note (highlighted cells): {note}"))


def _widths(frame: pd.DataFrame) -> dict:
    """Wording columns of side-by-side groups narrow enough for two groups to share the page's width.
    Keys count the shown index as position 0 (Streamlit's positional column keys)."""
    wording = [n for n in range(frame.shape[1]) if not frame.iloc[:, n].str.fullmatch(NUMERIC).all()]
    return {n + 1: st.column_config.TextColumn(width=TEXT_WIDTH) for n in wording}


def _sections(parsed: ParsedSource) -> None:
    """Each heading with its page (when the source has pages); open one to read its text."""
    text = parsed.source.text
    for section in parsed.sections:
        with st.expander(escape(section_label(section))):
            st.markdown(escape(text[section.start:section.end].strip()) or "*This section has no text of its own.*")


def section_label(section: Section) -> str:
    """'Findings > Maintaining quality in a cold climate · p. 4' (no page for page-less sources)."""
    page = f" · p. {section.page}" if section.page else ""
    return f"{' > '.join(section.path) or section.heading}{page}"


if __name__ == "__main__":
    render()
