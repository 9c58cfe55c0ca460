"""A generated table of labels and printed values comes back cell for cell from a PDF, a Word file,
Markdown and HTML: the printed string, never a reformatted number."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from table_files import (UNICODE_FONT, docx_tables, html_tables, markdown_layout, markdown_lines, parsed,
                         pdf_tables, write_docx, write_pdf)

WORDS = ["North", "East", "care", "Trust", "staff", "Adult", "mental", "health", "London", "nurses", "Other", "Total"]
SUFFIXES = ["", " (Y60)", ": 16-24", " 0 - 2 years", " (n=44)", " and others"]
HEADINGS = ["Nurses", "Doctors", "Number", "Percentage", "Change", "2023/24", "Survey 1", "Budget £m", "Share (%)"]


@st.composite
def printed_values(draw) -> str:
    whole = draw(st.integers(0, 99_999))
    plain = f"{whole:,}"
    forms = [plain, f"{whole / 100:.1f}%", f"+{plain}", f"-{plain}", f"({plain})", f"{plain}*", f"{plain}a",
             f"{whole / 10:.2f}", "-", "n/a", "/", "0"]
    if UNICODE_FONT.exists():
        forms += [f"−{plain}", f"£{whole / 10:.1f}bn"]
    return draw(st.sampled_from(forms))


@st.composite
def grids(draw) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(2, 5))
    heading = ["Area"] + draw(st.lists(st.sampled_from(HEADINGS), min_size=width - 1, max_size=width - 1, unique=True))
    labels = st.builds(lambda words, suffix: " ".join(words) + suffix,
                       st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), st.sampled_from(SUFFIXES))
    rows = draw(st.lists(st.tuples(labels, st.lists(printed_values(), min_size=width - 1, max_size=width - 1)),
                         min_size=1, max_size=6))
    return heading, [[label, *values] for label, values in rows]


def same(tables, heading, rows) -> None:
    [table] = tables
    assert table.columns == tuple(heading)
    assert [list(row) for row in table.rows] == rows


SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


FILES = {"pdf": (write_pdf, pdf_tables), "docx": (write_docx, docx_tables)}


@SLOW
@pytest.mark.parametrize("kind", sorted(FILES))
@given(grid=grids())
def test_a_table_round_trips_cell_exact_through_a_pdf_and_a_word_file(tmp_path, kind, grid):
    heading, rows = grid
    write, read = FILES[kind]
    tables, warnings = read(write(tmp_path / f"table.{kind}", heading, rows, before=("Table 1: Generated",)))
    same(tables, heading, rows)
    assert warnings == []


@QUICK
@given(grid=grids())
def test_a_table_round_trips_cell_exact_through_a_markdown_pipe_table(grid):
    heading, rows = grid
    same(parsed(markdown_layout(markdown_lines(heading, rows, before=["Table 1: Generated"])))[0], heading, rows)


@QUICK
@given(grid=grids())
def test_a_table_round_trips_cell_exact_through_an_html_table(grid):
    from table_files import html_table

    heading, rows = grid
    same(html_tables(f"<p>Table 1: Generated</p>{html_table(heading, rows)}")[0], heading, rows)
