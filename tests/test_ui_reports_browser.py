"""A newcomer's afternoon in a real headless browser, from an empty library: add a PDF and a Word report on
the Reports page, watch them being read, ask about each, open the printed page behind a citation (its
highlight must lie over the cited words as the layout model places them), export an edited briefing, remove
a report, and see a report ingested from a terminal answer on the open page without a restart.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from test_ui_browser import ROOT, ask, browser, serving, settled  # noqa: F401  (browser: the shared fixture)

from ingest.layout import Line
from ingest.readers.pdf import read_pdf
from ui.page_image import tokens_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF_REPORT = "tphc-digital-impact-2023-24"
WORD_FACT = "The harbour ferry survey found that 42% of commuters would switch to the electric ferry."
WORD_QUESTION = "What share of commuters would switch to the electric ferry?"
CLI_FACT = "The lighthouse keepers' review counted 17 keepers still working on the northern coast."
CLI_QUESTION = "How many lighthouse keepers are still working on the northern coast?"
MINUTES = 60_000
SUMMARY = "Automation cut the time to hire in north central London."
OWN_WORDS = "Hiring now takes 18 days instead of 30."


def gold_question(report: str, question_id: str) -> dict:
    path = ROOT.parent / "shared" / "reports" / "gold" / report / "questions.jsonl"
    return next(q for q in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if q["id"] == question_id)


def word_report(folder: Path) -> Path:
    """A Word strategy with headings, made here: its fact is in no other report."""
    document = docx.Document()
    document.add_heading("Harbour transport strategy", level=1)
    document.add_paragraph("This strategy sets out how the harbour towns will move to cleaner transport by 2030.")
    document.add_heading("What commuters told us", level=2)
    document.add_paragraph(WORD_FACT + " Most of them cross the harbour twice each working day.")
    document.add_heading("Next steps", level=2)
    document.add_paragraph("The council will buy two electric ferries and rebuild the northern pier.")
    path = folder / "harbour-transport-strategy.docx"
    document.save(path)
    return path


def reports_page(page, url: str) -> None:
    page.goto(f"{url}/reports")
    page.get_by_role("heading", name="Reports").wait_for(timeout=2 * MINUTES)
    settled(page)


def add_files(page, files: list[Path]) -> list[str]:
    """Add the files on the Reports page; returns every progress label seen until each file is done."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(f) for f in files])
    page.get_by_role("button", name=f"Add {len(files)} file(s) to the library").click()
    seen: set[str] = set()
    done = re.compile(r": Done$")
    for _ in range(1800):  # a safety net, not a timing: up to half an hour on a machine shared with much else
        labels = page.get_by_test_id("stProgress").all_inner_texts()
        seen.update(labels)
        if sum(bool(done.search(label.strip())) for label in labels) == len(files):
            break
        page.wait_for_timeout(1000)
    settled(page)
    return sorted(seen)


def open_cited_page(page):
    """Open the latest answer's first source and its 'See page' dialog; returns the dialog."""
    message = page.get_by_test_id("stChatMessage").last
    message.get_by_test_id("stExpander").first.locator("summary").click()  # the expander's summary
    message.get_by_role("button", name=re.compile(r"^See ")).first.click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=MINUTES)
    return dialog


def highlight_boxes(dialog) -> tuple[list[tuple[float, ...]], float]:
    """The highlight boxes as drawn over the image, turned back into PDF points (from the page's width)."""
    container = dialog.locator(".citebrief-page")
    container.locator("img").wait_for(timeout=MINUTES)
    image = container.locator("img").bounding_box()
    width = float(container.get_attribute("data-width"))
    scale = width / image["width"]
    boxes = []
    for box in container.locator(".citebrief-highlight").all():
        drawn = box.bounding_box()
        x0, top = (drawn["x"] - image["x"]) * scale, (drawn["y"] - image["y"]) * scale
        boxes.append((x0, top, x0 + drawn["width"] * scale, top + drawn["height"] * scale))
    return boxes, scale


def overlap(box: tuple[float, ...], line: Line) -> float:
    """The share of the box's area that lies on the line's box."""
    width = min(box[2], line.x1) - max(box[0], line.x0)
    height = min(box[3], line.bottom) - max(box[1], line.top)
    area = (box[2] - box[0]) * (box[3] - box[1])
    return max(0.0, width) * max(0.0, height) / area if area else 0.0


def check_highlights(boxes: list[tuple[float, ...]], pdf: Path, page_number: int, cited: str) -> None:
    """Each box lies on a printed line of the layout model that prints cited words, and the lines under the
    boxes print (nearly) all the cited words: the highlight is over the words, and over all of them."""
    lines = read_pdf(pdf, pdf.read_bytes()).pages[page_number - 1].lines
    words = tokens_of(cited)
    under = []
    for box in boxes:
        line = max(lines, key=lambda line: overlap(box, line))
        assert overlap(box, line) > 0.6 and set(tokens_of(line.text)) & set(words), (box, line.text)
        under.append(line)
    printed = [t for line in under for t in tokens_of(line.text)]
    assert sum(t in printed for t in words) >= 0.8 * len(words), (cited, [line.text for line in under])


def export_an_edited_briefing(page, used: str) -> None:
    """Add the latest answer's first source to the briefing, write a summary and a line of one's own, export Word."""
    page.get_by_test_id("stChatMessage").last.get_by_role("button", name="Add to briefing").first.click()
    page.get_by_role("button", name="In briefing ✓").first.wait_for(timeout=MINUTES)
    page.get_by_role("link", name="Briefing").click()
    page.get_by_role("heading", name="Saved briefings").wait_for(timeout=MINUTES)
    settled(page)
    for label, words in (("Summary", SUMMARY), ("Your words", OWN_WORDS)):
        field = page.get_by_role("textbox", name=label).first
        field.fill(words)
        field.press("Control+Enter")  # a text area keeps its value when it loses focus or on Ctrl+Enter
        settled(page)
    # The exports are drawn by the run that follows the last edit, which may not have begun when the page
    # first reads as settled: the preview, drawn in the same run as the download buttons, shows when it has.
    page.get_by_text("Preview the Markdown export").click()
    page.get_by_test_id("stCode").filter(has_text=OWN_WORDS).wait_for(timeout=MINUTES)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word (.docx)").click()
    text = [p.text for p in docx.Document(Path(download.value.path())).paragraphs]
    assert SUMMARY in text and OWN_WORDS in text
    evidence = text[text.index(OWN_WORDS) + 1]
    assert evidence.split() == f"“{used}”".split(), "the words the answer used, verbatim beneath the user's own"
    page.get_by_role("link", name="Chat").click()
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=2 * MINUTES)


def test_a_newcomer_adds_a_pdf_and_a_word_report_asks_sees_the_page_and_removes_one(browser, tmp_path, reports_dir):
    pdf = reports_dir / "docs" / f"{PDF_REPORT}.pdf"
    word = word_report(tmp_path)
    home = tmp_path / "store"
    with serving(home, tmp_path / "streamlit.log") as url:
        page = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True).new_page()
        reports_page(page, url)
        page.get_by_text("No reports yet").wait_for()
        seen = add_files(page, [pdf, word])
        assert any("Embedding" in label for label in seen), seen  # the stages were shown as they went
        page.get_by_text(re.compile(r"10 pages, \d+ sections?, ")).first.wait_for(timeout=MINUTES)  # what was found
        assert (home.resolve() / "uploads" / pdf.name).exists(), "the file is kept in the store's uploads folder"
        page.screenshot(path=str(tmp_path / "reports.png"), full_page=True)

        page.get_by_role("link", name="Chat").click()
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=2 * MINUTES)
        ask(page, WORD_QUESTION)
        answer = page.get_by_test_id("stChatMessage").last
        assert "42%" in answer.inner_text()
        dialog = open_cited_page(page)
        dialog.get_by_text(re.compile(r"^Section: .*What commuters told us$")).wait_for(timeout=MINUTES)
        assert dialog.locator("strong").filter(has_text="42%").count() >= 1, "the words used, in bold"
        page.keyboard.press("Escape")

        question = gold_question(PDF_REPORT, "T01")
        ask(page, question["question"])
        answer = page.get_by_test_id("stChatMessage").last
        assert all(value in answer.inner_text() for value in question["must_contain"])
        dialog = open_cited_page(page)
        used = " ".join(answer.get_by_test_id("stExpander").first.locator("strong").all_inner_texts())
        caption = dialog.get_by_text(re.compile(r"as printed \(page \d+ of the PDF\)")).inner_text()
        pdf_page = int(re.search(r"page (\d+) of the PDF", caption).group(1))
        boxes, _ = highlight_boxes(dialog)
        page.screenshot(path=str(tmp_path / "cited-page.png"), full_page=True)
        assert boxes and used
        check_highlights(boxes, pdf, pdf_page, used)
        with page.expect_download() as download:
            dialog.get_by_role("button", name=re.compile(r"^Download the original")).click()
        assert Path(download.value.path()).read_bytes() == pdf.read_bytes()
        page.keyboard.press("Escape")
        export_an_edited_briefing(page, used)

        reports_page(page, url)
        page.get_by_role("button", name="Remove…").last.click()
        page.get_by_role("button", name="Yes, remove it").click()
        page.get_by_text("In the library (1)").wait_for(timeout=2 * MINUTES)
        # the store drops the report before the job deletes its copy: the job's own message says when both are done
        page.get_by_text(re.compile(r"^Removed “.*” from the library$")).first.wait_for(timeout=MINUTES)
        assert not (home.resolve() / "uploads" / word.name).exists(), "the page's copy goes with the report"

        cli_report = tmp_path / "cli" / "lighthouse-review.txt"
        cli_report.parent.mkdir()
        cli_report.write_text(f"Lighthouse review\n\n{CLI_FACT}\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "ui.cli", "--home", str(home), "ingest", str(cli_report)], check=True,
                       cwd=ROOT, capture_output=True)
        page.get_by_role("link", name="Chat").click()
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=2 * MINUTES)
        ask(page, CLI_QUESTION)
        assert "17" in page.get_by_test_id("stChatMessage").last.inner_text(), "no restart needed"
