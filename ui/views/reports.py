"""The report browser: each source, its sections, quotes and every parsed table, cell by cell."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.types import ParsedSource, Table
from ui import session
from ui.markup import escape


def render() -> None:
    st.title("Reports")
    parsed = session.assistant().library.parsed
    if not parsed:
        st.info("The store holds no reports yet: run `citebrief ingest`.")
        return
    at = st.selectbox("Report", range(len(parsed)), format_func=lambda n: parsed[n].source.title, key="report")
    chosen = parsed[at]
    _overview(chosen)
    tables, sections, quotes = st.tabs([f"Tables ({len(chosen.tables)})", f"Sections ({len(chosen.sections)})",
                                        f"Quotes ({len(chosen.quotes)})"])
    with tables:
        for table in chosen.tables:
            _table(table)
    with sections:
        st.dataframe(pd.DataFrame([{"section": " > ".join(s.path) or s.heading, "page": s.page,
                                    "characters": s.end - s.start} for s in chosen.sections]), hide_index=True)
    with quotes:
        st.dataframe(pd.DataFrame([{"speaker": q.speaker, "quote": q.text, "section": q.section, "page": q.page}
                                   for q in chosen.quotes]), hide_index=True)


def _overview(parsed: ParsedSource) -> None:
    source = parsed.source
    imprint = ", ".join(str(x) for x in (source.publisher, source.year, source.kind) if x)
    st.caption(escape(f"{imprint} · {source.path} · {len(parsed.chunks)} passages indexed"))
    for warning in parsed.warnings:
        st.warning(escape(warning))


def _table(table: Table) -> None:
    st.subheader(escape(f"{table.id}: {table.caption}"))
    page = f", p. {table.page}" if table.page else ""
    st.caption(escape(f"Base: {table.base or 'not stated'} · section {table.section}{page} · {table.layout} layout"))
    frame = table_frame(table)
    flagged = flagged_cells(table)
    if flagged:
        style = [["background-color: #fde2c8" if (i, j) in flagged else "" for j in range(frame.shape[1])]
                 for i in range(frame.shape[0])]
        st.dataframe(frame.style.apply(lambda _: pd.DataFrame(style, index=frame.index, columns=frame.columns),
                                       axis=None), hide_index=True)
        for note in dict.fromkeys(n for f in table.figures for n in f.notes):
            st.warning(escape(f"Data note (highlighted cells): {note}"))
    else:
        st.dataframe(frame, hide_index=True)


def flagged_cells(table: Table) -> set[tuple[int, int]]:
    """(row, column) of each printed cell whose figure carries a data note from the integrity checks."""
    noted = [f for f in table.figures if f.notes]
    cells = set()
    for i, row in enumerate(table.rows):
        for f in noted:
            if f.row in row and (table.layout != "ranked" or row[0].startswith(f.group)):
                cells |= {(i, j) for j, cell in enumerate(row) if cell == f.value and j > 0}
    return cells


def table_frame(table: Table) -> pd.DataFrame:
    """The table as printed: short rows padded, repeated column names made unique for display."""
    width = max([len(table.columns)] + [len(r) for r in table.rows])
    names = list(table.columns) + [""] * (width - len(table.columns))
    columns = [name or f"column {n + 1}" for n, name in enumerate(names)]
    columns = [f"{name} ({n + 1})" if columns.count(name) > 1 else name for n, name in enumerate(columns)]
    return pd.DataFrame([list(r) + [""] * (width - len(r)) for r in table.rows], columns=columns)


if __name__ == "__main__":
    render()
