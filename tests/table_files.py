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
              after: tuple[str, ...] = (), filler: int = 0) -> Path:
    """A PDF with `filler` lines of body text, the `before` lines, a ruled table (its heading not repeated
    on a new page) and the `after` lines. Uses DejaVu Sans for characters beyond Latin-1 (−)."""
    pdf = _Report()
    if UNICODE_FONT.exists():
        pdf.add_font("DejaVu", fname=str(UNICODE_FONT))
        pdf.add_font("DejaVu", style="B", fname=str(UNICODE_FONT.with_name("DejaVuSans-Bold.ttf")))
        pdf.set_font("DejaVu", size=10)
    else:
        pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for text in ["Body text of the report that runs on before the table."] * filler + list(before):
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    with pdf.table([heading] + rows, repeat_headings=TableHeadingsDisplay.NONE):
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
