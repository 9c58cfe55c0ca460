"""Test helper: small files holding a table, written as a user could have (Word, Markdown, HTML, PDF),
and the tables citebrief parses back from each through the readers and ingest.table_grids."""
from __future__ import annotations

import html
from pathlib import Path

import docx
from fpdf import FPDF
from fpdf.enums import TableHeadingsDisplay

from ingest.layout import Layout, Line, Page
from ingest.readers.docx import read_docx
from ingest.readers.html import read_html
from ingest.readers.pdf import read_pdf
from ingest.readers.pipe_tables import pipe_grids
from ingest.table_grids import tables_in_layout

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def write_docx(path: Path, heading: list[str], rows: list[list[str]], before: tuple[str, ...] = (),
               after: tuple[str, ...] = ()) -> Path:
    document = docx.Document()
    for text in before:
        document.add_heading(text[2:], level=2) if text.startswith("# ") else document.add_paragraph(text)
    table = document.add_table(rows=len(rows) + 1, cols=len(heading))
    for k, text in enumerate(heading):
        table.cell(0, k).text = text
    for r, row in enumerate(rows, start=1):
        for k, text in enumerate(row):
            table.cell(r, k).text = text
    for text in after:
        document.add_paragraph(text)
    document.save(path)
    return path


def markdown_lines(heading: list[str], rows: list[list[str]], before=(), after=()) -> list[str]:
    table = ["| " + " | ".join(heading) + " |", "|" + "|".join("---" for _ in heading) + "|"]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    return [*before, "", *table, "", *after]


def markdown_layout(lines: list[str]) -> Layout:
    """What a text reader gives for Markdown: the lines numbered by their index, pipe tables as grids."""
    found = pipe_grids(lines)
    taken = {i for _, consumed in found for i in consumed}
    kept = tuple(Line(text, None, top=i, bottom=i) for i, text in enumerate(lines) if i not in taken and text.strip())
    return Layout((Page(None, kept, tuple(grid for grid, _ in found)),))


def html_table(heading: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in heading)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


class _Report(FPDF):
    """A report page with a running footer, as the real reports print one."""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.font_family, size=8)
        self.cell(0, 10, f"{self.page_no()} | Workforce report 2024", align="C")


def write_pdf(path: Path, heading: list[str], rows: list[list[str]], before: tuple[str, ...] = (),
              after: tuple[str, ...] = (), filler: int = 0, repeat_heading: bool = False, **style) -> Path:
    """A PDF with `filler` lines of body text, the `before` lines, a ruled table (its heading repeated on
    each new page when `repeat_heading`; `style`: fpdf2's table options, such as borders and fills) and the
    `after` lines. Uses DejaVu Sans for characters beyond Latin-1 (−)."""
    pdf = _Report()
    _unicode_font(pdf)
    pdf.add_page()
    for text in ["Body text of the report that runs on before the table."] * filler + list(before):
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    repeat = TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE if repeat_heading else TableHeadingsDisplay.NONE
    with pdf.table([heading] + rows, repeat_headings=repeat, **style):
        pass
    for text in after:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def parsed(layout: Layout):
    """The tables and warnings the layout gives."""
    placed, warnings = tables_in_layout(layout)
    return [p.table for p in placed], warnings


def docx_tables(path: Path):
    return parsed(read_docx(path, path.read_bytes()))


def html_tables(text: str):
    return parsed(read_html(Path("page.html"), text))


def pdf_tables(path: Path):
    return parsed(read_pdf(path, path.read_bytes()))


def write_unruled_pdf(path: Path, caption: str, heading: list[list[str]], rows: list[tuple[list[str], list[str]]],
                      filler: int = 0, repeat_heading: bool = False, after: tuple[str, ...] = ()) -> Path:
    """A PDF with `filler` lines of body text, then an unruled table as a statistics bulletin sets one: the
    caption, heading lines (each a list of texts, one per value column; a text is centred over two columns
    when the next is None), then rows of (label lines in bold, values printed on the label's first line), running
    over pages (the heading repeated on each when `repeat_heading`), then the `after` lines."""
    pdf = _Report()
    family = _unicode_font(pdf)
    pdf.add_page()
    for text in ["Body text of the report that runs on before the table."] * filler:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 6, caption, align="C", new_x="LMARGIN", new_y="NEXT")
    label_width, value_width = 52, 26
    columns = [pdf.l_margin + label_width + k * value_width for k in range(len(rows[0][1]))]

    def print_heading() -> None:
        pdf.set_font(family, style="B", size=9)
        for line in heading:
            for k, text in enumerate(line):
                if text:
                    spans = k + 1 < len(line) and line[k + 1] is None  # centred over this column and the next
                    pdf.set_xy(columns[k], pdf.get_y())
                    pdf.cell(value_width * (1 + spans), 5, text, align="C" if spans else "L")
            pdf.ln(5)
        pdf.ln(2)

    print_heading()
    for labels, values in rows:
        if pdf.get_y() + 5 * len(labels) > pdf.page_break_trigger:
            pdf.add_page()
            if repeat_heading:
                print_heading()
        top = pdf.get_y()
        pdf.set_font(family, style="B", size=9)
        for k, label in enumerate(labels):
            pdf.set_xy(pdf.l_margin, top + 5 * k)
            pdf.cell(label_width, 5, label)
        pdf.set_font(family, size=9)
        for x, value in zip(columns, values):
            pdf.set_xy(x, top)
            pdf.cell(value_width, 5, value)
        pdf.set_xy(pdf.l_margin, top + 5 * len(labels) + 3)
    pdf.set_font(family, size=10)
    pdf.ln(6)
    for text in after:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _unicode_font(pdf: FPDF) -> str:
    """DejaVu Sans (for characters beyond Latin-1, such as the minus sign) when installed, else Helvetica."""
    if not UNICODE_FONT.exists():
        pdf.set_font("Helvetica", size=10)
        return "Helvetica"
    pdf.add_font("DejaVu", fname=str(UNICODE_FONT))
    pdf.add_font("DejaVu", style="B", fname=str(UNICODE_FONT.with_name("DejaVuSans-Bold.ttf")))
    pdf.set_font("DejaVu", size=10)
    return "DejaVu"


def write_statement_pdf(path: Path, rows: list[list[str]], heading_rows: int, align: str = "R") -> Path:
    """A table given as rows of printed cells (heading rows first), printed unruled as an annual report sets
    a financial statement: a 'Table 1' caption, labels wrapped in their column, values aligned `align`
    ("R" or "L") in columns of one width, heading rows in bold, a little white between rows."""
    pdf = FPDF()
    family = _unicode_font(pdf)
    pdf.add_page()
    pdf.set_font(family, size=8)
    label_width = min(70, max(pdf.get_string_width(row[0]) for row in rows) + 4)
    value_width = min(30, (190 - label_width) / max(max(len(row) for row in rows) - 1, 1))
    pdf.multi_cell(0, 5, "Table 1: Figures from the annual report", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for k, row in enumerate(rows):
        pdf.set_font(family, style="B" if k < heading_rows else "", size=8)
        top = pdf.get_y()
        pdf.multi_cell(label_width - 2, 4, row[0], new_x="LMARGIN", new_y="NEXT")
        bottom = pdf.get_y()
        for j, cell in enumerate(row[1:]):
            pdf.set_xy(pdf.l_margin + label_width + j * value_width, top)
            pdf.cell(value_width, 4, cell, align=align)
        pdf.set_xy(pdf.l_margin, max(bottom, top + 4) + 1.5)
    pdf.output(str(path))
    return path
