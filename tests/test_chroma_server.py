"""With CITEBRIEF_CHROMA_URL pointing at a `chroma run` server, ingest and ask work as embedded."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import Store
from ui.cli import main

QUESTIONS = ["How many clinical directors got coaching?", "What did ward managers say about budget meetings?",
             "What was the first concern of ward managers?", "What did the survey find about parking fees?"]
START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_heartbeat(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"chroma run exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"no Chroma heartbeat at {url} after {START_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real Chroma server on a free localhost port, always stopped afterwards."""
    command = [str(Path(sys.executable).with_name("chroma")), "run", "--path",
               str(tmp_path_factory.mktemp("chroma-server")), "--port", str(port := free_port())]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    try:
        wait_for_heartbeat(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def survey(tmp_path_factory, write_survey) -> Path:
    corpus = tmp_path_factory.mktemp("survey")
    write_survey(corpus, "northern")
    return corpus


@pytest.fixture(scope="module")
def served(chroma_server, survey, tmp_path_factory):
    """A report ingested into the server; the home folder keeps only the JSON and the manifest."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CITEBRIEF_CHROMA_URL", chroma_server)
        settings = Settings.from_env(home=tmp_path_factory.mktemp("served-home"))
        report = ingest([survey], settings)
        yield settings, report


@pytest.fixture(scope="module")
def embedded(survey, tmp_path_factory):
    settings = Settings.from_env(home=tmp_path_factory.mktemp("embedded-home"), chroma_url="")
    return settings, ingest([survey], settings)


def without_timings(answer) -> dict:
    from assistant.render import answer_to_dict

    return {k: v for k, v in answer_to_dict(answer).items() if k != "timings_ms"}


def test_ingest_into_a_chroma_server_stores_every_chunk_there_and_none_on_disk(served, chroma_server, embedded):
    import chromadb

    settings, report = served
    assert settings.chroma_url == chroma_server
    assert report.embedded == report.chunks == embedded[1].chunks > 0
    client = chromadb.HttpClient(host="localhost", port=int(chroma_server.rsplit(":", 1)[1]))
    assert client.get_collection(Store(settings).collection_name).count() == report.chunks
    assert not (settings.home / "chroma").exists()


def test_answers_from_a_chroma_server_equal_the_embedded_stores(served, embedded):
    from assistant.answer import Assistant
    from assistant.library import Library

    remote, local = (Assistant(Library.open(settings)) for settings, _ in (served, embedded))
    answers = [(without_timings(remote.ask(q)), without_timings(local.ask(q))) for q in QUESTIONS]
    assert [a["route"] for a, _ in answers] == ["figure", "quote", "general", "out_of_scope"]
    for remote_answer, local_answer in answers:
        assert remote_answer == local_answer


def test_reingesting_against_the_server_embeds_nothing_and_the_command_answers(served, survey, capsys,
                                                                               monkeypatch, chroma_server):
    settings, _ = served
    monkeypatch.setenv("CITEBRIEF_CHROMA_URL", chroma_server)
    assert ingest([survey], settings).embedded == 0
    assert main(["--home", str(settings.home), "ask", "--json", QUESTIONS[0]]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert [f["value"] for f in answer["figures"]] == ["4"]


@pytest.fixture(scope="module")
def second_home(chroma_server, tmp_path_factory, write_survey):
    """Another home on the same server, holding another report."""
    corpus = tmp_path_factory.mktemp("second-survey")
    write_survey(corpus, "southern")
    settings = Settings.from_env(home=tmp_path_factory.mktemp("second-home"), chroma_url=chroma_server)
    return settings, ingest([corpus], settings)


def test_two_homes_on_one_server_keep_their_own_chunks_and_each_answers_from_its_own_report(
        served, second_home, survey, chroma_server):
    from assistant.answer import Assistant
    from assistant.library import Library

    (first, _), (second, second_report) = served, second_home
    assert second_report.embedded == second_report.chunks > 0
    assert Store(first).collection_name != Store(second).collection_name
    again = ingest([survey], first)  # the first home's sweep must not touch the second home's chunks
    assert (again.embedded, again.removed) == (0, 0)
    for settings, source, value in ((first, "northern", "4"), (second, "southern", "11")):
        answer = Assistant(Library.open(settings)).ask(QUESTIONS[0])
        assert [(f.figure.source, f.figure.value) for f in answer.figures] == [(source, value)]
        assert {c.source for c in answer.citations} == {source}
