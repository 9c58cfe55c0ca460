"""The chat page's report picker: with several reports in the store, answers come from the one picked."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.pipeline import ingest
from ingest.settings import Settings

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
COACHING_QUESTION = "How many clinical directors got coaching?"


@pytest.fixture
def page(two_surveys, monkeypatch) -> AppTest:
    monkeypatch.setenv("CITEBRIEF_HOME", str(two_surveys.home))
    return AppTest.from_file(APP, default_timeout=180).run()


def test_the_sidebar_offers_all_reports_and_each_ingested_report_by_title(page):
    picker = page.sidebar.selectbox(key="source")
    assert picker.value == ""
    assert picker.options == ["All reports", "Northern ward survey", "Southern ward survey"]


@pytest.mark.parametrize("source, title, value", [("northern", "Northern ward survey", "4"),
                                                  ("southern", "Southern ward survey", "11")])
def test_a_question_asked_of_one_picked_report_cites_only_that_report(page, source, title, value):
    page.sidebar.selectbox(key="source").select(source).run()
    page.chat_input(key="question").set_value(COACHING_QUESTION).run()
    assert not page.exception and not page.error
    assert page.dataframe[0].value["value"].tolist() == [value]
    sources = [e.label for e in page.main.expander]
    assert sources and all(label.split("] ", 1)[1].startswith(title) for label in sources), sources


def test_a_report_ingested_while_the_page_is_open_appears_on_the_next_run(tmp_path, write_survey, monkeypatch):
    settings = Settings.from_env(home=tmp_path / "store", chroma_url="")
    assert ingest([write_survey(tmp_path / "first", "northern")], settings).sources == 1
    monkeypatch.setenv("CITEBRIEF_HOME", str(settings.home))
    page = AppTest.from_file(APP, default_timeout=180).run()
    assert page.sidebar.selectbox(key="source").options == ["All reports", "Northern ward survey"]
    assert ingest([write_survey(tmp_path / "second", "southern")], settings).sources == 2
    page.run()
    assert page.sidebar.selectbox(key="source").options == [
        "All reports", "Northern ward survey", "Southern ward survey"]
    page.chat_input(key="question").set_value("How often were the night shift rotas rewritten?").run()
    assert not page.exception and any("every fortnight" in m.value for m in page.markdown)
