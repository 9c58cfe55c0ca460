"""TAT-QA's development set read as reports: each context a Markdown file, each extraction question an item.

A context (one table and the paragraphs printed with it, from a company's annual report) becomes
`tatqa-<uid>.md`: a heading, the table as a pipe table (its first row as the heading line), then the
paragraphs in their order. Its questions are asked of that report alone (`source`). Only the extraction
questions (`span`, `multi-span`) are items: their answers are printed in the table or the text; the
`arithmetic` and `count` ones need a value citebrief does not compute. An answer is right when it holds
every gold span, compared as TAT-QA's own metric compares (case, punctuation, articles and thousands
separators ignored).
"""
from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from pathlib import Path

DATASET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "tatqa" / "tatqa_dataset_dev.json"
EXTRACTION = ("span", "multi-span")
ARTICLES = re.compile(r"\b(a|an|the)\b")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


@dataclass(frozen=True)
class TatItem:
    """One extraction question of a TAT-QA context."""

    id: str
    source: str  # the context's file stem: the source id citebrief gives it
    question: str
    spans: tuple[str, ...]
    answer_from: str  # "table", "text" or "table-text"
    answer_type: str


def source_id(context: dict) -> str:
    return "tatqa-" + context["table"]["uid"][:8]


def context_markdown(context: dict) -> str:
    """The context as a report: a heading, the table as a pipe table, the paragraphs in order."""
    rows = [[_cell(c) for c in row] for row in context["table"]["table"]]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = [f"# Annual report extract {context['table']['uid'][:8]}", ""]
    lines.append("| " + " | ".join(rows[0]) + " |")
    lines.append("|" + "---|" * width)
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    paragraphs = sorted(context["paragraphs"], key=lambda p: p["order"])
    return "\n".join(lines + [""] + [p["text"].strip() + "\n" for p in paragraphs])


def _cell(text: str) -> str:
    return " ".join(str(text).replace("|", "\\|").split())


def write_contexts(dataset: Path, folder: Path) -> list[Path]:
    """Every context as `folder/tatqa-<uid>.md`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for context in json.loads(dataset.read_text(encoding="utf-8")):
        path = folder / f"{source_id(context)}.md"
        path.write_text(context_markdown(context), encoding="utf-8")
        paths.append(path)
    return paths


def extraction_items(dataset: Path) -> list[TatItem]:
    """The span and multi-span questions, each with its context's source id."""
    items = []
    for context in json.loads(dataset.read_text(encoding="utf-8")):
        for q in context["questions"]:
            if q["answer_type"] in EXTRACTION:
                answer = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
                items.append(TatItem(q["uid"], source_id(context), q["question"], tuple(str(a) for a in answer),
                                     q["answer_from"], q["answer_type"]))
    return items


def normalise(text: str) -> str:
    """TAT-QA's comparison form: lower case, no punctuation, no articles, no thousands separators."""
    text = THOUSANDS.sub("", str(text).lower())
    text = "".join(c if c not in string.punctuation else " " for c in text)
    return " ".join(ARTICLES.sub(" ", text).split())


def holds_every_span(answer: str, spans: tuple[str, ...]) -> bool:
    """Every gold span, normalised, stands in the normalised answer as whole words."""
    said = f" {normalise(answer)} "
    return all(f" {normalise(span)} " in said for span in spans if normalise(span))


def run_tatqa(settings, dataset: Path = DATASET, progress=None, ingest_progress=None) -> dict:
    """Every extraction question asked of its own context, in a store of TAT-QA's contexts alone (its home's
    `tatqa-contexts/` folder, ingested first when new): each question's answer and whether it holds every span.
    `progress(done, total)` follows the questions, `ingest_progress` the ingest (`ingest.pipeline.ingest`'s)."""
    from assistant.answer import Assistant
    from assistant.library import Library
    from assistant.render import answer_to_dict
    from ingest.pipeline import ingest

    if not dataset.is_file():
        raise ValueError(f"TAT-QA's development set is not at {dataset} (it comes with ../shared/datasets/tatqa)")
    folder = settings.home / "tatqa-contexts"
    paths = write_contexts(dataset, folder)
    report = ingest([folder], settings, progress=ingest_progress)
    if report.errors:
        raise ValueError(f"TAT-QA's contexts could not all be read: {report.errors[0]}")
    library = Library.open(settings)
    others = sorted({p.source.id for p in library.parsed} - {p.stem for p in paths})
    if others:
        raise ValueError(f"the store at {settings.home} holds other reports ({', '.join(others[:3])}); "
                         "give TAT-QA a store of its own with --home")
    assistant, rows = Assistant(library), []
    items = extraction_items(dataset)
    for done, item in enumerate(items, start=1):
        answer = answer_to_dict(assistant.ask(item.question, source=item.source))
        right = not answer["abstained"] and holds_every_span(answer["answer"], item.spans)
        rows.append({"id": item.id, "source": item.source, "question": item.question, "spans": list(item.spans),
                     "answer_from": item.answer_from, "answer_type": item.answer_type, "passed": right,
                     "abstained": answer["abstained"], "route": answer["route"], "answer": answer["answer"]})
        if progress:
            progress(done, len(items))
    return {"dataset": str(dataset), "questions": rows}


def tatqa_table(result: dict) -> str:
    """Accuracy (every gold span in the answer) and abstentions by where the answer is printed."""
    rows = result["questions"]
    lines = ["| answer from | questions | accuracy | abstained |", "|---|---:|---:|---:|"]
    for name in sorted({r["answer_from"] for r in rows}) + ["all"]:
        some = [r for r in rows if name in ("all", r["answer_from"])]
        lines.append(f"| {name} | {len(some)} | {sum(r['passed'] for r in some) / len(some):.3f} | "
                     f"{sum(r['abstained'] for r in some)} |")
    return "\n".join(lines)
