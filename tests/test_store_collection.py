"""The store's Chroma collection: asked about chunk ids in batches, so a store can hold more chunks
than SQLite has variables; named after the store, with stores made before store ids still read."""
from __future__ import annotations

import json

import pytest

from ingest import store as store_module
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import Store

SQLITE_MAX_VARIABLES = 32_766


@pytest.fixture
def survey_store(tmp_path, write_survey) -> tuple[Settings, Store]:
    write_survey(tmp_path / "corpus", "northern")
    settings = Settings.from_env(home=tmp_path / "store", chroma_url="")
    ingest([tmp_path / "corpus"], settings)
    return settings, Store(settings)


def test_more_ids_than_sqlite_takes_in_one_statement_are_looked_up_and_deleted_in_batches(survey_store):
    _, store = survey_store
    stored = sorted(store.stored_ids())
    unknown = [f"never-stored-{n}" for n in range(SQLITE_MAX_VARIABLES + 1000)]
    with pytest.raises(Exception, match="too many SQL variables"):  # the limit is real, so batching is needed
        store.collection.get(ids=stored + unknown, include=[])
    assert store.present_ids(unknown + stored) == set(stored)
    store.delete_ids(unknown + stored[:1])
    assert store.stored_ids() == set(stored[1:])


def test_ingest_open_and_sweep_agree_when_every_lookup_spans_several_batches(survey_store, monkeypatch,
                                                                             tmp_path, write_survey):
    from assistant.library import Library

    settings, store = survey_store
    first = sorted(store.stored_ids())
    monkeypatch.setattr(store_module, "ID_BATCH", 3)
    assert len(first) > 3 * 3
    assert ingest([tmp_path / "corpus"], settings).embedded == 0  # every batch found its chunks present
    assert len(Library.open(settings).chunks) == len(first)
    (tmp_path / "corpus" / "northern.txt").unlink()
    write_survey(tmp_path / "corpus", "southern")
    report = ingest([tmp_path / "corpus"], settings)
    assert report.removed == len(first)  # the sweep deleted the old report's chunks, batch after batch
    assert store.stored_ids() == {cid for e in store.manifest()["sources"].values() for cid in e["chunks"]}


def test_a_new_store_names_its_collection_after_the_id_its_manifest_records(survey_store):
    _, store = survey_store
    store_id = store.manifest()["store_id"]
    assert len(store_id) == 16 and store.collection_name == f"citebrief-{store_id}" == store.collection.name


def test_a_store_made_before_store_ids_keeps_reading_its_citebrief_collection(survey_store, tmp_path):
    """What the code before store ids left behind: chunks in 'citebrief', a manifest without an id."""
    from assistant.answer import Assistant
    from assistant.library import Library

    settings, store = survey_store
    chunks = store.collection.count()
    store.collection.modify(name="citebrief")
    manifest = store.manifest()
    del manifest["store_id"]
    store.write_manifest(manifest)
    old = Store(settings)
    assert old.collection_name == "citebrief" and old.collection.count() == chunks
    answer = Assistant(Library.open(settings)).ask("How many clinical directors got coaching?")
    assert [f.figure.value for f in answer.figures] == ["4"]
    report = ingest([tmp_path / "corpus"], settings)
    assert (report.embedded, report.removed) == (0, 0)
    assert "store_id" not in json.loads(settings.home.joinpath("manifest.json").read_text())
    ingest([tmp_path / "corpus"], settings, rebuild=True)  # a rebuild gives the store an id and its own collection
    rebuilt = Store(settings)
    assert rebuilt.collection_name.startswith("citebrief-") and rebuilt.collection.count() == chunks
