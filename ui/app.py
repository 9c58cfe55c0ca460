"""The chat page: ask the report, read cited answers. Run with `citebrief ui`."""
from __future__ import annotations

import streamlit as st

from assistant.answer import Assistant
from assistant.library import Library
from ingest.errors import IngestError, StoreError
from ingest.settings import Settings


@st.cache_resource(show_spinner="Loading the report and the model…")
def load_assistant() -> Assistant:
    return Assistant(Library.open(Settings.from_env()))


def show_answer(answer) -> None:
    st.markdown(answer.answer.replace("$", "\\$"))  # plain Markdown; Streamlit never renders raw HTML here
    for notice in answer.notices:
        st.info(notice)
    if answer.figures:
        st.dataframe([{"table": f.figure.table, "row": f.figure.row, "group": f.figure.group,
                       "measure": f.figure.measure, "value": f.figure.value, "base": f.figure.base}
                      for f in answer.figures], hide_index=True)
    label = "Closest passages (not an answer)" if answer.abstained else "Sources"
    if answer.citations:
        st.caption(label)
    for c in answer.citations:
        where = ", ".join(x for x in (c.title, c.section, f"p. {c.page}" if c.page else "") if x)
        with st.expander(f"[{c.n}] {where}"):
            st.text(c.text)


def main() -> None:
    st.set_page_config(page_title="citebrief", page_icon="📑")
    st.title("citebrief")
    st.caption("Answers from the report only: every sentence cited, every figure copied from its table.")
    try:
        assistant = load_assistant()
    except (StoreError, IngestError, ValueError) as exc:
        st.error(str(exc))
        return
    history = st.session_state.setdefault("history", [])
    for question, answer in history:
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            show_answer(answer)
    question = st.chat_input("Ask about the report")
    if question:
        with st.chat_message("user"):
            st.text(question)
        answer = assistant.ask(question)
        with st.chat_message("assistant"):
            show_answer(answer)
        history.append((question, answer))


main()
