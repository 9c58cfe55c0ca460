"""The chat page and its companion pages, driven by Streamlit's AppTest against the real store."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from ui import export

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
    label = page.main.expander[0].label
    assert label.startswith(r"\[1\] Leadership needs, Current and future support: “Table 1 (Types of support")
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


def test_a_quote_added_to_the_briefing_is_exported_as_markdown_and_word_with_its_reference(page, settings):
    ask(page, QUOTE_QUESTION)
    add = buttons(page, "add-quote-")[0]
    add.click().run()
    assert buttons(page, "add-quote-")[0].label == "In briefing ✓"
    page.switch_page("views/briefing.py").run()
    items = page.session_state["briefing"]
    quote = items[0].text
    markdown = page.code[0].value  # the preview shows exactly what "Download Markdown" saves
    assert quote[:60] in markdown and "Leadership needs. The King's Fund, 2010." in markdown
    assert "Question asked" not in markdown, "a briefing, not a log of the questions"
    assert {b.key for b in page.download_button} == {"export-md", "export-docx"}
    word = docx.Document(io.BytesIO(export.to_docx(items, export.Document("B", "A", datetime.now()))))
    text = "\n".join(p.text for p in word.paragraphs)
    from ingest.store import Store

    held = [q for q in Store(settings).load_source(items[0].source).quotes if q.text == quote]
    assert held and items[0].section == held[0].section  # the section the report prints the quote in, as stored
    assert quote in text and f"Section “{items[0].section}”" in text


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


def reports(page: AppTest) -> AppTest:
    page.switch_page("views/reports.py").run()
    assert not page.exception and not page.error
    return page


def test_the_reports_page_shows_ranked_groups_side_by_side_lined_up_by_rank(page):
    frames = [d.value for d in reports(page).tabs[0].dataframe]
    table_3 = frames[2]  # Table 3 as the report prints it: two groups side by side, ranked 1 to 10, then averages
    md, cd = "Medical directors (n=44)", "Clinical directors (n=63)"
    assert list(table_3.columns) == [(md, "Statement"), (md, "Number"), (md, "Percentage"),
                                     (cd, "Statement"), (cd, "Number"), (cd, "Percentage")]
    assert list(table_3.index) == [str(n) for n in range(1, 11)] + [""]
    assert table_3.loc["1"].tolist() == [
        "I am confident in my ability to use quantitative information to improve clinical outcomes", "40", "90.91",
        "I use benchmarking and best practices to improve safety", "43", "68.25"]
    assert table_3.loc["10"].tolist() == [
        "I can draft persuasive business plans", "19", "43.18",
        "I have a firm understanding of how to use financial data to inform decisions", "22", "34.92"]
    assert table_3.iloc[-1].tolist() == ["Average", "", "63.64", "Average", "", "49.05"]
    assert frames[3].shape == (7, 6), "Table 4: six ranks and the averages, each group's three columns"


def test_the_reports_page_puts_summary_rows_values_under_the_total_column(page):
    table_1 = reports(page).tabs[0].dataframe[0].value
    assert list(table_1.columns) == ["Row", "Medical director", "Clinical director", "Number of responses",
                                     "Responses (percentage)"]
    assert len(table_1) == 16, "every printed row"
    summary = table_1.set_index("Row").loc[["Other (please specify)", "Answered question", "Skipped question"]]
    assert summary.values.tolist() == [["", "", "21", ""], ["", "", "105", ""], ["", "", "3", ""]]
    assert table_1.set_index("Row").loc["Coaching"].tolist() == ["8", "7", "15", "14.3"]


def test_the_sections_tab_lists_each_heading_and_opens_its_text(page, settings):
    """The tab lists every section ingest stored, in order, each with its path; which headings those are is the
    structure tests' concern (tests/test_layout_real_reports.py, the King's Fund gold in evals/gold)."""
    from ingest.store import Store
    from ui.markup import escape
    from ui.views.reports import section_label

    stored = Store(settings).load_source("kings-fund-2010-leadership-needs")
    sections = reports(page).tabs[1]
    assert [e.label for e in sections.expander] == [escape(section_label(s)) for s in stored.sections]
    assert {"Introduction", "Findings", "What needs to change?"} <= {s.heading for s in stored.sections}
    change = next(e for e in sections.expander if e.label == "What needs to change?")
    assert "The two factors that stood out were:" in change.markdown[0].value


def added_figure(page: AppTest) -> AppTest:
    ask(page, "How many clinical directors got coaching?")
    buttons(page, "add-figure-")[0].click().run()
    return page


def test_a_briefing_and_conversation_come_back_in_a_new_session_from_the_address(page, settings, monkeypatch):
    added_figure(page)
    address = dict(page.query_params)
    assert set(address) == {"briefing", "conversation"}
    later = AppTest.from_file(APP, default_timeout=180)
    later.query_params.update({k: v[0] if isinstance(v, list) else v for k, v in address.items()})
    later.run()
    assert [i.kind for i in later.session_state["briefing"]] == ["figure"]
    assert later.chat_message[0].markdown[0].value == "How many clinical directors got coaching?"


def test_an_address_naming_a_deleted_briefing_says_so_and_starts_a_new_one(settings, ingested, monkeypatch):
    monkeypatch.setenv("CITEBRIEF_HOME", str(settings.home))
    page = AppTest.from_file(APP, default_timeout=180)
    page.query_params["briefing"] = "0000deleted0"
    page.run()
    assert not page.exception and page.session_state["briefing"] == ()
    assert page.info[0].value == "The briefing this address names has been deleted; a new one is started."
    assert "briefing" not in page.query_params


def test_another_session_starts_with_an_empty_basket_and_conversation(page):
    added_figure(page)
    other = AppTest.from_file(APP, default_timeout=180).run()
    assert not other.chat_message and not other.session_state["briefing"]


def test_clearing_the_briefing_asks_first_and_can_be_undone_until_the_page_is_left(page):
    added_figure(page).switch_page("views/briefing.py").run()
    page.button(key="clear-briefing").click().run()
    assert page.session_state["briefing"], "nothing is cleared before the user confirms"
    assert page.warning[0].value.startswith("Remove 1 item from this briefing?")
    page.button(key="confirm-clear-yes").click().run()
    assert page.session_state["briefing"] == ()
    page.button(key="undo-clear").click().run()
    assert [i.kind for i in page.session_state["briefing"]] == ["figure"]
    page.button(key="clear-briefing").click().run()
    page.button(key="confirm-clear-yes").click().run()
    page.switch_page("views/chat.py").run()
    page.switch_page("views/briefing.py").run()
    assert not [b for b in page.button if b.key == "undo-clear"], "undo ends when the page is left"


def test_a_briefing_is_renamed_listed_opened_and_deleted_on_its_page(page):
    added_figure(page).switch_page("views/briefing.py").run()
    first = page.session_state["briefing-id"]
    page.text_input(key="title-field").input("Coaching for directors").run()
    page.text_input(key="author-field").input("Jane Smith").run()
    page.button(key="new-briefing").click().run()
    assert page.session_state["briefing"] == () and "briefing-id" not in page.session_state
    page.button(key=f"open-{first}").click().run()
    assert page.title[0].value == "Coaching for directors" and page.session_state["briefing-author"] == "Jane Smith"
    page.button(key=f"delete-{first}").click().run()
    assert page.session_state["briefing-id"] == first, "nothing is deleted before the user confirms"
    page.button(key=f"delete-yes-{first}").click().run()
    assert "briefing-id" not in page.session_state and not [b for b in page.button if b.key == f"open-{first}"]


@pytest.mark.slow
def test_the_evaluation_page_runs_a_set_and_shows_each_questions_result(page):
    page.switch_page("views/evaluations.py").run()
    page.selectbox(key="eval-set").select("report-paraphrase.jsonl").run()
    page.button(key="run-eval").click().run()
    assert not page.exception and not page.error
    assert [m.label for m in page.metric][0] == "Answered correctly"
    assert page.image, "the runner's chart of accuracy by category"
    assert "say nothing about how well citebrief answers from another report" in page.info[0].value
    per_report = page.dataframe[0].value.to_dict("records")
    assert [(r["report"], r["set"], r["questions"]) for r in per_report] == [
        ("Leadership needs", "report-paraphrase.jsonl", 32)]
    rows = page.dataframe[1].value
    assert len(rows) == 32 and {"passed", "question", "answer", "citations"} <= set(rows.columns)


def test_a_malformed_uploaded_set_gets_a_one_line_message(page):
    page.switch_page("views/evaluations.py").run()
    page.selectbox(key="eval-set").select("Upload a set…").run()
    page.file_uploader(key="eval-upload").set_value(("broken set.jsonl", b"{not json\n", "application/json")).run()
    page.button(key="run-eval").click().run()
    assert not page.exception
    assert page.error[0].value.startswith("This set cannot be run: broken-set.jsonl, line 1: not valid JSON")
