"""Many askers at once, threads in one process and separate processes: no errors, the same answers."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.render import answer_to_dict
from evals.sets import SETS_DIR

THREADS = 8
PROCESSES = 3
PER_PROCESS = 20  # each process pays for loading torch and the model; on 2 cores that dominates
CITEBRIEF = str(Path(sys.executable).with_name("citebrief"))


@pytest.fixture(scope="module")
def questions() -> list[str]:
    """50 gold questions across every route: figures, quotes, prose, out of scope."""
    with open(SETS_DIR / "report-gold.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [row["question"] for row in rows[::2]][:50]


def comparable(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "timings_ms"}


@pytest.fixture(scope="module")
def single_threaded(assistant, questions) -> dict[str, dict]:
    return {q: comparable(answer_to_dict(assistant.ask(q))) for q in questions}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(capsys, label: str, latencies_ms: list[float], seconds: float) -> None:
    with capsys.disabled():
        print(f"\n{label}: {len(latencies_ms)} answers in {seconds:.1f} s; latency p50 "
              f"{percentile(latencies_ms, 0.5):.0f} ms, p95 {percentile(latencies_ms, 0.95):.0f} ms")


@pytest.mark.slow
def test_eight_threads_asking_fifty_questions_each_get_the_single_threaded_answers(
        assistant, questions, single_threaded, capsys):
    def worker(offset: int) -> list[tuple[str, dict, float]]:
        done = []
        for i in range(len(questions)):  # each thread walks the list from another place
            question = questions[(i + 7 * offset) % len(questions)]
            started = time.perf_counter()
            answer = comparable(answer_to_dict(assistant.ask(question)))
            done.append((question, answer, (time.perf_counter() - started) * 1000))
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        results = [item for batch in pool.map(worker, range(THREADS)) for item in batch]  # re-raises any error
    report(capsys, f"{THREADS} threads x {len(questions)} questions", [ms for _, _, ms in results],
           time.perf_counter() - started)
    assert len(results) == THREADS * len(questions)
    assert [q for q, answer, _ in results if answer != single_threaded[q]] == []


@pytest.mark.slow
def test_several_ask_processes_on_one_store_get_the_single_threaded_answers(
        settings, ingested, questions, single_threaded, capsys):
    env = {**os.environ, "CITEBRIEF_HOME": str(settings.home), "HF_HUB_OFFLINE": "1"}
    asked = questions[:PER_PROCESS]
    stdin = "".join(q + "\n" for q in asked)
    started = time.perf_counter()
    workers = [subprocess.Popen([CITEBRIEF, "ask", "--jsonl"], env=env, text=True, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(PROCESSES)]
    outputs = [worker.communicate(stdin, timeout=600) for worker in workers]
    seconds = time.perf_counter() - started
    assert [w.returncode for w in workers] == [0] * PROCESSES, [err for _, err in outputs]
    answers = [json.loads(line) for out, _ in outputs for line in out.splitlines()]
    report(capsys, f"{PROCESSES} processes x {len(asked)} questions (each loads the model)",
           [a["timings_ms"]["total"] for a in answers], seconds)
    assert len(answers) == PROCESSES * len(asked)
    assert [a["question"] for a in answers if comparable(a) != single_threaded[a["question"]]] == []
