"""The chat page is a conversation: a follow-up is read against the turn before and says how it was read;
'New conversation' forgets the turns. Driven by Streamlit's AppTest against the real store."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")


@pytest.fixture
def page(settings, ingested, monkeypatch) -> AppTest:
    monkeypatch.setenv("CITEBRIEF_HOME", str(settings.home))
    return AppTest.from_file(APP, default_timeout=180).run()


def ask(page: AppTest, question: str) -> AppTest:
    page.chat_input(key="question").set_value(question).run()
    assert not page.exception and not page.error, [e.value for e in page.error]
    return page


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
