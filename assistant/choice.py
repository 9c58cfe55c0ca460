"""A fitted choice among named candidates: a multinomial logistic regression over named features, stored as
JSON (weights rounded to six places, so the same rows always give the same file) and read with the standard
library alone. The follow-up reading (referents.FollowUpChoice) and the table-or-text choice (table_or_text)
are such choices."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TypeVar

C = TypeVar("C", bound="Choice")


@dataclass(frozen=True)
class Choice:
    """One row of weights per candidate over `features`."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]
    intercepts: tuple[float, ...]
    trained_on: dict

    def scores(self, values: dict[str, float]) -> dict[str, float]:
        """Each candidate's probability, from the feature values (a feature not given is 0)."""
        x = [values.get(name, 0.0) for name in self.features]
        logits = [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(self.weights, self.intercepts)]
        top = max(logits)
        exp = [math.exp(v - top) for v in logits]
        return {c: e / sum(exp) for c, e in zip(self.classes, exp)}

    def to_json(self) -> str:
        return json.dumps({"classes": self.classes, "features": self.features, "weights": self.weights,
                           "intercepts": self.intercepts, "trained_on": self.trained_on}, indent=1) + "\n"

    @classmethod
    def from_json(cls: type[C], text: str) -> C:
        data = json.loads(text)
        return cls(tuple(data["classes"]), tuple(data["features"]), tuple(tuple(r) for r in data["weights"]),
                   tuple(data["intercepts"]), data.get("trained_on", {}))


def fitted(kind: type[C], rows: list[tuple[dict[str, float], str]], features: tuple[str, ...],
           candidates: tuple[str, ...], regularisation: float, trained_on: dict,
           weights: list[float] | None = None) -> C:
    """A choice fitted on (feature values, right candidate) rows, each of its weight (all 1 by default):
    L2-regularised (scikit-learn's C = `regularisation`), the candidates in `candidates` order (those some
    row names)."""
    from sklearn.linear_model import LogisticRegression

    classes = [c for c in candidates if any(label == c for _, label in rows)]
    x = [[values[name] for name in features] for values, _ in rows]
    y = [classes.index(label) for _, label in rows]
    model = LogisticRegression(C=regularisation, max_iter=5000).fit(x, y, sample_weight=weights)
    weights = model.coef_ if len(classes) > 2 else [-model.coef_[0] / 2, model.coef_[0] / 2]
    intercepts = model.intercept_ if len(classes) > 2 else [-model.intercept_[0] / 2, model.intercept_[0] / 2]
    return kind(tuple(classes), features, tuple(tuple(round(float(w), 6) for w in row) for row in weights),
                tuple(round(float(b), 6) for b in intercepts), trained_on)
