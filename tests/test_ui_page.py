"""The chat page, driven by Streamlit's AppTest against the real store."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")


def test_a_figure_question_on_the_page_shows_the_exact_value_and_its_source(settings, ingested, monkeypatch):
    monkeypatch.setenv("CITEBRIEF_HOME", str(settings.home))
    page = AppTest.from_file(APP, default_timeout=120).run()
    page.chat_input[0].set_value("How many clinical directors got coaching?").run()
    text = " ".join(m.value for m in page.markdown)
    assert "Table 1" in text and ": 7 (number" in text
    assert any("[1]" in e.label for e in page.expander)
