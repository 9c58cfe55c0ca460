"""The user's bibliographic data for a report: stored with the store, applied without embedding anything again,
kept across later ingests, gone with the report."""
from __future__ import annotations

import json

import pytest

from assistant.answer import Assistant
from assistant.library import Library
from ingest.bibliography import Bibliography, correct, described, edits
from ingest.errors import StoreError
from ingest.pipeline import ingest, remove
from ingest.settings import Settings
from ingest.store import Store

DESCRIBED = Bibliography("Ward budgets in the north", "Northern Health Trust", "March 2024", "J. Okafor")


@pytest.fixture
def store(tmp_path, write_survey) -> Settings:
    settings = Settings.from_env(home=tmp_path / "home", chroma_url="")
    ingest([write_survey(tmp_path / "docs", "northern")], settings)
    return settings


def test_a_date_gives_the_year_cited_and_a_blank_title_or_a_pasted_paragraph_is_refused():
    assert Bibliography("T", date="14 March 2021").year == 2021 and Bibliography("T", date="spring").year is None
    assert Bibliography("  Two   words ", " P ").cleaned() == Bibliography("Two words", "P")
    with pytest.raises(ValueError, match="a report needs a title"):
        Bibliography("   ").cleaned()
    with pytest.raises(ValueError, match="the author is longer than 300 characters"):
        Bibliography("T", author="x" * 301).cleaned()


def test_a_correction_is_cited_at_once_by_an_open_assistant_without_embedding_again(store):
    assistant = Assistant(Library.open(store))
    before = [c.id for c in assistant.library.chunks]
    vectors = Store(store).stored_ids()
    correct(store, "northern", DESCRIBED)
    answer = assistant.ask("How long did budget planning take?")
    assert {(c.title, c.publisher, c.year) for c in answer.citations} == {("Ward budgets in the north",
                                                                           "Northern Health Trust", 2024)}
    assert [c.id for c in assistant.library.chunks] == before and Store(store).stored_ids() == vectors
    assert described(assistant.library.source("northern"), {}) == DESCRIBED


def test_a_correction_wins_over_meta_json_at_every_later_ingest_and_goes_with_the_report(store, tmp_path):
    correct(store, "northern", DESCRIBED)
    meta = tmp_path / "docs" / "northern.meta.json"
    meta.write_text(json.dumps({"title": "A title the sidecar gives", "year": 2020}), encoding="utf-8")
    report = ingest([tmp_path / "docs"], store)
    assert report.embedded == 0, "nothing to embed: the text did not change"
    assert Store(store).load_source("northern").source.title == DESCRIBED.title
    remove(["northern"], store)
    assert edits(store.home) == {} and not Store(store).manifest()["sources"]


def test_a_report_the_store_does_not_hold_cannot_be_described_or_removed(store):
    with pytest.raises(StoreError, match="no report 'southern'"):
        correct(store, "southern", DESCRIBED)
    with pytest.raises(StoreError, match="no report 'southern'"):
        remove(["southern"], store)
