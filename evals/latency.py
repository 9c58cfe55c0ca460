"""Warm `ask` latency, single questions against 10-turn conversations: a benchmark that prints a table.

    python -m evals.latency --home .citebrief [--set evals/sets/followup-kingsfund.jsonl] [--turns 10] [--rounds 3]

Each conversation asks `--turns` questions of the set in a row, so every turn after the first is read
against the one before; the same questions are also asked on their own. Timings are the answers' own
`timings_ms.total` (reading, retrieval and answering, after the model is loaded and warmed). Never a test.
"""
from __future__ import annotations

import argparse
import os
import statistics
from pathlib import Path

from .sets import SETS_DIR, load_set

WARM_UP = 5


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def measure(assistant, questions: list[str], turns: int, rounds: int) -> dict[str, list[float]]:
    """{'alone': [ms...], 'in conversation': [ms...]} over `rounds` passes of the questions."""
    from assistant.conversation import Conversation

    for question in questions[:WARM_UP]:
        assistant.ask(question)
    timings: dict[str, list[float]] = {"alone": [], f"in a {turns}-turn conversation": []}
    for _ in range(rounds):
        for start in range(0, len(questions) - turns + 1, turns):
            conversation = Conversation()
            for question in questions[start:start + turns]:
                alone = assistant.ask(question)
                talked = assistant.ask(question, conversation=conversation)
                timings["alone"].append(alone.timings_ms["total"])
                timings[f"in a {turns}-turn conversation"].append(talked.timings_ms["total"])
    return timings


def table(timings: dict[str, list[float]]) -> str:
    lines = ["| asked | turns timed | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    for label, values in timings.items():
        lines.append(f"| {label} | {len(values)} | {statistics.median(values):.1f} | {percentile(values, 95):.1f} | "
                     f"{max(values):.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", help="store folder (default: $CITEBRIEF_HOME or .citebrief)")
    parser.add_argument("--set", type=Path, default=SETS_DIR / "followup-kingsfund.jsonl")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.answer import Assistant
    from assistant.library import Library
    from ingest.settings import Settings

    assistant = Assistant(Library.open(Settings.from_env(home=args.home)))
    questions = [item.question for item in load_set(args.set)]
    print(table(measure(assistant, questions, args.turns, args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
