"""`citebrief bench`: citebrief, the LangChain tutorial RAG and BM25, side by side on one eval set.

Each system is built and questioned in a fresh process, so its ingest time, query times and peak
memory are its own; cold start is the median wall time of a new process answering one question.
Numbers are printed, never judged: a slow machine does not fail a benchmark.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from ingest.load import find_sources, load
from ingest.settings import Settings
from ingest.structure import parse
from ingest.types import Table

from .evidence import Corpus, holds
from .metrics import score
from .sets import Item, load_set, normalise

SYSTEMS = ("citebrief", "baseline", "bm25")
HIT_AT = (1, 4, 10)
COLD_QUESTION = "How many clinical directors got coaching?"
Question = tuple[Item, tuple[str, ...]]  # an eval item and the evidence forms a passage may hold


class BenchError(RuntimeError):
    """A system could not be built or started; the message says which and why."""


# ---- evidence as each system's text holds it ------------------------------------------------------
def questions_for(set_path: Path, corpus: list[Path], chunk_size: int) -> list[Question]:
    """The set's items, each with its evidence line and, for a table row, the row as the file prints it.

    Gold evidence for a figure names citebrief's rendering of a row ("Table 1 (…): Coaching — Medical
    director 8; …"); the tutorial RAG splits the raw file, where the row reads "Coaching 8 7 15 14.3".
    A passage holding either form holds the evidence, whichever system retrieved it.
    """
    parsed = [parse(load(path), path.stem, chunk_size) for path in find_sources(corpus)]
    raw = normalise("\n\n".join(text for path in find_sources(corpus) for _, text in load(path).pages))
    tables = [t for p in parsed for t in p.tables]
    questions = []
    for item in load_set(set_path, Corpus.of_parsed(parsed)):  # evidence found as `citebrief eval` finds it
        printed = printed_form(item.evidence, tables)
        forms = [normalise(item.evidence), *item.forms] + ([printed] if printed and printed in raw else [])
        questions.append((item, tuple(dict.fromkeys(f for f in forms if f))))
    return questions


def printed_form(evidence: str, tables: list[Table]) -> str:
    """The table row an evidence line names, normalised as the source file prints it, or ''."""
    text = normalise(evidence)
    for table in tables:
        head = normalise(f"{table.id} ({table.caption}): ")
        if text.startswith(head):
            rest = text[len(head):].lstrip()
            for row in table.rows:
                where, printed = _row_forms(table, row)
                if rest.startswith(where):
                    return printed
    return ""


def _row_forms(table: Table, row: tuple[str, ...]) -> tuple[str, str]:
    """(how citebrief's row line begins, how the file prints the row), both normalised."""
    if table.layout != "ranked":
        return normalise(f"{row[0]} —"), normalise(" ".join(row))
    group, rank, statement, *values = row
    if rank:
        return normalise(f"{group}, rank {rank} — {statement} —"), normalise(" ".join([statement, *filter(None, values)]))
    # A summary row ("Average") is printed once with every group's value side by side.
    every_group = [v for r in table.rows if r[2] == statement for v in r[3:] if v]
    return normalise(f"{group} — {statement} —"), normalise(" ".join([statement, *every_group]))


def evidence_rank(passages: list[str], forms: tuple[str, ...]) -> int | None:
    """1-based rank of the first passage holding any form of the evidence."""
    return next((rank for rank, passage in enumerate(passages, start=1)
                 if any(form in normalise(passage) for form in forms) or holds(passage, forms)), None)


# ---- one system, in its own process --------------------------------------------------------------
def measure(system: str, questions: list[Question], corpus: list[Path], workdir: Path, model: str) -> dict:
    """Build one system, ask every question warm, and report what it cost (run in a child process)."""
    started = time.perf_counter()
    if system != "bm25":
        from ingest.embed import get_embedder

        get_embedder(model)
    loaded = time.perf_counter()
    engine, chunks = _build(system, corpus, workdir, model)
    built = time.perf_counter()
    engine(COLD_QUESTION)  # the first question pays for lazy imports and caches
    rows = [_ask(engine, item, forms) for item, forms in questions]
    return {"system": system, "chunks": chunks, "model_load_s": round(loaded - started, 2),
            "ingest_s": round(built - loaded, 2), "rows": rows,
            "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, because ru_maxrss survives exec: a spawned
    child would report its parent's peak."""
    peak_kb = next((int(line.split()[1]) for line in _read_lines("/proc/self/status") if line.startswith("VmHWM:")),
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return round(peak_kb / 1024, 1)


def _build(system: str, corpus: list[Path], workdir: Path, model: str):
    """A function question -> (answer dict, top-10 passages), and how many chunks the system holds."""
    if system == "citebrief":
        return _build_citebrief(corpus, citebrief_home(workdir), model)
    from .baselines import TOP_K, Bm25Chunks, LangChainRag, split_corpus

    chunks = split_corpus(corpus)
    if system == "baseline":
        shutil.rmtree(baseline_store(workdir), ignore_errors=True)
        engine = LangChainRag.build(chunks, model, baseline_store(workdir))
    else:
        engine = Bm25Chunks(chunks)

    def answer(question: str):
        started = time.perf_counter()
        top = engine.retrieve(question, TOP_K)
        elapsed = (time.perf_counter() - started) * 1000
        return _retrieved_answer(top, elapsed), engine.retrieve(question, max(HIT_AT))
    return answer, len(chunks)


def _build_citebrief(corpus: list[Path], home: Path, model: str):
    from assistant.answer import Assistant
    from assistant.library import Library
    from assistant.render import answer_to_dict
    from ingest.pipeline import ingest

    settings = Settings.from_env(home=home, model=model, chroma_url="")
    report = ingest(corpus, settings, rebuild=True)
    assistant = Assistant(Library.open(settings))

    def answer(question: str):
        started = time.perf_counter()
        result = answer_to_dict(assistant.ask(question))
        result["timings_ms"] = {"total": (time.perf_counter() - started) * 1000}
        return result, [hit.chunk.text for hit in assistant.retrieve(question, k=max(HIT_AT))]
    return answer, report.chunks


def _retrieved_answer(passages: list[str], elapsed_ms: float) -> dict:
    """A retriever's top passages in the shape of `ask --json`: the text is the answer, nothing abstains."""
    return {"answer": "\n\n".join(passages), "abstained": False, "citations": [{"text": p} for p in passages],
            "figures": [], "timings_ms": {"total": elapsed_ms}}


def _ask(engine, item: Item, forms: tuple[str, ...]) -> dict:
    answer, passages = engine(item.question)
    scored = score(item, answer, passages, "")
    return {"id": item.id, "category": item.category, "correct": scored.correct, "figure_exact": scored.figure_exact,
            "abstained": scored.abstained, "rank": evidence_rank(passages, forms) if forms and not item.abstain else None,
            "has_evidence": bool(forms) and not item.abstain, "ms": round(answer["timings_ms"]["total"], 3)}


def citebrief_home(workdir: Path) -> Path:
    return workdir / "citebrief"


def baseline_store(workdir: Path) -> Path:
    return workdir / "baseline-chroma"


# ---- cold start: a new process, one question --------------------------------------------------------
def cold_start_command(system: str, corpus: list[Path], workdir: Path, model: str) -> tuple[list[str], dict]:
    env = {**os.environ, "CITEBRIEF_HOME": str(citebrief_home(workdir)), "CITEBRIEF_MODEL": model,
           "CITEBRIEF_CHROMA_URL": "", "HF_HUB_OFFLINE": "1"}
    if system == "citebrief":
        script = Path(sys.executable).with_name("citebrief")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "ui.cli"]
        return command + ["ask", COLD_QUESTION], env
    command = [sys.executable, "-m", "evals.baselines", system, COLD_QUESTION, "--model", model]
    if system == "baseline":
        return command + ["--store", str(baseline_store(workdir))], env
    return command + [arg for path in corpus for arg in ("--corpus", str(path))], env


def cold_start_seconds(system: str, corpus: list[Path], workdir: Path, model: str, runs: int) -> float:
    """Median wall time from process start to the first answer printed."""
    command, env = cold_start_command(system, corpus, workdir, model)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise BenchError(f"{system}: the cold-start command failed ({last})")
    return round(statistics.median(times), 2)


# ---- the whole run ----------------------------------------------------------------------------------
def measure_in_child(system: str, questions: list[Question], corpus: list[Path], workdir: Path, model: str) -> dict:
    """`measure` in a fresh interpreter (spawned, not forked), so memory and model load are the system's own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(measure, system, questions, corpus, workdir, model).result()


def run_bench(set_path: Path, corpus: list[Path], workdir: Path, model: str, cold_runs: int = 5,
              isolate: bool = True, progress=lambda message: None) -> dict:
    """Every system on the same corpus and questions; the summary `citebrief bench` prints.

    isolate=False measures in this process: quicker, but model load and peak RSS are then shared.
    """
    settings = Settings.from_env(model=model)
    questions = questions_for(set_path, corpus, settings.chunk_size)
    workdir.mkdir(parents=True, exist_ok=True)
    systems = {}
    for system in SYSTEMS:
        progress(f"{system}: building and asking {len(questions)} questions")
        measured = (measure_in_child if isolate else measure)(system, questions, corpus, workdir, model)
        progress(f"{system}: cold start x{cold_runs}")
        measured["cold_start_s"] = cold_start_seconds(system, corpus, workdir, model, cold_runs) if cold_runs else None
        systems[system] = summarise(measured)
    unprinted = sum(1 for item, forms in questions if item.evidence.startswith("Table") and len(forms) < 2)
    return {"machine": machine(), "set": str(set_path), "corpus": [str(p) for p in corpus], "model": model,
            "cold_runs": cold_runs, "isolated": isolate, "table_evidence_without_printed_row": unprinted, "systems": systems,
            "ratios": {k: ratio(systems["citebrief"][k], systems["baseline"][k]) for k in systems["citebrief"]}}


def summarise(measured: dict) -> dict:
    rows = measured["rows"]
    ranked = [r["rank"] for r in rows if r["has_evidence"]]
    answerable = [r for r in rows if r["category"] != "unanswerable"]
    unanswerable = [r for r in rows if r["category"] == "unanswerable"]
    figures = [r["figure_exact"] for r in rows if r["figure_exact"] is not None]
    latencies = [r["ms"] for r in rows]
    summary = {"questions": len(rows), "with_evidence": len(ranked)}
    for k in HIT_AT:
        summary[f"hit_at_{k}"] = _share([r is not None and r <= k for r in ranked])
    summary |= {
        "mrr": round(sum(1 / r for r in ranked if r) / len(ranked), 4) if ranked else None,
        "figure_exact": _share(figures),
        "accuracy_answerable": _share([r["correct"] for r in answerable]),
        "abstention_recall": _share([r["abstained"] for r in unanswerable]),
        "chunks": measured["chunks"], "model_load_s": measured["model_load_s"], "ingest_s": measured["ingest_s"],
        "query_p50_ms": percentile(latencies, 50), "query_p95_ms": percentile(latencies, 95),
        "cold_start_s": measured.get("cold_start_s"), "peak_rss_mb": measured["peak_rss_mb"]}
    return summary


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile, in the units given."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * p // 100) - 1))], 2)


def ratio(mine, theirs) -> float | None:
    if not isinstance(mine, (int, float)) or not isinstance(theirs, (int, float)) or not theirs:
        return None
    return round(mine / theirs, 2)


def machine() -> dict:
    """Where the numbers came from: CPU, cores, memory, load at the start, Python."""
    cpu = next((line.split(":", 1)[1].strip() for line in _read_lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or platform.machine())
    memory_kb = next((int(line.split()[1]) for line in _read_lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 ** 2, 1),
            "load_average_1m": round(os.getloadavg()[0], 2), "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "default"),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True)}


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


# ---- output -------------------------------------------------------------------------------------------
TABLE_ROWS = (
    ("questions", "questions"), ("with_evidence", "questions with evidence"),
    ("hit_at_1", "evidence hit@1"), ("hit_at_4", "evidence hit@4"), ("hit_at_10", "evidence hit@10"),
    ("mrr", "evidence MRR"), ("figure_exact", "figure exact in answer (baseline, bm25: in top-4 text)"),
    ("accuracy_answerable", "answer accuracy, answerable questions"),
    ("abstention_recall", "abstains when the report has no answer"), ("chunks", "chunks"),
    ("model_load_s", "model load (s)"), ("ingest_s", "ingest, model loaded (s)"),
    ("query_p50_ms", "warm query p50 (ms)"), ("query_p95_ms", "warm query p95 (ms)"),
    ("cold_start_s", "cold start to first answer (s, median)"), ("peak_rss_mb", "peak RSS (MB)"),
)


def bench_table(result: dict) -> str:
    systems = result["systems"]
    lines = ["| metric | " + " | ".join(SYSTEMS) + " | citebrief / baseline |", "|---" * (len(SYSTEMS) + 2) + "|"]
    for key, label in TABLE_ROWS:
        cells = [_cell(systems[s][key]) for s in SYSTEMS] + [_cell(result["ratios"].get(key))]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    m = result["machine"]
    lines += ["", f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, load average {m['load_average_1m']} "
                  f"at the start, OMP_NUM_THREADS {m['omp_num_threads']}, Python {m['python']}, {m['platform']}. "
                  f"Set: {Path(result['set']).name}."]
    return "\n".join(lines)


def _cell(value) -> str:
    return "—" if value is None else str(value)


def write_outputs(result: dict, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "bench.json", out / "bench.md"]
    paths[0].write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    paths[1].write_text("# citebrief against the LangChain tutorial RAG\n\n" + bench_table(result) + "\n", encoding="utf-8")
    return paths
