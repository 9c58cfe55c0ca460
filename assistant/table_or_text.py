"""Whether a table's row or the report's sentences answer a question that does not ask for a figure in so
many words ('What was the Federal deferred income tax expense in 2019?'): a fitted choice, not a gate.

Only questions read as asking for a fact (not a quote, a report part, a base, a reason or a means) with a
table row that fits them come here; a question read as asking for a figure keeps the figure route. The
choice weighs how well the row fits (its words, its closeness in meaning) against how close the best
sentence is and what the sentences' answer gives (a number, the years the question names), with what the
question asks for (a quantity, a name). Fitted by `python -m evals.table_or_text fit` on the evaluation
sets' questions and TAT-QA's, every report (each fifth of TAT-QA's tables) weighing the same, and measured
with each left out: unweighted, TAT-QA's many questions, none unanswerable, taught it that a row answers
whenever the sentences do not, and left out it answered three unanswerable questions of three reports
from a row naming the question's words.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .choice import Choice, fitted
from .lexicon import MARKER, YEAR
from .question import Question
from .shape import QUANTITY

MODEL = Path(__file__).with_name("models") / "table_or_text.json"
CANDIDATES = ("text", "table")
FEATURES = ("row_words", "row_dense", "row_misses", "row_topic", "sentence_dense", "row_closer", "lead", "asks_quantity",
            "asks_name", "pins_year", "text_states_number", "text_holds_years", "text_abstained")
REGULARISATION = 1.0  # scikit-learn's default: not tuned (tuning it on the left-out numbers would fit them)
DIGIT = re.compile(r"\d")


class TableOrText(Choice):
    """A fitted choice between CANDIDATES."""

    def choose(self, values: dict[str, float]) -> str:
        scores = self.scores(values)
        return max(self.classes, key=lambda c: (scores[c], c == "text"))  # a tie stays with the sentences


def features(q: Question, row_words: float, row_dense: float, row_misses: int, row_topic: float, sentence_dense: float,
             lead: float, text: str, text_abstained: bool) -> dict[str, float]:
    """The named features of one question's two answers: the best row's fit (`row_misses`: the question's
    words its row, table and report do not print; `row_topic`: the share of the question's topic they name),
    the best sentence's closeness, and what the sentences' answer (`text`) gives."""
    years = [name for name in q.pins.names if YEAR.fullmatch(name)]
    shown = "" if text_abstained else MARKER.sub(" ", text)
    values = {"row_words": row_words, "row_dense": row_dense, "row_misses": row_misses,
              "row_topic": row_topic, "sentence_dense": sentence_dense,
              "row_closer": row_dense - sentence_dense, "lead": lead,
              "asks_quantity": q.shape.wants is QUANTITY, "asks_name": q.shape.name_not_in is not None,
              "pins_year": bool(years), "text_states_number": bool(DIGIT.search(shown)),
              "text_holds_years": bool(shown) and all(year in shown for year in years),
              "text_abstained": text_abstained}
    return {name: float(value) for name, value in values.items()}


@lru_cache(maxsize=1)
def shipped() -> TableOrText:
    """The model in the package, read once."""
    return TableOrText.from_json(MODEL.read_text(encoding="utf-8"))


def fit(rows: list[tuple[dict[str, float], str]], trained_on: dict, weights: list[float]) -> TableOrText:
    """A choice fitted on (features, the answer that was right) rows, of questions only one answer got right,
    each of its weight (evals.table_or_text: every report weighs the same)."""
    return fitted(TableOrText, rows, FEATURES, CANDIDATES, REGULARISATION, trained_on, weights)
