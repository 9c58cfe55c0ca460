"""The table-or-text choice (assistant/table_or_text.py): its rows gathered, fitted, and measured with each
report left out.

    python -m evals.table_or_text gather --home kingsfund=S --home reports=S --home tatqa=S
    python -m evals.table_or_text fit             # evals/table_or_text_rows.jsonl -> the shipped model
    python -m evals.table_or_text cross-report    # the left-out table

A row is one question asked on its own that the choice is asked about (a figure, or a fact no route of its own
answers, with a table row that fits it), with the choice's features and whether each answer is right: the King's
Fund sets (`kingsfund`: a store of corpus/), the nine reports' questions and the blind table and unanswerable
sets (`reports`: a store of ../shared/reports/docs), TAT-QA's extraction questions, each asked of its own table
(`tatqa`: a store `citebrief eval --tatqa` made). The choice is fitted on the rows one answer alone gets right,
every report weighing the same. `cross-report` fits it without each report (TAT-QA: without each fifth of its
tables) and answers that report's rows with it: the left-out numbers, beside the hand rules' answers the choice
replaced (a figure: the route's gate, as the feature `row_by_rule` reads it; a fact: the sentences).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.table_or_text import MODEL, fit, trusted_row

from .metrics import answered_right
from .sets import SETS_DIR, load_set
from .tatqa import DATASET, extraction_items, holds_every_span

KINGS_FUND_SETS = ("report-gold", "report-heldout", "report-paraphrase", "report-printed", "report-open")
REPORTS_SETS = ("tables-reports", "unanswerable-tables")  # blind sets over the nine reports (evals/sets)
REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports" / "gold"
TATQA_FOLDS = 5
ROWS = Path(__file__).with_name("table_or_text_rows.jsonl")  # the gathered rows, kept so a fit needs no store


@dataclass(frozen=True)
class ChoiceRow:
    group: str  # the report left out together: a report's id, or 'tatqa-k' for a fifth of TAT-QA's tables
    set: str
    id: str
    values: dict
    table_right: bool
    text_right: bool


def _questions(homes: dict[str, str]):
    """(home, set label, item id, question, source asked, group, judge) for every question of the sets."""
    if "kingsfund" in homes:
        for name in KINGS_FUND_SETS:
            for item in load_set(SETS_DIR / f"{name}.jsonl"):
                if not item.conversation:
                    yield homes["kingsfund"], name, item.id, item.question, "", item.source or "kings-fund", \
                        lambda text, abstained, item=item: answered_right(item, text, abstained)
    if "reports" in homes:
        paths = sorted(REPORTS.glob("*/questions.jsonl")) + [SETS_DIR / f"{name}.jsonl" for name in REPORTS_SETS]
        for path in paths:
            label = path.parent.name if path.name == "questions.jsonl" else path.stem
            for item in load_set(path):
                if not item.conversation:
                    yield homes["reports"], label, item.id, item.question, "", item.source or label, \
                        lambda text, abstained, item=item: answered_right(item, text, abstained)
    if "tatqa" in homes:
        for item in extraction_items(DATASET):
            fold = int(hashlib.sha256(item.source.encode()).hexdigest(), 16) % TATQA_FOLDS
            yield homes["tatqa"], "tatqa", item.id, item.question, item.source, f"tatqa-{fold}", \
                lambda text, abstained, item=item: not abstained and holds_every_span(text, item.spans)


def gather(homes: dict[str, str]) -> list[ChoiceRow]:
    from assistant.answer import Assistant
    from assistant.library import Library
    from ingest.settings import Settings

    assistants: dict[str, Assistant] = {}
    rows = []
    for home, label, item_id, question, source, group, judge in _questions(homes):
        if home not in assistants:
            assistants[home] = Assistant(Library.open(Settings.from_env(home=home)))
        found = assistants[home].table_or_text_answers(question, source)
        if found is None:
            continue
        values, table, text = found
        rows.append(ChoiceRow(group, label, item_id, values, judge(table.text, table.abstained),
                              judge(text.text, text.abstained)))
    return rows


def labelled(rows: list[ChoiceRow]) -> tuple[list[tuple[dict, str]], list[float]]:
    """The rows one answer alone gets right, with that answer, and their weights: every group (a report, a fifth
    of TAT-QA's tables) weighs the same, as in the structure model's fit, so that a report's few unanswerable
    questions are not drowned by a dataset that has none. The weights sum to the number of rows, as unweighted
    ones do, so that the regularisation means what it means unweighted (summing to the number of groups, they
    made it some forty times stronger). A figure question the gate settles (`trusted_row`) teaches nothing."""
    kept = [r for r in rows if r.table_right != r.text_right and not trusted_row(r.values)]
    sizes = Counter(r.group for r in kept)
    return ([(r.values, "table" if r.table_right else "text") for r in kept],
            [len(kept) / (len(sizes) * sizes[r.group]) for r in kept])


def fitted_on(rows: list[ChoiceRow], trained_on: dict | None = None):
    examples, weights = labelled(rows)
    return fit(examples, trained_on or {}, weights)


def cross_report(rows: list[ChoiceRow]) -> str:
    """Each group's rows answered by the choice fitted without it: right answers, against the sentences'."""
    lines = ["| report | questions the choice is asked | right by the hand rules | right, left out | "
             "table chosen | right, fitted on all (not the result) |", "|---|---:|---:|---:|---:|---:|"]
    on_all = fitted_on(rows)
    totals = [0, 0, 0, 0, 0]
    for group in sorted({r.group for r in rows}):
        mine = [r for r in rows if r.group == group]
        model = fitted_on([r for r in rows if r.group != group])
        chosen = [model.choose(r.values) for r in mine]
        right = sum(r.table_right if c == "table" else r.text_right for r, c in zip(mine, chosen))
        fitted_all = sum(r.table_right if on_all.choose(r.values) == "table" else r.text_right for r in mine)
        counts = [len(mine), sum(_right_by_rule(r) for r in mine), right, chosen.count("table"), fitted_all]
        totals = [t + c for t, c in zip(totals, counts)]
        lines.append(f"| {group} | " + " | ".join(str(c) for c in counts) + " |")
    lines.append("| all | " + " | ".join(str(c) for c in totals) + " |")
    return "\n".join(lines)


def _right_by_rule(row: ChoiceRow) -> bool:
    """Whether the hand rules alone answered right: a figure's row when the gate trusts it, else the sentences."""
    return row.table_right if trusted_row(row.values) else row.text_right


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.table_or_text", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("gather", "fit", "cross-report"))
    parser.add_argument("--home", action="append", default=[], metavar="SET=HOME",
                        help="gather: a store holding a set's library (kingsfund, reports, tatqa)")
    parser.add_argument("--rows", type=Path, default=ROWS, help=f"the gathered rows (default {ROWS.name})")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.command == "gather":
        rows = gather(dict(h.split("=", 1) for h in args.home))
        args.rows.write_text("".join(json.dumps(asdict(r), sort_keys=True) + "\n" for r in rows), encoding="utf-8")
        print(f"wrote {len(rows)} rows to {args.rows}", file=sys.stderr)
        return 0
    rows = read_rows(args.rows)
    if args.command == "cross-report":
        print(cross_report(rows))
        return 0
    MODEL.write_text(fitted_choice(rows).to_json(), encoding="utf-8")
    print(f"wrote {MODEL} from the {len(labelled(rows)[0])} questions one answer alone got right", file=sys.stderr)
    return 0


def read_rows(path: Path = ROWS) -> list[ChoiceRow]:
    return [ChoiceRow(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fitted_choice(rows: list[ChoiceRow]):
    """The shipped model: fitted on every row one answer alone got right."""
    return fitted_on(rows, {"questions": len(labelled(rows)[0]), "sets": sorted({r.set for r in rows})})


if __name__ == "__main__":
    raise SystemExit(main())
