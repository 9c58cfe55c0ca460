"""The briefing basket and its exports, and the Markdown escaping the page relies on: pure functions."""
from __future__ import annotations

import io

import docx
from hypothesis import given
from hypothesis import strategies as st

from assistant.types import Answer, Citation, CitedFigure, CitedQuote
from ingest.types import Figure
from ui import briefing
from ui.markup import emphasised, escape, spans

PASSAGE = "Time is short. Directors said ‘we need *more* time’ [sic] <b>often</b>.\n# Not a heading"
CITATION = Citation(n=1, source="kf", title="Leadership needs", section="Findings > Time", page=12, kind="prose",
                    text=PASSAGE, start=100, end=100 + len(PASSAGE), publisher="The King's Fund", year=2010,
                    highlights=((115, 151),))
FIGURE = Figure(source="kf", table="Table 1", row="Coaching", group="Clinical director", measure="number",
                value="7", base="answered question (105)", notes=("The row total disagrees with its cells.",))
ANSWER = Answer(question="What did directors say about time?", answer="… [1]", abstained=False, route="quote",
                citations=(CITATION,), figures=(CitedFigure(FIGURE, 1),),
                quotes=(CitedQuote("we need *more* time", "clinical director", "Findings > Time", 1, "kf"),))


def items() -> tuple[briefing.BriefingItem, ...]:
    return (briefing.from_quote(ANSWER, ANSWER.quotes[0]), briefing.from_citation(ANSWER, CITATION),
            briefing.from_figure(ANSWER, ANSWER.figures[0]))


def test_a_reference_names_title_publisher_year_section_and_page():
    assert briefing.reference(items()[0]) == "Leadership needs (The King's Fund, 2010), section “Findings > Time”, p. 12"


def test_a_reference_leaves_out_what_the_source_does_not_have():
    bare = briefing.BriefingItem("citation", (("x", False),), "q?", "Notes")
    assert briefing.reference(bare) == "Notes"


def test_adding_the_same_evidence_for_the_same_question_twice_keeps_one_item():
    quote = items()[0]
    assert briefing.added(briefing.added((), quote), quote) == (quote,)


def test_items_move_up_and_down_and_stay_put_at_either_end():
    a, b, c = items()
    assert briefing.moved((a, b, c), c.key, -1) == (a, c, b)
    assert briefing.moved((a, b, c), a.key, 1) == (b, a, c)
    assert briefing.moved((a, b, c), a.key, -1) == (a, b, c)
    assert briefing.moved((a, b, c), c.key, 1) == (a, b, c)
    assert briefing.removed((a, b, c), b.key) == (a, c)


def test_the_markdown_export_quotes_each_item_verbatim_with_its_reference_and_question():
    markdown = briefing.to_markdown(items())
    assert "## 1. Quote: clinical director" in markdown
    assert r"> we need \*more\* time" in markdown
    assert r"> Time is short. **Directors said ‘we need \*more\* time’** \[sic\]" in markdown  # used span in bold
    assert r"\<b\>often\</b\>" in markdown and r"\# Not a heading" in markdown
    assert "*Data note:* The row total disagrees with its cells." in markdown
    assert markdown.count("*Question:* What did directors say about time?") == 3


def test_the_word_export_holds_each_passage_verbatim_with_the_used_span_in_bold():
    document = docx.Document(io.BytesIO(briefing.to_docx(items())))
    paragraphs = [p for p in document.paragraphs]
    passage = next(p for p in paragraphs if p.text == PASSAGE)
    assert [r.text for r in passage.runs if r.bold] == [PASSAGE[15:51]]
    text = "\n".join(p.text for p in paragraphs)
    assert "Source: Leadership needs (The King's Fund, 2010), section “Findings > Time”, p. 12" in text
    assert "Coaching: 7 clinical directors (Table 1; 105 respondents answered)" in text
    assert "Question: What did directors say about time?" in text


def test_the_word_export_survives_control_characters_in_document_text():
    item = briefing.BriefingItem("citation", (("page\x0cbreak", False),), "q?", "T")
    assert "page break" in "\n".join(p.text for p in docx.Document(io.BytesIO(briefing.to_docx((item,)))).paragraphs)


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=4))
def test_a_passage_split_at_its_highlights_joins_back_into_the_passage(text, highlights):
    parts = spans(text, 10, [(10 + min(a, b), 10 + max(a, b)) for a, b in highlights])
    assert "".join(piece for piece, _ in parts) == text


def test_markup_in_questions_and_documents_is_escaped_and_emoji_codes_are_broken_on_the_page():
    assert escape("<script>x</script> *a* [l](u) $x$") == r"\<script\>x\</script\> \*a\* \[l\](u) \$x\$"
    assert escape("say :smile:") == "say :\u200bsmile:" and escape("say :smile:", page=False) == "say :smile:"
    assert escape("1. one\n- two") == "1\\. one  \n\\- two"


def test_each_line_of_a_highlighted_span_is_bolded_on_its_own():
    assert emphasised((("Before ", False), ("used line\nnext ", True), ("after", False))) == \
        "Before **used line**  \n**next** after"
