"""Load and validate evaluation sets (JSON Lines, one question per line)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CATEGORIES = {"figure", "quote", "fact", "comparison", "method", "unanswerable"}
# "conversation": an id; the items sharing one are the turns of one conversation, in file order.
FIELDS = {"id", "category", "question", "must_contain", "any_of", "evidence", "section", "table", "abstain", "conversation"}
REQUIRED = {"id", "category", "question", "must_contain", "evidence", "abstain"}
SETS_DIR = Path(__file__).with_name("sets")


class EvalSetError(ValueError):
    """A malformed evaluation set; the message names the file and line."""


@dataclass(frozen=True)
class Item:
    id: str
    category: str
    question: str
    must_contain: tuple[str, ...]
    any_of: tuple[str, ...]
    evidence: str
    section: str
    table: str | None
    abstain: bool
    conversation: str = ""  # the conversation this item is a turn of ("" for a question on its own)


def normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces: how answers and expectations are compared."""
    for curly, straight in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(curly, straight)
    return " ".join(text.lower().split())


def load_set(path: Path, corpus_text: str | None = None) -> list[Item]:
    """Parse and check every line; with corpus_text, each evidence must be a substring of it."""
    items, seen = [], set()
    corpus = normalise(corpus_text) if corpus_text is not None else None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise EvalSetError(f"{where}: not valid JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise EvalSetError(f"{where}: each line must be a JSON object")
        _check_fields(data, where, seen)
        if corpus is not None and data["evidence"] and normalise(data["evidence"]) not in corpus:
            raise EvalSetError(f"{where}: evidence is not in the corpus: {data['evidence'][:60]!r}")
        seen.add(data["id"])
        items.append(Item(data["id"], data["category"], data["question"], tuple(data["must_contain"]),
                          tuple(data.get("any_of", ())), data["evidence"], data.get("section", ""),
                          data.get("table"), bool(data["abstain"]), str(data.get("conversation") or "")))
    if not items:
        raise EvalSetError(f"{path}: no questions in the set")
    return items


def _check_fields(data: dict, where: str, seen: set[str]) -> None:
    unknown = set(data) - FIELDS
    if unknown:
        raise EvalSetError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    missing = REQUIRED - set(data)
    if missing:
        raise EvalSetError(f"{where}: missing field(s) {', '.join(sorted(missing))}")
    if data["category"] not in CATEGORIES:
        raise EvalSetError(f"{where}: unknown category {data['category']!r} (use one of {', '.join(sorted(CATEGORIES))})")
    if data["id"] in seen:
        raise EvalSetError(f"{where}: duplicate id {data['id']!r}")
    if not isinstance(data["must_contain"], list) or not isinstance(data.get("any_of", []), list):
        raise EvalSetError(f"{where}: must_contain and any_of must be lists of strings")
