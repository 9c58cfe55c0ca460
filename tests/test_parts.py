"""A question asking two things in turn is answered a part at a time, in one answer with one citation numbering."""
from __future__ import annotations

import re

import pytest

from assistant.parts import question_parts
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
