"""`citebrief train --structure`: fit the structure models on the gold reports and write the packaged file.

Every report with gold (evals.structure_gold) is read once; its candidate blocks and their features come
from the same code ingest runs (ingest.blocks, ingest.block_features), its quoted spans from
ingest.quote_spans, and their labels from its gold. The block model is a multinomial logistic regression
(scikit-learn, lbfgs, classes weighted by their frequency: a report has many paragraphs and few quotes)
over standardised features, fitted twice: on the printed reports' candidates for printed layouts (PDF), and
on the same candidates as plain text would give them (fonts and places taken away) with the text reports'
own, for layouts without geometry; the quoted-span model is a binary one. Both are written as JSON coefficients
(ingest.block_model). lbfgs on the same rows gives the same coefficients, so the file is the same on
every run (no random state is involved; SEED is fixed for any estimator that takes one).
Why logistic regression rather than gradient boosting: measured leave one report out on the block
labels, it found headings and quotes better on the reports left out (gradient boosting fitted the
reports it saw more closely and the ones it did not see worse; docs/measurements.md), and it ships as a
few hundred numbers that load without scikit-learn.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.block_features import as_plain_text, candidate_features
from ingest.block_model import MODEL_PATH, StructureModel
from ingest.blocks import layout_candidates
from ingest.furniture import find_furniture
from ingest.load import RawDocument, load
from ingest.processes import outcomes
from ingest.quote_spans import quoted_spans, span_features
from ingest.quotes import SEARCHED
from ingest.structure import report_layout
from ingest.table_grids import tables_in_layout

from .structure_gold import GoldReport, block_labels, gold_reports, span_labels

SEED = 0
REGULARISATION = 1.0  # scikit-learn's C, its default: not tuned (tuning it on the left-out numbers would fit them)
MAX_ITERATIONS = 5000


@dataclass(frozen=True)
class ReportData:
    """One gold report as read: its file, and the labelled rows both models learn from."""

    report: GoldReport
    raw: RawDocument
    block_rows: tuple[dict, ...]
    block_labels: tuple[str, ...]
    span_rows: tuple[dict, ...]
    span_labels: tuple[str, ...]


def read_reports(reports: list[GoldReport] | None = None, progress=lambda message: None) -> list[ReportData]:
    """Each gold report read and labelled (several at once, one process per core: ingest.processes)."""
    reports = reports if reports is not None else gold_reports()
    progress(f"reading {len(reports)} reports")
    data = []
    for report, (read, failure) in zip(reports, outcomes(read_report, [(report,) for report in reports])):
        if failure is not None:
            raise failure
        progress(f"read {report.document.name}")
        data.append(read)
    return data


def read_report(report: GoldReport) -> ReportData:
    """One gold report read and labelled (run in a worker process: module level, so it can be sent there)."""
    return labelled(report, load(report.document))


def labelled(report: GoldReport, raw: RawDocument) -> ReportData:
    """A report's rows for both models with their gold labels (candidates the format names a role for, or
    the gold cannot tell, left out)."""
    layout = report_layout(raw)
    furniture = find_furniture(layout)
    placed, _ = tables_in_layout(layout, furniture.lines)
    candidates, _ = layout_candidates(layout, furniture, placed)
    rows, labels = candidate_features(candidates, layout), block_labels(candidates, report)
    kept = [k for k, c in enumerate(candidates) if not c.named and labels[k] is not None]
    # quote blocks too: a quote the block model misses is the span model's to find, as a span the whole block long
    texts = [c.text if labels[k] in SEARCHED + ("quote",) else "" for k, c in enumerate(candidates)]
    spans = quoted_spans(texts)
    previous = [""] + [c.text for c in candidates[:-1]]
    return ReportData(report, raw, tuple(rows[k] for k in kept), tuple(labels[k] for k in kept),
                      tuple(span_features(spans, texts, previous)), tuple(span_labels(spans, texts, report)))


def fit(data: list[ReportData]) -> dict:
    """Both models fitted on the given reports, as the JSON the package loads. Each report's rows weigh as much
    together as any other report's (report_weights), in each model."""
    blocks = [(r, y, k) for k, d in enumerate(data) for r, y in zip(d.block_rows, d.block_labels)]
    printed = [(r, y, k) for r, y, k in blocks if r["geometry"]]
    plain = [(as_plain_text(r), y, k) for r, y, k in printed] + [(r, y, k) for r, y, k in blocks if not r["geometry"]]
    spans = [(r, y, k) for k, d in enumerate(data) for r, y in zip(d.span_rows, d.span_labels)]
    return {"version": 1, "blocks": _logistic(printed), "plain_blocks": _logistic(plain), "quote_spans": _logistic(spans)}


def report_weights(reports: list[int]) -> list[float]:
    """A weight per row (`reports` names each row's report) so that every report weighs the same in all.
    With each row weighing one, the engagement report's 65 quoted blocks taught the quote model that a quote is a
    whole block, and the King's Fund text's quotes inside paragraphs were missed. Left out over the ten reports
    (docs/measurements.md, 03f7e64 to 8e5bffd, with ingest.quote_spans' whole_sentences): quotes found 119 ->
    133 of 151 (HEE full 11 -> 17, the King's Fund text 13 -> 21). The plain-text model weighted too (once a
    possessive stopped counting as speech, ingest.textutil CONTRACTION), the King's Fund text left out: headings
    F1 0.67 -> 0.86."""
    counts = Counter(reports)
    return [len(reports) / (len(counts) * counts[k]) for k in reports]


def fitted(data: list[ReportData]) -> StructureModel:
    return StructureModel.from_dict(fit(data))


def _logistic(labelled_rows: list[tuple[dict, str, int]]) -> dict:
    """A logistic regression over (features, label, report) rows."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    rows, labels, reports = zip(*labelled_rows)
    names = sorted({name for row in rows for name in row})
    x = np.array([[row.get(name, 0.0) for name in names] for row in rows], dtype=float)
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=REGULARISATION, max_iter=MAX_ITERATIONS, class_weight="balanced", random_state=SEED)
    model.fit((x - scaler.mean_) / scale, labels, sample_weight=report_weights(list(reports)))
    return {"features": names, "classes": [str(c) for c in model.classes_], "mean": _rounded(scaler.mean_),
            "scale": _rounded(scale), "coef": [_rounded(row) for row in model.coef_], "intercept": _rounded(model.intercept_)}


def _rounded(values) -> list[float]:
    """Eight decimals: far below what moves a decision, and a file that reads the same on every machine."""
    return [round(float(v), 8) for v in values]


def train(out: Path = MODEL_PATH, reports: list[GoldReport] | None = None, progress=lambda message: None) -> Path:
    """Fit on the gold reports (all by default) and write the model file (the same file on every run)."""
    model = fit(read_reports(reports, progress=progress))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    return out
