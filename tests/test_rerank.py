"""Optional cross-encoder reranking: off by default, and when configured the fused leaders follow
the cross-encoder's own scores. The cross-encoder is the packaged MiniLM with an untrained
one-label head: real model code and real scores, though not trained for relevance."""
from __future__ import annotations

import dataclasses
import json

import pytest

from assistant.library import Library
from assistant.rerank import RERANK_TOP, get_reranker
from assistant.retrieve import search
from ingest.settings import packaged_model_path
from ui.cli import main

QUESTIONS = ["How do directors learn to manage budgets?", "What did clinical directors say about time?",
             "Which support did medical directors find most useful?"]


@pytest.fixture(scope="module")
def cross_encoder_dir(tmp_path_factory):
    """A CrossEncoder built from the packaged MiniLM weights and saved where CITEBRIEF_RERANKER can name it."""
    from sentence_transformers import CrossEncoder

    folder = tmp_path_factory.mktemp("cross-encoder")
    CrossEncoder(packaged_model_path(), num_labels=1, device="cpu").save(str(folder))
    return folder


@pytest.fixture(scope="module")
def judge(cross_encoder_dir):
    """The same saved cross-encoder, loaded apart from the one retrieval uses, to score independently."""
    from sentence_transformers import CrossEncoder

    return CrossEncoder(str(cross_encoder_dir), device="cpu")


@pytest.fixture(scope="module")
def reranked_library(settings, ingested, cross_encoder_dir):
    return Library.open(dataclasses.replace(settings, reranker=str(cross_encoder_dir)))


@pytest.mark.parametrize("question, kinds", [(QUESTIONS[0], ("sentence",)), (QUESTIONS[1], ("sentence",)),
                                             (QUESTIONS[2], ("table_row",))])
def test_the_fused_leaders_come_back_in_the_cross_encoders_own_score_order(library, reranked_library, judge,
                                                                            question, kinds):
    hits = search(library, question, k=RERANK_TOP + 10, kinds=kinds)
    fused, top = [h.chunk.id for h in hits], hits[:RERANK_TOP]
    scores = judge.predict([(question, h.chunk.text) for h in top], batch_size=len(top)).tolist()
    expected = [top[p].chunk.id for p in sorted(range(len(top)), key=lambda p: -scores[p])] + fused[RERANK_TOP:]
    reranked = [h.chunk.id for h in search(reranked_library, question, k=RERANK_TOP + 10, kinds=kinds)]
    assert len(fused) > RERANK_TOP
    assert reranked == expected
    assert reranked != fused, "the reranker changed nothing: it did not run"


def test_a_short_k_takes_its_passages_from_the_reranked_leaders_not_the_fused_ones(library, reranked_library):
    question = QUESTIONS[0]
    leaders = [h.chunk.id for h in search(reranked_library, question, k=RERANK_TOP, kinds=("sentence",))]
    first_five = [h.chunk.id for h in search(reranked_library, question, k=5, kinds=("sentence",))]
    assert first_five == leaders[:5]
    assert first_five != [h.chunk.id for h in search(library, question, k=5, kinds=("sentence",))]


def test_without_a_reranker_nothing_is_loaded_and_the_order_is_the_fused_one(library):
    assert library.settings.reranker == ""
    before = get_reranker.cache_info()
    hits = search(library, QUESTIONS[0], k=RERANK_TOP + 10)
    assert get_reranker.cache_info() == before
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_ask_json_reports_rerank_time_only_when_a_reranker_is_configured(settings, ingested, cross_encoder_dir,
                                                                         capsys, monkeypatch):
    question = "Give me a quote from a clinical director about time"  # the quote route keeps the reranked order
    monkeypatch.delenv("CITEBRIEF_RERANKER", raising=False)
    assert main(["--home", str(settings.home), "ask", "--json", question]) == 0
    assert set(json.loads(capsys.readouterr().out)["timings_ms"]) == {"retrieve", "answer", "total"}
    monkeypatch.setenv("CITEBRIEF_RERANKER", str(cross_encoder_dir))
    assert main(["--home", str(settings.home), "ask", "--json", question]) == 0
    timings = json.loads(capsys.readouterr().out)["timings_ms"]
    assert set(timings) == {"retrieve", "answer", "total", "rerank"}
    assert 0 < timings["rerank"] <= timings["total"]


@pytest.mark.parametrize("spec", ["/no/such/cross-encoder", "cross-encoder/not-in-the-local-cache"])
def test_a_reranker_that_cannot_be_loaded_is_one_clear_line_at_the_command_line(settings, ingested, capsys,
                                                                                monkeypatch, spec):
    monkeypatch.setenv("CITEBRIEF_RERANKER", spec)
    assert main(["--home", str(settings.home), "ask", "How many clinical directors got coaching?"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"citebrief: cannot load reranker '{spec}' offline (CITEBRIEF_RERANKER)")
    assert "\n" not in err
