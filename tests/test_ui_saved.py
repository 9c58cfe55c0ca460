"""Saved briefings and conversations (ui.saved): what is saved reads back the same, and a crash loses nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.types import Answer, Citation, CitedFigure, CitedQuote
from ingest.types import Figure
from ui import briefing
from ui.saved import SavedBriefing, SavedConversation, SavedError, Workspace

ROOT = Path(__file__).resolve().parents[1]
CITATION = Citation(n=1, source="kf", title="Leadership needs", section="Findings > Time", page=None, kind="prose",
                    text="Time is short.", start=10, end=24, publisher="The King's Fund", year=2010,
                    highlights=((10, 14),))
FIGURE = Figure(source="kf", table="Table 1", row="Coaching", group="Clinical director", measure="number",
                value="7", base="answered question (105)", start=5, end=9, notes=("A note.",))
ANSWER = Answer(question="How many clinical directors got coaching?", answer="7 [1]", abstained=False,
                route="figure", citations=(CITATION,), figures=(CitedFigure(FIGURE, 1),),
                quotes=(CitedQuote("we need time", "clinical director", "Findings > Time", 1, "kf"),),
                notices=("Read as asked.",), timings_ms={"total": 3.5})
ITEMS = (briefing.from_figure(ANSWER, ANSWER.figures[0], "Types of support being received"),
         briefing.from_citation(ANSWER, CITATION), briefing.from_quote(ANSWER, ANSWER.quotes[0]))


def test_a_saved_briefing_reads_back_with_every_item_and_field(tmp_path):
    workspace = Workspace(tmp_path)
    saved = SavedBriefing("b1", "Support for directors", "2025-06-03T10:00:00", "2025-06-03T11:00:00", "Jane", ITEMS)
    workspace.save(saved)
    assert Workspace(tmp_path).load(SavedBriefing, "b1") == saved
    assert workspace.load(SavedBriefing, "missing") is None
    assert workspace.load(SavedConversation, "b1") is None, "a briefing's id does not open a conversation"


def test_a_saved_conversation_reads_back_as_the_same_answers(tmp_path):
    saved = SavedConversation("c1", ANSWER.question, "2025-06-03T10:00:00", "2025-06-03T10:00:00", (ANSWER, ANSWER))
    Workspace(tmp_path).save(saved)
    assert Workspace(tmp_path).load(SavedConversation, "c1") == saved


def test_saved_briefings_are_listed_most_recently_changed_first_renamed_and_deleted(tmp_path):
    workspace = Workspace(tmp_path)
    for n, updated in enumerate(("2025-06-01T09:00:00", "2025-06-03T09:00:00", "2025-06-02T09:00:00")):
        workspace.save(SavedBriefing(f"b{n}", f"Briefing {n}", updated, updated))
    assert [b.id for b in workspace.listing(SavedBriefing)] == ["b1", "b2", "b0"]
    workspace.save(SavedBriefing("b0", "Renamed", "2025-06-01T09:00:00", "2025-06-04T09:00:00"))
    assert [(b.id, b.title) for b in workspace.listing(SavedBriefing)][0] == ("b0", "Renamed")
    workspace.delete(SavedBriefing, "b1")
    assert [b.id for b in workspace.listing(SavedBriefing)] == ["b0", "b2"]


def test_a_record_saved_by_another_version_ignores_fields_this_version_does_not_have(tmp_path):
    workspace = Workspace(tmp_path)
    workspace._run("INSERT INTO saved VALUES (?, ?, ?, ?, ?, ?)",
                   ("briefing", "old", "Old", "2025-01-01T00:00:00", "2025-01-01T00:00:00",
                    '{"author": "A", "colour": "blue", "items": []}'))
    assert workspace.load(SavedBriefing, "old") == SavedBriefing("old", "Old", "2025-01-01T00:00:00",
                                                                 "2025-01-01T00:00:00", "A", ())


def test_a_damaged_workspace_file_is_a_one_line_error_naming_it(tmp_path):
    (tmp_path / "workspace.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(SavedError, match=r"the saved briefings at .*workspace\.sqlite3 cannot be used"):
        Workspace(tmp_path).listing(SavedBriefing)


def test_an_unreadable_saved_record_names_the_briefing(tmp_path):
    workspace = Workspace(tmp_path)
    workspace._run("INSERT INTO saved VALUES (?, ?, ?, ?, ?, ?)",
                   ("briefing", "bad", "Half a briefing", "2025-01-01T00:00:00", "2025-01-01T00:00:00", "{not json"))
    with pytest.raises(SavedError, match="the saved briefing “Half a briefing” cannot be read"):
        workspace.load(SavedBriefing, "bad")


SAVER = """
import sys
from ui.saved import SavedBriefing, Workspace
from ui.briefing import BriefingItem
workspace = Workspace(sys.argv[1])
n = 0
while True:
    n += 1
    items = tuple(BriefingItem("citation", (("x" * 2000, False),), f"q{k}", "T") for k in range(n % 50))
    workspace.save(SavedBriefing(f"b{n % 7}", str(len(items)), "2025-01-01T00:00:00", "2025-01-01T00:00:00", "", items))
    print(n, flush=True)
"""


@pytest.mark.slow
def test_a_server_killed_while_saving_leaves_every_saved_briefing_whole(tmp_path):
    saver = subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    for _ in range(40):  # let it save a few dozen times, then kill it mid-way through whatever it is doing
        saver.stdout.readline()
    time.sleep(0.05)
    saver.send_signal(signal.SIGKILL)
    saver.wait()
    saved = Workspace(tmp_path).listing(SavedBriefing)
    assert saved and all(b.title == str(len(b.items)) for b in saved), "each record is a whole save, never half"
