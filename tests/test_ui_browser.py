"""End to end in a real headless browser: Debian's Chromium, driven by Playwright, against `streamlit run`."""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# Quiet and offline: no first-run pages, updates, sync or background requests.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUESTION = "How many clinical directors got coaching?"

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


@pytest.fixture
def served(settings, ingested, tmp_path):
    """The page served by `streamlit run ui/app.py` on a free localhost port, over the session's test store."""
    port = free_port()
    log = (tmp_path / "streamlit.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "CITEBRIEF_HOME": str(settings.home)}, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_a_question_typed_in_a_real_browser_gets_a_cited_answer_and_a_briefing_download(served, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page.goto(served)
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=120_000)  # the first session loads the model and the store
    box.fill(QUESTION)
    box.press("Enter")

    source = page.get_by_test_id("stExpander").first
    source.wait_for(timeout=60_000)
    assert "[1] Leadership needs, Current and future support" in source.inner_text()
    source.get_by_text("[1] Leadership needs").click()
    passage = source.get_by_test_id("stMarkdownContainer").filter(has_text="Coaching")
    assert "Coaching — Medical director 8; Clinical director 7" in passage.inner_text()
    assert passage.locator("strong").count() >= 1, "the cited span is emphasised"
    assert "Coaching: 7 clinical directors (Table 1" in page.get_by_test_id("stChatMessage").last.inner_text()
    page.screenshot(path=str(tmp_path / "chat-page.png"), full_page=True)

    source.get_by_role("button", name="Add to briefing").click()
    page.get_by_role("button", name="In briefing ✓").first.wait_for()
    page.get_by_role("link", name="Briefing").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word (.docx)").click()
    word = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Clinical director 7" in text and "Leadership needs (The King's Fund, 2010)" in text and QUESTION in text
    page.screenshot(path=str(tmp_path / "briefing-page.png"), full_page=True)
