"""A question asking two things in turn is answered a part at a time, in one answer with one citation numbering."""
from __future__ import annotations

import re

import pytest

from assistant.parts import joined, question_parts
from assistant.render import answer_to_dict
from evals.metrics import contains_token


@pytest.mark.parametrize("question, parts", [
    ("When was the survey sent out, and how long did the phone interviews take?",
     ["When was the survey sent out?", "How long did the phone interviews take?"]),
    ("What are the main findings and what does the report recommend",
     ["What are the main findings?", "What does the report recommend?"]),
    ("How many medical and clinical directors answered?", None),  # 'and' joins two groups of one question
    ("How many and which directors got coaching?", None),
    ("In a medical director's words, how quickly and how severely will the money problems be felt?", None),
    ("What did they say and why?", None),
])
def test_a_question_is_cut_where_a_second_question_begins(question, parts):
    assert question_parts(question) == (parts or [question])


def test_each_part_is_answered_and_cited_with_one_numbering(assistant):
    answer = answer_to_dict(assistant.ask("When was the survey sent out, and how long did the phone interviews take?"))
    assert contains_token(answer["answer"], "November 2009") and contains_token(answer["answer"], "20 minutes")
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
    assert markers == set(range(1, len(answer["citations"]) + 1)) and not answer["abstained"]
    assert any(n.startswith("Answered in parts") for n in answer["notices"])


def test_a_part_pointing_back_into_the_one_before_is_answered_with_it(assistant):
    """'..., and what share of respondents is that?': one table row gives both; read alone the second part
    has nothing to ask of."""
    answer = answer_to_dict(assistant.ask("Taking both groups together, how many people had attended a benchmarking "
                                          "workshop, and what share of respondents is that?"))
    assert contains_token(answer["answer"], "18") and contains_token(answer["answer"], "17.1")
    assert not any(n.startswith("Answered in parts") for n in answer["notices"])


def test_a_sentence_two_parts_are_answered_from_is_shown_once():
    text = joined([("One sentence. [1] A quote, “words” — a juror [1][2]", False), ("One sentence. [1] Another. [3]", False)])
    assert text.count("One sentence. [1]") == 1 and text.endswith("Another. [3]")
    assert joined([("• item [1]\n• item [2]", False)]) == "• item [1]\n• item [2]"  # one part: as it is


def test_parts_about_one_group_are_both_answered(assistant):
    """The second part names the group again: it is a question of its own, not a follow-up to fold into the first."""
    answer = answer_to_dict(assistant.ask("How many clinical directors got coaching, and how many clinical directors "
                                          "got mentoring?"))
    assert contains_token(answer["answer"], "7") and contains_token(answer["answer"], "5")


def test_a_part_the_report_does_not_answer_says_so_beside_the_part_it_does(assistant):
    answer = answer_to_dict(assistant.ask("When was the survey sent out, and what did respondents say about Brexit?"))
    assert contains_token(answer["answer"], "November 2009") and not answer["abstained"]
    assert "On the second part of the question: The report does not cover this" in answer["answer"]
    assert "Answered in parts: “When was the survey sent out?” “What did respondents say about Brexit?”" in answer["notices"]
