"""Tables a PDF prints without ruling lines (or with only some), read from how their words line up: under
their caption, over page breaks with and without a repeated heading, over several pages, in shaded bands,
with every number format kept exactly as printed; and public annual-report tables (TAT-QA) printed unruled."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fpdf.enums import TableBordersLayout, TableCellFillMode

from ingest.grid_rows import heading_rows
from ingest.table_facts import build_table
from table_files import UNICODE_FONT, pdf_tables, write_pdf, write_statement_pdf, write_unruled_pdf

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
# A statistics bulletin's table: the year printed on a year's first month only, a heading over two columns.
PRICES = [([{"Apr": "2024 Apr", "Jan": "2025 Jan"}.get(m, m)],
           [f"{130 + k / 10:.1f}", f"{2 + (k % 5) / 10:.1f}", f"-{k / 10:.1f}", f"{(k % 4) / 10:.1f}"])
          for k, m in enumerate(MONTHS)]
PRICE_HEADING = [["CPIH Index", "Points", "CPIH 12-month rate (%)", None], ["(2015=100)", "change", "Mar 2025", "Apr 2025"]]
PRICE_COLUMNS = ("", "CPIH Index (2015=100)", "Points change", "CPIH 12-month rate (%) Mar 2025", "CPIH 12-month rate (%) Apr 2025")
# Bold row labels wrapped over two and three lines, their figures on the label's first line.
DIVISIONS = [(["Food and non-alcoholic", "beverages"], ["3.0", "3.4", "0.3", "0.7"]),
             (["Housing and", "household", "services"], ["5.1", "7.0", "-0.1", "1.8"]),
             (["Health"], ["5.0", "4.3", "0.9", "0.3"]),
             (["Miscellaneous goods", "and services"], ["3.1", "2.5", "0.8", "0.2"])]
CAPTION = "Table 2: CPIH annual and monthly rates by month, UK, April 2024 to March 2025"


def cells(table) -> list[list[str]]:
    return [list(row) for row in table.rows]


def test_an_unruled_table_under_its_caption_is_read_cell_for_cell(tmp_path):
    path = write_unruled_pdf(tmp_path / "bulletin.pdf", CAPTION, PRICE_HEADING, PRICES, after=("Source: a survey.",))
    [table], warnings = pdf_tables(path)
    assert (table.id, table.caption, warnings) == ("Table 2", CAPTION.partition(": ")[2], [])
    assert table.columns == PRICE_COLUMNS
    assert cells(table) == [labels + values for labels, values in PRICES]


def test_a_year_printed_on_its_first_month_only_names_each_month_s_figures(tmp_path):
    [table], _ = pdf_tables(write_unruled_pdf(tmp_path / "bulletin.pdf", CAPTION, PRICE_HEADING, PRICES))
    figures = build_table(table, "bulletin", "", 5, 0, 0, ((0, 0),) * (len(table.rows) + 1)).figures
    rows = list(dict.fromkeys(f.row for f in figures))
    assert rows[:3] == ["2024 Apr", "2024 May", "2024 Jun"] and rows[9:] == ["2025 Jan", "2025 Feb", "2025 Mar"]
    assert table.rows[1][0] == "May"  # the cell stays as printed


def test_bold_labels_wrapped_over_lines_stay_with_their_figures(tmp_path):
    path = write_unruled_pdf(tmp_path / "divisions.pdf", CAPTION, PRICE_HEADING, DIVISIONS)
    [table], _ = pdf_tables(path)
    assert cells(table) == [[" ".join(labels)] + values for labels, values in DIVISIONS]


@pytest.mark.parametrize("repeat_heading", [False, True])
def test_an_unruled_table_over_a_page_break_keeps_every_row_and_its_heading(tmp_path, repeat_heading):
    """Issue 25: a table over a page break lost the rows on its first page and was headed 'Column 1-4'."""
    rows = DIVISIONS * 3
    path = write_unruled_pdf(tmp_path / "long.pdf", CAPTION, PRICE_HEADING, rows, filler=34,
                             repeat_heading=repeat_heading)
    [table], warnings = pdf_tables(path)
    assert (table.id, table.columns, warnings) == ("Table 2", PRICE_COLUMNS, [])
    assert cells(table) == [[" ".join(labels)] + values for labels, values in rows]


@pytest.mark.parametrize("repeat_heading", [False, True])
def test_a_ruled_table_over_several_pages_is_one_table(tmp_path, repeat_heading):
    rows = [[f"Trust {chr(65 + k // 26)}{chr(65 + k % 26)}", f"{100 + k}", f"{k % 9}%"] for k in range(130)]
    path = write_pdf(tmp_path / "trusts.pdf", ["Trust", "Staff", "Turnover"], rows,
                     before=("Table 8: Staff and turnover by trust",), repeat_heading=repeat_heading)
    [table], warnings = pdf_tables(path)
    assert (table.id, table.columns, warnings) == ("Table 8", ("Trust", "Staff", "Turnover"), [])
    assert cells(table) == rows


@pytest.mark.skipif(not UNICODE_FONT.exists(), reason="needs DejaVu Sans to print a Unicode minus")
def test_number_formats_do_not_stop_an_unruled_table_being_found_and_stay_as_printed(tmp_path):
    rows = [(["Public health"], ["4,200", "3,950", "(250)", "(6.0%)"]),
            (["Adult social care"], ["1,100a", "2,450*", "−310", "n/a"]),
            (["Children's services"], ["$35,791", "£5.2bn", "+7,848", "-13%"]),
            (["Libraries"], ["0", "-", "12.5*", "0%"])]
    heading = [["2023/24", "2024/25", "Change", "Change %"]]
    [table], warnings = pdf_tables(write_unruled_pdf(tmp_path / "budget.pdf", "Table 1: Budget lines", heading, rows))
    assert (table.id, table.columns, warnings) == ("Table 1", ("", "2023/24", "2024/25", "Change", "Change %"), [])
    assert cells(table) == [labels + values for labels, values in rows]


def test_a_table_printed_in_shaded_bands_without_rules_is_one_table(tmp_path):
    """The ruled finder sees each shaded band as a table of its own; the words' alignment reads them as one."""
    rows = [["Doctors", "338", "6.9", "430", "8.8"], ["Nurses", "754", "15.3", "770", "15.7"],
            ["Midwives", "321", "6.5", "363", "7.4"], ["Dentists", "42", "0.9", "44", "0.9"]]
    heading = ["Staff", "2017 number", "2017 rate", "2018 number", "2018 rate"]
    path = write_pdf(tmp_path / "bands.pdf", heading, rows, before=("Table 1: Health workers by year",),
                     borders_layout=TableBordersLayout.NONE, cell_fill_color=(220, 230, 245),
                     cell_fill_mode=TableCellFillMode.ROWS)
    [table], warnings = pdf_tables(path)
    assert (table.id, table.columns, cells(table), warnings) == ("Table 1", tuple(heading), rows, [])


@pytest.mark.parametrize("borders", ["NONE", "HORIZONTAL_LINES", "NO_HORIZONTAL_LINES", "INTERNAL", "MINIMAL"])
def test_a_table_ruled_only_in_part_keeps_all_its_columns(tmp_path, borders):
    rows = [["North East", "412", "57", "469"], ["North West", "388", "61", "449"], ["London", "1,204", "233", "1,437"]]
    path = write_pdf(tmp_path / "part.pdf", ["Region", "Nurses", "Doctors", "Total"], rows,
                     before=("Table 3: Vacancies by region",), borders_layout=borders)
    [table], _ = pdf_tables(path)
    assert (table.columns, cells(table)) == (("Region", "Nurses", "Doctors", "Total"), rows)


def test_a_chart_s_data_labels_in_a_row_are_not_a_table(tmp_path):
    labels = [([""], ["13%", "", "15%", "", "22%", ""]), ([""], ["", "30%", "", "40%", "", "50%"])]
    path = write_unruled_pdf(tmp_path / "chart.pdf", "Share of staff by tenure", [["", "", "", "", "", ""]], labels)
    assert pdf_tables(path) == ([], [])


def test_a_small_unruled_table_of_one_value_column_is_found_under_its_caption(tmp_path):
    rows = [(["North"], ["12"]), (["Midlands"], ["9"]), (["South"], ["15"]), (["Total"], ["36"])]
    path = write_unruled_pdf(tmp_path / "appendix.pdf", "Table A1: Responses by region", [["Responses"]], rows)
    [table], warnings = pdf_tables(path)
    assert (table.id, table.columns, cells(table), warnings) == (
        "Table A1", ("", "Responses"), [labels + values for labels, values in rows], [])


TATQA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "tatqa" / "tatqa_dataset_dev.json"
TATQA_TABLES = 40
# Share of the body rows of the first TAT-QA tables (annual reports' tables, printed here unruled as a financial
# statement sets them) read back cell for cell, as measured: 302 of 316 (0.956) with values right- or
# left-aligned; none before unruled tables were read.
TATQA_FLOOR = 0.95


@pytest.mark.slow
@pytest.mark.skipif(not TATQA.exists(), reason="needs the public TAT-QA dev set in shared/datasets")
@pytest.mark.parametrize("align", ["R", "L"])
def test_annual_report_tables_printed_unruled_are_read_back_cell_for_cell(tmp_path, align):
    contexts = json.loads(TATQA.read_text(encoding="utf-8"))[:TATQA_TABLES]
    found = total = 0
    for k, context in enumerate(contexts):
        rows = [[" ".join(cell.split()) for cell in row] for row in context["table"]["table"]]
        heading = heading_rows(rows)
        tables, _ = pdf_tables(write_statement_pdf(tmp_path / f"{k}.pdf", rows, heading, align))
        parsed = [list(row) for table in tables for row in table.rows]
        found += sum(row in parsed for row in rows[heading:])
        total += len(rows) - heading
    assert found >= TATQA_FLOOR * total, (found, total)
