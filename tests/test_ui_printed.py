"""Tables laid out as printed for the Reports page (ui.printed), on small tables written by hand."""
from __future__ import annotations

from ingest.types import Figure, Table
from ui.printed import flagged_cells, marked, printed


def figure(row: str, group: str, measure: str, value: str, start: int, notes: tuple[str, ...] = ()) -> Figure:
    return Figure(source="s", table="Table 2", row=row, group=group, measure=measure, value=value, base="",
                  start=start, end=start + 1, notes=notes)


def ranked(rows) -> Table:
    return Table(source="s", id="Table 5", caption="Ranked", layout="ranked",
                 columns=("Group", "Rank", "Statement", "Percentage"), rows=rows,
                 groups=(("Nurses", 30), ("Midwives", 12)), base="", section="", start=0, end=0)


def test_ranked_groups_of_different_lengths_line_up_by_rank_with_their_summary_rows_last():
    table = ranked((("Nurses (n=30)", "1", "Time", "50"), ("Nurses (n=30)", "2", "Pay", "40"),
                    ("Nurses (n=30)", "", "Average", "45"),
                    ("Midwives (n=12)", "1", "Pay", "75"), ("Midwives (n=12)", "", "Average", "75")))
    frame = printed(table).frame
    assert list(frame.columns) == [("Nurses (n=30)", "Statement"), ("Nurses (n=30)", "Percentage"),
                                   ("Midwives (n=12)", "Statement"), ("Midwives (n=12)", "Percentage")]
    assert list(frame.index) == ["1", "2", ""] and frame.index.name == "Rank"
    assert frame.values.tolist() == [["Time", "50", "Pay", "75"], ["Pay", "40", "", ""],
                                     ["Average", "45", "Average", "75"]]


def test_grid_columns_that_begin_with_a_group_name_sit_under_that_group():
    table = Table(source="s", id="Table 2", caption="Vacancies", layout="grid",
                  columns=("Region", "Nurses (n=40) - 2023", "Nurses (n=40) - 2024", "Doctors: 2023", "Total"),
                  rows=(("North", "4", "5", "1", "10"),), groups=(("Nurses", 40), ("Doctors", None)), base="",
                  section="", start=0, end=0)
    assert list(printed(table).frame.columns) == [("Region", ""), ("Nurses (n=40)", "2023"),
                                                  ("Nurses (n=40)", "2024"), ("Doctors", "2023"), ("Total", "")]


def test_a_short_summary_row_puts_its_value_under_the_column_of_the_same_kind():
    figures = (figure("Coaching", "Medical", "number", "8", 0), figure("Coaching", "Clinical", "number", "7", 0),
               figure("Coaching", "All", "number", "15", 0), figure("Coaching", "All", "percentage", "14.3", 0),
               figure("Answered question", "All", "number", "105", 5),
               figure("Odd row", "Nobody", "number", "2", 9, notes=("Does not add up.",)))
    table = Table(source="s", id="Table 2", caption="Support", layout="grid",
                  columns=("Row", "Medical", "Clinical", "Responses", "Share"),
                  rows=(("Coaching", "8", "7", "15", "14.3"), ("Answered question", "105"), ("Odd row", "2")),
                  groups=(), base="", section="", start=0, end=0, figures=figures)
    shown = printed(table)
    assert shown.frame.values.tolist() == [["Coaching", "8", "7", "15", "14.3"],
                                           ["Answered question", "", "", "105", ""],
                                           ["Odd row", "2", "", "", ""]]  # a kind no column has follows the label
    assert marked(shown, flagged_cells(table)) == {(2, 1)}
