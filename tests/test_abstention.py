"""With several reports in one library, what a question pins down (a place, a year, a cohort, a named
person, the people quoted) must be in the passage the answer cites: a word some other report has is not
enough. Two small generated reports; every expectation below was written by hand from their text."""
from __future__ import annotations

import json

import pytest
from conftest import gold

from assistant.answer import Assistant
from evals.metrics import contains_token
from assistant.library import Library
from ingest.pipeline import ingest
from ingest.settings import Settings

HIGHLAND = """Introduction

This review looked at the digital workforce of health boards in the north.

Findings

In Scotland, the digital workforce is expected to grow to 4,200 staff by 2030. Most of the growth will be in data engineering roles.

Salary bands for data engineering roles were agreed for 2023/24.

Staff told us how the new rota system changed their working week. Jane Wheeler, director of care, said: ‘The new rota system has given every ward back an hour each day.’
"""

RIVERSIDE = """Introduction

This engagement asked patients in the south how their records should be shared. Our partner trusts in Wales were not surveyed.

Findings

In England, the digital workforce is expected to grow to 61,000 staff by 2030.

Consent choices are the focus of cohort 3 of this study, so they were not explored further here. The review will be repeated in 2040.
"""


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory) -> Assistant:
    corpus = tmp_path_factory.mktemp("pinned")
    for name, text, title in (("highland", HIGHLAND, "Highland digital workforce review"),
                              ("riverside", RIVERSIDE, "Riverside engagement: Cohort 2 report")):
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
        (corpus / f"{name}.meta.json").write_text(json.dumps({"title": title, "publisher": "Test Trust", "year": 2024}))
    settings = Settings.from_env(home=tmp_path_factory.mktemp("pinned-store"), chroma_url="")
    report = ingest([corpus], settings)
    assert report.sources == 2 and not report.errors
    return Assistant(Library.open(settings))


def test_a_place_the_cited_passage_names_is_answered_from_that_report(two_reports):
    answer = two_reports.ask("What is the projected size of the digital workforce in Scotland by 2030?")
    assert not answer.abstained and "4,200" in answer.answer
    assert {c.source for c in answer.citations} == {"highland"}


@pytest.mark.parametrize("question", [
    "What is the projected size of the digital workforce in Wales by 2030?",  # Wales: only in the other report
    "What is the projected size of the digital workforce in Scotland by 2040?",  # 2040: only in the other report
    "What did cohort 3 conclude about consent choices?",  # the report is cohort 2's; cohort 3 is only its plan
    "What is the average annual salary of a data engineer?",  # salary bands agreed for 2023/24: a year, no salary
])
def test_a_place_year_or_cohort_no_cited_passage_names_abstains(two_reports, question):
    answer = two_reports.ask(question)
    assert answer.abstained and answer.answer.startswith("The report does not cover this")


def test_a_quote_asked_of_a_named_person_is_theirs(two_reports):
    answer = two_reports.ask("Quote what Jane Wheeler said about the rota.")
    assert not answer.abstained and answer.quotes
    assert "given every ward back an hour each day" in answer.quotes[0].text


@pytest.mark.parametrize("question", [
    "Quote what a ward nurse said about the rota.",  # the only quote is a director's
    "Quote what James Freed said about the rota.",  # nobody of that name in either report
])
def test_a_quote_asked_of_people_no_report_quotes_abstains(two_reports, question):
    answer = two_reports.ask(question)
    assert answer.abstained and not answer.quotes


# Questions from the real reports' hand-written gold (../shared/reports/gold/REPORT/questions.jsonl), asked of
# a library holding all five: a quote naming a person, a role or what was said gets that speaker's quote.
NAMED_SPEAKERS = [("tphc-digital-impact-2023-24", "T11"), ("tphc-digital-impact-2023-24", "T13"),
                  ("nhse-engagement-cohort2-2025", "EN16")]
# ... and a place, a year, a cohort or a speaker only another passage or report has abstains.
PINNED_ELSEWHERE = [("hee-data-driven-2030-full", "HF21"), ("hee-data-driven-2030-full", "HF23"),
                    ("hee-data-driven-2030-full", "HF24"), ("hee-data-driven-2030-summary", "HE19"),
                    ("nhse-engagement-cohort2-2025", "EN21"), ("nhse-engagement-cohort2-2025", "EN23"),
                    ("tphc-digital-impact-2023-24", "T14")]


def gold_question(report: str, question_id: str) -> dict:
    return next(q for q in gold(report, "questions.jsonl") if q["id"] == question_id)


@pytest.fixture(scope="module")
def real_assistant(real_library) -> Assistant:
    return Assistant(real_library)


@pytest.mark.parametrize("report, question_id", NAMED_SPEAKERS)
def test_a_quote_question_naming_a_person_or_what_they_said_gets_their_quote(real_assistant, report, question_id):
    item = gold_question(report, question_id)
    answer = real_assistant.ask(item["question"])
    assert not answer.abstained and answer.route == "quote"
    assert all(contains_token(answer.answer, want) for want in item["must_contain"])


def test_a_quote_asked_of_people_from_a_place_is_one_whose_attribution_names_it(real_assistant):
    """The engagement report prints its attributions as place, sex and workshop; gold quotes.jsonl lists them."""
    portsmouth = {q["text"] for q in gold("nhse-engagement-cohort2-2025", "quotes.jsonl") if q["speaker"].startswith("Portsmouth")}
    answer = real_assistant.ask("What did a participant from Portsmouth say about trust?")
    assert not answer.abstained and answer.quotes
    assert all(quote.speaker.startswith("Portsmouth") for quote in answer.quotes)
    assert "It’s the people I don’t trust, not the system." in {quote.text for quote in answer.quotes} & portsmouth


def test_a_place_with_its_compass_part_is_pinned_whole(real_assistant):
    """T03 asks of north central London's GP practices; no report names south east London."""
    item = gold_question("tphc-digital-impact-2023-24", "T03")
    answer = real_assistant.ask(item["question"])
    assert not answer.abstained and all(contains_token(answer.answer, want) for want in item["must_contain"])
    assert real_assistant.ask(item["question"].replace("north central London", "south east London")).abstained


def test_an_acronym_a_table_row_writes_out_in_capitals_is_named_there(real_assistant):
    """AX03 asks of 'the responding CSUs'; Table 1's row prints 'Commissioning Support Unit'."""
    item = gold_question("analystx-workforce-2022", "AX03")
    answer = real_assistant.ask(item["question"])
    assert not answer.abstained and all(contains_token(answer.answer, want) for want in item["must_contain"])


@pytest.mark.parametrize("report, question_id", PINNED_ELSEWHERE)
def test_a_real_question_pinned_to_what_no_cited_passage_says_abstains(real_assistant, report, question_id):
    item = gold_question(report, question_id)
    assert item["abstain"]
    assert real_assistant.ask(item["question"]).abstained
