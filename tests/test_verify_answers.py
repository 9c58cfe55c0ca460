"""Every word of an answer lies inside its citations: the check every answer passes before it is given
(`verify.check_answer`), tried with answers that break it, and on real answers."""
from __future__ import annotations

import dataclasses

import pytest

from assistant.answer import Conversation
from assistant.types import Citation
from assistant.verify import check_answer

PASSAGE = ("The UK issued its first green gilt in September 2021, raising £10 billion. Demand was strong, "
           "with orders of over £100 billion.")
NEXT = "Other countries have issued green bonds for longer. Germany raised 6.5 billion euros in 2020."


def cited(n: int, text: str, start: int, kind: str = "prose", section: str = "Green financing") -> Citation:
    return Citation(n=n, source="budget", title="Budget", section=section, page=3, kind=kind,
                    text=text, start=start, end=start + len(text))


FIRST, SECOND = cited(1, PASSAGE, 0), cited(2, NEXT, len(PASSAGE) + 2)


def test_words_taken_from_the_cited_passage_pass():
    answer = "The UK issued its first green gilt in September 2021, raising £10 billion. Demand was strong, with orders of over £100 billion. [1]"
    assert check_answer(answer, (FIRST,)).ok


def test_a_unit_running_into_the_next_passage_is_held_only_when_it_cites_that_one_too():
    answer = ("Demand was strong, with orders of over £100 billion. Other countries have issued green bonds for longer. "
              "Germany raised 6.5 billion euros in 2020. [1]")
    checked = check_answer(answer, (FIRST,))
    assert {p.split(":")[0] for p in checked.problems} == {"number 6.5 is not in the cited passages",
                                                           "number 2020 is not in the cited passages",
                                                           "words beyond the cited passages"}
    assert checked.text == ""  # nothing of it is held: not given
    assert check_answer(answer.replace("[1]", "[1][2]"), (FIRST, SECOND)).ok


@pytest.mark.parametrize("answer, problem", [
    ("The UK raised £12 billion from its first green gilt [1].", "number 12 is not in the cited passages"),
    ("Demand was strong [1]. Germany raised 6.5 billion euros.", "words after the last citation"),
    ("Demand was strong [3].", "cites a passage that was not given"),
    ("One official called it “a runaway success” [1].", "quoted words not verbatim"),
    ("Demand for green gilts was weak [1].", "words beyond the cited passages"),
])
def test_an_answer_showing_what_its_citations_do_not_hold_is_refused(answer, problem):
    checked = check_answer(answer, (FIRST,))
    assert any(p.startswith(problem) for p in checked.problems), checked.problems


def test_only_the_runs_that_fail_are_left_out():
    answer = "Demand was strong, with orders of over £100 billion. [1] Germany raised 7 billion euros in 2020. [2]"
    checked = check_answer(answer, (FIRST, SECOND))
    assert checked.text == "Demand was strong, with orders of over £100 billion. [1]"
    assert checked.problems[0] == "number 7 is not in the cited passages: “Germany raised 7 billion euros in 2020.”"
    assert (checked.kept, checked.dropped) == (1, 1)


def test_a_quote_is_held_with_its_speaker_alone_or_with_its_section():
    said = Citation(n=1, source="budget", title="Budget", section="2. Views", page=3, kind="quote",
                    text="It was a runaway success.", start=0, end=25, speaker="Official 3")
    for answer in ("“It was a runaway success.” — Official 3, 2. Views [1]", "“It was a runaway success.” — Official 3 [1]"):
        assert check_answer(answer, (said,)).ok  # the 3 of the speaker is printed where the quote is
    stopped = dataclasses.replace(said, section="Appendix C: comparison.")  # a heading ending in a full stop
    assert check_answer("“It was a runaway success.” — Official 3, Appendix C: comparison. [1]", (stopped,)).ok
    wrong = check_answer("“It was a runaway success.” — Minister [1]", (said,))
    assert wrong.problems == ("words beyond the cited passages: ““It was a runaway success.” — Minister”",)


def test_a_quote_followed_by_who_said_it_is_cited_to_its_quote(real_library):
    """A sentence of a block quote keeps the quotation marks its quote chunk leaves out: its citation must
    still be found (it was not, and the quote was given with no citation)."""
    from assistant.answer import Assistant
    conversation = Conversation()
    ask = Assistant(real_library).ask
    ask("What did a participant say about not being able to share information between GP practices?",
        conversation=conversation)
    answer = ask("Who said that?", conversation=conversation)
    assert answer.citations[0].kind == "quote"
    assert f"— {answer.citations[0].speaker} [1]" in answer.answer  # said with who said it
    assert check_answer(answer.answer, answer.citations, answer.figures).ok
