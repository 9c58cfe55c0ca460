"""The chat page and its companion pages, driven by Streamlit's AppTest against the real store."""
from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from ui import briefing

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
QUOTE_QUESTION = "What did clinical directors say about time?"


@pytest.fixture
def page(settings, ingested, monkeypatch) -> AppTest:
    monkeypatch.setenv("CITEBRIEF_HOME", str(settings.home))
    return AppTest.from_file(APP, default_timeout=180).run()


def ask(page: AppTest, question: str) -> AppTest:
    page.chat_input(key="question").set_value(question).run()
    assert not page.exception and not page.error, [e.value for e in page.error]
    return page


def buttons(page: AppTest, prefix: str) -> list:
    return [b for b in page.button if (b.key or "").startswith(prefix)]


def shown(page: AppTest) -> str:
    return " ".join(m.value for m in page.markdown)


def test_a_figure_question_on_the_page_shows_the_exact_value_and_its_source(page):
    ask(page, "How many clinical directors got coaching?")
    assert "Coaching: 7 clinical directors (Table 1" in shown(page)
    figures = page.dataframe[0].value
    assert figures.to_dict("records")[0] | {"table": "Table 1", "row": "Coaching", "value": "7"} \
        == figures.to_dict("records")[0]
    assert page.expander[0].label.startswith(r"\[1\] Leadership needs, Current and future support")
    assert buttons(page, "add-figure-") and buttons(page, "add-citation-")


def test_an_out_of_scope_question_shows_an_abstention_and_its_passages_as_not_an_answer(page):
    ask(page, "What were the salaries of medical directors in 2015?")
    assert "does not cover" in page.warning[0].value
    assert any(c.value == "Closest passages (not an answer)" for c in page.caption)
    assert not buttons(page, "add-"), "passages that answered nothing cannot go into a briefing"


def test_question_text_is_shown_as_written_never_as_markup(page):
    ask(page, "Is <b>leadership</b> *important* for [quality](http://x)?")
    question = page.chat_message[0].markdown[0].value
    assert question == r"Is \<b\>leadership\</b\> \*important\* for \[quality\](http://x)?"


def test_a_quote_added_to_the_briefing_is_exported_as_markdown_and_word_with_its_reference(page):
    ask(page, QUOTE_QUESTION)
    add = buttons(page, "add-quote-")[0]
    add.click().run()
    assert buttons(page, "add-quote-")[0].label == "In briefing ✓"
    page.switch_page("views/briefing.py").run()
    items = page.session_state["briefing"]
    quote = items[0].text
    markdown = page.code[0].value  # the preview shows exactly what "Download Markdown" saves
    assert quote[:60] in markdown and "Leadership needs (The King's Fund, 2010)" in markdown
    assert f"*Question:* {QUOTE_QUESTION}" in markdown
    assert {b.key for b in page.download_button} == {"export-md", "export-docx"}
    word = docx.Document(io.BytesIO(briefing.to_docx(items)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert quote in text and "section “Increased time for the job”" in text and QUOTE_QUESTION in text


def test_the_briefing_keeps_its_items_across_questions_and_can_be_reordered_and_pruned(page):
    ask(page, QUOTE_QUESTION)
    buttons(page, "add-quote-")[0].click().run()
    ask(page, "How many clinical directors got coaching?")
    buttons(page, "add-figure-")[0].click().run()
    assert [i.kind for i in page.session_state["briefing"]] == ["quote", "figure"]
    page.switch_page("views/briefing.py").run()
    figure_key = page.session_state["briefing"][1].key
    page.button(key=f"up-{figure_key}").click().run()
    assert [i.kind for i in page.session_state["briefing"]] == ["figure", "quote"]
    page.button(key=f"remove-{figure_key}").click().run()
    assert [i.kind for i in page.session_state["briefing"]] == ["quote"]
    assert "Table 1" not in page.code[0].value


def test_the_report_browser_shows_every_parsed_table_cell_as_printed(page, parsed):
    page.switch_page("views/reports.py").run()
    assert not page.exception
    frames = [d.value for d in page.dataframe]
    for table in parsed.tables:
        assert any(len(f) == len(table.rows) and list(f.iloc[0])[:len(table.rows[0])] == list(table.rows[0])
                   for f in frames), table.id


@pytest.mark.slow
def test_the_evaluation_page_runs_a_set_and_shows_each_questions_result(page):
    page.switch_page("views/evaluations.py").run()
    page.selectbox(key="eval-set").select("report-paraphrase.jsonl").run()
    page.button(key="run-eval").click().run()
    assert not page.exception and not page.error
    assert [m.label for m in page.metric][0] == "accuracy"
    assert page.image, "the runner's chart of accuracy by category"
    rows = page.dataframe[0].value
    assert len(rows) == 32 and {"passed", "question", "answer", "citations"} <= set(rows.columns)


def test_a_malformed_uploaded_set_gets_a_one_line_message(page):
    page.switch_page("views/evaluations.py").run()
    page.selectbox(key="eval-set").select("Upload a set…").run()
    page.file_uploader(key="eval-upload").set_value(("broken set.jsonl", b"{not json\n", "application/json")).run()
    page.button(key="run-eval").click().run()
    assert not page.exception
    assert page.error[0].value.startswith("This set cannot be run: broken-set.jsonl, line 1: not valid JSON")
