"""The Reports page and the briefing's editing, driven by Streamlit's AppTest against real stores: reports
added from the page (read on the server's worker thread), described, read again and removed; a briefing's
summary and each item's own words, saved and exported."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.answer import Assistant
from assistant.library import Library
from ingest.settings import Settings
from ingest.store import Store
from ui import session
from ui.ingests import Worker, save_upload

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
NORTH = "Northern ward survey"
FACT = "Ward managers in the northern region said budget planning took a day each week."


def reports_page(home: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("CITEBRIEF_HOME", str(home))
    page = AppTest.from_file(APP, default_timeout=180)
    page.switch_page("views/reports.py").run()
    assert not page.exception, page.exception
    return page


def settle(page: AppTest, seconds: float = 600) -> AppTest:
    """Run the page until the server's worker has no job left (the page redraws itself in a browser)."""
    deadline = time.monotonic() + seconds
    while session.worker().busy() and time.monotonic() < deadline:
        time.sleep(0.5)
    page.run()
    assert not page.exception and not page.error, [e.value for e in page.error]
    return page


def added(page: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    uploader = next(u for u in page.get("file_uploader") if (u.key or "").startswith("upload-"))
    uploader.set_value(list(files)).run()
    page.button(key="add-reports").click().run()
    return settle(page)


def markdown_text(page: AppTest) -> str:
    return " ".join(m.value for m in page.markdown) + " " + " ".join(c.value for c in page.caption)


def cited_titles(home: Path, question: str) -> set[str]:
    answer = Assistant(Library.open(Settings.from_env(home=home, chroma_url=""))).ask(question)
    return {c.title for c in answer.citations}


@pytest.mark.slow
def test_a_report_added_on_the_page_is_listed_with_what_was_found_described_and_removed(tmp_path, monkeypatch):
    home = tmp_path / "home"
    page = reports_page(home, monkeypatch)
    assert "No reports yet" in page.info[0].value
    report = f"Northern ward survey\n\nIntroduction\n\n{FACT} Rotas changed every fortnight.\n".encode()
    added(page, ("northern-survey.txt", report, "text/plain"))
    assert (home.resolve() / "uploads" / "northern-survey.txt").read_bytes() == report
    assert re.search(r"northern-survey\.txt · \d+ sections?, \d+ tables?, \d+ quotes?, \d+ passages?", markdown_text(page))
    assert [job.state for job in session.worker().jobs()][:1] == ["finished"]
    source = "northern-survey"

    page.button(key=f"details-{source}").click().run()
    form = page.get("form")[0]
    fields = {t.label: t for t in form.text_input}
    fields["Title"].input(NORTH)
    fields["Publisher"].input("Test Trust")
    fields["Date"].input("March 2024")
    fields["Author"].input("A. Researcher")
    form.button[0].click().run()
    settle(page)
    assert NORTH in markdown_text(page) and "A. Researcher, Test Trust, March 2024" in markdown_text(page)
    assert cited_titles(home, "How long did budget planning take?") == {NORTH}, "citations use the edit at once"

    page.button(key=f"reread-{source}").click().run()
    settle(page)
    assert cited_titles(home, "How long did budget planning take?") == {NORTH}, "read again, the edit is kept"

    page.button(key=f"remove-{source}").click().run()
    assert "Remove “Northern ward survey” from the library?" in page.warning[0].value
    page.button(key=f"remove-yes-{source}").click().run()
    settle(page)
    assert "In the library (0)" in [s.value for s in page.subheader]
    assert not (home.resolve() / "uploads" / "northern-survey.txt").exists()


@pytest.mark.slow
def test_files_unread_or_already_in_the_library_are_named_in_plain_words_and_not_kept(tmp_path, monkeypatch):
    home = tmp_path / "home"
    page = reports_page(home, monkeypatch)
    added(page, ("empty.txt", b"   \n", "text/plain"), ("scan.pdf", b"%PDF-1.4 not really", "application/pdf"))
    labels = [p.text for p in page.get("progress")]
    assert any(label.startswith("empty.txt: the file is empty") for label in labels), labels
    assert any(label.startswith("scan.pdf: the PDF is truncated") for label in labels), labels
    assert not list((home.resolve() / "uploads").iterdir()), "nothing half-added is left behind"
    assert "No reports yet" in page.info[0].value
    note = f"Northern note\n\n{FACT}\n".encode()
    added(page, ("note.txt", note, "text/plain"))
    added(page, ("copy of note.txt", note, "text/plain"))
    labels = [p.text for p in page.get("progress")]
    assert "copy of note.txt: already in the library: it is the same file as note.txt" in labels, labels
    assert [p.name for p in (home.resolve() / "uploads").iterdir()] == ["note.txt"]


def test_a_briefings_summary_and_an_items_own_words_are_saved_and_exported(settings, ingested, monkeypatch):
    monkeypatch.setenv("CITEBRIEF_HOME", str(settings.home))
    monkeypatch.delenv("CITEBRIEF_AUTHOR", raising=False)
    page = AppTest.from_file(APP, default_timeout=180).run()
    page.chat_input(key="question").set_value("How many clinical directors got coaching?").run()
    next(b for b in page.button if (b.key or "").startswith("add-figure-")).click().run()
    page.switch_page("views/briefing.py").run()
    item = page.session_state["briefing"][0]
    page.text_area(key="summary-field").input("Coaching reaches few clinical directors.").run()
    page.text_area(key=f"note-{item.key}").input("Only 7 clinical directors had coaching.").run()
    page.text_input(key="author-field").input("Jane Smith").run()
    assert page.session_state["briefing"][0].note == "Only 7 clinical directors had coaching."
    markdown = page.code[0].value
    assert "Prepared by Jane Smith\n\nCoaching reaches few clinical directors.\n\n## 1. Figure: Coaching\n\n" \
           "Only 7 clinical directors had coaching.\n\nTable 1" in markdown
    assert "Question asked" not in markdown

    again = AppTest.from_file(APP, default_timeout=180)  # a new session: the saved briefing, and the author remembered
    again.query_params["briefing"] = page.session_state["briefing-id"]
    again.run()
    assert again.session_state["briefing-summary"] == "Coaching reaches few clinical directors."
    assert again.session_state["briefing"][0].note == "Only 7 clinical directors had coaching."
    fresh = AppTest.from_file(APP, default_timeout=180).run()
    fresh.switch_page("views/briefing.py").run()
    assert fresh.session_state["briefing-author"] == "Jane Smith", "the name last given, not the login name"


def test_a_job_waits_while_another_process_holds_the_store_then_runs(tmp_path):
    """The lock is the kernel's, per open file: held here as `citebrief ingest` in a terminal would hold it."""
    settings = Settings.from_env(home=tmp_path / "home", chroma_url="")
    worker = Worker(settings)
    report = save_upload(settings, "note.txt", f"Northern note\n\n{FACT}\n".encode())
    with Store(settings).writer_lock():
        worker.add([report])
        deadline = time.monotonic() + 60
        while worker.jobs()[0].state != "waiting" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert worker.jobs()[0].message.startswith("waiting for another ingest"), worker.jobs()[0]
        second = worker.add([report], action="reread")
    deadline = time.monotonic() + 600
    while worker.busy() and time.monotonic() < deadline:
        time.sleep(0.5)
    first, then = sorted(worker.jobs(), key=lambda job: job.id)
    assert (first.state, then.state, then.id) == ("finished", "finished", second), "queued, then run in order"
    assert [f.stage for f in first.files] == ["done"]


def test_an_upload_never_overwrites_another_file_of_the_same_name(tmp_path):
    settings = Settings.from_env(home=tmp_path / "home", chroma_url="")
    first = save_upload(settings, "../Report (final).pdf", b"one")
    assert first == settings.home.resolve() / "uploads" / "Report (final).pdf"
    assert save_upload(settings, "Report (final).pdf", b"one") == first, "the same bytes are the same file"
    other = save_upload(settings, "Report (final).pdf", b"two")
    assert other.name == "Report (final)-2.pdf" and first.read_bytes() == b"one"


def test_a_new_library_sends_the_user_to_the_reports_page_from_every_page(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEBRIEF_HOME", str(tmp_path / "new"))
    page = AppTest.from_file(APP, default_timeout=180).run()
    assert not page.exception and not page.error
    assert "The library holds no reports yet" in page.info[0].value and not page.get("chat_input")
    page.switch_page("views/evaluations.py").run()
    assert "no reports to evaluate" in page.warning[0].value and not page.error
    page.switch_page("views/briefing.py").run()
    assert "Nothing collected yet" in page.info[0].value and not page.error
