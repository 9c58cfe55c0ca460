"""Scoring one answer against one gold item, and summarising many."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lexicon import COMPUTED_SENTENCE, MARKER, NUMBER, QUOTED_RUN
from assistant.verify import unprinted_numbers

from .evidence import holds, lenient
from .sets import Item, normalise

MIN_QUOTE_CHARS = 12  # words in quotation marks shorter than this are a term ('“other”'), not a quote to check



def contains_token(answer: str, expected: str) -> bool:
    """Expected text as whole tokens: '7' does not match inside '17' or '7.4'."""
    pattern = r"(?<![\w.])" + re.escape(normalise(expected)) + r"(?![\w]|\.\d)"
    return re.search(pattern, normalise(answer)) is not None


def answered_right(item: Item, text: str, abstained: bool) -> bool:
    """An unanswerable item abstains; any other answers with all it must contain and one of its alternatives."""
    if item.abstain:
        return abstained
    return not abstained and all(contains_token(text, s) for s in item.must_contain) and (
        not item.any_of or any(contains_token(text, s) for s in item.any_of))


@dataclass(frozen=True)
class Score:
    id: str
    category: str
    correct: bool
    figure_exact: bool | None
    evidence_rank: int | None  # 1-based rank of the first retrieved passage holding the evidence
    cited_evidence: bool | None
    quoted_spans: int
    verbatim_spans: int
    numbers: int
    unsupported_numbers: tuple[str, ...]
    abstained: bool
    latency_ms: float
    source: str = ""  # the report the item's evidence is in (evals.sets.Item.source)


def score(item: Item, answer: dict, retrieved: list[str], corpus: str) -> Score:
    text = answer["answer"]
    abstained = bool(answer["abstained"])
    correct = answered_right(item, text, abstained)
    numeric = [s for s in item.must_contain if NUMBER.fullmatch(s.strip())]
    figure_exact = (all(contains_token(text, s) for s in numeric) and not abstained) if (
        item.category in ("figure", "comparison") and numeric) else None
    # Evidence as the report prints it or as citebrief cleaned it, compared leniently (evals.evidence).
    forms = item.forms or ((lenient(item.evidence),) if item.evidence else ())
    rank = next((i for i, passage in enumerate(retrieved, start=1) if holds(passage, forms)), None)
    cited = any(holds(c["text"], forms) for c in answer["citations"]) if forms and not item.abstain else None
    spans = [m.group(1) for m in QUOTED_RUN.finditer(text) if len(m.group(1)) >= MIN_QUOTE_CHARS]
    verbatim = sum(1 for s in spans if normalise(s) in corpus)
    numbers, unsupported = _numbers(answer)
    return Score(item.id, item.category, correct, figure_exact, rank, cited, len(spans), verbatim, numbers,
                 unsupported, abstained, float(answer["timings_ms"]["total"]), item.source)


def _numbers(answer: dict) -> tuple[int, tuple[str, ...]]:
    """Numbers the answer states that neither a cited passage (its text, the section heading it is cited
    under, "6.3 Less urgent ...", its printed page) nor a cited figure nor a quote's printed attribution
    ("Liverpool, male, Workshop 1") holds."""
    if answer["abstained"]:
        return 0, ()
    text = MARKER.sub(" ", COMPUTED_SENTENCE.sub(" ", answer["answer"]))
    support = " ".join(f"{c['text']} {c.get('section', '')} {c.get('page_label', '')} {c.get('speaker', '')}"
                       for c in answer["citations"]) + " " + \
        " ".join(f["value"] for f in answer["figures"]) + " " + " ".join(q.get("speaker", "") for q in answer.get("quotes", ()))
    return len(NUMBER.findall(text)), tuple(unprinted_numbers(text, support))


def summarise(scores: list[Score]) -> dict:
    def share(values):
        values = [v for v in values if v is not None]
        return round(sum(values) / len(values), 4) if values else None

    ranks = [s.evidence_rank for s in scores if s.category != "unanswerable"]
    categories = sorted({s.category for s in scores})
    should = [s for s in scores if s.category == "unanswerable"]
    did = [s for s in scores if s.abstained]
    latencies = sorted(s.latency_ms for s in scores)
    numbers = sum(s.numbers for s in scores)
    spans = sum(s.quoted_spans for s in scores)
    return {
        "questions": len(scores),
        "accuracy": share([s.correct for s in scores]),
        "accuracy_by_category": {c: share([s.correct for s in scores if s.category == c]) for c in categories},
        "figure_exactness": share([s.figure_exact for s in scores]),
        "evidence_recall_at_1": share([r is not None and r <= 1 for r in ranks]),
        "evidence_recall_at_5": share([r is not None and r <= 5 for r in ranks]),
        "evidence_recall_at_10": share([r is not None and r <= 10 for r in ranks]),
        "evidence_mrr": round(sum(1 / r for r in ranks if r) / len(ranks), 4) if ranks else None,
        "citation_support": share([s.cited_evidence for s in scores]),
        "verbatim_quote_rate": round(sum(s.verbatim_spans for s in scores) / spans, 4) if spans else 1.0,
        "unsupported_number_rate": round(sum(len(s.unsupported_numbers) for s in scores) / numbers, 4) if numbers else 0.0,
        "abstention_precision": share([s.category == "unanswerable" for s in did]) if did else 1.0,
        "abstention_recall": share([s.abstained for s in should]) if should else 1.0,
        "latency_p50_ms": _percentile(latencies, 50),
        "latency_p95_ms": _percentile(latencies, 95),
    }


def _percentile(values: list[float], p: int) -> float:
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return round(values[index], 2)
