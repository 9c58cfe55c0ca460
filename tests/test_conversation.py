"""A conversation, not a lookup: follow-ups read against the turn before, on the real King's Fund report,
through Assistant.ask, `citebrief ask --jsonl` and `citebrief chat`. Expected values are typed from the
report's tables and text (see evals/sets/followup-kingsfund.jsonl for more)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.conversation import Conversation
from assistant.render import answer_to_dict
from evals.metrics import contains_token

CITEBRIEF = str(Path(sys.executable).with_name("citebrief"))


def turns(assistant, *questions: str) -> list[dict]:
    conversation = Conversation()
    return [answer_to_dict(assistant.ask(q, conversation=conversation)) for q in questions]


def values(answer: dict) -> set[tuple[str, str, str]]:
    return {(f["table"], f["row"], f["value"]) for f in answer["figures"]}


def test_a_follow_up_takes_the_group_row_and_table_it_leaves_out_from_the_turns_before(assistant):
    coaching_md, coaching_cd, mentoring_cd, table_2 = turns(
        assistant, "How many medical directors received coaching?", "And clinical directors?",
        "What about mentoring?", "And in Table 2?")
    assert ("Table 1", "Coaching", "8") in values(coaching_md) and coaching_md["read_as"] == coaching_md["question"]
    assert coaching_cd["read_as"] == "How many clinical directors received coaching?"
    assert "Read as: How many clinical directors received coaching?" in coaching_cd["notices"]
    assert ("Table 1", "Coaching", "7") in values(coaching_cd) and contains_token(coaching_cd["answer"], "7")
    assert ("Table 1", "Mentoring", "5") in values(mentoring_cd)
    assert ("Table 2", "Mentoring", "13") in values(table_2)


def test_a_question_that_stands_on_its_own_starts_afresh(assistant):
    _, survey = turns(assistant, "How many clinical directors got coaching?", "When was the survey sent out?")
    assert survey["read_as"] == "When was the survey sent out?" and "November 2009" in survey["answer"]


def test_a_follow_up_about_something_the_report_does_not_have_abstains(assistant):
    _, nurses = turns(assistant, "How many medical directors received coaching?", "And nurses?")
    assert nurses["read_as"] == "How many nurses received coaching?"
    assert nurses["abstained"] and nurses["route"] == "out_of_scope"


def test_pronouns_and_a_bare_why_are_read_from_the_turn_before(assistant):
    claim, reasons = turns(assistant, "What was identified as the most important resource for improving leadership performance?",
                           "Why is that?")
    assert "time was identified as by far the most important resource" in claim["answer"]
    assert reasons["read_as"].startswith("Why is it that") and not reasons["abstained"]
    assert "value reflective practice and learning" in reasons["answer"]
    _, quotes = turns(assistant, "Why do clinical directors feel cut off from decision-making?", "What did they say about it?")
    assert quotes["route"] == "quote" and {q["speaker"] for q in quotes["quotes"]} == {"clinical director"}


def test_a_measure_or_an_extreme_asked_alone_replaces_the_last_ones(assistant):
    count, share = turns(assistant, "How many respondents said team briefings were part of the support they receive?",
                         "And as a percentage?")
    assert ("Table 1", "Team briefings", "64") in values(count) and contains_token(share["answer"], "61.0")
    most, least = turns(assistant, "Which managerial skill were clinical directors most confident in?", "And the least?")
    assert {f["rank"] for f in most["figures"]} == {1} and {f["rank"] for f in least["figures"]} == {10}


def test_ask_jsonl_reads_conversation_lines_in_order_and_plain_lines_on_their_own(settings, ingested):
    lines = [{"question": "How many MDs had discussions with the medical director?", "conversation": "a"},
             {"question": "How many clinical directors got mentoring?", "conversation": "b"},
             {"question": "And CDs?", "conversation": "a"}]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\nAnd CDs?\n"
    done = subprocess.run([CITEBRIEF, "--home", str(settings.home), "ask", "--jsonl"], input=stdin, text=True,
                          capture_output=True, timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a.get("conversation") for a in answers] == ["a", "b", "a", None]
    assert answers[0]["read_as"] == "How many medical directors had discussions with the medical director?"
    assert answers[2]["read_as"] == "How many clinical directors had discussions with the medical director?"
    assert contains_token(answers[2]["answer"], "28")
    assert answers[3]["read_as"] == "And clinical directors?"  # a plain line is a question of its own


def test_citebrief_chat_answers_turn_by_turn_from_stdin_and_starts_afresh_on_new(settings, ingested):
    stdin = "How many medical directors received coaching?\nAnd clinical directors?\n/new\nAnd clinical directors?\n"
    done = subprocess.run([CITEBRIEF, "--home", str(settings.home), "chat"], input=stdin, text=True,
                          capture_output=True, timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr
    before, after = done.stdout.split("(new conversation)")
    assert "8 medical directors" in before and "Read as: How many clinical directors received coaching?" in before
    assert "7 clinical directors" in before and "Read as:" not in after


@pytest.mark.parametrize("typed, corrected, value", [
    ("how many clincal directors got mentoring", ("clincal", "clinical"), "5"),
    ("How many CDs got mentoring?", ("CDs", "clinical directors"), "5"),
    ("How many MDs received coacing?", ("coacing", "coaching"), "8"),
])
def test_misspellings_and_group_abbreviations_are_read_as_the_librarys_words_and_said(assistant, typed, corrected, value):
    answer = answer_to_dict(assistant.ask(typed))
    assert f"Read '{corrected[0]}' as '{corrected[1]}'." in answer["notices"]
    assert contains_token(answer["answer"], value) and not answer["abstained"]


@pytest.mark.parametrize("question", ["Which three management skills were clinical directors least confident about?",
                                      "On top of the chats and briefings, what other support do medical directors get?"])
def test_an_english_word_the_report_lacks_is_not_read_as_a_report_word(assistant, question):
    """'three' is one edit from 'there' and 'chats' from 'chaps', both in the report; neither is a misspelling."""
    answer = answer_to_dict(assistant.ask(question))
    assert not [n for n in answer["notices"] if n.startswith("Read '")] and answer["read_as"] == question


def test_a_word_that_matches_nothing_closely_stays_unknown(assistant):
    answer = answer_to_dict(assistant.ask("What did the report say about zebrafish?"))
    assert answer["abstained"] and not [n for n in answer["notices"] if n.startswith("Read '")]


def test_a_follow_up_in_a_library_of_several_reports_stays_with_the_report_the_conversation_is_about(real_library):
    from assistant.answer import Assistant

    # Engagement report, Table 4: 307 respondents aged 61+; it gives no breakdown for Wales (gold EN23), while
    # the AnalystX report's Table 1 has a 'Wales' row: the follow-up must not be answered from it.
    first, follow_up = turns(Assistant(real_library), "How many respondents aged 61+ took part in the single patient "
                                                      "record survey?", "And in Wales?")
    assert contains_token(first["answer"], "307")
    assert follow_up["citations"] and {c["source"] for c in follow_up["citations"]} == {"nhse-engagement-cohort2-2025"}
    assert follow_up["abstained"]


@pytest.mark.parametrize("line", ['{"conversation": "e"}', '{"question": 3, "conversation": "e"}'])
def test_a_json_line_without_a_question_string_is_an_error_for_that_line_not_a_question(line):
    from ui.turns import question_line

    with pytest.raises(ValueError, match='"question" string'):
        question_line(line)
    assert question_line("{not json, so a question as typed").question == "{not json, so a question as typed"


@pytest.mark.parametrize("first", ["How many directors took part in the survey in 2010?",
                                   "How many directors took part in the survey?"])
def test_a_year_asked_alone_replaces_the_last_questions_year_or_is_added_to_it(assistant, first):
    from assistant.types import Turn

    follow_up = assistant.read("And in 2009?", Turn(assistant.read(first)))
    assert follow_up.read_as == "How many directors took part in the survey in 2009?"


@pytest.mark.parametrize("first, follow_up, read_as", [
    ("What percentage of clinical directors received coaching when asked in the survey?",
     "And after the interviews?", "What percentage of clinical directors received coaching when asked after the interviews?"),
    ("How many medical directors received coaching?", "And in the telephone interviews?",
     "How many medical directors received coaching in the telephone interviews?"),
])
def test_a_follow_up_naming_only_a_circumstance_replaces_the_last_ones_or_joins_the_question(
        assistant, first, follow_up, read_as):
    from assistant.types import Turn

    assert assistant.read(follow_up, Turn(assistant.read(first))).read_as == read_as


@pytest.mark.parametrize("follow_up, read_as", [
    ("And in mentoring?", "How many medical directors received mentoring?"),  # a row of the last table, not a circumstance
    ("And in the telephone interviews, what did clinical directors say about time?",  # a whole question: read as typed
     "And in the telephone interviews, what did clinical directors say about time?"),
])
def test_a_row_named_after_in_replaces_the_row_and_a_leading_circumstance_leaves_a_whole_question(
        assistant, follow_up, read_as):
    conversation = Conversation()
    assistant.ask("How many medical directors received coaching?", conversation=conversation)
    assert assistant.read(follow_up, conversation.last).read_as == read_as


@pytest.mark.parametrize("follow_up, source", [("And in the engagement report?", "nhse-engagement-cohort2-2025"),
                                               ("And in the Transformation Partners report?", "tphc-digital-impact-2023-24")])
def test_a_follow_up_naming_another_reports_title_or_publisher_goes_on_in_that_report(real_library, follow_up, source):
    """A report is named by its title's words or by who published it (the report's meta.json 'publisher')."""
    from assistant.answer import Assistant

    first, then = turns(Assistant(real_library), "How many responses came from London?", follow_up)
    assert contains_token(first["answer"], "7") and {c["source"] for c in first["citations"]} == {"analystx-workforce-2022"}
    assert then["citations"] and {c["source"] for c in then["citations"]} == {source}


def test_a_follow_up_repeating_the_last_answer_s_words_stays_in_its_report_though_another_title_has_them(real_library):
    """'And how many care providers?' after an answer about care homes and care providers: 'care' is in another
    report's title, but the conversation is about this one (evals/sets/followup-reports.jsonl, tp-c03)."""
    from assistant.answer import Assistant

    sets = Path(__file__).resolve().parents[1] / "evals" / "sets" / "followup-reports.jsonl"
    items = [json.loads(line) for line in sets.read_text(encoding="utf-8").splitlines() if '"tp-c03-' in line]
    first, follow_up = turns(Assistant(real_library), items[0]["question"], items[1]["question"])
    assert {c["source"] for c in first["citations"]} == {c["source"] for c in follow_up["citations"]}
    assert all(contains_token(follow_up["answer"], value) for value in items[1]["must_contain"]), follow_up["answer"]


# ---- the slots a follow-up replaces, and read_as written from them ---------------------------------------------

def test_read_as_is_written_back_from_the_slots_and_a_slot_is_replaced_or_added_where_its_kind_goes(assistant):
    from assistant.followup import Slots

    q = assistant.read("How many medical directors received coaching in the telephone interviews?")
    slots = Slots.of(q.read_as, list(q.parts))
    assert slots.text() == q.read_as
    assert slots.get("people") == "medical directors" and slots.get("circumstance") == "in the telephone interviews"
    assert slots.put("people", "nurses").text() == "How many nurses received coaching in the telephone interviews?"
    assert slots.put("table", "Table 2").text() == q.read_as[:-1] + " in Table 2?"
    assert slots.put("frame", "What percentage of").text().startswith("What percentage of medical directors")
    bare = Slots.of("Which skill were they confident in?", [])
    assert bare.put("extreme", "least").text() == "Which skill were they confident in (least)?"


@pytest.mark.parametrize("follow_up, read_as", [
    ("And for people with a disability?", "How many people with a disability received coaching?"),
    ("And among chief executives?", "How many chief executives received coaching?"),
])
def test_a_follow_up_naming_who_it_is_asked_of_replaces_the_people_slot_whole(assistant, follow_up, read_as):
    conversation = Conversation()
    assistant.ask("How many medical directors received coaching?", conversation=conversation)
    follow = assistant.read(follow_up, conversation.last)
    assert follow.read_as == read_as and follow.refers_to == "question" and follow.slot("people") in read_as


# ---- one vocabulary, read alike everywhere -------------------------------------------------------------------

@pytest.mark.parametrize("word", ["percentage", "percentages", "per cent", "percent", "share", "proportion", "fraction"])
def test_a_share_word_asks_for_a_percentage_in_every_part_of_the_reading(assistant, word):
    from assistant.lexicon import SHARE_WORDS
    from assistant.types import Turn

    assert word in SHARE_WORDS
    q = assistant.read(f"What {word} of medical directors received coaching?")
    assert q.measures == {"percentage"} and q.shape.share and q.figure_intent
    assert q.named("frame").lower() == f"what {word} of" and q.named("people") == "medical directors"
    count = Turn(assistant.read("How many medical directors received coaching?"))
    assert assistant.read(f"And as a {word}?", count).read_as == "What percentage of medical directors received coaching?"


@pytest.mark.parametrize("extreme, top", [("most", True), ("highest", True), ("largest", True), ("least", False),
                                          ("lowest", False), ("fewest", False)])
def test_an_extreme_is_read_as_a_rank_and_replaces_the_last_questions_extreme(assistant, extreme, top):
    from assistant.types import Turn

    q = assistant.read(f"Which managerial skill were clinical directors {extreme} confident in?")
    assert (q.top, q.bottom) == (top, not top) and q.named("extreme") == extreme
    before = Turn(assistant.read("Which managerial skill were clinical directors most confident in?"))
    assert assistant.read(f"And the {extreme}?", before).named("extreme") == extreme


# ---- the fitted choice: what a turn reads against --------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("What did medical directors say about quality?", "How much will green gilt issuance total this financial year?"),
    ("How many clinical directors received mentoring?", "What are the main findings of the report?"),
    ("What are the main findings of the report?", "How many telephone interviews were carried out?"),
    ("Why do clinical directors feel cut off from decision-making?",
     "What percentage of medical directors were confident using financial data?"),
])
def test_a_question_that_stands_alone_after_another_is_read_exactly_as_typed(assistant, first, second):
    conversation = Conversation()
    assistant.ask(first, conversation=conversation)
    q = assistant.read(second, conversation.last)
    assert q.refers_to == "" and not q.follows and q.read_as == second


def _turn_with_a_quote(assistant):
    from assistant.types import Turn

    words = "Thank you for your work supporting improvements which, whilst techy, have a direct impact on care for our residents."
    speaker = "Jane Wheeler, Director of Local Care, NWL ICB"
    return Turn(assistant.read("What did the Director of Local Care say about the digital improvements?"),
                answer=f"“{words}” — {speaker}, Boosting digital safety [1]", quotes=((words, speaker),))


def test_her_points_at_the_person_the_last_answer_quoted_and_that_at_the_quote(assistant):
    turn = _turn_with_a_quote(assistant)
    her = assistant.read("What is her job title?", turn)
    assert her.refers_to == "person" and her.read_as == "What is Jane Wheeler's job title?"
    assert her.slot("person") == "Jane Wheeler"
    said = assistant.read("Which group said that?", turn)
    assert said.refers_to == "quote" and said.read_as.startswith("Which group said “Thank you for your work")


def test_why_is_that_after_a_passage_asks_why_of_what_it_said(assistant):
    from assistant.types import Turn

    said = "Time was identified as by far the most important resource"
    turn = Turn(assistant.read("What was identified as the most important resource?"), said=said,
                answer=f"{said} [1].")
    why = assistant.read("Why is that?", turn)
    assert why.refers_to == "passage" and why.read_as == f"Why is it that {said[:1].lower()}{said[1:]}?"


@pytest.fixture(scope="module")
def follow_up_assistants(assistant, real_library):
    from assistant.answer import Assistant

    return {"kingsfund": assistant, "reports": Assistant(real_library)}


@pytest.fixture(scope="module")
def follow_up_training(follow_up_assistants):
    from evals.conversations import training_rows

    return training_rows(follow_up_assistants)


def test_the_follow_up_model_rebuilds_from_the_follow_up_sets_to_the_file_shipped(follow_up_training):
    from assistant.referents import MODEL, FollowUpChoice
    from evals.conversations import fitted

    rebuilt, shipped = fitted(follow_up_training), FollowUpChoice.from_json(MODEL.read_text(encoding="utf-8"))
    assert (rebuilt.classes, rebuilt.features, rebuilt.trained_on) == (shipped.classes, shipped.features, shipped.trained_on)
    pairs = [(a, b) for mine, theirs in ((rebuilt.weights, shipped.weights), ((rebuilt.intercepts,), (shipped.intercepts,)))
             for r, s in zip(mine, theirs) for a, b in zip(r, s)]
    assert all(abs(a - b) < 1e-3 for a, b in pairs)
    assert fitted(follow_up_training).to_json() == rebuilt.to_json()  # the same turns give the same file
