"""With several reports in one store, citations name the right report and a source filter holds."""
from __future__ import annotations

import json

import pytest

from ui.cli import main

COACHING_QUESTION = "How many clinical directors got coaching?"


@pytest.fixture(scope="module")
def surveys(two_surveys):
    from assistant.answer import Assistant
    from assistant.library import Library

    return Assistant(Library.open(two_surveys))


def test_a_question_only_one_report_answers_cites_only_that_report(surveys):
    answer = surveys.ask("What did ward managers say about night shift rotas?")
    assert not answer.abstained and answer.citations
    assert {(c.source, c.title) for c in answer.citations} == {("southern", "Southern ward survey")}


@pytest.mark.parametrize("source, value", [("northern", "4"), ("southern", "11")])
def test_a_figure_asked_of_one_source_comes_from_that_sources_table(surveys, source, value):
    answer = surveys.ask(COACHING_QUESTION, source=source)
    assert answer.route == "figure"
    assert [(f.figure.source, f.figure.value) for f in answer.figures] == [(source, value)]
    assert {c.source for c in answer.citations} == {source}


def test_a_source_filter_keeps_other_reports_out_of_a_prose_answer(surveys):
    answer = surveys.ask("What was the first concern of ward managers?", source="northern")
    assert answer.citations and {c.source for c in answer.citations} == {"northern"}
    assert "Budgets" in answer.answer and "rota" not in answer.answer


def test_ask_source_on_the_command_line_filters_and_names_unknown_sources(two_surveys, capsys):
    home = str(two_surveys.home)
    assert main(["--home", home, "ask", "--json", "--source", "southern", COACHING_QUESTION]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [f["value"] for f in result["figures"]] == ["11"]
    assert {c["source"] for c in result["citations"]} == {"southern"}
    assert main(["--home", home, "ask", "--source", "western", COACHING_QUESTION]) == 2
    error = capsys.readouterr().err.strip()
    assert error == "citebrief: no source 'western' in the store; sources: northern, southern"
