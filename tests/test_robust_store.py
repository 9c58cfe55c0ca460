"""Faults: a killed ingest, a damaged store, other settings and two ingests at once lose nothing."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from ingest.errors import StoreMismatchError
from ingest.load import load
from ingest.pipeline import EMBED_BATCH, ingest
from ingest.settings import Settings
from ingest.store import Store
from ingest.structure import parse
from ui.cli import main

CITEBRIEF = str(Path(sys.executable).with_name("citebrief"))
ALPHA_QUESTION = "What did managers say about the time for the job?"
TOPICS = ("budget", "coaching", "mentoring", "networks", "planning", "safety", "quality", "workforce",
          "training", "estates", "finance", "governance", "research", "outcomes", "nursing", "pharmacy")
ASPECTS = ("review", "pressures", "priorities", "evidence", "risks", "options", "lessons", "plans",
           "targets", "barriers", "progress", "roles", "support", "culture", "costs", "demand")


def report_text(title: str, finding: str) -> str:
    return (f"Introduction\n\n{title} is a short policy report about leadership in hospitals.\n\n"
            f"Findings\n\nMost managers said that {finding}. We asked 12 people in 3 trusts.\n")


def long_report(sections: int) -> str:
    """Many short sections: hundreds of small chunks, so embedding them takes several batches."""
    parts = []
    for k in range(sections):
        topic, aspect = TOPICS[k % len(TOPICS)], ASPECTS[k // len(TOPICS) % len(ASPECTS)]
        parts.append(f"{topic.capitalize()} {aspect}\n\nThe {topic} {aspect} were discussed by {k + 3} boards "
                     f"in the survey. Each board reported on {aspect} for {topic}.")
    return "\n\n".join(parts) + "\n"


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "alpha.txt").write_text(report_text("Alpha", "time for the job matters most"), encoding="utf-8")
    (folder / "beta.md").write_text(report_text("Beta", "budgets shape every decision"), encoding="utf-8")
    return folder


def built_store(root: Path) -> tuple[Path, Settings]:
    """The two-report corpus under root, ingested into root/store."""
    corpus = make_corpus(root / "corpus")
    settings = Settings.from_env(home=root / "store", chroma_url="")
    ingest([corpus], settings)
    return corpus, settings


def chunk_accounts(settings: Settings) -> tuple[list[str], list[str]]:
    """Chunk ids the manifest names, and chunk ids Chroma holds (a list, so a duplicate would show)."""
    store = Store(settings)
    named = [cid for entry in store.manifest()["sources"].values() for cid in entry["chunks"]]
    return named, store.collection.get(include=[])["ids"]


def environment(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITEBRIEF_")}
    return {**env, "CITEBRIEF_HOME": str(home), "HF_HUB_OFFLINE": "1"}


def stored_embeddings(home: Path) -> int:
    """Embeddings Chroma holds so far, read straight from its SQLite file (0 while it is busy)."""
    try:
        with closing(sqlite3.connect(f"file:{home / 'chroma' / 'chroma.sqlite3'}?mode=ro", uri=True,
                                     timeout=0.2)) as db:
            return db.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    except sqlite3.Error:
        return 0


def wait_for(condition, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"the ingest ended before the test could act: {process.communicate()}"
        assert time.monotonic() < deadline, "the ingest never got there"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def killed_ingest(tmp_path_factory):
    """Ingest a small corpus; start a big ingest in a subprocess; once it is embedding, freeze it
    (SIGSTOP: it holds the lock mid-embedding however fast the machine), try a second ingest, then
    SIGKILL the first. Returns what each step left behind."""
    corpus, settings = built_store(tmp_path_factory.mktemp("killed"))
    manifest_before = (settings.home / "manifest.json").read_bytes()
    baseline = stored_embeddings(settings.home)
    (corpus / "long.txt").write_text(long_report(120), encoding="utf-8")
    long_chunks = len(parse(load(corpus / "long.txt"), "long", settings.chunk_size).chunks)
    assert long_chunks > 3 * EMBED_BATCH
    first = subprocess.Popen([CITEBRIEF, "ingest", str(corpus)], env=environment(settings.home),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: stored_embeddings(settings.home) > baseline, first)
    first.send_signal(signal.SIGSTOP)
    second = subprocess.run([CITEBRIEF, "ingest", str(corpus)], env=environment(settings.home),
                            capture_output=True, text=True, timeout=120)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    embedded_when_killed = stored_embeddings(settings.home) - baseline
    return dict(corpus=corpus, settings=settings, manifest_before=manifest_before, first=first, second=second,
                manifest_after=(settings.home / "manifest.json").read_bytes(),
                embedded_when_killed=embedded_when_killed, long_chunks=long_chunks)


@pytest.mark.slow
def test_a_second_ingest_is_refused_clearly_while_the_first_holds_the_store(killed_ingest):
    second, first = killed_ingest["second"], killed_ingest["first"]
    assert second.returncode == 2
    assert second.stderr.strip() == (f"citebrief: another ingest (process {first.pid}) is writing to "
                                     f"{killed_ingest['settings'].home}; wait for it to finish, then run this again")


@pytest.mark.slow
def test_an_ingest_killed_mid_embedding_leaves_the_previous_store_answering(killed_ingest):
    settings = killed_ingest["settings"]
    assert killed_ingest["first"].returncode == -signal.SIGKILL
    assert 0 < killed_ingest["embedded_when_killed"] < killed_ingest["long_chunks"]
    assert killed_ingest["manifest_after"] == killed_ingest["manifest_before"]
    asked = subprocess.run([CITEBRIEF, "ask", "--json", ALPHA_QUESTION], env=environment(settings.home),
                           capture_output=True, text=True, timeout=180)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and {c["source"] for c in answer["citations"]} <= {"alpha", "beta"}
    assert "time for the job matters most" in answer["answer"]


@pytest.mark.slow
def test_the_next_ingest_completes_reusing_finished_batches_with_no_duplicate_or_orphan_chunks(killed_ingest):
    settings = killed_ingest["settings"]
    report = ingest([killed_ingest["corpus"]], settings)
    assert report.sources == 3 and not report.errors
    assert report.embedded == killed_ingest["long_chunks"] - killed_ingest["embedded_when_killed"]
    named, stored = chunk_accounts(settings)
    assert len(named) == len(set(named)) == len(stored) == len(set(stored)) == report.chunks
    assert set(named) == set(stored)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Settings]:
    """A built store that each damage test copies, so no test opens a path another one damaged."""
    return built_store(tmp_path_factory.mktemp("pristine"))


def copy_of(pristine, tmp_path) -> Path:
    home = tmp_path / "store"
    shutil.copytree(pristine[1].home, home)
    return home


def segment_folder(home: Path) -> Path:
    return next(p for p in (home / "chroma").iterdir() if p.is_dir())


DAMAGE = {
    "manifest cut short": lambda home: (home / "manifest.json").write_text('{"version": 1, "sour'),
    "manifest not a manifest": lambda home: (home / "manifest.json").write_text("[]"),
    "source JSON deleted": lambda home: (home / "sources" / "alpha.json").unlink(),
    "source JSON garbled": lambda home: (home / "sources" / "beta.json").write_text('{"source": 3}'),
    "Chroma folder deleted": lambda home: shutil.rmtree(home / "chroma"),
    "Chroma database overwritten": lambda home: (home / "chroma" / "chroma.sqlite3").write_bytes(b"x" * 4096),
    "Chroma database cut short": lambda home: (home / "chroma" / "chroma.sqlite3").write_bytes(
        (home / "chroma" / "chroma.sqlite3").read_bytes()[:40_000]),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_store_asks_for_a_rebuild_and_the_rebuild_recovers(pristine, tmp_path, capsys, damage):
    home = copy_of(pristine, tmp_path)
    DAMAGE[damage](home)
    assert main(["--home", str(home), "ask", ALPHA_QUESTION]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("citebrief: ") and "\n" not in err and "run 'citebrief ingest --rebuild'" in err
    assert main(["--home", str(home), "ingest", "--rebuild", str(pristine[0])]) == 0
    capsys.readouterr()
    assert main(["--home", str(home), "ask", "--json", ALPHA_QUESTION]) == 0
    assert "time for the job matters most" in json.loads(capsys.readouterr().out)["answer"]


def test_a_store_whose_vector_index_files_are_gone_still_answers(pristine, tmp_path, capsys):
    """Chroma rebuilds its index from its own log; nothing for the user to do."""
    home = copy_of(pristine, tmp_path)
    shutil.rmtree(segment_folder(home))
    assert main(["--home", str(home), "ask", "--json", ALPHA_QUESTION]) == 0
    assert "time for the job matters most" in json.loads(capsys.readouterr().out)["answer"]


def test_a_store_built_with_another_chunk_size_is_refused_until_rebuilt(pristine, tmp_path, capsys, monkeypatch):
    home = copy_of(pristine, tmp_path)
    monkeypatch.setenv("CITEBRIEF_CHUNK_SIZE", "400")
    with pytest.raises(StoreMismatchError, match="built with chunk_size '700', not '400'.*--rebuild"):
        ingest([pristine[0]], Settings.from_env(home=home, chroma_url=""))
    assert main(["--home", str(home), "ask", ALPHA_QUESTION]) == 2
    assert "chunk_size '700', not '400'" in capsys.readouterr().err
    assert main(["--home", str(home), "ingest", "--rebuild", str(pristine[0])]) == 0
    assert json.loads((home / "manifest.json").read_text())["chunk_size"] == 400
    assert main(["--home", str(home), "ask", ALPHA_QUESTION]) == 0


def test_a_rebuild_that_fails_leaves_the_store_answering_and_one_that_succeeds_leaves_only_its_collection(
        pristine, tmp_path, capsys, monkeypatch):
    home = copy_of(pristine, tmp_path)
    monkeypatch.setenv("CITEBRIEF_MODEL", str(tmp_path / "no-such-model"))
    assert main(["--home", str(home), "ingest", "--rebuild", str(pristine[0])]) != 0
    assert "cannot load embedding model" in capsys.readouterr().err
    monkeypatch.delenv("CITEBRIEF_MODEL")
    assert main(["--home", str(home), "ask", "--json", ALPHA_QUESTION]) == 0
    assert "time for the job matters most" in json.loads(capsys.readouterr().out)["answer"]
    store = Store(Settings.from_env(home=home, chroma_url=""))
    store._client().get_or_create_collection("citebrief-left-by-a-killed-rebuild")
    assert main(["--home", str(home), "ingest", "--rebuild", str(pristine[0])]) == 0
    store = Store(Settings.from_env(home=home, chroma_url=""))
    collections = [c if isinstance(c, str) else c.name for c in store._client().list_collections()]
    assert collections == [store.collection_name]
    assert main(["--home", str(home), "ask", ALPHA_QUESTION]) == 0


def test_a_killed_first_run_with_other_settings_is_started_afresh(pristine, tmp_path):
    home = tmp_path / "store"
    other = Settings.from_env(home=home, chroma_url="", chunk_size=400)
    store = Store(other)
    store.write_manifest(store.manifest())  # what a first run writes before its first chunk
    store.collection.upsert(ids=["left-by-the-killed-run"], embeddings=[[0.1] * 384], documents=["orphan"])
    settings = Settings.from_env(home=home, chroma_url="")
    report = ingest([pristine[0]], settings)
    assert report.sources == 2 and Store(settings).manifest()["chunk_size"] == 700
    named, stored = chunk_accounts(settings)
    assert sorted(named) == sorted(stored)


def test_an_ingest_is_refused_while_another_holds_the_lock_and_runs_once_it_is_released(pristine, tmp_path, capsys):
    home = copy_of(pristine, tmp_path)
    with Store(Settings.from_env(home=home, chroma_url="")).writer_lock():
        assert main(["--home", str(home), "ingest", str(pristine[0])]) == 2
        assert capsys.readouterr().err.strip() == (f"citebrief: another ingest (process {os.getpid()}) is "
                                                   f"writing to {home}; wait for it to finish, then run this again")
    assert main(["--home", str(home), "ingest", str(pristine[0])]) == 0
