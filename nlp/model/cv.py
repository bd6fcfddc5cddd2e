"""Grouped, stratified cross-validation producing out-of-fold probabilities.

There is no separate test set, so every reported number comes from k-fold CV
with fixed seeds: rows sharing a group (EMSCAD postings of one company,
variants of one message) stay on one side of each split.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

from nlp.model.classifier import StackedClassifier


def grouped_folds(y, groups, k: int = 5, seed: int = 13):
    """Train/test index pairs of a stratified, grouped k-fold split."""
    y = np.asarray(y)
    n_groups = len(set(np.asarray(groups).tolist()))
    if n_groups < 2:
        from anzuelo.errors import InputError

        raise InputError("every row is a near-duplicate of the others (one CV group): nothing to cross-validate on",
                         "add rows that are not variants of one template")
    k = min(k, n_groups)  # near-duplicate merging can leave fewer groups than folds
    return list(StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y, groups))


def _sub(seq, idx):
    if seq is None:
        return None
    if isinstance(seq, dict):  # embeddings of several encoders
        return {k: v[idx] for k, v in seq.items()}
    return seq[idx] if isinstance(seq, np.ndarray) else [seq[i] for i in idx]


def oof_proba(kind: str, texts: Sequence[str], y, groups, *, emb=None, indicators=None, names=(), k: int = 5,
              seed: int = 13, extra_train: dict | None = None, test_mask=None,
              encoders: Sequence[str] = ("minilm",), cascade: dict | None = None) -> np.ndarray:
    """Out-of-fold probabilities of a ``kind`` classifier for every row (NaN outside ``test_mask``).

    ``extra_train`` (keys texts, y, emb, indicators, and optionally weight: one sample
    weight for all its rows) is added to every training fold but never tested on: e.g.
    the real corpus when measuring our own files. ``test_mask`` restricts which rows are scored.
    ``cascade`` (``nlp.model.cascade``) fits a gate and band in every fold, so the numbers include its cost.
    """
    y = np.asarray(y)
    out = np.full(len(y), np.nan)
    for tr, te in grouped_folds(y, groups, k, seed):
        if test_mask is not None:
            te = te[np.asarray(test_mask)[te]]
        t_tr, y_tr, e_tr, i_tr = _sub(list(texts), tr), y[tr], _sub(emb, tr), _sub(indicators, tr)
        w_tr = np.ones(len(tr))
        if extra_train:
            w_tr = np.concatenate([w_tr, np.full(len(extra_train["y"]), float(extra_train.get("weight", 1.0)))])
            t_tr = t_tr + list(extra_train["texts"])
            y_tr = np.concatenate([y_tr, extra_train["y"]])
            if isinstance(e_tr, dict):
                e_tr = {k: np.vstack([v, extra_train["emb"][k]]) for k, v in e_tr.items()}
            elif e_tr is not None:
                e_tr = np.vstack([e_tr, extra_train["emb"]])
            i_tr = None if i_tr is None else i_tr + list(extra_train["indicators"])
        g_tr = [str(groups[i]) for i in tr] + [f"extra-{i}" for i in range(len(y_tr) - len(tr))]
        clf = StackedClassifier(kind, seed=seed, indicator_names=names, encoders=encoders, cascade=cascade).fit(
            t_tr, y_tr, e_tr, i_tr, sample_weight=w_tr, groups=g_tr)
        out[te] = clf.predict_proba(_sub(list(texts), te), _sub(emb, te), _sub(indicators, te))
    return out
