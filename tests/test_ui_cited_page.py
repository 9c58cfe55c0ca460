"""The printed page behind a citation: rendered once and cached, and the cited words' highlight placed over the
words as the layout model (ingest.readers.pdf) lays them out, on every real report's gold evidence."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from conftest import REAL_REPORTS, gold

from ingest.readers.pdf import read_pdf
from ui.cited_page import page_html, section_at
from ui.page_image import Box, boxes_of, page_view, page_words, rendered, tokens_of

# Measured on the nine real reports' gold evidence: every sentence found on its page is highlighted over its
# own printed lines or table; the floor leaves room for a sentence the text layer splits oddly.
FLOOR = 0.9


def one_page(pdf: Path, number: int) -> bytes:
    """The PDF's page alone (pypdf), so the layout model reads one page, not the whole report."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(pdf).pages[number - 1])
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def layout_regions(pdf: Path, number: int) -> list[tuple[Box, str]]:
    """The page's printed lines and ruled tables (whose words the layout model reads as cells, not lines),
    each as its box and its text."""
    page = read_pdf(pdf, one_page(pdf, number)).pages[0]
    return [(Box(r.x0, r.top, r.x1, r.bottom), text) for r, text in
            [(line, line.text) for line in page.lines] + [(grid, " ".join(map(" ".join, grid.rows))) for grid in page.grids]]


def share_on(box: Box, region: Box) -> float:
    """The share of the box's area lying on the region's box."""
    width = min(box.x1, region.x1) - max(box.x0, region.x0)
    height = min(box.bottom, region.bottom) - max(box.top, region.top)
    area = (box.x1 - box.x0) * (box.bottom - box.top)
    return max(0.0, width) * max(0.0, height) / area if area else 0.0


def over_the_words(boxes: list[Box], regions: list[tuple[Box, str]], cited: str) -> bool:
    """Each box lies on a line (or table) printing cited words, and those print (nearly) all of them."""
    words = tokens_of(cited)
    under = [max(regions, key=lambda region: share_on(box, region[0])) for box in boxes]
    if not boxes or any(share_on(b, region) <= 0.6 or not set(tokens_of(text)) & set(words)
                        for b, (region, text) in zip(boxes, under)):
        return False
    printed = {t for _, text in under for t in tokens_of(text)}
    return sum(t in printed for t in words) >= 0.8 * len(words)


@pytest.mark.slow
@pytest.mark.parametrize("report", REAL_REPORTS)
def test_the_highlight_lies_over_the_cited_words_on_the_printed_page(report, real_parsed):
    source = real_parsed[report].source
    pdf = Path(source.path)
    evidence = [q["evidence"] for q in gold(report, "questions.jsonl") if q["evidence"] and not q["abstain"]]
    placed = [(text, source.pdf_page_at(source.text.find(text))) for text in evidence if text in source.text]
    assert placed, "the gold evidence is in the cleaned text"
    regions = {page: layout_regions(pdf, page) for page in {page for _, page in placed}}
    good = [over_the_words(boxes_of(page_words(pdf, source.sha256, page)[2], text), regions[page], text)
            for text, page in placed]
    assert sum(good) >= FLOOR * len(good), f"{sum(good)} of {len(good)}"


def test_a_page_is_rendered_once_then_read_from_the_cache(real_parsed, tmp_path):
    source = real_parsed[REAL_REPORTS[0]].source
    png = rendered(Path(source.path), source.sha256, 1, tmp_path)
    assert png.startswith(b"\x89PNG") and len(list(tmp_path.iterdir())) == 1
    cached = next(tmp_path.iterdir())
    cached.write_bytes(b"\x89PNG cached")  # what a second call returns comes from the file, not a new render
    assert rendered(Path(source.path), source.sha256, 1, tmp_path) == b"\x89PNG cached"


def test_the_page_html_places_each_box_in_percent_of_the_page_and_carries_no_document_text(real_parsed, tmp_path):
    parsed = real_parsed[REAL_REPORTS[0]]
    source = parsed.source
    sentence = next(c for c in parsed.chunks if c.kind == "sentence" and c.page_pdf)
    view = page_view(Path(source.path), source.sha256, sentence.page_pdf, "7", [sentence.text], tmp_path)
    markup = page_html(view)
    assert view.boxes and markup.count('class="citebrief-highlight"') == len(view.boxes)
    first = view.boxes[0]
    assert f"left:{100 * first.x0 / view.width:.3f}%" in markup and f'data-x0="{first.x0:.2f}"' in markup
    assert sentence.text[:30] not in markup and 'alt="Page 7 of the report"' in markup


def test_a_passage_of_a_page_less_source_is_shown_in_its_innermost_section(parsed):
    deepest = max(parsed.sections, key=lambda s: len(s.path))
    assert section_at(parsed, deepest.start) == deepest
    assert section_at(parsed, len(parsed.source.text) + 10) is None


def test_words_are_matched_whatever_their_case_accents_and_ligatures():
    assert tokens_of("Ofﬁce café, CO₂-neutral") == ["office", "cafe", "co2", "neutral"]
    words = tuple({"text": t, "x0": 10.0 * n, "x1": 10.0 * n + 8, "top": 5.0, "bottom": 15.0}
                  for n, t in enumerate("the office said the cafe".split()))
    assert boxes_of(words, "Office said") == [Box(10.0, 5.0, 28.0, 15.0)]
    assert boxes_of(words, "nothing here") == []



def test_the_page_speed_benchmark_prints_a_table_for_each_pdf(reports_dir, capsys):
    from evals.page_speed import main, sampled

    assert sampled(10) == [1, 3, 5, 8, 10] and sampled(1) == [1]
    pdf = reports_dir / "docs" / "tphc-digital-impact-2023-24.pdf"
    assert main([str(pdf)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("| PDF | pages | cold median s") and printed[2].startswith(f"| {pdf.name} | 10 |")
