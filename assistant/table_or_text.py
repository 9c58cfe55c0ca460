"""Whether a table's row or the report's sentences answer a question: the figure route's hand gate where it
trusts a row, a fitted choice everywhere else.

Questions read as asking for a figure ('What share of trusts...?') and questions read as asking for a fact no
route of its own answers ('What was the Federal deferred income tax expense in 2019?'; not a quote, a report
part, a base, a reason or a means) come here when a table row fits them. A figure question whose row the hand
gate trusts (`trusted_row`) takes the row, as before. Every other one, which used to go to the sentences
alone, is a fitted choice: it weighs how well the row fits (its words, its closeness in meaning, the share of
the question's words and topic its row, table and report name) against how close the best sentence is and what
the sentences' answer gives (a number, the years the question names), with what the question asks for (a
figure in so many words, a quantity, a name, a rank, a table, groups set against each other). Fitted by
`python -m evals.table_or_text fit` on the evaluation sets' questions and TAT-QA's, every report (each fifth of
TAT-QA's tables) weighing the same, and measured with each left out: unweighted, TAT-QA's many questions, none
unanswerable, taught it that a row answers whenever the sentences do not. Letting the choice decide the trusted
rows too was measured better left out over all reports (514 against 501 of 646 questions) but lost King's Fund
questions the gate was written on, below that set's floors (docs/measurements.md).
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
FEATURES = ("row_words", "row_dense", "row_misses", "row_topic", "row_names_quantity", "sentence_dense", "row_closer",
            "sentences_state_quantity", "lead", "asks_figure", "asks_quantity", "asks_name", "asks_rank", "row_extreme", "names_table",
            "compares_groups", "quotes_phrase", "pins_year", "text_states_number", "text_holds_years", "text_abstained",
            "row_by_rule")
# The figure route's hand gate (`row_by_rule`, also a feature of the choice for the questions it does not settle):
# a row answers when it is a ranking question's top or bottom, its word overlap is CONFIDENT_ROW or it is
# ROW_MARGIN closer in meaning than the best sentence (both set by reading the King's Fund sets), or the
# question names a table, sets groups against each other, quotes a phrase or asks a number no close sentence
# states.
CONFIDENT_ROW = 0.6
ROW_MARGIN = 0.05
REGULARISATION = 1.0  # scikit-learn's default: not tuned (tuning it on the left-out numbers would fit them)
DIGIT = re.compile(r"\d")


class TableOrText(Choice):
    """A fitted choice between CANDIDATES, for the questions the gate does not settle."""

    def choose(self, values: dict[str, float]) -> str:
        if trusted_row(values):
            return "table"
        scores = self.scores(values)
        return max(self.classes, key=lambda c: (scores[c], c == "text"))  # a tie stays with the sentences


def trusted_row(values: dict[str, float]) -> bool:
    """A figure asked, of a row the hand gate trusts."""
    return bool(values["asks_figure"] and values["row_by_rule"])


def gate_trusts(q: Question, row_words: float, row_dense: float, sentence_dense: float, sentences_state_quantity: bool,
                row_extreme: bool) -> bool:
    """The figure route's hand gate: the row is a ranking's top or bottom, fits the question's words well or is
    closer in meaning than any sentence, or the question names a table, sets groups against each other, quotes a
    phrase or asks a number no close sentence states."""
    return (row_extreme or row_words >= CONFIDENT_ROW or row_dense >= sentence_dense + ROW_MARGIN or "tabl" in q.terms
            or q.compares_groups or bool(q.quoted) or (bool(q.measures) and not sentences_state_quantity))


def features(q: Question, row_words: float, row_dense: float, row_misses: float, row_topic: float,
             row_names_quantity: bool, row_extreme: bool, sentence_dense: float, sentences_state_quantity: bool, lead: float, text: str,
             text_abstained: bool) -> dict[str, float]:
    """The named features of one question's two answers: the best row's fit (`row_misses`: the share of the
    question's words, weighed by their rarity, that its row, table and report do not print, a word the library
    never uses weighing nothing; `row_topic`: the share of the question's topic they name;
    `row_names_quantity`: shape.row_states_quantity; `row_extreme`: a ranking question's top or bottom row of a
    table ranked by what it asks), the best sentence's closeness and whether the closest
    sentences state the quantity asked (shape.states_quantity), what the question asks (a figure in so many
    words, a table, groups set against each other, a phrase in quotation marks), and what the sentences'
    answer (`text`) gives."""
    years = [name for name in q.pins.names if YEAR.fullmatch(name)]
    shown = "" if text_abstained else MARKER.sub(" ", text)
    values = {"row_words": row_words, "row_dense": row_dense, "row_misses": row_misses,
              "row_topic": row_topic, "row_names_quantity": row_names_quantity, "sentence_dense": sentence_dense,
              "row_closer": row_dense - sentence_dense, "sentences_state_quantity": sentences_state_quantity,
              "lead": lead, "asks_figure": q.figure_intent, "asks_quantity": q.shape.wants is QUANTITY,
              "asks_name": q.shape.name_not_in is not None, "asks_rank": bool(q.top or q.bottom or q.position),
              "row_extreme": row_extreme,
              "names_table": "tabl" in q.terms,
              "compares_groups": q.compares_groups, "quotes_phrase": bool(q.quoted),
              "pins_year": bool(years), "text_states_number": bool(DIGIT.search(shown)),
              "text_holds_years": bool(shown) and all(year in shown for year in years),
              "text_abstained": text_abstained,
              "row_by_rule": gate_trusts(q, row_words, row_dense, sentence_dense, sentences_state_quantity, row_extreme)}
    return {name: float(value) for name, value in values.items()}


@lru_cache(maxsize=1)
def shipped() -> TableOrText:
    """The model in the package, read once."""
    return TableOrText.from_json(MODEL.read_text(encoding="utf-8"))


def fit(rows: list[tuple[dict[str, float], str]], trained_on: dict, weights: list[float]) -> TableOrText:
    """A choice fitted on (features, the answer that was right) rows, of questions only one answer got right,
    each of its weight (evals.table_or_text: every report weighs the same)."""
    return fitted(TableOrText, rows, FEATURES, CANDIDATES, REGULARISATION, trained_on, weights)
