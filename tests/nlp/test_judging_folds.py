"""The folds both default-model evaluations use: grouped CV of our files, then the real corpus by source."""

from __future__ import annotations

import numpy as np

from nlp.model.data import Example
from nlp.model.realeval import judging_folds


def test_every_row_is_tested_once_and_real_rows_train_at_their_weight():
    y_ours = np.array([0, 1] * 10)
    groups = np.repeat(np.arange(10), 2)  # pairs stay together
    real = [Example(f"r{i}", "texto", i % 3 == 0, origin=f"board{i % 2}") for i in range(6)] + [
        Example("q1", "mensaje", 1, origin="outlet-a")]
    folds = judging_folds(y_ours, groups, real, real_weight=0.2, k=5)
    assert len(folds) == 5 + 2  # two boards; the lure-only outlet joins one of their folds
    tested = np.concatenate([te for _, te, _ in folds])
    assert sorted(tested.tolist()) == list(range(20 + 7))
    for tr, te, w in folds[:5]:
        assert not set(tr) & set(te) and len(w) == len(tr)
        assert set(groups[te]).isdisjoint(groups[tr[tr < 20]])  # a group never straddles
        assert np.all(w[tr >= 20] == 0.2) and np.all(w[tr < 20] == 1.0) and set(range(20, 27)) <= set(tr)
    for tr, te, w in folds[5:]:
        assert np.all(te >= 20) and set(range(20)) <= set(tr) and not set(tr) & set(te)
        assert len({real[i - 20].origin for i in te if real[i - 20].label == 0}) == 1  # one board held out
