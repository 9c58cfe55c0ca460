"""A store another process changes is reopened by every long-running reader, never an error.

The page, `citebrief chat` and a script's Assistant keep a library open while `citebrief ingest` runs in a
terminal. Chroma's per-process System does not see another process's writes ("Error finding id"), so each
test changes the store from a real second process and asks again in the first.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer import Assistant
from assistant.library import Library
from ingest.settings import Settings
from small_stores import HOUSING, SCHOOLS, cli_store

CITEBRIEF = str(Path(sys.executable).with_name("citebrief"))
ASKED_SCHOOLS = "What budget did the pilot have?"
ASKED_HOUSING = "How many new homes did the council build?"


@pytest.fixture
def one_report(tmp_path) -> tuple[Settings, Path]:
    """A store holding the schools report, ingested by this process."""
    return cli_store(tmp_path, {"schools.md": SCHOOLS})


def ingest_elsewhere(settings: Settings, docs: Path, *flags: str) -> None:
    """`citebrief ingest` run by another process, as from a terminal while the page is open."""
    done = subprocess.run([CITEBRIEF, "--home", str(settings.home), "ingest", str(docs), *flags],
                          env={**os.environ, "HF_HUB_OFFLINE": "1"}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def cites(answer, source: str) -> bool:
    return not answer.abstained and any(c.source == source for c in answer.citations)


@pytest.mark.slow
def test_an_assistant_answers_from_reports_another_process_added_and_rebuilt(one_report):
    settings, docs = one_report
    assistant = Assistant(Library.open(settings))
    assert cites(assistant.ask(ASKED_SCHOOLS), "schools")
    (docs / "housing.md").write_text(HOUSING, encoding="utf-8")
    ingest_elsewhere(settings, docs)
    added = assistant.ask(ASKED_HOUSING)
    assert cites(added, "housing") and "340" in added.answer
    assert cites(Assistant(Library.open(settings)).ask(ASKED_HOUSING), "housing")  # the page opens it anew
    ingest_elsewhere(settings, docs, "--rebuild")  # a new collection, the one the assistant read dropped
    assert cites(assistant.ask(ASKED_HOUSING), "housing")
    assert cites(assistant.ask(ASKED_SCHOOLS), "schools")  # nothing lost


@pytest.mark.slow
def test_a_chat_session_keeps_answering_across_an_ingest_by_another_process(one_report):
    settings, docs = one_report
    chat = subprocess.Popen([CITEBRIEF, "--home", str(settings.home), "chat"], text=True, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    chat.stdin.write(f"{ASKED_SCHOOLS}\n/new\n")
    chat.stdin.flush()
    before = []
    for line in chat.stdout:  # the first answer, up to the '/new' that follows it
        before.append(line)
        if line.startswith("(new conversation)"):
            break
    (docs / "housing.md").write_text(HOUSING, encoding="utf-8")
    ingest_elsewhere(settings, docs)
    after, errors = chat.communicate(f"{ASKED_HOUSING}\n/quit\n", timeout=300)
    assert chat.returncode == 0, errors
    assert "£2.4 million" in "".join(before)
    assert "340 new homes" in after and "City housing review" in after
    assert "Error" not in errors and "Traceback" not in errors
