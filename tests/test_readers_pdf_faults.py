"""PDF content that used to be lost or refused: part numbers like "Item 1A", sideways pages, scanned pages
inside a text PDF, garbled text layers, superscript footnote marks after figures, the title a PDF (or an HTML
page) gives itself, and a report in a script the embedding model does not read.

Each file is made here (fpdf2; pypdf to break a font's Unicode map as real files have it broken), the
folder is ingested once by the real `citebrief ingest`, and each test reads the store or the one-line
warnings the command printed.
"""
from __future__ import annotations

import io
import json
import math
import re
from contextlib import redirect_stderr
from dataclasses import replace
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from ingest.load import load
from ingest.page_faults import parse_by_pages
from ingest.part_numbers import consecutive
from ingest.structure import parse
from ingest.settings import Settings
from ingest.store import Store
from ui.cli import main

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FILLER = ("The council reviewed spending on local services and set out its plans for the coming year. "
          "Officers described the pressures on each service and the savings already made. ")
TENK_ITEMS = ("Item 1. Business", "Item 1A. Risk Factors", "Item 2. Properties", "Item 3. Legal Proceedings",
              "Item 7. Management's Discussion and Analysis", "Item 7A. Quantitative Disclosures About Market Risk",
              "Item 10, 11 and 12. Directors, Officers and Governance")
SIDEWAYS_ROWS = (("Region", "Budget", "Spend", "Change"), ("North East", "£4.2m", "£3.9m", "-7%"),
                 ("South West", "£5.1m", "£5.6m", "+10%"), ("London", "£9.8m", "£9.4m", "-4%"))
HTML_PAGE = ("<html><head><title>Bus services review - GOV.UK</title><meta name='author' content='Transport Analysis "
             "Unit'><meta name='DC.date' content='2023-05-02'></head><body><header><h1>GOV.UK</h1></header><main><h1>"
             f"Bus services review: findings</h1><p>{FILLER}</p></main></body></html>")
SHIFTED = "Adult social care"  # printed right, but its font's Unicode map is shifted by 29 codes


def page_of_text(pdf: FPDF, heading: str, paragraphs: int = 3) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for _ in range(paragraphs):
        pdf.multi_cell(0, 6, FILLER, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)


def tenk_pdf() -> bytes:
    """An annual report whose parts are numbered "Item 1", "Item 1A", ... "Item 10, 11 and 12"."""
    pdf = FPDF()
    for item in TENK_ITEMS:
        page_of_text(pdf, item, 2)
    return bytes(pdf.output())


def table_pdf(sideways: bool, ruled: bool = False) -> bytes:
    """Page 2 holds a landscape table: printed turned a quarter on a portrait page (its text runs up the
    page) when sideways, else upright on a landscape page; unruled, or with every cell boxed."""
    pdf = FPDF()
    page_of_text(pdf, "Regional budgets", 2)
    pdf.add_page(orientation="P" if sideways else "L")
    pdf.set_font("Helvetica", size=12)
    # turned about the portrait page's centre, the landscape page's corner lands 43.5 mm left and below
    # (fpdf reads a negative x as from the right edge: a ruled table starts right of the turned corner)
    x, y = ((5, 70) if sideways else (48.5, 26.5)) if ruled else ((-20, 70) if sideways else (23.5, 26.5))
    with pdf.rotation(90 if sideways else 0, x=105, y=148.5):
        pdf.text(x, y, "Table 4: Budget and spend by region, 2023-24")
        for r, row in enumerate(SIDEWAYS_ROWS):
            for k, cell in enumerate(row):
                if ruled:
                    pdf.set_xy(x + 50 * k, y + 5 + 10 * r)
                    pdf.cell(50, 10, cell, border=1)
                else:
                    pdf.text(x + 60 * k, y + 15 + 10 * r, cell)
    page_of_text(pdf, "What the table shows", 1)
    return bytes(pdf.output())


def scanned_appendix_pdf() -> bytes:
    """Two pages of text, then an appendix page that is only a picture of text."""
    pdf = FPDF()
    page_of_text(pdf, "Main findings")
    page_of_text(pdf, "Recommendations")
    picture = Image.new("RGB", (600, 840), "white")
    ImageDraw.Draw(picture).text((40, 60), "Appendix B: survey responses by ward", fill="black")
    pdf.add_page()
    pdf.image(picture, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def broken_map_pdf(shift: bool) -> bytes:
    """Page 2 set in a font whose Unicode map is shifted by 29 codes (shift) or missing (not shift): the
    page prints right but its text layer reads "$GXOW VRFLDO FDUH" or "(cid:36)(cid:71)..."."""
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.add_font("Broken", fname=str(UNICODE_FONT))
    page_of_text(pdf, "Spending on services")
    pdf.add_page()
    pdf.set_font("Broken", size=16)
    pdf.multi_cell(0, 9, SHIFTED, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Broken", size=11)
    pdf.multi_cell(0, 6, "Adult social care budgets rose in every region during the year, while spending on "
                   "home care and residential places grew faster than the grant.", new_x="LMARGIN", new_y="NEXT")
    page_of_text(pdf, "Children's services")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font and shift:
                cmap = font["/ToUnicode"].get_object()
                cmap.set_data(re.sub(rb"(<[0-9A-F]+>\s+)<([0-9A-F]{4})>", _shifted, cmap.get_data()))
            elif "/ToUnicode" in font:
                del font["/ToUnicode"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _shifted(match) -> bytes:
    code = int(match.group(2), 16)
    return match.group(1) + b"<%04X>" % (code - 29 if code > 61 else code)


def damaged_page_pdf() -> bytes:
    """Three pages; page 2 draws a form whose /Matrix holds names, not numbers (a damaged object), so
    pdfminer raises on that page alone."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    pdf = FPDF()
    for heading in ("Housing supply", "Damaged page", "Planning reform"):
        page_of_text(pdf, heading, 2)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    page = writer.pages[1]
    form = DecodedStreamObject()
    form.set_data(b"BT /F1 12 Tf 10 10 Td (Form text) Tj ET")
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([NameObject("/a")] * 4), NameObject("/Resources"): page["/Resources"],
                 NameObject("/Matrix"): ArrayObject([NameObject("/a")] * 6)})
    page["/Resources"][NameObject("/XObject")] = DictionaryObject({NameObject("/Fx"): writer._add_object(form)})
    contents = page.get_contents()
    contents.set_data(contents.get_data() + b"\nq /Fx Do Q")
    page.replace_contents(contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def superscript_pdf() -> bytes:
    """Figures followed by a raised, smaller footnote mark after a space ("£320 ¹"), as LaTeX sets them."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 10, "Costs of care", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for before, figure, mark, after in (("The weekly cost of a place rose to", "£320", "1", "per resident."),
                                        ("Builders completed", "12,400", "2", "homes in the year.")):
        pdf.write(6, f"{before} {figure} ")
        pdf.char_vpos = "SUP"
        pdf.write(6, mark)
        pdf.char_vpos = "LINE"
        pdf.write(6, f" {after} {FILLER}")
        pdf.ln(9)
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(0, 5, "1 Care home survey, 2024.\n2 Housing statistics, 2024.")
    return bytes(pdf.output())


def titled_pdf(title_field: str, printed: str) -> bytes:
    pdf = FPDF()
    pdf.set_title(title_field)
    pdf.set_author("Transport Analysis Unit")
    page_of_text(pdf, printed)
    return bytes(pdf.output())


FILES = {"annual-report-10k.pdf": tenk_pdf, "sideways-table.pdf": lambda: table_pdf(sideways=True),
         "scanned-appendix.pdf": scanned_appendix_pdf, "superscript-marks.pdf": superscript_pdf,
         "damaged-page.pdf": damaged_page_pdf,
         "bus-review.pdf": lambda: titled_pdf("Local Bus Services Review", "Local Bus Services Review"),
         "draft3.pdf": lambda: titled_pdf("Microsoft Word - draft3.docx", "Rural Broadband Rollout")}
if UNICODE_FONT.exists():
    FILES |= {"shifted-codes.pdf": lambda: broken_map_pdf(shift=True),
              "unmapped-glyphs.pdf": lambda: broken_map_pdf(shift=False)}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfs")
    for name, make in FILES.items():
        (folder / name).write_bytes(make())
    (folder / "bus-services.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "chinese-report.txt").write_text("卫生服务评估报告\n\n该试点项目的预算为240万英镑，为期两个学年。" * 20,
                                              encoding="utf-8")
    home = tmp_path_factory.mktemp("store")
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["--home", str(home), "ingest", str(folder)])
    store = Store(Settings.from_env(home=home, chroma_url=""))
    lines = [line for line in err.getvalue().splitlines() if line.startswith("citebrief: ")]
    return code, lines, store, folder


def stored(ingested, name: str):
    return ingested[2].load_source(name)


def warning_about(ingested, name: str) -> list[str]:
    return [line for line in ingested[1] if f"{name}:" in line]


def test_the_folder_ingests_with_no_file_refused_and_no_traceback(ingested):
    code, lines, store, _ = ingested
    assert code == 0 and not any("Traceback" in line or "could not be parsed" in line for line in lines)
    assert set(store.manifest()["sources"]) == {Path(name).stem for name in FILES} | {"chinese-report", "bus-services"}


def test_part_numbers_with_letters_and_roman_numerals_are_read_as_numbers():
    assert consecutive(["1", "1A", "1B", "2"]) and consecutive(["7", "7A", "8"]) and consecutive(["I", "II", "IIA", "III"])
    assert consecutive(["3a", "3b", "3c"]) and consecutive(["A", "B", "C", "D"]) and consecutive(["iv", "v", "vi"])
    assert not consecutive(["1", "3"]) and not consecutive(["10,", "Business"]) and not consecutive(["1", "1.Business"])


def test_the_letter_pair_model_is_rebuilt_exactly_from_the_bundled_report():
    from ingest.readers.letter_pairs import MODEL, fit

    report = Path(__file__).resolve().parents[1] / "corpus" / "kings-fund-2010-leadership-needs.txt"
    assert fit(report.read_text(encoding="utf-8")) == json.loads(MODEL.read_text(encoding="utf-8"))


def test_an_annual_report_numbered_item_1a_7a_is_read_whole(ingested):
    parsed = stored(ingested, "annual-report-10k")
    assert all(item.split(". ")[-1] in parsed.source.text for item in TENK_ITEMS)
    assert not warning_about(ingested, "annual-report-10k.pdf")


def test_a_page_that_cannot_be_read_is_named_and_the_rest_of_the_file_is_read(ingested):
    lines = warning_about(ingested, "damaged-page.pdf")
    assert len(lines) == 1 and "page 2 could not be read (PdfminerException:" in lines[0], lines
    assert "it was left out, the rest of the file was read" in lines[0]
    text = stored(ingested, "damaged-page").source.text
    assert "Housing supply" in text and "Planning reform" in text and "Damaged page" not in text


def test_a_page_on_which_a_structure_step_raises_is_named_and_the_rest_is_parsed(tmp_path):
    """A page whose lines sit at an infinite position (as an out-of-range text matrix would place them)
    makes the structure step raise; only that page is left out."""
    path = tmp_path / "odd-page.pdf"
    pdf = FPDF()
    for heading in ("Housing supply", "Odd page", "Planning reform"):
        page_of_text(pdf, heading, 2)
    path.write_bytes(bytes(pdf.output()))
    raw = load(path)
    first, odd, last = raw.layout.pages
    odd = replace(odd, lines=tuple(replace(line, top=math.inf) for line in odd.lines))
    raw = replace(raw, layout=replace(raw.layout, pages=(first, odd, last)))
    with pytest.raises(OverflowError):
        parse(raw, "odd-page", 700)
    parsed = parse_by_pages(raw, "odd-page", 700)
    assert parsed.warnings == (f"{path}: page 2 could not be read (OverflowError: cannot convert float infinity to "
                               "integer); it was left out, the rest of the file was read; please report this file",)
    assert [s.heading for s in parsed.sections] == ["Housing supply", "Planning reform"]


def test_a_sideways_page_is_read_in_its_own_orientation_as_if_printed_upright(ingested, tmp_path):
    # read apart from the folder: the two files' text is one report's, so the store keeps the first only
    landscape = tmp_path / "landscape-table.pdf"
    landscape.write_bytes(table_pdf(sideways=False))
    sideways, upright = stored(ingested, "sideways-table"), parse(load(landscape), "landscape-table", 700)
    for parsed in (sideways, upright):  # one table under its printed caption, its heading row its columns
        (table,) = parsed.tables
        assert (table.id, table.caption, table.page) == ("Table 4", "Budget and spend by region, 2023-24", 2)
        assert (table.columns, table.rows) == (SIDEWAYS_ROWS[0], SIDEWAYS_ROWS[1:])
    assert sideways.source.text == upright.source.text and sideways.source.pages == upright.source.pages


def test_a_ruled_table_on_a_sideways_page_is_read_as_on_an_upright_page(tmp_path):
    read = []
    for sideways in (True, False):
        path = tmp_path / f"ruled-{sideways}.pdf"
        path.write_bytes(table_pdf(sideways, ruled=True))
        read.append(parse(load(path), "ruled-table", 700))
    sideways, upright = read
    (table,) = sideways.tables
    assert (table.id, table.columns, table.rows) == ("Table 4", SIDEWAYS_ROWS[0], SIDEWAYS_ROWS[1:])
    assert sideways.source.text == upright.source.text and sideways.tables == upright.tables


def test_a_scanned_page_inside_a_text_pdf_is_named_and_the_rest_is_read(ingested):
    lines = warning_about(ingested, "scanned-appendix.pdf")
    assert lines == [f"citebrief: {ingested[3] / 'scanned-appendix.pdf'}: page 3 has no text layer (a scanned "
                     "page?); it was not read"]
    assert "Recommendations" in stored(ingested, "scanned-appendix").source.text


@pytest.mark.skipif(not UNICODE_FONT.exists(), reason="needs DejaVu Sans to embed a font with a Unicode map")
@pytest.mark.parametrize("name, sample", [("shifted-codes", "$GXOW"), ("unmapped-glyphs", "(cid:")])
def test_a_garbled_text_layer_is_named_by_page_and_kept_out_of_the_text(ingested, name, sample):
    lines = warning_about(ingested, f"{name}.pdf")
    assert len(lines) == 1 and "page 2 has a garbled text layer" in lines[0] and "it was not read" in lines[0]
    parsed = stored(ingested, name)
    assert sample not in parsed.source.text and "Children's services" in parsed.source.text
    assert not any(sample in s.heading for s in parsed.sections) and not any(sample in c.text for c in parsed.chunks)


def test_a_raised_footnote_mark_after_a_figure_leaves_the_figure(ingested):
    text = stored(ingested, "superscript-marks").source.text
    assert "rose to £320 per resident." in text and "completed 12,400 homes in the year." in text
    assert "£320 1" not in text and "12,400 2" not in text


def test_the_title_is_what_the_pdf_says_of_itself(ingested):
    assert stored(ingested, "bus-review").source.title == "Local Bus Services Review"
    assert stored(ingested, "draft3").source.title == "Rural Broadband Rollout"  # its /Title is a leftover
    page = stored(ingested, "bus-services").source
    assert (page.title, page.year) == ("Bus services review: findings", 2023)
    assert stored(ingested, "chinese-report").source.title == "Chinese report"  # a text file says nothing of itself


def test_a_report_in_a_script_the_model_does_not_read_is_named_at_ingest_and_still_stored(ingested):
    lines = warning_about(ingested, "chinese-report.txt")
    assert len(lines) == 1 and "Chinese or Japanese (CJK) script" in lines[0] and "does not read" in lines[0]
    assert "240万英镑" in stored(ingested, "chinese-report").source.text
