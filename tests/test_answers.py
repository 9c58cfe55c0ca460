"""Questions get exact figures, verbatim quotes or cited sentences, and unanswerable ones abstain."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.lexicon import COMPUTED_SENTENCE
from assistant.render import answer_to_dict
from assistant.verify import unprinted_numbers
from evals.metrics import contains_token
from ui.cli import main

ASKED: list[dict] = []


def ask(assistant, question: str) -> dict:
    answer = answer_to_dict(assistant.ask(question))
    ASKED.append(answer)
    return answer


@pytest.mark.parametrize("question, value, table", [
    ("How many clinical directors got coaching?", "7", "Table 1"),
    ("What share wanted mentoring but weren't getting it?", "25.3", "Table 2"),
    ("How many answered the question on support received?", "105", "Table 1"),
    ("What percentage of clinical directors are confident using financial data to inform decisions?", "34.92", "Table 3"),
    ("How many medical directors are confident in their negotiation skills?", "30", "Table 4"),
])
def test_figure_questions_in_paraphrase_return_the_exact_printed_cell(assistant, question, value, table):
    answer = ask(assistant, question)
    assert answer["route"] == "figure" and not answer["abstained"]
    assert any(f["value"] == value and f["table"] == table for f in answer["figures"])
    assert contains_token(answer["answer"], value)


def test_a_comparison_gives_both_groups_and_labels_the_difference_as_computed(assistant):
    answer = ask(assistant, "Did more medical or clinical directors receive budgeting workshops?")
    values = {(f["group"], f["value"]) for f in answer["figures"]}
    assert {("Medical director", "17"), ("Clinical director", "13")} <= values
    assert COMPUTED_SENTENCE.search(answer["answer"])


def test_a_ranking_question_returns_the_top_ranked_rows_of_the_group(assistant):
    answer = ask(assistant, "Which skill were clinical directors most confident in?")
    assert {f["rank"] for f in answer["figures"]} == {1}
    assert {f["group"] for f in answer["figures"]} == {"Clinical directors"}
    assert "93.55" in {f["value"] for f in answer["figures"]}


def test_a_figure_the_prose_rounds_is_given_from_the_table_with_the_rounding_noted(assistant):
    answer = ask(assistant, "What share of clinical directors have a firm understanding of how to use financial data?")
    assert "34.92" in answer["answer"] and "35 per cent" in answer["answer"] and "rounded" in answer["answer"]


def test_quote_answers_are_verbatim_and_respect_the_speaker_named(assistant, library):
    answer = ask(assistant, "Give me a quote from a clinical director about time")
    text = library.parsed[0].source.text
    assert answer["quotes"] and all(q["speaker"] == "clinical director" for q in answer["quotes"])
    for quote in answer["quotes"]:
        assert quote["text"] in text and f"“{quote['text']}”" in answer["answer"]


def test_general_answers_cite_every_sentence(assistant):
    answer = ask(assistant, "Why do clinicians say they need protected time?")
    assert not answer["abstained"]
    sentences = [s for s in re.split(r"(?<=\])\s+", answer["answer"]) if s.strip()]
    assert sentences and all(re.search(r"\[\d+\]$", s.strip()) for s in sentences)
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
    assert numbers <= {c["n"] for c in answer["citations"]}


@pytest.mark.parametrize("question", [
    "What were the salaries of medical directors in 2015?",
    "How did medical directors in Scotland answer the survey?",
    "What do nurses think about leadership development?",  # the four kinds, in words of our own
    "What did Guy's and St Thomas' trust say about budgets?",
    "How much are clinical directors paid?",
    "What share of the directors who replied came from mental health trusts?",
])
def test_questions_the_report_does_not_answer_abstain_with_closest_passages(assistant, question):
    answer = ask(assistant, question)
    assert answer["abstained"] and answer["route"] == "out_of_scope"
    assert "does not cover" in answer["answer"] and "not an answer" in answer["answer"]


def test_an_empty_question_gets_a_clear_message_not_an_error(assistant):
    answer = ask(assistant, "   \x00  ")
    assert answer["route"] == "invalid" and answer["answer"] == "Please type a question."


def test_every_number_in_every_answer_above_is_in_a_cited_passage_or_figure():
    assert ASKED, "runs after the other tests of this module"
    for answer in (a for a in ASKED if not a["abstained"]):  # an abstention states no figures
        text = re.sub(r"\[\d+\]", " ", COMPUTED_SENTENCE.sub(" ", answer["answer"]))
        support = " ".join(c["text"] for c in answer["citations"]) + " " + " ".join(f["value"] for f in answer["figures"])
        assert not unprinted_numbers(text, support), answer["question"]


def test_ask_json_and_jsonl_follow_the_documented_contract(settings, ingested, capsys, monkeypatch):
    assert main(["--home", str(settings.home), "ask", "--json", "How many clinical directors got coaching?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert {"question", "answer", "abstained", "citations", "figures", "quotes", "timings_ms"} <= set(answer)
    assert {"n", "source", "title", "section", "page", "kind", "text", "start", "end"} <= set(answer["citations"][0])
    assert {"table", "row", "group", "measure", "value", "base"} <= set(answer["figures"][0])
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("How many answered?\n\nWhat is coaching?\n"))
    assert main(["--home", str(settings.home), "ask", "--jsonl"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and all("timings_ms" in json.loads(line) for line in lines)


def test_a_reader_that_stops_reading_gets_no_traceback(settings, ingested):
    """`citebrief audit | head -1`: the pipe is closed before citebrief writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([str(Path(sys.executable).with_name("citebrief")), "--home", str(settings.home), "audit"],
                              stdout=write_end, stderr=subprocess.PIPE, timeout=300)
    finally:
        os.close(write_end)
    assert done.returncode == 141 and b"Traceback" not in done.stderr and b"Exception" not in done.stderr


def test_a_cited_sentence_gives_the_page_it_is_printed_on_not_its_passages_range(real_library):
    from assistant.answer import Assistant

    # TPHC impact report: "Almost 90% of care homes are now compliant ..." is printed on page 6; the passage
    # holding it runs on to page 7.
    answer = answer_to_dict(Assistant(real_library).ask(
        "What proportion of north west London care homes are now compliant with national data security standards?"))
    cited = [c for c in answer["citations"] if "Almost 90% of care homes" in c["text"]]
    assert cited and all((c["page_label"], c["page"], c["page_pdf"]) == ("6", 6, 6) for c in cited)
