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

REGIONS = ("Wessex", "Mersey", "Trent", "Anglia", "Oxford", "Northern", "Yorkshire", "Thames", "Severn", "Pennine")


def report_sections(report: Path, chunk_size: int = 700) -> list[str]:
    """The report's raw text cut at each heading line citebrief finds, in reading order."""
    headings = [s.heading for s in parse(load(report), report.stem, chunk_size).sections if s.heading]
    lines = load(report).pages[0][1].splitlines()
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
    assistant = Assistant(library)
    assistant.ask(questions[0])  # warm
    ask_ms, retrieve_ms, dense_ms = [], [], []
    for question in questions:
        ask_ms.append(_ms(assistant.ask, question))
        retrieve_ms.append(_ms(assistant.retrieve, question, 10))
        vector = library.embed_query(question).tolist()
        dense_ms.append(_ms(library.store.collection.query, query_embeddings=[vector], n_results=40))
    return {"reports": copies, "chunks": done.chunks, "embedded": done.embedded, "ingest_s": round(done.seconds, 2),
            "chunks_per_s": round(done.embedded / done.seconds, 1) if done.seconds else None,
            "store_mb": folder_mb(settings.home), "open_s": round(opened, 2),
            "ask_p50_ms": percentile(ask_ms, 50), "ask_p95_ms": percentile(ask_ms, 95),
            "retrieve_p50_ms": percentile(retrieve_ms, 50), "retrieve_p95_ms": percentile(retrieve_ms, 95),
            "chroma_p50_ms": percentile(dense_ms, 50), "chroma_p95_ms": percentile(dense_ms, 95),
            "peak_rss_mb": peak_rss_mb()}


def _ms(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def run_scale(report: Path, sizes: list[int], workdir: Path, model: str, questions: list[str],
              progress=lambda message: None) -> dict:
    """Sizes in increasing order on one growing store, as a library of reports grows in use."""
    rows = []
    for copies in sorted(set(sizes)):
        progress(f"{copies} report(s): generating, ingesting the new ones, asking {len(questions)} questions")
        rows.append(measure_size(report, copies, workdir, model, questions))
    from .bench import machine

    return {"machine": machine(), "report": str(report), "questions": len(questions), "sizes": rows,
            "growth": {key: growth_exponent(rows, key) for key in ("ask_p50_ms", "retrieve_p50_ms", "chroma_p50_ms")}}


def growth_exponent(rows: list[dict], key: str) -> float | None:
    """Slope of log(latency) against log(chunks) from the smallest to the largest size: 0 flat, 1 linear."""
    first, last = rows[0], rows[-1]
    if len(rows) < 2 or not first[key] or not last[key] or first["chunks"] == last["chunks"]:
        return None
    return round(math.log(last[key] / first[key]) / math.log(last["chunks"] / first["chunks"]), 2)


SCALE_COLUMNS = (("reports", "reports"), ("chunks", "chunks"), ("embedded", "new chunks embedded"),
                 ("ingest_s", "ingest s"), ("chunks_per_s", "embedded/s"), ("store_mb", "store MB"), ("open_s", "open s"),
                 ("ask_p50_ms", "ask p50 ms"), ("ask_p95_ms", "ask p95 ms"),
                 ("retrieve_p50_ms", "retrieve p50 ms"), ("retrieve_p95_ms", "retrieve p95 ms"),
                 ("chroma_p50_ms", "Chroma p50 ms"), ("chroma_p95_ms", "Chroma p95 ms"),
                 ("peak_rss_mb", "peak RSS MB so far"))


def scale_table(result: dict) -> str:
    lines = ["| " + " | ".join(label for _, label in SCALE_COLUMNS) + " |", "|---" * len(SCALE_COLUMNS) + "|"]
    for row in result["sizes"]:
        lines.append("| " + " | ".join(str(row[key]) for key, _ in SCALE_COLUMNS) + " |")
    growth = ", ".join(f"{k.removesuffix('_p50_ms')} {v}" for k, v in result["growth"].items() if v is not None)
    m = result["machine"]
    lines += ["", f"Growth exponent of p50 latency in chunks (0 flat, 1 linear): {growth or 'needs two sizes'}.",
              f"Machine: {m['cpu']}, {m['cores']} cores, load average {m['load_average_1m']} at the start; "
              f"{result['questions']} questions per size."]
    return "\n".join(lines)


def plot(result: dict, path: Path) -> None:
    """Latency against corpus size, both axes logarithmic."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chunks = [row["chunks"] for row in result["sizes"]]
    fig, ax = plt.subplots(figsize=(7, 4))
    for key, label in (("ask_p50_ms", "ask p50"), ("ask_p95_ms", "ask p95"), ("retrieve_p50_ms", "hybrid retrieve p50"),
                       ("chroma_p50_ms", "Chroma query p50")):
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
