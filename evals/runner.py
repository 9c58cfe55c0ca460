"""Run evaluation sets through the public assistant API and write results, a report and a chart."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from assistant.answer import Assistant
from assistant.render import answer_to_dict

from .conversations import Turns, follow_up_metrics
from .evidence import Corpus
from .metrics import Score, score, summarise
from .sets import Item, load_set, normalise

THRESHOLD_NAMES = {"accuracy", "figure_exactness", "verbatim_quote_rate", "abstention_recall", "citation_support",
                   "evidence_recall_at_5"}
CEILING_NAMES = {"unsupported_number_rate"}


def corpus_text(assistant: Assistant) -> str:
    return "\n\n".join(p.source.text for p in assistant.library.parsed)


def evidence_corpus(assistant: Assistant) -> Corpus:
    """The library's sources as evidence is looked for in them (evals.evidence)."""
    return Corpus.of_parsed(assistant.library.parsed)


def run_sets(assistant: Assistant, paths: list[Path], progress=None) -> list[dict]:
    """Several sets over one library (its evidence corpus built once), each labelled by the shortest
    end of its path that tells it from the others ('report-gold.jsonl', 'analystx/questions.jsonl')."""
    evidence = evidence_corpus(assistant)
    labels = set_labels(paths)
    return [run_set(assistant, path, progress, evidence) | {"label": labels[path]} for path in paths]


def set_labels(paths: list[Path]) -> dict[Path, str]:
    labels = {}
    for path in paths:
        depth = 1
        while depth < len(path.parts) and sum(p.parts[-depth:] == path.parts[-depth:] for p in paths) > 1:
            depth += 1
        labels[path] = "/".join(path.parts[-depth:])
    return labels


def run_set(assistant: Assistant, path: Path, progress=None, evidence: Corpus | None = None) -> dict:
    """Every question of one set, scored; what the UI and the CLI both show."""
    corpus = corpus_text(assistant)
    items = load_set(path, evidence or evidence_corpus(assistant))
    normal_corpus = normalise(corpus)
    rows, turns, later = [], Turns(assistant), []
    for done, item in enumerate(items, start=1):
        answer = answer_to_dict(turns.ask(item))
        later.append(turns.is_follow_up(item))
        retrieved = [h.chunk.text for h in assistant.retrieve(answer["read_as"], k=10)]
        rows.append((item, answer, score(item, answer, retrieved, normal_corpus)))
        if progress:
            progress(done, len(items))
    metrics = summarise([s for _, _, s in rows]) | follow_up_metrics(later, [s.correct for _, _, s in rows])
    return {"set": str(path), "metrics": metrics, "reports": by_report([s for _, _, s in rows]),
            "questions": [_question_row(item, answer, s) for item, answer, s in rows]}


def by_report(scores: list[Score]) -> dict[str, dict]:
    """The metrics of each report's questions (a question is its evidence's report; '' for none)."""
    return {source: summarise([s for s in scores if s.source == source]) for source in sorted({s.source for s in scores})}


def report_table(results: list[dict]) -> str:
    """One row per report over every set's questions: how each report fares, whichever set asked."""
    scores = [Score(**q["score"]) for r in results for q in r["questions"]]
    names = ("questions", "accuracy", "figure_exactness", "evidence_recall_at_5", "citation_support",
             "abstention_recall", "unsupported_number_rate")
    lines = ["| report | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for source, metrics in by_report(scores).items():
        lines.append(f"| {source or '(no evidence)'} | " + " | ".join(str(metrics[n]) for n in names) + " |")
    return "\n".join(lines)


def set_label(result: dict) -> str:
    return result.get("label") or Path(result["set"]).name


def _question_row(item: Item, answer: dict, s: Score) -> dict:
    return {"id": item.id, "category": item.category, "question": item.question, "read_as": answer["read_as"],
            "conversation": item.conversation, "passed": s.correct,
            "expected": list(item.must_contain) + ([f"any of {list(item.any_of)}"] if item.any_of else [])
            + (["(abstain)"] if item.abstain else []),
            "answer": answer["answer"], "abstained": answer["abstained"], "citations": answer["citations"],
            "figures": answer.get("figures", []), "quotes": answer.get("quotes", []), "notices": answer.get("notices", []),
            "score": asdict(s)}


def failed_thresholds(metrics: dict, minimums: dict[str, float]) -> list[str]:
    failures = []
    for name, limit in minimums.items():
        value = metrics.get(name)
        if value is None:
            continue
        if (name in CEILING_NAMES and value > limit) or (name not in CEILING_NAMES and value < limit):
            failures.append(f"{name} = {value} (limit {limit})")
    return failures


def write_outputs(results: list[dict], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "results.json", out / "report.md", out / "accuracy.png"]
    paths[0].write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    paths[1].write_text(markdown_report(results), encoding="utf-8")
    _chart(results, paths[2])
    return paths


def metrics_table(results: list[dict]) -> str:
    names = list(dict.fromkeys(k for r in results for k, v in r["metrics"].items() if not isinstance(v, dict)))
    header = "| metric | " + " | ".join(set_label(r).removesuffix(".jsonl") for r in results) + " |"
    lines = [header, "|---" * (len(results) + 1) + "|"]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(str(r["metrics"].get(name, "")) for r in results) + " |")
    for category in sorted({c for r in results for c in r["metrics"]["accuracy_by_category"]}):
        lines.append(f"| accuracy: {category} | " + " | ".join(
            str(r["metrics"]["accuracy_by_category"].get(category, "")) for r in results) + " |")
    return "\n".join(lines)


def markdown_report(results: list[dict]) -> str:
    parts = ["# citebrief evaluation", "", metrics_table(results), "", "## By report", "", report_table(results), ""]
    for result in results:
        failures = [q for q in result["questions"] if not q["passed"]]
        parts.append(f"## Failures in {set_label(result)} ({len(failures)})")
        for q in failures:
            cites = "; ".join(f"[{c['n']}] {c['section']}: {c['text'][:120]}" for c in q["citations"][:3])
            read_as = [f"  - read as: {q['read_as']}"] if q.get("read_as", q["question"]) != q["question"] else []
            parts += ["", f"- **{q['id']}** ({q['category']}) {q['question']}", *read_as, f"  - expected: {q['expected']}",
                      f"  - got: {q['answer'][:400]}", f"  - citations: {cites or 'none'}"]
        parts.append("")
    return "\n".join(parts)


def _chart(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    categories = sorted({c for r in results for c in r["metrics"]["accuracy_by_category"]})
    fig, ax = plt.subplots(figsize=(7, 3.5))
    width = 0.8 / len(results)
    for k, result in enumerate(results):
        values = [result["metrics"]["accuracy_by_category"].get(c) or 0 for c in categories]
        ax.bar([i + k * width for i in range(len(categories))], values, width, label=set_label(result))
    ax.set_xticks([i + width * (len(results) - 1) / 2 for i in range(len(categories))], categories)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("accuracy")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
