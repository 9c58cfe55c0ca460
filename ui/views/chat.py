"""The chat page: ask, read the cited answer, collect evidence for a briefing."""
from __future__ import annotations

from collections import Counter

import streamlit as st

from ui import session
from ui.answer_view import show_answer
from ui.markup import escape

EXAMPLES = (
    "How many clinical directors got coaching?",
    "What did clinical directors say about time?",
    "Why is clinical leadership important for quality?",
)


def render() -> None:
    st.title("Ask the report")
    st.caption("Answers from the report only: every sentence cited, every figure copied from its table.")
    assistant = session.assistant()
    st.button("New conversation", key="new-conversation", on_click=session.new_conversation,
              help="Forget the turns so far: the next question is read on its own.")
    seen: Counter = Counter()
    for answer in session.history():
        _user_says(answer.question)
        with st.chat_message("assistant"):
            show_answer(answer, seen)
    question = st.chat_input("Ask about the report", key="question") or st.session_state.pop("example", None)
    if question:
        _user_says(question)
        with st.chat_message("assistant"):
            with st.spinner("Reading the report…"):
                answer = assistant.ask(question, k=session.passages(), source=session.source(),
                                       conversation=session.conversation())
            show_answer(answer, seen, stream=True)
        session.history().append(answer)
    elif not session.history():
        _examples()


def _user_says(question: str) -> None:
    with st.chat_message("user"):
        st.markdown(escape(question))


def _examples() -> None:
    st.caption("Try one of these, or type your own question below.")
    for number, example in enumerate(EXAMPLES):
        st.button(example, key=f"example-{number}", on_click=st.session_state.update, args=({"example": example},))


if __name__ == "__main__":
    render()
