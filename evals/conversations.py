"""Conversation sets: items sharing a "conversation" id are asked in file order as one conversation, and
scored turn by turn; `follow_up_accuracy` is the accuracy over the turns after each first one.

The follow-up choice (assistant/referents.py) is fitted here, on the follow-up sets, and measured leaving
one report out: fitted without a report's conversations, it reads that report's turns. Each set is asked
of the library it was written for (FOLLOW_UP_SETS):

    python -m evals.conversations fit --home kingsfund=HOME --home reports=HOME      # writes the shipped model
    python -m evals.conversations cross-report --home kingsfund=HOME --home reports=HOME

A home not given is ingested into a temporary folder first (the nine reports take a few minutes).
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import Assistant
from assistant.conversation import Conversation
from assistant.question import Question
from assistant.referents import MODEL, FollowUpChoice, fit
from assistant.render import answer_to_dict

from .metrics import score
from .sets import SETS_DIR, Item, load_set, normalise

ROOT = Path(__file__).resolve().parents[1]
REPORTS = Path(os.environ.get("CITEBRIEF_REPORTS") or ROOT.parent / "shared" / "reports")
# Each follow-up set and the folders of the library it was written for.
FOLLOW_UP_SETS = {"kingsfund": (SETS_DIR / "followup-kingsfund.jsonl", (ROOT / "corpus",)),
                  "reports": (SETS_DIR / "followup-reports.jsonl", (REPORTS / "docs",))}


class Turns:
    """Asks each item in the conversation it belongs to (items with none are asked on their own)."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant
        self.conversations: dict[str, Conversation] = {}

    def ask(self, item: Item):
        if not item.conversation:
            return self.assistant.ask(item.question)
        conversation = self.conversations.setdefault(item.conversation, Conversation(item.conversation))
        return self.assistant.ask(item.question, conversation=conversation)

    def is_follow_up(self, item: Item) -> bool:
        """The item is a later turn: its conversation had turns before it was asked."""
        conversation = self.conversations.get(item.conversation)
        return conversation is not None and len(conversation) > 1


def follow_up_metrics(follow_ups: list[bool], correct: list[bool]) -> dict:
    """{'follow_ups': n, 'follow_up_accuracy': share right} over the later turns; {} for a set without any."""
    later = [c for f, c in zip(follow_ups, correct) if f]
    return {"follow_ups": len(later), "follow_up_accuracy": round(sum(later) / len(later), 4)} if later else {}


# ---- one later turn as the choice sees it ----------------------------------------------------------------

@dataclass(frozen=True)
class TurnRow:
    """A later turn of a set: the report its conversation is about, its features against the turn before,
    what that turn held, how it was read and whether its answer was right."""

    item: Item
    report: str
    values: dict
    available: tuple[str, ...]
    read_right: bool
    answered_right: bool
    chosen: str


class _Choosing:
    """Stands in for a Reader's follow-up choice: says `forced` (the set's reading, when the last turn holds
    it) or asks `model`, and keeps the features it was asked with."""

    def __init__(self, model: FollowUpChoice | None = None, forced: str = ""):
        self.model, self.forced, self.seen = model, forced, []

    def choose(self, values: dict, available: tuple[str, ...]) -> str:
        self.seen.append((values, available))
        if self.forced:
            return self.forced if self.forced in available else "question"
        return self.model.choose(values, available)


def ask_conversations(assistant: Assistant, items: list[Item], model: FollowUpChoice | None = None) -> list[TurnRow]:
    """Every conversation of a set asked in order; each later turn read by `model`, or, with none, as the
    set says it should be (so the turns after it are asked against the right turn, as in training)."""
    reader, rows, reports = assistant.reader, [], {}
    conversations: dict[str, Conversation] = {}
    before = reader.follow_ups
    try:
        for item in items:
            conversation = conversations.setdefault(item.conversation, Conversation(item.conversation))
            report = reports.setdefault(item.conversation, item.source)
            choosing = _Choosing(model, "" if model else item.follows or "question")
            reader.follow_ups = choosing
            answer = assistant.ask(item.question, conversation=conversation)
            if choosing.seen:
                values, available = choosing.seen[0]
                question = answer.turn.question
                rows.append(TurnRow(item, report, values, available, reading_is_right(question, item),
                                    score(item, answer_to_dict(answer), [], "").correct, question.refers_to or "alone"))
    finally:
        reader.follow_ups = before
    return rows


WHOLE_SLOTS = ("people", "table", "frame", "extreme", "date", "person", "quote", "passage")


def reading_is_right(question: Question, item: Item) -> bool:
    """Read against what the set says, a turn that stands alone as typed; the words the set names for a slot
    are in the question as read, and for a slot a follow-up replaces whole (people, table, frame, extreme,
    date, and the person, quote or passage of the last answer) in that slot."""
    chosen = question.refers_to or "alone"
    if chosen != item.follows:
        return False
    if chosen == "alone":
        return normalise(question.read_as) == normalise(question.text) or bool(question.corrections)
    return all(normalise(words) in normalise(question.slot(kind) if kind in WHOLE_SLOTS else question.read_as)
               for kind, words in item.slots)



# ---- fitting and leaving one report out --------------------------------------------------------------------

def training_rows(assistants: dict[str, Assistant]) -> list[TurnRow]:
    """The later turns of every follow-up set, asked of its library, read as the set says."""
    rows = []
    for name, assistant in assistants.items():
        path, _ = FOLLOW_UP_SETS[name]
        rows += ask_conversations(assistant, _items(assistant, path))
    return rows


def fitted(rows: list[TurnRow]) -> FollowUpChoice:
    labelled = [(r.values, r.item.follows) for r in rows if r.item.follows]
    return fit(labelled, {"turns": len(labelled), "sets": sorted({r.item.id.split("-")[0] for r in rows})})


def cross_report(assistants: dict[str, Assistant], training: list[TurnRow] | None = None) -> dict[str, dict]:
    """Per report: its later turns read and answered with a choice fitted on the other reports' turns
    (`training`: the sets' rows, when already asked)."""
    training = training if training is not None else training_rows(assistants)
    results: dict[str, dict] = {}
    for name, assistant in assistants.items():
        items = _items(assistant, FOLLOW_UP_SETS[name][0])
        for report in sorted({r.report for r in training if r.item in items}):
            model = fitted([r for r in training if r.report != report])
            asked = [i for i in items if _report_of(items, i) == report]
            rows = ask_conversations(assistant, asked, model)
            results[report] = {"turns": len(rows), "read_right": sum(r.read_right for r in rows),
                               "answered_right": sum(r.answered_right for r in rows),
                               "wrong": [(r.item.id, r.item.follows, r.chosen) for r in rows if not r.read_right]}
    return results


def _report_of(items: list[Item], item: Item) -> str:
    return next(i.source for i in items if i.conversation == item.conversation)


def _items(assistant: Assistant, path: Path) -> list[Item]:
    """A set's conversation turns, each with its conversation's report as its source: the report holding
    the evidence of most of its turns (a summary's text is in its full report too: the first by name on a tie)."""
    from .runner import evidence_corpus

    corpus = evidence_corpus(assistant)
    items = [i for i in load_set(path, corpus) if i.conversation]
    held: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        held[item.conversation].update({p.source for p in corpus.places(item.evidence, first=(item.source,))}
                                       if item.evidence else ())
    report = {c: min(n, key=lambda s: (-n[s], s)) if n else "" for c, n in held.items()}
    return [dataclasses.replace(i, source=report[i.conversation] or i.source) for i in items]


def table(results: dict[str, dict]) -> str:
    """The left-out table: later turns read right and answered right, per report and in all."""
    lines = ["| report | later turns | read right | answered right |", "|---|---|---|---|"]
    totals = defaultdict(int)
    for report, r in results.items():
        lines.append(f"| {report} | {r['turns']} | {_share(r['read_right'], r['turns'])} | "
                     f"{_share(r['answered_right'], r['turns'])} |")
        for key in ("turns", "read_right", "answered_right"):
            totals[key] += r[key]
    lines.append(f"| all | {totals['turns']} | {_share(totals['read_right'], totals['turns'])} | "
                 f"{_share(totals['answered_right'], totals['turns'])} |")
    return "\n".join(lines)


def _share(n: int, of: int) -> str:
    return f"{n}/{of} ({n / of:.2f})" if of else "-"


def _assistants(homes: list[str]) -> dict[str, Assistant]:
    from assistant.library import Library
    from ingest.pipeline import ingest
    from ingest.settings import Settings

    given = dict(h.split("=", 1) for h in homes)
    assistants = {}
    for name, (_, folders) in FOLLOW_UP_SETS.items():
        home = given.get(name) or tempfile.mkdtemp(prefix=f"followup-{name}-")
        settings = Settings.from_env(home=Path(home), chroma_url="")
        if name not in given:
            ingest(list(folders), settings)
        assistants[name] = Assistant(Library.open(settings))
    return assistants


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.conversations", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("fit", "cross-report"))
    parser.add_argument("--home", action="append", default=[], metavar="SET=HOME",
                        help=f"a store holding a set's library ({', '.join(FOLLOW_UP_SETS)})")
    args = parser.parse_args(argv)
    assistants = _assistants(args.home)
    if args.command == "fit":
        model = fitted(training_rows(assistants))
        MODEL.write_text(model.to_json(), encoding="utf-8")
        print(f"wrote {MODEL} ({model.trained_on['turns']} turns; candidates {', '.join(model.classes)})")
        return 0
    results = cross_report(assistants)
    print(table(results))
    for report, r in results.items():
        for wrong in r["wrong"]:
            print(f"{report}: {wrong[0]} should read against {wrong[1]}, read against {wrong[2]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

