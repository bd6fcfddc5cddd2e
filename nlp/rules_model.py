"""The rules-only model: a logistic combination of indicator features.

Implements the model plug-in contract (``version``, ``thresholds``,
``predict_proba``) without torch: p = sigmoid(bias + sum w_i * x_i) over
``indicator_features`` (max weight per indicator, fixed ``INDICATOR_NAMES``
order). Coefficients and thresholds live in the model's ``config.json``
(``kind: "rules"``), fitted on the labelled ads by ``nlp.rules_fit``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from nlp.features import INDICATOR_NAMES, indicator_features
from nlp.types import Indicator


class RulesModel:
    """Logistic model over indicator features; pure Python, loads in microseconds."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.version: str = config.get("version", "rules-1")
        self.thresholds: dict[str, float] = dict(config.get("thresholds", {"medium": 0.4, "high": 0.75}))
        coef = config.get("coef", {})
        self.bias: float = float(config.get("bias", -2.0))
        self.coef = [float(coef.get(name, 0.0)) for name in INDICATOR_NAMES]
        self.config = config

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str],
                      indicators: Sequence[list[Indicator]]) -> list[float]:
        """Calibrated probability of deceptive recruitment for each ad."""
        return [self._proba(inds) for inds in indicators]

    def _proba(self, inds: list[Indicator]) -> float:
        x = indicator_features(inds)
        z = self.bias + sum(w * v for w, v in zip(self.coef, x))
        return 1.0 / (1.0 + math.exp(-z))
