"""Layout cases a real report may print that the PDF reader gets wrong today (found by trying to break it).

Each test states the behaviour the issue asks for; those still marked xfail(strict=True) do not hold yet.
"""
from __future__ import annotations

import pytest

from tests.test_layout_pdf import LEFT, Printer, parsed

FINDINGS = ["Staff turnover rose in every trust that took part.", "Agency spending doubled over two years.",
            "Sickness absence fell slightly in the winter.", "Boards asked for a workforce plan by March."]


def test_numbered_headings_printed_at_the_top_of_their_pages_are_sections_not_furniture(tmp_path):
    printer = Printer().page(10).line("Case studies", 60, size=20, style="B")
    printer.lines(["This chapter has four case studies."], 100)
    for k, finding in enumerate(FINDINGS, start=1):
        printer.page(10 + k).line(f"Case study {k}", 60, size=16, style="B")
        printer.lines([finding], 100)
    sections = parsed(printer.save(tmp_path, "cases")).sections
    assert [(s.heading, s.page) for s in sections] == [("Case studies", 10)] + [
        (f"Case study {k}", 10 + k) for k in range(1, 5)]


@pytest.mark.xfail(strict=True, reason="a body line near the top whose numbers rise with the page is dropped, "
                                       "and its number overrides the printed page number")
def test_a_body_sentence_near_the_top_of_each_page_is_kept_and_the_footer_gives_the_label(tmp_path):
    printer = Printer()
    for k in range(6):
        printer.page(k + 21).lines([f"In {2015 + k} the trust employed {400 + 7 * k} nurses on its wards.",
                                    "This was reported to the board."], 80)
    source = parsed(printer.save(tmp_path, "years")).source
    assert "In 2017 the trust employed 414 nurses on its wards." in source.text
    assert source.page_labels == tuple(str(n) for n in range(21, 27))


def test_a_footnote_marker_inside_a_sentence_leaves_the_words_either_side_apart(tmp_path):
    printer = Printer().page(1)
    printer.line("The survey ran in April 2022 and had 118 responses from ward managers.", 80)
    printer.line("4", 78, x=LEFT + printer.pdf.get_string_width("The survey"), size=7)
    printer.line("4 An online survey hosted by the trust.", 760, size=8)
    text = parsed(printer.save(tmp_path, "midnote")).source.text
    assert "The survey ran in April 2022 and had 118 responses from ward managers." in text


@pytest.mark.xfail(strict=True, reason="a report set in bold throughout has its numbered headings glued to prose")
def test_numbered_headings_in_a_report_set_in_bold_are_sections(tmp_path):
    body = ["Trusts reported a steady rise in the number of staff leaving within a year of joining the",
            "organisation, and the boards have asked for a plan to keep them."]
    printer = Printer()
    for number, heading in enumerate(["1 Introduction", "2 Findings", "3 Conclusions"], start=1):
        printer.page(number).line(heading, 120, style="B")
        printer.lines(body, 150, style="B")
    sections = parsed(printer.save(tmp_path, "bold")).sections
    assert [s.heading for s in sections] == ["1 Introduction", "2 Findings", "3 Conclusions"]


def test_an_indented_block_after_one_nurse_said_is_a_quote_by_that_nurse(tmp_path):
    printer = Printer().page(1)
    printer.lines(["One nurse said:"], 80)
    printer.lines(["I go home and I cannot sleep because I keep thinking about the",
                   "patients I did not get to."], 100, x=108)
    printer.lines(["Managers were more positive about the new rota system overall."], 150)
    quotes = parsed(printer.save(tmp_path, "said")).quotes
    assert [(q.text, q.speaker) for q in quotes] == [
        ("I go home and I cannot sleep because I keep thinking about the patients I did not get to.", "nurse")]


def test_front_matter_numbered_in_roman_numerals_is_labelled_as_printed(tmp_path):
    printer = Printer()
    for k in range(6):
        printer.page().line(["i", "ii", "iii"][k] if k < 3 else str(k - 2), 800, x=290, size=9)
        printer.lines([FINDINGS[k % 4] + f" Note {k}."], 120)
    source = parsed(printer.save(tmp_path, "roman")).source
    assert source.page_labels == ("i", "ii", "iii", "1", "2", "3")


def test_a_file_labelling_its_roman_front_matter_in_numbers_is_cited_by_the_printed_numbers(tmp_path):
    """The file's own labels (/PageLabels) say 1-4 for a cover and front matter printed ii-iv, then 1-3 for the
    body printed 1-3: the run its pages contradict takes the printed labels, the cover none."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle

    printer = Printer()
    for k in range(7):
        printer.page()
        if k:
            printer.line(["ii", "iii", "iv"][k - 1] if k < 4 else str(k - 3), 800, x=290, size=9)
        printer.lines([FINDINGS[k % 4] + f" Note {k}."], 120)
    writer = PdfWriter(clone_from=PdfReader(printer.save(tmp_path, "printed")))
    writer.set_page_label(0, 3, style=PageLabelStyle.DECIMAL, start=1)
    writer.set_page_label(4, 6, style=PageLabelStyle.DECIMAL, start=1)
    path = tmp_path / "labelled.pdf"
    writer.write(path)
    assert parsed(path).source.page_labels == ("", "ii", "iii", "iv", "1", "2", "3")


def test_a_numbered_subheading_used_once_is_a_section_below_its_chapter(tmp_path):
    printer = Printer().page(1).line("2 Staffing", 60, size=16, style="B")
    printer.lines(["Staffing is the theme of this chapter of the review."], 100)
    printer.line("2.1 Night shifts", 140, size=13, style="B")
    printer.lines(["Night shifts are short of staff."], 170)
    printer.page(2).line("3 Recommendations", 60, size=16, style="B")
    printer.lines(["Boards should plan for the winter."], 100)
    sections = parsed(printer.save(tmp_path, "sub")).sections
    assert [s.path for s in sections] == [("2 Staffing",), ("2 Staffing", "2.1 Night shifts"), ("3 Recommendations",)]


def test_a_passage_over_a_page_break_with_a_footnote_below_it_names_both_pages(tmp_path):
    printer = Printer().page(1).line("Budgets", 60, size=16, style="B")
    printer.lines(["Ward managers said that the budget meetings took up most of a day each week",
                   "and that the ward had"], 690)
    printer.line("3 Source: ward manager survey, 2023.", 770, size=8)
    printer.page(2).lines(["lost 13 per cent of its nursing hours since 2020.", "Rotas changed every fortnight."], 60)
    chunks = parsed(printer.save(tmp_path, "noted")).chunks
    assert [c.page_label for c in chunks if c.kind == "prose" and "13 per cent" in c.text] == ["1–2"]


def test_two_quotes_in_one_sentence_are_two_quotes(tmp_path):
    printer = Printer().page(1)
    printer.lines(["Managers were asked about the new rota in the spring survey of the wards."], 60)
    printer.lines(['One manager said the new rota was "a nightmare to plan" and another said it was "the',
                   'best change in years".'], 80)
    quotes = parsed(printer.save(tmp_path, "two")).quotes
    assert [q.text for q in quotes] == ["a nightmare to plan", "the best change in years"]


def test_two_quotes_in_curly_marks_in_one_sentence_are_two_quotes(tmp_path):
    # The PDF printer's core fonts have no curly marks: the same sentence comes as text.
    path = tmp_path / "curly.txt"
    path.write_text("Rotas\n\nOne manager said the new rota was “a nightmare to plan” and another said it was “the "
                    "best change in years”.\n", encoding="utf-8")
    quotes = parsed(path).quotes
    assert [q.text for q in quotes] == ["a nightmare to plan", "the best change in years"]


def test_a_sentence_continued_after_a_figure_page_does_not_swallow_the_figures_caption(tmp_path):
    printer = Printer().page(1).line("Clinical coding", 60, size=16, style="B")
    printer.lines(["The need for staff supporting trained coders will diminish as electronic records",
                   "become"], 700)
    printer.page(2).line("Figure 2: Clinical coding staff in a Data Driven Future", 80, size=9, style="B")
    printer.page(3).lines(["more integrated into healthcare services.", "Coders will need new skills."], 60)
    source = parsed(printer.save(tmp_path, "figure")).source
    assert ("The need for staff supporting trained coders will diminish as electronic records become more "
            "integrated into healthcare services.") in source.text
