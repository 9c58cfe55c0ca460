"""The fitted structure models, as shipped: block roles (ingest.block_features; one model for printed pages,
one for layouts without geometry) and quoted spans in prose (ingest.quote_spans), each a linear model over
named features stored as JSON coefficients.

The file is written by `citebrief train --structure` (evals.structure_train) from the gold of the real
reports; loading it needs nothing but the standard library and numpy, and gives the same numbers on any
machine. A feature the file does not name is ignored; a feature it names that a row lacks counts as 0.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).parent / "models" / "structure.json"


@dataclass(frozen=True)
class LinearModel:
    """A multinomial (or binary) logistic regression over standardised features."""

    features: tuple[str, ...]
    classes: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]

    @classmethod
    def from_dict(cls, data: dict) -> "LinearModel":
        return cls(tuple(data["features"]), tuple(data["classes"]), tuple(data["mean"]), tuple(data["scale"]),
                   tuple(tuple(row) for row in data["coef"]), tuple(data["intercept"]))

    def probabilities(self, rows: list[dict[str, float]]) -> np.ndarray:
        """One row of class probabilities (in `classes` order) per feature dict."""
        if not rows:
            return np.zeros((0, len(self.classes)))
        x = np.array([[row.get(name, 0.0) for name in self.features] for row in rows], dtype=float)
        z = (x - np.array(self.mean)) / np.array(self.scale)
        logits = z @ np.array(self.coef).T + np.array(self.intercept)
        if logits.shape[1] == 1:  # binary: the one column is the second class's log-odds
            logits = np.hstack([np.zeros_like(logits), logits])
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, rows: list[dict[str, float]]) -> list[str]:
        return [self.classes[k] for k in self.probabilities(rows).argmax(axis=1)] if rows else []


@dataclass(frozen=True)
class StructureModel:
    """The models of one file, and the file's fingerprint (recorded in the store's manifest): block roles on
    a printed page, block roles in a layout without geometry (plain text, Word, HTML), quoted spans."""

    blocks: LinearModel
    plain_blocks: LinearModel
    quote_spans: LinearModel
    fingerprint: str = ""

    @classmethod
    def from_dict(cls, data: dict, fingerprint: str = "") -> "StructureModel":
        return cls(LinearModel.from_dict(data["blocks"]), LinearModel.from_dict(data["plain_blocks"]),
                   LinearModel.from_dict(data["quote_spans"]), fingerprint)

    def block_roles(self, geometry: bool) -> LinearModel:
        return self.blocks if geometry else self.plain_blocks


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> StructureModel:
    data = path.read_bytes()
    return StructureModel.from_dict(json.loads(data), hashlib.sha256(data).hexdigest()[:12])
