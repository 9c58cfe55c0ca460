"""Reading PDFs by their layout: generated PDFs, one per layout case, checked against what was printed."""
from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from ingest.load import load
from ingest.structure import parse

BODY = 11
LEFT = 72


class Printer:
    """An A4 PDF in points, written line by line at given places, fonts and colours."""

    def __init__(self) -> None:
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)

    def page(self, number: int | None = None, header: str = "") -> "Printer":
        self.pdf.add_page()
        if header:
            self.line(header, 30, x=LEFT, size=9)
        if number is not None:
            self.line(str(number), 800, x=520, size=9)
        return self

    def line(self, text: str, top: float, x: float = LEFT, size: float = BODY, style: str = "",
             color: tuple[int, int, int] = (0, 0, 0)) -> "Printer":
        self.pdf.set_font("Helvetica", style=style, size=size)
        self.pdf.set_text_color(*color)
        self.pdf.text(x, top + size, text)
        return self

    def lines(self, texts: list[str], top: float, step: float = 15, **style) -> float:
        for k, text in enumerate(texts):
            self.line(text, top + k * step, **style)
        return top + len(texts) * step

    def save(self, folder: Path, name: str) -> Path:
        path = folder / f"{name}.pdf"
        self.pdf.output(str(path))
        return path


def parsed(path: Path):
    return parse(load(path), path.stem, 700)


def test_a_sentence_over_a_page_break_is_one_sentence_that_names_both_pages(tmp_path):
    printer = Printer()
    printer.page(1, header="Survey of ward managers").line("Budgets", 80, size=16, style="B")
    printer.lines(["Ward managers said that the budget meetings took up most of a day each week and that",
                   "the ward had"], 110)
    printer.page(2, header="Survey of ward managers")
    printer.lines(["lost 13 per cent of its nursing hours since 2020.", ""], 80)
    printer.line("Staffing", 130, size=16, style="B")
    printer.lines(["Rotas changed every fortnight."], 160)
    source = parsed(printer.save(tmp_path, "break")).source
    sentence = ("Ward managers said that the budget meetings took up most of a day each week and that "
                "the ward had lost 13 per cent of its nursing hours since 2020.")
    start = source.text.index(sentence)
    assert source.page_label(start, start + len(sentence)) == "1–2"
    assert "Survey of ward managers" not in source.text  # the running header
    assert source.page_labels == ("1", "2")


def test_footer_page_numbers_become_page_labels_and_leave_the_text(tmp_path):
    printer = Printer()
    printer.page(None).line("Annual report", 300, size=24, style="B")  # an unnumbered cover
    for number in range(1, 7):
        printer.page(None).line(f"{number} | Annual report of the trust", 800, size=9)
        if number % 2:
            printer.line(f"Chapter {number // 2 + 1}", 80, size=16, style="B")
        printer.lines([f"The trust opened {number + 2} new wards in the year."], 110)
    p = parsed(printer.save(tmp_path, "labels"))
    assert p.source.page_labels == ("", "1", "2", "3", "4", "5", "6")
    assert "Annual report of the trust" not in p.source.text
    assert "Annual report" in p.source.text  # the cover's title is not furniture
    assert {s.heading: s.page for s in p.sections if s.heading.startswith("Chapter")} == \
        {"Chapter 1": 1, "Chapter 2": 3, "Chapter 3": 5}


def test_a_page_printing_no_number_between_numbered_pages_is_cited_by_the_number_between(tmp_path):
    printer = Printer()
    for number in (1, 2, None, 4, 5):  # page 3: a full-page table printed without its footer
        printer.page(number).lines([f"The board met {7 + (number or 3)} times in the quarter."], 110)
    assert parsed(printer.save(tmp_path, "gap")).source.page_labels == ("1", "2", "3", "4", "5")


def test_line_end_hyphens_follow_the_documents_own_spelling(tmp_path):
    printer = Printer().page(1)
    printer.lines(["The scheme pays a reimbursement for travel and a long-term grant for study.", "",
                   "Trusts claimed the reimburse-", "ment late, and the long-", "term grant early."], 80)
    text = parsed(printer.save(tmp_path, "hyphens")).source.text
    assert "Trusts claimed the reimbursement late, and the long-term grant early." in text


def test_a_line_with_a_link_in_another_colour_stays_in_its_paragraph_and_a_coloured_heading_stays_a_heading(tmp_path):
    blue = (17, 85, 204)
    printer = Printer().page(1)
    printer.line("Earlier estimates", 60, size=BODY, color=blue)  # a heading in the link colour, on its own line
    printer.lines(["In 2016 the analyst asked whether the NHS had more data than insight. In a paper called"], 90)
    title = "Understanding analytical capability in health care"  # a link, most of its line, then black again
    printer.line(title, 105, color=blue)
    printer.line("he set out to count", 105, x=LEFT + printer.pdf.get_string_width(title + " "))
    printer.lines(["the analysts working in the health service.", "He estimated that there were 10,000 of them."], 120)
    p = parsed(printer.save(tmp_path, "link"))
    assert (f"In a paper called {title} he set out to count the analysts working in the health service."
            in p.source.text)
    assert [s.heading for s in p.sections if s.heading] == ["Earlier estimates"]


def test_a_two_column_page_is_read_column_by_column(tmp_path):
    printer = Printer().page(1)
    printer.line("Findings", 60, size=16, style="B")
    printer.lines(["Left column first sentence", "runs on to its end here.", "Left column second", "sentence ends here."],
                  100, step=15)
    printer.lines(["Right column first sentence", "runs on to its end too.", "Right column second", "sentence ends too."],
                  100, step=15, x=320)
    text = parsed(printer.save(tmp_path, "columns")).source.text
    assert text.index("Left column second sentence ends here.") < text.index("Right column first sentence runs on")
    assert "Left column first sentence runs on to its end here." in text


def test_a_title_set_in_a_shape_beside_a_column_is_read_whole_before_the_column(tmp_path):
    # The WHO country report prints each priority's name centred in a circle left of its text: lines of
    # different widths, the widest reaching further right than the others, with a column of text beside them.
    printer = Printer().page(1)
    for k, (text, x) in enumerate([("Priority 1:", 95), ("Improve specific", 75), ("health system", 83),
                                   ("dimensions", 90)]):
        printer.line(text, 240 + 16 * k, x=x, size=14, style="B")
    printer.lines([f"Focus area line {k} of the column beside the title." for k in range(1, 16)], 100, x=213)
    text = parsed(printer.save(tmp_path, "circle")).source.text
    assert "Priority 1: Improve specific health system dimensions" in " ".join(text.split())
    assert "Focus area line 9 of the column beside the title. Focus area line 10" in " ".join(text.split())


@pytest.mark.xfail(strict=True, reason="found by a fresh tester (2026-12-07): a title line in a larger type beside a "
                   "column overlaps two of the column's lines vertically, and ingest/readers/pdf_lines.py _rows joins "
                   "their words into one row ('districtclinical nurses.supervisionIt ...')")
def test_a_tall_title_line_beside_a_column_does_not_merge_two_of_its_lines(tmp_path):
    printer = Printer().page(1)
    for k, text in enumerate(["Chapter 3", "Workforce", "and retention", "in community nursing"]):
        printer.line(text, 200 + 22 * k, x=160 - 4.5 * len(text), size=16, style="B")
    column = ["Community nursing vacancies reached fourteen per cent in March.",
              "The highest vacancy rates were among district nurses in rural areas.",
              "Nurses leaving the service most often cited workload and travel time.",
              "Trusts that offered flexible rostering kept more newly qualified nurses.",
              "The report recommends a national retention bonus for district",
              "nurses. It also recommends protected time for clinical",
              "supervision each month."]
    printer.lines(column, 120 + 13 * 8, step=13, x=300, size=10)
    printer.lines(["Earlier findings on the service came from the survey of every trust."] * 8, 110, step=13, x=300,
                  size=10)
    text = " ".join(parsed(printer.save(tmp_path, "tall-title")).source.text.split())
    assert "recommends a national retention bonus for district nurses. It also recommends protected time" in text


def test_a_quote_with_its_attribution_on_the_line_after_keeps_its_speaker(tmp_path):
    printer = Printer().page(1)
    printer.lines(["Participants were supportive of a shared record."], 80)
    quote = dict(x=108, style="I", color=(0, 110, 180))
    printer.lines(['"You have an organisation full of people who cannot share', 'information between practices."'],
                  110, **quote)
    printer.line("Leeds, female, Workshop 2", 145, **{**quote, "x": 360})
    printer.lines(["Others were less sure about it."], 175)
    quotes = parsed(printer.save(tmp_path, "attributed")).quotes
    assert [(q.text, q.speaker, q.style) for q in quotes] == [
        ("You have an organisation full of people who cannot share information between practices.",
         "Leeds, female, Workshop 2", "block")]


def test_an_undecorated_quote_set_in_its_own_colour_after_an_introduction_is_a_quote(tmp_path):
    printer = Printer().page(1)
    printer.lines(["The trend is uneven, as explained by one participant in the exercise:"], 80)
    printer.lines(["The expectation is that there will be a short-term increase in workload before",
                   "the automated coding systems take over the routine work."], 105, size=13, color=(160, 0, 84))
    printer.lines(["The application of technology will change the staff group, and not only through the",
                   "automated coding systems: the records of every ward will be kept in one place."], 150)
    quotes = parsed(printer.save(tmp_path, "undecorated")).quotes
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The expectation is that there will be a short-term increase in workload before the automated coding "
         "systems take over the routine work.", "participant in the exercise")]  # as printed, 'one' aside


CHAPTERS = [("Budgets in the wards", "We asked managers about budgets."), ("What needs to change?", "Budgets fell by a tenth.")]


def contents_report(tmp_path, entries: list[str]):
    """A contents page listing `entries`, then one page per chapter of CHAPTERS."""
    printer = Printer()
    printer.page(1).line("Contents", 60, size=20, style="B")
    printer.lines(entries, 100)
    for number, (heading, body) in enumerate(CHAPTERS, start=2):
        printer.page(number).line(heading, 60, size=20, style="B")
        printer.lines([body], 100)
    return parsed(printer.save(tmp_path, "contents"))


def test_a_contents_page_does_not_become_the_reports_sections(tmp_path):
    report = contents_report(tmp_path, [f"{heading} {'.' * 40} {page}" for page, (heading, _) in enumerate(CHAPTERS, 2)])
    assert [(s.heading, s.page) for s in report.sections if s.heading != "Contents"] == \
        [("Budgets in the wards", 2), ("What needs to change?", 3)]
    assert not any("...." in s.heading for s in report.sections)


@pytest.mark.parametrize("with_page_numbers", [True, False])
def test_contents_entries_are_no_passage_to_answer_from(tmp_path, with_page_numbers):
    entries = [f"{heading} {'.' * 40} {page}" if with_page_numbers else heading
               for page, (heading, _) in enumerate(CHAPTERS, 2)]
    chunks = contents_report(tmp_path, entries).chunks
    assert [c.text for c in chunks if c.kind == "sentence"] == [body for _, body in CHAPTERS]


def test_a_superscript_footnote_marker_leaves_the_sentence_and_its_note_is_kept(tmp_path):
    printer = Printer().page(1)
    printer.line("The survey ran in April 2022.", 80)
    printer.line("4", 78, x=LEFT + printer.pdf.get_string_width("The survey ran in April 2022."), size=7)
    printer.line("It had 118 responses.", 100)
    printer.line("4 See the appendix for the survey questions.", 760, size=8)
    text = parsed(printer.save(tmp_path, "footnote")).source.text
    assert "The survey ran in April 2022. It had 118 responses." in text
    assert "4 See the appendix for the survey questions." in text


def test_a_paragraph_in_quotation_marks_is_a_quote_or_a_warning_naming_its_page(tmp_path):
    """Whether the model reads it as a quote or not, it is never passed over in silence."""
    printer = Printer().page(1)
    printer.lines(["The board met in May and agreed the plan for the year ahead of the", "audit."], 80)
    printer.lines(['"The plan is agreed and the audit will follow in the autumn as', 'before."'], 125)
    printer.lines(["The audit found the plan sound and the board closed the meeting on", "time."], 170)
    source = parsed(printer.save(tmp_path, "unread"))
    quoted = [q.text for q in source.quotes] == ["The plan is agreed and the audit will follow in the autumn as before."]
    assert quoted or source.warnings == (f"{tmp_path / 'unread.pdf'}: page 1: a paragraph in quotation marks was not "
                                         'read as a quote (it begins: The plan is agreed and the audit will ...)',)


def test_bench_ingest_prints_a_row_per_file_with_its_pages(tmp_path, capsys):
    from ui.cli import main

    printer = Printer()
    for number in (1, 2):
        printer.page(number).lines([f"Page {number} says the trust opened new wards this year."], 80)
    path = printer.save(tmp_path, "two-pages")
    assert main(["bench-ingest", str(path)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "| source | pages | chunks | seconds | seconds per page |"
    assert rows[2].startswith("| two-pages | 2 | ")


def test_a_saved_html_report_is_read_by_its_elements(tmp_path):
    path = tmp_path / "waits.html"
    path.write_text("""<html><body><header>Site menu</header><nav>Home | News</nav>
        <h1>Waiting times report</h1><p>The trust reported its waiting times for the year.</p>
        <h2>Findings</h2><ul><li>Waits fell by 12 per cent.</li><li>Staffing rose.</li></ul>
        <blockquote>We saw patients sooner than ever before this year.</blockquote>
        <table><caption>Table 1: Waits by region</caption><tr><th>Region</th><th>Weeks</th></tr>
        <tr><td>North East</td><td>12</td></tr><tr><td>London</td><td>9</td></tr></table>
        <footer>Copyright 2024</footer></body></html>""", encoding="utf-8")
    p = parsed(path)
    assert [s.path for s in p.sections if s.heading] == [("Waiting times report",), ("Waiting times report", "Findings")]
    assert [q.text for q in p.quotes] == ["We saw patients sooner than ever before this year."]
    assert [(t.id, t.caption, t.rows) for t in p.tables] == [("Table 1", "Waits by region", (("North East", "12"), ("London", "9")))]
    assert "• Waits fell by 12 per cent." in p.source.text
    assert not any(word in p.source.text for word in ("Site menu", "Home | News", "Copyright"))


def test_a_recommendation_printed_as_a_heading_sentence_is_a_section_and_a_sentence_to_answer_from(tmp_path):
    printer = Printer().page(1).line("Recommendations", 60, size=16, style="B")
    recommendations = ["Recommendation 1: Boards should publish a workforce plan for their wards every year.",
                       "Recommendation 2: Trusts should work with the local universities to train more analysts.",
                       "Recommendation 3: Commissioners should fund the training of ward managers in rota planning."]
    top = 100
    for recommendation in recommendations:
        printer.line(recommendation, top, style="B")
        top = printer.lines(["The plan should say how many staff each ward needs over the next five years."], top + 20) + 20
    report = parsed(printer.save(tmp_path, "recommendations"))
    assert [s.heading for s in report.sections if s.heading.startswith("Recommendation ")] == recommendations
    assert [c.text for c in report.chunks if c.kind == "sentence" and c.text.startswith("Recommendation")] == recommendations


@pytest.mark.xfail(strict=True, reason="short lines in a smaller type are read as chart labels (ingest.layout_blocks): "
                   "keeping them as text where a page prints fewer than eight cost the HEE full report's quotes left out "
                   "17/20 -> 11/20 (docs/measurements.md)")
def test_a_foreword_s_signature_in_small_type_stays_in_the_text(tmp_path):
    """A lone signature's name in a smaller type is text, not a chart's label, so 'Who wrote the foreword?'
    can be answered (the WHO report's foreword and preface signatures are lost so)."""
    printer = Printer().page(1)
    printer.line("Foreword", 80, size=16, style="B")
    top = printer.lines(["It is a pleasure to introduce this strategy for the health workforce of the county, which",
                         "sets out how we will train, recruit and keep the staff our patients need."], 110)
    printer.line("Dr Amara Osei", top + 20, x=330, size=8, style="B")
    printer.line("Regional Director for Health and Care Services", top + 31, x=300, size=8)
    source = parsed(printer.save(tmp_path, "foreword"))
    assert "Dr Amara Osei" in source.source.text
    assert not [b.text for b in source.furniture if "Osei" in b.text]
