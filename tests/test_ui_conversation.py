"""The chat page is a conversation: a follow-up is read against the turn before and says how it was read;
'New conversation' forgets the turns. Driven by Streamlit's AppTest against the real store."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.test_ui_page import ask, page  # noqa: F401  (the chat page fixture, shared)


def notes(page: AppTest) -> list[str]:
    return [i.value for i in page.info]


def test_a_follow_up_on_the_page_is_read_against_the_last_question_until_a_new_conversation(page):
    ask(page, "How many medical directors received coaching?")
    ask(page, "And clinical directors?")
    assert "Read as: How many clinical directors received coaching?" in notes(page)
    assert "Coaching: 7 clinical directors" in " ".join(m.value for m in page.markdown)
    page.button(key="new-conversation").click().run()
    assert not page.chat_message, "a new conversation starts with an empty page"
    ask(page, "And clinical directors?")
    assert not [n for n in notes(page) if n.startswith("Read as:")]
