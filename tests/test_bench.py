"""`citebrief bench` builds all three systems on one corpus and prints them side by side."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.bench import (SYSTEMS, TABLE_ROWS, cold_start_seconds, evidence_rank, measure_in_child, peak_rss_mb,
                         printed_form, questions_for)
from evals.scale import synthetic_reports
from evals.sets import normalise
from ingest.embed import get_embedder
from ingest.load import load
from ingest.structure import parse
from ui.cli import main

TINY_SET = [
    {"id": "fig-1", "category": "figure", "question": "How many clinical directors got coaching?",
     "must_contain": ["4"], "evidence": "Table 1 (Types of support being received): Coaching — Medical director 9; "
                                        "Clinical director 4", "abstain": False},
    {"id": "quote-1", "category": "quote", "question": "What did a ward manager say about budget meetings?",
     "must_contain": ["no time for the patients"], "evidence": "The budget meetings leave no time", "abstain": False},
    {"id": "none-1", "category": "unanswerable", "question": "What did the survey find about parking fees?",
     "must_contain": [], "evidence": "", "abstain": True},
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, write_survey) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("bench")
    corpus = folder / "corpus"
    write_survey(corpus, "northern")
    eval_set = folder / "tiny.jsonl"
    eval_set.write_text("\n".join(json.dumps(item) for item in TINY_SET), encoding="utf-8")
    return corpus, eval_set


def test_a_table_evidence_line_is_found_in_the_raw_file_as_the_row_is_printed(tiny):
    corpus, _ = tiny
    tables = list(parse(load(corpus / "northern.txt"), "northern", 700).tables)
    assert printed_form(TINY_SET[0]["evidence"], tables) == "coaching 9 4 13 65.0"
    assert printed_form("Table 2 (Something else): Coaching — 1", tables) == ""
    assert printed_form("The budget meetings leave no time", tables) == ""


def test_evidence_rank_is_the_first_passage_holding_any_form_of_the_evidence():
    forms = (normalise("Coaching — Medical director 9"), "coaching 9 4 13 65.0")
    passages = ["Mentoring 3 4 7 35.0", "Budgets.\n\nCoaching 9 4 13\n65.0", "Coaching — Medical director 9"]
    assert evidence_rank(passages, forms) == 2
    assert evidence_rank(passages[:1], forms) is None


def test_the_baselines_see_table_evidence_through_the_printed_row(tiny):
    corpus, eval_set = tiny
    questions = questions_for(eval_set, [corpus], 700)
    assert "coaching 9 4 13 65.0" in questions[0][1]  # the row as the file prints it
    assert [bool(forms) for _, forms in questions] == [True, True, False]  # the third is unanswerable


def test_bench_takes_a_set_whose_evidence_is_a_table_row_as_printed_in_a_pdf(tmp_path):
    """The real reports' sets give a table row as the PDF prints it ('NHS Trusts 45 48% 20%'): the bench
    locates it as `citebrief eval` does, among the parsed rows' cells."""
    from conftest import shared_reports

    report = shared_reports() / "docs" / "analystx-workforce-2022.pdf"
    eval_set = tmp_path / "ax.jsonl"
    eval_set.write_text(json.dumps({"id": "AX01", "category": "figure", "question": "How many NHS trusts responded?",
                                    "must_contain": ["45"], "evidence": "NHS Trusts 45 48% 20%", "abstain": False}),
                        encoding="utf-8")
    [(item, forms)] = questions_for(eval_set, [report], 700)
    assert item.id == "AX01" and forms


def test_bench_prints_all_three_systems_with_ratios_and_writes_the_table(tiny, tmp_path, capsys):
    corpus, eval_set = tiny
    out = tmp_path / "out"
    assert main(["bench", "--set", str(eval_set), "--corpus", str(corpus), "--in-process", "--cold-runs", "0",
                 "--json", "--out", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    systems = result["systems"]
    assert set(systems) == set(SYSTEMS)
    assert all(systems[s]["questions"] == 3 and systems[s]["with_evidence"] == 2 for s in SYSTEMS)
    assert systems["citebrief"]["figure_exact"] == 1.0 and systems["citebrief"]["abstention_recall"] == 1.0
    assert systems["baseline"]["abstention_recall"] == 0.0  # a retriever always returns text
    assert systems["citebrief"]["hit_at_4"] == 1.0
    assert result["ratios"]["chunks"] == round(systems["citebrief"]["chunks"] / systems["baseline"]["chunks"], 2)
    table = (out / "bench.md").read_text(encoding="utf-8")
    assert all(label in table for _, label in TABLE_ROWS) and "citebrief / baseline" in table
    assert json.loads((out / "bench.json").read_text(encoding="utf-8"))["systems"] == systems


def test_a_system_measured_in_a_child_process_reports_its_own_memory_and_cold_start(tiny, tmp_path):
    corpus, eval_set = tiny
    get_embedder("all-MiniLM-L6-v2")
    questions = questions_for(eval_set, [corpus], 700)
    measured = measure_in_child("bm25", questions, [corpus], tmp_path, "all-MiniLM-L6-v2")
    assert [row["id"] for row in measured["rows"]] == ["fig-1", "quote-1", "none-1"]
    assert 0 < measured["peak_rss_mb"] < peak_rss_mb() / 2  # this process holds torch and the model; bm25 does not
    assert cold_start_seconds("bm25", [corpus], tmp_path, "all-MiniLM-L6-v2", runs=1) > 0


def test_synthetic_reports_reorder_the_real_one_and_parse_to_the_same_tables_and_nearly_the_same_quotes(tmp_path):
    report = Path(__file__).resolve().parents[1] / "corpus" / "kings-fund-2010-leadership-needs.txt"
    paths = synthetic_reports(report, 3, tmp_path)
    parsed = [parse(load(path), path.stem, 700) for path in paths]
    assert [p.source.title for p in parsed] == ["Leadership needs", "Leadership needs: Mersey 1 edition",
                                                 "Leadership needs: Trent 2 edition"]
    original = parsed[0]
    for variant in parsed[1:]:
        assert sorted(t.rows for t in variant.tables) == sorted(t.rows for t in original.tables)
        # The block model reads a quote with its neighbours' features, which reordering sections changes: the
        # synthetic reports hold the same quotes, and all but a few are read the same.
        differing = {q.text for q in variant.quotes} ^ {q.text for q in original.quotes}
        assert len(differing) <= 0.1 * len(original.quotes), differing
        assert [s.heading for s in variant.sections] != [s.heading for s in original.sections]
        assert "NHS Mersey 1" in variant.source.text or "NHS Trent 2" in variant.source.text


def test_bench_scale_grows_one_store_embedding_only_the_new_reports_and_plots_latency(tiny, tmp_path, capsys):
    corpus, _ = tiny
    out = tmp_path / "scale"
    assert main(["bench-scale", "--report", str(corpus / "northern.txt"), "--sizes", "1", "2", "--questions", "2",
                 "--json", "--out", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["failure"] is None
    one, two = result["sizes"]
    assert (one["reports"], two["reports"]) == (1, 2)
    assert two["chunks"] == 2 * one["chunks"] and two["embedded"] == one["chunks"]
    assert two["store_mb"] > one["store_mb"] > 0
    assert all(row["ask_p50_ms"] > 0 and row["search_p50_ms"] > 0 and row["chroma_p50_ms"] > 0 for row in (one, two))
    assert (out / "scale.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "embedded/s" in (out / "scale.md").read_text(encoding="utf-8")
