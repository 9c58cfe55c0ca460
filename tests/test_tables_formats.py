"""Tables a user could have written, in each format: read from the file's real cells, captioned, named
by their headings, every printed cell kept exactly and each figure naming its row, group and base."""
from __future__ import annotations

import docx
import pytest

from ingest.cell_values import is_value, number
from ingest.layout import Layout, Line, Page
from ingest.readers.docx import read_docx
from ingest.readers.html import read_html
from ingest.table_facts import ALL_GROUPS, build_table, render_rows
from ingest.table_grids import tables_in_layout
from table_files import (UNICODE_FONT, docx_tables, html_tables, markdown_layout, markdown_lines, parsed,
                         pdf_tables, write_docx, write_pdf)

VACANCIES = (["Region", "Nurses", "Doctors", "Total"],
             [["North East", "412", "57", "469"], ["North West", "388", "61", "449"], ["London", "1,204", "233", "1,437"]])
BUDGET = (["Service", "2023/24", "2024/25", "Change", "Change %"],
          [["Public health", "4,200", "3,950", "(250)", "(6.0%)"], ["Adult social care", "1,100a", "2,450*", "−310", "n/a"],
           ["Children's services", "12.5*", "£5.2bn", "+7,848", "-13%"], ["Libraries", "0", "-", "/", "0%"]])


def figures(table):
    """The table's figures, built as ingestion builds them (every row pointing at offset 0)."""
    spans = ((0, 0),) * (len(table.rows) + 1)
    return build_table(table, "source", "", None, 0, 0, spans).figures


def test_a_word_table_is_read_from_its_cells_with_its_caption(tmp_path):
    path = write_docx(tmp_path / "vacancies.docx", *VACANCIES, before=("Table 2: Vacancies by staff group",))
    [table], warnings = docx_tables(path)
    assert (table.id, table.caption, warnings) == ("Table 2", "Vacancies by staff group", [])
    assert table.columns == tuple(VACANCIES[0]) and [list(r) for r in table.rows] == VACANCIES[1]
    by_cell = {(f.row, f.group): f for f in figures(table)}
    assert by_cell[("North East", "Nurses")].value == "412"
    assert by_cell[("North East", ALL_GROUPS)].value == "469"  # the Total column is everyone


def test_a_word_heading_cell_across_columns_gives_each_column_its_group_and_base(tmp_path):
    document = docx.Document()
    document.add_paragraph("Table 3 – Support received")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Medical directors (n=44)"
    for k, text in enumerate(["Support", "Number", "Percentage"]):
        table.cell(1, k).text = text
    for r, row in enumerate([["Coaching", "8", "18.2"], ["Mentoring", "1", "2.3"]], start=2):
        for k, text in enumerate(row):
            table.cell(r, k).text = text
    document.save(tmp_path / "support.docx")
    [parsed_table], _ = docx_tables(tmp_path / "support.docx")
    assert parsed_table.columns == ("Support", "Medical directors (n=44) Number", "Medical directors (n=44) Percentage")
    coaching = [(f.group, f.measure, f.value, f.base) for f in figures(parsed_table) if f.row == "Coaching"]
    assert coaching == [("Medical directors", "number", "8", "n=44"), ("Medical directors", "percentage", "18.2", "n=44")]


def test_word_paragraph_styles_become_headings_list_items_and_quotes(tmp_path):
    document = docx.Document()
    document.add_heading("Findings", level=2)
    document.add_paragraph("Coaching helped", style="List Bullet")
    document.add_paragraph("We need time to lead.", style="Quote")
    document.add_paragraph("Plain body text.")
    document.save(tmp_path / "styles.docx")
    lines = read_docx(tmp_path / "styles.docx", (tmp_path / "styles.docx").read_bytes()).pages[0].lines
    assert [(l.text, l.style, l.level) for l in lines] == [
        ("Findings", "heading", 2), ("Coaching helped", "list", 1), ("We need time to lead.", "quote", 0),
        ("Plain body text.", "", 0)]


def test_an_unnumbered_table_keeps_the_heading_above_it_as_its_caption(tmp_path):
    path = write_docx(tmp_path / "plain.docx", *VACANCIES, before=("# Vacancies by region",))
    [table], warnings = docx_tables(path)
    assert (table.id, table.caption, table.numbered, warnings) == ("Vacancies by region", "Vacancies by region", False, [])


def test_a_markdown_pipe_table_of_thirty_areas_by_month_is_parsed_cell_for_cell():
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows = [[f"Local authority {k}"] + [f"{(k * 7 + m * 3) % 90 + 10}" for m in range(12)] for k in range(1, 31)]
    lines = markdown_lines(["Local authority"] + months, rows, before=["Table 5: Delayed discharges by month"])
    [table], warnings = parsed(markdown_layout(lines))
    assert (table.id, table.caption, warnings) == ("Table 5", "Delayed discharges by month", [])
    assert [list(r) for r in table.rows] == rows
    cell = next(f for f in figures(table) if f.row == "Local authority 17" and f.group == "Mar")
    assert cell.value == rows[16][3]


def test_a_markdown_table_with_a_row_too_long_is_kept_and_warned_about():
    lines = ["| Area | Count |", "|---|---|", "| North | 4 |", "| South | 5 | 6 |"]
    [table], warnings = parsed(markdown_layout(lines))
    assert table.rows[-1] == ("South", "5", "6") and table.rows[0] == ("North", "4", "")
    assert warnings == ["the document: a table's rows have unequal numbers of cells (2, 3); short rows were padded "
                        "with empty cells"]


def test_an_html_table_with_colspan_and_rowspan_and_a_caption():
    page = """<html><body><header><nav>Home</nav></header><script>var x = 1;</script>
    <h2>Sample</h2><table><caption>Table 4 – Tier 3 survey profile</caption>
    <tr><th rowspan="2">Demographic</th><th colspan="2">Sample size</th></tr>
    <tr><th>Survey 1 (Total: 1,004)</th><th>Survey 2 (Total: 1,004)</th></tr>
    <tr><td>Age: 18-24</td><td>105</td><td>105</td></tr>
    <tr><td>Age: 25-30</td><td>80</td><td>86</td></tr></table><footer>© 2025</footer></body></html>"""
    [table], warnings = html_tables(page)
    assert (table.id, table.caption, warnings) == ("Table 4", "Tier 3 survey profile", [])
    assert table.columns == ("Demographic", "Sample size Survey 1 (Total: 1,004)", "Sample size Survey 2 (Total: 1,004)")
    assert table.rows == (("Age: 18-24", "105", "105"), ("Age: 25-30", "80", "86"))
    [figure] = [f for f in figures(table) if f.row == "Age: 25-30" and f.value == "86"]
    assert (figure.group, figure.base, figure.block) == ("Survey 2", "n=1,004", "Age")


def test_html_headings_paragraphs_and_lists_in_order_without_the_page_furniture():
    page = """<body><nav>Skip to content</nav><h1>Impact report</h1><p>Intro with <b>bold</b> and a
    <a href="#">link</a>.</p><ul><li>One<ul><li>One a</li></ul></li></ul><blockquote><p>It works.</p></blockquote>
    <style>p {color: red}</style><footer>Contact us</footer></body>"""
    lines = read_html(None, page).pages[0].lines
    assert [(l.text, l.style, l.level) for l in lines] == [
        ("Impact report", "heading", 1), ("Intro with bold and a link.", "", 0), ("One", "list", 1),
        ("One a", "list", 2), ("It works.", "quote", 0)]


def test_a_pdf_table_across_two_pages_with_a_footer_between_is_one_table(tmp_path):
    rows = [[f"Trust {k}", f"{100 + k}", f"{k % 7}%"] for k in range(1, 41)]
    path = write_pdf(tmp_path / "long.pdf", ["Trust", "Staff", "Turnover"], rows,
                     before=("Table 6: Staff and turnover by trust",), filler=20)
    [table], warnings = pdf_tables(path)
    assert (table.id, table.columns, warnings) == ("Table 6", ("Trust", "Staff", "Turnover"), [])
    assert [list(r) for r in table.rows] == rows


@pytest.mark.skipif(not UNICODE_FONT.exists(), reason="needs DejaVu Sans to print a Unicode minus")
def test_bracketed_negatives_footnote_markers_and_signs_stay_as_printed(tmp_path):
    path = write_pdf(tmp_path / "budget.pdf", *BUDGET, before=("Table 1: 10-year budget lines",))
    [table], _ = pdf_tables(path)
    assert table.caption == "10-year budget lines"
    assert [list(r) for r in table.rows] == BUDGET[1]
    values = {f.value: f for f in figures(table)}
    assert set(values) == {c for row in BUDGET[1] for c in row[1:]}
    assert values["(6.0%)"].measure == "percentage" and values["(250)"].measure == "number"
    assert [number(v) for v in ("(250)", "−310", "+7,848", "1,100a", "12.5*", "£5.2bn", "-", "n/a")] == [
        -250, -310, 7848, 1100, 12.5, 5.2, None, None]


def test_a_caption_printed_under_its_table_is_found(tmp_path):
    path = write_pdf(tmp_path / "below.pdf", *VACANCIES, before=("Some text above.",),
                     after=("Table 7. Vacancies by region", "The report goes on."))
    [table], warnings = pdf_tables(path)
    assert (table.id, table.caption, warnings) == ("Table 7", "Vacancies by region", [])


def test_a_caption_with_no_table_is_a_warning_naming_its_page(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 8, "Table 9: Vacancies by region", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "The table was printed as a picture.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "picture.pdf"))
    tables, warnings = pdf_tables(tmp_path / "picture.pdf")
    assert tables == [] and warnings == ["page 1: caption “Table 9: Vacancies by region” but no table was parsed there"]


def test_a_contents_list_and_a_boxed_paragraph_are_not_tables(tmp_path):
    entries = [["1. Introduction", "1"], ["2. Findings", "2"], ["3. Next steps", "3"], ["Appendix", "3"]]
    path = write_pdf(tmp_path / "contents.pdf", entries[0], entries[1:], before=("Contents",),
                     after=("The introduction runs on over the pages.",) * 90)
    assert pdf_tables(path) == ([], [])
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(120, 8, "A boxed paragraph of prose set apart from the text. " * 4, border=1)
    pdf.output(str(tmp_path / "box.pdf"))
    assert pdf_tables(tmp_path / "box.pdf") == ([], [])


def test_years_heading_a_table_are_column_names_not_data():
    lines = markdown_lines(["", "2020", "2025", "2030"], [["Managers", "9%", "11%", "11%"]])
    layout = markdown_layout(lines)
    [table], _ = parsed(layout)
    assert table.columns == ("", "2020", "2025", "2030") and table.rows == (("Managers", "9%", "11%", "11%"),)


def test_a_markdown_table_s_second_heading_line_of_years_heads_its_columns_as_in_every_other_format():
    """An annual report's table as Markdown writes it: the heading line holds what spans the years, the first
    body line the years (TAT-QA's contexts are written so); every reader takes rows printing no figure but
    years, above the first that does, as headings (grid_rows.heading_rows)."""
    lines = ["| | Year ended June 30, | |", "|---|---|---|", "| | 2019 | 2018 |", "| Revenue | 1,204 | 1,100 |",
             "| Net income | 97 | 88 |"]
    [table], _ = parsed(markdown_layout(lines))
    assert table.rows == (("Revenue", "1,204", "1,100"), ("Net income", "97", "88"))
    assert table.columns == ("", "Year ended June 30, 2019", "2018")
    assert next(f for f in figures(table) if f.row == "Net income" and "2018" in f.group).value == "88"


def test_the_years_a_table_compares_head_its_columns_beside_the_difference_it_prints():
    """'| | 2019 | 2018 | $ Difference |' is a heading line, not a row of values labelled '' (its last heading
    is no figure): 'In which year was revenue larger?' needs each value under its year."""
    lines = ["| | Years ended December 31, | | |", "|---|---|---|---|", "| | 2019 | 2018 | $ Difference |",
             "| Revenue | $1,204 | $1,100 | $104 |"]
    [table], _ = parsed(markdown_layout(lines))
    assert table.rows == (("Revenue", "$1,204", "$1,100", "$104"),)
    assert table.columns[1:] == ("Years ended December 31, 2019", "2018", "$ Difference")


def test_a_table_is_rendered_as_one_self_describing_line_per_row():
    layout = markdown_layout(markdown_lines(*VACANCIES, before=["Table 2: Vacancies"]))
    [table], _ = parsed(layout)
    assert render_rows(table)[1] == "Table 2 (Vacancies): North East — Nurses 412; Doctors 57; Total 469"


def test_tables_stand_where_they_were_printed_in_reading_order():
    lines = ["Intro paragraph.", "Table 1: First", *markdown_lines(*VACANCIES)[1:], "Middle paragraph.",
             *markdown_lines(*VACANCIES), "Table 2: Second", "End."]
    layout = markdown_layout(lines)
    placed, _ = tables_in_layout(layout)
    page_lines = layout.pages[0].lines
    assert [p.table.id for p in placed] == ["Table 1", "Table 2"]
    assert [page_lines[p.at[1]].text for p in placed] == ["Table 1: First", "End."]  # before its caption / after it
    assert [p.caption.text for p in placed] == ["Table 1: First", "Table 2: Second"]
    assert [[page_lines[k].text for _, k in p.consumed] for p in placed] == [["Table 1: First"], ["Table 2: Second"]]


def test_cells_a_reader_gives_are_values_only_when_they_print_a_figure_or_a_placeholder():
    assert all(map(is_value, ["48%", "+7,848", "(250)", "−310", "£5.2bn", "12.5*", "1,100a", "-", "n/a", "1000 (incl. LA)"]))
    assert not any(map(is_value, ["Band 4", "Survey 1", "9 - Further analysis below", "(see CCG)", "18,500 – 20,499"]))


def test_a_layout_without_tables_gives_none():
    layout = Layout((Page(None, (Line("Just prose.", None),)),))
    assert tables_in_layout(layout) == ([], [])
