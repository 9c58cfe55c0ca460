"""`citebrief eval --structure --cross-report`: the structure models measured on reports they were not fitted on.

For each gold report R: fit both models (evals.structure_train) on every other report, read R with them
(ingest.structure.parse, no embedding) and score R against its gold. The same scores with the models
fitted on all the reports are given beside, labelled as such: they are not the result.
Per report: quotes found (recall, the shared scorer's rule: 80 per cent of a gold quote's words in one
run of a stored quote), stored quotes that are quotes (precision: a stored quote covering a gold quote or
lying inside one), speakers as printed (of the quotes found, those whose stored speaker is the gold's
attribution as printed, or names only words of the gold's description), headings F1 (gold titles at the
depth the gold lists), numeric table rows exact (the shared scorer's rule) and furniture lines left in
chunks (the gold's running headers and footers found in any chunk's text).
"""
from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ingest.structure import parse
from ingest.types import ParsedSource

from .evidence import holds_in_order
from .structure_gold import GoldReport, covers, longest_run, norm, speaker_core, words
from .structure_train import SEED, ReportData, fitted, read_reports

CHUNK_SIZE = 700
NUMERIC = re.compile(r"[-+−(]?[£$€]?\d[\d,.]*%?\)?[*a-z]?")  # the shared scorer's numeric cell
NAMES_NO_ONE = {"one", "a", "an", "the", "another", "each", "these", "those", "this", "that"}


@dataclass(frozen=True)
class StructureScore:
    report: str
    quotes: tuple[int, int]  # (gold quotes found, gold quotes)
    precision: tuple[int, int]  # (stored quotes that are gold quotes, stored quotes)
    speakers: tuple[int, int]  # (found quotes whose speaker is as printed, found quotes)
    headings_f1: float
    table_rows: tuple[int, int]
    furniture_lines: int


def cross_report(data: list[ReportData], progress=lambda message: None) -> tuple[list[StructureScore], list[StructureScore]]:
    """The left-out scores (each report read by models fitted without it) and, beside, the fitted-on-all scores."""
    left_out = []
    for report in data:
        progress(f"fitting without {report.report.id}")
        model = fitted([d for d in data if d is not report])
        left_out.append(score(parse(report.raw, report.report.id, CHUNK_SIZE, model), report.report))
    on_all = fitted(data)
    return left_out, [score(parse(d.raw, d.report.id, CHUNK_SIZE, on_all), d.report) for d in data]


def resampled(data: list[ReportData], rounds: int, progress=lambda message: None) -> list[list[StructureScore]]:
    """Left-out scores `rounds` times over, each report read by models fitted on a bootstrap resample of the
    others (resample_draws): how far a left-out number moves when the reports a model learns from change a
    little, which is the least a change of the code must move it by to be told apart on these reports."""
    rounds_scores = []
    for n, draws in enumerate(resample_draws(data, rounds)):
        scores = []
        for report, drawn in zip(data, draws):
            progress(f"round {n + 1} of {rounds}: fitting without {report.report.id}")
            scores.append(score(parse(report.raw, report.report.id, CHUNK_SIZE, fitted(drawn)), report.report))
        rounds_scores.append(scores)
    return rounds_scores


def resample_draws(data: list, rounds: int) -> list[list[list]]:
    """For each round and each report, the reports fitted on: as many as the others, drawn from them with
    replacement (one drawn twice weighs twice), seeded (SEED) so that the rounds are the same every run."""
    draw = random.Random(SEED)
    return [[[draw.choice(others) for _ in others] for others in ([d for d in data if d is not report] for report in data)]
            for _ in range(rounds)]


def spread_table(left_out: list[StructureScore], rounds: list[list[StructureScore]]) -> str:
    """Per report, the left-out headings F1 and quotes found beside their spread over the resampled rounds
    (mean, standard deviation, lowest and highest), and the same for the mean headings F1 and all quotes found."""
    rows = ["| report | headings F1 | resampled: mean ± sd (range) | quotes found | resampled: mean ± sd (range) |",
            "|---|---:|---:|---:|---:|"]

    def spread(values: list[float], digits: int) -> str:
        return (f"{statistics.mean(values):.{digits}f} ± {statistics.pstdev(values):.{digits}f} "
                f"({min(values):.{digits}f}–{max(values):.{digits}f})")

    for k, s in enumerate(left_out):
        found = [r[k].quotes[0] for r in rounds]
        rows.append(f"| {s.report} | {s.headings_f1:.2f} | {spread([r[k].headings_f1 for r in rounds], 3)} | "
                    + (f"{s.quotes[0]}/{s.quotes[1]} | {spread(found, 1)} |" if s.quotes[1] else "– | – |"))
    mean_f1 = lambda scores: sum(s.headings_f1 for s in scores) / len(scores)  # noqa: E731
    found_all = lambda scores: sum(s.quotes[0] for s in scores)  # noqa: E731
    rows.append(f"| all | {mean_f1(left_out):.3f} (mean) | {spread([mean_f1(r) for r in rounds], 3)} | "
                f"{found_all(left_out)}/{sum(s.quotes[1] for s in left_out)} | {spread([found_all(r) for r in rounds], 1)} |")
    return "\n".join(rows)


def structure_tables(cross: bool, progress=lambda message: None, resamples: int = 0) -> str:
    """The report printed by `citebrief eval --structure`: left-out scores (with --cross-report; with `resamples`,
    their spread over that many bootstrap resamples of the reports fitted on) and, labelled, the packaged
    model's scores on the reports it was fitted on."""
    from ingest.block_model import load_model

    data = read_reports(progress=progress)
    if cross:
        left_out, on_all = cross_report(data, progress)
        spread = (f"\n\nLeft out, fitted on {resamples} bootstrap resamples of the other reports (seed {SEED}):\n\n"
                  f"{spread_table(left_out, resampled(data, resamples, progress))}") if resamples else ""
        return (f"Left out (each report read by models fitted on the other {len(data) - 1}):\n\n{scores_table(left_out)}"
                f"{spread}\n\nFitted on all {len(data)} reports (not the result; for comparison):\n\n{scores_table(on_all)}")
    packaged = [score(parse(d.raw, d.report.id, CHUNK_SIZE, load_model()), d.report) for d in data]
    return f"The packaged model, fitted on these reports (not a left-out measurement):\n\n{scores_table(packaged)}"


def score(parsed: ParsedSource, gold: GoldReport) -> StructureScore:
    found = [next((q for q in parsed.quotes if covers(g["text"], q.text)), None) for g in gold.quotes]
    hits = [(q, g) for q, g in zip(found, gold.quotes) if q is not None]
    true = sum(1 for q in parsed.quotes if any(_is_gold_quote(q.text, g["text"]) for g in gold.quotes))
    return StructureScore(gold.id, (len(hits), len(gold.quotes)), (true, len(parsed.quotes)),
                          (sum(as_printed(q.speaker, g["speaker"]) for q, g in hits), len(hits)),
                          headings_f1(parsed, gold), table_rows(parsed, gold), furniture_lines(parsed, gold))


def _is_gold_quote(stored: str, gold: str) -> bool:
    w = words(stored)
    return covers(gold, stored) or (bool(w) and longest_run(w, words(gold)) >= 0.8 * len(w))


def as_printed(stored: str, gold: str) -> bool:
    """The stored speaker is the gold's as printed ('Hospital C, Consultant 2'), or says nothing the gold's
    description does not ('participant' for 'participant in the workforce ... exercise (...)')."""
    said = _stems(stored) - NAMES_NO_ONE
    core = _stems(speaker_core(gold))
    return bool(said) and ((bool(core) and core <= _stems(stored)) or said <= _stems(gold))


def _stems(text: str) -> set[str]:
    """The words, a plural's 's' dropped ('participants' is one participant's word too)."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words(text)}


def headings_f1(parsed: ParsedSource, gold: GoldReport) -> float:
    """F1 of the gold titles among the section headings no deeper than the gold lists."""
    depth = max(s["level"] for s in gold.sections)
    expected = [norm(s["title"]) for s in gold.sections]
    found = [norm(s.heading) for s in parsed.sections if s.heading and len(s.path) <= depth]
    hits = sum((Counter(expected) & Counter(found)).values())  # a title printed twice is found twice, or once
    precision, recall = hits / max(1, len(found)), hits / max(1, len(expected))
    return 2 * precision * recall / (precision + recall) if hits else 0.0


def table_rows(parsed: ParsedSource, gold: GoldReport) -> tuple[int, int]:
    """The shared scorer's rule (../shared/tools/score_reports.py): a gold row with numeric cells is found
    when one parsed row holds its label and every numeric cell, in order, as whole cells."""
    rows = [[norm(c) for c in row] for t in parsed.tables for row in t.rows]
    total = found = 0
    for table in gold.tables:
        for row in table["rows"]:
            values = [norm(c) for c in row[1:] if NUMERIC.fullmatch(norm(c).replace(" ", ""))]
            if values:
                total += 1
                found += any(_holds(cells, norm(row[0]), values) for cells in rows)
    return found, total


def _holds(cells: list[str], label: str, values: list[str]) -> bool:
    return (not label or label in " | ".join(cells)) and holds_in_order(cells, values)


def furniture_lines(parsed: ParsedSource, gold: GoldReport) -> int:
    """Chunks holding one of the gold's running headers or footers (a leading 'N ' stands for the page number)."""
    lines = [f for f in gold.furniture["running_headers"] + gold.furniture["running_footers"] if not f.startswith("N (")]
    patterns = [re.compile(re.escape(norm(f)).replace("n", r"\d+", 1) if f.startswith("N ") else re.escape(norm(f)))
                for f in lines]
    return sum(1 for c in parsed.chunks for p in patterns if p.search(norm(c.text)) and (c.page_label or not parsed.source.pages))


def scores_table(scores: list[StructureScore]) -> str:
    """A Markdown table, one row per report, then all reports together."""
    rows = ["| report | quotes found | quotes that are quotes | speakers as printed | headings F1 | table rows exact "
            "| furniture lines in chunks |", "|---|---:|---:|---:|---:|---:|---:|"]
    for s in scores:
        rows.append(f"| {s.report} | {_ratio(s.quotes)} | {_ratio(s.precision)} | {_ratio(s.speakers)} | "
                    f"{s.headings_f1:.2f} | {_ratio(s.table_rows)} | {s.furniture_lines} |")
    total = lambda field: tuple(map(sum, zip(*(getattr(s, field) for s in scores))))  # noqa: E731
    mean_f1 = sum(s.headings_f1 for s in scores) / max(1, len(scores))
    rows.append(f"| all | {_ratio(total('quotes'))} | {_ratio(total('precision'))} | {_ratio(total('speakers'))} | "
                f"{mean_f1:.2f} (mean) | {_ratio(total('table_rows'))} | {sum(s.furniture_lines for s in scores)} |")
    return "\n".join(rows)


def _ratio(pair: tuple[int, int]) -> str:
    found, total = pair
    return f"{found}/{total} ({found / total:.2f})" if total else "–"
