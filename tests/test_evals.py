"""Evaluation sets validate on load, the scoring can fail, and the gold set gates CI."""
from __future__ import annotations

import dataclasses
import json
import re

import pytest

from assistant.answer import Assistant
from evals.metrics import contains_token
from evals.runner import corpus_text, run_set
from evals.sets import SETS_DIR, EvalSetError, load_set
from ui.cli import main

GOLD = SETS_DIR / "report-gold.jsonl"
PARAPHRASE = SETS_DIR / "report-paraphrase.jsonl"
# The CI gate on the gold set (see README): the levels the evaluation issue asks for.
GATE = {"accuracy": 0.95, "figure_exactness": 1.0, "unsupported_number_rate": 0.0, "verbatim_quote_rate": 1.0,
        "abstention_recall": 0.9, "abstention_precision": 0.9}
# The sets not tuned on keep their measured levels less a question or two, so a change that only
# helps the gold set shows here (README gives the measured numbers).
UNTUNED_FLOORS = {"report-paraphrase.jsonl": 0.84, "report-heldout.jsonl": 0.79}
FOLLOW_UPS = SETS_DIR / "followup-kingsfund.jsonl"
FOLLOW_UP_FLOOR = 0.9  # the target for follow-up turns; the set was written, and read while building, by its author


def test_the_gold_sets_are_valid_and_cover_every_category(assistant):
    corpus = corpus_text(assistant)
    gold = load_set(GOLD, corpus)
    assert len(gold) >= 80 and sum(i.category == "unanswerable" for i in gold) >= 10
    assert {i.category for i in gold} == {"figure", "quote", "fact", "comparison", "method", "unanswerable"}
    assert {i.table for i in gold if i.table} == {"Table 1", "Table 2", "Table 3", "Table 4"}
    assert 20 <= len(load_set(PARAPHRASE, corpus)) < len(gold)


@pytest.mark.parametrize("line, message", [
    ("{not json", "line 2: not valid JSON"),
    ('{"id": "x", "category": "figure", "question": "q", "must_contain": [], "evidence": "", "abstain": false, "colour": 1}',
     "line 2: unknown field(s) colour"),
    ('{"id": "x", "category": "guess", "question": "q", "must_contain": [], "evidence": "", "abstain": false}',
     "line 2: unknown category 'guess'"),
    ('{"id": "x", "category": "fact", "question": "q", "must_contain": [], "evidence": "words nowhere in it", "abstain": false}',
     "line 2: evidence is not in the corpus"),
])
def test_a_malformed_set_is_refused_naming_the_line(tmp_path, line, message):
    good = '{"id": "ok", "category": "fact", "question": "q", "must_contain": [], "evidence": "", "abstain": false}'
    path = tmp_path / "set.jsonl"
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match=re.escape(message)):
        load_set(path, "the corpus text")


def test_expected_strings_match_whole_tokens_only():
    assert contains_token("Clinical director: 7 (number)", "7")
    assert not contains_token("Clinical director: 17 (number)", "7")
    assert not contains_token("share 7.4 per cent", "7")
    assert contains_token("They said ‘as equals’.", "'as equals'")


class WrongAssistant(Assistant):
    """Answers badly on purpose: shifted numbers, an invented quote, answering what it should not,
    abstaining on every third question it could answer, and useless passages."""

    def ask(self, question, k=5, source="", mode=""):
        answer = super().ask(question, k, source)
        shifted = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), answer.answer)
        abstained = not answer.abstained and len(question) % 3 == 0
        return dataclasses.replace(answer, abstained=abstained,
                                   answer=shifted + " One director said “we invented this quote entirely”.")

    def retrieve(self, question, k=10, source=""):
        return super().retrieve("weather in the alps", k, source)


def test_a_deliberately_wrong_answerer_scores_worse_on_every_metric(library, assistant):
    good = run_set(assistant, PARAPHRASE)["metrics"]
    bad = run_set(WrongAssistant(library), PARAPHRASE)["metrics"]
    assert bad["accuracy"] < good["accuracy"]
    assert bad["figure_exactness"] < good["figure_exactness"]
    assert bad["evidence_recall_at_5"] < good["evidence_recall_at_5"]
    assert bad["verbatim_quote_rate"] < good["verbatim_quote_rate"]
    assert bad["unsupported_number_rate"] > good["unsupported_number_rate"]
    assert bad["abstention_recall"] < good["abstention_recall"]
    assert bad["abstention_precision"] < good["abstention_precision"]


def test_the_gold_set_passes_the_ci_gate_and_writes_its_three_files(settings, ingested, tmp_path, capsys):
    limits = [f"{name}={value}" for name, value in GATE.items()]
    args = ["--home", str(settings.home), "eval", "--set", str(GOLD), "--out", str(tmp_path)]
    code = main(args + [x for limit in limits for x in ("--min", limit)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "| accuracy |" in out.out
    assert {p.name for p in tmp_path.iterdir()} == {"results.json", "report.md", "accuracy.png"}
    results = json.loads((tmp_path / "results.json").read_text())
    assert results[0]["metrics"]["questions"] == len(load_set(GOLD))


def test_an_unmet_threshold_fails_the_run_with_a_message(settings, ingested, capsys):
    code = main(["--home", str(settings.home), "eval", "--set", str(PARAPHRASE), "--min", "accuracy=1.01"])
    assert code == 1 and "below threshold: report-paraphrase.jsonl: accuracy" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(UNTUNED_FLOORS))
def test_the_sets_not_tuned_on_keep_their_accuracy(assistant, name):
    metrics = run_set(assistant, SETS_DIR / name)["metrics"]
    assert metrics["accuracy"] >= UNTUNED_FLOORS[name]
    assert metrics["unsupported_number_rate"] == 0.0 and metrics["verbatim_quote_rate"] == 1.0


def test_the_follow_up_set_is_valid_and_made_of_conversations_of_two_or_three_turns(assistant):
    items = load_set(FOLLOW_UPS, corpus_text(assistant))
    conversations: dict[str, int] = {}
    for item in items:
        conversations[item.conversation] = conversations.get(item.conversation, 0) + 1
    assert "" not in conversations and len(conversations) >= 25
    assert set(conversations.values()) <= {2, 3}


def test_follow_up_turns_are_scored_turn_by_turn_read_against_the_turn_before(assistant, tmp_path):
    first = {"id": "t1", "conversation": "c", "category": "figure", "question": "How many medical directors received coaching?",
             "must_contain": ["8"], "evidence": "", "abstain": False}
    second = {**first, "id": "t2", "question": "And clinical directors?", "must_contain": ["7"]}
    alone = {**second, "id": "t3", "conversation": ""}
    path = tmp_path / "turns.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (first, second, alone)) + "\n", encoding="utf-8")
    result = run_set(assistant, path)
    rows = {q["id"]: q for q in result["questions"]}
    assert rows["t2"]["read_as"] == "How many clinical directors received coaching?" and rows["t2"]["passed"]
    assert rows["t3"]["read_as"] == "And clinical directors?"
    assert result["metrics"]["follow_ups"] == 1 and result["metrics"]["follow_up_accuracy"] == 1.0


def test_the_follow_up_set_keeps_its_follow_up_accuracy(assistant):
    metrics = run_set(assistant, FOLLOW_UPS)["metrics"]
    assert metrics["follow_up_accuracy"] >= FOLLOW_UP_FLOOR
    assert metrics["unsupported_number_rate"] == 0.0 and metrics["verbatim_quote_rate"] == 1.0


def test_the_latency_benchmark_prints_a_table_of_questions_alone_and_in_conversations(settings, ingested, capsys):
    from evals.latency import main as latency

    assert latency(["--home", str(settings.home), "--turns", "3", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "| alone |" in out and "| in a 3-turn conversation |" in out  # times are printed, never asserted
