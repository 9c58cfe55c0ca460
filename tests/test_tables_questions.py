"""Figure questions over tables with two label columns and several measure columns, in a Markdown file a
user could have written: the question's words pick the table, the row and the column; a row is never
taken on one shared word; a pipe table is read at ingest, cell for cell, with its caption."""
from __future__ import annotations

import json

import pytest

from ingest.pipeline import ingest
from ingest.readers.markdown import read_markdown
from ingest.settings import Settings
from ui.cli import main

CHANGE = "10-year decrease (-) or increase (+) required"
PLAN = f"""# Workforce plan for data services

This plan sets out the workforce each area of work needs by 2030.
It draws on returns from every trust in the region.

## Demand

Table 3.1: 10-year increase or decrease in workforce size required by area of work

| Role family | Area of work | Workforce size in 2020 – WTEs | Projected demand in 2030 – WTEs | {CHANGE} – WTEs | {CHANGE} – % |
|---|---|---|---|---|---|
| Data services | Data engineering | 1,240 | 2,015 | +775 | +63% |
| | Health records | 6,310 | 5,902 | -408 | -6% |
| Support | Support staff | 2,118 | 2,240 | +122 | +6% |
| | Total workforce | 9,668 | 10,157 | +489 | +5% |

## Supply

Table 3.2: Projected supply and demand, and shortfalls or excesses in workforce size, by area of work in 2030

| Role family | Area of work | Projected supply in 2030 – WTEs | Projected demand in 2030 – WTEs | Shortfall (-) or excess (+) in 2030 – WTEs |
|---|---|---|---|---|
| Data services | Data engineering | 1,407 | 2,015 | -608 |
| | Health records | 6,644 | 5,902 | +742 |
| Support | Support staff | 2,051 | 2,240 | -189 |
| | Total workforce | 10,102 | 10,157 | -55 |

## Delays

Table 5: Delayed discharges by local authority and year

| Local authority | 2022 | 2023 | 2024 |
|---|---|---|---|
| Barnet | 412 | 388 | 351 |
| Camden | 275 | 301 | 264 |
| Enfield | 198 | 176 | 190 |

- Camden's delays rose in 2023
  and fell again in 2024.

Patients surveyed in 2024 mostly supported earlier discharge.
"""


@pytest.fixture(scope="module")
def plan_store(tmp_path_factory) -> Settings:
    corpus = tmp_path_factory.mktemp("plan")
    (corpus / "workforce-plan.md").write_text(PLAN, encoding="utf-8")
    settings = Settings.from_env(home=tmp_path_factory.mktemp("plan-store"), chroma_url="")
    report = ingest([corpus], settings)
    assert report.sources == 1 and not report.errors
    return settings


@pytest.fixture(scope="module")
def plan(plan_store):
    from assistant.answer import Assistant
    from assistant.library import Library

    return Assistant(Library.open(plan_store))


def figures_of(assistant, question: str) -> list[tuple[str, str, str]]:
    answer = assistant.ask(question)
    return [(f.figure.table, f.figure.row, f.figure.value) for f in answer.figures]


@pytest.mark.parametrize("question, cells", [
    ("In Table 3.2, what is the projected supply of data engineering staff in 2030 (WTEs)?",
     [("Table 3.2", "Data engineering", "1,407")]),
    ("What shortfall or excess is projected for data engineering in 2030?", [("Table 3.2", "Data engineering", "-608")]),
    ("By what percentage does the data engineering workforce need to grow over 10 years?",
     [("Table 3.1", "Data engineering", "+63%")]),
    ("How many additional WTEs are required in data engineering over the 10 years?",
     [("Table 3.1", "Data engineering", "+775")]),
    ("According to Table 3.1, what 10-year change in WTEs is required for health records, and what percentage is that?",
     [("Table 3.1", "Health records", "-408"), ("Table 3.1", "Health records", "-6%")]),
    ("What was the 2020 workforce size in health records?", [("Table 3.1", "Health records", "6,310")]),
    ("In Table 3.2, what is the projected demand in 2030 for the total workforce?",
     [("Table 3.2", "Total workforce", "10,157")]),
])
def test_the_question_words_pick_the_table_row_and_column_of_tables_with_two_label_columns(plan, question, cells):
    assert figures_of(plan, question) == cells


def test_the_same_column_in_two_tables_gives_the_same_printed_cell(plan):
    [(table, row, value)] = figures_of(plan, "What is the projected 2030 demand for health records staff?")
    assert (row, value) == ("Health records", "5,902") and table in ("Table 3.1", "Table 3.2")


@pytest.mark.parametrize("question", [
    "What percentage of patients supported earlier discharge?",  # 'supported' is not the row 'Support staff'
    "How many staff did the region's trusts employ in 2010?",  # a year no table prints
])
def test_a_row_is_not_taken_on_one_shared_word_or_for_a_year_its_table_does_not_print(plan, question):
    answer = plan.ask(question)
    assert answer.figures == () and answer.route != "figure"


def test_a_markdown_pipe_table_is_read_at_ingest_with_its_caption_and_every_cell(plan_store, capsys):
    assert main(["--home", str(plan_store.home), "tables", "--json"]) == 0
    tables = {t["id"]: t for t in json.loads(capsys.readouterr().out)}
    assert sorted(tables) == ["Table 3.1", "Table 3.2", "Table 5"]
    delays = tables["Table 5"]
    assert delays["caption"] == "Delayed discharges by local authority and year"
    assert delays["columns"] == ["Local authority", "2022", "2023", "2024"]
    assert delays["rows"] == [["Barnet", "412", "388", "351"], ["Camden", "275", "301", "264"],
                              ["Enfield", "198", "176", "190"]]
    assert tables["Table 3.2"]["rows"][1] == ["", "Health records", "6,644", "5,902", "+742"]


def test_a_question_about_one_pipe_table_cell_is_answered_exactly_or_abstains(plan):
    assert figures_of(plan, "How many delayed discharges were there in Camden in 2023?") == [("Table 5", "Camden", "301")]
    missing = plan.ask("How many delayed discharges were there in Hackney in 2023?")
    assert missing.abstained and missing.figures == ()


def test_markdown_blocks_become_headings_paragraphs_and_list_items_with_a_table_or_without():
    layout = read_markdown(PLAN)
    lines = layout.pages[0].lines
    assert [(line.text, line.level) for line in lines if line.style == "heading"] == [
        ("Workforce plan for data services", 1), ("Demand", 2), ("Supply", 2), ("Delays", 2)]
    assert lines[1].text == ("This plan sets out the workforce each area of work needs by 2030. "
                             "It draws on returns from every trust in the region.")
    assert [line.text for line in lines if line.style == "list"] == ["Camden's delays rose in 2023 and fell again in 2024."]
    assert len(layout.pages[0].grids) == 3
    plain = read_markdown("# Notes\n\nNo table here, only | a pipe.\n").pages[0]  # one block builder for every format
    assert [(line.text, line.style) for line in plain.lines] == [("Notes", "heading"), ("No table here, only | a pipe.", "")]
    assert plain.grids == ()


RESPONSES = """# Who we heard from

Table 1: Responses to the survey by organisation type

| Organisation type | Number of responses | Percentage of total responses |
|---|---|---|
| NHS trusts | 45 | 48% |
| Care | 18 | 20% |
| Local authority | 12 | 13% |
"""


def test_a_figure_from_a_bare_total_column_is_named_by_that_column_not_by_a_group_the_table_does_not_print(tmp_path):
    from assistant.answer import Assistant
    from assistant.library import Library

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "responses.md").write_text(RESPONSES, encoding="utf-8")
    settings = Settings.from_env(home=tmp_path / "store", chroma_url="")
    ingest([tmp_path / "corpus"], settings)
    answer = Assistant(Library.open(settings)).ask("What percentage of total responses came from care organisations?")
    assert "Care, Percentage of total responses: 20%" in answer.answer and "All respondents" not in answer.answer


REGIONS = """# Survey of data teams

Table 1: Responses to the survey by region and organisation type

| Region or organisation type | Number of responses |
|---|---|
| London (Y56) | 7 |
| North West (Y62) | 17 |
| CCG | 12 |
| CSU | 4 |

Table 2: Staff by role family – WTEs

| Role family | WTEs |
|---|---|
| Professionals | 7.00 |
| Support staff | 21.00 |

Table 3: Responses to barriers to hiring

| Barrier to recruitment | Count |
|---|---|
| Specific technical skills | 34 |
| Pay scales | 26 |
| Banding restrictions | 24 |

Table 4: Provider organisations

| Site | Provider type | Readiness | Capability |
|---|---|---|---|
| A | Acute trust | 72 | 40 |
| B | Ambulance trust | 83 | 38 |
| C | Acute trust | 87 | 79 |

Table 5: Price index values and rates, November 2024 to February 2025

| Month | Price index (2015=100) | 12-month rate (%) |
|---|---|---|
| 2024 Nov | 130.1 | 3.0 |
| Dec | 130.5 | 3.1 |
| 2025 Jan | 131.0 | 3.2 |
| Feb | 131.9 | 3.4 |
"""


@pytest.fixture(scope="module")
def regions(tmp_path_factory):
    from assistant.answer import Assistant
    from assistant.library import Library

    corpus = tmp_path_factory.mktemp("regions")
    (corpus / "regions.md").write_text(REGIONS, encoding="utf-8")
    settings = Settings.from_env(home=tmp_path_factory.mktemp("regions-store"), chroma_url="")
    ingest([corpus], settings)
    return Assistant(Library.open(settings))


@pytest.mark.parametrize("question, cells", [
    ("How many responses came from London?", [("Table 1", "London (Y56)", "7")]),  # the code printed beside it
    ("How many responses came from CCGs?", [("Table 1", "CCG", "12")]),  # an acronym's plural
])
def test_a_row_is_named_without_its_bracketed_code_and_an_acronym_row_by_its_plural(regions, question, cells):
    assert figures_of(regions, question) == cells


@pytest.mark.parametrize("question, cells", [
    ("What was the most common barrier to hiring data professionals?", [("Table 3", "Specific technical skills", "34")]),
    ("Which barrier to hiring was mentioned least?", [("Table 3", "Banding restrictions", "24")]),
])
def test_most_and_least_rank_the_rows_of_a_table_with_one_count_column(regions, question, cells):
    # 'professionals' names Table 2's one-word row, which must not stop the ranking
    assert figures_of(regions, question) == cells


@pytest.mark.parametrize("question, cells", [
    ("Which two barriers to hiring were mentioned most?", [("Table 3", "Specific technical skills", "34"),
                                                           ("Table 3", "Pay scales", "26")]),
    ("Name the three barriers to hiring mentioned least.", [("Table 3", "Banding restrictions", "24"),
                                                            ("Table 3", "Pay scales", "26"),
                                                            ("Table 3", "Specific technical skills", "34")]),
])
def test_a_ranking_question_naming_how_many_gets_that_many_rows_from_the_edge_in_order(regions, question, cells):
    assert figures_of(regions, question) == cells


def test_a_row_named_by_a_code_under_its_heading_and_a_quoted_column_heading_give_that_one_cell(regions):
    """'Site C' is the row labelled 'C' under the heading 'Site', and "Capability" in quotation marks names a
    column, not words the row or caption must print."""
    assert figures_of(regions, 'In Table 4, what was the "Capability" score for Site C?') == [("Table 4", "C", "79")]


@pytest.mark.parametrize("question, cells", [
    ("What was the price index value in February 2025?", [("Table 5", "2025 Feb", "131.9")]),
    ("What was the 12-month rate in December 2024?", [("Table 5", "2024 Dec", "3.1")]),
    ("What was the price index in January 2025?", [("Table 5", "2025 Jan", "131.0")]),
    ("What was the price index in March 2025?", []),  # a month the table does not print: no other month's cell
    ("What was the price index in November 2025?", []),  # a row dated November 2024 is not November 2025
])
def test_a_month_asked_in_full_is_the_row_a_table_abbreviates_under_the_year_printed_above_it(regions, question, cells):
    assert figures_of(regions, question) == cells


@pytest.mark.parametrize("question, cells", [
    ("Which site had the lowest capability score?", [("Table 4", "B", "38")]),  # not the lowest readiness (A, 72)
    ("Which site had the highest readiness score?", [("Table 4", "C", "87")]),
])
def test_a_ranking_ranks_down_the_column_the_question_names(regions, question, cells):
    assert figures_of(regions, question) == cells


def test_a_row_that_sums_up_the_others_takes_no_place_in_their_ranking(plan):
    assert figures_of(plan, "Which area of work has the largest projected demand in 2030?")[:1] == [
        ("Table 3.1", "Health records", "5,902")]  # not 'Total workforce' (10,157)


@pytest.mark.parametrize("question, first, said, shown", [
    ("In which year were delayed discharges in Camden highest?", "301", ": highest in 2023", 3),
    ("Were Barnet's delayed discharges lower in 2022 or in 2024?", "351", ": lower in 2024", 2),  # the two it names
    ("In which years were delayed discharges in Enfield below 195?", "176", ": below 195 in 2023 and 2024", 3),
])
def test_a_question_choosing_among_a_row_s_years_compares_the_row_s_printed_cells(plan, question, first, said, shown):
    """Which of the years a row prints: every cell given as printed, the chosen first, and which it is said as
    computed (it is not printed)."""
    answer = plan.ask(question)
    assert [f.figure.value for f in answer.figures][0] == first and len(answer.figures) == shown
    assert f"{said} (" in answer.answer and "Computed by citebrief" in answer.answer


def test_a_question_choosing_a_month_printed_as_rows_ranks_the_rows_and_compares_no_other_columns(regions):
    """Table 5 prints its months as rows: 'which month' ranks them down the column named, and no computed sentence
    sets columns that are no periods against each other."""
    answer = regions.ask("In which month was the 12-month rate highest?")
    assert [(f.figure.row, f.figure.value) for f in answer.figures][:1] == [("2025 Feb", "3.4")]
    assert "Computed by citebrief" not in answer.answer


def test_a_why_question_comparing_years_asks_a_reason_not_the_row_s_figures(plan):
    """'Why ... in 2023 compared with 2022' sets the table's years against each other, but asks why: the
    sentences answer it, never a difference computed from the row."""
    answer = plan.ask("Why did Camden's delayed discharges rise in 2023 compared with 2022?")
    assert answer.route != "figure" and "Computed by citebrief" not in answer.answer


def test_a_ranking_of_something_no_table_prints_takes_no_table_s_top_row(regions):
    """'the largest contribution' is ranked by no table here: Table 4's top readiness is not the answer."""
    assert figures_of(regions, "Which site made the largest contribution to provider readiness?") == []


CASH_FLOWS = """# Cash flows

|  |  | Fiscal Year Ended |  |  |
|---|---|---|---|---|
|  | December 27, 2019 | December 28, 2018 | December 29, 2017 | % Change |
| Net income | $24,193 | $20,402 | $14,366 | 19% |
| Non-cash charges | $47,625 | $38,186 | $28,725 | 25% |

Net cash provided by operations was $45.0 million for fiscal 2019, consisting of net income and non-cash charges.
"""


@pytest.fixture(scope="module")
def cash_flows(tmp_path_factory):
    from assistant.answer import Assistant
    from assistant.library import Library
    from small_stores import cli_store

    settings, _ = cli_store(tmp_path_factory.mktemp("cash-flows"), {"cash-flows.md": CASH_FLOWS})
    return Assistant(Library.open(settings))


@pytest.mark.parametrize("question, values", [
    # a heading spanning the years printed over one of them ('Fiscal Year Ended') does not leave the others out
    ("What was the net income for fiscal years 2019, 2018 and 2017 respectively?", ["$24,193", "$20,402", "$14,366"]),
    ("What were the non-cash charges in fiscal years 2019 to 2017?", ["$47,625", "$38,186", "$28,725"]),
    ("What was the net income in 2019 and 2017?", ["$24,193", "$14,366"]),  # a list, not a span
    ("What was the percentage change in non-cash charges between 2018 and 2019?", ["25%"]),  # a column of its own
])
def test_a_question_naming_several_years_gets_each_year_s_column(cash_flows, question, values):
    assert [f.figure.value for f in cash_flows.ask(question).figures] == values


def test_a_question_asking_which_years_a_row_is_given_for_gets_every_year_s_cell(cash_flows):
    answer = cash_flows.ask("In which years was the net income provided?")
    assert [f.figure.value for f in answer.figures] == ["$24,193", "$20,402", "$14,366"]
    assert ("Net income: given in December 27, 2019 and December 28, 2018 and December 29, 2017 (December 27, 2019 "
            "$24,193;") in answer.answer and "Computed by citebrief" in answer.answer
