"""The table-or-text choice: the shipped model is what its rows fit, the rows are what the code gathers today
from the reports the suite holds, and a fact asked without figure words is answered from the row that holds it."""
from __future__ import annotations

import pytest

from assistant.answer import Assistant
from assistant.library import Library
from assistant.table_or_text import MODEL, shipped
from evals.table_or_text import fitted_choice, gather, read_rows
from small_stores import cli_store

STATEMENT = """# Income taxes

|  | Year Ended December 31, |  |
|---|---|---|
|  | 2019 | 2018 |
| Current income tax expense (benefit): |  |  |
| Federal | $5 | $4 |
| State | 10 | 5 |
| Deferred income tax expense (benefit): |  |  |
| Federal | 4,206 | 4,860 |
| State | (11,346) | 665 |
| Income tax expense (benefit) | $(7,125) | $5,534 |

The Company recorded an income tax benefit in 2019, mainly from the release of state valuation allowances.
Its effective tax rate differs from the federal statutory rate because of state taxes and tax credits.
"""


def test_the_shipped_choice_is_what_its_gathered_rows_fit():
    assert fitted_choice(read_rows()).to_json() == MODEL.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_gathered_rows_are_what_the_code_gathers_today_from_the_reports(real_reports, library, settings):
    """The rows of TAT-QA's tables are not gathered again here (its store takes minutes to build); the
    features are the same code for every row, so a change to them shows on the reports' rows. Chroma's
    nearest-neighbour index is approximate and built afresh for the suite, so a sentence candidate may come or
    go between two builds: a closeness may move by a little (0.0073 seen) and, rarely, an answer with it."""
    shipped_rows = {(r.set, r.id): r for r in read_rows() if r.set != "tatqa"}
    today = gather({"kingsfund": str(settings.home), "reports": str(real_reports.home)})
    assert {(r.set, r.id) for r in today} == set(shipped_rows)
    judged_otherwise = [r.id for r in today if (r.table_right, r.text_right) != (
        shipped_rows[(r.set, r.id)].table_right, shipped_rows[(r.set, r.id)].text_right)]
    assert len(judged_otherwise) <= len(today) // 50, judged_otherwise
    for row in today:
        assert row.values == pytest.approx(shipped_rows[(row.set, row.id)].values, abs=0.02), row.id


def test_a_fact_asked_without_figure_words_is_answered_from_the_row_that_prints_it(tmp_path):
    settings, _ = cli_store(tmp_path, {"taxes.md": STATEMENT})
    answer = Assistant(Library.open(settings)).ask("What was the Federal deferred income tax expense in 2019?")
    assert answer.route == "figure" and "4,206" in answer.answer
    assert shipped().classes == ("text", "table")


SUPPORT = """# Support for clinical leaders

Most directors met their chief executive officer (CEO) at least once a month. Directors said support for
leaders varied between trusts.

Table 1: Support received by directors

| Support | Number | Percentage |
|---|---|---|
| Discussions with CEO | 41 | 65.1 |
| Mentoring | 12 | 19.0 |
| Coaching | 9 | 14.3 |
"""


def test_the_choice_reads_a_row_named_in_other_words_as_missing_nothing_and_a_word_the_report_uses_as_missing(tmp_path):
    """'chief executive' is the row's 'CEO' (the report spells it out); 'regular' is a word the report never
    uses, so it says nothing against the row; 'month' is the report's, and the row and its table lack it."""
    settings, _ = cli_store(tmp_path, {"support.md": SUPPORT})
    assistant = Assistant(Library.open(settings))
    in_other_words, *_ = assistant.table_or_text_answers(
        "How many directors had regular discussions with their chief executive as support?")
    assert in_other_words["row_misses"] == 0.0 and in_other_words["asks_figure"] == 1.0
    elsewhere, *_ = assistant.table_or_text_answers("How many directors had discussions with the CEO each month?")
    assert 0.0 < elsewhere["row_misses"] < 1.0
