"""End to end in a real headless browser: Debian's Chromium, driven by Playwright, against `streamlit run`.

A policy officer's afternoon: ask, collect a figure and a quote, name the briefing, reload, come back after the
server restarted, clear by mistake and undo, download the Word and Markdown files, while a colleague's session
on the same server keeps its own work.
"""
from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import docx
import pytest
from docx.shared import Mm

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "corpus" / "kings-fund-2010-leadership-needs.txt"
CHROMIUM = Path("/usr/bin/chromium")
# Quiet and offline: no first-run pages, updates, sync or background requests.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUESTION = "How many clinical directors got coaching?"
QUOTE_QUESTION = "What did clinical directors say about time?"
# Table 1 of the report, as printed: Coaching, clinical directors 7, of the 105 who answered.
COACHING = ["Coaching", "Clinical director", "number", "7", "answered question (105)"]
ANSWERED = re.compile(r"answer · \d+ ms")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {seconds} s")


@contextmanager
def serving(home: Path, log_path: Path):
    """`streamlit run ui/app.py` from the repository (so .streamlit/config.toml applies) on a free port."""
    port = free_port()
    with log_path.open("ab") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "CITEBRIEF_HOME": str(home)}, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", server)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=20)


@pytest.fixture(scope="module")
def served(settings, ingested, tmp_path_factory):
    """The page served over the session's test store, shared by this module's tests."""
    with serving(settings.home, tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def opened(browser, url: str, width: int = 1280, context=None):
    """A page on `url` in a new browser context (a new session), or in the given one."""
    context = context or browser.new_context(viewport={"width": width, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)  # the first session loads the model
    return page


def ask(page, question: str) -> None:
    answered = page.get_by_text(ANSWERED).count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    page.get_by_text(ANSWERED).nth(answered).wait_for(timeout=60_000)
    settled(page)


def add_first(page) -> None:
    """Add the latest answer's first figure or quote (what comes before its sources)."""
    added = page.get_by_role("button", name="In briefing ✓").count()
    page.get_by_test_id("stChatMessage").last.get_by_role("button", name="Add to briefing").first.click()
    page.get_by_role("button", name="In briefing ✓").nth(added).wait_for()
    settled(page)  # the run that drew the button writes the briefing's address after it


def settled(page) -> None:
    """Wait until the page's script has finished its run, so that a click lands on what it finally drew."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=60_000)


def asked(page, question: str):
    """The question as the conversation on the chat page shows it."""
    return page.get_by_test_id("stChatMessage").get_by_text(question, exact=True)


def briefing_page(page) -> None:
    page.get_by_role("link", name="Briefing").click()
    page.get_by_role("heading", name="Saved briefings").wait_for(timeout=60_000)
    settled(page)


def collected(page) -> list[str]:
    """The headings of the briefing's items on the Briefing page ('1. Figure: Coaching')."""
    return page.get_by_text(re.compile(r"^\d+\. (Figure|Quote|Passage)")).all_inner_texts()


def report_text() -> str:
    return " ".join(REPORT.read_text(encoding="utf-8").split())


def test_a_question_typed_in_a_real_browser_gets_a_cited_answer_and_a_briefing_document(served, browser, tmp_path):
    page = opened(browser, served)
    assert page.get_by_role("button", name="Deploy").count() == 0, "viewer toolbar: no developer menu"
    ask(page, QUESTION)
    source = page.get_by_test_id("stExpander").filter(has_text="[1] Leadership needs").first
    assert "[1] Leadership needs, Current and future support: “Table 1 (Types of support" in source.inner_text()
    source.get_by_text("[1] Leadership needs").click()
    passage = source.get_by_test_id("stMarkdownContainer").filter(has_text="Coaching — Medical director")
    assert "Coaching — Medical director 8; Clinical director 7" in passage.inner_text()
    assert passage.locator("strong").count() >= 1, "the cited span is emphasised"
    page.screenshot(path=str(tmp_path / "chat-page.png"), full_page=True)
    add_first(page)  # the figure
    ask(page, QUOTE_QUESTION)
    add_first(page)  # the first quote
    briefing_page(page)
    for label, value in (("Title", "Support for clinical directors"), ("Prepared by", "Jane Smith")):
        field = page.get_by_role("textbox", name=label)
        field.fill(value)
        field.press("Enter")
        settled(page)  # on a loaded machine the next field's rerun may otherwise drop this one's value
    page.get_by_role("heading", name="Support for clinical directors").first.wait_for()
    page.get_by_text(re.compile(r"· Prepared by Jane Smith$")).first.wait_for()
    settled(page)  # the download buttons hold what the last run drew
    page.screenshot(path=str(tmp_path / "briefing-page.png"), full_page=True)
    word = docx.Document(io.BytesIO(downloaded(page, "Download Word (.docx)")))
    markdown = downloaded(page, "Download Markdown").decode("utf-8")
    check_word(word)
    check_markdown(markdown, quoted(word))


def downloaded(page, button: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return Path(download.value.path()).read_bytes()


def quoted(word) -> str:
    """The quote's words, as the Word file gives them between its quotation marks."""
    quote = next(p.text for p in word.paragraphs if p.style.name == "Quote")
    assert quote.startswith("“") and quote.endswith("”")
    return quote[1:-1]


def check_word(word) -> None:
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1), "A4"
    properties = word.core_properties
    assert (properties.title, properties.author) == ("Support for clinical directors", "Jane Smith")
    assert properties.created.year >= 2025, "created now, not python-docx's 2013 default"
    assert " ".join(quoted(word).split()) in report_text(), "the quote is verbatim from the report"
    [table] = word.tables
    assert [c.text for c in table.rows[1].cells] == COACHING
    text = [p.text for p in word.paragraphs]
    assert text[:2] == ["Support for clinical directors", text[1]] and text[1].endswith("· Prepared by Jane Smith")
    assert any(t.startswith("[1] Leadership needs. The King's Fund, 2010. Section “") for t in text)


def check_markdown(markdown: str, quote: str) -> None:
    assert markdown.startswith("# Support for clinical directors\n")
    assert "| " + " | ".join(COACHING) + " |" in markdown
    assert f"> “{quote}”" in markdown and "\\" not in markdown, "clean Markdown: nothing here needs escaping"
    assert "## References\n\n1. Leadership needs. The King's Fund, 2010. Section “" in markdown


def test_a_briefing_and_its_conversation_survive_a_reload_and_a_server_restart(settings, ingested, browser,
                                                                                 tmp_path):
    with serving(settings.home, tmp_path / "first.log") as url:
        page = opened(browser, url)
        ask(page, QUESTION)
        add_first(page)
        # the address is written by the page's script as its run ends; on a loaded machine after the button shows
        page.wait_for_url(lambda url: "briefing=" in url and "conversation=" in url, timeout=60_000)
        address = urlsplit(page.url)
        page.reload()
        asked(page, QUESTION).wait_for(timeout=60_000)  # the conversation is back
        briefing_page(page)
        assert collected(page) == ["1. Figure: Coaching"]
    with serving(settings.home, tmp_path / "second.log") as url:
        page = opened(browser, f"{url}{address.path}?{address.query}")  # the bookmark, on the restarted server
        asked(page, QUESTION).wait_for()
        briefing_page(page)
        assert collected(page) == ["1. Figure: Coaching"]


def test_clearing_a_briefing_asks_first_and_can_be_undone(served, browser, tmp_path):
    page = opened(browser, served, width=820)
    ask(page, QUESTION)
    add_first(page)
    briefing_page(page)
    page.get_by_role("button", name="Clear…").click()
    page.get_by_text("Remove 1 item from this briefing?").wait_for(timeout=60_000)
    settled(page)
    assert collected(page) == ["1. Figure: Coaching"], "nothing is cleared before the user says yes"
    page.get_by_role("button", name="Yes, clear the briefing").click()
    page.get_by_text("The briefing was cleared (1 item removed).").wait_for(timeout=60_000)
    settled(page)
    assert collected(page) == []
    page.screenshot(path=str(tmp_path / "cleared-820.png"), full_page=True)
    page.get_by_role("button", name="Undo").click()
    page.get_by_text("1. Figure: Coaching").first.wait_for(timeout=60_000)  # during a rerun the old item may still show
    settled(page)
    page.reload()
    briefing_page(page)
    assert collected(page) == ["1. Figure: Coaching"], "the undone briefing is saved again"


def test_two_browser_sessions_keep_their_unsaved_work_apart(served, browser):
    mine, theirs = (browser.new_context(viewport={"width": 1280, "height": 1000}) for _ in range(2))
    try:
        page = opened(browser, served, context=mine)
        ask(page, QUESTION)
        add_first(page)
        other = opened(browser, served, context=theirs)
        assert other.get_by_test_id("stChatMessage").count() == 0, "no one else's conversation"
        briefing_page(other)
        other.get_by_text("Nothing collected yet").wait_for()
        other.get_by_role("link", name="Chat").click()
        ask(other, QUOTE_QUESTION)
        page.reload()
        asked(page, QUESTION).wait_for(timeout=60_000)
        assert asked(page, QUOTE_QUESTION).count() == 0, "their question is not in my conversation"
    finally:
        mine.close()
        theirs.close()


def test_the_reports_page_shows_every_row_of_a_table_without_scrolling_inside_it(served, browser):
    page = opened(browser, served)
    page.get_by_role("link", name="Reports").click()
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for(timeout=60_000)
    assert grid.bounding_box()["height"] > 16 * 30, "Table 1's 16 rows, not a ten-row window"
