"""Fit the rules-only model (``nlp/models/rules/config.json``) on the labelled ads.

``python -m nlp.rules_fit`` runs the rule pipeline over ``data/labelled``,
fits an L2 logistic regression on ``indicator_features`` (scikit-learn, only
here, never at scoring time) and writes coefficients, bias and thresholds.
Thresholds: ``high`` is the lowest probability where precision on the
labelled set reaches 0.9, ``medium`` where recall of deceptive ads reaches
0.9 (these are balanced-set figures; at real prevalence precision is lower).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nlp.features import INDICATOR_NAMES, indicator_features

OUT = Path(__file__).parent / "models" / "rules" / "config.json"
VERSION = "rules-1"
#: Lower bounds on coefficients (per unit of feature, i.e. of indicator weight)
#: for indicators that mean deception on their own in real ads, whatever their
#: co-occurrence in the small labelled set: a lone "pay the registration fee"
#: or "webcam" ad must not score low because training ads also had WhatsApp.
PRIOR_FLOOR = {"upfront_fee_or_debt": 2.5, "adult_industry": 2.5, "secrecy_or_isolation": 2.0,
               "document_request": 1.5, "vague_job": 1.5, "high_pay_low_skill": 1.5, "minors_ok": 1.0}


def fit(records: list[dict], c: float = 0.5) -> dict:
    """Config dict (kind, version, bias, coef, thresholds) fitted on ``records``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from nlp.scorer import Scorer

    scorer = Scorer.load(Path(__file__).parent / "models" / "rules")
    X = np.array([indicator_features(scorer.analyse(r)[2]) for r in records])
    y = np.array([r["label"] for r in records])
    clf = LogisticRegression(C=c, max_iter=2000).fit(X, y)
    coef = np.array([max(w, PRIOR_FLOOR.get(n, 0.0)) for n, w in zip(INDICATOR_NAMES, clf.coef_[0])])
    p = 1 / (1 + np.exp(-(X @ coef + clf.intercept_[0])))
    order = np.argsort(-p)
    high = medium = 0.5
    tp = 0
    for rank, i in enumerate(order, 1):
        tp += y[i]
        if tp / rank >= 0.9:
            high = float(p[i])
        if tp >= 0.9 * y.sum() and medium == 0.5:
            medium = float(p[i])
    return {"kind": "rules", "version": VERSION, "bias": float(clf.intercept_[0]),
            "coef": {n: round(float(w), 4) for n, w in zip(INDICATOR_NAMES, coef)},
            "thresholds": {"medium": round(min(medium, high - 0.05), 3), "high": round(max(high, 0.6), 3)},
            "trained_on": f"{len(records)} labelled ads (data/labelled), C={c}"}


def main() -> None:  # pragma: no cover
    """Fit and write the config."""
    from nlp.evaluate import load_labelled

    config = fit(load_labelled())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(config, indent=1) + "\n")
    print(json.dumps(config, indent=1))
    sys.stdout.flush()


if __name__ == "__main__":  # pragma: no cover
    main()
