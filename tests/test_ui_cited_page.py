"""The printed page behind a citation: rendered once and cached, and the cited words' highlight placed over the
words as the layout model (ingest.readers.pdf) lays them out, on every real report's gold evidence."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from conftest import REAL_REPORTS, gold

from ingest.layout import Line
from ingest.readers.pdf import read_pdf
from ui.cited_page import page_html, section_at
from ui.page_image import Box, boxes_of, page_view, page_words, rendered, tokens_of

# Measured on the nine real reports' gold evidence at this commit: every sentence found on its page is
# highlighted over its own printed lines; the floor leaves room for a sentence the text layer splits oddly.
FLOOR = 0.9


def one_page(pdf: Path, number: int) -> bytes:
    """The PDF's page alone (pypdf), so the layout model reads one page, not the whole report."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(pdf).pages[number - 1])
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def layout_lines(pdf: Path, number: int) -> tuple[Line, ...]:
    return read_pdf(pdf, one_page(pdf, number)).pages[0].lines


def share_on(box: Box, line: Line) -> float:
    """The share of the box's area lying on the line's box."""
    width = min(box.x1, line.x1) - max(box.x0, line.x0)
    height = min(box.bottom, line.bottom) - max(box.top, line.top)
    area = (box.x1 - box.x0) * (box.bottom - box.top)
    return max(0.0, width) * max(0.0, height) / area if area else 0.0


def over_the_words(boxes: list[Box], lines: tuple[Line, ...], cited: str) -> bool:
    """Each box lies on a line printing cited words, and those lines print (nearly) all of them."""
    words = tokens_of(cited)
    under = [max(lines, key=lambda line: share_on(box, line)) for box in boxes]
    if not boxes or any(share_on(b, line) <= 0.6 or not set(tokens_of(line.text)) & set(words)
                        for b, line in zip(boxes, under)):
        return False
    printed = {t for line in under for t in tokens_of(line.text)}
    return sum(t in printed for t in words) >= 0.8 * len(words)


@pytest.mark.slow
@pytest.mark.parametrize("report", REAL_REPORTS)
def test_the_highlight_lies_over_the_cited_words_on_the_printed_page(report, real_parsed):
    source = real_parsed[report].source
    pdf = Path(source.path)
    evidence = [q["evidence"] for q in gold(report, "questions.jsonl") if q["evidence"] and not q["abstain"]]
    placed = [(text, source.pdf_page_at(source.text.find(text))) for text in evidence if text in source.text]
    assert placed, "the gold evidence is in the cleaned text"
    lines = {page: layout_lines(pdf, page) for page in {page for _, page in placed}}
    good = [over_the_words(boxes_of(page_words(pdf, source.sha256, page)[2], text), lines[page], text)
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

