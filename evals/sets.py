"""Load and validate evaluation sets (JSON Lines, one question per line)."""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .evidence import Corpus

CATEGORIES = {"figure", "quote", "fact", "comparison", "method", "unanswerable"}
# "conversation": an id; the items sharing one are the turns of one conversation, in file order. A later turn may
# say how it should be read: "follows", what it reads against (one of FOLLOWS), and "slots", words its reading
# must put in each named slot of the question ({"people": "clinical directors"}).
FIELDS = {"id", "category", "question", "must_contain", "any_of", "evidence", "section", "table", "abstain", "conversation",
          "follows", "slots", "source"}
FOLLOWS = {"alone", "question", "person", "quote", "passage"}
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
    follows: str = ""  # how a later turn should be read: one of FOLLOWS, "" when the set does not say
    slots: tuple[tuple[str, str], ...] = ()  # (slot, words) its reading must hold
    forms: tuple[str, ...] = ()  # the evidence as passages may hold it (evals.evidence.Place), once located
    source: str = ""  # the report its evidence is in; an unanswerable item takes its set's report


def normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces: how answers and expectations are compared."""
    for curly, straight in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(curly, straight)
    return " ".join(text.lower().split())


def load_set(path: Path, corpus: "str | Corpus | None" = None) -> list[Item]:
    """Parse and check every line; with a corpus (a text, or a library's evals.evidence.Corpus), each
    evidence must be found in it, as the report prints it or as citebrief cleaned it."""
    items, seen, places, lines = [], set(), {}, {}
    if isinstance(corpus, str):
        from .evidence import Corpus

        corpus = Corpus.of_text(corpus)
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
        seen.add(data["id"])
        item = Item(data["id"], data["category"], data["question"], tuple(data["must_contain"]),
                    tuple(data.get("any_of", ())), data["evidence"], data.get("section", ""),
                    data.get("table"), bool(data["abstain"]), str(data.get("conversation") or ""),
                    data.get("follows", ""), tuple(sorted(data.get("slots", {}).items())), source=data.get("source", ""))
        items.append(item)
        lines[item.id] = where
        if corpus is not None and item.evidence:
            places[item.id] = corpus.in_texts(item.evidence)
    if not items:
        raise EvalSetError(f"{path}: no questions in the set")
    if corpus is None:
        return items
    report = _set_report(places)
    for item in items:  # evidence in no cleaned text: looked for in the files, its conversation's and set's report's first
        if item.evidence and not places[item.id]:
            talk = _set_report({i.id: places.get(i.id, []) for i in items if item.conversation == i.conversation != ""})
            places[item.id] = _places(item, corpus, lines[item.id], (talk, report))
    return _located(items, places)


def find_sets(paths: list[Path]) -> list[Path]:
    """The sets to run: each file as given, and from each folder (searched to any depth) every .jsonl
    file whose first line is a question (a folder of gold data also holds other JSON Lines files)."""
    found = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        sets = [p for p in sorted(path.rglob("*.jsonl")) if _is_a_set(p)]
        if not sets:
            raise EvalSetError(f"{path}: no evaluation sets in this folder (.jsonl files of questions)")
        found.extend(sets)
    return found


def _is_a_set(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        return "question" in json.loads(first)
    except (OSError, ValueError, TypeError):
        return False


def _places(item: Item, corpus: "Corpus", where: str, first: tuple[str, ...]) -> list:
    found = corpus.places(item.evidence, first=first)
    if not found:
        raise EvalSetError(f"{where}: evidence is not in the corpus: {item.evidence[:60]!r} ({corpus.looked_in()})")
    return found


def _set_report(places: dict[str, list]) -> str:
    """The report holding most of the evidence found so far of a set (or of a conversation); "" when none is."""
    counts = Counter(p.source for found in places.values() for p in found)
    return counts.most_common(1)[0][0] if counts else ""


def _located(items: list[Item], places: dict[str, list]) -> list[Item]:
    """Each item with its evidence's forms and report. The set's report is the one holding most of its
    evidence (a summary's text is often in the full report too): an item found there is placed there,
    else in the first report holding it; an item without evidence (unanswerable) is the report it names
    (`"source"`), else the set's."""
    report, located = _set_report(places), []
    for item in items:
        found = places.get(item.id)
        if not found:
            located.append(dataclasses.replace(item, source=item.source or report))
            continue
        place = next((p for p in found if p.source == report), found[0])
        located.append(dataclasses.replace(item, forms=tuple(dict.fromkeys(f for p in found for f in p.forms)),
                                           source=place.source))
    return located


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
    if data.get("follows", "alone") not in FOLLOWS:
        raise EvalSetError(f"{where}: unknown follows {data['follows']!r} (use one of {', '.join(sorted(FOLLOWS))})")
    if not isinstance(data.get("slots", {}), dict) or not all(isinstance(v, str) for v in data.get("slots", {}).values()):
        raise EvalSetError(f"{where}: slots must be an object of slot names to words")
    if not isinstance(data["must_contain"], list) or not isinstance(data.get("any_of", []), list):
        raise EvalSetError(f"{where}: must_contain and any_of must be lists of strings")
