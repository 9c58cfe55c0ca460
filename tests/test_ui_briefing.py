"""The briefing basket and its exports (Word and Markdown), and the Markdown escaping: pure functions."""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import docx
from docx.oxml.ns import qn
from docx.shared import Mm
from hypothesis import given
from hypothesis import strategies as st

from assistant.types import Answer, Citation, CitedFigure, CitedQuote
from ingest.types import Figure
from ui import briefing, export
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


WHEN = datetime(2025, 6, 3, 14, 30)
DOCUMENT = export.Document("Support for clinical directors", "Jane Smith", WHEN)


def items() -> tuple[briefing.BriefingItem, ...]:
    return (briefing.from_quote(ANSWER, ANSWER.quotes[0]), briefing.from_citation(ANSWER, CITATION),
            briefing.from_figure(ANSWER, ANSWER.figures[0], "Types of support being received"))


def word(document: export.Document = DOCUMENT) -> docx.document.Document:
    return docx.Document(io.BytesIO(export.to_docx(items(), document)))


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


def test_an_items_heading_names_its_speaker_its_row_or_its_section():
    assert [briefing.heading(i) for i in items()] == ["Quote: clinical director", "Passage: Time", "Figure: Coaching"]


def test_the_word_export_is_a4_in_uk_english_with_its_title_author_and_creation_time():
    document = word()
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    properties = document.core_properties
    assert (properties.title, properties.author, properties.language) == (DOCUMENT.title, "Jane Smith", "en-GB")
    assert abs(properties.created - WHEN.astimezone(timezone.utc)) < timedelta(seconds=1)  # not python-docx's 2013
    text = [p.text for p in document.paragraphs]
    assert text[:2] == ["Support for clinical directors", "3 June 2025 · Prepared by Jane Smith"]


def test_the_word_export_quotes_verbatim_with_the_speaker_and_a_passage_by_the_words_the_answer_used():
    paragraphs = word().paragraphs
    quote = next(p for p in paragraphs if "we need *more* time" in p.text)
    assert quote.text == "“we need *more* time”" and quote.style.name == "Quote"
    assert "— clinical director [1]" in [p.text for p in paragraphs]
    passage = next(p for p in paragraphs if p.text == f"“{PASSAGE[15:51]}”")
    assert passage.style.name == "Quote"
    assert not any(PASSAGE[:14] in p.text for p in paragraphs), "not the whole passage: the words it was cited for"


def test_a_passage_with_several_used_spans_quotes_each_verbatim_joined_by_an_ellipsis():
    item = briefing.BriefingItem("citation", (("a b ", False), ("c d", True), (" e ", False), ("f", True)), "q?", "T")
    assert item.evidence == "c d … f"
    unmarked = briefing.BriefingItem("citation", (("all of it", False),), "q?", "T")
    assert unmarked.evidence == "all of it"


def test_the_summary_and_each_items_own_words_come_before_its_evidence_in_both_exports():
    quote, passage, figure = items()
    noted = briefing.noted((quote, passage, figure), passage.key, "  Time is what directors lack.  ")
    assert noted[1].note == "Time is what directors lack." and noted[1].key == passage.key, "the same item"
    document = export.Document(DOCUMENT.title, DOCUMENT.author, WHEN, "First point.\n\nSecond  point.")
    text = [p.text for p in docx.Document(io.BytesIO(export.to_docx(noted, document))).paragraphs]
    assert text[2:4] == ["First point.", "Second point."]
    at = text.index("2. Passage: Time")
    assert text[at + 1:at + 4] == ["Time is what directors lack.", f"“{PASSAGE[15:51]}”", "Source: [1]"]
    markdown = export.to_markdown(noted, document)
    assert "Prepared by Jane Smith\n\nFirst point.\n\nSecond point.\n\n## 1." in markdown
    assert "## 2. Passage: Time\n\nTime is what directors lack.\n\n> “Directors said" in markdown


def test_the_word_export_gives_a_figure_as_a_small_table_of_the_printed_cell_not_a_quotation():
    document = word()
    assert "Table 1: Types of support being received" in [p.text for p in document.paragraphs if p.style.name == "Caption"]
    [table] = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Row", "Group", "Measure", "Value", "Base"],
        ["Coaching", "Clinical director", "number", "7", "answered question (105)"]]
    assert not any("Coaching" in p.text for p in document.paragraphs if p.style.name == "Quote")


def test_every_item_points_at_a_numbered_reference_with_title_publisher_year_section_and_page():
    text = [p.text for p in word().paragraphs]
    references = text[text.index("References") + 1:-1]  # the last line says how to read the briefing
    assert references == ["[1] Leadership needs. The King's Fund, 2010. Section “Findings > Time”, p. 12."]
    assert text[-1].startswith("3 items. Evidence is quoted verbatim")
    assert sum(t.startswith("Source: [1]") or t.endswith("[1]") for t in text) == 3
    assert "Data note: The row total disagrees with its cells." in text
    assert not any("Question asked" in t for t in text), "a briefing, not a log of the questions"


def test_the_word_export_survives_control_characters_in_document_text():
    item = briefing.BriefingItem("citation", (("page\x0cbreak", False),), "q?", "T")
    document = docx.Document(io.BytesIO(export.to_docx((item,), DOCUMENT)))
    assert "page break" in "\n".join(p.text for p in document.paragraphs)


def test_the_markdown_export_says_the_same_in_clean_markdown():
    markdown = export.to_markdown(items(), DOCUMENT)
    assert markdown.startswith("# Support for clinical directors\n\n3 June 2025 · Prepared by Jane Smith\n")
    assert "## 1. Quote: clinical director\n\n> “we need \\*more\\* time”\n\n— clinical director [1]" in markdown
    assert "## 2. Passage: Time\n\n> “Directors said ‘we need \\*more\\* time’”\n\nSource: [1]" in markdown
    heading = briefing.BriefingItem("citation", (("Time.\n# Not a heading", False),), "q?", "T")
    assert "\\# Not a heading" in export.to_markdown((heading,), DOCUMENT)  # a line start that would be a heading
    assert ("Table 1: Types of support being received\n\n| Row | Group | Measure | Value | Base |\n"
            "| --- | --- | --- | --- | --- |\n| Coaching | Clinical director | number | 7 | answered question (105) |"
            ) in markdown
    assert "*Data note:* The row total disagrees with its cells." in markdown
    assert "Question asked" not in markdown
    assert "## References\n\n1. Leadership needs. The King's Fund, 2010. Section “Findings > Time”, p. 12.\n\n*3 items." \
        in markdown


def test_the_markdown_export_leaves_brackets_and_underscores_that_make_no_markup_unescaped():
    assert escape("the executive[s] said a_b and x < y & z", page=False) == "the executive[s] said a_b and x < y & z"
    assert escape("[a link](x) &amp; <b> _em_", page=False) == r"[a link\](x) \&amp; \<b> \_em\_"


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
