"""The cascade: a cheap gate settles the clear cases, the sentence encoders see only the uncertain band.

Most of ``score_batch``'s time goes into the two frozen encoders (MiniLM, USE); the
spaCy rules and the TF-IDF base cost a fraction of it and already separate most ads.
So a ``combo`` model also holds a *gate*: the same calibrated logistic head, fitted on
the same out-of-fold base scores, without the encoder columns (TF-IDF score +
indicators). At scoring time the gate scores every ad; an ad whose gate probability
lies outside the band ``[lo, hi]`` keeps it, and only the ads inside are embedded and
scored by the full head.

The band is chosen at fit time on cross-validated gate probabilities of the training
rows (the base scores are already out of fold): below ``lo`` lie at most
``max_recall_cost`` of the training lures, above ``hi`` at most ``max_false_alarm`` of
the legitimate ads. Both are settings (``TrainingArguments.cascade_max_recall_cost``,
``cascade_max_false_alarm``); the outer CV and the real leave-one-source-out evaluation
refit gate and band inside every fold, so their numbers include what the cascade costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from nlp.model.metrics import prevalence_weights

@dataclass
class Band:
    """The gate probabilities ``[lo, hi]`` whose ads go on to the encoders, and what the choice measured."""

    lo: float
    hi: float
    share: float = 1.0  # expected share of ads embedded at the deployment prevalence (training rows)
    share_rows: float = 1.0  # share of the training rows embedded
    recall_cost: float = 0.0  # share of training lures settled below the band (their gate score kept)
    pr_auc: float = 0.0  # cascade PR-AUC at the prevalence (cross-validated, training rows)
    pr_auc_full: float = 0.0  # full head's, same rows

    def as_dict(self) -> dict:
        return {k: float(v) for k, v in self.__dict__.items()}


def head_estimator(c: float, seed: int, folds: int) -> CalibratedClassifierCV:
    """The calibrated logistic head of ``StackedClassifier`` (the gate is the same estimator on fewer columns)."""
    cal_cv = StratifiedKFold(n_splits=max(2, folds), shuffle=True, random_state=seed + 1)
    return CalibratedClassifierCV(LogisticRegression(C=c, max_iter=2000, random_state=seed), cv=cal_cv,
                                  method="sigmoid", ensemble=False)


def cv_proba(H: np.ndarray, y: np.ndarray, w: np.ndarray, c: float, seed: int, folds: int) -> np.ndarray:
    """Cross-validated probabilities of the head on ``H`` (its columns are out-of-fold base scores already)."""
    cv = StratifiedKFold(n_splits=max(2, folds), shuffle=True, random_state=seed + 2)
    return cross_val_predict(head_estimator(c, seed, folds), H, y, cv=cv, method="predict_proba",
                             params={"sample_weight": w})[:, 1]


def merge(gate: np.ndarray, full: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Cascade scores: the full head's inside ``[lo, hi]``, the gate's outside."""
    inside = (gate >= lo) & (gate <= hi)
    return np.where(inside, full, gate)


def weighted_quantile(values: np.ndarray, q: float, weights: np.ndarray) -> float:
    """The ``q`` quantile of ``values`` with each row counting ``weights`` times (lower value at ties)."""
    order = np.argsort(values, kind="stable")
    v, cw = values[order], np.cumsum(weights[order])
    return float(v[min(len(v) - 1, int(np.searchsorted(cw, q * cw[-1], side="left")))])


def choose_band(gate: np.ndarray, full: np.ndarray, y: np.ndarray, w: np.ndarray | None = None, *,
                prevalence: float = 0.02, max_recall_cost: float = 0.01, max_false_alarm: float = 0.005) -> Band:
    """The band outside which the gate may settle an ad: ``lo`` below at most ``max_recall_cost`` of the
    lures (their low gate score kept), ``hi`` above at most ``max_false_alarm`` of the legitimate ads.

    ``gate`` and ``full`` are cross-validated probabilities of the training rows, ``w`` their sample
    weights. Two quantiles rather than a search for the narrowest band that keeps PR-AUC on the
    training rows: that search picked bands which held in sample and lost 0.014 PR-AUC out of
    fold (BENCHMARKS.md, "Cascade"), while these bounds say to an investigator what the gate may cost.
    """
    y = np.asarray(y)
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=float)
    pos, neg = y == 1, y == 0
    lo = weighted_quantile(gate[pos], max_recall_cost, w[pos]) if max_recall_cost > 0 else 0.0
    hi = weighted_quantile(gate[neg], 1 - max_false_alarm, w[neg]) if max_false_alarm > 0 else 1.0
    hi = max(hi, lo)
    inside = (gate >= lo) & (gate <= hi)
    wp = w * prevalence_weights(y, prevalence)
    cascade = merge(gate, full, lo, hi)
    return Band(lo, hi, share=float(wp[inside].sum() / wp.sum()), share_rows=float(inside.mean()),
                recall_cost=float(w[pos & (gate < lo)].sum() / max(w[pos].sum(), 1e-12)),
                pr_auc=float(average_precision_score(y, cascade, sample_weight=wp)),
                pr_auc_full=float(average_precision_score(y, full, sample_weight=wp)))
