"""The chat page: ask, read the cited answer, collect evidence for a briefing."""
from __future__ import annotations

from collections import Counter

import streamlit as st

from ui import session
from ui.answer_view import show_answer
from ui.examples import examples
from ui.markup import escape

REPORTS_PAGE = "views/reports.py"


def render() -> None:
    if not session.has_reports():
        st.title("Ask your reports")
        st.info("The library holds no reports yet. Add a PDF, Word, HTML, Markdown or text report on the Reports page.")
        st.page_link(REPORTS_PAGE, label="Add reports", icon=":material/library_add:")
        return
    assistant = session.assistant()
    reports = len(assistant.library.parsed)
    st.title("Ask the report" if reports == 1 else f"Ask the {reports} reports")
    st.caption("Answers from the reports only: every sentence cited, every figure copied from its table.")
    st.button("New conversation", key="new-conversation", on_click=session.new_conversation,
              help="Forget the turns so far: the next question is read on its own.")
    seen: Counter = Counter()
    for answer in session.history():
        _user_says(answer.question)
        with st.chat_message("assistant"):
            show_answer(answer, seen)
    question = st.chat_input("Ask about the reports", key="question") or st.session_state.pop("example", None)
    if question:
        _user_says(question)
        with st.chat_message("assistant"):
            with st.spinner("Reading the report…"):
                answer = assistant.ask(question, k=session.passages(), source=session.source(),
                                       conversation=session.conversation())
            show_answer(answer, seen, stream=True)
        session.history().append(answer)
    elif not session.history():
        _examples(examples(_asked_of(assistant.library.parsed)))


def _user_says(question: str) -> None:
    with st.chat_message("user"):
        st.markdown(escape(question))


def _asked_of(parsed: list) -> list:
    """The report picked in the sidebar, or every report."""
    return [p for p in parsed if p.source.id == session.source()] or parsed


def _examples(questions: list[str]) -> None:
    st.caption("Try one of these, made from your reports' own headings and tables, or type your own question below.")
    for number, example in enumerate(questions):
        st.button(example, key=f"example-{number}", on_click=st.session_state.update, args=({"example": example},))


if __name__ == "__main__":
    render()
