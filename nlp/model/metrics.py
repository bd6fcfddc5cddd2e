"""Metrics of a probabilistic classifier, on the balanced set and at a realistic prevalence.

Prevalence weighting: deceptive ads keep weight 1 and legitimate ads get
``w = (n_pos / n_neg) * (1 - p) / p`` so that deceptive ads are a fraction
``p`` (e.g. 2%) of the weighted population. Precision and PR-AUC then read as
they would in a crawl where 2% of ads are lures; ROC-AUC does not change.
For calibration at prevalence ``p`` the probabilities are first moved to that
prior (Bayes odds correction, ``prior_shift``), as a deployment would.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score


def prevalence_weights(y, prevalence: float | None) -> np.ndarray:
    """Sample weights making positives ``prevalence`` of the total (ones if None)."""
    y = np.asarray(y)
    w = np.ones(len(y), dtype=float)
    if prevalence is None:
        return w
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    if n_pos and n_neg:
        w[y == 0] = (n_pos / n_neg) * (1 - prevalence) / prevalence
    return w


def prior_shift(p, from_prior: float, to_prior: float) -> np.ndarray:
    """Move probabilities calibrated at ``from_prior`` to a population with ``to_prior``."""
    p = np.clip(np.asarray(p, dtype=float), 1e-9, 1 - 1e-9)
    ratio = (to_prior / (1 - to_prior)) / (from_prior / (1 - from_prior))
    odds = p / (1 - p) * ratio
    return odds / (1 + odds)


def expected_calibration_error(y, p, weights=None, bins: int = 10) -> float:
    """ECE over ``bins`` equal-width bins: sum of bin weight share x |frequency - mean prob|."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    w = np.ones_like(p) if weights is None else np.asarray(weights, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)  # p == 1.0 falls in the last bin
    total, ece = w.sum(), 0.0
    for b in range(bins):
        m = idx == b
        if w[m].sum() > 0:
            wb = w[m]
            ece += wb.sum() / total * abs(np.average(y[m], weights=wb) - np.average(p[m], weights=wb))
    return float(ece)


def precision_at_recall(y, p, recall: float = 0.8, weights=None) -> float:
    """Best (weighted) precision among thresholds whose recall is at least ``recall``."""
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    pos_total = w[y == 1].sum()
    if pos_total == 0:
        return float("nan")
    best = 0.0
    for t in np.unique(p):
        sel = p >= t
        tp, fp = w[sel & (y == 1)].sum(), w[sel & (y == 0)].sum()
        if tp / pos_total >= recall - 1e-12:
            best = max(best, tp / (tp + fp))
    return float(best)


def threshold_for_precision(y, p, precision: float, weights=None) -> float | None:
    """Lowest threshold whose (weighted) precision reaches ``precision``; None if none does."""
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    for t in np.unique(p):  # ascending: the first hit keeps the most recall
        sel = p >= t
        tp, fp = w[sel & (y == 1)].sum(), w[sel & (y == 0)].sum()
        if tp > 0 and tp / (tp + fp) >= precision:
            return float(t)
    return None


def binary_metrics(y, p, *, prevalence: float | None = None, train_prior: float | None = None) -> dict[str, float]:
    """PR-AUC, precision at 80% recall, ROC-AUC and ECE (10 bins) of ``p`` against ``y``.

    With ``prevalence`` the legitimate ads are re-weighted (see module doc) and
    the ECE is computed on probabilities shifted from ``train_prior`` to it.
    """
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    if len(set(y.tolist())) < 2:
        return {"n": int(len(y)), "pr_auc": float("nan"), "p_at_r80": float("nan"),
                "roc_auc": float("nan"), "ece": float("nan")}
    w = prevalence_weights(y, prevalence)
    pc = prior_shift(p, train_prior, prevalence) if prevalence and train_prior else p
    return {
        "n": int(len(y)),
        "pr_auc": float(average_precision_score(y, p, sample_weight=w)),
        "p_at_r80": precision_at_recall(y, p, 0.8, w),
        "roc_auc": float(roc_auc_score(y, p)),
        "ece": expected_calibration_error(y, pc, w),
    }


def report(y, p, langs=None, *, prevalences=(None, 0.02), train_prior: float | None = None) -> dict[str, float]:
    """Flat metrics dict (setfit style): ``{scope}_{prev}_{metric}`` for all and per language.

    ``scope`` is ``all`` or a language code, ``prev`` is ``bal`` (as sampled)
    or ``p2`` (2% prevalence), e.g. ``es_p2_pr_auc``.
    """
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    langs = np.asarray(langs if langs is not None else ["und"] * len(y))
    out: dict[str, float] = {}
    scopes = ["all"] + sorted(set(langs.tolist())) if len(set(langs.tolist())) > 1 else ["all"]
    for scope in scopes:
        m = np.ones(len(y), bool) if scope == "all" else langs == scope
        for prev in prevalences:
            tag = "bal" if prev is None else f"p{round(prev * 100):g}"
            for k, v in binary_metrics(y[m], p[m], prevalence=prev, train_prior=train_prior).items():
                if k == "n" and prev is not None:
                    continue
                out[f"{scope}_{k}" if k == "n" else f"{scope}_{tag}_{k}"] = v
    return out
