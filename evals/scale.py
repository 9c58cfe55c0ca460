"""`citebrief bench-scale`: how ingest, store size and query latency grow with the number of reports.

The corpus is grown from the real report: each extra report is the same text with its sections
shuffled, "NHS" re-labelled with a region, a new title and a new source id. That keeps every copy
parseable (tables, quotes and headings survive) while its prose embeddings differ a little.
What it does not model: reports on other topics, whose passages compete less with each other.
"""
from __future__ import annotations

import json
import math
import random
import shutil
import time
from pathlib import Path

from ingest.load import load
from ingest.settings import Settings
from ingest.structure import parse

from .bench import peak_rss_mb, percentile
from .sets import SETS_DIR, load_set

PROSE_AND_QUOTES = {"kind": {"$in": ["prose", "quote"]}}
GROWTH_KEYS = ("ask_p50_ms", "search_p50_ms", "chroma_p50_ms", "chroma_where_p50_ms")
REGIONS = ("Wessex", "Mersey", "Trent", "Anglia", "Oxford", "Northern", "Yorkshire", "Thames", "Severn", "Pennine")


def report_sections(report: Path, chunk_size: int = 700) -> list[str]:
    """The report's raw text cut at each heading line citebrief finds, in reading order."""
    raw = load(report)
    headings = [s.heading for s in parse(raw, report.stem, chunk_size).sections if s.heading]
    lines = raw.pages[0][1].splitlines()
    cuts, at = [0], 0
    for heading in headings:
        found = next((i for i in range(at, len(lines)) if lines[i].strip() == heading), None)
        if found is not None and found > cuts[-1]:
            cuts.append(found)
            at = found + 1
    return ["\n".join(lines[a:b]).strip("\n") for a, b in zip(cuts, cuts[1:] + [len(lines)])]


def synthetic_reports(report: Path, copies: int, folder: Path) -> list[Path]:
    """The report itself plus copies - 1 re-labelled, re-ordered variants of it, with metadata."""
    folder.mkdir(parents=True, exist_ok=True)
    meta_path = report.with_name(report.stem + ".meta.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    paths = [folder / report.name]
    shutil.copy(report, paths[0])
    if meta_path.exists():
        shutil.copy(meta_path, folder / meta_path.name)
    sections = report_sections(report)
    for n in range(1, copies):
        region = f"{REGIONS[n % len(REGIONS)]} {n}"
        order = sections[:]
        random.Random(n).shuffle(order)
        path = folder / f"synthetic-{n:04d}.txt"
        path.write_text("\n\n".join(order).replace("NHS", f"NHS {region}") + "\n", encoding="utf-8")
        title = f"{meta.get('title', report.stem)}: {region} edition"
        path.with_name(path.stem + ".meta.json").write_text(json.dumps({**meta, "title": title}), encoding="utf-8")
        paths.append(path)
    return paths


def gold_questions(count: int) -> list[str]:
    """`count` questions spread evenly over the gold set, so every category is timed."""
    items = load_set(SETS_DIR / "report-gold.jsonl")
    step = max(1, len(items) // max(1, count))
    return [item.question for item in items[::step][:count]]


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 ** 2, 2)


def measure_size(report: Path, copies: int, workdir: Path, model: str, questions: list[str]) -> dict:
    """Grow the store in workdir to `copies` reports (only the new ones are embedded) and time questions."""
    from assistant.answer import Assistant
    from assistant.library import Library
    from ingest.embed import get_embedder
    from ingest.pipeline import ingest

    get_embedder(model)  # loaded once for all sizes, so ingest time is parsing, embedding and writing
    corpus = synthetic_reports(report, copies, workdir / "corpus")
    settings = Settings.from_env(home=workdir / "store", model=model, chroma_url="")
    done = ingest([corpus[0].parent], settings)
    opening = time.perf_counter()
    library = Library.open(settings)
    opened = time.perf_counter() - opening
    timings = time_questions(Assistant(library), questions)
    return {"reports": copies, "chunks": done.chunks, "embedded": done.embedded, "ingest_s": round(done.seconds, 2),
            "chunks_per_s": round(done.embedded / done.seconds, 1) if done.seconds else None,
            "store_mb": folder_mb(settings.home), "open_s": round(opened, 2),
            **{f"{name}_p{p}_ms": percentile(values, p) for name, values in timings.items() for p in (50, 95)},
            "peak_rss_mb": peak_rss_mb()}


def time_questions(assistant, questions: list[str]) -> dict[str, list[float]]:
    """Milliseconds per question: the whole answer, embedding the question, hybrid search given the
    embedding (what grows with the corpus), and a Chroma nearest-40 query alone, without and with the
    metadata filter a general question's search uses."""
    from assistant.retrieve import search

    library = assistant.library
    assistant.ask(questions[0])  # warm
    timings: dict[str, list[float]] = {"ask": [], "embed": [], "search": [], "chroma": [], "chroma_where": []}
    for question in questions:
        timings["ask"].append(_timed(assistant.ask, question)[1])
        vector, elapsed = _timed(library.embed_query, question)
        timings["embed"].append(elapsed)
        timings["search"].append(_timed(search, library, question, k=10, query_vector=vector)[1])
        for name, where in (("chroma", None), ("chroma_where", PROSE_AND_QUOTES)):
            timings[name].append(_timed(library.store.collection.query, query_embeddings=[vector.tolist()],
                                        n_results=40, where=where, include=["distances"])[1])
    return timings


def _timed(function, *args, **kwargs) -> tuple[object, float]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, (time.perf_counter() - started) * 1000


def run_scale(report: Path, sizes: list[int], workdir: Path, model: str, questions: list[str],
              progress=lambda message: None) -> dict:
    """Sizes in increasing order on one growing store, as a library of reports grows in use.

    A size that fails ends the run with its error recorded, so the sizes measured before it are kept.
    """
    from .bench import machine

    rows, failure = [], None
    for copies in sorted(set(sizes)):
        progress(f"{copies} report(s): generating, ingesting the new ones, asking {len(questions)} questions")
        try:
            rows.append(measure_size(report, copies, workdir, model, questions))
        except Exception as exc:  # chromadb, sqlite and our own errors alike: what failed, at what size, is the result
            failure = {"reports": copies, "error": f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
            progress(f"{copies} report(s): failed: {failure['error']}")
            break
    return {"machine": machine(), "report": str(report), "questions": len(questions), "sizes": rows,
            "failure": failure, "growth": {key: growth_exponent(rows, key) for key in GROWTH_KEYS}}


def growth_exponent(rows: list[dict], key: str) -> float | None:
    """Slope of log(latency) against log(chunks) from the smallest to the largest size: 0 flat, 1 linear."""
    if len(rows) < 2 or not rows[0][key] or not rows[-1][key] or rows[0]["chunks"] == rows[-1]["chunks"]:
        return None
    first, last = rows[0], rows[-1]
    return round(math.log(last[key] / first[key]) / math.log(last["chunks"] / first["chunks"]), 2)


SCALE_COLUMNS = (("reports", "reports"), ("chunks", "chunks"), ("embedded", "new chunks embedded"),
                 ("ingest_s", "ingest s"), ("chunks_per_s", "embedded/s"), ("store_mb", "store MB"), ("open_s", "open s"),
                 ("ask_p50_ms", "ask p50 ms"), ("ask_p95_ms", "ask p95 ms"), ("embed_p50_ms", "embed question p50 ms"),
                 ("search_p50_ms", "hybrid search p50 ms"), ("search_p95_ms", "hybrid search p95 ms"),
                 ("chroma_p50_ms", "Chroma, no filter, p50 ms"), ("chroma_p95_ms", "Chroma, no filter, p95 ms"),
                 ("chroma_where_p50_ms", "Chroma, kind in (prose, quote), p50 ms"),
                 ("peak_rss_mb", "peak RSS MB so far"))


def scale_table(result: dict) -> str:
    lines = ["| " + " | ".join(label for _, label in SCALE_COLUMNS) + " |", "|---" * len(SCALE_COLUMNS) + "|"]
    for row in result["sizes"]:
        lines.append("| " + " | ".join(str(row[key]) for key, _ in SCALE_COLUMNS) + " |")
    if result.get("failure"):
        lines.append(f"| {result['failure']['reports']} | failed: {result['failure']['error']} |" + " |" * (len(SCALE_COLUMNS) - 2))
    growth = ", ".join(f"{k.removesuffix('_p50_ms')} {v}" for k, v in result["growth"].items() if v is not None)
    m = result["machine"]
    lines += ["", f"Growth exponent of p50 latency in chunks (0 flat, 1 linear): {growth or 'needs two sizes'}.",
              f"Machine: {m['cpu']}, {m['cores']} cores, load average {m['load_average_1m']} at the start, "
              f"OMP_NUM_THREADS {m['omp_num_threads']}; "
              f"{result['questions']} questions per size."]
    return "\n".join(lines)


def plot(result: dict, path: Path) -> None:
    """Latency against corpus size, both axes logarithmic."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chunks = [row["chunks"] for row in result["sizes"]]
    fig, ax = plt.subplots(figsize=(7, 4))
    for key, label in (("ask_p50_ms", "ask p50"), ("ask_p95_ms", "ask p95"), ("embed_p50_ms", "embed the question p50"),
                       ("search_p50_ms", "hybrid search p50 (question embedded)"), ("chroma_p50_ms", "Chroma query p50 (no filter)"),
                       ("chroma_where_p50_ms", "Chroma query p50 (kind in prose, quote)")):
        ax.plot(chunks, [row[key] for row in result["sizes"]], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunks in the store (reports: " + ", ".join(str(r["reports"]) for r in result["sizes"]) + ")")
    ax.set_ylabel("milliseconds")
    ax.set_title("citebrief query latency against corpus size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_outputs(result: dict, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "scale.json", out / "scale.md", out / "scale.png"]
    paths[0].write_text(json.dumps(result, indent=2), encoding="utf-8")
    paths[1].write_text("# citebrief at scale\n\n" + scale_table(result) + "\n", encoding="utf-8")
    plot(result, paths[2])
    return paths
